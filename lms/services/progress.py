"""Module progress: one row per participant and module, safe against concurrent requests."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import ModuleProgress
from ..stats.snapshots import figures_changed
from .completion import completions_check_for_module


def _get_or_create(participant, module) -> ModuleProgress:
    """The participant's row for the module, created if missing, whoever else is creating it.

    A concurrent request may insert the same row between our look-up and our insert; the unique
    constraint then refuses ours and we read theirs.
    """
    try:
        with transaction.atomic():
            progress, created = ModuleProgress.objects.get_or_create(
                participant=participant, module=module, defaults={"started_at": timezone.now()}
            )
            if created:
                figures_changed()
            return progress
    except IntegrityError:
        return ModuleProgress.objects.get(participant=participant, module=module)


def progress_start(*, user, module) -> ModuleProgress:
    """Record that the participant opened the module (the first time only)."""
    return _get_or_create(user, module)


def progress_complete(*, user, module) -> ModuleProgress:
    """Mark the module done (repeating changes nothing), then check whether the course is done."""
    progress = _get_or_create(user, module)
    with transaction.atomic():
        if ModuleProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
            completed_at=timezone.now()
        ):
            figures_changed()
        completions_check_for_module(participant=user, module=module)
    progress.refresh_from_db()
    return progress


def progress_undo(*, user, module) -> ModuleProgress:
    """Mark the module as not done again (a completed course stays completed)."""
    progress = _get_or_create(user, module)
    if ModuleProgress.objects.filter(pk=progress.pk, completed_at__isnull=False).update(
        completed_at=None
    ):
        figures_changed()
    progress.refresh_from_db()
    return progress
