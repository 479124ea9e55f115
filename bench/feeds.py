"""Benchmark: a large county's calendar feed (500 sessions), rendered cold and answered 304.

Builds its own database in a temporary folder, so it runs from a fresh clone with one command.
"""

import logging
import os
import statistics
import tempfile
import time as clock
from datetime import UTC, datetime, timedelta

RUNS = 9
COHORTS, SESSIONS_PER_COHORT = 167, 3


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the baseline's 404s


def _build_county():
    from scheduling.models import Cohort, County, Round, Session

    county = County.objects.create(code="14", name="Västra Götalands län")
    course_round = Round.objects.create(
        slug="bench",
        title="Förändringsledning",
        start_date=datetime(2022, 1, 1).date(),
        end_date=datetime(2023, 12, 31).date(),
    )
    for number in range(COHORTS):
        cohort = Cohort.objects.create(
            round=course_round,
            county=county,
            name=f"Västra Götalands län, grupp {number + 1}",
            capacity=20,
        )
        first = datetime(2022, 1, 11, 8, tzinfo=UTC) + timedelta(days=number)
        Session.objects.bulk_create(
            Session(
                cohort=cohort,
                sort_order=k,
                start=first + timedelta(weeks=4 * k),
                end=first + timedelta(weeks=4 * k, hours=3),
                location="Länsstyrelsen, Göteborg",
            )
            for k in range(SESSIONS_PER_COHORT)
        )
    return county


def _median_ms(request) -> tuple[float, object]:
    durations, response = [], None
    for _ in range(RUNS):
        began = clock.perf_counter()
        response = request()
        durations.append((clock.perf_counter() - began) * 1000)
    return statistics.median(durations), response


def run() -> list[dict]:
    """Rows for the baseline view, the cold feed and the 304, with times and query counts."""
    _setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    county = _build_county()
    client = Client()
    url = f"/lan/{county.code}/kalender.ics"
    baseline_ms, _response = _median_ms(lambda: client.get("/lan/99/kalender.ics"))

    def cold():
        cache.clear()  # rendered feeds are cached under their ETag
        return client.get(url)

    cold_ms, response = _median_ms(cold)
    etag = response["ETag"]
    cached_ms, _response = _median_ms(lambda: client.get(url))
    hot_ms, not_modified = _median_ms(lambda: client.get(url, HTTP_IF_NONE_MATCH=etag))
    assert response.status_code == 200 and not_modified.status_code == 304
    rows = []
    for name, ms, request in (
        (
            "404 of an unknown county (baseline)",
            baseline_ms,
            lambda: client.get("/lan/99/kalender.ics"),
        ),
        ("county feed, cold", cold_ms, cold),
        ("county feed, cached", cached_ms, lambda: client.get(url)),
        ("county feed, 304", hot_ms, lambda: client.get(url, HTTP_IF_NONE_MATCH=etag)),
    ):
        with CaptureQueriesContext(connection) as queries:
            request()
        rows.append(
            {
                "scenario": name,
                "sessions": COHORTS * SESSIONS_PER_COHORT,
                "median_ms": round(ms, 2),
                "x_baseline": round(ms / baseline_ms, 1),
                "queries": len(queries),
                "bytes": len(response.content) if "304" not in name and "404" not in name else 0,
            }
        )
    return rows


def main() -> None:
    """Print the rows as a table."""
    from bench.table import print_table

    print_table("Calendar feed of a large county", run())


if __name__ == "__main__":
    main()
