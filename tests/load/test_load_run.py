"""The load run in short form: gunicorn and PostgreSQL on loopback, locust participants.

`make bench` runs it longer. It needs PostgreSQL, so it runs when the suite does
(`.ci/run` runs the suite with DATABASE_URL pointing at PostgreSQL).
"""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench import load

DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="the load run needs PostgreSQL (DATABASE_URL=postgres://…)",
)


@pytest.fixture
def load_database_url():
    parts = urlsplit(DATABASE_URL)
    url = urlunsplit(parts._replace(path=f"/kursplattform_load_{os.getpid()}"))
    yield url
    load.drop_database(url)


def test_participants_under_load_get_no_errors_and_exactly_their_progress_rows(
    load_database_url,
):
    result = load.run(seconds=8, users=12, participants=40, database_url=load_database_url)

    assert result.requests > 20, result
    assert result.errors == 0, result
    assert result.progress_rows == result.expected_rows > 0, result
    assert result.rows_match and result.completed_match, result
