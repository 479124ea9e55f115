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
