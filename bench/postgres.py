"""Statistics by county on PostgreSQL: the bench's data set built again in a scratch database.

Django is configured once per process and the bench's own process is on SQLite, so
`run(sizes)` starts `python -m bench.postgres SIZES` with DATABASE_URL pointing at a database
it creates and drops afterwards; the child grows the same seeded data set and prints its rows as
JSON. The tables are analysed after each bulk load, as autovacuum would do on a live server
soon after (without it the planner guesses at row counts and a join of 100,000 participants
runs for many minutes). Where no PostgreSQL answers, the rows say the phase was skipped.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.rows import skipped_row, thousands
from bench.scratch_db import drop_database, reachable, recreate_database

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kursplattform_bench"


def run(sizes: tuple[int, ...]) -> list[dict]:
    """Rows of statistics by county on PostgreSQL at each size, or rows saying why not."""
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    if not reachable(database_url):
        return [_skipped(size, "ingen PostgreSQL") for size in sizes]
    recreate_database(database_url)
    try:
        child = subprocess.run(
            [sys.executable, "-m", "bench.postgres", ",".join(map(str, sizes))],
            env={**os.environ, "BENCH_DATABASE_URL": database_url},
            cwd=ROOT,
            check=False,
            stdout=subprocess.PIPE,
            text=True,
        )
    finally:
        drop_database(database_url)
    if child.returncode:
        return [_skipped(size, "fel, se stderr") for size in sizes]
    return json.loads(child.stdout)


def _skipped(size: int, reason: str) -> dict:
    from bench.pages import STATISTICS_BY_COUNTY_MS

    limit = STATISTICS_BY_COUNTY_MS["PostgreSQL"] / 1000
    return skipped_row(
        "statistik per län (databas + pandas), PostgreSQL",
        thousands(size),
        target=f"<{limit:g} s, <1 GiB (median)",
        reason=reason,
    )


def _measure(sizes: tuple[int, ...]) -> list[dict]:
    from bench.environment import progress, setup_django

    setup_django(os.environ["BENCH_DATABASE_URL"])
    from django.db import connection

    from bench.national_data import NationalData
    from bench.pages import statistics_by_county

    data, rows = NationalData(), []
    for size in sizes:
        data.grow_to(size)
        with connection.cursor() as cursor:
            # What autovacuum does on a live server soon after a bulk load: the visibility map
            # and hint bits set, so the measured reads are not the first to touch every page.
            cursor.execute("VACUUM ANALYZE")
        progress(f"Mäter statistiken per län på PostgreSQL vid {thousands(size)} deltagare …")
        rows.append(statistics_by_county(data, size, "PostgreSQL"))
    return rows


if __name__ == "__main__":
    print(json.dumps(_measure(tuple(int(part) for part in sys.argv[1].split(",")))))
