"""Calendar feeds: a participant's own (by secret token), a county's, a cohort's, one session's.

No login and no cookies: a calendar client fetches the URL as it is. ETag and Last-Modified come
from one small query, so an unchanged feed is answered 304 without rendering it.
"""

from functools import partial
from urllib.parse import quote

from django.core.cache import cache
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from .calendar_data import (
    calendar_session,
    calendar_sessions,
    county_fingerprint,
    county_sessions,
    fingerprint,
    participant_sessions,
    session_numbers,
)
from .ical import feed_bytes
from .models import CalendarToken, Cohort, County, Session

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
FEED_CACHE_SECONDS = 60 * 60


def subscription_links(request, path: str) -> dict[str, str]:
    """The three ways to subscribe to a feed: webcal, Google Calendar, and the plain https URL."""
    url = request.build_absolute_uri(path)
    webcal = "webcal://" + url.split("://", 1)[1]
    return {
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
    }


def _rendered(request, kind: str, key, name: str, queryset) -> bytes:
    """The feed's bytes, cached under its ETag: any change of its inputs changes the key."""
    etag = request._feed_fingerprint[0]
    return cache.get_or_set(
        f"feed:{kind}:{key}:{etag}",
        lambda: feed_bytes(name=name, sessions=calendar_sessions(queryset), now=timezone.now()),
        timeout=FEED_CACHE_SECONDS,
    )


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    return response


def _cached_fingerprint(request, fingerprint_for):
    """Compute the feed's fingerprint once per request, for both ETag and Last-Modified."""
    if not hasattr(request, "_feed_fingerprint"):
        request._feed_fingerprint = fingerprint_for(request)
    return request._feed_fingerprint


def _conditional(fingerprint_for):
    """Answer 304 when the feed's ETag or Last-Modified says the client's copy is current."""
    return condition(
        etag_func=lambda request, **kw: _cached_fingerprint(
            request, partial(fingerprint_for, **kw)
        )[0],
        last_modified_func=lambda request, **kw: _cached_fingerprint(
            request, partial(fingerprint_for, **kw)
        )[1],
    )


def _fingerprint_of(queryset_for):
    """A feed's fingerprint from the queryset of its sessions."""
    return lambda request, **kw: fingerprint(queryset_for(request, **kw))


def _token_or_404(token: str) -> CalendarToken:
    return get_object_or_404(CalendarToken.objects.select_related("participant"), token=token)


def _personal_queryset(request, token):
    calendar_token = getattr(request, "_calendar_token", None)
    if calendar_token is None:
        calendar_token = _token_or_404(token)
        request._calendar_token = calendar_token
        # Every fetch counts, 304s included: a subscriber polls, someone who imported does not.
        CalendarToken.objects.filter(pk=calendar_token.pk).update(
            last_fetched_at=timezone.now(), fetch_count=F("fetch_count") + 1
        )
    return participant_sessions(calendar_token.participant)


@require_safe
@_conditional(_fingerprint_of(_personal_queryset))
def personal_feed(request, token):
    """A participant's own sessions; each fetch is recorded, so coordinators see who subscribed."""
    with translation.override("sv"):
        name = _("Mina kursträffar")
    queryset = _personal_queryset(request, token)
    body = _rendered(request, "personal", request._calendar_token.pk, name, queryset)
    return _calendar_response(body, "mina-kurstraffar.ics")


def _county_fingerprint(request, county_code):
    request._county = get_object_or_404(County, code=county_code)
    return county_fingerprint(request._county)


@require_safe
@_conditional(_county_fingerprint)
def county_feed(request, county_code):
    """Every session of the cohorts a county hosts or joins; no personal data."""
    county = request._county
    with translation.override("sv"):
        name = _("Kursträffar i %(county)s") % {"county": county.name}
    body = _rendered(request, "county", county.pk, name, county_sessions(county))
    return _calendar_response(body, f"lan-{county.code}.ics")


def _cohort_queryset(request, cohort_id):
    cohort = getattr(request, "_cohort", None) or get_object_or_404(
        Cohort.objects.select_related("county"), pk=cohort_id
    )
    request._cohort = cohort
    return Session.objects.filter(cohort=cohort)


@require_safe
@_conditional(_fingerprint_of(_cohort_queryset))
def cohort_feed(request, cohort_id):
    """One cohort's sessions."""
    cohort = request._cohort
    body = _rendered(
        request, "cohort", cohort.pk, cohort.name, Session.objects.filter(cohort=cohort)
    )
    return _calendar_response(body, f"grupp-{cohort.pk}.ics")


@require_safe
def session_ics(request, uid):
    """One session to download alone, for people who import instead of subscribing."""
    session = get_object_or_404(
        Session.objects.select_related("cohort__county", "cohort__round"), uid=uid
    )
    number, total = session_numbers({session.cohort_id})[session.pk]
    body = feed_bytes(
        name=session.cohort.name,
        sessions=[calendar_session(session, number, total)],
        now=timezone.now(),
    )
    return _calendar_response(body, f"trff-{session.start:%Y-%m-%d}.ics")
