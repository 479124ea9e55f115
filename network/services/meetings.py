"""Network meetings: create, change, cancel, answers and attendance, with their invitations.

Every change of time, place or status raises the meeting's SEQUENCE and queues its calendar
messages in the same transaction: a REQUEST to members who answered ja or kanske when the
meeting moves, a CANCEL to them when it is cancelled, and to a member who says nej after ja.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from calendars.services import invitations_queue

from ..audit import audit_meeting
from ..calendar_source import MEETING_SOURCE
from ..models import (
    Answer,
    Meeting,
    MeetingAttendance,
    MeetingResponse,
    MeetingStatus,
    Membership,
    Network,
)

ATTENDING = (Answer.YES, Answer.MAYBE)
# What a calendar shows of a meeting: a change of any of these raises SEQUENCE.
CALENDAR_FIELDS = frozenset({"start", "end", "mode", "location", "online_url"})
EDITABLE_FIELDS = ("title", "start", "end", "mode", "location", "online_url", "agenda", "capacity")


class MeetingError(ValueError):
    """A meeting change that is not allowed; the message says why, in Swedish."""


def _attending_ids(meeting: Meeting) -> list[int]:
    return list(
        MeetingResponse.objects.filter(meeting=meeting, answer__in=ATTENDING).values_list(
            "member_id", flat=True
        )
    )


def meeting_create(
    *,
    network: Network,
    title: str,
    start: datetime,
    end: datetime,
    mode: str,
    location: str = "",
    online_url: str = "",
    agenda: str = "",
    capacity: int | None = None,
    documents=(),
    by=None,
) -> Meeting:
    """Create a network meeting; it reaches members' calendars when they answer.

    `by` is the coordinator who creates it, for the meeting's history (None: the system)."""
    with transaction.atomic():
        meeting = Meeting(
            network=network,
            title=title,
            start=start,
            end=end,
            mode=mode,
            location=location,
            online_url=online_url,
            agenda=agenda,
            capacity=capacity,
        )
        meeting.full_clean()
        meeting.save()
        meeting.documents.set(documents)
        audit_meeting(meeting, "network.meeting.create", by=by)
    return meeting


def meeting_update(*, meeting: Meeting, documents=None, by=None, **changes) -> Meeting:
    """Change a meeting; a new time or place raises SEQUENCE and sends a new REQUEST to those
    who answered ja or kanske. A cancelled meeting cannot change; capacity cannot fall below
    the ja answers. `by` is who changed it, for the meeting's history."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update() got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status == MeetingStatus.CANCELLED:
            raise MeetingError(_("En inställd träff kan inte ändras."))
        changed = {name for name, value in changes.items() if getattr(meeting, name) != value}
        for name in changed:
            setattr(meeting, name, changes[name])
        meeting.full_clean()
        if "capacity" in changed and meeting.capacity is not None:
            yes = MeetingResponse.objects.filter(meeting=meeting, answer=Answer.YES).count()
            if yes > meeting.capacity:
                raise MeetingError(
                    _("%(yes)d har redan svarat ja; antalet platser kan inte vara lägre.")
                    % {"yes": yes}
                )
        moved = bool(changed & CALENDAR_FIELDS)
        if moved:
            meeting.sequence = F("sequence") + 1
        if changed:
            meeting.save()
        if documents is not None:
            before = set(meeting.documents.values_list("pk", flat=True))
            meeting.documents.set(documents)
            if before != {document.pk for document in documents}:
                changed.add("documents")
        if moved:
            invitations_queue(
                source=MEETING_SOURCE,
                pairs=[(member_id, meeting.pk) for member_id in _attending_ids(meeting)],
                method="REQUEST",
            )
        if changed:
            action = "network.meeting.move" if moved else "network.meeting.update"
            audit_meeting(meeting, action, by=by, fields=sorted(changed))
    meeting.refresh_from_db()
    return meeting


def meeting_cancel(*, meeting: Meeting, reason: str, by=None) -> Meeting:
    """Cancel a meeting: it stays in feeds as cancelled, with a higher SEQUENCE, and those who
    answered ja or kanske get a CANCEL. `by` is who cancelled it, for the meeting's history."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status == MeetingStatus.CANCELLED:
            return meeting
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancel_reason = reason
        meeting.sequence = F("sequence") + 1
        meeting.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
        invitations_queue(
            source=MEETING_SOURCE,
            pairs=[(member_id, meeting.pk) for member_id in _attending_ids(meeting)],
            method="CANCEL",
        )
        audit_meeting(meeting, "network.meeting.cancel", by=by)
    meeting.refresh_from_db()
    return meeting


def meeting_answer(*, meeting: Meeting, member, answer: str) -> MeetingResponse:
    """Record a member's ja, nej or kanske; a first ja or kanske sends the invitation, a nej
    after one sends a CANCEL. A ja past the number of places is refused."""
    if answer not in Answer.values:
        raise MeetingError(_("Okänt svar."))
    with transaction.atomic():
        # The meeting's row is the lock: two members never take its last place at once.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not Membership.objects.filter(network_id=meeting.network_id, member=member).exists():
            raise MeetingError(_("Bara nätverkets medlemmar kan svara."))
        if meeting.status == MeetingStatus.CANCELLED:
            raise MeetingError(_("Träffen är inställd."))
        if meeting.end < timezone.now():
            raise MeetingError(_("Träffen har redan varit."))
        response = MeetingResponse.objects.filter(meeting=meeting, member=member).first()
        before = response.answer if response else None
        if answer == Answer.YES and before != Answer.YES and meeting.capacity is not None:
            taken = MeetingResponse.objects.filter(meeting=meeting, answer=Answer.YES).count()
            if taken >= meeting.capacity:
                raise MeetingError(_("Träffen är fullbokad."))
        if response is None:
            response = MeetingResponse(meeting=meeting, member=member)
        response.answer = answer
        response.save()
        if answer in ATTENDING and before not in ATTENDING:
            method = "REQUEST"
        elif answer == Answer.NO and before in ATTENDING:
            method = "CANCEL"
        else:
            method = None
        if method:
            invitations_queue(source=MEETING_SOURCE, pairs=[(member.pk, meeting.pk)], method=method)
    return response


def meeting_attendance_record(*, meeting: Meeting, member_ids, by=None) -> int:
    """Record who took part: exactly these members of the network; returns how many. `by` is
    who recorded it, for the meeting's history (which keeps the count, not the names)."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        members = set(
            Membership.objects.filter(
                network_id=meeting.network_id, member_id__in=list(member_ids)
            ).values_list("member_id", flat=True)
        )
        if len(members) != len(set(member_ids)):
            raise MeetingError(_("Bara nätverkets medlemmar kan föras in som deltagare."))
        MeetingAttendance.objects.filter(meeting=meeting, member__isnull=False).exclude(
            member_id__in=members
        ).delete()
        present = set(
            MeetingAttendance.objects.filter(meeting=meeting).values_list("member_id", flat=True)
        )
        MeetingAttendance.objects.bulk_create(
            MeetingAttendance(meeting=meeting, member_id=member_id)
            for member_id in members - present
        )
        audit_meeting(meeting, "network.meeting.attendance", by=by, present=len(members))
    return len(members)
