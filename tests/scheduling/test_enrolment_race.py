"""Two people can never take the last place at once: real threads racing on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from scheduling.models import EnrolmentStatus
from scheduling.services import enrolment_create
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import CohortFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL"
)

RACERS = 12


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_enrolments_fill_the_capacity_exactly():
    county = CountyFactory(code="07")
    municipality = MunicipalityFactory(county=county, code="0780")
    cohort = CohortFactory(county=county, capacity=3)
    people = [UserFactory(municipality=municipality) for _ in range(RACERS)]
    start = threading.Barrier(RACERS)
    results, errors = [], []

    def enrol(person):
        try:
            start.wait()
            results.append(enrolment_create(participant=person, cohort=cohort).status)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results).count(EnrolmentStatus.ENROLLED) == 3
    assert cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() == 3
    assert cohort.enrolments.filter(status=EnrolmentStatus.WAITLISTED).count() == RACERS - 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_person_twice_at_once_gets_one_enrolment():
    county = CountyFactory(code="07")
    municipality = MunicipalityFactory(county=county, code="0780")
    cohort = CohortFactory(county=county, capacity=3)
    other = CohortFactory(county=county, capacity=3, round=cohort.round)
    person = UserFactory(municipality=municipality)
    start = threading.Barrier(2)
    outcomes = []

    def enrol(target):
        try:
            start.wait()
            enrolment_create(participant=person, cohort=target)
            outcomes.append("ok")
        except Exception as error:  # noqa: BLE001
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(c,)) for c in (cohort, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["EnrolmentError", "ok"]
    assert person.enrolments.count() == 1
