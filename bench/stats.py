"""Benchmark of the completion statistics on synthetic rounds of 1,000 to 100,000 participants.

No database: the frames are built directly, seeded, over the real 21 counties and 290
municipalities. ``run()`` returns the rows of the table that ``make bench`` prints.
"""

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from bench.measure import measure
from bench.rows import absolute_row, thousands
from lms.stats.figures import StatsFrames, module_funnel, over_time, rollout_by_county, summary

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reference"
SIZES = (1_000, 10_000, 100_000)
RUNS = 3
MODULES, REQUIRED_MODULES = 10, 8
SESSIONS_PER_COHORT, CAPACITY = 3, 20
ROUND_START = pd.Timestamp("2022-01-11 08:00", tz="UTC")
NOW = pd.Timestamp("2023-06-01 12:00", tz="UTC")
DAY = pd.Timedelta(days=1)


def _reference() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The real counties and municipalities, codes kept as strings."""
    with open(REFERENCE_DIR / "counties.csv", encoding="utf-8", newline="") as file:
        counties = [(row["code"], row["name"]) for row in csv.DictReader(file)]
    with open(REFERENCE_DIR / "municipalities.csv", encoding="utf-8", newline="") as file:
        municipalities = [
            (
                r["code"],
                r["name"],
                r["county_code"],
                r["skr_group"],
                r["skr_group"],
                r["population"],
            )
            for r in csv.DictReader(file)
        ]
    return counties, municipalities


def synthetic_frames(participants: int, seed: int = 2022) -> StatsFrames:
    """A round of `participants` people: most start, fewer finish each later module."""
    rng = np.random.default_rng(seed)
    counties, municipalities = _reference()
    municipality = pd.DataFrame(
        municipalities, columns=["code", "name", "county", "skr", "skr_name", "population"]
    )
    weights = np.sqrt(municipality["population"].astype(float).to_numpy())
    home = rng.choice(len(municipality), size=participants, p=weights / weights.sum())
    people = pd.DataFrame(
        {
            "participant_id": np.arange(1, participants + 1),
            "municipality_code": municipality["code"].to_numpy()[home],
            "county_code": municipality["county"].to_numpy()[home],
        }
    ).sort_values(["county_code", "participant_id"], kind="stable")

    # Cohorts of CAPACITY per county, filled in order, starting over the round's first 20 months.
    people["seat"] = people.groupby("county_code").cumcount()
    people["cohort_id"] = (
        people["county_code"].astype(int) * 10_000 + people["seat"] // CAPACITY + 1
    ).astype("int64")
    cohorts = people.groupby("cohort_id", as_index=False)["county_code"].first()
    cohorts["county_name"] = cohorts["county_code"].map(dict(counties))
    first_start = ROUND_START + pd.to_timedelta(rng.integers(0, 600, len(cohorts)), unit="D")
    cohorts["cohort_name"] = "Grupp " + cohorts["cohort_id"].astype(str)
    cohorts["capacity"] = CAPACITY
    cohorts["round_id"] = 1
    cohorts["last_session"] = first_start + (SESSIONS_PER_COHORT - 1) * 28 * DAY

    sessions = pd.DataFrame(
        {
            "cohort_id": np.repeat(cohorts["cohort_id"].to_numpy(), SESSIONS_PER_COHORT),
            "start": first_start.repeat(SESSIONS_PER_COHORT)
            + pd.to_timedelta(np.tile(np.arange(SESSIONS_PER_COHORT) * 28, len(cohorts)), "D"),
        }
    )
    sessions["session_id"] = np.arange(1, len(sessions) + 1)
    sessions["status"] = np.where(rng.random(len(sessions)) < 0.03, "cancelled", "scheduled")

    status = rng.choice(["enrolled", "waitlisted", "cancelled"], len(people), p=[0.85, 0.1, 0.05])
    enrolments = people[["participant_id", "cohort_id"]].assign(
        round_id=1, status=status, enrolled_at=ROUND_START - 30 * DAY
    )

    # Module k is started by those who completed k - 1 (most), and completed by 90 % of them.
    start = people["cohort_id"].map(cohorts.set_index("cohort_id")["last_session"])
    start = (start - 56 * DAY).dt.tz_convert(None).to_numpy()  # naive UTC, for numpy
    started = np.ones((len(people), MODULES), dtype=bool)
    started[:, 0] = rng.random(len(people)) < 0.92
    completed = started.copy()
    for module in range(MODULES):
        if module:
            started[:, module] = completed[:, module - 1]
        completed[:, module] = started[:, module] & (rng.random(len(people)) < 0.9)
    rows, modules = np.nonzero(started)
    started_at = start[rows] + pd.to_timedelta(modules * 5, "D").to_numpy()
    progress = pd.DataFrame(
        {
            "participant_id": people["participant_id"].to_numpy()[rows],
            "module_id": modules + 1,
            "started_at": started_at,
            "completed_at": np.where(
                completed[rows, modules], started_at + np.timedelta64(2, "D"), np.datetime64("NaT")
            ),
        }
    )

    # Each session of the cohort: attendance recorded for 95 %, attended by 85 % of those.
    seat_sessions = people[["participant_id", "cohort_id"]].merge(
        sessions[["cohort_id", "session_id"]], on="cohort_id"
    )
    recorded = seat_sessions[rng.random(len(seat_sessions)) < 0.95]
    attendance = recorded[["participant_id", "session_id"]].assign(
        attended=rng.random(len(recorded)) < 0.85
    )

    done = completed[:, :REQUIRED_MODULES].all(axis=1) & (status == "enrolled")
    completions = pd.DataFrame(
        {
            "participant_id": people["participant_id"].to_numpy()[done],
            "round_id": 1,
            "completed_at": start[done]
            + pd.to_timedelta(5 * REQUIRED_MODULES + rng.integers(0, 60, done.sum()), "D"),
        }
    )
    return StatsFrames.from_rows(
        counties=counties,
        municipalities=municipalities,
        participants=people[["participant_id", "municipality_code"]],
        cohorts=cohorts,
        enrolments=enrolments,
        modules=[(m + 1, f"Modul {m + 1}", m, m < REQUIRED_MODULES) for m in range(MODULES)],
        progress=progress,
        sessions=sessions,
        attendance=attendance,
        completions=completions,
    )


def _reports(frames: StatsFrames) -> None:
    summary(frames, by="county", now=NOW)
    module_funnel(frames)
    over_time(frames)
    rollout_by_county(frames)


def run() -> list[dict]:
    """One row per size: the four reports computed from frames already in memory."""
    rows = []
    for size in SIZES:
        frames = synthetic_frames(size)
        cost = measure(lambda frames=frames: _reports(frames), runs=RUNS)
        rows.append(
            absolute_row(
                "statistikens fyra rapporter (pandas, ram i minnet)",
                thousands(size),
                cost,
                limit_ms=3000,
                max_mib=1024,
            )
        )
    return rows
