"""Real threads racing on PostgreSQL: what every race test of the suite shares."""

import threading

import pytest
from django.db import connection, connections

#: Row locks and their races are only meaningful on PostgreSQL; SQLite serialises every write.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL"
)


def race(*actions):
    """Run the actions in threads that start together; return what each returned or raised.

    Each thread has its own database connection, closed when it ends.
    """
    start = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            start.wait()
            outcomes[index] = action()
        except Exception as error:  # noqa: BLE001 - returned and asserted by the caller
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def errors_of(outcomes) -> list[Exception]:
    """The exceptions among a race's outcomes."""
    return [outcome for outcome in outcomes if isinstance(outcome, Exception)]
