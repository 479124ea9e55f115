"""A participant reads the course in a real browser; axe finds no WCAG 2.1 A/AA violation."""

import re

import pytest
from playwright.sync_api import expect

from coursecontent.models import CoursePage, ModulePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_course_and_module_in_swedish(
    page, live_server, participant, log_in, assert_accessible
):
    log_in()
    course = CoursePage.objects.get()
    first_module = ModulePage.objects.live().child_of(course).order_by("path").first()

    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Länsstyrelsernas kursplattform")
    assert_accessible(page)

    page.get_by_role("link", name=course.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    expect(page.get_by_role("heading", name="Kursens moduler")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Börja med första modulen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_module.title)
    expect(page.get_by_role("heading", name="Lärandemål")).to_be_visible()
    toc = page.get_by_role("navigation", name="Kursens innehåll")
    expect(toc.locator("[aria-current=page]")).to_have_text(first_module.title)
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Nästa modul")).click()
    expect(page.get_by_text(re.compile(r"Modul 2 av \d"))).to_be_visible()


def test_every_module_is_accessible(page, live_server, participant, log_in, assert_accessible):
    log_in()
    modules = list(ModulePage.objects.live().order_by("path"))
    assert 6 <= len(modules) <= 8
    for module in modules:
        page.goto(live_server.url + module.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
        assert_accessible(page)


def test_skip_link_moves_focus_to_the_content(page, live_server, real_course):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    skip.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_a_module_asks_visitors_to_log_in(page, live_server, real_course):
    module = ModulePage.objects.live().order_by("path").first()
    page.goto(live_server.url + module.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")


def test_language_switch_to_english_and_back(page, live_server, real_course, assert_accessible):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()
    assert_accessible(page)
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_readable_on_a_phone(page, live_server, participant, log_in):
    log_in()
    page.set_viewport_size({"width": 360, "height": 740})
    module = ModulePage.objects.live().order_by("path").first()
    page.goto(live_server.url + module.url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone ({width}px)"


def test_the_course_index_lists_the_course(page, live_server, real_course, assert_accessible):
    page.goto(live_server.url + real_course.course_index.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(real_course.course_index.title)
    expect(page.get_by_role("link", name=real_course.course.title)).to_be_visible()
    assert_accessible(page)
