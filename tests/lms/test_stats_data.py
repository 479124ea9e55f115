"""Loading a round's statistics frames from the database: contents, limits, dtypes, queries."""

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

from lms.models import Attendance, Completion, ModuleProgress
from lms.stats.data import load_frames
from lms.stats.figures import SCHEMA, StatsFrames, summary
from scheduling.models import SessionStatus
from tests.factories import (
    CountyFactory,
    CoursePageFactory,
    ModulePageFactory,
    MunicipalityFactory,
    UserFactory,
)
from tests.factories.scheduling import (
    CohortFactory,
    EnrolmentFactory,
    RoundFactory,
    SessionFactory,
)

QUERIES = 9


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def make_round(course_tree, *, participants=4, modules=3, cohorts=2):
    """A round whose sizes grow with the arguments; returns the round and named objects."""
    course = course_tree["course"]
    module_pages = [
        ModulePageFactory(parent=course, title=f"Modul {n + 1}", is_required=n < 2)
        for n in range(modules)
    ]
    course_round = RoundFactory(course=course)
    kronoberg = CountyFactory(code="07", name="Kronobergs län")
    vgr = CountyFactory(code="14", name="Västra Götalands län")
    stockholm = CountyFactory(code="01", name="Stockholms län")
    vaxjo = MunicipalityFactory(county=kronoberg, code="0780", name="Växjö")
    alvesta = MunicipalityFactory(county=kronoberg, code="0764", name="Alvesta", skr_group="C7")
    goteborg = MunicipalityFactory(county=vgr, code="1480", name="Göteborg", skr_group="A1")
    vasby = MunicipalityFactory(county=stockholm, code="0114", name="Upplands Väsby")
    groups = [
        CohortFactory(
            round=course_round,
            county=kronoberg if n % 2 == 0 else stockholm,
            guest_counties=[vgr] if n == 0 else [],
            name=f"Grupp {n + 1}",
            capacity=20,
        )
        for n in range(cohorts)
    ]
    sessions = {}
    for cohort in groups:
        sessions[cohort.pk] = [
            SessionFactory(cohort=cohort, start=at(2022, 3, 1, 8) + timedelta(weeks=4 * k))
            for k in range(3)
        ]
        SessionFactory(cohort=cohort, start=at(2022, 12, 1, 8), status=SessionStatus.CANCELLED)
    homes = [vaxjo, goteborg, alvesta, vasby]
    people = []
    for n in range(participants):
        home = homes[n % 4]
        cohort = groups[1] if home == vasby and len(groups) > 1 else groups[0]
        user = UserFactory(municipality=home)
        EnrolmentFactory(
            participant=user,
            cohort=cohort,
            status="waitlisted" if home == alvesta else "enrolled",
            created_at=at(2022, 1, 10) + timedelta(days=n),
        )
        for k, module in enumerate(module_pages):
            ModuleProgress.objects.create(
                participant=user,
                module=module,
                started_at=at(2022, 3, 2 + k),
                completed_at=at(2022, 3, 3 + k) if k < 2 else None,
            )
        for session in sessions[cohort.pk][:2]:
            Attendance.objects.create(
                session=session, participant=user, attended=True, recorded_at=at(2022, 4, 1)
            )
        if home != alvesta:
            Completion.objects.create(
                participant=user,
                round=course_round,
                completed_at=at(2022, 4, 5, 12),
                verification_code=f"CODE-{n:04d}",
            )
        people.append(user)
    return course_round, {
        "modules": module_pages,
        "cohorts": groups,
        "people": people,
        "kronoberg": kronoberg,
        "vgr": vgr,
        "stockholm": stockholm,
    }


def assert_schema(frames: StatsFrames):
    for name, columns in SCHEMA.items():
        assert dict(getattr(frames, name).dtypes.astype(str)) == columns, name


@pytest.mark.django_db
def test_frames_of_a_round(course_tree):
    course_round, made = make_round(course_tree)
    draft = ModulePageFactory(parent=course_tree["course"], title="Utkast")
    draft.unpublish()
    other_course = CoursePageFactory(parent=course_tree["index"], title="Annan kurs")
    ModulePageFactory(parent=other_course, title="Annan modul")
    other_round = RoundFactory()
    other_cohort = CohortFactory(round=other_round, county=made["kronoberg"])
    EnrolmentFactory(participant=made["people"][0], cohort=other_cohort)

    frames = load_frames(round=course_round)

    assert_schema(frames)
    assert list(frames.counties["county_code"]) == ["01", "07", "14"]
    assert list(frames.municipalities["municipality_code"]) == ["0114", "0764", "0780", "1480"]
    goteborg = frames.municipalities.set_index("municipality_code").loc["1480"]
    assert (goteborg["county_code"], goteborg["skr_group"]) == ("14", "A1")
    assert goteborg["skr_group_name"] == "A1 Storstäder"
    people = made["people"]
    assert list(frames.participants["participant_id"]) == [p.pk for p in people]
    assert list(frames.participants["municipality_code"]) == ["0780", "1480", "0764", "0114"]
    assert list(frames.enrolments["status"]) == ["enrolled", "enrolled", "waitlisted", "enrolled"]
    cohorts = frames.cohorts.set_index("cohort_id")
    first = made["cohorts"][0]
    assert cohorts.loc[first.pk, "county_code"] == "07"
    assert cohorts.loc[first.pk, "cohort_name"] == "Grupp 1"
    assert cohorts.loc[first.pk, "county_name"] == "Kronobergs län"
    # The cancelled December session is not the last one.
    assert cohorts.loc[first.pk, "last_session"] == pd.Timestamp("2022-04-26 08:00", tz="UTC")
    assert list(frames.modules["title"]) == ["Modul 1", "Modul 2", "Modul 3"]
    assert list(frames.modules["position"]) == [0, 1, 2]
    assert list(frames.modules["is_required"]) == [True, True, False]
    assert len(frames.sessions) == 8 and set(frames.sessions["status"]) == {
        "scheduled",
        "cancelled",
    }
    assert len(frames.progress) == 12
    assert frames.progress["completed_at"].isna().sum() == 4
    assert len(frames.attendance) == 8 and frames.attendance["attended"].all()
    assert sorted(frames.completions["participant_id"]) == sorted(
        p.pk for p in people if p.municipality.code != "0764"
    )


@pytest.mark.django_db
def test_modules_follow_the_page_tree_not_creation_order(course_tree):
    course_round, made = make_round(course_tree, participants=0, modules=2)
    last = ModulePageFactory(parent=course_tree["course"], title="Inledning")
    last.move(made["modules"][0], pos="left")
    frames = load_frames(round=course_round)
    assert list(frames.modules["title"]) == ["Inledning", "Modul 1", "Modul 2"]


@pytest.mark.django_db
def test_a_county_sees_its_own_participants_in_its_own_and_others_cohorts(course_tree):
    course_round, made = make_round(course_tree)
    people = made["people"]
    first, second = made["cohorts"]

    kronoberg = load_frames(round=course_round, county=made["kronoberg"])
    assert list(kronoberg.counties["county_code"]) == ["07"]
    assert list(kronoberg.municipalities["municipality_code"]) == ["0764", "0780"]
    assert list(kronoberg.participants["participant_id"]) == [people[0].pk, people[2].pk]
    assert list(kronoberg.cohorts["cohort_id"]) == [first.pk]
    assert set(kronoberg.attendance["participant_id"]) == {people[0].pk, people[2].pk}
    assert list(kronoberg.completions["participant_id"]) == [people[0].pk]

    # Västra Götaland is a guest in Kronoberg's cohort: its participant, the host's cohort.
    guest = load_frames(round=course_round, county=made["vgr"])
    assert list(guest.participants["participant_id"]) == [people[1].pk]
    assert list(guest.cohorts["cohort_id"]) == [first.pk]
    assert list(guest.cohorts["county_code"]) == ["07"]
    hosts = summary(guest, by="cohort", now=at(2022, 6, 1))
    assert list(hosts["county_name"]) == ["Kronobergs län"]  # the host, outside the frames
    assert list(hosts["enrolled"]) == [1]
    assert set(guest.sessions["cohort_id"]) == {first.pk}
    assert_schema(guest)

    stockholm = load_frames(round=course_round, county=made["stockholm"])
    assert list(stockholm.cohorts["cohort_id"]) == [second.pk]


@pytest.mark.django_db
def test_the_period_limits_completions_and_reads_the_rest_as_at_its_end(course_tree):
    course_round, made = make_round(course_tree)
    people = made["people"]
    # Enrolled on 10–13 January; module 2 completed on 4 March; completions on 5 April.
    frames = load_frames(round=course_round, start=date(2022, 4, 6), end=date(2022, 12, 31))
    assert frames.completions.empty
    assert len(frames.enrolments) == 4

    frames = load_frames(round=course_round, start=date(2022, 4, 5), end=date(2022, 4, 5))
    assert len(frames.completions) == 3

    frames = load_frames(round=course_round, end=date(2022, 1, 11))
    assert list(frames.participants["participant_id"]) == [people[0].pk, people[1].pk]
    assert frames.completions.empty and frames.progress.empty

    frames = load_frames(round=course_round, end=date(2022, 3, 3))
    # Module 1 was completed on 3 March (01:00 in Stockholm), within the period; module 2 was
    # started on 3 March but completed on 4 March, after it; module 3 started on 4 March.
    by_module = frames.progress.groupby("module_id")["completed_at"].count()
    modules = made["modules"]
    assert by_module.to_dict() == {modules[0].pk: 4, modules[1].pk: 0}


@pytest.mark.django_db
def test_an_empty_round_gives_empty_frames_with_their_dtypes(course_tree):
    course_round = RoundFactory(course=course_tree["course"])
    CountyFactory(code="07", name="Kronobergs län")
    frames = load_frames(round=course_round)
    assert_schema(frames)
    assert frames.participants.empty and frames.cohorts.empty and frames.modules.empty
    assert list(frames.counties["county_code"]) == ["07"]
    assert_schema(load_frames(round=RoundFactory(course=None)))


@pytest.mark.django_db
def test_figures_from_the_database(course_tree):
    course_round, made = make_round(course_tree)
    frames = load_frames(round=course_round)
    table = summary(frames, by="county", now=at(2022, 4, 20)).set_index("county_code")
    # Göteborg's participant counts in Västra Götaland although Kronoberg hosts the cohort.
    assert table.loc["14", "enrolled"] == 1 and table.loc["14", "completed"] == 1
    assert table.loc["07", "enrolled"] == 1  # Alvesta's participant is on the waitlist
    assert table.loc["07", "sessions_held"] == 2  # the third is on 26 April
    assert table.loc["01", "median_days_to_completion"] == pytest.approx(35.1666, abs=1e-3)


@pytest.mark.parametrize("size", [1, 6])
@pytest.mark.django_db
def test_the_number_of_queries_is_constant(course_tree, django_assert_num_queries, size):
    course_round, made = make_round(
        course_tree, participants=4 * size, modules=2 + size, cohorts=2 * size
    )
    course_round.refresh_from_db()
    with django_assert_num_queries(QUERIES):
        frames = load_frames(round=course_round)
    assert len(frames.participants) == 4 * size
    assert len(frames.modules) == 2 + size
    with django_assert_num_queries(QUERIES):
        load_frames(round=course_round, county=made["kronoberg"], start=date(2022, 1, 1))
    with django_assert_num_queries(QUERIES):
        load_frames(round=course_round, end=date(2022, 12, 31))
