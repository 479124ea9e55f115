"""Statistics kept in the cache: stale after every kind of change, one refresh, a stated bound."""

import os
import re
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import NATIONAL_COORDINATORS
from lms.models import Attendance, ModuleProgress
from lms.services import attendance_record, completion_check, progress_complete, progress_start
from lms.services.progress import progress_undo
from lms.stats import results, snapshots
from lms.stats.snapshots import Snapshot
from scheduling.models import Enrolment, EnrolmentStatus
from scheduling.services import cohort_cancel, cohort_create, enrolment_cancel, enrolment_create
from scheduling.services.sessions import session_cancel
from tests.factories import UserFactory
from tests.factories.users import staff_member

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    """Runs an action as a committed transaction; says whether the statistics went stale."""

    def went_stale(action) -> bool:
        before = snapshots.generation()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return snapshots.generation() != before

    return went_stale


@pytest.mark.django_db
def test_progress_makes_the_figures_stale(changes, participant, modules):
    assert changes(lambda: progress_start(user=participant, module=modules[0]))
    assert not changes(lambda: progress_start(user=participant, module=modules[0]))
    assert changes(lambda: progress_complete(user=participant, module=modules[0]))
    assert not changes(lambda: progress_complete(user=participant, module=modules[0]))
    assert changes(lambda: progress_undo(user=participant, module=modules[0]))


@pytest.mark.django_db
def test_a_completion_and_attendance_make_the_figures_stale(
    changes, participant, modules, cohort, course_round
):
    session = cohort.sessions.first()
    assert changes(
        lambda: attendance_record(session=session, attended_ids=[participant.pk], recorded_by=None)
    )
    for module in modules[:2]:
        ModuleProgress.objects.create(
            participant=participant,
            module=module,
            started_at=timezone.now(),
            completed_at=timezone.now(),
        )
    assert Attendance.objects.filter(participant=participant, attended=True).exists()
    assert changes(lambda: completion_check(participant=participant, round=course_round))
    # Checking again finds the completion already made: nothing changes.
    assert not changes(lambda: completion_check(participant=participant, round=course_round))


@pytest.mark.django_db
def test_enrolments_and_cohorts_make_the_figures_stale(changes, participant, cohort, course_round):
    other = UserFactory(municipality=cohort.county.municipalities.get())
    assert changes(lambda: enrolment_create(participant=other, cohort=cohort))
    enrolment = Enrolment.objects.get(participant=other)
    assert changes(lambda: enrolment_cancel(enrolment=enrolment))
    assert changes(lambda: session_cancel(session=cohort.sessions.first(), reason="Sjukdom"))
    assert changes(
        lambda: cohort_create(round=course_round, county=cohort.county, name="Ny", capacity=5)
    )
    assert changes(lambda: cohort_cancel(cohort=cohort, reason="För få anmälda"))


@pytest.mark.django_db
def test_publishing_a_module_makes_the_figures_stale(changes, modules):
    assert changes(lambda: modules[0].save_revision().publish())


# The mechanism, on plain values.


def kept(value, *, age: timedelta, stale: bool = False) -> str:
    key = "stats:prov"
    current = snapshots.generation()
    cache.set(key, Snapshot(value, current - 1 if stale else current, timezone.now() - age))
    return key


class Recorder:
    """A computation and a refresh request that count their calls."""

    def __init__(self, value="ny"):
        self.value, self.computed, self.asked = value, 0, 0

    def compute(self):
        self.computed += 1
        return self.value

    def ask(self):
        self.asked += 1


def test_the_first_read_computes_and_keeps_the_result(settings):
    recorder = Recorder()
    assert snapshots.read("stats:prov", recorder.compute, recorder.ask).value == "ny"
    assert snapshots.read("stats:prov", recorder.compute, recorder.ask).value == "ny"
    assert (recorder.computed, recorder.asked) == (1, 0)


def test_a_stale_result_is_served_while_one_refresh_is_asked_for(settings):
    settings.STATS_REFRESH_SECONDS = 60
    recorder = Recorder()
    key = kept("gammal", age=timedelta(seconds=90), stale=True)
    assert snapshots.read(key, recorder.compute, recorder.ask).value == "gammal"
    assert snapshots.read(key, recorder.compute, recorder.ask).value == "gammal"
    assert (recorder.computed, recorder.asked) == (0, 1)  # the second reader is not asked again
    snapshots.refresh(key, recorder.compute)  # what the task does
    assert snapshots.read(key, recorder.compute, recorder.ask).value == "ny"


def test_a_change_is_refreshed_at_most_once_per_interval(settings):
    settings.STATS_REFRESH_SECONDS = 60
    recorder = Recorder()
    key = kept("gammal", age=timedelta(seconds=30), stale=True)
    assert snapshots.read(key, recorder.compute, recorder.ask).value == "gammal"
    assert recorder.asked == 0


def test_a_current_result_is_refreshed_ahead_at_half_the_bound(settings):
    recorder = Recorder()
    key = kept("gammal", age=snapshots.max_age() * 0.6)
    assert snapshots.read(key, recorder.compute, recorder.ask).value == "gammal"
    assert (recorder.computed, recorder.asked) == (0, 1)


def test_a_result_older_than_the_bound_is_never_served(settings):
    recorder = Recorder()
    key = kept("gammal", age=snapshots.max_age() + timedelta(seconds=1))
    snapshot = snapshots.read(key, recorder.compute, recorder.ask)
    assert snapshot.value == "ny"
    assert timezone.now() - snapshot.computed_at < timedelta(seconds=5)
    assert recorder.computed == 1


def test_a_refresh_that_cannot_be_queued_lets_the_next_reader_try(settings):
    settings.STATS_REFRESH_SECONDS = 0
    recorder = Recorder()
    key = kept("gammal", age=timedelta(seconds=1), stale=True)

    def broken():
        raise ConnectionError("kön svarar inte")

    with pytest.raises(ConnectionError):
        snapshots.read(key, recorder.compute, broken)
    assert snapshots.read(key, recorder.compute, recorder.ask).value == "gammal"
    assert recorder.asked == 1


def test_the_generation_survives_a_lost_counter():
    before = snapshots.generation()
    cache.delete(snapshots.GENERATION_KEY)
    snapshots._bump()
    assert snapshots.generation() != before


def two_readers_at_once(key: str) -> tuple[int, list[str]]:
    """Two threads read the key at the same moment; how often it was computed, what they got."""
    calls, lock = [], threading.Lock()

    def compute():
        with lock:
            calls.append(1)
        time.sleep(0.05)
        return "ny"

    barrier, served = threading.Barrier(2), []

    def reader():
        barrier.wait()
        served.append(snapshots.read(key, compute, lambda: snapshots.refresh(key, compute)).value)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(calls), sorted(served)


def test_two_stale_readers_on_redis_recompute_once(redis_cache, settings):
    settings.STATS_REFRESH_SECONDS = 0
    for trial in range(30):
        key = kept("gammal", age=timedelta(seconds=1), stale=True)
        computed, served = two_readers_at_once(key)
        assert computed == 1, f"trial {trial}: computed {computed} times"
        assert served == ["gammal", "ny"]


# The pages.


def row_of(html: str, county: str) -> list[str]:
    match = re.search(rf">{county}</a></th>(.*?)</tr>", html, re.S)
    return re.findall(r"<td>(.*?)</td>", match.group(1))


@pytest.mark.django_db
def test_the_public_page_states_the_bound_and_when_the_figures_were_computed(
    client, participant, course_round
):
    html = client.get(f"/statistik/?omgang={course_round.slug}").content.decode()
    assert "uppdateras inom 5 minuter efter en ändring" in html
    assert "Siffrorna beräknades" in html


@pytest.mark.django_db
def test_the_admin_statistics_state_the_bound_and_serve_the_kept_report(
    client, participant, course_round, modules
):
    client.force_login(staff_member(NATIONAL_COORDINATORS))
    url = f"/admin/statistik/?round={course_round.pk}"
    html = client.get(url).content.decode()
    assert "uppdateras inom 5 minuter efter en ändring" in html
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not any("lms_moduleprogress" in query["sql"] for query in queries.captured_queries)


@pytest.mark.django_db
def test_the_public_page_shows_a_change_at_the_next_refresh(
    client, settings, participant, cohort, course_round, django_capture_on_commit_callbacks
):
    settings.STATS_PUBLIC_THRESHOLD = 1
    url = f"/statistik/?omgang={course_round.slug}"
    assert row_of(client.get(url).content.decode(), "Kronobergs län") == ["1", "0", "1", "0"]
    other = UserFactory(municipality=cohort.county.municipalities.get())
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(participant=other, cohort=cohort)
    # Within the refresh interval the last result is served, computed once for everyone.
    settings.STATS_REFRESH_SECONDS = 60
    assert row_of(client.get(url).content.decode(), "Kronobergs län") == ["1", "0", "1", "0"]
    settings.STATS_REFRESH_SECONDS = 0
    assert row_of(client.get(url).content.decode(), "Kronobergs län") == ["1", "0", "2", "0"]
    csv = client.get(f"/statistik/utrullning.csv?omgang={course_round.slug}").content.decode()
    assert "Kronobergs län,1,0,0.0,2,0" in csv


@pytest.mark.django_db
def test_a_warm_public_page_makes_the_same_few_queries_at_any_size(client, cohort, course_round):
    url = f"/statistik/?omgang={course_round.slug}"
    counts = []
    for size in (2, 12):
        while cohort.enrolments.count() < size:
            person = UserFactory(municipality=cohort.county.municipalities.get())
            enrolment_create(participant=person, cohort=cohort)
        cache.clear()  # a new size, computed afresh; then measured warm
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3, counts


@pytest.mark.django_db
def test_a_change_announced_by_another_process_is_seen_here_within_the_bound(
    redis_cache, settings, participant, cohort, course_round
):
    """Two app servers share Redis: a commit on one makes the other's next read recompute.

    The other process only announces the change (what its commit's on_commit does): the test's
    own database transaction, which it cannot see, holds the new enrolment.
    """
    settings.STATS_REFRESH_SECONDS = 0
    first = results.rollout(round=course_round)
    assert first.value.set_index("county_code").loc["07", "enrolled"] == 1
    other = UserFactory(municipality=cohort.county.municipalities.get())
    Enrolment.objects.create(
        participant=other, cohort=cohort, round=course_round, status=EnrolmentStatus.ENROLLED
    )
    kept = results.rollout(round=course_round)
    assert kept.computed_at == first.computed_at  # nothing announced yet: the kept result
    changed_at = timezone.now()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from lms.stats.snapshots import figures_changed; figures_changed()",
        ],
        cwd=ROOT,
        # It needs no database of its own: announcing is a write to the shared cache.
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": "sqlite:///:memory:",
            **redis_cache,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    seen = results.rollout(round=course_round)
    assert seen.value.set_index("county_code").loc["07", "enrolled"] == 2
    assert changed_at <= seen.computed_at <= changed_at + snapshots.max_age()


@pytest.mark.django_db
def test_refresh_statistics_keeps_what_visitors_read_so_none_computes(
    participant, cohort, course_round, settings, django_capture_on_commit_callbacks
):
    """Run every minute, the command computes what is missing or due, and nothing else."""
    from io import StringIO

    from django.core.management import call_command

    scopes = results.kept_scopes(today=timezone.localdate())
    assert results.Scope("rollout", course_round.pk) in scopes
    assert results.Scope("rollout", course_round.pk, cohort.county.pk) in scopes

    out = StringIO()
    call_command("refresh_statistics", stdout=out, stderr=StringIO())
    assert f"{len(scopes)} av {len(scopes)} resultat beräknades." in out.getvalue()
    assert not any(snapshots.needs_refresh(scope.key) for scope in scopes)

    call_command("refresh_statistics", stdout=(out := StringIO()), stderr=StringIO())
    assert f"0 av {len(scopes)} resultat beräknades." in out.getvalue()

    other = UserFactory(municipality=cohort.county.municipalities.get())
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(participant=other, cohort=cohort)
    settings.STATS_REFRESH_SECONDS = 0
    call_command("refresh_statistics", stdout=StringIO(), stderr=StringIO())
    # A visitor now reads the kept result, which counts the new enrolment, without computing.
    computed = []
    snapshot = snapshots.read(
        results.Scope("rollout", course_round.pk).key,
        lambda: computed.append(1),
        lambda: computed.append(1),
    )
    assert computed == []
    assert snapshot.value.set_index("county_code").loc["07", "enrolled"] == 2


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.mark.django_db
def test_anonymous_visitors_get_the_kept_page_with_their_own_csrf_token(course_round, participant):
    """The whole page is kept for visitors who are not logged in; the token is each one's own."""
    from django.test import Client

    url = f"/statistik/?omgang={course_round.slug}"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    assert first.get(url).templates  # rendered and kept
    kept = second.get(url)
    assert kept.templates == []  # served from the cache, no template rendered
    assert "Kursen i hela landet" in kept.content.decode()
    token = CSRF_INPUT.search(kept.content.decode()).group(1)
    assert "csrf-token-of-the-visitor" not in kept.content.decode()
    switched = second.post("/sprak/", {"language": "en", "next": url, "csrfmiddlewaretoken": token})
    assert switched.status_code == 302
    english = second.get(url).content.decode()
    assert "Log in" in english and "Logga in" not in english

    logged_in = Client()
    logged_in.force_login(participant)
    page = logged_in.get(url)
    assert page.templates and "Logga ut" in page.content.decode()


@pytest.mark.django_db
def test_a_round_saved_in_the_admin_makes_the_figures_and_the_round_list_stale(
    changes, course_round, client
):
    url = "/statistik/"
    assert course_round.title in client.get(url).content.decode()
    course_round.title = "Omdöpt omgång"
    assert changes(course_round.save)
    assert "Omdöpt omgång" in client.get(url).content.decode()
