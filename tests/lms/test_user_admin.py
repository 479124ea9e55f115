"""Wagtail's user admin lets an administrator set a participant's municipality and title."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import MunicipalityFactory


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("admin@example.com", "x")
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_create_form_shows_municipality_and_title(admin_client):
    html = admin_client.get("/admin/users/new/").content.decode()
    assert 'name="municipality"' in html
    assert 'name="job_title"' in html


@pytest.mark.django_db
def test_administrator_creates_a_participant(admin_client):
    municipality = MunicipalityFactory(name="Ljungby")
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "ny@example.com",
            "first_name": "Nora",
            "last_name": "Nilsson",
            "municipality": municipality.pk,
            "job_title": "Miljöstrateg",
            "password1": "ett-langt-losenord-42",
            "password2": "ett-langt-losenord-42",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(email="ny@example.com")
    assert (user.municipality, user.job_title) == (municipality, "Miljöstrateg")


@pytest.mark.django_db
def test_administrator_edits_the_title(admin_client):
    user = get_user_model().objects.create_user("p@example.com", "x", first_name="P", last_name="Q")
    response = admin_client.post(
        f"/admin/users/edit/{user.pk}/",
        {
            "email": "p@example.com",
            "first_name": "P",
            "last_name": "Q",
            "job_title": "Strateg",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.job_title == "Strateg"
