"""Reads for the public schedule pages: the open round, a county's cohorts, the national overview.

Each selector costs a fixed number of queries however many cohorts and sessions there are, and
returns plain dataclasses that templates render.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Max,
    Min,
    Prefetch,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import County

from .models import Cohort, CohortStatus, EnrolmentStatus, Round, Session
from .terms import Term, terms_between


def current_round(*, today: date) -> Round | None:
    """The round open for registration: the one running today, else the next, else the latest."""
    running = Q(start_date__lte=today, end_date__gte=today)
    return (
        Round.objects.annotate(
            rank=Case(
                When(running, then=Value(0)),
                When(start_date__gt=today, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            # Only past rounds are ordered newest first; for the others this is null.
            past_end=Case(
                When(running | Q(start_date__gt=today), then=None),
                default=F("end_date"),
                output_field=DateField(),
            ),
        )
        .order_by("rank", F("past_end").desc(nulls_last=True), "start_date", "slug")
        .first()
    )


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class CohortSchedule:
    """One cohort as a county's page shows it, with its upcoming sessions."""

    cohort: Cohort
    host: County
    is_host: bool
    partners: list[County]  # guest counties besides the page's own county, in code order
    sessions: list[Session]
    enrolled: int = 0  # places taken
    ended: bool = False  # its round has ended, or its last session is past

    @property
    def is_shared(self) -> bool:
        """Whether counties other than the host take part."""
        return bool(self.partners) or not self.is_host

    @property
    def status_label(self) -> str:
        """The cohort's state as the public reads it: open, full with a waitlist, ended."""
        status = self.cohort.status
        if status == CohortStatus.CANCELLED:
            return self.cohort.get_status_display()
        if status == CohortStatus.FINISHED or self.ended:
            return str(_("Avslutad"))
        if status == CohortStatus.OPEN and self.enrolled >= self.cohort.capacity:
            return str(_("Fullt – reservlista"))
        return self.cohort.get_status_display()


@dataclass
class RoundSchedule:
    """A round and the county's cohorts in it."""

    round: Round
    cohorts: list[CohortSchedule] = field(default_factory=list)


@dataclass
class CountySchedule:
    """A county's cohorts, hosted and joined, grouped by round in date order."""

    county: County
    rounds: list[RoundSchedule]


def county_schedule(county: County, *, today: date) -> CountySchedule:
    """The county's cohorts in every round, each with its sessions from today on (3 queries)."""
    cohorts = (
        Cohort.objects.hosted_or_joined_by(county)
        .select_related("round", "county")
        .annotate(
            enrolled_count=Count(
                "enrolments",
                filter=Q(enrolments__status=EnrolmentStatus.ENROLLED),
                distinct=True,
            ),
            last_start=Max("sessions__start"),
        )
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.filter(start__gte=_start_of_day(today)).order_by(
                    "start", "pk"
                ),
                to_attr="upcoming_sessions",
            ),
            Prefetch("guest_counties", queryset=County.objects.order_by("code")),
        )
        .order_by("round__start_date", "round__slug", "name", "pk")
    )
    rounds: dict[int, RoundSchedule] = {}
    for cohort in cohorts:
        entry = CohortSchedule(
            cohort=cohort,
            host=cohort.county,
            is_host=cohort.county_id == county.pk,
            partners=[guest for guest in cohort.guest_counties.all() if guest.pk != county.pk],
            sessions=cohort.upcoming_sessions,
            enrolled=cohort.enrolled_count,
            ended=cohort.round.end_date < today
            or (cohort.last_start is not None and cohort.last_start < _start_of_day(today)),
        )
        rounds.setdefault(cohort.round_id, RoundSchedule(round=cohort.round)).cohorts.append(entry)
    return CountySchedule(county=county, rounds=list(rounds.values()))


@dataclass
class CountyRow:
    """One county's line in the national overview: its cohorts per term."""

    county: County
    counts: list[int]

    @property
    def total(self) -> int:
        """The county's cohorts over every term."""
        return sum(self.counts)


@dataclass
class NationalOverview:
    """How many cohorts each county runs (hosts or joins) per term."""

    terms: list[Term]
    rows: list[CountyRow]


def national_overview(*, round: Round | None = None) -> NationalOverview:
    """Cohorts per county and term, by the first session's date (3 queries, 4 without round).

    A cohort counts for its host and for each guest county; cancelled cohorts and cohorts
    without sessions are left out. The terms are those of the round's period (every round's
    without one), plus any term a cohort falls in outside them.
    """
    cohorts = Cohort.objects.exclude(status=CohortStatus.CANCELLED)
    links = Cohort.guest_counties.through.objects.exclude(cohort__status=CohortStatus.CANCELLED)
    if round is not None:
        cohorts = cohorts.filter(round=round)
        links = links.filter(cohort__round=round)
        periods = [(round.start_date, round.end_date)]
    else:
        periods = list(Round.objects.values_list("start_date", "end_date"))

    first_starts, counties_of = {}, {}
    for cohort_id, host_id, first_start in (
        cohorts.annotate(first_start=Min("sessions__start"))
        .filter(first_start__isnull=False)
        .values_list("pk", "county_id", "first_start")
    ):
        first_starts[cohort_id] = first_start
        counties_of[cohort_id] = [host_id]
    for cohort_id, county_id in links.values_list("cohort_id", "county_id"):
        if cohort_id in counties_of and county_id not in counties_of[cohort_id]:
            counties_of[cohort_id].append(county_id)

    counts: dict[tuple[int, Term], int] = defaultdict(int)
    terms = {term for start, end in periods for term in terms_between(start, end)}
    for cohort_id, first_start in first_starts.items():
        term = Term.of(timezone.localtime(first_start).date())
        terms.add(term)
        for county_id in counties_of[cohort_id]:
            counts[county_id, term] += 1

    ordered_terms = sorted(terms)
    rows = [
        CountyRow(county=county, counts=[counts[county.pk, term] for term in ordered_terms])
        for county in County.objects.order_by("code")
    ]
    return NationalOverview(terms=ordered_terms, rows=rows)
