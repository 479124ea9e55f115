"""The public rollout page: counties, municipalities reached, completions; small groups hidden."""

from django.conf import settings
from django.core.validators import slug_re
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from scheduling.models import Round
from scheduling.selectors import current_round

from . import stats
from .stats_data import load_frames
from .stats_map import rollout_map

PUBLIC_COLUMNS = [
    "county_code",
    "county_name",
    "municipalities_total",
    "municipalities_reached",
    "reach_share",
    "enrolled",
    "completed",
]


def public_rollout(course_round: Round):
    """The rollout per county, with groups of fewer people than the threshold hidden.

    Counts of people (enrolled, completed) below the threshold are shown as "färre än N". Where
    a county's completions are hidden, so are its municipalities reached: one reached
    municipality out of a handful of completions could point to a person.
    """
    threshold = settings.STATS_PUBLIC_THRESHOLD
    label = _("färre än %(n)d") % {"n": threshold}
    rollout = stats.rollout_by_county(load_frames(round=course_round))[PUBLIC_COLUMNS]
    hidden = stats.suppress_small(
        rollout, ["enrolled", "completed"], threshold=threshold, label=label
    )
    few = hidden["completed"] == label
    hidden["municipalities_reached"] = hidden["municipalities_reached"].astype(object)
    hidden.loc[few, "municipalities_reached"] = label
    hidden["reach_share"] = hidden["reach_share"].astype(object)
    hidden.loc[few, "reach_share"] = label
    return rollout, hidden


def _round(request):
    slug = request.GET.get("omgang")
    if slug:
        # Anything but a slug (a NUL byte, say) names no round and never reaches the database.
        return Round.objects.filter(slug=slug).first() if slug_re.fullmatch(slug) else None
    return current_round(today=timezone.localdate())


def rollout_page(request):
    """The national rollout: a map of Sweden's counties and the same figures in a table."""
    course_round = _round(request)
    context = {"round": course_round, "rounds": Round.objects.order_by("-start_date")}
    if course_round:
        rollout, hidden = public_rollout(course_round)
        label = _("färre än %(n)d") % {"n": settings.STATS_PUBLIC_THRESHOLD}
        suppressed = set(hidden.loc[hidden["completed"] == label, "county_code"])
        context.update(
            rows=hidden.to_dict("records"),
            map=rollout_map(
                rollout,
                link=lambda code: reverse("scheduling:county_detail", args=[code]),
                hidden=suppressed,
            ),
            threshold=settings.STATS_PUBLIC_THRESHOLD,
        )
    return render(request, "lms/stats_public.html", context)


def rollout_csv(request):
    """The same figures as open data (CSV, UTF-8), with the same small groups hidden."""
    course_round = _round(request)
    if course_round is None:
        return HttpResponse(status=404)
    _rollout, hidden = public_rollout(course_round)
    response = HttpResponse(
        hidden.to_csv(index=False).encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="utrullning-{course_round.slug}.csv"'
    return response
