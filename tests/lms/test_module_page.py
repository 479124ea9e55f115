"""lms's before_serve_page hook on module pages: log in, hold a place, started on first opening."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from wagtail import hooks

from lms.models import ModuleProgress
from lms.wagtail_hooks import check_module_page_access
from tests.factories import UserFactory


def hook_request(user, path, *, preview=False):
    request = RequestFactory().get(path)
    request.user = user
    if preview:
        request.is_preview = True
    return request


def test_the_check_is_a_before_serve_page_hook():
    assert check_module_page_access in hooks.get_hooks("before_serve_page")


@pytest.mark.django_db
def test_the_hook_records_an_enrolled_participants_module_as_started(participant, modules):
    request = hook_request(participant, modules[1].url)
    assert check_module_page_access(modules[1], request, [], {}) is None
    progress = ModuleProgress.objects.get(participant=participant)
    assert (progress.module_id, progress.completed_at) == (modules[1].pk, None)


@pytest.mark.django_db
def test_the_hook_leaves_other_pages_and_staff_alone(participant, modules, course_tree):
    course = course_tree["course"]
    assert check_module_page_access(course, hook_request(participant, course.url), [], {}) is None
    staff = UserFactory(email="personal@example.com", is_staff=True)
    assert check_module_page_access(modules[0], hook_request(staff, modules[0].url), [], {}) is None
    assert not ModuleProgress.objects.exists()


@pytest.mark.django_db
def test_opening_a_module_records_it_as_started(participant_client, participant, modules):
    html = participant_client.get(modules[0].url).content.decode()
    assert ModuleProgress.objects.filter(participant=participant, module=modules[0]).exists()
    assert "påbörjad</span>" in html
    assert "Markera som klar" in html


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_log_in(client, modules):
    response = client.get(modules[0].url)
    assert response.status_code == 302
    assert response["Location"] == f"/konto/logga-in/?next={modules[0].url}"


@pytest.mark.django_db
def test_someone_without_a_place_is_told_why_not(client, modules):
    client.force_login(UserFactory(email="utan@example.com"))
    response = client.get(modules[0].url)
    assert response.status_code == 403
    assert "Modulen är för kursens deltagare" in response.content.decode()
    assert not ModuleProgress.objects.exists()


@pytest.mark.django_db
def test_a_preview_is_not_checked(modules):
    request = hook_request(AnonymousUser(), modules[0].url, preview=True)
    assert check_module_page_access(modules[0], request, [], {}) is None
