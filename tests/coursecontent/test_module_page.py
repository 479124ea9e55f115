"""Module pages: table of contents, previous/next in tree order, drafts, and a fixed query cost."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ModulePageFactory


def make_modules(course, count):
    return [
        ModulePageFactory(parent=course, title=f"Modul nummer {n}") for n in range(1, count + 1)
    ]


@pytest.mark.django_db
def test_contents_and_previous_next_follow_the_tree(staff_client, course_tree):
    first, second, third = make_modules(course_tree["course"], 3)
    html = staff_client.get(second.url).content.decode()
    assert "Modul 2 av 3" in html
    toc = html[html.index('id="toc-heading"') :]
    assert toc.index("Modul nummer 1") < toc.index("Modul nummer 2") < toc.index("Modul nummer 3")
    assert f'<a href="{second.url}" aria-current="page">Modul nummer 2</a>' in html
    assert f'href="{first.url}" rel="prev"' in html
    assert f'href="{third.url}" rel="next"' in html

    first_html = staff_client.get(first.url).content.decode()
    assert 'rel="prev"' not in first_html and 'rel="next"' in first_html
    last_html = staff_client.get(third.url).content.decode()
    assert 'rel="next"' not in last_html and 'rel="prev"' in last_html


@pytest.mark.django_db
def test_moving_a_page_in_the_tree_reorders_the_course(staff_client, course_tree):
    first, second, third = make_modules(course_tree["course"], 3)
    third.move(first, pos="left")
    third.refresh_from_db()
    html = staff_client.get(third.url).content.decode()
    assert "Modul 1 av 3" in html
    assert 'rel="prev"' not in html


@pytest.mark.django_db
def test_unpublished_module_is_left_out(staff_client, course_tree):
    first, second, third = make_modules(course_tree["course"], 3)
    second.unpublish()
    html = staff_client.get(first.url).content.decode()
    assert "Modul nummer 2" not in html
    assert f'href="{third.url}" rel="next"' in html
    assert staff_client.get(course_tree["course"].url).content.decode().count("Modul nummer") == 2


@pytest.mark.django_db
def test_course_page_lists_modules_with_time_and_optional_marker(staff_client, course_tree):
    ModulePageFactory(parent=course_tree["course"], title="Grund", estimated_minutes=40)
    ModulePageFactory(
        parent=course_tree["course"], title="Fördjupning", estimated_minutes=20, is_required=False
    )
    html = staff_client.get(course_tree["course"].url).content.decode()
    assert "2 moduler, sammanlagt cirka 60 minuter." in html
    assert "valfri" in html
    assert "Börja med första modulen" in html


@pytest.mark.django_db
# The site, its home page, the page, its course and the contents come from the shared cache.
@pytest.mark.parametrize(("page_name", "expected"), [("module", 6), ("course", 6)])
def test_query_count_does_not_grow_with_the_course(staff_client, course_tree, page_name, expected):
    """For staff (with the Wagtail user bar), a course of 3 modules costs what one of 30 does."""
    counts = []
    for size in (3, 30):
        existing = course_tree["course"].get_children().count()
        modules = make_modules(course_tree["course"], size - existing)
        url = modules[0].url if page_name == "module" else course_tree["course"].url
        staff_client.get(url)  # warm Wagtail's per-site caches, as in a running server
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [expected, expected], "\n".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_editor_preview_shows_the_draft(staff_client, course_tree):
    module = ModulePageFactory(parent=course_tree["course"], title="Publicerad titel")
    editor = get_user_model().objects.create_superuser("redaktor@example.com", "x")
    staff_client.force_login(editor)
    module.title = "Utkastets titel"
    module.save_revision()
    assert "Publicerad titel" in staff_client.get(module.url).content.decode()
    draft = module.get_latest_revision_as_object()
    response = draft.make_preview_request()
    assert response.status_code == 200
    assert "Utkastets titel" in response.content.decode()
