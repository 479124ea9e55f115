"""A Redis that does not answer makes pages slower, never an error page."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from lms.models import ModuleProgress
from tests.lms.test_module_page_cache import login, publish_body_text, reflection_module

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    """The default cache on a Redis server that refuses every connection."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ForgivingRedisCache",
            "LOCATION": UNREACHABLE,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


@pytest.mark.django_db
def test_participants_read_and_progress_while_the_cache_is_down(
    redis_down, participant, course_tree
):
    module = reflection_module(course_tree["course"])
    client = login(participant)

    response = client.get(module.url)
    assert response.status_code == 200
    assert "Första versionen av texten." in response.content.decode()
    client.post(reverse("lms:module_complete", args=[module.pk]))
    assert ModuleProgress.objects.get(participant=participant, module=module).completed_at
    publish_body_text(module, "Andra versionen.")
    assert "Andra versionen." in client.get(module.url).content.decode()
    assert client.get("/min-kurs/").status_code == 200
    assert caches["default"].paused_until > 0  # it failed, and it was noticed


@pytest.mark.django_db
def test_the_public_statistics_and_the_home_page_work_while_the_cache_is_down(
    redis_down, client, course_round
):
    assert client.get(f"/statistik/?omgang={course_round.slug}").status_code == 200
    assert client.get("/").status_code == 200
