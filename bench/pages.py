"""Scenarios over the synthetic national data: the baseline, the participant's pages, a county
feed of 500 sessions and the completion statistics read from the database.
"""

from datetime import UTC, datetime, timedelta

from bench.measure import Measurement, measure
from bench.rows import row, thousands

PAGE_RUNS = 30
FEED_COHORTS, FEED_SESSIONS_PER_COHORT = 167, 3
MAX_PAGE_QUERIES, MAX_PAGE_X_BASELINE = 10, 8


def baseline() -> Measurement:
    """The trivial view: one county rendered through a template, for an anonymous visitor."""
    from django.test import Client

    from scheduling.models import County

    client, county = Client(), County.objects.order_by("pk").first()
    return measure(lambda: client.get(f"/bench/baseline/{county.pk}/"), runs=PAGE_RUNS)


def participant_pages(data, size: int, base: Measurement) -> list[dict]:
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
        cost = measure(lambda url=url: client.get(url), runs=PAGE_RUNS)
        ratio = cost.cpu_ms / base.cpu_ms
        rows.append(
            row(
                name,
                thousands(size),
                cost,
                base,
                target=f"≤{MAX_PAGE_QUERIES} frågor, ≤{MAX_PAGE_X_BASELINE}× baslinjen",
                met=cost.queries <= MAX_PAGE_QUERIES and ratio <= MAX_PAGE_X_BASELINE,
            )
        )
    return rows


def statistics_by_county(data, size: int) -> dict:
    """Completion statistics by county for the round, read from the database and computed."""
    from django.utils import timezone

    from lms.stats import summary
    from lms.stats_data import load_frames

    def compute():
        return summary(load_frames(round=data.round), by="county", now=timezone.now())

    cost = measure(compute, runs=3, warmup=0)
    return row(
        "statistik per län (databas + pandas)",
        thousands(size),
        cost,
        None,
        target="<3 s, <1 GiB, frågor oberoende av storleken",
        met=cost.wall_ms < 3000 and cost.peak_mib < 1024,
    )


def county_feed(base: Measurement) -> list[dict]:
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
    cold_cost = measure(cold, runs=9)
    not_modified = measure(lambda: client.get(url, HTTP_IF_NONE_MATCH=etag), runs=PAGE_RUNS)
    return [
        row(
            "läns kalender, kall",
            size,
            cold_cost,
            base,
            target="<50 ms",
            met=cold_cost.wall_ms < 50,
        ),
        row(
            "läns kalender, 304",
            size,
            not_modified,
            base,
            target="≤2× baslinjen",
            met=not_modified.cpu_ms <= 2 * base.cpu_ms,
        ),
    ]


def _feed_county():
    """Kalmar län with 167 cohorts of three sessions, in a round of its own."""
    from scheduling.models import Cohort, County, Round, Session

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
