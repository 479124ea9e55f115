"""The user model: the email address is the login; participants carry a municipality."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory

from tests.factories import MunicipalityFactory


@pytest.mark.django_db
def test_email_is_the_login():
    user = get_user_model().objects.create_user("Anna.Strateg@Example.COM", "hemligt-lösen-1")
    assert user.email == "anna.strateg@example.com"
    # Axes (the login lockout) needs the request that a login comes with.
    request = RequestFactory().post("/konto/logga-in/")
    assert (
        authenticate(request, username="anna.strateg@example.com", password="hemligt-lösen-1")
        == user
    )
    assert not hasattr(user, "username") or user.username is None


@pytest.mark.django_db
def test_participant_has_municipality_and_title_staff_has_none():
    municipality = MunicipalityFactory(name="Växjö")
    participant = get_user_model().objects.create_user(
        "strateg@example.com", "x", municipality=municipality, job_title="Hållbarhetsstrateg"
    )
    staff = get_user_model().objects.create_superuser("admin@example.com", "x")
    assert participant.municipality.name == "Växjö"
    assert participant.job_title == "Hållbarhetsstrateg"
    assert staff.municipality is None and staff.job_title == ""
    assert staff.is_staff and staff.is_superuser


@pytest.mark.django_db
def test_email_must_be_unique():
    from django.db import IntegrityError

    get_user_model().objects.create_user("a@example.com", "x")
    with pytest.raises(IntegrityError):
        get_user_model().objects.create_user("a@example.com", "y")
