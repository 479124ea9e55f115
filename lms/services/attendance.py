"""Attendance: who attended a session, recorded in one go by a trainer or coordinator."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from scheduling.audit import audit, session_label
from scheduling.models import Enrolment, EnrolmentStatus, Session

from ..models import Attendance
from ..stats.snapshots import figures_changed
from .completion import completion_check


class AttendanceError(ValueError):
    """Attendance for someone who holds no place in the session's cohort."""


@transaction.atomic
def attendance_record(*, session: Session, attended_ids: Iterable[int], recorded_by) -> dict:
    """Set attended/absent for every participant with a place in the session's cohort.

    `attended_ids` are the participants present; everyone else enrolled is recorded absent.
    Returns how many were recorded present and absent. Completion is checked for each. The
    recording is logged once, on the session, with the counts and not the names.
    """
    # One recording of a session at a time: two coordinators saving at once cannot interleave.
    session = Session.objects.select_for_update().select_related("cohort__round").get(pk=session.pk)
    participants = {
        enrolment.participant_id: enrolment.participant
        for enrolment in Enrolment.objects.filter(
            cohort_id=session.cohort_id, status=EnrolmentStatus.ENROLLED
        ).select_related("participant")
    }
    present = {int(pk) for pk in attended_ids}
    unknown = present - participants.keys()
    if unknown:
        raise AttendanceError(f"Not enrolled in the cohort: {sorted(unknown)}")
    now = timezone.now()
    for participant_id in participants:
        Attendance.objects.update_or_create(
            session=session,
            participant_id=participant_id,
            defaults={
                "attended": participant_id in present,
                "recorded_by": recorded_by,
                "recorded_at": now,
            },
        )
    figures_changed()
    round = session.cohort.round
    # Each check locks the participant's row; in id order, two recordings cannot deadlock.
    for participant_id in sorted(present):
        completion_check(participant=participants[participant_id], round=round)
    result = {"present": len(present), "absent": len(participants) - len(present)}
    audit(
        session,
        "lms.attendance.record",
        by=recorded_by,
        cohort=session.cohort,
        county_id=session.cohort.county_id,
        title=session_label(session),
        session=session.pk,
        **result,
    )
    return result
