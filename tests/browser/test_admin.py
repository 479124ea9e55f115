"""The Wagtail admin: an accessible login page, and a course editor who edits a module."""

import pytest
from playwright.sync_api import expect

from coursecontent.models import ModulePage
from lms.demo import DEMO_ACCOUNTS, ensure_demo_accounts
from lms.roles import ensure_course_editor_group, ensure_scheduling_groups

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = next(account for account in DEMO_ACCOUNTS if account.role == "kursredaktör")


def test_admin_login_page_is_swedish_and_accessible(page, live_server, assert_accessible):
    page.goto(live_server.url + "/admin/login/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Logga in")).to_be_visible()
    assert_accessible(page)


def test_course_editor_edits_and_publishes_a_module(page, live_server, real_course):
    ensure_course_editor_group(real_course.course_index)
    ensure_scheduling_groups()
    ensure_demo_accounts()
    module = ModulePage.objects.live().order_by("path").first()

    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(EDITOR.email)
    page.locator("#id_password").fill(EDITOR.password)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(f"{live_server.url}/admin/pages/{module.pk}/edit/")
    title = page.locator("#id_title")
    title.fill("Varför förändring är svår – reviderad")
    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("har blivit publicerad")).to_be_visible()

    module.refresh_from_db()
    assert module.title == "Varför förändring är svår – reviderad"
    assert module.revisions.count() == 2
    page.goto(live_server.url + module.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
