"""Enrolment: capacity, waitlist in order, one enrolment per round, the cohort's counties only."""

import pytest

from scheduling.models import EnrolmentStatus
from scheduling.services import EnrolmentError, enrolment_cancel, enrolment_create
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import CohortFactory


@pytest.fixture
def county(db):
    return CountyFactory(code="07", name="Kronobergs län")


def participant_in(county, n=0):
    municipality = MunicipalityFactory(county=county, code=f"{county.code}{80 + n % 20:02d}")
    return UserFactory(municipality=municipality)


@pytest.mark.django_db
def test_places_then_waitlist_then_moving_up_in_order(county):
    cohort = CohortFactory(county=county, capacity=2)
    people = [participant_in(county, n) for n in range(4)]
    enrolments = [enrolment_create(participant=p, cohort=cohort) for p in people]
    assert [e.status for e in enrolments] == ["enrolled", "enrolled", "waitlisted", "waitlisted"]

    promoted = enrolment_cancel(enrolment=enrolments[0])
    assert promoted.pk == enrolments[2].pk
    statuses = {e.pk: e.status for e in cohort.enrolments.all()}
    assert statuses[enrolments[0].pk] == EnrolmentStatus.CANCELLED
    assert statuses[enrolments[2].pk] == EnrolmentStatus.ENROLLED
    assert statuses[enrolments[3].pk] == EnrolmentStatus.WAITLISTED


@pytest.mark.django_db
def test_cancelling_a_waitlisted_place_moves_nobody(county):
    cohort = CohortFactory(county=county, capacity=1)
    first = enrolment_create(participant=participant_in(county, 1), cohort=cohort)
    waiting = enrolment_create(participant=participant_in(county, 2), cohort=cohort)
    assert enrolment_cancel(enrolment=waiting) is None
    first.refresh_from_db()
    assert first.status == EnrolmentStatus.ENROLLED
    assert enrolment_cancel(enrolment=waiting) is None  # twice is harmless


@pytest.mark.django_db
def test_one_enrolment_per_participant_and_round(county):
    cohort = CohortFactory(county=county)
    other = CohortFactory(county=county, round=cohort.round)
    person = participant_in(county)
    enrolment = enrolment_create(participant=person, cohort=cohort)
    with pytest.raises(EnrolmentError, match="redan anmäld"):
        enrolment_create(participant=person, cohort=other)
    enrolment_cancel(enrolment=enrolment)
    assert enrolment_create(participant=person, cohort=other).status == EnrolmentStatus.ENROLLED


@pytest.mark.django_db
def test_only_participants_from_the_cohorts_counties(county):
    gotland = CountyFactory(code="09", name="Gotlands län")
    cohort = CohortFactory(county=county)
    outsider = participant_in(gotland)
    with pytest.raises(EnrolmentError, match="ligger inte i något av gruppens län"):
        enrolment_create(participant=outsider, cohort=cohort)
    shared = CohortFactory(county=county, guest_counties=[gotland])
    assert enrolment_create(participant=outsider, cohort=shared).status == EnrolmentStatus.ENROLLED


@pytest.mark.django_db
def test_staff_without_municipality_and_cancelled_cohorts_are_refused(county):
    with pytest.raises(EnrolmentError, match="ingen kommun"):
        enrolment_create(participant=UserFactory(), cohort=CohortFactory(county=county))
    with pytest.raises(EnrolmentError, match="tar inte emot anmälningar"):
        enrolment_create(
            participant=participant_in(county),
            cohort=CohortFactory(county=county, status="cancelled"),
        )
