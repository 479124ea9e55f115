"""Queue calendar invitations for sessions in the same transaction as the change they announce."""

from collections.abc import Iterable

from calendars.services import invitations_queue

from ..calendar_source import SESSION_SOURCE
from ..models import Enrolment, EnrolmentStatus, Session, SessionStatus


def invitations_for_participant(*, participant_id: int, cohort_id: int, method: str) -> None:
    """Invite a participant to (or cancel for them) every scheduled session of a cohort."""
    session_ids = Session.objects.filter(
        cohort_id=cohort_id, status=SessionStatus.SCHEDULED
    ).values_list("pk", flat=True)
    invitations_queue(
        source=SESSION_SOURCE,
        pairs=((participant_id, session_id) for session_id in session_ids),
        method=method,
    )


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
    invitations_queue(source=SESSION_SOURCE, pairs=pairs, method=method)
