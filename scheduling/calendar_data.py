"""Sessions as calendars see them: the feeds' sessions, their Swedish texts, and feed states."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, F, Max, QuerySet, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calendars.feeds import CANCELLED_VISIBLE_DAYS, event_uid, feed_fingerprint, visible_in_feeds
from calendars.ical import CalendarEvent
from calendars.sources import FeedState
from regions.models import County

from .county_feed_state import county_feed_state
from .models import Cohort, EnrolmentStatus, Session, SessionStatus


def visible_sessions(queryset: QuerySet, *, now=None) -> QuerySet:
    """Sessions in feeds: scheduled ones, and cancelled ones until 30 days after their date."""
    return visible_in_feeds(queryset, scheduled=SessionStatus.SCHEDULED, now=now or timezone.now())


def county_sessions(county: County) -> QuerySet:
    """Every session of the cohorts a county hosts or joins."""
    return Session.objects.filter(cohort__in=Cohort.objects.hosted_or_joined_by(county))


def participant_sessions(participant) -> QuerySet:
    """The sessions of the cohorts where the participant holds a place."""
    cohorts = Cohort.objects.filter(
        enrolments__participant=participant, enrolments__status=EnrolmentStatus.ENROLLED
    ).values("pk")
    return Session.objects.filter(cohort__in=cohorts)


def feed_state(queryset: QuerySet, *, now=None) -> FeedState:
    """The state of a feed of these sessions, from one aggregate query.

    Covers every input of the feed text: any change of a session moves its updated_at, and of
    a cohort its updated_at, past every earlier value, so the latest of each changes; the set
    of sessions is its size and the sum of its ids. The rows themselves are not read, so a
    feed of hundreds of sessions is answered 304 at the cost of one small query.
    """
    state = visible_sessions(queryset, now=now).aggregate(
        sessions=Count("pk"),
        id_sum=Sum("pk"),
        session_changed=Max("updated_at"),
        cohort_changed=Max("cohort__updated_at"),
    )
    return state_of(state)


def state_of(row: dict) -> FeedState:
    """A FeedState from the aggregate's row (see `feed_state` and `county_feed_state`)."""
    return FeedState(
        events=row["sessions"],
        id_sum=row["id_sum"] or 0,
        changes=(row["session_changed"], row["cohort_changed"]),
    )


def fingerprint(queryset: QuerySet, *, now=None) -> tuple[str, object]:
    """A strong ETag and the Last-Modified time of a feed of these sessions."""
    now = now or timezone.now()
    return feed_fingerprint([feed_state(queryset, now=now)], now=now)


def county_fingerprint(county: County, *, now=None) -> tuple[str, object]:
    """`fingerprint(county_sessions(county))`, from one precompiled statement."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=CANCELLED_VISIBLE_DAYS)
    return feed_fingerprint(
        [state_of(county_feed_state(county.pk, cancelled_cutoff=cutoff))], now=now
    )


def session_numbers(cohort_ids) -> dict[int, tuple[int, int]]:
    """For each session of these cohorts: its number in its cohort and the cohort's total."""
    rows = list(
        Session.objects.filter(cohort__in=cohort_ids)
        .order_by("cohort", "sort_order", "start", "pk")
        .values_list("cohort", "pk")
    )
    totals: dict[int, int] = {}
    for cohort_id, _pk in rows:
        totals[cohort_id] = totals.get(cohort_id, 0) + 1
    numbers, seen = {}, {}
    for cohort_id, pk in rows:
        seen[cohort_id] = seen.get(cohort_id, 0) + 1
        numbers[pk] = (seen[cohort_id], totals[cohort_id])
    return numbers


# What the calendar text reads of a session, fetched as values: a feed has hundreds of sessions.
_PLAIN_FIELDS = (
    "pk",
    "uid",
    "sequence",
    "start",
    "end",
    "status",
    "location",
    "online_url",
    "cancel_reason",
    "updated_at",
    "cohort_id",
)
_RELATED_FIELDS = {
    "cohort_name": F("cohort__name"),
    "cohort_updated_at": F("cohort__updated_at"),
    "course_title": F("cohort__round__title"),
    "county_name": F("cohort__county__name"),
    "county_email": F("cohort__county__contact_email"),
}


@dataclass(frozen=True)
class _SwedishTexts:
    """The calendar's Swedish phrases, translated once per feed rather than once per session."""

    title: str
    cancelled_title: str
    online_place: str
    cohort_line: str
    number_line: str
    place_line: str
    place_later: str
    link_line: str
    cancelled_line: str
    organizer: str
    organizer_line: str

    @classmethod
    def load(cls) -> "_SwedishTexts":
        with translation.override("sv"):
            return cls(
                title=_("%(course)s, träff %(number)d av %(total)d – %(cohort)s"),
                cancelled_title=_("Inställd: %(title)s"),
                online_place=_("Digital träff"),
                cohort_line=_("Kursgrupp: %(cohort)s"),
                number_line=_("Träff %(number)d av %(total)d"),
                place_line=_("Plats: %(place)s"),
                place_later=_("meddelas senare"),
                link_line=_("Länk till den digitala träffen: %(url)s"),
                cancelled_line=_("Träffen är inställd: %(reason)s"),
                organizer=_("Länsstyrelsen i %(county)s"),
                organizer_line=_("Arrangör: Länsstyrelsen i %(county)s"),
            )


def _calendar_session(row: dict, number: int, total: int, texts: _SwedishTexts) -> CalendarEvent:
    cancelled = row["status"] == SessionStatus.CANCELLED
    cohort, county = row["cohort_name"], row["county_name"]
    title = texts.title % {
        "course": row["course_title"],
        "number": number,
        "total": total,
        "cohort": cohort,
    }
    if cancelled:
        title = texts.cancelled_title % {"title": title}
    online_url = row["online_url"]
    place = row["location"] or (texts.online_place if online_url else "")
    lines = [
        texts.cohort_line % {"cohort": cohort},
        texts.number_line % {"number": number, "total": total},
        texts.place_line % {"place": place or texts.place_later},
    ]
    if online_url:
        lines.append(texts.link_line % {"url": online_url})
    if cancelled and row["cancel_reason"]:
        lines.append(texts.cancelled_line % {"reason": row["cancel_reason"]})
    organizer_name = texts.organizer % {"county": county}
    lines.append(texts.organizer_line % {"county": county})
    return CalendarEvent(
        uid=event_uid(row["uid"]),
        sequence=row["sequence"],
        start=row["start"],
        end=row["end"],
        summary=title,
        description="\n".join(lines),
        location=place,
        url=online_url,
        cancelled=cancelled,
        last_modified=max(row["updated_at"], row["cohort_updated_at"]),
        organizer_email=row["county_email"] or settings.CALENDAR_ORGANIZER_EMAIL,
        organizer_name=organizer_name,
    )


def calendar_sessions(queryset: QuerySet, *, now=None) -> list[CalendarEvent]:
    """The feed's sessions as calendar data, in two queries whatever their number."""
    return list(calendar_sessions_by_id(visible_sessions(queryset, now=now)).values())


def calendar_sessions_by_id(queryset: QuerySet) -> dict[int, CalendarEvent]:
    """These sessions as calendar data by id, in date order, in two queries."""
    rows = list(queryset.order_by("start", "uid").values(*_PLAIN_FIELDS, **_RELATED_FIELDS))
    numbers = session_numbers({row["cohort_id"] for row in rows})
    texts = _SwedishTexts.load()
    return {row["pk"]: _calendar_session(row, *numbers[row["pk"]], texts) for row in rows}
