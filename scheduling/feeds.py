"""The course's public feeds: a county's sessions, a cohort's, and one session to download.

The HTTP side (ETag and 304, caching, the response) is `calendars.feeds`; the personal feed is
there too, and gets its sessions through `scheduling.calendar_source`.
"""

from functools import partial

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from calendars.feeds import calendar_response, conditional_feed, rendered_feed
from calendars.ical import feed_bytes
from regions.models import County

from .calendar_data import (
    calendar_sessions,
    calendar_sessions_by_id,
    county_fingerprint,
    county_sessions,
    fingerprint,
)
from .models import Cohort, Session


def _county_fingerprint(request, county_code):
    request.county = get_object_or_404(County, code=county_code)
    return county_fingerprint(request.county)


@require_safe
@conditional_feed(_county_fingerprint)
def county_feed(request, county_code):
    """Every session of the cohorts a county hosts or joins; no personal data."""
    county = request.county
    with translation.override("sv"):
        name = _("Kursträffar i %(county)s") % {"county": county.name}
    events = partial(calendar_sessions, county_sessions(county))
    body = rendered_feed(request, f"county:{county.pk}", name, events)
    return calendar_response(body, f"lan-{county.code}.ics")


def _cohort_fingerprint(request, cohort_id):
    request.cohort = get_object_or_404(Cohort, pk=cohort_id)
    return fingerprint(Session.objects.filter(cohort=request.cohort))


@require_safe
@conditional_feed(_cohort_fingerprint)
def cohort_feed(request, cohort_id):
    """One cohort's sessions."""
    cohort = request.cohort
    events = partial(calendar_sessions, Session.objects.filter(cohort=cohort))
    body = rendered_feed(request, f"cohort:{cohort.pk}", cohort.name, events)
    return calendar_response(body, f"grupp-{cohort.pk}.ics")


@require_safe
def session_ics(request, uid):
    """One session to download alone, for people who import instead of subscribing."""
    session = get_object_or_404(Session.objects.select_related("cohort"), uid=uid)
    events = calendar_sessions_by_id(Session.objects.filter(pk=session.pk))
    if not events:
        raise Http404
    body = feed_bytes(name=session.cohort.name, events=events.values(), now=timezone.now())
    return calendar_response(body, f"trff-{timezone.localtime(session.start):%Y-%m-%d}.ics")
