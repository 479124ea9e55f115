"""Sessions as calendars see them: the feeds' sessions, their Swedish texts, and fingerprints."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .county_feed_state import county_feed_state
from .ical import CalendarSession
from .models import Cohort, County, EnrolmentStatus, Session, SessionStatus

CANCELLED_VISIBLE_DAYS = 30
FEED_FORMAT_VERSION = "1"  # raise when the feed's text changes, so every ETag changes


def calendar_uid(session_uid) -> str:
    """A session's UID for its whole life: its own UUID at the site's domain."""
    return f"{session_uid}@{settings.CALENDAR_UID_DOMAIN}"


def visible_in_feeds(queryset: QuerySet, *, now=None) -> QuerySet:
    """Sessions in feeds: scheduled ones, and cancelled ones until 30 days after their date."""
    cutoff = (now or timezone.now()) - timedelta(days=CANCELLED_VISIBLE_DAYS)
    return queryset.filter(Q(status=SessionStatus.SCHEDULED) | Q(end__gte=cutoff))


def county_sessions(county: County) -> QuerySet:
    """Every session of the cohorts a county hosts or joins."""
    cohorts = Cohort.objects.filter(Q(county=county) | Q(guest_counties=county)).values("pk")
    return Session.objects.filter(cohort__in=cohorts)


def participant_sessions(participant) -> QuerySet:
    """The sessions of the cohorts where the participant holds a place."""
    cohorts = Cohort.objects.filter(
        enrolments__participant=participant, enrolments__status=EnrolmentStatus.ENROLLED
    ).values("pk")
    return Session.objects.filter(cohort__in=cohorts)


def fingerprint(queryset: QuerySet, *, now=None) -> tuple[str, object]:
    """A strong ETag and the Last-Modified time of a feed, from one aggregate query.

    Covers every input of the feed text: any change of a session moves its updated_at, and of
    a cohort its updated_at, past every earlier value, so the latest of each changes; the set
    of sessions is its size and the sum of its ids; and the day counts too (cancelled
    sessions leave the feed 30 days after their date). The rows themselves are not read, so
    a feed of hundreds of sessions is answered 304 at the cost of one small query.
    """
    now = now or timezone.now()
    state = visible_in_feeds(queryset, now=now).aggregate(
        sessions=Count("pk"),
        id_sum=Sum("pk"),
        session_changed=Max("updated_at"),
        cohort_changed=Max("cohort__updated_at"),
    )
    return fingerprint_of(state, now=now)


def county_fingerprint(county: County, *, now=None) -> tuple[str, object]:
    """`fingerprint(county_sessions(county))`, from one precompiled statement."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=CANCELLED_VISIBLE_DAYS)
    return fingerprint_of(county_feed_state(county.pk, cancelled_cutoff=cutoff), now=now)


def fingerprint_of(state: dict, *, now) -> tuple[str, object]:
    """The ETag and Last-Modified of a feed's state (see `fingerprint`) on the day of `now`."""
    changes = [moment for moment in (state["session_changed"], state["cohort_changed"]) if moment]
    key = (
        FEED_FORMAT_VERSION,
        timezone.localdate(now).isoformat(),
        state["sessions"],
        state["id_sum"],
        [moment.isoformat() for moment in changes],
    )
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    return digest[:32], max(changes, default=None)


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


def calendar_session(session: Session, number: int, total: int) -> CalendarSession:
    """The session's calendar data, in Swedish whatever the reader's language."""
    cohort = session.cohort
    row = {
        "uid": session.uid,
        "sequence": session.sequence,
        "start": session.start,
        "end": session.end,
        "status": session.status,
        "location": session.location,
        "online_url": session.online_url,
        "cancel_reason": session.cancel_reason,
        "updated_at": session.updated_at,
        "cohort_name": cohort.name,
        "cohort_updated_at": cohort.updated_at,
        "course_title": cohort.round.title,
        "county_name": cohort.county.name,
        "county_email": cohort.county.contact_email,
    }
    return _calendar_session(row, number, total, _SwedishTexts.load())


def _calendar_session(row: dict, number: int, total: int, texts: _SwedishTexts) -> CalendarSession:
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
    return CalendarSession(
        uid=calendar_uid(row["uid"]),
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


def calendar_sessions(queryset: QuerySet, *, now=None) -> list[CalendarSession]:
    """The feed's sessions as calendar data, in two queries whatever their number."""
    rows = list(
        visible_in_feeds(queryset, now=now)
        .order_by("start", "uid")
        .values(*_PLAIN_FIELDS, **_RELATED_FIELDS)
    )
    numbers = session_numbers({row["cohort_id"] for row in rows})
    texts = _SwedishTexts.load()
    return [_calendar_session(row, *numbers[row["pk"]], texts) for row in rows]
