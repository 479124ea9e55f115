"""Republishing a round's plan while a county enrols someone: one of them wins, cleanly."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from scheduling.models import Cohort, Enrolment
from scheduling.planner import Plan, PlannedCohort, PlannedSession
from scheduling.services import EnrolmentError, PlanPublishError, enrolment_create, plan_publish
from tests.factories import UserFactory
from tests.factories.scheduling import RoundFactory
from tests.races import race

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL"
)

TRIALS = 30


def planned(county_code: str, name: str) -> PlannedCohort:
    first = datetime(2022, 3, 1, 8, 0, tzinfo=UTC)
    sessions = tuple(
        PlannedSession(
            number=n + 1,
            start=first + timedelta(weeks=4 * n),
            end=first + timedelta(weeks=4 * n, hours=3),
        )
        for n in range(3)
    )
    return PlannedCohort(county_code, (), name, 20, ((county_code, 20),), sessions)


PLAN = Plan(
    cohorts=(planned("07", "Kronoberg 1"), planned("07", "Kronoberg 2"), planned("14", "VG 1")),
    counties=(),
    feasible=True,
    problems=(),
    max_running_at_once=3,
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_republishing_while_a_county_enrols_never_deadlocks(counties):
    municipality = counties["07"].municipalities.get()
    failed = []
    for trial in range(TRIALS):
        course_round = RoundFactory()
        plan_publish(round=course_round, plan=PLAN)
        cohort = Cohort.objects.get(round=course_round, plan_key="07-2")
        person = UserFactory(email=f"deltagare{trial}@example.com", municipality=municipality)

        published, enrolled = race(
            lambda course_round=course_round: plan_publish(round=course_round, plan=PLAN),
            lambda cohort=cohort, person=person: enrolment_create(
                participant=person, cohort=cohort
            ),
        )

        expected = (list, Enrolment, PlanPublishError, EnrolmentError)
        if not all(isinstance(outcome, expected) for outcome in (published, enrolled)):
            failed.append((published, enrolled))  # a deadlock, a server error for the loser
            continue
        if isinstance(enrolled, Enrolment):  # the county was first: the plan stays as it was
            assert isinstance(published, PlanPublishError), published
            assert "tagit in deltagare i 1 grupper (Kronoberg 2)" in str(published)
            assert Cohort.objects.filter(pk=cohort.pk).exists()
        else:  # the plan was first: the old cohort is gone and the county is told so
            assert isinstance(enrolled, EnrolmentError), enrolled
            assert "Gruppen finns inte längre" in str(enrolled)
            assert isinstance(published, list) and len(published) == 3
            assert not Cohort.objects.filter(pk=cohort.pk).exists()
            assert not Enrolment.objects.filter(participant=person).exists()
        assert Cohort.objects.filter(round=course_round).count() == 3
    assert failed == [], f"{len(failed)} of {TRIALS} trials failed"
