"""Completion statistics of one round: pure pandas over plain frames, no ORM.

Every report (national, county, cohort, exports, the benchmark) calls these functions, so each
figure is defined once, here. `lms.stats.data.load_frames` fills a `StatsFrames` from the
database; tests and benchmarks build one directly with `StatsFrames.from_rows`.

Definitions
-----------
participant
    A person with an enrolment in the round. Only an enrolment whose status is "enrolled" counts;
    waitlisted and cancelled enrolments count nowhere. A participant with more than one enrolled
    enrolment in the round (which the database forbids) is counted once, in the earliest.
enrolled
    Participants, as above.
started
    Enrolled participants with a progress record for at least one of the round's modules.
completed
    Enrolled participants with a completion in the round, whatever their attendance.
completion_rate
    completed / enrolled.
held session
    A session that is not cancelled and starts before ``now``; ``now`` is always an argument.
sessions_held
    Held sessions, each counted once, of the cohorts in the row: a cohort row counts its own
    cohort; any other row counts the cohorts in which its enrolled participants have their place.
sessions_possible
    The sum over enrolled participants of the held sessions of their own cohort
    (enrolled x held, summed over cohorts).
sessions_attended
    Attendance records with attended = True of enrolled participants at held sessions of their
    own cohort (attendance elsewhere, or at a cancelled or future session, does not count).
attendance_rate
    sessions_attended / sessions_possible.
median_days_to_completion
    The median, over completed participants, of completed_at minus the start of the first
    non-cancelled session of their cohort, in days (fractional); participants whose cohort has
    no such session are left out.
module funnel
    Per module of the course, in course order (optional modules included): ``started`` and
    ``completed`` are enrolled participants with a progress record, resp. a completed one, for
    the module; share_completed = completed / enrolled (all enrolled participants);
    previous_completed = completed of the previous module in course order; drop_off = the share
    of the previous module's completers who have not completed this one (NaN for the first
    module, and where nobody completed the previous one).
month
    A calendar month in Europe/Stockholm time.
completions (per month)
    Completed participants (as above) by the month of their completion.
planned_seats (per month)
    The capacity of each cohort, counted in the month of its last session (a cohort without one
    counts in no month); cumulative_* are running sums from the first month shown. Months run
    without gaps from the first to the last month that has a completion or planned seats.
municipalities_total, municipalities_reached, reach_share
    Per county: its municipalities; those with at least one completed participant; their ratio.

Where a participant counts: county, municipality and SKR-group rows follow the participant's
municipality (a participant from a guest county counts in their own county, not in the host's);
cohort rows follow the cohort, whose ``county_code`` is its host county. Participants without a
municipality count only in cohort rows and in `totals`.

Rates are NaN where their denominator is 0 (an empty group); reports render NaN as "–". Rows:
every county, municipality, SKR group and cohort in the frames appears, with zeros when empty,
sorted by code (cohorts by host county code, name and id).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import pandas as pd

ENROLLED = "enrolled"
SCHEDULED = "scheduled"
TIME_ZONE = "Europe/Stockholm"
TIMESTAMP = "datetime64[us, UTC]"

SCHEMA: dict[str, dict[str, str]] = {
    "counties": {"county_code": "str", "county_name": "str"},
    "municipalities": {
        "municipality_code": "str",
        "municipality_name": "str",
        "county_code": "str",
        "skr_group": "str",
        "skr_group_name": "str",
        "population": "int64",
    },
    "participants": {"participant_id": "int64", "municipality_code": "str"},
    "cohorts": {
        "cohort_id": "int64",
        "round_id": "int64",
        "county_code": "str",
        "county_name": "str",
        "cohort_name": "str",
        "capacity": "int64",
        "last_session": TIMESTAMP,
    },
    "enrolments": {
        "participant_id": "int64",
        "cohort_id": "int64",
        "round_id": "int64",
        "status": "str",
        "enrolled_at": TIMESTAMP,
    },
    "modules": {"module_id": "int64", "title": "str", "position": "int64", "is_required": "bool"},
    "progress": {
        "participant_id": "int64",
        "module_id": "int64",
        "started_at": TIMESTAMP,
        "completed_at": TIMESTAMP,
    },
    "sessions": {"session_id": "int64", "cohort_id": "int64", "start": TIMESTAMP, "status": "str"},
    "attendance": {"participant_id": "int64", "session_id": "int64", "attended": "bool"},
    "completions": {"participant_id": "int64", "round_id": "int64", "completed_at": TIMESTAMP},
}

# What each derived figure is computed from: suppress_small hides the figure in a row where any
# of these counts is hidden (a rate of a small group tells as much as the count itself).
DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "completion_rate": ("completed", "enrolled"),
    "attendance_rate": ("sessions_attended", "sessions_possible", "enrolled"),
    "median_days_to_completion": ("completed",),
    "share_completed": ("completed", "enrolled"),
    "drop_off": ("completed", "previous_completed"),
    "reach_share": ("municipalities_reached", "municipalities_total"),
}

GroupBy = Literal["county", "cohort", "municipality", "skr_group"]
METRICS = [
    "enrolled",
    "started",
    "completed",
    "completion_rate",
    "sessions_held",
    "sessions_possible",
    "sessions_attended",
    "attendance_rate",
    "median_days_to_completion",
]
COUNTS = ["enrolled", "started", "completed", "sessions_held", "sessions_possible"]


def conform(data, columns: dict[str, str]) -> pd.DataFrame:
    """A frame with exactly `columns`, in order and with their dtypes, from a frame or rows."""
    if isinstance(data, pd.DataFrame):
        frame = data.loc[:, list(columns)].reset_index(drop=True)
    else:
        frame = pd.DataFrame.from_records(list(data), columns=list(columns))
    for name, dtype in columns.items():
        if dtype == TIMESTAMP:
            # ISO 8601 text (as the database reads it) or datetimes; naive text is UTC.
            frame[name] = pd.to_datetime(frame[name], utc=True, format="ISO8601").dt.as_unit("us")
        else:
            frame[name] = frame[name].astype(dtype)
    return frame


@dataclass(frozen=True)
class StatsFrames:
    """One round's data as frames; the columns and dtypes of each are given in `SCHEMA`.

    Without ``module_detail``, ``progress`` holds one row per participant who started any
    module (the database aggregated it): every figure but `module_funnel` reads only whether a
    participant started, and `module_funnel` refuses such frames.
    """

    counties: pd.DataFrame
    municipalities: pd.DataFrame
    participants: pd.DataFrame
    cohorts: pd.DataFrame
    enrolments: pd.DataFrame
    modules: pd.DataFrame
    progress: pd.DataFrame
    sessions: pd.DataFrame
    attendance: pd.DataFrame
    completions: pd.DataFrame
    module_detail: bool = True

    def __post_init__(self):
        for name in SCHEMA:
            missing = set(SCHEMA[name]) - set(getattr(self, name).columns)
            if missing:
                raise ValueError(f"StatsFrames.{name} lacks {sorted(missing)}")

    @classmethod
    def from_rows(cls, *, module_detail: bool = True, **tables) -> "StatsFrames":
        """Frames from row tuples (in `SCHEMA` column order) or frames; missing tables are empty."""
        unknown = set(tables) - set(SCHEMA)
        if unknown:
            raise TypeError(f"unknown tables: {sorted(unknown)}")
        return cls(
            **{name: conform(tables.get(name, ()), SCHEMA[name]) for name in SCHEMA},
            module_detail=module_detail,
        )


def _timestamp(now) -> pd.Timestamp:
    now = pd.Timestamp(now)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.tz_convert("UTC")


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator as floats, NaN where the denominator is 0."""
    return numerator.astype("float64") / denominator.where(denominator > 0).astype("float64")


def _enrolled(frames: StatsFrames) -> pd.DataFrame:
    """One row per enrolled participant: where they count, whether they started and completed."""
    enrolments = frames.enrolments[frames.enrolments["status"] == ENROLLED]
    people = (
        enrolments.sort_values(["enrolled_at", "cohort_id"], kind="stable")
        .drop_duplicates("participant_id")[["participant_id", "cohort_id", "round_id"]]
        .merge(
            frames.participants.drop_duplicates("participant_id"), on="participant_id", how="left"
        )
        .merge(
            frames.municipalities[["municipality_code", "county_code", "skr_group"]],
            on="municipality_code",
            how="left",
        )
    )
    progress = frames.progress[frames.progress["module_id"].isin(frames.modules["module_id"])]
    people["started"] = people["participant_id"].isin(progress["participant_id"])
    completions = frames.completions.drop_duplicates(["participant_id", "round_id"])
    people = people.merge(completions, on=["participant_id", "round_id"], how="left")
    people["completed"] = people["completed_at"].notna()
    return people


def _sessions(frames: StatsFrames, now: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per cohort (held, first_start), and the held sessions (session_id, cohort_id)."""
    scheduled = frames.sessions[frames.sessions["status"] == SCHEDULED]
    held = scheduled.loc[scheduled["start"] < now, ["session_id", "cohort_id"]]
    per_cohort = pd.DataFrame(
        {
            "held": held.groupby("cohort_id").size(),
            "first_start": scheduled.groupby("cohort_id")["start"].min(),
        }
    )
    per_cohort["held"] = per_cohort["held"].fillna(0).astype("int64")
    return per_cohort.rename_axis("cohort_id").reset_index(), held


def _with_attendance(frames: StatsFrames, people: pd.DataFrame, now) -> pd.DataFrame:
    """Add held (of the own cohort), attended and days_to_completion to each participant."""
    per_cohort, held = _sessions(frames, _timestamp(now))
    people = people.merge(per_cohort, on="cohort_id", how="left")
    people["held"] = people["held"].fillna(0).astype("int64")
    attended = (
        frames.attendance.loc[frames.attendance["attended"], ["participant_id", "session_id"]]
        .drop_duplicates()
        .merge(held, on="session_id")
        .merge(people[["participant_id", "cohort_id"]], on=["participant_id", "cohort_id"])
        .groupby("participant_id")
        .size()
    )
    people["attended"] = people["participant_id"].map(attended).fillna(0).astype("int64")
    people["days_to_completion"] = (
        people["completed_at"] - people["first_start"]
    ).dt.total_seconds() / 86400
    return people


def _groups(frames: StatsFrames, by: str) -> tuple[pd.DataFrame, str]:
    """Every group of the kind, with codes and names in stable order, and its key column."""
    counties = frames.counties[["county_code", "county_name"]]
    if by == "county":
        return counties.sort_values("county_code"), "county_code"
    if by == "municipality":
        table = frames.municipalities[["municipality_code", "municipality_name", "county_code"]]
        table = table.merge(counties, on="county_code", how="left")
        return table.sort_values("municipality_code"), "municipality_code"
    if by == "skr_group":
        table = frames.municipalities[["skr_group", "skr_group_name"]].drop_duplicates("skr_group")
        return table.sort_values("skr_group"), "skr_group"
    if by == "cohort":
        table = frames.cohorts[["cohort_id", "cohort_name", "county_code", "county_name"]]
        return table.sort_values(["county_code", "cohort_name", "cohort_id"]), "cohort_id"
    raise ValueError(f"unknown grouping: {by!r}")


def _counts(people: pd.DataFrame, key: str) -> pd.DataFrame:
    """enrolled, started and completed per value of `key`."""
    return people.groupby(key).agg(
        enrolled=("participant_id", "size"),
        started=("started", "sum"),
        completed=("completed", "sum"),
    )


def _summarise(people: pd.DataFrame, groups: pd.DataFrame, key: str, held: pd.Series | None):
    """The METRICS per group, for the groups given (zeros and NaN rates for empty ones)."""
    table = _counts(people, key)
    table["sessions_possible"] = people.groupby(key)["held"].sum()
    table["sessions_attended"] = people.groupby(key)["attended"].sum()
    table["median_days_to_completion"] = (
        people[people["completed"]].groupby(key)["days_to_completion"].median()
    )
    if held is None:  # held sessions of the cohorts of the group's participants, once each
        held = (
            people.drop_duplicates([key, "cohort_id"]).groupby(key)["held"].sum()
            if len(people)
            else pd.Series(dtype="int64")
        )
    result = groups.reset_index(drop=True).merge(table, left_on=key, right_index=True, how="left")
    result["sessions_held"] = result[key].map(held)
    for column in [*COUNTS, "sessions_attended"]:
        result[column] = result[column].fillna(0).astype("int64")
    result["median_days_to_completion"] = result["median_days_to_completion"].astype("float64")
    result["completion_rate"] = _ratio(result["completed"], result["enrolled"])
    result["attendance_rate"] = _ratio(result["sessions_attended"], result["sessions_possible"])
    return result[[*groups.columns, *METRICS]].reset_index(drop=True)


def summary(frames: StatsFrames, *, by: GroupBy, now: datetime | pd.Timestamp) -> pd.DataFrame:
    """The figures of the module docstring's Definitions per county, cohort, municipality or group.

    Columns: the group's key columns, then METRICS (enrolled, started, completed,
    completion_rate, sessions_held, sessions_possible, sessions_attended, attendance_rate,
    median_days_to_completion). Key columns: county -> county_code, county_name; municipality ->
    municipality_code, municipality_name, county_code, county_name; skr_group -> skr_group,
    skr_group_name; cohort -> cohort_id, cohort_name, county_code, county_name (the host).
    """
    groups, key = _groups(frames, by)
    people = _with_attendance(frames, _enrolled(frames), now)
    held = None
    if by == "cohort":
        per_cohort, _ = _sessions(frames, _timestamp(now))
        held = per_cohort.set_index("cohort_id")["held"]
    return _summarise(people, groups, key, held)


def totals(frames: StatsFrames, *, now: datetime | pd.Timestamp) -> pd.DataFrame:
    """One row of METRICS over every enrolled participant in the frames (the whole report)."""
    people = _with_attendance(frames, _enrolled(frames), now).assign(scope="total")
    return _summarise(people, pd.DataFrame({"scope": ["total"]}), "scope", None).drop(
        columns="scope"
    )


def module_funnel(frames: StatsFrames) -> pd.DataFrame:
    """Per module in course order, see "module funnel" in Definitions.

    Columns: position, module_id, title, is_required, enrolled, started, completed,
    share_completed, previous_completed, drop_off.
    """
    if not frames.module_detail:
        raise ValueError("module_funnel needs every progress row (module_detail=True)")
    people = _enrolled(frames)
    modules = frames.modules.sort_values(["position", "module_id"]).reset_index(drop=True)
    progress = frames.progress[
        frames.progress["participant_id"].isin(people["participant_id"])
        & frames.progress["module_id"].isin(modules["module_id"])
    ].drop_duplicates(["participant_id", "module_id"])
    done = progress.loc[progress["completed_at"].notna(), ["participant_id", "module_id"]]
    result = modules[["position", "module_id", "title", "is_required"]].copy()
    result["enrolled"] = len(people)
    result["started"] = result["module_id"].map(progress.groupby("module_id").size())
    result["completed"] = result["module_id"].map(done.groupby("module_id").size())
    result[["started", "completed"]] = result[["started", "completed"]].fillna(0).astype("int64")
    result["enrolled"] = result["enrolled"].astype("int64")
    result["share_completed"] = _ratio(result["completed"], result["enrolled"])
    # Completers of the previous module who completed this one as well.
    following = dict(
        zip(modules["module_id"].iloc[:-1], modules["module_id"].iloc[1:], strict=True)
    )
    continued = (
        done.assign(module_id=done["module_id"].map(following))
        .dropna(subset=["module_id"])
        .astype({"module_id": "int64"})
        .merge(done, on=["participant_id", "module_id"])
        .groupby("module_id")
        .size()
    )
    result["previous_completed"] = result["completed"].shift(1)
    kept = result["module_id"].map(continued).fillna(0)
    result["drop_off"] = _ratio(result["previous_completed"] - kept, result["previous_completed"])
    result["previous_completed"] = result["previous_completed"].astype("float64")
    return result


def _month(stamps: pd.Series) -> pd.Series:
    """The calendar month in Europe/Stockholm of each aware timestamp."""
    return stamps.dt.tz_convert(TIME_ZONE).dt.tz_localize(None).dt.to_period("M")


def over_time(frames: StatsFrames) -> pd.DataFrame:
    """Completions and planned seats per month, see Definitions.

    Columns: month (period[M]), completions, cumulative_completions, planned_seats,
    cumulative_planned_seats; one row per month, in order, without gaps.
    """
    people = _enrolled(frames)
    completions = _month(people.loc[people["completed"], "completed_at"]).value_counts()
    cohorts = frames.cohorts[frames.cohorts["last_session"].notna()]
    seats = cohorts.groupby(_month(cohorts["last_session"]))["capacity"].sum()
    known = [*completions.index, *seats.index]
    months = (
        pd.period_range(min(known), max(known), freq="M", name="month")
        if known
        else pd.PeriodIndex([], freq="M", name="month")
    )
    result = pd.DataFrame({"month": months})
    result["completions"] = result["month"].map(completions)
    result["planned_seats"] = result["month"].map(seats)
    for column in ("completions", "planned_seats"):
        result[column] = result[column].fillna(0).astype("int64")
        result[f"cumulative_{column}"] = result[column].cumsum().astype("int64")
    return result[
        [
            "month",
            "completions",
            "cumulative_completions",
            "planned_seats",
            "cumulative_planned_seats",
        ]
    ]


def rollout_by_county(frames: StatsFrames) -> pd.DataFrame:
    """Reach of the rollout per county, see Definitions; every county in the frames, by code.

    Columns: county_code, county_name, municipalities_total, municipalities_reached,
    reach_share, enrolled, completed.
    """
    groups, key = _groups(frames, "county")
    people = _enrolled(frames)
    counts = _counts(people, key)
    result = groups.reset_index(drop=True)
    result["municipalities_total"] = result[key].map(
        frames.municipalities.groupby("county_code").size()
    )
    result["municipalities_reached"] = result[key].map(
        people[people["completed"]].groupby(key)["municipality_code"].nunique()
    )
    result["enrolled"] = result[key].map(counts["enrolled"])
    result["completed"] = result[key].map(counts["completed"])
    for column in ("municipalities_total", "municipalities_reached", "enrolled", "completed"):
        result[column] = result[column].fillna(0).astype("int64")
    result["reach_share"] = _ratio(result["municipalities_reached"], result["municipalities_total"])
    return result[
        [
            "county_code",
            "county_name",
            "municipalities_total",
            "municipalities_reached",
            "reach_share",
            "enrolled",
            "completed",
        ]
    ]


def suppress_small(
    df: pd.DataFrame, columns, *, threshold: int = 5, label: str = "färre än 5"
) -> pd.DataFrame:
    """Hide counts from 1 to threshold - 1 behind `label`, and whatever is derived from them.

    0 stays 0 and NaN stays NaN; `threshold` itself is shown. In a row where a count is hidden,
    every figure of `DERIVED_FROM` present in `df` that is derived from it (a rate whose numerator
    or denominator is hidden, the median days of hidden completers) shows `label` too. The
    hidden columns and the figures derived from them are always of object dtype, hidden or not.
    Pass every count a report shows (for the funnel, previous_completed too).
    """
    columns = list(columns)
    hidden = {column: df[column].between(1, threshold - 1).to_numpy() for column in columns}
    result = df.copy()
    for figure, sources in DERIVED_FROM.items():
        if figure in df.columns and figure not in hidden and any(s in hidden for s in sources):
            mask = pd.Series(False, index=df.index)
            for source in sources:
                if source in hidden:
                    mask |= hidden[source]
            result[figure] = df[figure].astype(object).mask(mask.to_numpy(), label)
    for column in columns:
        result[column] = df[column].astype(object).mask(hidden[column], label)
    return result
