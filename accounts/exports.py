"""Plain JSON rows for the personal-data export, shared by every app that exports a person's
data (`lms.privacy.export` and the network's part of it)."""

from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone


def plain(value):
    """A JSON value: times in local time, dates as ISO 8601, everything else as it is."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def plain_rows(queryset: QuerySet, **fields) -> list[dict]:
    """Each row of the queryset as a dict of output key -> plain value of the field named."""
    return [
        {key: plain(row[field]) for key, field in fields.items()}
        for row in queryset.values(*fields.values())
    ]
