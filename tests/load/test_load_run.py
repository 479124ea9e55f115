"""The load run in short form: two gunicorn servers sharing PostgreSQL and Redis, locust
participants spread over both, and a module published half way through.

`make bench` runs it longer. It needs PostgreSQL (DATABASE_URL=postgres://…, as `.ci/run` sets
it) and Redis, and is skipped, saying which is missing, without them.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bench import load
from bench.scratch_db import connect

DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="the load run needs PostgreSQL (DATABASE_URL=postgres://…)",
)


@pytest.fixture
def load_database_url():
    """A scratch database beside the test database; the run creates and drops it."""
    parts = urlsplit(DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/kursplattform_load_{os.getpid()}"))


@pytest.fixture
def redis_url(redis_cache):
    """The Redis server the two app servers share (the fixture skips where none answers)."""
    return redis_cache["REDIS_URL"]


def test_two_servers_under_load_give_no_errors_exactly_the_rows_and_the_new_revision(
    load_database_url, redis_url
):
    result = load.run(
        seconds=10,
        users=12,
        participants=40,
        database_url=load_database_url,
        redis_url=redis_url,
    )

    assert result.requests > 20, result
    assert result.errors == 0, result
    assert all(count > 0 for count in result.requests_per_server), result
    assert len(result.requests_per_server) == 2, result
    assert result.progress_rows == result.expected_rows > 0, result
    assert result.rows_match and result.completed_match, result
    # Both servers served the published revision's text (the poller gives up after 10 s); how
    # soon is a target of `make bench` (PUBLISH_WITHIN_S), not of a test on a busy machine.
    assert len(result.publish_delays_s) == 2, result
    assert all(delay is not None for delay in result.publish_delays_s), result
    assert result.per_core > 0 and result.baseline_per_core > 0, result
    with pytest.raises(psycopg.OperationalError, match="does not exist"):
        connect(load_database_url)  # the scratch database was dropped
