"""Drafts, revisions and scheduled publishing, as Wagtail gives them, on module pages."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CoursePageFactory, ModulePageFactory


@pytest.mark.django_db
def test_a_draft_is_not_shown_until_published(staff_client, course_tree):
    module = ModulePageFactory(parent=course_tree["course"], title="Publicerad")
    module.title = "Utkast"
    module.save_revision()
    assert "Utkast" not in staff_client.get(module.url).content.decode()
    module.get_latest_revision().publish()
    assert "<h1>Utkast</h1>" in staff_client.get(module.url).content.decode()
    assert module.revisions.count() == 2


@pytest.mark.django_db
def test_scheduled_publishing_goes_live_when_its_time_comes(staff_client, course_tree, monkeypatch):
    module = ModulePageFactory(parent=course_tree["course"], title="Före")
    module.title = "Efter"
    module.go_live_at = timezone.now() + timedelta(hours=1)
    revision = module.save_revision()
    revision.publish()
    assert "<h1>Före</h1>" in staff_client.get(module.url).content.decode()

    call_command("publish_scheduled", stdout=StringIO())
    assert "<h1>Före</h1>" in staff_client.get(module.url).content.decode()

    two_hours_later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: two_hours_later)
    call_command("publish_scheduled", stdout=StringIO())
    assert "<h1>Efter</h1>" in staff_client.get(module.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page_name", ["home", "index"])
def test_course_lists_cost_the_same_for_one_course_or_many(staff_client, course_tree, page_name):
    url = course_tree[page_name].url
    counts = []
    for extra in (0, 5):
        for _ in range(extra):
            CoursePageFactory(parent=course_tree["index"])
        staff_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
