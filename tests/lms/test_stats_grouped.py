"""Progress grouped by the database (`module_detail=False`) gives the figures pandas gives."""

import random
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

from lms.models import Attendance, Completion, ModuleProgress
from lms.stats import figures
from lms.stats.data import load_frames
from lms.stats.public import hide_small
from tests.factories import CountyFactory, ModulePageFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import (
    CohortFactory,
    EnrolmentFactory,
    RoundFactory,
    SessionFactory,
)

NOW = datetime(2022, 9, 1, 12, tzinfo=UTC)
STATUSES = ["enrolled"] * 6 + ["waitlisted", "cancelled"]


def _moment(rng: random.Random) -> datetime:
    return datetime(2022, 1, 15, 8, tzinfo=UTC) + timedelta(hours=rng.randrange(0, 24 * 330))


def generated_round(course_tree, *, seed: int, participants: int = 60):
    """A seeded round: counties of very different sizes (so small groups are hidden), random
    statuses, progress on some modules only (some started after the period), completions and
    attendance."""
    rng = random.Random(seed)
    modules = [
        ModulePageFactory(parent=course_tree["course"], title=f"Modul {n}", is_required=n < 3)
        for n in range(4)
    ]
    course_round = RoundFactory(course=course_tree["course"])
    counties = [
        CountyFactory(code=code, name=name)
        for code, name in (("07", "Kronobergs län"), ("14", "Västra Götalands län"), ("25", "Norr"))
    ]
    homes = [
        MunicipalityFactory(county=county, code=f"{county.code}{n:02d}", skr_group=group)
        for county in counties
        for n, group in enumerate(("A1", "B3", "C7"))
    ]
    cohorts = [
        CohortFactory(round=course_round, county=county, name=f"Grupp {county.code}-{n}")
        for county in counties
        for n in range(2)
    ]
    sessions = {
        cohort.pk: [
            SessionFactory(
                cohort=cohort,
                start=datetime(2022, 3, 1, 8, tzinfo=UTC)
                + k * 4 * (timedelta(weeks=1))
                + timedelta(days=cohort.pk % 7),
            )
            for k in range(3)
        ]
        for cohort in cohorts
    }
    # Most people in the first county, a handful in the last: counts from 1 to 4 get hidden.
    weights = [12] * 3 + [6] * 3 + [1] * 3
    for n in range(participants):
        home = rng.choices(homes, weights=weights)[0]
        cohort = rng.choice([c for c in cohorts if c.county_id == home.county_id])
        person = UserFactory(municipality=home if n % 17 else None)
        EnrolmentFactory(
            participant=person,
            cohort=cohort,
            status=rng.choice(STATUSES),
            created_at=_moment(rng),
        )
        for module in modules:
            if rng.random() < 0.6:
                started = _moment(rng)
                done = started + timedelta(days=rng.randrange(1, 60))
                ModuleProgress.objects.create(
                    participant=person,
                    module=module,
                    started_at=started,
                    completed_at=done if rng.random() < 0.7 else None,
                )
        for session in sessions[cohort.pk]:
            if rng.random() < 0.7:
                Attendance.objects.create(
                    session=session,
                    participant=person,
                    attended=rng.random() < 0.8,
                    recorded_at=NOW,
                )
        if rng.random() < 0.4:
            Completion.objects.create(
                participant=person,
                round=course_round,
                completed_at=_moment(rng),
                verification_code=f"KOD-{seed}-{n}",
            )
    return course_round, counties


def every_figure(frames) -> dict[str, pd.DataFrame]:
    """Every figure but the module funnel, and small groups hidden as the public page hides them."""
    tables = {
        level: figures.summary(frames, by=level, now=NOW)
        for level in ("county", "cohort", "municipality", "skr_group")
    }
    tables["totals"] = figures.totals(frames, now=NOW)
    tables["month"] = figures.over_time(frames)
    tables["rollout"] = figures.rollout_by_county(frames)
    tables["county_hidden"] = figures.suppress_small(
        tables["county"], ["enrolled", "started", "completed"], threshold=5, label="färre än 5"
    )
    tables["rollout_hidden"] = hide_small(tables["rollout"])[1]
    return tables


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.django_db
def test_grouped_progress_gives_the_same_figures(course_tree, seed):
    course_round, counties = generated_round(course_tree, seed=seed)
    scopes = [
        {},
        {"county": counties[0]},
        {"county": counties[2]},
        {"end": date(2022, 6, 30)},
        {"start": date(2022, 4, 1), "end": date(2022, 10, 31)},
    ]
    for scope in scopes:
        pandas = every_figure(load_frames(round=course_round, **scope))
        grouped_frames = load_frames(round=course_round, module_detail=False, **scope)
        grouped = every_figure(grouped_frames)
        for name, table in pandas.items():
            pd.testing.assert_frame_equal(grouped[name], table, obj=f"{name} {scope}")
        # One row per participant who started, not one per module.
        assert grouped_frames.progress["participant_id"].is_unique
    hidden = pandas["rollout_hidden"]
    assert (hidden["enrolled"] == "färre än 5").any()  # the data set does hide small groups
    assert (hidden["enrolled"] != "färre än 5").any()


@pytest.mark.django_db
def test_the_module_funnel_refuses_grouped_progress(course_tree):
    course_round, _counties = generated_round(course_tree, seed=4, participants=5)
    with pytest.raises(ValueError, match="module_detail"):
        figures.module_funnel(load_frames(round=course_round, module_detail=False))
