"""The national rollout planner: cohorts per county with every session date, plain data only.

How a plan is made:

1. Seats. A county whose demand reaches ``min_cohort_size`` hosts ``ceil(demand /
   max_cohort_size)`` cohorts with its demand spread evenly (sizes differ by at most one). When
   ``min_cohort_size`` is more than half of ``max_cohort_size`` the even sizes can fall below the
   minimum; they are kept, because seats are never invented. A county with 0 demand gets nothing.
2. Guests. A county with some demand below ``min_cohort_size`` joins, whole, the host cohort with
   the most spare room (ties: lowest host code, then its earliest cohort). Guests are placed
   largest demand first (ties by code). Pilot and non-pilot counties never share a cohort, so
   pilots stay first and keep their cohorts to themselves. A guest that fits nowhere joins a
   shared cohort of guests (most spare room first) or opens one, hosted by its largest guest;
   such a cohort may stay below ``min_cohort_size``, since the county cannot be covered otherwise.
3. Queue. Pilot cohorts come first (pilots in the order given), then the others; within each band
   every county's first cohort before anyone's second (round-robin), ties by county code.
4. Sessions. Session k+1 falls on the first allowed day on or after session k + 7 *
   ``weeks_between_sessions`` days. If that day is more than 13 days later still (a blackout or
   a run of holidays in between), the cohort cannot start on that first day and a later start is
   tried. So sessions are always 7w to 7w + 13 days apart, and all of them inside the period.
5. Time slots. A cohort runs from its first to its last session date, inclusive. All cohorts
   share one session pattern, so later starts give later ends; taking cohorts in queue order,
   the trainer who is free first is the one of the cohort ``trainer_capacity`` places earlier,
   and each cohort takes the first valid start after that cohort's last session. This is greedy
   "earliest day with a free trainer" in O(days * sessions + cohorts), with no heap needed.

When cohorts are left over, the plan is infeasible and its problems say how many cohorts are short
and give the smallest trainer capacity and the smallest extension of the period (in whole weeks)
that would fit everything, both found by planning again (feasibility only grows with either).
"""

import math
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from calendars.rules import allowed_session_days

MAX_EXTRA_GAP_DAYS = 13
MAX_EXTENSION_WEEKS = 520


@dataclass(frozen=True)
class CountyDemand:
    """How many seats a county needs, and whether it is a pilot county."""

    code: str
    name: str
    demand: int
    is_pilot: bool = False


@dataclass(frozen=True)
class PlanRules:
    """The round's limits: period, cohort sizes, session pattern, weekdays and trainer capacity."""

    start: date
    end: date
    min_cohort_size: int
    max_cohort_size: int
    sessions_per_cohort: int
    weeks_between_sessions: int
    session_start: time
    session_minutes: int
    weekdays: frozenset[int]
    blackout_periods: tuple[tuple[date, date], ...] = ()
    trainer_capacity: int = 4
    timezone: str = "Europe/Stockholm"


@dataclass(frozen=True)
class PlannedSession:
    """One half-day session of a cohort, with aware start and end times."""

    number: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class PlannedCohort:
    """A proposed cohort: its host county, any guest counties, seats and sessions."""

    county_code: str
    guest_county_codes: tuple[str, ...]
    name: str
    capacity: int
    seats_by_county: tuple[tuple[str, int], ...]
    sessions: tuple[PlannedSession, ...]


@dataclass(frozen=True)
class CountySummary:
    """One county's share of the plan; ``last_session`` is the start of its last session."""

    code: str
    name: str
    demand: int
    seats: int
    cohorts: int
    first_session: datetime | None
    last_session: datetime | None
    hosted_by: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A proposed rollout, whether it fits, and in words what does not."""

    cohorts: tuple[PlannedCohort, ...]
    counties: tuple[CountySummary, ...]
    feasible: bool
    problems: tuple[str, ...]
    max_running_at_once: int


@dataclass
class _Draft:
    """A cohort before it has dates: whose seats it holds and its place in the queue."""

    host: CountyDemand
    round: int
    host_seats: int
    guests: list[CountyDemand] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Seats taken by the host and its guests."""
        return self.host_seats + sum(guest.demand for guest in self.guests)


@dataclass(frozen=True)
class _Calendar:
    """Allowed days and, per possible first day, the days of a cohort starting there."""

    ordinals: list[int]
    sessions: list[tuple[int, ...]]  # day indices per start index, () if no cohort can start there
    next_start: list[int]  # smallest valid start index >= i; len(ordinals) when there is none


def validate_rules(rules: PlanRules) -> list[str]:
    """Problems with the rules, in Swedish, each naming the field; empty when they are usable."""
    problems = []
    if rules.end < rules.start:
        problems.append(f"Slutdatum ({rules.end}) ligger före startdatum ({rules.start}).")
    if rules.min_cohort_size < 1:
        problems.append(f"Minsta gruppstorlek måste vara minst 1 (är {rules.min_cohort_size}).")
    if rules.max_cohort_size < 1:
        problems.append(f"Största gruppstorlek måste vara minst 1 (är {rules.max_cohort_size}).")
    if rules.min_cohort_size > rules.max_cohort_size:
        problems.append(
            f"Minsta gruppstorlek ({rules.min_cohort_size}) är större än största "
            f"({rules.max_cohort_size})."
        )
    if rules.sessions_per_cohort < 1:
        problems.append(
            f"Antal träffar per grupp måste vara minst 1 (är {rules.sessions_per_cohort})."
        )
    if rules.weeks_between_sessions < 1:
        problems.append(
            f"Veckor mellan träffarna måste vara minst 1 (är {rules.weeks_between_sessions})."
        )
    if rules.session_start.tzinfo is not None:
        problems.append("Träffarnas starttid ska anges som lokal tid, utan tidszon.")
    if rules.session_minutes < 1:
        problems.append(f"Träffens längd måste vara minst 1 minut (är {rules.session_minutes}).")
    elif rules.session_start.hour * 60 + rules.session_start.minute + rules.session_minutes > 1440:
        problems.append(
            f"Träffens längd ({rules.session_minutes} minuter) gör att en träff som börjar "
            f"{rules.session_start:%H:%M} slutar först nästa dag."
        )
    if not rules.weekdays:
        problems.append("Veckodagar för träffarna: minst en veckodag måste väljas.")
    for weekday in sorted(day for day in rules.weekdays if day not in range(7)):
        problems.append(f"Veckodagar för träffarna: {weekday} är ingen veckodag (0–6).")
    for first, last in rules.blackout_periods:
        if last < first:
            problems.append(f"Spärrperioden {first}–{last} slutar innan den börjar.")
    if rules.trainer_capacity < 1:
        problems.append(
            f"Antal samtidiga grupper (kursledarkapacitet) måste vara minst 1 "
            f"(är {rules.trainer_capacity})."
        )
    try:
        ZoneInfo(rules.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"Tidszonen ”{rules.timezone}” är okänd.")
    return problems


def plan_rollout(
    counties: Sequence[CountyDemand],
    rules: PlanRules,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Propose cohorts and session dates for every county; ``progress`` hears once per cohort."""
    problems = validate_rules(rules) + _validate_counties(counties)
    if problems:
        return Plan(
            cohorts=(),
            counties=_summaries(counties, ()),
            feasible=False,
            problems=tuple(problems),
            max_running_at_once=0,
        )

    drafts = _draft_cohorts(counties, rules)
    calendar = _build_calendar(rules, rules.end)
    starts = _schedule(calendar, len(drafts), rules.trainer_capacity, rules.end)
    cohorts = _dated_cohorts(drafts, starts, calendar, rules, progress)
    summaries = _summaries(counties, cohorts)
    if len(starts) < len(drafts):
        problems = _shortage_problems(rules, len(drafts), len(starts), summaries)
    return Plan(
        cohorts=cohorts,
        counties=summaries,
        feasible=not problems,
        problems=tuple(problems),
        max_running_at_once=_max_running(cohorts),
    )


def _validate_counties(counties: Sequence[CountyDemand]) -> list[str]:
    """Problems with the counties themselves: repeated codes and negative demand."""
    problems = []
    seen: set[str] = set()
    for county in counties:
        if county.code in seen:
            problems.append(f"Länet {county.code} ({county.name}) finns med mer än en gång.")
        seen.add(county.code)
        if county.demand < 0:
            problems.append(
                f"Behovet för {county.name} kan inte vara negativt (är {county.demand})."
            )
    return problems


def _draft_cohorts(counties: Sequence[CountyDemand], rules: PlanRules) -> list[_Draft]:
    """Every cohort the counties need, with seats and guests settled, in queue order."""
    drafts = []
    guests = []
    for county in counties:
        if county.demand >= rules.min_cohort_size:
            count = math.ceil(county.demand / rules.max_cohort_size)
            size, larger = divmod(county.demand, count)
            drafts.extend(
                _Draft(county, number, size + (number < larger)) for number in range(count)
            )
        elif county.demand > 0:
            guests.append(county)

    for pilots in (True, False):
        hosts = [draft for draft in drafts if draft.host.is_pilot == pilots]
        shared: list[_Draft] = []
        band = [guest for guest in guests if guest.is_pilot == pilots]
        for guest in sorted(band, key=lambda county: (-county.demand, county.code)):
            target = _roomiest(hosts, guest.demand, rules.max_cohort_size)
            target = target or _roomiest(shared, guest.demand, rules.max_cohort_size)
            if target is None:
                shared.append(_Draft(guest, 0, guest.demand))
            else:
                target.guests.append(guest)
        drafts.extend(shared)

    pilot_rank = {
        county.code: rank for rank, county in enumerate(c for c in counties if c.is_pilot)
    }
    return sorted(
        drafts,
        key=lambda draft: (
            not draft.host.is_pilot,
            draft.round,
            pilot_rank.get(draft.host.code, 0),
            draft.host.code,
        ),
    )


def _roomiest(drafts: list[_Draft], seats: int, max_size: int) -> _Draft | None:
    """The draft with the most spare room that still takes ``seats``, ties by host and round."""
    fitting = [draft for draft in drafts if draft.size + seats <= max_size]
    return min(fitting, key=lambda d: (d.size, d.host.code, d.round), default=None)


def _build_calendar(rules: PlanRules, end: date) -> _Calendar:
    """Allowed days up to ``end`` and the session pattern of a cohort starting on each."""
    days = allowed_session_days(rules.start, end, rules.weekdays, rules.blackout_periods)
    ordinals = [day.toordinal() for day in days]
    sessions = [_session_chain(ordinals, first, rules) for first in range(len(ordinals))]
    next_start = [len(ordinals)] * (len(ordinals) + 1)
    for index in range(len(ordinals) - 1, -1, -1):
        next_start[index] = index if sessions[index] else next_start[index + 1]
    return _Calendar(ordinals, sessions, next_start)


def _session_chain(ordinals: list[int], first: int, rules: PlanRules) -> tuple[int, ...]:
    """Day indices of a cohort's sessions when it starts on ``first``; () if a gap is too long."""
    step = 7 * rules.weeks_between_sessions
    chain = [first]
    for _ in range(rules.sessions_per_cohort - 1):
        previous = ordinals[chain[-1]]
        following = bisect_left(ordinals, previous + step, lo=chain[-1] + 1)
        if following == len(ordinals) or ordinals[following] > previous + step + MAX_EXTRA_GAP_DAYS:
            return ()
        chain.append(following)
    return tuple(chain)


def _schedule(calendar: _Calendar, count: int, capacity: int, end: date) -> list[int]:
    """Start indices of the first cohorts of the queue that fit before ``end``, in queue order."""
    limit = end.toordinal()
    starts: list[int] = []
    ends: list[int] = []
    for number in range(count):
        # Starts, and so ends, only ever grow: the trainer who is free first is the one whose
        # cohort is ``capacity`` places earlier in the queue.
        earliest = ends[number - capacity] + 1 if number >= capacity else 0
        start = calendar.next_start[earliest]
        if start == len(calendar.ordinals):
            break
        last = calendar.sessions[start][-1]
        if calendar.ordinals[last] > limit:
            break
        starts.append(start)
        ends.append(last)
    return starts


def _dated_cohorts(
    drafts: list[_Draft],
    starts: list[int],
    calendar: _Calendar,
    rules: PlanRules,
    progress: Callable[[int, int], None] | None,
) -> tuple[PlannedCohort, ...]:
    """The scheduled drafts as cohorts with sessions and names, ordered by first session."""
    zone = ZoneInfo(rules.timezone)
    length = timedelta(minutes=rules.session_minutes)
    numbers: dict[str, int] = {}
    cohorts = []
    for done, draft in enumerate(drafts, start=1):
        if done <= len(starts):
            days = [calendar.ordinals[index] for index in calendar.sessions[starts[done - 1]]]
            cohorts.append(_cohort(draft, days, rules, zone, length, numbers))
        if progress is not None:
            progress(done, len(drafts))
    return tuple(sorted(cohorts, key=lambda c: (c.sessions[0].start, c.county_code)))


def _cohort(
    draft: _Draft,
    days: list[int],
    rules: PlanRules,
    zone: ZoneInfo,
    length: timedelta,
    numbers: dict[str, int],
) -> PlannedCohort:
    """A draft on its session days (ordinals); ``numbers`` counts each host's cohorts so far."""
    host = draft.host.code
    numbers[host] = numbers.get(host, 0) + 1
    guests = sorted(draft.guests, key=lambda county: county.code)
    name = f"{draft.host.name}, grupp {numbers[host]}"
    if guests:
        name += f" (med {_join([guest.name for guest in guests])})"
    sessions = []
    for number, day in enumerate(days, start=1):
        start = datetime.combine(date.fromordinal(day), rules.session_start, tzinfo=zone)
        # Elapsed time, not wall-clock time, so a session across a DST change keeps its length.
        end = (start.astimezone(UTC) + length).astimezone(zone)
        sessions.append(PlannedSession(number, start, end))
    return PlannedCohort(
        county_code=host,
        guest_county_codes=tuple(guest.code for guest in guests),
        name=name,
        capacity=draft.size,
        seats_by_county=tuple(
            sorted([(host, draft.host_seats)] + [(guest.code, guest.demand) for guest in guests])
        ),
        sessions=tuple(sessions),
    )


def _summaries(
    counties: Sequence[CountyDemand], cohorts: tuple[PlannedCohort, ...]
) -> tuple[CountySummary, ...]:
    """Each county's seats, cohorts and dates: pilots first in the order given, then by code."""
    taking_part: dict[str, list[PlannedCohort]] = {}
    for cohort in cohorts:
        for code, _ in cohort.seats_by_county:
            taking_part.setdefault(code, []).append(cohort)
    pilots = [county for county in counties if county.is_pilot]
    others = sorted((county for county in counties if not county.is_pilot), key=lambda c: c.code)
    summaries = []
    for county in pilots + others:
        joined = taking_part.get(county.code, [])
        summaries.append(
            CountySummary(
                code=county.code,
                name=county.name,
                demand=county.demand,
                seats=sum(dict(cohort.seats_by_county)[county.code] for cohort in joined),
                cohorts=len(joined),
                first_session=min((c.sessions[0].start for c in joined), default=None),
                last_session=max((c.sessions[-1].start for c in joined), default=None),
                hosted_by=tuple(
                    sorted({c.county_code for c in joined if c.county_code != county.code})
                ),
            )
        )
    return tuple(summaries)


def _max_running(cohorts: tuple[PlannedCohort, ...]) -> int:
    """The most cohorts running on any one date, each from its first to its last session date."""
    changes = []
    for cohort in cohorts:
        changes.append((cohort.sessions[0].start.date(), 1))
        changes.append((cohort.sessions[-1].start.date() + timedelta(days=1), -1))
    running = peak = 0
    # A cohort that ended the day before is gone before one starting that day is counted.
    for _, change in sorted(changes):
        running += change
        peak = max(peak, running)
    return peak


def _shortage_problems(
    rules: PlanRules, needed: int, fitted: int, summaries: tuple[CountySummary, ...]
) -> list[str]:
    """What does not fit, by how much, and the smallest capacity or extension that would fit."""
    longest_end = rules.end + timedelta(weeks=MAX_EXTENSION_WEEKS)
    calendar = _build_calendar(rules, longest_end)

    def fits(capacity: int, weeks: int) -> bool:
        end = rules.end + timedelta(weeks=weeks)
        return len(_schedule(calendar, needed, capacity, end)) == needed

    capacity = _smallest(lambda value: fits(value, 0), rules.trainer_capacity, needed)
    weeks = _smallest(lambda value: fits(rules.trainer_capacity, value), 0, MAX_EXTENSION_WEEKS)

    running = _count(rules.trainer_capacity, "samtidig grupp", "samtidiga grupper")
    if fitted:
        shortfall = f"bara {fitted} hinner genomföras med {running}"
    else:
        pattern = _count(rules.sessions_per_cohort, "träff", "träffar")
        if rules.sessions_per_cohort > 1:
            pattern += f" med {_count(rules.weeks_between_sessions, 'veckas', 'veckors')} mellanrum"
        shortfall = (
            f"ingen grupp hinner genomföras ({pattern}) mellan {rules.start} och {rules.end}"
        )
    problems = [
        f"Planen ryms inte i perioden: {_count(needed, 'grupp', 'grupper')} behövs men {shortfall}."
    ]
    longest = _count(MAX_EXTENSION_WEEKS, "vecka", "veckor")
    if capacity and weeks:
        problems.append(
            f"Det räcker med {_count(capacity, 'samtidig grupp', 'samtidiga grupper')}, "
            f"eller att perioden förlängs med {_count(weeks, 'vecka', 'veckor')}."
        )
    elif capacity:
        problems.append(
            f"Det räcker med {_count(capacity, 'samtidig grupp', 'samtidiga grupper')}; "
            f"att förlänga perioden med upp till {longest} räcker inte."
        )
    elif weeks:
        problems.append(
            "Fler samtidiga grupper hjälper inte, men det räcker att perioden förlängs med "
            f"{_count(weeks, 'vecka', 'veckor')}."
        )
    else:
        problems.append(
            f"Varken fler samtidiga grupper eller en förlängning med upp till {longest} räcker; "
            "se över veckodagarna och spärrperioderna."
        )
    short = [
        f"{summary.name} {summary.demand - summary.seats} av {summary.demand}"
        for summary in summaries
        if summary.seats < summary.demand
    ]
    problems.append(f"Platser som saknas: {', '.join(short)}.")
    return problems


def _smallest(fits: Callable[[int], bool], known_short: int, most: int) -> int | None:
    """The smallest value in (known_short, most] that fits, assuming more never fits less."""
    low, high = known_short, known_short + 1
    while not fits(high):
        if high >= most:
            return None
        # Gallop first: the answer is usually close, and each try plans the whole round again.
        low, high = high, min(most, known_short + 2 * (high - known_short))
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle
    return high


def _count(number: int, one: str, many: str) -> str:
    """A number with its Swedish noun in singular or plural."""
    return f"{number} {one if number == 1 else many}"


def _join(names: list[str]) -> str:
    """Names as a Swedish list: "A", "A och B", "A, B och C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} och {names[-1]}"
