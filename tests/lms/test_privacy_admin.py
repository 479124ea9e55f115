"""The administrator's "Radera personuppgifter": offered, confirmed, protected, done."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from lms.models import Reflection
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin@example.com", "x"))
    return client


@pytest.fixture
def sara(participant, modules):
    Reflection.objects.create(
        participant=participant, module=modules[0], block_id="b1", question="F?", answer="Svar"
    )
    return participant


def erase_path(user) -> str:
    return f"/admin/users/erase/{user.pk}/"


@pytest.mark.django_db
def test_the_edit_page_and_the_list_offer_erasure_for_participants_only(admin_client, sara):
    staff = UserFactory(email="kursledare@example.com", is_staff=True)
    assert erase_path(sara) in admin_client.get(f"/admin/users/edit/{sara.pk}/").content.decode()
    assert (
        erase_path(staff) not in admin_client.get(f"/admin/users/edit/{staff.pk}/").content.decode()
    )
    listing = admin_client.get("/admin/users/").content.decode()
    assert erase_path(sara) in listing and erase_path(staff) not in listing


@pytest.mark.django_db
def test_the_confirmation_says_what_goes_and_what_stays(
    admin_client, sara, course_round, django_assert_num_queries
):
    course_round.end_date = timezone.localdate() + timedelta(days=30)  # running
    course_round.save()
    with django_assert_num_queries(11):
        response = admin_client.get(erase_path(sara))
    html = response.content.decode()
    assert "Radera personuppgifter" in html
    assert "1 reflektion" in html
    assert "De här anmälningarna avbokas" in html and "Grupp 1" in html
    assert "Det här sparas, utan namn" in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.django_db
def test_posting_erases_and_says_so(admin_client, sara):
    response = admin_client.post(erase_path(sara), follow=True)
    sara.refresh_from_db()
    assert sara.erased_at is not None
    assert f"Personuppgifterna för användare {sara.pk} är raderade" in response.content.decode()
    again = admin_client.get(erase_path(sara)).content.decode()
    assert "redan raderade" in again and "Radera personuppgifterna</button>" not in again


@pytest.mark.django_db
def test_a_staff_account_is_refused_with_a_reason(admin_client):
    staff = UserFactory(email="kursledare@example.com", is_staff=True)
    response = admin_client.post(erase_path(staff), follow=True)
    assert "Personalkonton raderas inte här" in response.content.decode()
    staff.refresh_from_db()
    assert staff.erased_at is None and staff.email == "kursledare@example.com"


@pytest.mark.django_db
def test_only_administrators_may_erase(client, sara):
    coordinator = UserFactory(email="samordnare@example.com", is_staff=True)
    coordinator.user_permissions.add(*_admin_and_user_permissions())
    client.force_login(coordinator)
    # Wagtail's admin answers a refused permission with a redirect to the dashboard.
    for response in (client.get(erase_path(sara)), client.post(erase_path(sara))):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    sara.refresh_from_db()
    assert sara.erased_at is None


@pytest.mark.django_db
def test_the_post_needs_its_csrf_token(sara):
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.create_superuser("admin@example.com", "x"))
    assert client.post(erase_path(sara)).status_code == 403
    sara.refresh_from_db()
    assert sara.erased_at is None


def _admin_and_user_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        codename__in=["access_admin", "change_user", "view_user", "delete_user"]
    )
