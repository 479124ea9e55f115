"""Scenarios over the synthetic national data: the baseline, the participant's pages, a county
feed of 500 sessions and the completion statistics read from the database.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bench.measure import compare, measure
from bench.rows import absolute_row, ratio_row, thousands

PAGE_RUNS = 30
STATISTICS_RUNS = 5
FEED_COHORTS, FEED_SESSIONS_PER_COHORT = 167, 3
MAX_PAGE_QUERIES, MAX_PAGE_X_BASELINE = 10, 8
MAX_STATISTICS_PAGE_X_BASELINE = 3
FEED_COLD_MS, FEED_304_X_BASELINE = 50, 2
STATISTICS_BY_COUNTY_MS = {"SQLite": 3000, "PostgreSQL": 1000}


def baseline() -> Callable[[], object]:
    """The trivial view: one county rendered through a template, for an anonymous visitor."""
    from django.test import Client

    from regions.models import County

    client, county = Client(), County.objects.order_by("pk").first()
    url = f"/bench/baseline/{county.pk}/"
    assert client.get(url).status_code == 200, url
    return lambda: client.get(url)


def participant_pages(data, size: int, base: Callable[[], object]) -> list[dict]:
    """The module page and Min kurs for a participant half way through the course."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(data.participant_with_progress())
    rows = []
    for name, url in (
        ("modulsida, deltagare", data.modules[len(data.modules) // 2].url),
        ("Min kurs", reverse("lms:my_course")),
    ):
        assert client.get(url).status_code == 200, url
        comparison = compare(base, lambda url=url: client.get(url), runs=PAGE_RUNS)
        rows.append(
            ratio_row(
                name,
                thousands(size),
                comparison,
                max_ratio=MAX_PAGE_X_BASELINE,
                max_queries=MAX_PAGE_QUERIES,
            )
        )
    return rows


def statistics_page(size: int, base: Callable[[], object]) -> dict:
    """The public /statistik/ page for an anonymous visitor, warm: after one first request."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    url = reverse("lms:rollout")
    assert client.get(url).status_code == 200, url
    comparison = compare(base, lambda: client.get(url), runs=PAGE_RUNS)
    return ratio_row(
        "/statistik/, varm",
        thousands(size),
        comparison,
        max_ratio=MAX_STATISTICS_PAGE_X_BASELINE,
    )


def statistics_by_county(data, size: int, database: str) -> dict:
    """Completion statistics by county for the round, read from the database and computed."""
    from django.utils import timezone

    from lms.stats.data import load_frames
    from lms.stats.figures import summary

    def compute():
        frames = load_frames(round=data.round, module_detail=False)  # progress grouped in SQL
        return summary(frames, by="county", now=timezone.now())

    cost = measure(compute, runs=STATISTICS_RUNS)
    return absolute_row(
        f"statistik per län (databas + pandas), {database}",
        thousands(size),
        cost,
        limit_ms=STATISTICS_BY_COUNTY_MS[database],
        max_mib=1024,
    )


def county_feed(base: Callable[[], object]) -> list[dict]:
    """A county feed of 501 sessions: rendered cold (cache emptied) and answered 304."""
    from django.core.cache import cache
    from django.test import Client

    county, sessions = _feed_county()
    client, url = Client(), f"/lan/{county.code}/kalender.ics"

    def cold():
        cache.clear()  # rendered feeds are cached under their ETag
        return client.get(url)

    etag = cold()["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    size = f"{sessions} träffar"
    not_modified = compare(base, lambda: client.get(url, HTTP_IF_NONE_MATCH=etag), runs=PAGE_RUNS)
    return [
        absolute_row("läns kalender, kall", size, measure(cold, runs=9), limit_ms=FEED_COLD_MS),
        ratio_row("läns kalender, 304", size, not_modified, max_ratio=FEED_304_X_BASELINE),
    ]


def _feed_county():
    """Kalmar län with 167 cohorts of three sessions, in a round of its own."""
    from regions.models import County
    from scheduling.models import Cohort, Round, Session

    county = County.objects.get(code="08")
    feed_round = Round.objects.create(
        slug="bench-kalender",
        title="Förändringsledning",
        start_date=datetime(2022, 1, 1).date(),
        end_date=datetime(2023, 12, 31).date(),
    )
    cohorts = Cohort.objects.bulk_create(
        Cohort(round=feed_round, county=county, name=f"{county.name}, grupp {n + 1}", capacity=20)
        for n in range(FEED_COHORTS)
    )
    first = datetime(2022, 1, 11, 8, tzinfo=UTC)
    Session.objects.bulk_create(
        Session(
            cohort=cohort,
            sort_order=k,
            start=first + timedelta(days=n, weeks=4 * k),
            end=first + timedelta(days=n, weeks=4 * k, hours=3),
            location=f"Länsstyrelsen i {county.name}, Kalmar",
        )
        for n, cohort in enumerate(cohorts)
        for k in range(FEED_SESSIONS_PER_COHORT)
    )
    return county, FEED_COHORTS * FEED_SESSIONS_PER_COHORT
