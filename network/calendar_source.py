"""Network meetings as a source of calendar events, registered with `calendars` at start-up.

A meeting's UID is its own UUID at CALENDAR_UID_DOMAIN for its whole life; its SEQUENCE is
raised by every change of time, place or status (`network.services.meetings`). A member's
personal feed carries the meetings of their networks they answered ja to; the network's feed
carries all of its meetings. Neither carries names or answers.
"""

from collections.abc import Collection
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, QuerySet, Sum
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from calendars.feeds import event_uid, visible_in_feeds
from calendars.ical import CalendarEvent
from calendars.sources import FeedState

from .models import Answer, Meeting, MeetingMode, MeetingStatus, Network

MEETING_SOURCE = "network.meeting"


def accepted_meetings(user) -> QuerySet:
    """Meetings of the user's networks that the user answered ja to."""
    return Meeting.objects.filter(
        network__memberships__member=user,
        responses__member=user,
        responses__answer=Answer.YES,
    )


def network_meetings(network: Network) -> QuerySet:
    """Every meeting of one network."""
    return Meeting.objects.filter(network=network)


def visible_meetings(queryset: QuerySet, *, now: datetime) -> QuerySet:
    """Meetings in feeds: scheduled ones, and cancelled ones until 30 days after their date."""
    return visible_in_feeds(queryset, scheduled=MeetingStatus.SCHEDULED, now=now)


def feed_state(queryset: QuerySet, *, now: datetime) -> FeedState:
    """The state of a feed of these meetings, from one aggregate query."""
    row = visible_meetings(queryset, now=now).aggregate(
        meetings=Count("pk"),
        id_sum=Sum("pk"),
        meeting_changed=Max("updated_at"),
        network_changed=Max("network__created_at"),
    )
    return FeedState(
        events=row["meetings"],
        id_sum=row["id_sum"] or 0,
        changes=(row["meeting_changed"], row["network_changed"]),
    )


def _texts() -> dict[str, str]:
    with translation.override("sv"):
        return {
            "cancelled_title": _("Inställd: %(title)s"),
            "network_line": _("Nätverk: %(network)s"),
            "online_place": _("Digital träff"),
            "place_line": _("Plats: %(place)s"),
            "link_line": _("Länk till den digitala träffen: %(url)s"),
            "cancelled_line": _("Träffen är inställd: %(reason)s"),
            "agenda_line": _("Dagordning:"),
            "organizer": _("Länsstyrelserna, %(network)s"),
        }


def _event(row: dict, texts: dict[str, str]) -> CalendarEvent:
    cancelled = row["status"] == MeetingStatus.CANCELLED
    online = row["mode"] == MeetingMode.ONLINE
    title = row["title"]
    if cancelled:
        title = texts["cancelled_title"] % {"title": title}
    place = row["location"] or (texts["online_place"] if online else "")
    lines = [texts["network_line"] % {"network": row["network__name"]}]
    if place:
        lines.append(texts["place_line"] % {"place": place})
    if online and row["online_url"]:
        lines.append(texts["link_line"] % {"url": row["online_url"]})
    agenda = strip_tags(row["agenda"] or "").strip()
    if agenda:
        lines += [texts["agenda_line"], agenda]
    if cancelled and row["cancel_reason"]:
        lines.append(texts["cancelled_line"] % {"reason": row["cancel_reason"]})
    return CalendarEvent(
        uid=event_uid(row["uid"]),
        sequence=row["sequence"],
        start=row["start"],
        end=row["end"],
        summary=title,
        description="\n".join(lines),
        location=place,
        url=row["online_url"] if online else "",
        cancelled=cancelled,
        last_modified=row["updated_at"],
        organizer_email=settings.CALENDAR_ORGANIZER_EMAIL,
        organizer_name=texts["organizer"] % {"network": row["network__name"]},
    )


_FIELDS = (
    "pk",
    "uid",
    "sequence",
    "title",
    "start",
    "end",
    "mode",
    "location",
    "online_url",
    "agenda",
    "status",
    "cancel_reason",
    "updated_at",
    "network__name",
)


def calendar_meetings_by_id(queryset: QuerySet) -> dict[int, CalendarEvent]:
    """These meetings as calendar data by id, in date order, in one query."""
    texts = _texts()
    rows = queryset.order_by("start", "uid").values(*_FIELDS)
    return {row["pk"]: _event(row, texts) for row in rows}


def calendar_meetings(queryset: QuerySet, *, now: datetime) -> list[CalendarEvent]:
    """The feed's meetings as calendar data, in one query whatever their number."""
    return list(calendar_meetings_by_id(visible_meetings(queryset, now=now)).values())


class MeetingSource:
    """Network meetings: invitations to members who answered, and their personal feeds."""

    name = MEETING_SOURCE
    invitation_templates = (
        "network/email/meeting_invitation.txt",
        "network/email/meeting_invitation.html",
    )

    def events(self, event_ids: Collection[int]) -> dict[int, CalendarEvent]:
        """The meetings' current calendar data, by id."""
        return calendar_meetings_by_id(Meeting.objects.filter(pk__in=list(event_ids)))

    def personal_events(self, user, *, now: datetime) -> list[CalendarEvent]:
        """The meetings of the user's networks that they answered ja to."""
        return calendar_meetings(accepted_meetings(user), now=now)

    def personal_state(self, user, *, now: datetime) -> FeedState:
        """The state of those meetings, from one aggregate query."""
        return feed_state(accepted_meetings(user), now=now)
