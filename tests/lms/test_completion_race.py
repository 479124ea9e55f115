"""The last two required modules completed at the same moment: the completion is never lost."""

import pytest
from django.db import connection

from lms.models import Completion
from lms.services import attendance_record, progress_complete
from scheduling.services import enrolment_create
from tests.factories import UserFactory
from tests.races import errors_of, race

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL"
)

TRIALS = 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_last_two_modules_at_once_complete_the_course(modules, cohort):
    cohort.round.required_sessions_attended = 0
    cohort.round.save()
    cohort.capacity = TRIALS
    cohort.save()
    first, second = modules[:2]
    municipality = cohort.county.municipalities.get()
    lost = 0
    for trial in range(TRIALS):
        person = UserFactory(email=f"deltagare{trial}@example.com", municipality=municipality)
        enrolment_create(participant=person, cohort=cohort)
        errors = errors_of(
            race(
                lambda person=person: progress_complete(user=person, module=first),
                lambda person=person: progress_complete(user=person, module=second),
            )
        )
        assert errors == []
        lost += not Completion.objects.filter(participant=person).exists()
    assert lost == 0, f"{lost} of {TRIALS} completions lost"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_last_module_and_the_attendance_at_once_complete_the_course(modules, cohort):
    cohort.capacity = TRIALS
    cohort.save()
    first, second = modules[:2]
    municipality = cohort.county.municipalities.get()
    session = cohort.sessions.first()
    lost = 0
    for trial in range(TRIALS):
        person = UserFactory(email=f"deltagare{trial}@example.com", municipality=municipality)
        enrolment_create(participant=person, cohort=cohort)
        progress_complete(user=person, module=first)
        errors = errors_of(
            race(
                lambda person=person: progress_complete(user=person, module=second),
                lambda person=person: attendance_record(
                    session=session, attended_ids=[person.pk], recorded_by=None
                ),
            )
        )
        assert errors == []
        lost += not Completion.objects.filter(participant=person).exists()
    assert lost == 0, f"{lost} of {TRIALS} completions lost"
