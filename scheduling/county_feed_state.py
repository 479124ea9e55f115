"""A county feed's state (for its ETag) in one hand-written SQL statement.

Calendar clients poll the county feeds, the largest feeds there are, every hour; almost every
poll is answered 304. The ORM spent about three quarters of that answer building the
aggregate query of `calendar_data.fingerprint` (measured with `python -m bench`); this is the
same aggregate, over the same sessions (`county_sessions` and `visible_sessions`), written once.
"""

from datetime import UTC, datetime
from functools import cache

from django.db import connection

from .models import Cohort, Session, SessionStatus


@cache
def _statement(vendor: str) -> str:
    quote = connection.ops.quote_name
    return (
        "SELECT COUNT(s.{id}), SUM(s.{id}), MAX(s.{updated}), MAX(h.{updated})"
        " FROM {session} s INNER JOIN {cohort} h ON h.{id} = s.{cohort_id}"
        " WHERE (h.{county_id} = %s OR h.{id} IN"
        " (SELECT g.{cohort_id} FROM {guests} g WHERE g.{county_id} = %s))"
        " AND (s.{status} = %s OR s.{end} >= %s)"
    ).format(
        id=quote("id"),
        updated=quote("updated_at"),
        session=quote(Session._meta.db_table),
        cohort=quote(Cohort._meta.db_table),
        guests=quote(Cohort.guest_counties.through._meta.db_table),
        cohort_id=quote("cohort_id"),
        county_id=quote("county_id"),
        status=quote("status"),
        end=quote("end"),
    )


def county_feed_state(county_id: int, *, cancelled_cutoff: datetime) -> dict:
    """Count and id sum of the feed's sessions, and the latest change of a session and a cohort."""
    with connection.cursor() as cursor:
        cursor.execute(
            _statement(connection.vendor),
            [
                county_id,
                county_id,
                SessionStatus.SCHEDULED.value,
                connection.ops.adapt_datetimefield_value(cancelled_cutoff),
            ],
        )
        sessions, id_sum, session_changed, cohort_changed = cursor.fetchone()
    return {
        "sessions": sessions,
        "id_sum": id_sum,
        "session_changed": _aware(session_changed),
        "cohort_changed": _aware(cohort_changed),
    }


def _aware(value) -> datetime | None:
    """A timestamp as the backend returns it (SQLite: UTC text) as an aware datetime."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value
