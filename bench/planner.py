"""Benchmark of the rollout planner on the national round and on ten times its demand.

Run from the project root: ``.venv/bin/python -m bench.planner``. ``run()`` returns the rows for
other tools (a later ``make bench``).
"""

import csv
import statistics
import time as clock
import tracemalloc
from collections import Counter
from dataclasses import replace
from datetime import date, time
from pathlib import Path

from bench.table import print_table
from scheduling.planner import CountyDemand, Plan, PlanRules, plan_rollout

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
    trainer_capacity=4,
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


def scenarios() -> list[tuple[str, list[CountyDemand], PlanRules]]:
    """The national round as specified, with one more trainer, and with ten times the demand."""
    return [
        ("national", national_counties(), NATIONAL_RULES),
        ("national, 5 trainers", national_counties(), replace(NATIONAL_RULES, trainer_capacity=5)),
        (
            "national x10",
            national_counties(10 * SEATS_PER_MUNICIPALITY),
            replace(NATIONAL_RULES, trainer_capacity=10 * NATIONAL_RULES.trainer_capacity),
        ),
    ]


def _measure(counties: list[CountyDemand], rules: PlanRules) -> tuple[Plan, float, float]:
    """The plan, the median wall time in ms over RUNS runs, and the peak traced memory in MiB."""
    durations = []
    for _ in range(RUNS):
        began = clock.perf_counter()
        plan = plan_rollout(counties, rules)
        durations.append((clock.perf_counter() - began) * 1000)
    # Traced separately: tracemalloc slows allocation down and would inflate the timings.
    tracemalloc.start()
    plan_rollout(counties, rules)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return plan, statistics.median(durations), peak / 2**20


def run() -> list[dict]:
    """One row per scenario: size of the input and plan, feasibility, time and peak memory."""
    rows = []
    for name, counties, rules in scenarios():
        plan, median_ms, peak_mib = _measure(counties, rules)
        rows.append(
            {
                "scenario": name,
                "counties": len(counties),
                "seats": sum(county.demand for county in counties),
                "cohorts": len(plan.cohorts),
                "feasible": plan.feasible,
                "median_ms": round(median_ms, 1),
                "peak_mib": round(peak_mib, 2),
            }
        )
    return rows


def main() -> None:
    """Print the rows as a table."""
    print_table("Rollout planner", run())


if __name__ == "__main__":
    main()
