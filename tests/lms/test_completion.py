"""Completion: all required modules and enough sessions; recorded once, never taken back."""

from io import StringIO

import pytest
from django.core.management import call_command

from lms.models import Completion
from lms.services import attendance_record, progress_complete
from tests.factories import ModulePageFactory


def complete_required(participant, modules):
    for module in modules:
        if module.is_required:
            progress_complete(user=participant, module=module)


@pytest.mark.django_db
def test_the_rule_needs_required_modules_and_attendance(participant, modules, cohort):
    complete_required(participant, modules)
    assert not Completion.objects.exists()  # no session attended yet
    session = cohort.sessions.first()
    attendance_record(session=session, attended_ids=[participant.pk], recorded_by=None)
    completion = Completion.objects.get(participant=participant)
    assert completion.round == cohort.round
    assert len(completion.verification_code) == 14


@pytest.mark.django_db
def test_attendance_first_then_the_last_module_completes(participant, modules, cohort):
    attendance_record(
        session=cohort.sessions.first(), attended_ids=[participant.pk], recorded_by=None
    )
    progress_complete(user=participant, module=modules[0])
    assert not Completion.objects.exists()
    progress_complete(user=participant, module=modules[1])
    assert Completion.objects.filter(participant=participant).count() == 1


@pytest.mark.django_db
def test_the_date_stays_when_editors_add_a_module_and_when_progress_is_undone(
    participant, modules, cohort, course_tree
):
    attendance_record(
        session=cohort.sessions.first(), attended_ids=[participant.pk], recorded_by=None
    )
    complete_required(participant, modules)
    first = Completion.objects.get(participant=participant)
    ModulePageFactory(parent=course_tree["course"], title="Ny obligatorisk modul")
    progress_complete(user=participant, module=modules[0])
    assert Completion.objects.get(participant=participant) == first
    assert Completion.objects.get(participant=participant).completed_at == first.completed_at


@pytest.mark.django_db
def test_recompute_after_a_rule_change_reports_what_changed(participant, modules, cohort):
    complete_required(participant, modules)
    cohort.round.required_sessions_attended = 0
    cohort.round.save()
    out = StringIO()
    call_command(
        "recompute_completions", "--round", cohort.round.slug, stdout=out, stderr=StringIO()
    )
    assert "1 har nu slutfört kursen" in out.getvalue()
    assert "+ sara@example.com" in out.getvalue()
    cohort.round.required_sessions_attended = 2
    cohort.round.save()
    out = StringIO()
    call_command("recompute_completions", stdout=out, stderr=StringIO())
    assert "1 av dem uppfyller inte regeln längre" in out.getvalue()
    assert Completion.objects.count() == 1
