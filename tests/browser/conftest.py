"""Browser tests: Wagtail's initial data kept between tests that use Playwright."""

import pytest
from django.db import connections


@pytest.fixture(scope="session")
def initial_database_contents(django_db_setup, django_db_blocker):
    """The database as migrations left it (root page, site, locale), serialized at creation."""
    return connections["default"]._test_serialized_contents


@pytest.fixture(autouse=True)
def _serialized_rollback_across_playwright(initial_database_contents, page, live_server):
    """Let serialized_rollback restore Wagtail's root page and site after each browser test.

    Once Playwright's event loop runs, Django hands out a new connection object, which lacks
    the serialized copy; without it the flush after a test leaves no root page for the next.
    """
    connection = connections["default"]
    if not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = initial_database_contents


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
