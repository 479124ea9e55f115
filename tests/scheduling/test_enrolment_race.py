"""Two people can never take the last place at once: real threads racing on PostgreSQL."""

from functools import partial

import pytest

from scheduling.models import EnrolmentStatus
from scheduling.services import enrolment_create
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import CohortFactory
from tests.races import errors_of, postgresql_only, race

pytestmark = postgresql_only

RACERS = 12


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_enrolments_fill_the_capacity_exactly():
    county = CountyFactory(code="07")
    municipality = MunicipalityFactory(county=county, code="0780")
    cohort = CohortFactory(county=county, capacity=3)
    people = [UserFactory(municipality=municipality) for _ in range(RACERS)]

    outcomes = race(*(partial(enrolment_create, participant=p, cohort=cohort) for p in people))

    assert errors_of(outcomes) == []
    results = [enrolment.status for enrolment in outcomes]
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

    outcomes = race(
        *(
            partial(enrolment_create, participant=person, cohort=target)
            for target in (cohort, other)
        )
    )

    outcomes = [type(o).__name__ if isinstance(o, Exception) else "ok" for o in outcomes]
    assert sorted(outcomes) == ["EnrolmentError", "ok"]
    assert person.enrolments.count() == 1
