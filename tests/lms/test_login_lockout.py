"""Five failed logins lock an (email, IP address) pair out for 15 minutes, on both login pages."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "losenord-123"
LOGIN_PAGES = [reverse("lms:login"), "/admin/login/"]


@pytest.fixture
def person(db):
    return UserFactory(email="sara@example.com", is_staff=True)


def log_in(client, path, email, password, ip="198.51.100.7"):
    """POST the login form as a browser at the given address would."""
    return client.post(path, {"username": email, "password": password}, REMOTE_ADDR=ip)


def logged_in_as(client):
    """The email of the user the client's session belongs to, or None."""
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id).email if user_id else None


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_five_failures_lock_out_even_the_right_password(client, person, path):
    statuses = [log_in(client, path, person.email, "fel-losenord").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    response = log_in(client, path, person.email, PASSWORD)
    assert response.status_code == 429
    assert "Inloggningen är tillfälligt spärrad" in response.content.decode()
    assert "Vänta 15 minuter" in response.content.decode()
    assert logged_in_as(client) is None


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_four_failures_do_not_lock_and_success_resets_the_count(client, person, path):
    for _attempt in range(4):
        log_in(client, path, person.email, "fel-losenord")
    assert log_in(client, path, person.email, PASSWORD).status_code == 302
    assert logged_in_as(client) == person.email
    client.logout()
    for _attempt in range(4):
        log_in(client, path, person.email, "fel-losenord")
    assert log_in(client, path, person.email, PASSWORD).status_code == 302


def test_other_people_and_other_addresses_are_unaffected(client, person):
    other = UserFactory(email="kim@example.com")
    path = reverse("lms:login")
    for _attempt in range(5):
        log_in(client, path, person.email, "fel-losenord")

    assert log_in(client, path, other.email, PASSWORD).status_code == 302
    assert logged_in_as(client) == other.email
    client.logout()
    assert log_in(client, path, person.email, PASSWORD, ip="203.0.113.50").status_code == 302
    assert logged_in_as(client) == person.email


def test_the_lockout_ends_after_15_minutes(client, person):
    path = reverse("lms:login")
    for _attempt in range(5):
        log_in(client, path, person.email, "fel-losenord")
    assert log_in(client, path, person.email, PASSWORD).status_code == 429

    attempt = AccessAttempt.objects.get(username=person.email)
    attempt.attempt_time -= timedelta(minutes=16)
    attempt.save()
    assert log_in(client, path, person.email, PASSWORD).status_code == 302


def test_behind_a_proxy_the_configured_header_names_the_client(client, person, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    path = reverse("lms:login")
    for _attempt in range(5):
        client.post(
            path,
            {"username": person.email, "password": "fel-losenord"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    other_client_same_proxy = client.post(
        path,
        {"username": person.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )
    assert other_client_same_proxy.status_code == 302
