"""The personal-data export's plain rows, shared by `lms` and `network`."""

from datetime import UTC, date, datetime

import pytest

from accounts.exports import plain, plain_rows
from regions.models import Municipality
from tests.factories import MunicipalityFactory


def test_plain_writes_times_in_stockholm_and_dates_in_iso(settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    assert plain(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "2026-07-01T12:00:00+02:00"
    assert plain(date(2026, 1, 31)) == "2026-01-31"
    assert plain(7) == 7


@pytest.mark.django_db
def test_plain_rows_renames_fields_and_follows_relations():
    municipality = MunicipalityFactory(name="Växjö")
    rows = plain_rows(
        Municipality.objects.filter(pk=municipality.pk),
        kommun="name",
        county="county__name",
    )
    assert rows == [{"kommun": "Växjö", "county": municipality.county.name}]


def test_both_exports_use_the_shared_helper():
    """The network's export and the course's share one definition, not two copies."""
    import lms.privacy.export
    import network.privacy

    assert lms.privacy.export.plain_rows is plain_rows
    assert network.privacy.plain_rows is plain_rows
    assert not hasattr(network.privacy, "_rows") and not hasattr(lms.privacy.export, "_rows")
