"""State changes only by POST with a CSRF token; no redirect off the site after logging in."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.roles import NATIONAL_COORDINATORS, ensure_scheduling_groups
from coursecontent.models import ModulePage
from scheduling.models import Cohort, Enrolment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "losenord-123"


@pytest.fixture
def endpoints(participant, modules, cohort):
    """Every POST endpoint of our apps, by path, with whether it also answers GET with a form."""
    module = modules[0]
    session = cohort.sessions.first()
    return {
        # participant pages: POST only
        reverse("lms:module_complete", args=[module.pk]): False,
        reverse("lms:module_undo", args=[module.pk]): False,
        reverse("lms:reflection_save", args=[module.pk]): False,
        reverse("scheduling:my_calendar_rotate"): False,
        reverse("lms:logout"): False,
        # forms that show themselves on GET and change something only on POST
        reverse("scheduling:interest_register"): True,
        reverse("lms:login"): True,
        reverse("lms:password_reset"): True,
        # the admin's own views of our apps
        reverse("scheduling_cohort:participants", args=[cohort.pk]): True,
        reverse("scheduling_cohort:session_cancel", args=[session.pk]): True,
        reverse("lms_attendance", args=[session.pk]): True,
        reverse("scheduling_round:plan", args=[cohort.round_id]): True,
    }


def national_staff():
    ensure_scheduling_groups()
    user = UserFactory(email="nationell@example.com", is_staff=True, is_superuser=True)
    user.groups.add(Group.objects.get(name=NATIONAL_COORDINATORS))
    return user


def state():
    """What any of the endpoints could change."""
    return (
        list(Enrolment.objects.values_list("pk", "status")),
        list(Cohort.objects.values_list("pk", "status", "changed_by_county")),
        ModulePage.objects.count(),
    )


def test_get_changes_nothing_and_post_only_endpoints_answer_405(client, participant, endpoints):
    before = state()
    for path, shows_form in endpoints.items():
        client.force_login(national_staff() if path.startswith("/admin/") else participant)
        response = client.get(path)
        # a form shows itself (or, the login page, sends a logged-in user on)
        expected = (200, 302) if shows_form else (405,)
        assert response.status_code in expected, (path, response.status_code)
    assert state() == before


def test_post_without_csrf_token_is_refused(participant, endpoints):
    csrf_client = Client(enforce_csrf_checks=True)
    for path in endpoints:
        csrf_client.force_login(national_staff() if path.startswith("/admin/") else participant)
        response = csrf_client.post(path, {"username": participant.email, "password": PASSWORD})
        assert response.status_code == 403, path


@pytest.mark.parametrize("login_path", [reverse("lms:login"), "/admin/login/"])
@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]
)
def test_login_never_redirects_off_the_site(client, login_path, evil):
    user = UserFactory(email="kurs@example.com", is_staff=True)
    response = client.post(
        f"{login_path}?next={evil}", {"username": user.email, "password": PASSWORD, "next": evil}
    )
    assert response.status_code == 302
    assert response.url.startswith("/"), response.url
    assert not response.url.startswith(("//", "/\\")), response.url
