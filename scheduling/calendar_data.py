"""Sessions as calendars see them: the feeds' sessions, their Swedish texts, and fingerprints."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .ical import CalendarSession
from .models import Cohort, County, EnrolmentStatus, Session, SessionStatus

CANCELLED_VISIBLE_DAYS = 30
FEED_FORMAT_VERSION = "1"  # raise when the feed's text changes, so every ETag changes


def calendar_uid(session: Session) -> str:
    """The session's UID for its whole life: its own UUID at the site's domain."""
    return f"{session.uid}@{settings.CALENDAR_UID_DOMAIN}"


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


def with_calendar_fields(queryset: QuerySet) -> QuerySet:
    """Load what the calendar text needs in one query, in a stable order."""
    return queryset.select_related("cohort__county", "cohort__round").order_by("start", "uid")


def fingerprint(queryset: QuerySet, *, now=None) -> tuple[str, object]:
    """A strong ETag and the Last-Modified time of a feed, from one small query.

    Covers every input of the feed text: each session's own state (updated_at moves with any
    change of it), its cohort's (updated_at), the set of sessions, and the day (cancelled
    sessions leave the feed 30 days after their date).
    """
    now = now or timezone.now()
    rows = list(
        visible_in_feeds(queryset, now=now)
        .order_by("pk")
        .values_list("pk", "sequence", "updated_at", "cohort__updated_at")
    )
    last_modified = max((max(row[2], row[3]) for row in rows), default=None)
    digest = hashlib.sha256(
        repr((FEED_FORMAT_VERSION, timezone.localdate(now).isoformat(), rows)).encode()
    ).hexdigest()
    return digest[:32], last_modified


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


def calendar_session(session: Session, number: int, total: int) -> CalendarSession:
    """The session's calendar data, in Swedish whatever the reader's language."""
    cohort, county = session.cohort, session.cohort.county
    with translation.override("sv"):
        title = _("%(course)s, träff %(number)d av %(total)d – %(cohort)s") % {
            "course": cohort.round.title,
            "number": number,
            "total": total,
            "cohort": cohort.name,
        }
        if session.status == SessionStatus.CANCELLED:
            title = _("Inställd: %(title)s") % {"title": title}
        place = session.location or (_("Digital träff") if session.online_url else "")
        lines = [
            _("Kursgrupp: %(cohort)s") % {"cohort": cohort.name},
            _("Träff %(number)d av %(total)d") % {"number": number, "total": total},
            _("Plats: %(place)s") % {"place": place or _("meddelas senare")},
        ]
        if session.online_url:
            lines.append(_("Länk till den digitala träffen: %(url)s") % {"url": session.online_url})
        if session.status == SessionStatus.CANCELLED and session.cancel_reason:
            lines.append(_("Träffen är inställd: %(reason)s") % {"reason": session.cancel_reason})
        lines.append(_("Arrangör: Länsstyrelsen i %(county)s") % {"county": county.name})
        organizer_name = _("Länsstyrelsen i %(county)s") % {"county": county.name}
    return CalendarSession(
        uid=calendar_uid(session),
        sequence=session.sequence,
        start=session.start,
        end=session.end,
        summary=title,
        description="\n".join(lines),
        location=place,
        url=session.online_url,
        cancelled=session.status == SessionStatus.CANCELLED,
        last_modified=max(session.updated_at, cohort.updated_at),
        organizer_email=county.contact_email or settings.CALENDAR_ORGANIZER_EMAIL,
        organizer_name=organizer_name,
    )


def calendar_sessions(queryset: QuerySet, *, now=None) -> list[CalendarSession]:
    """The feed's sessions as calendar data, in two queries whatever their number."""
    sessions = list(with_calendar_fields(visible_in_feeds(queryset, now=now)))
    numbers = session_numbers({session.cohort_id for session in sessions})
    return [calendar_session(session, *numbers[session.pk]) for session in sessions]
