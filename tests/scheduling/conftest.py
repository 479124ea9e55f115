"""Fixtures shared by the scheduling tests."""

import pytest

from tests.factories import CountyFactory, MunicipalityFactory


@pytest.fixture
def counties(db):
    kronoberg = CountyFactory(code="07", name="Kronobergs län")
    vg = CountyFactory(code="14", name="Västra Götalands län")
    MunicipalityFactory(county=kronoberg, code="0780", name="Växjö")
    MunicipalityFactory(county=vg, code="1480", name="Göteborg")
    return {"07": kronoberg, "14": vg}
