"""Our one-query view restrictions return what Wagtail's own two-query method returns."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from tests.factories.pages import ModulePageFactory


def wagtail_restrictions(page):
    return set(Page.get_view_restrictions(page).values_list("pk", flat=True))


def our_restrictions(page):
    return set(page.get_view_restrictions().values_list("pk", flat=True))


@pytest.mark.django_db
def test_restrictions_on_the_page_and_each_ancestor_apply(course_tree):
    module = ModulePageFactory(parent=course_tree["course"])
    other_course_module = ModulePageFactory(parent=course_tree["course"])
    on_index = PageViewRestriction.objects.create(
        page=course_tree["index"], restriction_type=PageViewRestriction.LOGIN
    )
    on_module = PageViewRestriction.objects.create(
        page=module, restriction_type=PageViewRestriction.GROUPS
    )
    on_module.groups.add(Group.objects.create(name="Läsare"))
    PageViewRestriction.objects.create(
        page=other_course_module, restriction_type=PageViewRestriction.LOGIN
    )

    assert our_restrictions(module) == wagtail_restrictions(module) == {on_index.pk, on_module.pk}
    assert our_restrictions(course_tree["course"]) == {on_index.pk}
    assert (
        our_restrictions(course_tree["home"]) == wagtail_restrictions(course_tree["home"]) == set()
    )


@pytest.mark.django_db
def test_an_alias_uses_its_source_pages_restrictions_not_its_own(course_tree):
    module = ModulePageFactory(parent=course_tree["course"])
    on_source = PageViewRestriction.objects.create(
        page=module, restriction_type=PageViewRestriction.LOGIN
    )
    alias = module.create_alias(update_slug=f"{module.slug}-alias")
    PageViewRestriction.objects.create(page=alias, restriction_type=PageViewRestriction.LOGIN)

    assert our_restrictions(alias) == wagtail_restrictions(alias) == {on_source.pk}


@pytest.mark.django_db
def test_one_query(course_tree, django_assert_num_queries):
    module = ModulePageFactory(parent=course_tree["course"])
    with django_assert_num_queries(1):
        list(module.get_view_restrictions())
