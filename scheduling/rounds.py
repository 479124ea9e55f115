"""The real course round of 2022–2023, and a demo round that lies ahead of today."""

from datetime import date, timedelta

from django.db import transaction

from regions.loader import PILOT_COUNTY_CODES
from regions.models import County

from .models import Blackout, Round

REAL_ROUND_SLUG = "forandringsledning-2022-2023"
DEMO_ROUND_SLUG = "forandringsledning-demo"


def _breaks_between(start: date, end: date) -> list[tuple[date, date, str]]:
    """The summer break and the Christmas and New Year break of each year the period touches."""
    breaks = []
    for year in range(start.year - 1, end.year + 1):
        breaks.append((date(year, 6, 20), date(year, 8, 14), "Sommaruppehåll"))
        breaks.append((date(year, 12, 19), date(year + 1, 1, 8), "Jul och nyår"))
    return [(s, e, reason) for s, e, reason in breaks if s <= end and e >= start]


@transaction.atomic
def ensure_round(*, slug: str, title: str, start: date, end: date, course=None, **rules) -> Round:
    """Create the round with its pilots and breaks if missing; an existing one is left as it is."""
    existing = Round.objects.filter(slug=slug).first()
    if existing:
        return existing
    course_round = Round.objects.create(
        slug=slug, title=title, start_date=start, end_date=end, course=course, **rules
    )
    course_round.pilot_counties.set(County.objects.filter(code__in=PILOT_COUNTY_CODES))
    Blackout.objects.bulk_create(
        Blackout(round=course_round, start_date=s, end_date=e, reason=reason)
        for s, e, reason in _breaks_between(start, end)
    )
    return course_round


def ensure_real_round(course=None) -> Round:
    """The national round 2022-01-10 to 2023-12-15, pilots Västra Götaland and Kronoberg."""
    return ensure_round(
        slug=REAL_ROUND_SLUG,
        title="Förändringsledning 2022–2023",
        start=date(2022, 1, 10),
        end=date(2023, 12, 15),
        course=course,
        trainer_capacity=6,
    )


def ensure_demo_round(*, today: date, course=None) -> Round:
    """A short round starting two weeks after today, so the demo has upcoming sessions."""
    start = today + timedelta(days=14)
    return ensure_round(
        slug=DEMO_ROUND_SLUG,
        title="Förändringsledning, demoomgång",
        start=start,
        end=start + timedelta(days=365),
        course=course,
        trainer_capacity=12,
    )
