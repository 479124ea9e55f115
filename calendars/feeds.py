"""Feeds over HTTP for any source of events: ETag and 304, caching, subscription links.

No login and no cookies: a calendar client fetches the URL as it is, the secret (if any) in its
path. A feed's ETag and Last-Modified come from its `FeedState`s, read in one small query per
source, so an unchanged feed is answered 304 without rendering it.
"""

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import partial
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from .ical import CalendarEvent, feed_bytes
from .models import CalendarToken
from .sources import FeedState, all_sources

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
FEED_CACHE_SECONDS = 60 * 60
# A cancelled event stays in feeds this many days after it ends, then leaves them.
CANCELLED_VISIBLE_DAYS = 30
FEED_FORMAT_VERSION = "2"  # raise when the feed's text changes, so every ETag changes


def event_uid(source_uuid) -> str:
    """An event's UID for its whole life: its source's own UUID at the site's domain."""
    return f"{source_uuid}@{settings.CALENDAR_UID_DOMAIN}"


def visible_in_feeds(queryset: QuerySet, *, scheduled: str, now: datetime) -> QuerySet:
    """Events in feeds: those with the `scheduled` status, and cancelled ones until
    CANCELLED_VISIBLE_DAYS after they end. The source's model has `status` and `end` fields."""
    cutoff = now - timedelta(days=CANCELLED_VISIBLE_DAYS)
    return queryset.filter(Q(status=scheduled) | Q(end__gte=cutoff))


def subscription_links(request, path: str) -> dict[str, str]:
    """The three ways to subscribe to a feed: webcal, Google Calendar, and the plain https URL."""
    url = request.build_absolute_uri(path)
    webcal = "webcal://" + url.split("://", 1)[1]
    return {
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
    }


def feed_fingerprint(states: Iterable[FeedState], *, now) -> tuple[str, object]:
    """A strong ETag and the Last-Modified time of a feed made of these states, on `now`'s day.

    The day counts too: cancelled events leave the feed some days after their date.
    """
    states = list(states)
    changes = [moment for state in states for moment in state.changes if moment]
    key = (
        FEED_FORMAT_VERSION,
        timezone.localdate(now).isoformat(),
        [
            (state.events, state.id_sum, [m and m.isoformat() for m in state.changes])
            for state in states
        ],
    )
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    return digest[:32], max(changes, default=None)


def calendar_response(body: bytes, filename: str) -> HttpResponse:
    """A feed's bytes as text/calendar, shown inline, revalidated on every fetch."""
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    return response


def _cached_fingerprint(request, fingerprint_for):
    """Compute the feed's fingerprint once per request, for both ETag and Last-Modified."""
    if not hasattr(request, "feed_fingerprint"):
        request.feed_fingerprint = fingerprint_for(request)
    return request.feed_fingerprint


def conditional_feed(fingerprint_for: Callable):
    """Answer 304 when the feed's ETag or Last-Modified says the client's copy is current.

    `fingerprint_for(request, **url_kwargs)` returns (ETag, Last-Modified); it runs once.
    """
    return condition(
        etag_func=lambda request, **kw: _cached_fingerprint(
            request, partial(fingerprint_for, **kw)
        )[0],
        last_modified_func=lambda request, **kw: _cached_fingerprint(
            request, partial(fingerprint_for, **kw)
        )[1],
    )


def rendered_feed(
    request, key: str, name: str, events_for: Callable[[], list[CalendarEvent]]
) -> bytes:
    """The feed's bytes, cached under its ETag: any change of its inputs changes the key."""
    etag = request.feed_fingerprint[0]
    return cache.get_or_set(
        f"feed:{key}:{etag}",
        lambda: feed_bytes(name=name, events=events_for(), now=timezone.now()),
        timeout=FEED_CACHE_SECONDS,
    )


def _calendar_token(request, token: str) -> CalendarToken:
    """The token of the URL, loaded once per request; each fetch is counted, 304s included."""
    calendar_token = getattr(request, "calendar_token", None)
    if calendar_token is None:
        calendar_token = get_object_or_404(
            CalendarToken.objects.select_related("participant"), token=token
        )
        request.calendar_token = calendar_token
        # A subscriber polls, someone who imported once does not: coordinators see who subscribed.
        CalendarToken.objects.filter(pk=calendar_token.pk).update(
            last_fetched_at=timezone.now(), fetch_count=F("fetch_count") + 1
        )
    return calendar_token


def _personal_fingerprint(request, token):
    participant = _calendar_token(request, token).participant
    now = timezone.now()
    return feed_fingerprint(
        (source.personal_state(participant, now=now) for source in all_sources()), now=now
    )


def _personal_events(participant) -> list[CalendarEvent]:
    now = timezone.now()
    return [
        event for source in all_sources() for event in source.personal_events(participant, now=now)
    ]


@require_safe
@conditional_feed(_personal_fingerprint)
def personal_feed(request, token):
    """A participant's own events of every source, behind the secret token in the path."""
    with translation.override("sv"):
        name = _("Mina kursträffar")
    calendar_token = request.calendar_token
    body = rendered_feed(
        request,
        f"personal:{calendar_token.pk}",
        name,
        partial(_personal_events, calendar_token.participant),
    )
    return calendar_response(body, "mina-kurstraffar.ics")
