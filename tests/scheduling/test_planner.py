"""The rollout planner, checked by what a national coordinator expects and by properties."""

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import UTC, date, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.planner import NATIONAL_RULES as REAL_ROUND_RULES
from bench.planner import national_counties
from calendars.rules import allowed_session_days
from scheduling.planner import (
    CountyDemand,
    Plan,
    PlannedCohort,
    PlanRules,
    plan_rollout,
    validate_rules,
)

# The national round with four trainers at once: one cohort short, as the tests below pin.
NATIONAL_RULES = replace(REAL_ROUND_RULES, trainer_capacity=4)

STOCKHOLM = ZoneInfo("Europe/Stockholm")

SMALL_RULES = PlanRules(
    start=date(2022, 9, 5),
    end=date(2023, 6, 16),
    min_cohort_size=8,
    max_cohort_size=20,
    sessions_per_cohort=2,
    weeks_between_sessions=2,
    session_start=time(13, 0),
    session_minutes=180,
    weekdays=frozenset({1, 2, 3}),
    trainer_capacity=2,
)


def county(code: str, demand: int, *, pilot: bool = False) -> CountyDemand:
    """A county with a readable made-up name."""
    return CountyDemand(code, f"Län {code}", demand, is_pilot=pilot)


def seats_of(cohort: PlannedCohort) -> dict[str, int]:
    """A cohort's seats per county code."""
    return dict(cohort.seats_by_county)


def session_days(plan: Plan) -> set[date]:
    """Every day on which some cohort of the plan meets."""
    return {session.start.date() for cohort in plan.cohorts for session in cohort.sessions}


def check_plan_invariants(plan: Plan, counties: list[CountyDemand], rules: PlanRules) -> None:
    """Assert every rule a plan must keep; coverage and pilot order only for a feasible plan."""
    allowed = allowed_session_days(rules.start, rules.end, rules.weekdays, rules.blackout_periods)
    allowed_set = set(allowed)
    zone = ZoneInfo(rules.timezone)
    step = 7 * rules.weeks_between_sessions
    by_code = {c.code: c for c in counties}

    # Sessions: allowed days, local start time, aware, exact length, spacing rule.
    for cohort in plan.cohorts:
        assert [s.number for s in cohort.sessions] == list(range(1, rules.sessions_per_cohort + 1))
        for session in cohort.sessions:
            assert session.start.date() in allowed_set
            assert session.start.tzinfo == zone and session.end.tzinfo == zone
            assert session.start.time() == rules.session_start
            elapsed = session.end.astimezone(UTC) - session.start.astimezone(UTC)
            assert elapsed == timedelta(minutes=rules.session_minutes)
        days = [s.start.date() for s in cohort.sessions]
        for earlier, later in pairwise(days):
            assert step <= (later - earlier).days <= step + 13
            assert later == allowed[bisect_left(allowed, earlier + timedelta(days=step))]

    # Order of cohorts and of county summaries.
    keys = [(c.sessions[0].start, c.county_code) for c in plan.cohorts]
    assert keys == sorted(keys)
    pilots = [c.code for c in counties if c.is_pilot]
    others = sorted(c.code for c in counties if not c.is_pilot)
    assert [s.code for s in plan.counties] == pilots + others

    # Running cohorts: never above capacity, and the reported figure is the real one.
    firsts = sorted(c.sessions[0].start.date() for c in plan.cohorts)
    lasts = sorted(c.sessions[-1].start.date() for c in plan.cohorts)
    running = [bisect_right(firsts, day) - bisect_left(lasts, day) for day in firsts]
    assert plan.max_running_at_once == max(running, default=0)
    assert plan.max_running_at_once <= rules.trainer_capacity

    # Seats and sharing.
    hosted: dict[str, list[PlannedCohort]] = {}
    joined: dict[str, list[PlannedCohort]] = {}
    for cohort in plan.cohorts:
        seats = seats_of(cohort)
        assert [code for code, _ in cohort.seats_by_county] == sorted(seats)
        assert cohort.capacity == sum(seats.values()) <= rules.max_cohort_size
        assert all(n > 0 for n in seats.values())
        assert cohort.county_code in seats
        assert cohort.guest_county_codes == tuple(sorted(set(seats) - {cohort.county_code}))
        assert len({by_code[code].is_pilot for code in seats}) == 1
        hosted.setdefault(cohort.county_code, []).append(cohort)
        for code in cohort.guest_county_codes:
            joined.setdefault(code, []).append(cohort)
            assert 0 < by_code[code].demand < rules.min_cohort_size
            assert seats[code] == by_code[code].demand
        host = by_code[cohort.county_code]
        if host.demand < rules.min_cohort_size:
            # A shared cohort of guests is hosted by its largest guest (ties: lowest code).
            assert all(
                (-by_code[code].demand, code) > (-host.demand, host.code)
                for code in cohort.guest_county_codes
            )
    names = [c.name for c in plan.cohorts]
    assert len(names) == len(set(names))
    for code, own in hosted.items():
        assert [c.name.split(" (med ")[0] for c in own] == [
            f"{by_code[code].name}, grupp {n}" for n in range(1, len(own) + 1)
        ]

    for summary in plan.counties:
        mine = hosted.get(summary.code, []) + joined.get(summary.code, [])
        assert summary.seats == sum(seats_of(c)[summary.code] for c in mine)
        assert summary.cohorts == len(mine)
        assert summary.hosted_by == tuple(
            sorted({c.county_code for c in joined.get(summary.code, [])})
        )
        assert summary.first_session == min((c.sessions[0].start for c in mine), default=None)
        assert summary.last_session == max((c.sessions[-1].start for c in mine), default=None)

    if not plan.feasible:
        assert plan.problems
        return
    assert plan.problems == ()

    for demand in counties:
        summary = next(s for s in plan.counties if s.code == demand.code)
        assert summary.seats == demand.demand
        own = hosted.get(demand.code, [])
        if demand.demand >= rules.min_cohort_size:
            count = math.ceil(demand.demand / rules.max_cohort_size)
            sizes = [seats_of(c)[demand.code] for c in own]
            assert len(sizes) == count and demand.code not in joined
            assert max(sizes) - min(sizes) <= 1
            if demand.demand // count >= rules.min_cohort_size:
                assert min(sizes) >= rules.min_cohort_size
        elif demand.demand > 0:
            assert len(own) + len(joined.get(demand.code, [])) == 1
        else:
            assert summary.cohorts == 0 and summary.first_session is None

    pilot_firsts = [
        s.first_session for s in plan.counties if s.cohorts and by_code[s.code].is_pilot
    ]
    other_firsts = [
        s.first_session for s in plan.counties if s.cohorts and not by_code[s.code].is_pilot
    ]
    if pilot_firsts and other_firsts:
        assert max(pilot_firsts) <= min(other_firsts)


def suggested_figures(plan: Plan) -> tuple[int | None, int | None]:
    """The trainer capacity and the extension in weeks that the problems say would be enough."""
    text = " ".join(plan.problems)
    capacity = re.search(r"Det räcker med (\d+) samtidiga grupper", text)
    weeks = re.search(r"perioden förlängs med (\d+) veck", text)
    return (
        int(capacity.group(1)) if capacity else None,
        int(weeks.group(1)) if weeks else None,
    )


def check_suggestions_are_the_smallest_that_fit(counties, rules: PlanRules, plan: Plan) -> None:
    """Re-plan with the suggested figures (they fit) and with one less (it does not)."""
    capacity, weeks = suggested_figures(plan)
    assert capacity is not None or weeks is not None or "Varken" in plan.problems[1]
    if capacity is not None:
        assert plan_rollout(counties, replace(rules, trainer_capacity=capacity)).feasible
        assert not plan_rollout(counties, replace(rules, trainer_capacity=capacity - 1)).feasible
    if weeks is not None:
        assert plan_rollout(
            counties, replace(rules, end=rules.end + timedelta(weeks=weeks))
        ).feasible
        shorter = replace(rules, end=rules.end + timedelta(weeks=weeks - 1))
        assert not plan_rollout(counties, shorter).feasible


# The national round.


@pytest.fixture(scope="module")
def national_plan() -> Plan:
    """The national round with five trainers, the smallest number it fits with."""
    return plan_rollout(national_counties(), replace(NATIONAL_RULES, trainer_capacity=5))


def test_national_round_with_four_trainers_is_one_cohort_short_and_says_what_would_fit():
    counties = national_counties()
    plan = plan_rollout(counties, NATIONAL_RULES)
    assert not plan.feasible
    assert plan.problems == (
        "Planen ryms inte i perioden: 37 grupper behövs men bara 36 hinner genomföras med "
        "4 samtidiga grupper.",
        "Det räcker med 5 samtidiga grupper, eller att perioden förlängs med 7 veckor.",
        "Platser som saknas: Skåne län 16 av 66.",
    )
    assert len(plan.cohorts) == 36
    check_plan_invariants(plan, counties, NATIONAL_RULES)
    check_suggestions_are_the_smallest_that_fit(counties, NATIONAL_RULES, plan)


def test_national_round_with_five_trainers_covers_every_county_in_the_period(national_plan):
    counties = national_counties()
    check_plan_invariants(national_plan, counties, replace(NATIONAL_RULES, trainer_capacity=5))
    assert national_plan.feasible
    assert len(national_plan.counties) == 21
    assert all(s.seats == s.demand > 0 for s in national_plan.counties)
    assert sum(s.seats for s in national_plan.counties) == 580
    assert national_plan.max_running_at_once == 5
    assert max(c.sessions[-1].start.date() for c in national_plan.cohorts) <= date(2023, 12, 15)


def test_pilot_counties_hold_the_first_cohorts_of_the_national_round(national_plan):
    first_day = national_plan.cohorts[0].sessions[0].start
    assert first_day.date() == date(2022, 1, 11)  # the first Tuesday of the round
    first_wave = [c.county_code for c in national_plan.cohorts if c.sessions[0].start == first_day]
    assert set(first_wave) == {"14", "07"}
    assert [s.code for s in national_plan.counties[:2]] == ["14", "07"]
    pilot_starts = [s.first_session for s in national_plan.counties[:2]]
    assert max(pilot_starts) <= min(s.first_session for s in national_plan.counties[2:])


def test_gotland_joins_another_countys_cohort_as_a_guest(national_plan):
    gotland = next(s for s in national_plan.counties if s.code == "09")
    assert (gotland.seats, gotland.cohorts) == (2, 1)
    (shared,) = [c for c in national_plan.cohorts if "09" in c.guest_county_codes]
    assert gotland.hosted_by == (shared.county_code,)
    assert shared.name == "Blekinge län, grupp 1 (med Gotlands län)"
    assert shared.seats_by_county == (("09", 2), ("10", 10))
    assert not any(c.county_code == "09" for c in national_plan.cohorts)


def test_national_sessions_avoid_holidays_their_eves_and_the_breaks(national_plan):
    days = session_days(national_plan)
    candidates = allowed_session_days(
        NATIONAL_RULES.start, NATIONAL_RULES.end, NATIONAL_RULES.weekdays, ()
    )
    assert days <= set(candidates)
    for day in [date(2022, 4, 14), date(2022, 5, 25), date(2023, 4, 6), date(2023, 6, 6)]:
        assert day not in days
    for first, last in NATIONAL_RULES.blackout_periods:
        assert not [day for day in days if first <= day <= last]


def test_national_sessions_keep_09_local_time_in_winter_and_summer_time(national_plan):
    sessions = [s for c in national_plan.cohorts for s in c.sessions]
    january = next(s for s in sessions if s.start.month == 1)
    may = next(s for s in sessions if s.start.month == 5)
    november = next(s for s in sessions if s.start.month == 11)
    assert january.start.isoformat().endswith("T09:00:00+01:00")
    assert may.start.isoformat().endswith("T09:00:00+02:00")
    assert may.end.isoformat().endswith("T12:00:00+02:00")
    assert november.start.isoformat().endswith("T09:00:00+01:00")


# Calendar details in small plans.


def one_cohort_rules(start: date, end: date, weekdays: set[int], **changes) -> PlanRules:
    """Rules for a single one-session cohort on the given weekdays."""
    rules = replace(SMALL_RULES, start=start, end=end, weekdays=frozenset(weekdays))
    return replace(rules, sessions_per_cohort=1, **changes)


@pytest.mark.parametrize(
    ("start", "weekdays", "first_day"),
    [
        (date(2022, 6, 20), {4}, date(2022, 7, 1)),  # not on midsommarafton
        (date(2022, 12, 20), {5}, date(2023, 1, 7)),  # not on julafton nor nyårsafton
        (date(2022, 4, 11), {3, 4}, date(2022, 4, 21)),  # not on skärtorsdag nor långfredag
        (date(2022, 5, 23), {2, 3}, date(2022, 6, 1)),  # not around Kristi himmelsfärd
    ],
)
def test_a_cohort_never_meets_on_a_holiday_or_its_eve(start, weekdays, first_day):
    rules = one_cohort_rules(start, start + timedelta(days=60), weekdays)
    plan = plan_rollout([county("07", 10)], rules)
    assert plan.cohorts[0].sessions[0].start.date() == first_day


@pytest.mark.parametrize(
    ("day", "offset"),
    [
        (date(2022, 3, 22), "+01:00"),
        (date(2022, 3, 29), "+02:00"),
        (date(2022, 10, 25), "+02:00"),
        (date(2022, 11, 1), "+01:00"),
    ],
)
def test_sessions_around_a_daylight_saving_change_stay_at_local_start_time(day, offset):
    rules = one_cohort_rules(day, day, {1}, session_start=time(9, 0))
    session = plan_rollout([county("07", 10)], rules).cohorts[0].sessions[0]
    assert session.start.isoformat() == f"{day}T09:00:00{offset}"
    assert session.end.isoformat() == f"{day}T12:00:00{offset}"


def test_a_session_across_the_autumn_change_lasts_its_real_length():
    # 2022-10-30 is the Sunday when clocks go back at 03:00.
    rules = one_cohort_rules(date(2022, 10, 30), date(2022, 10, 30), {6}, session_start=time(1, 0))
    session = plan_rollout([county("07", 10)], rules).cohorts[0].sessions[0]
    assert session.start.isoformat() == "2022-10-30T01:00:00+02:00"
    assert session.end.isoformat() == "2022-10-30T03:00:00+01:00"


def test_a_session_blocked_by_a_short_break_moves_to_the_next_allowed_day():
    rules = replace(
        SMALL_RULES,
        start=date(2022, 9, 6),
        end=date(2022, 12, 31),
        weekdays=frozenset({1}),
        weeks_between_sessions=1,
        blackout_periods=((date(2022, 9, 13), date(2022, 9, 19)),),
    )
    sessions = plan_rollout([county("07", 10)], rules).cohorts[0].sessions
    assert [s.start.date() for s in sessions] == [date(2022, 9, 6), date(2022, 9, 20)]


def test_a_cohort_starts_later_rather_than_pause_more_than_13_extra_days():
    rules = replace(
        SMALL_RULES,
        start=date(2022, 9, 6),
        end=date(2022, 12, 31),
        weekdays=frozenset({1}),
        weeks_between_sessions=1,
        blackout_periods=((date(2022, 9, 13), date(2022, 9, 30)),),
    )
    sessions = plan_rollout([county("07", 10)], rules).cohorts[0].sessions
    assert [s.start.date() for s in sessions] == [date(2022, 10, 4), date(2022, 10, 11)]


# Seats, sharing and order.


def test_a_county_demand_is_spread_evenly_over_as_few_cohorts_as_fit():
    plan = plan_rollout([county("12", 41)], SMALL_RULES)
    assert [c.capacity for c in plan.cohorts] == [14, 14, 13]
    assert [c.name for c in plan.cohorts] == [
        "Län 12, grupp 1",
        "Län 12, grupp 2",
        "Län 12, grupp 3",
    ]


def test_a_county_without_demand_gets_no_cohort_but_is_listed():
    plan = plan_rollout([county("01", 20), county("03", 0)], SMALL_RULES)
    assert plan.feasible
    assert {c.county_code for c in plan.cohorts} == {"01"}
    empty = plan.counties[1]
    assert (empty.code, empty.seats, empty.cohorts, empty.first_session) == ("03", 0, 0, None)


def test_a_small_county_joins_the_cohort_with_the_most_spare_room():
    counties = [county("03", 30), county("04", 12), county("05", 18), county("09", 3)]
    plan = plan_rollout(counties, SMALL_RULES)
    (shared,) = [c for c in plan.cohorts if c.guest_county_codes]
    assert shared.county_code == "04"
    assert shared.capacity == 15
    assert shared.name == "Län 04, grupp 1 (med Län 09)"


def test_equal_spare_room_goes_to_the_lowest_county_code():
    counties = [county("05", 12), county("04", 12), county("09", 3)]
    plan = plan_rollout(counties, SMALL_RULES)
    assert [c.county_code for c in plan.cohorts if c.guest_county_codes] == ["04"]


def test_small_counties_share_a_cohort_hosted_by_the_largest_when_no_host_has_room():
    counties = [county("01", 40), county("09", 3), county("10", 4), county("13", 2)]
    plan = plan_rollout(counties, SMALL_RULES)
    (shared,) = [c for c in plan.cohorts if c.county_code != "01"]
    assert shared.county_code == "10"
    assert shared.guest_county_codes == ("09", "13")
    assert shared.name == "Län 10, grupp 1 (med Län 09 och Län 13)"
    assert shared.capacity == 9  # below the minimum of 8 per county, accepted: no other way


def test_shared_cohorts_of_small_counties_never_exceed_the_largest_size():
    rules = replace(SMALL_RULES, max_cohort_size=10)
    counties = [county("01", 20), county("03", 6), county("04", 5), county("05", 4)]
    plan = plan_rollout(counties, replace(rules, min_cohort_size=7))
    shared = sorted(c.seats_by_county for c in plan.cohorts if c.county_code != "01")
    assert shared == [(("03", 6),), (("04", 5), ("05", 4))]


def test_pilot_cohorts_take_no_guests_from_other_counties():
    counties = [county("07", 10, pilot=True), county("01", 18), county("09", 5)]
    plan = plan_rollout(counties, SMALL_RULES)
    pilot = next(c for c in plan.cohorts if c.county_code == "07")
    assert pilot.seats_by_county == (("07", 10),)
    assert next(c for c in plan.cohorts if c.county_code == "09").seats_by_county == (("09", 5),)


def test_a_small_pilot_joins_another_pilot_and_still_starts_first():
    counties = [county("01", 20), county("14", 30, pilot=True), county("07", 4, pilot=True)]
    plan = plan_rollout(counties, replace(SMALL_RULES, trainer_capacity=1))
    check_plan_invariants(plan, counties, replace(SMALL_RULES, trainer_capacity=1))
    assert [c.name for c in plan.cohorts] == [
        "Län 14, grupp 1 (med Län 07)",
        "Län 14, grupp 2",
        "Län 01, grupp 1",
    ]


def test_pilots_start_in_the_order_the_round_names_them():
    counties = [county("01", 10), county("14", 10, pilot=True), county("07", 10, pilot=True)]
    plan = plan_rollout(counties, replace(SMALL_RULES, trainer_capacity=1))
    assert [c.county_code for c in plan.cohorts] == ["14", "07", "01"]
    assert [s.code for s in plan.counties] == ["14", "07", "01"]


def test_every_county_gets_its_first_cohort_before_any_county_gets_a_second():
    counties = [county("01", 40), county("03", 20), county("04", 20)]
    plan = plan_rollout(counties, replace(SMALL_RULES, trainer_capacity=1))
    assert [c.name for c in plan.cohorts] == [
        "Län 01, grupp 1",
        "Län 03, grupp 1",
        "Län 04, grupp 1",
        "Län 01, grupp 2",
    ]


def test_no_more_cohorts_run_at_once_than_there_are_trainers():
    counties = [county(f"{n:02d}", 20) for n in range(1, 8)]
    plan = plan_rollout(counties, SMALL_RULES)
    check_plan_invariants(plan, counties, SMALL_RULES)
    assert plan.max_running_at_once == 2
    assert len({c.sessions[0].start for c in plan.cohorts}) == 4


def test_progress_is_reported_once_per_cohort():
    calls = []
    plan_rollout(national_counties(), NATIONAL_RULES, progress=lambda *call: calls.append(call))
    assert calls == [(done, 37) for done in range(1, 38)]


def test_a_round_without_demand_is_an_empty_feasible_plan():
    plan = plan_rollout([county("01", 0)], SMALL_RULES)
    assert (plan.cohorts, plan.feasible, plan.problems, plan.max_running_at_once) == (
        (),
        True,
        (),
        0,
    )


# Plans that do not fit.


def test_a_too_short_period_names_the_shortfall_and_remedies_that_work():
    counties = [county("01", 60), county("03", 60), county("04", 40)]
    rules = replace(SMALL_RULES, end=date(2022, 10, 31))
    plan = plan_rollout(counties, rules)
    assert not plan.feasible
    assert plan.problems[0] == (
        "Planen ryms inte i perioden: 8 grupper behövs men bara 6 hinner genomföras med "
        "2 samtidiga grupper."
    )
    assert plan.problems[1] == (
        "Det räcker med 3 samtidiga grupper, eller att perioden förlängs med 2 veckor."
    )
    assert plan.problems[2] == "Platser som saknas: Län 01 20 av 60, Län 03 20 av 60."
    check_plan_invariants(plan, counties, rules)
    check_suggestions_are_the_smallest_that_fit(counties, rules, plan)


def test_a_period_too_short_for_one_cohort_asks_only_for_a_longer_period():
    rules = replace(NATIONAL_RULES, end=date(2022, 2, 28))
    counties = [county("01", 10)]
    plan = plan_rollout(counties, rules)
    assert plan.cohorts == ()
    assert plan.problems[:2] == (
        "Planen ryms inte i perioden: 1 grupp behövs men ingen grupp hinner genomföras "
        "(3 träffar med 4 veckors mellanrum) mellan 2022-01-10 och 2022-02-28.",
        "Fler samtidiga grupper hjälper inte, men det räcker att perioden förlängs med 2 veckor.",
    )
    check_suggestions_are_the_smallest_that_fit(counties, rules, plan)


def test_a_blackout_to_the_end_of_time_says_nothing_helps():
    rules = replace(SMALL_RULES, blackout_periods=((date(2022, 9, 1), date(2099, 12, 31)),))
    plan = plan_rollout([county("01", 10)], rules)
    assert not plan.feasible
    assert plan.problems[1].startswith("Varken fler samtidiga grupper eller en förlängning")


# Rules that cannot be planned with.


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"min_cohort_size": 12, "max_cohort_size": 10},
            "Minsta gruppstorlek (12) är större än största (10).",
        ),
        ({"min_cohort_size": 0}, "Minsta gruppstorlek måste vara minst 1 (är 0)."),
        ({"max_cohort_size": 0}, "Största gruppstorlek måste vara minst 1 (är 0)."),
        ({"sessions_per_cohort": 0}, "Antal träffar per grupp måste vara minst 1 (är 0)."),
        ({"weeks_between_sessions": 0}, "Veckor mellan träffarna måste vara minst 1 (är 0)."),
        ({"weekdays": frozenset()}, "Veckodagar för träffarna: minst en veckodag måste väljas."),
        ({"weekdays": frozenset({1, 7})}, "Veckodagar för träffarna: 7 är ingen veckodag (0–6)."),
        ({"end": date(2022, 9, 1)}, "Slutdatum (2022-09-01) ligger före startdatum (2022-09-05)."),
        (
            {"trainer_capacity": 0},
            "Antal samtidiga grupper (kursledarkapacitet) måste vara minst 1 (är 0).",
        ),
        ({"session_minutes": 0}, "Träffens längd måste vara minst 1 minut (är 0)."),
        (
            {"session_start": time(22, 0)},
            "Träffens längd (180 minuter) gör att en träff som börjar 22:00 slutar först "
            "nästa dag.",
        ),
        (
            {"session_start": time(9, 0, tzinfo=UTC)},
            "Träffarnas starttid ska anges som lokal tid, utan tidszon.",
        ),
        (
            {"blackout_periods": ((date(2022, 12, 31), date(2022, 12, 19)),)},
            "Spärrperioden 2022-12-31–2022-12-19 slutar innan den börjar.",
        ),
        ({"timezone": "Europe/Stokholm"}, "Tidszonen ”Europe/Stokholm” är okänd."),
    ],
)
def test_unusable_rules_are_explained_by_field_and_nothing_is_planned(changes, message):
    rules = replace(SMALL_RULES, **changes)
    assert message in validate_rules(rules)
    plan = plan_rollout([county("01", 20)], rules)
    assert (plan.feasible, plan.cohorts) == (False, ())
    assert message in plan.problems
    assert plan.counties[0].seats == 0


def test_usable_rules_have_no_problems():
    assert validate_rules(NATIONAL_RULES) == []
    assert validate_rules(SMALL_RULES) == []


def test_repeated_counties_and_negative_demand_are_explained():
    plan = plan_rollout([county("01", 10), county("01", 5), county("03", -2)], SMALL_RULES)
    assert plan.problems == (
        "Länet 01 (Län 01) finns med mer än en gång.",
        "Behovet för Län 03 kan inte vara negativt (är -2).",
    )
    assert plan.cohorts == ()


# Properties over random rounds.


@st.composite
def rounds(draw) -> tuple[list[CountyDemand], PlanRules]:
    """Up to 25 counties with random demand and pilots, and random but valid rules."""
    codes = draw(st.lists(st.integers(1, 25), min_size=1, max_size=25, unique=True))
    counties = [
        CountyDemand(
            f"{code:02d}", f"Län {code:02d}", draw(st.integers(0, 120)), draw(st.booleans())
        )
        for code in codes
    ]
    start = date(2021, 1, 1) + timedelta(days=draw(st.integers(0, 1100)))
    length = draw(st.integers(30, 900))
    blackouts = []
    for _ in range(draw(st.integers(0, 3))):
        first = start + timedelta(days=draw(st.integers(0, length)))
        blackouts.append((first, first + timedelta(days=draw(st.integers(0, 60)))))
    smallest = draw(st.integers(1, 20))
    rules = PlanRules(
        start=start,
        end=start + timedelta(days=length),
        min_cohort_size=smallest,
        max_cohort_size=draw(st.integers(smallest, 40)),
        sessions_per_cohort=draw(st.integers(1, 5)),
        weeks_between_sessions=draw(st.integers(1, 6)),
        session_start=time(draw(st.integers(7, 16)), draw(st.sampled_from([0, 15, 30, 45]))),
        session_minutes=draw(st.integers(30, 240)),
        weekdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
        blackout_periods=tuple(blackouts),
        trainer_capacity=draw(st.integers(1, 8)),
    )
    return counties, rules


@settings(max_examples=100, deadline=None)
@given(rounds())
def test_every_plan_keeps_the_rules_and_every_shortfall_is_explained(generated):
    counties, rules = generated
    plan = plan_rollout(counties, rules)
    check_plan_invariants(plan, counties, rules)
    if not plan.feasible:
        assert plan.problems[0].startswith("Planen ryms inte i perioden:")
        check_suggestions_are_the_smallest_that_fit(counties, rules, plan)


@settings(max_examples=60, deadline=None)
@given(rounds(), st.randoms(use_true_random=False))
def test_the_same_round_gives_the_same_plan_whatever_the_order_of_other_counties(generated, random):
    counties, rules = generated
    plan = plan_rollout(counties, rules)
    assert plan_rollout(counties, rules) == plan
    pilots = [c for c in counties if c.is_pilot]
    others = [c for c in counties if not c.is_pilot]
    random.shuffle(others)
    assert plan_rollout(others + pilots, rules) == plan
