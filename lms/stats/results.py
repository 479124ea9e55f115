"""The statistics that pages read from the shared cache, and the task that recomputes them.

Two kinds of result, each kept per scope under its own key (see `snapshots`):

- ``rollout``: `figures.rollout_by_county` of a round, for the whole country (the public page and
  its open data) or one county (the dashboard panel); the database groups the progress rows.
- ``report``: `reports.build_report` of a round, county and period, in the language it was asked
  in (the names of the municipality groups are translated), for the admin pages and exports.

A stale result is recomputed by `refresh_statistics`, a django-tasks task: in production the
task worker (already running for the outbox) does the work, so no visitor waits for it.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.utils import timezone, translation
from django_tasks import task

from regions.models import County
from scheduling.models import Round
from scheduling.selectors import current_round

from ..selectors import statistics_round
from . import figures, snapshots
from .data import load_frames
from .reports import build_report

Kind = Literal["rollout", "report"]


@dataclass(frozen=True)
class Scope:
    """What one kept result covers; its fields are the refresh task's arguments."""

    kind: Kind
    round_id: int
    county_id: int | None = None
    start: str | None = None
    end: str | None = None
    language: str = ""

    @property
    def key(self) -> str:
        """The cache key of the result."""
        parts = (self.round_id, self.county_id, self.start, self.end, self.language)
        return "stats:" + ":".join([self.kind, *("-" if p is None else str(p) for p in parts)])

    def compute(self):
        """The result, computed from the database now."""
        course_round = Round.objects.get(pk=self.round_id)
        county = County.objects.get(pk=self.county_id) if self.county_id else None
        if self.kind == "rollout":
            frames = load_frames(round=course_round, county=county, module_detail=False)
            return figures.rollout_by_county(frames)
        with translation.override(self.language):
            return build_report(
                round=course_round,
                county=county,
                start=date.fromisoformat(self.start) if self.start else None,
                end=date.fromisoformat(self.end) if self.end else None,
                now=timezone.now(),
            )


@task()
def refresh_statistics(
    kind: Kind,
    round_id: int,
    county_id: int | None = None,
    start: str | None = None,
    end: str | None = None,
    language: str = "",
) -> None:
    """Recompute one kept result (queued by `snapshots.read` when it went stale)."""
    scope = Scope(kind, round_id, county_id, start, end, language)
    snapshots.refresh(scope.key, scope.compute)


def kept_scopes(*, today: date) -> list[Scope]:
    """The results visitors read without asking: the public page's and every dashboard panel's.

    The public page opens on the statistics round, the panel on the current round, for the
    whole country (national staff) or one county (a coordinator).
    """
    scopes = []
    public, current = statistics_round(today=today), current_round(today=today)
    if public is not None:
        scopes.append(Scope("rollout", public.pk))
    if current is not None:
        scopes.append(Scope("rollout", current.pk))
        county_ids = County.objects.order_by("code").values_list("pk", flat=True)
        scopes += [Scope("rollout", current.pk, county_id) for county_id in county_ids]
    return list(dict.fromkeys(scopes))


def _read(scope: Scope) -> snapshots.Snapshot:
    return snapshots.read(
        scope.key,
        scope.compute,
        lambda: refresh_statistics.enqueue(
            scope.kind, scope.round_id, scope.county_id, scope.start, scope.end, scope.language
        ),
    )


def rollout(*, round: Round, county: County | None = None) -> snapshots.Snapshot:
    """The rollout per county of the round (the country, or one county's frames), kept."""
    return _read(Scope("rollout", round.pk, county.pk if county else None))


def report(
    *,
    round: Round,
    county: County | None = None,
    start: date | None = None,
    end: date | None = None,
) -> snapshots.Snapshot:
    """The report of the scope in the current language, kept; its ``now`` is its computation."""
    return _read(
        Scope(
            "report",
            round.pk,
            county.pk if county else None,
            start.isoformat() if start else None,
            end.isoformat() if end else None,
            translation.get_language() or "",
        )
    )
