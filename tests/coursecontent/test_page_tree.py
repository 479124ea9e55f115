"""Editors can only build the intended tree: home › course index › course › module."""

import pytest
from wagtail.models import Page

from coursecontent.models import CourseIndexPage, CoursePage, HomePage, ModulePage

ALL_TYPES = [HomePage, CourseIndexPage, CoursePage, ModulePage]
ALLOWED_PARENT = {
    HomePage: "root",
    CourseIndexPage: "home",
    CoursePage: "index",
    ModulePage: "course",
}


@pytest.fixture
def tree(course_tree):
    module = ModulePage(title="En modul", slug="en-modul", body=[])
    course_tree["course"].add_child(instance=module)
    return {**course_tree, "module": module}


@pytest.mark.parametrize("page_type", [CourseIndexPage, CoursePage, ModulePage])
def test_each_type_is_creatable_only_under_its_parent(tree, page_type):
    """can_create_at is true under the one allowed parent and false under every other page."""
    for name in ["root", "home", "index", "course", "module"]:
        parent = tree[name]
        expected = name == ALLOWED_PARENT[page_type]
        assert page_type.can_create_at(parent) is expected, (page_type.__name__, name)


def test_home_page_only_under_root_and_only_once(tree):
    """A second home page cannot be created anywhere."""
    assert HomePage.can_exist_under(tree["root"])
    assert not HomePage.can_create_at(tree["root"])  # max_count 1, one exists
    assert not HomePage.can_exist_under(tree["course"])


def test_subpage_types_form_a_chain():
    """Each type allows exactly the next type below it, and a module allows nothing.

    The home page also holds what higher apps register below it (the network's pages).
    """
    assert HomePage.allowed_subpage_models()[0] == CourseIndexPage
    assert all(
        model._meta.app_label != "coursecontent" for model in HomePage.allowed_subpage_models()[1:]
    )
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_subpage_models() == []
    assert ModulePage.allowed_parent_page_models() == [CoursePage]


def test_plain_pages_cannot_go_into_a_course(tree):
    """The generic Wagtail page type cannot be put into the course tree."""
    assert not Page.can_exist_under(tree["course"])
