"""Browser tests: Wagtail's initial data kept between tests, a quiet server before a flush."""

import threading
import time

import pytest
from django.core.signals import request_finished, request_started
from django.db import connections

#: How long the live server must have been without a request before the database is flushed.
QUIET_SECONDS = 0.3
#: How long a test's last requests may take to finish before the teardown gives up waiting.
BUSY_TIMEOUT_SECONDS = 30


class RequestsInFlight:
    """Counts the requests Django is handling, from request_started to request_finished."""

    def __init__(self):
        self._changed = threading.Condition()
        self._count = 0
        self._last_start = 0.0

    def started(self, **kwargs):
        """Count a request Django begins to handle."""
        with self._changed:
            self._count += 1
            self._last_start = time.monotonic()

    def finished(self, **kwargs):
        """Count a request whose response has been sent and closed."""
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    def wait_until_quiet(self, timeout: float) -> bool:
        """Wait until no request runs and none began in the last QUIET_SECONDS."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                now = time.monotonic()
                quiet_for = now - self._last_start
                if self._count == 0 and quiet_for >= QUIET_SECONDS:
                    return True
                if now >= deadline:
                    return False
                self._changed.wait(min(deadline - now, max(QUIET_SECONDS - quiet_for, 0.05)))


@pytest.fixture(scope="session")
def live_requests():
    """The live server's requests in flight, for waiting until it is quiet."""
    requests = RequestsInFlight()
    request_started.connect(requests.started, dispatch_uid="browser-requests-started")
    request_finished.connect(requests.finished, dispatch_uid="browser-requests-finished")
    yield requests
    request_started.disconnect(dispatch_uid="browser-requests-started")
    request_finished.disconnect(dispatch_uid="browser-requests-finished")


@pytest.fixture(scope="session")
def initial_database_contents(django_db_setup, django_db_blocker):
    """The database as migrations left it (root page, site, locale), serialized at creation."""
    return connections["default"]._test_serialized_contents


@pytest.fixture(autouse=True)
def _serialized_rollback_across_playwright(
    initial_database_contents, page, live_server, live_requests
):
    """Let serialized_rollback restore Wagtail's root page and site after each browser test.

    Once Playwright's event loop runs, Django hands out a new connection object, which lacks
    the serialized copy; without it the flush after a test leaves no root page for the next.

    After the test the browser context (every page of it) is closed and the live server
    allowed to finish what it was sent: the admin's editor autosaves drafts and pings its
    editing session on timers, and a request that writes while the flush truncates the tables
    can deadlock the flush and leave the test's rows for the next test. Closing the context
    through pytest-playwright keeps its screenshots and traces of a failed test.
    """
    connection = connections["default"]
    if not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = initial_database_contents
    yield
    page.context.close()
    assert live_requests.wait_until_quiet(BUSY_TIMEOUT_SECONDS), (
        f"the live server was still handling requests {BUSY_TIMEOUT_SECONDS} s after the test"
    )


PARTICIPANT_EMAIL, PARTICIPANT_PASSWORD = "sara.strateg@example.com", "ett-langt-losenord-7"


@pytest.fixture
def participant(real_course):
    """A participant from Växjö with a place in a Kronoberg cohort of the real round."""
    from django.contrib.auth import get_user_model

    from regions.models import County, Municipality
    from scheduling.models import Cohort
    from scheduling.rounds import ensure_real_round
    from scheduling.services import enrolment_create

    course_round = ensure_real_round(course=real_course.course)
    cohort = Cohort.objects.create(
        round=course_round,
        county=County.objects.get(code="07"),
        name="Kronobergs län, grupp 1",
        capacity=20,
    )
    user = get_user_model().objects.create_user(
        PARTICIPANT_EMAIL,
        PARTICIPANT_PASSWORD,
        first_name="Sara",
        last_name="Strateg",
        municipality=Municipality.objects.get(code="0780"),
    )
    enrolment_create(participant=user, cohort=cohort)
    return user


@pytest.fixture
def log_in(page, live_server):
    """Log in through the login page as the given email and password."""

    def run(email=PARTICIPANT_EMAIL, password=PARTICIPANT_PASSWORD):
        page.goto(live_server.url + "/konto/logga-in/")
        page.get_by_label("E-postadress").fill(email)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url("**/min-kurs/")

    return run
