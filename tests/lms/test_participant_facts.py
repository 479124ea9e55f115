"""One statement reads a participant's facts as the ORM reads them, on either database."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.models import Attendance, Completion, ModuleProgress
from lms.participant_facts import participant_facts
from tests.factories import ModulePageFactory, UserFactory
from tests.factories.scheduling import RoundFactory, SessionFactory


def orm_facts(person) -> tuple:
    """The same facts read with the ORM, as Min kurs read them before."""
    return (
        dict(
            ModuleProgress.objects.filter(participant=person).values_list(
                "module_id", "completed_at"
            )
        ),
        set(
            Attendance.objects.filter(participant=person, attended=True).values_list(
                "session_id", flat=True
            )
        ),
        dict(Completion.objects.filter(participant=person).values_list("round_id", "completed_at")),
    )


@pytest.mark.django_db
def test_the_facts_are_the_orms_and_the_participants_own(course_tree):
    person, other = UserFactory(), UserFactory()
    done, started, untouched = (ModulePageFactory(parent=course_tree["course"]) for _ in range(3))
    moment = datetime(2023, 3, 15, 9, 30, 12, 345678, tzinfo=UTC)
    ModuleProgress.objects.create(
        participant=person, module=done, started_at=moment, completed_at=moment
    )
    ModuleProgress.objects.create(participant=person, module=started, started_at=moment)
    ModuleProgress.objects.create(
        participant=other, module=untouched, started_at=moment, completed_at=moment
    )
    present, absent, elsewhere = SessionFactory(), SessionFactory(), SessionFactory()
    Attendance.objects.create(
        participant=person, session=present, attended=True, recorded_at=moment
    )
    Attendance.objects.create(
        participant=person, session=absent, attended=False, recorded_at=moment
    )
    Attendance.objects.create(
        participant=other, session=elsewhere, attended=True, recorded_at=moment
    )
    first, second = RoundFactory(), RoundFactory()
    for number, (who, course_round) in enumerate(
        [(person, first), (person, second), (other, first)]
    ):
        Completion.objects.create(
            participant=who,
            round=course_round,
            completed_at=moment,
            verification_code=f"K-{number}",
        )

    with CaptureQueriesContext(connection) as queries:
        facts = participant_facts(person.pk)

    assert len(queries) == 1
    assert (facts.progress, facts.attended_session_ids, facts.completed_at) == orm_facts(person)
    assert facts.progress == {done.pk: moment, started.pk: None}
    assert facts.attended_session_ids == {present.pk}
    assert facts.completed_at == {first.pk: moment, second.pk: moment}
    assert facts.completed_at[first.pk].utcoffset().total_seconds() == 0


@pytest.mark.django_db
def test_someone_who_has_done_nothing_has_no_facts():
    facts = participant_facts(UserFactory().pk)
    assert (facts.progress, facts.attended_session_ids, facts.completed_at) == ({}, set(), {})
