"""Benchmark of the rollout planner on the national round and on ten times its demand.

``run()`` returns the rows of the table that ``make bench`` prints.
"""

import csv
from collections import Counter
from dataclasses import replace
from datetime import date, time
from pathlib import Path

from bench.measure import measure
from bench.rows import absolute_row
from scheduling.planner import CountyDemand, PlanRules, plan_rollout

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reference"
PILOT_COUNTY_CODES = ("14", "07")
SEATS_PER_MUNICIPALITY = 2
RUNS = 5

NATIONAL_RULES = PlanRules(
    start=date(2022, 1, 10),
    end=date(2023, 12, 15),
    min_cohort_size=8,
    max_cohort_size=20,
    sessions_per_cohort=3,
    weeks_between_sessions=4,
    session_start=time(9, 0),
    session_minutes=180,
    weekdays=frozenset({1, 2, 3}),
    blackout_periods=(
        (date(2022, 6, 20), date(2022, 8, 14)),
        (date(2022, 12, 19), date(2023, 1, 8)),
        (date(2023, 6, 19), date(2023, 8, 13)),
    ),
    trainer_capacity=6,  # as the real round: scheduling/rounds.py
)


def national_counties(seats_per_municipality: int = SEATS_PER_MUNICIPALITY) -> list[CountyDemand]:
    """All 21 counties with a demand per municipality; pilots first, as the round names them."""
    with open(REFERENCE_DIR / "municipalities.csv", encoding="utf-8", newline="") as file:
        municipalities = Counter(row["county_code"] for row in csv.DictReader(file))
    with open(REFERENCE_DIR / "counties.csv", encoding="utf-8", newline="") as file:
        names = {row["code"]: row["name"] for row in csv.DictReader(file)}
    order = list(PILOT_COUNTY_CODES) + sorted(set(names) - set(PILOT_COUNTY_CODES))
    return [
        CountyDemand(
            code=code,
            name=names[code],
            demand=municipalities[code] * seats_per_municipality,
            is_pilot=code in PILOT_COUNTY_CODES,
        )
        for code in order
    ]


def scenarios() -> list[tuple[str, list[CountyDemand], PlanRules, int]]:
    """The national round as bootstrap creates it, and with ten times the demand and trainers."""
    return [
        ("rikets utrullningsplan", national_counties(), NATIONAL_RULES, 1000),
        (
            "rikets utrullningsplan, 10× efterfrågan",
            national_counties(10 * SEATS_PER_MUNICIPALITY),
            replace(NATIONAL_RULES, trainer_capacity=10 * NATIONAL_RULES.trainer_capacity),
            5000,
        ),
    ]


def run() -> list[dict]:
    """One row per scenario: the plan's time and peak memory against its target."""
    rows = []
    for name, counties, rules, limit_ms in scenarios():
        plan = plan_rollout(counties, rules)
        cost = measure(
            lambda counties=counties, rules=rules: plan_rollout(counties, rules), runs=RUNS
        )
        seats = sum(county.demand for county in counties)
        rows.append(
            absolute_row(
                name,
                f"{seats} platser, {len(plan.cohorts)} grupper"
                + ("" if plan.feasible else " (ryms inte)"),
                cost,
                limit_ms=limit_ms,
            )
        )
    return rows
