"""The public rollout page: counties, municipalities reached, completions; small groups hidden.

The figures come from the shared cache (`results.rollout`), never older than the bound the page
states; the hiding of small groups is applied on every request, in the visitor's language.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from scheduling.models import Round

from ..selectors import statistics_round
from . import figures, results, snapshots
from .map import rollout_map
from .reports import spreadsheet_safe_frame
from .snapshots import Snapshot

PUBLIC_COLUMNS = [
    "county_code",
    "county_name",
    "municipalities_total",
    "municipalities_reached",
    "reach_share",
    "enrolled",
    "completed",
]


def hide_small(rollout):
    """The public columns of the rollout, and the same with groups below the threshold hidden.

    Counts of people (enrolled, completed) below the threshold are shown as "färre än N". Where
    a county's completions are hidden, so are its municipalities reached: one reached
    municipality out of a handful of completions could point to a person.
    """
    threshold = settings.STATS_PUBLIC_THRESHOLD
    label = _("färre än %(n)d") % {"n": threshold}
    rollout = rollout[PUBLIC_COLUMNS]
    hidden = figures.suppress_small(
        rollout, ["enrolled", "completed"], threshold=threshold, label=label
    )
    few = hidden["completed"] == label
    hidden["municipalities_reached"] = hidden["municipalities_reached"].astype(object)
    hidden.loc[few, "municipalities_reached"] = label
    hidden["reach_share"] = hidden["reach_share"].astype(object)
    hidden.loc[few, "reach_share"] = label
    return rollout, hidden


def _rounds(request) -> tuple[Round | None, list[Round]]:
    """The round asked for (or the one the statistics open on) and every round, for the chooser.

    Both are kept in the cache for the statistics generation and the day, so a visit reads no
    round from the database; a round added in the admin shows within the page's stated bound.
    """
    key = f"stats:public-rounds:{snapshots.generation()}:{timezone.localdate().isoformat()}"
    found = cache.get(key)
    if found is None:
        found = (
            statistics_round(today=timezone.localdate()),
            list(Round.objects.order_by("-start_date")),
        )
        cache.set(key, found, timeout=settings.STATS_MAX_AGE_SECONDS)
    opened_on, rounds = found
    slug = request.GET.get("omgang")
    if slug:
        return next((r for r in rounds if r.slug == slug), None), rounds
    return opened_on, rounds


def _figures_html(course_round: Round, snapshot: Snapshot) -> str:
    """The map, table and CSV link of the kept figures: rendered once per result and language."""
    threshold = settings.STATS_PUBLIC_THRESHOLD
    key = (
        f"stats:public-html:{snapshot.generation}:{snapshot.computed_at.timestamp()}:"
        f"{course_round.pk}:{course_round.slug}:{get_language()}:{threshold}"
    )
    html = cache.get(key)
    if html is None:
        rollout, hidden = hide_small(snapshot.value)
        label = _("färre än %(n)d") % {"n": threshold}
        suppressed = set(hidden.loc[hidden["completed"] == label, "county_code"])
        html = render_to_string(
            "lms/includes/stats_public_figures.html",
            {
                "round": course_round,
                "rows": hidden.to_dict("records"),
                "map": rollout_map(
                    rollout,
                    link=lambda code: reverse("scheduling:county_detail", args=[code]),
                    hidden=suppressed,
                ),
                "threshold": threshold,
                "computed_at": snapshot.computed_at,
            },
        )
        cache.set(key, html, timeout=settings.STATS_MAX_AGE_SECONDS)
    return html


# In the kept anonymous page, where each visitor's own CSRF token goes.
CSRF_PLACEHOLDER = "csrf-token-of-the-visitor"


def rollout_page(request):
    """The national rollout: a map of Sweden's counties and the same figures in a table.

    An anonymous visitor without messages is served the whole page from the cache, kept per
    language, address and list of rounds with the result it shows (itself a `Snapshot`, so that
    it is served as long as that result would be); only the CSRF token of the language switch
    is the visitor's own, put in on every request.
    """
    course_round, rounds = _rounds(request)
    if request.user.is_authenticated or list(messages.get_messages(request)):
        snapshot = results.rollout(round=course_round) if course_round else None
        return _render_page(request, course_round, rounds, snapshot)
    key = _page_key(request, rounds)
    page = snapshots.current(key)
    if page is None:
        snapshot = results.rollout(round=course_round) if course_round else None
        page = cache.get(key)
        if page is None or (snapshot and not snapshots.same_result(page, snapshot)):
            html = _render_page(
                request, course_round, rounds, snapshot, csrf_token=CSRF_PLACEHOLDER
            ).content.decode()
            page = snapshots.keep(key, html, like=snapshot)
    return HttpResponse(page.value.replace(CSRF_PLACEHOLDER, get_token(request)))


def _render_page(request, course_round, rounds, snapshot: Snapshot | None, **extra):
    context = {"round": course_round, "rounds": rounds, **extra}
    if snapshot is not None:
        context["figures"] = _figures_html(course_round, snapshot)
    return render(request, "lms/stats_public.html", context)


def _page_key(request, rounds) -> str:
    """The cache key of the anonymous page: in which language, at which address, which rounds."""
    shown = [(r.pk, r.slug, r.title, r.start_date.isoformat()) for r in rounds]
    digest = hashlib.blake2b(
        repr((shown, request.get_full_path(), settings.STATS_PUBLIC_THRESHOLD)).encode(),
        digest_size=16,
    ).hexdigest()
    return f"stats:public-page:{get_language()}:{digest}"


def rollout_csv(request):
    """The same figures as open data (CSV, UTF-8), with the same small groups hidden."""
    course_round, _all = _rounds(request)
    if course_round is None:
        return HttpResponse(status=404)
    _rollout, hidden = hide_small(results.rollout(round=course_round).value)
    response = HttpResponse(
        spreadsheet_safe_frame(hidden).to_csv(index=False).encode("utf-8-sig"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="utrullning-{course_round.slug}.csv"'
    return response
