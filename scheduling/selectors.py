"""Reads for the public schedule pages: the open round, a county's cohorts, the national overview.

Each selector costs a fixed number of queries however many cohorts and sessions there are, and
returns plain dataclasses that templates render.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Case, DateField, F, IntegerField, Min, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Cohort, CohortStatus, County, Round, Session

SPRING, AUTUMN = 1, 2
HALF_CODES = {SPRING: "VT", AUTUMN: "HT"}


@dataclass(frozen=True, order=True)
class Term:
    """A half year: spring (VT, January–June) or autumn (HT, July–December)."""

    year: int
    half: int  # SPRING or AUTUMN

    @classmethod
    def of(cls, day: date) -> Term:
        """The term a date falls in."""
        return cls(day.year, SPRING if day.month <= 6 else AUTUMN)

    @classmethod
    def from_code(cls, code: str) -> Term:
        """Parse a code such as "2022-VT"; raise ValueError if it is not one."""
        year, _sep, half_code = code.partition("-")
        halves = {text: half for half, text in HALF_CODES.items()}
        if not (year.isdigit() and len(year) == 4 and half_code in halves):
            raise ValueError(f"not a term code: {code!r}")
        return cls(int(year), halves[half_code])

    @property
    def code(self) -> str:
        """The stored form, such as "2022-VT"."""
        return f"{self.year}-{HALF_CODES[self.half]}"

    @property
    def short(self) -> str:
        """The short form, such as "VT 2022"."""
        if self.half == SPRING:
            return _("VT %(year)s") % {"year": self.year}
        return _("HT %(year)s") % {"year": self.year}

    @property
    def label(self) -> str:
        """The words, such as "Våren 2022"."""
        if self.half == SPRING:
            return _("Våren %(year)s") % {"year": self.year}
        return _("Hösten %(year)s") % {"year": self.year}

    def next(self) -> Term:
        """The term after this one."""
        return Term(self.year, AUTUMN) if self.half == SPRING else Term(self.year + 1, SPRING)


def terms_between(start: date, end: date) -> list[Term]:
    """Every term that has at least one day between start and end, inclusive, in order."""
    terms, term, last = [], Term.of(start), Term.of(end)
    while term <= last:
        terms.append(term)
        term = term.next()
    return terms


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

    @property
    def is_shared(self) -> bool:
        """Whether counties other than the host take part."""
        return bool(self.partners) or not self.is_host


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
    guest_of = Cohort.guest_counties.through.objects.filter(county=county).values("cohort_id")
    cohorts = (
        Cohort.objects.filter(Q(county=county) | Q(pk__in=guest_of))
        .select_related("round", "county")
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
