"""The completion statistics on small hand-built frames whose answers are known."""

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from lms.stats.figures import (
    METRICS,
    SCHEMA,
    StatsFrames,
    module_funnel,
    over_time,
    rollout_by_county,
    summary,
    suppress_small,
    totals,
)

NOW = datetime(2022, 6, 1, 10, 0, tzinfo=UTC)
NAN = float("nan")
HIDDEN = "färre än 5"


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


COUNTIES = [
    ("01", "Stockholms län"),
    ("03", "Uppsala län"),
    ("07", "Kronobergs län"),
    ("14", "Västra Götalands län"),
]
MUNICIPALITIES = [
    ("0114", "Upplands Väsby", "01", "A2", "A2 Pendlingskommun nära storstad", 47820),
    ("0115", "Vallentuna", "01", "A2", "A2 Pendlingskommun nära storstad", 34246),
    ("0380", "Uppsala", "03", "B3", "B3 Större stad", 237596),
    ("0764", "Alvesta", "07", "C8", "C8 Landsbygdskommun", 20134),
    ("0780", "Växjö", "07", "B3", "B3 Större stad", 95872),
    ("1480", "Göteborg", "14", "A1", "A1 Storstäder", 587549),
]
# Cohort 10 is Kronoberg's; cohort 20 is Stockholm's, with Västra Götaland as a guest county;
# cohort 30 has neither sessions nor participants.
COHORTS = [
    (10, 1, "07", "Kronobergs län", "Kronoberg 1", 10, utc("2022-09-01 08:00")),
    (20, 1, "01", "Stockholms län", "Stockholm 1", 20, utc("2022-10-10 08:00")),
    (30, 1, "14", "Västra Götalands län", "Västra Götaland 1", 15, None),
]
SESSIONS = [
    (1000, 10, utc("2022-03-01 08:00"), "scheduled"),
    (1001, 10, utc("2022-04-01 08:00"), "cancelled"),
    (1002, 10, utc("2022-05-01 08:00"), "scheduled"),
    (1003, 10, utc("2022-09-01 08:00"), "scheduled"),
    (2000, 20, utc("2022-04-10 08:00"), "scheduled"),
    (2001, 20, utc("2022-10-10 08:00"), "scheduled"),
]
MODULES = [(100, "Modul 1", 0, True), (101, "Modul 2", 1, True), (102, "Fördjupning", 2, False)]
PARTICIPANTS = [
    (1, "0780"),
    (2, "0780"),
    (3, "0764"),
    (4, "0764"),
    (5, "0780"),
    (6, "1480"),  # from a guest county: counts in Västra Götaland, not in Stockholm
    (7, "0114"),
]
ENROLMENTS = [
    (1, 10, 1, "enrolled", utc("2022-01-10")),
    (2, 10, 1, "enrolled", utc("2022-01-11")),
    (3, 10, 1, "enrolled", utc("2022-01-12")),
    (4, 10, 1, "waitlisted", utc("2022-01-13")),
    (5, 10, 1, "cancelled", utc("2022-01-14")),
    (6, 20, 1, "enrolled", utc("2022-01-15")),
    (7, 20, 1, "enrolled", utc("2022-01-16")),
]
PROGRESS = [
    (1, 100, utc("2022-03-02"), utc("2022-03-05")),
    (1, 101, utc("2022-03-06"), utc("2022-04-05")),
    (1, 102, utc("2022-04-06"), None),
    (2, 100, utc("2022-03-02"), utc("2022-03-09")),
    (2, 101, utc("2022-03-10"), None),
    (4, 100, utc("2022-03-02"), utc("2022-03-03")),  # waitlisted: not counted
    (5, 100, utc("2022-03-02"), utc("2022-03-03")),  # cancelled: not counted
    (6, 100, utc("2022-04-11"), utc("2022-04-12")),
    (6, 101, utc("2022-04-12"), utc("2022-04-13")),
    (7, 100, utc("2022-04-11"), None),
]
ATTENDANCE = [
    (1, 1000, True),
    (1, 1002, True),
    (1, 1003, True),  # a future session: not held yet, not counted
    (2, 1000, True),
    (2, 1002, False),
    (5, 1000, True),  # cancelled: not counted
    (7, 2000, True),
]
COMPLETIONS = [
    (1, 1, utc("2022-05-11 08:00")),  # 71 days after cohort 10's first session
    (5, 1, utc("2022-05-11 08:00")),  # cancelled: not counted
    (6, 1, utc("2022-04-20 08:00")),  # without any attendance; 10 days after cohort 20 began
]


@pytest.fixture
def frames():
    return StatsFrames.from_rows(
        counties=COUNTIES,
        municipalities=MUNICIPALITIES,
        participants=PARTICIPANTS,
        cohorts=COHORTS,
        enrolments=ENROLMENTS,
        modules=MODULES,
        progress=PROGRESS,
        sessions=SESSIONS,
        attendance=ATTENDANCE,
        completions=COMPLETIONS,
    )


def expected(keys: dict, rows: list[tuple]) -> pd.DataFrame:
    """A frame of key columns followed by METRICS, with the dtypes summary returns."""
    counts = ["enrolled", "started", "completed", "sessions_held", "sessions_possible"]
    counts.append("sessions_attended")
    frame = pd.DataFrame(rows, columns=METRICS).astype("float64")
    frame = frame.astype(dict.fromkeys(counts, "int64"))
    return pd.concat([pd.DataFrame(keys), frame], axis=1)


def test_frames_have_schema_columns_and_dtypes_even_when_empty():
    frames = StatsFrames.from_rows()
    for name, columns in SCHEMA.items():
        frame = getattr(frames, name)
        assert frame.empty
        assert dict(frame.dtypes.astype(str)) == columns


def test_frames_refuse_missing_columns():
    with pytest.raises(ValueError, match="counties"):
        StatsFrames(**{**StatsFrames.from_rows().__dict__, "counties": pd.DataFrame()})


def test_summary_by_county(frames):
    # (enrolled, started, completed, completion_rate, sessions_held, sessions_possible,
    #  sessions_attended, attendance_rate, median_days_to_completion)
    want = expected(
        {"county_code": ["01", "03", "07", "14"], "county_name": [n for _, n in COUNTIES]},
        [
            (1, 1, 0, 0.0, 1, 1, 1, 1.0, NAN),
            (0, 0, 0, NAN, 0, 0, 0, NAN, NAN),
            (3, 2, 1, 1 / 3, 2, 6, 3, 0.5, 71.0),
            (1, 1, 1, 1.0, 1, 1, 0, 0.0, 10.0),
        ],
    ).astype({"county_code": "str", "county_name": "str"})
    assert_frame_equal(summary(frames, by="county", now=NOW), want)


def test_summary_by_cohort_counts_the_host_county_and_empty_cohorts(frames):
    want = expected(
        {
            "cohort_id": [20, 10, 30],
            "cohort_name": ["Stockholm 1", "Kronoberg 1", "Västra Götaland 1"],
            "county_code": ["01", "07", "14"],
            "county_name": ["Stockholms län", "Kronobergs län", "Västra Götalands län"],
        },
        [
            (2, 2, 1, 0.5, 1, 2, 1, 0.5, 10.0),
            (3, 2, 1, 1 / 3, 2, 6, 3, 0.5, 71.0),
            (0, 0, 0, NAN, 0, 0, 0, NAN, NAN),
        ],
    ).astype({"cohort_name": "str", "county_code": "str", "county_name": "str"})
    assert_frame_equal(summary(frames, by="cohort", now=NOW), want)


def test_summary_by_municipality_lists_every_municipality(frames):
    result = summary(frames, by="municipality", now=NOW)
    assert list(result["municipality_code"]) == ["0114", "0115", "0380", "0764", "0780", "1480"]
    assert list(result["county_name"])[:2] == ["Stockholms län", "Stockholms län"]
    assert list(result["enrolled"]) == [1, 0, 0, 1, 2, 1]
    assert list(result["completed"]) == [0, 0, 0, 0, 1, 1]
    # Alvesta's one participant sits in cohort 10: two held sessions, none attended.
    alvesta = result.set_index("municipality_code").loc["0764"]
    assert (alvesta["sessions_held"], alvesta["sessions_possible"]) == (2, 2)
    assert alvesta["attendance_rate"] == 0.0


def test_summary_by_skr_group(frames):
    result = summary(frames, by="skr_group", now=NOW)
    assert list(result.columns[:2]) == ["skr_group", "skr_group_name"]
    assert list(result["skr_group"]) == ["A1", "A2", "B3", "C8"]
    assert list(result["skr_group_name"])[0] == "A1 Storstäder"
    assert list(result["enrolled"]) == [1, 1, 2, 1]
    assert list(result["started"]) == [1, 1, 2, 0]


def test_totals_equal_the_sum_of_the_counties(frames):
    total = totals(frames, now=NOW)
    want = expected({}, [(5, 4, 2, 0.4, 3, 8, 4, 0.5, 40.5)])
    assert_frame_equal(total, want)


def test_sessions_held_depend_on_now(frames):
    before = datetime(2022, 3, 1, 7, 59, tzinfo=UTC)
    result = summary(frames, by="cohort", now=before).set_index("cohort_id")
    assert list(result["sessions_held"]) == [0, 0, 0]
    assert result["attendance_rate"].isna().all()
    later = datetime(2023, 1, 1, tzinfo=UTC)
    result = summary(frames, by="cohort", now=later).set_index("cohort_id")
    assert list(result["sessions_held"]) == [2, 3, 0]
    assert result.loc[10, "sessions_attended"] == 4  # the September session now counts


def test_now_must_be_aware(frames):
    with pytest.raises(ValueError, match="timezone"):
        summary(frames, by="county", now=datetime(2022, 6, 1))


def test_summary_of_empty_frames_keeps_columns_and_dtypes():
    frames = StatsFrames.from_rows(counties=COUNTIES)
    result = summary(frames, by="county", now=NOW)
    assert list(result.columns) == ["county_code", "county_name", *METRICS]
    assert list(result["enrolled"]) == [0, 0, 0, 0]
    assert result["completion_rate"].isna().all()
    assert result["enrolled"].dtype == "int64" and result["completion_rate"].dtype == "float64"
    for by in ("cohort", "municipality", "skr_group"):
        assert summary(StatsFrames.from_rows(), by=by, now=NOW).empty


def test_unknown_grouping_is_refused(frames):
    with pytest.raises(ValueError, match="grouping"):
        summary(frames, by="region", now=NOW)


def test_module_funnel(frames):
    want = pd.DataFrame(
        {
            "position": [0, 1, 2],
            "module_id": [100, 101, 102],
            "title": pd.Series(["Modul 1", "Modul 2", "Fördjupning"], dtype="str"),
            "is_required": [True, True, False],
            "enrolled": [5, 5, 5],
            "started": [4, 3, 1],
            "completed": [3, 2, 0],
            "share_completed": [0.6, 0.4, 0.0],
            "previous_completed": [NAN, 3.0, 2.0],
            "drop_off": [NAN, 1 / 3, 1.0],
        }
    )
    assert_frame_equal(module_funnel(frames), want)


def test_module_funnel_follows_position_not_id_and_ignores_other_courses(frames):
    reordered = StatsFrames.from_rows(
        **{
            **frames.__dict__,
            "modules": [(101, "Modul 2", 0, True), (100, "Modul 1", 1, True)],
            "progress": [*PROGRESS, (3, 999, utc("2022-03-01"), utc("2022-03-01"))],
        }
    )
    funnel = module_funnel(reordered)
    assert list(funnel["module_id"]) == [101, 100]
    # Of module 101's two completers (1 and 6), both completed module 100 as well.
    assert list(funnel["drop_off"].fillna(-1)) == [-1, 0.0]
    assert summary(reordered, by="county", now=NOW)["started"].sum() == 4


def test_over_time(frames):
    want = pd.DataFrame(
        {
            "month": pd.period_range("2022-04", "2022-10", freq="M", name="month"),
            "completions": [1, 1, 0, 0, 0, 0, 0],
            "cumulative_completions": [1, 2, 2, 2, 2, 2, 2],
            "planned_seats": [0, 0, 0, 0, 0, 10, 20],
            "cumulative_planned_seats": [0, 0, 0, 0, 0, 10, 30],
        }
    )
    assert_frame_equal(over_time(frames), want)


def test_over_time_months_are_stockholm_months():
    frames = StatsFrames.from_rows(
        participants=[(1, "0780")],
        enrolments=[(1, 10, 1, "enrolled", utc("2022-01-01"))],
        # 22:30 UTC on 31 May is 00:30 on 1 June in Stockholm (summer time).
        completions=[(1, 1, utc("2022-05-31 22:30"))],
        # 23:30 UTC on 31 December is already New Year in Stockholm (winter time).
        cohorts=[(10, 1, "07", "Kronobergs län", "Kronoberg 1", 12, utc("2022-12-31 23:30"))],
    )
    result = over_time(frames)
    assert [str(m) for m in result["month"]] == [f"2022-{m:02d}" for m in range(6, 13)] + [
        "2023-01"
    ]
    assert result["completions"].iloc[0] == 1
    assert result["planned_seats"].iloc[-1] == 12


def test_over_time_of_nothing_is_empty_with_columns():
    result = over_time(StatsFrames.from_rows())
    assert result.empty
    assert list(result.columns) == [
        "month",
        "completions",
        "cumulative_completions",
        "planned_seats",
        "cumulative_planned_seats",
    ]
    assert str(result["month"].dtype) == "period[M]"


def test_rollout_by_county(frames):
    want = pd.DataFrame(
        {
            "county_code": pd.Series(["01", "03", "07", "14"], dtype="str"),
            "county_name": pd.Series([n for _, n in COUNTIES], dtype="str"),
            "municipalities_total": [2, 1, 2, 1],
            "municipalities_reached": [0, 0, 1, 1],
            "reach_share": [0.0, 0.0, 0.5, 1.0],
            "enrolled": [1, 0, 3, 1],
            "completed": [0, 0, 1, 1],
        }
    )
    assert_frame_equal(rollout_by_county(frames), want)


def test_rollout_figures_agree_with_the_summary(frames):
    rollout = rollout_by_county(frames)
    by_county = summary(frames, by="county", now=NOW)
    assert_frame_equal(
        rollout[["county_code", "enrolled", "completed"]],
        by_county[["county_code", "enrolled", "completed"]],
    )


def test_suppression_at_the_limit():
    table = pd.DataFrame(
        {
            "county_code": ["01", "03", "07", "14"],
            "enrolled": [0, 4, 5, 20],
            "completed": [0, 0, 5, 4],
            "completion_rate": [NAN, 0.0, 1.0, 0.2],
            "sessions_possible": [0, 8, 10, 40],
            "sessions_attended": [0, 8, 10, 30],
            "attendance_rate": [NAN, 1.0, 1.0, 0.75],
            "median_days_to_completion": [NAN, NAN, 30.0, 12.0],
        }
    )
    result = suppress_small(table, ["enrolled", "completed"])
    want = pd.DataFrame(
        {
            "county_code": ["01", "03", "07", "14"],
            "enrolled": pd.Series([0, HIDDEN, 5, 20], dtype=object),
            "completed": pd.Series([0, 0, 5, HIDDEN], dtype=object),
            "completion_rate": pd.Series([NAN, HIDDEN, 1.0, HIDDEN], dtype=object),
            "sessions_possible": [0, 8, 10, 40],
            "sessions_attended": [0, 8, 10, 30],
            # hidden where enrolled is: it describes the same few people
            "attendance_rate": pd.Series([NAN, HIDDEN, 1.0, 0.75], dtype=object),
            "median_days_to_completion": pd.Series([NAN, NAN, 30.0, HIDDEN], dtype=object),
        }
    )
    assert_frame_equal(result, want)
    assert list(table["enrolled"]) == [0, 4, 5, 20]  # the input is left as it was


def test_suppression_threshold_and_label_are_parameters():
    table = pd.DataFrame({"completed": [2, 3], "enrolled": [10, 10], "completion_rate": [0.2, 0.3]})
    result = suppress_small(table, ["completed"], threshold=3, label="..")
    assert list(result["completed"]) == ["..", 3]
    assert list(result["completion_rate"]) == ["..", 0.3]
    assert list(result["enrolled"]) == [10, 10]


def test_suppressing_a_funnel_hides_its_shares(frames):
    columns = ["enrolled", "started", "completed", "previous_completed"]
    funnel = suppress_small(module_funnel(frames), columns)
    assert list(funnel["enrolled"]) == [5, 5, 5]
    assert list(funnel["completed"]) == [HIDDEN, HIDDEN, 0]
    assert list(funnel["share_completed"]) == [HIDDEN, HIDDEN, 0.0]
    assert list(funnel["previous_completed"])[1:] == [HIDDEN, HIDDEN]
    assert list(funnel["drop_off"])[1:] == [HIDDEN, HIDDEN]


# Properties over random rounds -------------------------------------------------------------

CODES = ["0114", "0380", "0780", "1480"]


@st.composite
def random_frames(draw, consistent: bool = False):
    """A random round over the counties above; `consistent`: every completer has progress."""
    n = draw(st.integers(0, 30))
    ids = list(range(1, n + 1))
    municipality = draw(st.lists(st.sampled_from(CODES), min_size=n, max_size=n))
    cohort = draw(st.lists(st.sampled_from([10, 20, 30]), min_size=n, max_size=n))
    status = draw(
        st.lists(st.sampled_from(["enrolled", "waitlisted", "cancelled"]), min_size=n, max_size=n)
    )
    modules = [m[0] for m in MODULES]
    progress, completions, attendance = [], [], []
    for pid in ids:
        for module in draw(st.sets(st.sampled_from(modules))):
            done = draw(st.booleans())
            progress.append((pid, module, utc("2022-03-01"), utc("2022-04-01") if done else None))
        for session in draw(st.sets(st.sampled_from([s[0] for s in SESSIONS]))):
            attendance.append((pid, session, draw(st.booleans())))
        if draw(st.booleans()) and (not consistent or any(p[0] == pid for p in progress)):
            day = draw(st.integers(0, 600))
            completions.append((pid, 1, utc("2022-02-01") + pd.Timedelta(days=day)))
    return StatsFrames.from_rows(
        counties=COUNTIES,
        municipalities=MUNICIPALITIES,
        participants=list(zip(ids, municipality, strict=True)),
        cohorts=COHORTS,
        enrolments=[
            (pid, c, 1, s, utc("2022-01-01")) for pid, c, s in zip(ids, cohort, status, strict=True)
        ],
        modules=MODULES,
        progress=progress,
        sessions=SESSIONS,
        attendance=attendance,
        completions=completions,
    )


SUMMED = ["enrolled", "started", "completed", "sessions_possible", "sessions_attended"]
PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(random_frames(consistent=True))
def test_completed_within_started_within_enrolled(frames):
    for by in ("county", "cohort", "municipality", "skr_group"):
        table = summary(frames, by=by, now=NOW)
        assert (table["completed"] <= table["started"]).all()
        assert (table["started"] <= table["enrolled"]).all()
        assert (table["sessions_attended"] <= table["sessions_possible"]).all()
        rates = table[["completion_rate", "attendance_rate"]].stack().dropna()
        assert ((rates >= 0) & (rates <= 1)).all()
    funnel = module_funnel(frames)
    assert (funnel["completed"] <= funnel["started"]).all()
    assert (funnel["started"] <= funnel["enrolled"]).all()


@PROPERTY_SETTINGS
@given(random_frames())
def test_groups_add_up_to_the_totals(frames):
    total = totals(frames, now=NOW)[SUMMED].iloc[0]
    for by in ("county", "cohort", "municipality", "skr_group"):
        table = summary(frames, by=by, now=NOW)
        assert table[SUMMED].sum().tolist() == total.tolist(), by
    assert len(summary(frames, by="county", now=NOW)) == len(COUNTIES)
    rollout = rollout_by_county(frames)
    assert rollout["completed"].sum() == total["completed"]
    assert (rollout["municipalities_reached"] <= rollout["municipalities_total"]).all()
    months = over_time(frames)
    assert months["completions"].sum() == total["completed"]
    assert months["cumulative_planned_seats"].iloc[-1] == 30  # cohorts 10 and 20


@PROPERTY_SETTINGS
@given(random_frames(), st.integers(1, 8))
def test_suppression_never_shows_a_small_count(frames, threshold):
    table = summary(frames, by="municipality", now=NOW)
    hidden = suppress_small(table, ["enrolled", "completed"], threshold=threshold, label="x")
    for column in ("enrolled", "completed"):
        shown = pd.to_numeric(hidden[column].replace("x", np.nan))
        assert not shown.between(1, threshold - 1).any()
        assert (hidden[column] == "x").sum() == table[column].between(1, threshold - 1).sum()
    assert (hidden.loc[hidden["enrolled"] == "x", "completion_rate"] == "x").all()
