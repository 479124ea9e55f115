"""The page tree's shared cache: every change to the tree is served on the next request.

Each test first serves the pages (so that the site, the pages and the contents are cached),
then changes the tree as an editor would, and looks again.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from wagtail.models import PageViewRestriction

from coursecontent.tree_cache import GENERATION_KEY, generation
from tests.factories import ModulePageFactory


@pytest.fixture
def three_modules(course_tree):
    return [
        ModulePageFactory(parent=course_tree["course"], title=f"Modul nummer {n}")
        for n in (1, 2, 3)
    ]


def contents(client, page) -> str:
    html = client.get(page.url).content.decode()
    return html[html.index('id="toc-heading"') :]


@pytest.mark.django_db
def test_a_move_reorders_the_cached_contents(staff_client, three_modules):
    first, _second, third = three_modules
    toc = contents(staff_client, first)
    assert toc.index("nummer 1") < toc.index("nummer 3")
    third.move(first, pos="left")
    toc = contents(staff_client, first)
    assert toc.index("nummer 3") < toc.index("nummer 1")


@pytest.mark.django_db
def test_an_unpublished_or_deleted_module_leaves_the_cache(staff_client, three_modules):
    first, second, third = three_modules
    assert staff_client.get(second.url).status_code == 200
    assert "nummer 2" in contents(staff_client, first)
    second.unpublish()
    assert staff_client.get(second.url).status_code == 404
    assert "nummer 2" not in contents(staff_client, first)
    third.delete()
    assert staff_client.get(third.url).status_code == 404
    assert "nummer 3" not in contents(staff_client, first)


@pytest.mark.django_db
def test_a_new_view_restriction_applies_at_once(client, course_tree):
    course = course_tree["course"]
    assert client.get(course.url).status_code == 200
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(course.url)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_the_generation_changes_with_each_change_and_again_on_commit(
    django_capture_on_commit_callbacks, three_modules
):
    before = generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        three_modules[0].save_revision().publish()
    during = cache.get(GENERATION_KEY)
    assert during != before
    for callback in callbacks:
        callback()
    assert cache.get(GENERATION_KEY) not in (before, during)


@pytest.mark.django_db
def test_a_made_up_address_is_not_kept(client, course_tree, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for n in range(20):
        assert client.get(f"/finns-inte-{n}/").status_code == 404
    keys = cache._cache.keys()  # noqa: SLF001  (the local-memory cache's own store)
    assert not [key for key in keys if ":page:" in key]


@pytest.mark.django_db
def test_drafts_and_locks_keep_the_cache_and_readers_see_the_live_page(
    staff_client, three_modules, django_capture_on_commit_callbacks
):
    """Wagtail's editor saves a draft every half second while someone types; readers keep the
    cached tree until the draft is published."""
    first, second, _third = three_modules
    assert "nummer 2" in contents(staff_client, first)
    before = generation()

    with django_capture_on_commit_callbacks(execute=True):
        second.title = "Modul nummer 2, utkast"
        second.save_revision()
        for action in ("lock", "unlock"):
            response = staff_client.post(reverse(f"wagtailadmin_pages:{action}", args=[second.pk]))
            assert response.status_code == 302
    second.refresh_from_db()
    assert (second.draft_title, second.has_unpublished_changes) == ("Modul nummer 2, utkast", True)
    assert generation() == before
    assert "nummer 2, utkast" not in contents(staff_client, first)

    with django_capture_on_commit_callbacks(execute=True):
        second.get_latest_revision().publish()
    assert generation() != before
    assert "nummer 2, utkast" in contents(staff_client, first)
