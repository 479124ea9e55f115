"""The security tests' world, built once per module and rolled back after it."""

import pytest
from django.db import transaction

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Two counties with their cohorts, participants and staff; each test's changes roll back."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def as_role(client, world, db):
    """Log the test client in as one of the world's roles (None stays anonymous)."""

    def login(role: str):
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        return client

    return login
