"""Queue calendar invitations in the same transaction as the change they announce."""

from collections.abc import Iterable

from django.db import transaction

from ..models import Enrolment, EnrolmentStatus, Invitation, Session, SessionStatus


def _queue(pairs: Iterable[tuple[int, int]], method: str) -> None:
    invitations = Invitation.objects.bulk_create(
        Invitation(participant_id=participant_id, session_id=session_id, method=method)
        for participant_id, session_id in pairs
    )
    ids = [invitation.pk for invitation in invitations]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))


def _enqueue(ids: list[int]) -> None:
    from ..tasks import deliver_invitation

    for invitation_id in ids:
        deliver_invitation.enqueue(invitation_id)


def invitations_for_participant(*, participant_id: int, cohort_id: int, method: str) -> None:
    """Invite a participant to (or cancel for them) every scheduled session of a cohort."""
    session_ids = Session.objects.filter(
        cohort_id=cohort_id, status=SessionStatus.SCHEDULED
    ).values_list("pk", flat=True)
    _queue(((participant_id, session_id) for session_id in session_ids), method)


def invitations_for_sessions(*, session_ids: Iterable[int], method: str) -> None:
    """Send everyone holding a place in the sessions' cohorts the session's new state."""
    sessions = Session.objects.filter(pk__in=list(session_ids)).values_list("pk", "cohort_id")
    by_cohort: dict[int, list[int]] = {}
    for session_id, cohort_id in sessions:
        by_cohort.setdefault(cohort_id, []).append(session_id)
    enrolled = Enrolment.objects.filter(
        cohort_id__in=by_cohort, status=EnrolmentStatus.ENROLLED
    ).values_list("participant_id", "cohort_id")
    pairs = (
        (participant_id, session_id)
        for participant_id, cohort_id in enrolled
        for session_id in by_cohort[cohort_id]
    )
    _queue(pairs, method)
