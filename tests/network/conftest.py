"""Shared fixtures of the network's tests."""

import pytest

from accounts.roles import COUNTY_COORDINATORS
from network.roles import ensure_network_roles
from tests.factories.users import staff_member


@pytest.fixture
def coordinator_client(client, network):
    """A client logged in as the county coordinator of the test's `network`."""
    ensure_network_roles()
    client.force_login(staff_member(COUNTY_COORDINATORS, county=network.county))
    return client
