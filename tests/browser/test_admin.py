"""The Wagtail admin: an accessible login page, and a course editor who edits a module."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.demo import DEMO_ACCOUNTS, ensure_demo_accounts
from accounts.roles import ensure_course_editor_group, ensure_scheduling_groups
from coursecontent.models import ModulePage
from tests.browser.admin_login import log_in_to_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = next(account for account in DEMO_ACCOUNTS if account.role == "kursredaktör")


def test_admin_login_page_is_swedish_and_accessible(page, live_server, assert_accessible):
    page.goto(live_server.url + "/admin/login/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Logga in")).to_be_visible()
    expect(page.get_by_label("Lösenord")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Logga in på Länsstyrelsernas kursplattform"
    )
    expect(page).to_have_title("Logga in - Länsstyrelsernas kursplattform")
    assert_accessible(page)


def test_course_editor_edits_and_publishes_a_module(page, live_server, real_course):
    ensure_course_editor_group(real_course.course_index)
    ensure_scheduling_groups()
    ensure_demo_accounts()
    module = ModulePage.objects.live().order_by("path").first()

    log_in_to_admin(page, live_server, EDITOR.email, EDITOR.password)

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


def test_a_wrong_admin_password_is_named_and_a_new_one_can_be_asked_for(
    page, live_server, assert_accessible
):
    get_user_model().objects.create_user("personal@example.com", "ratt-losenord-12", is_staff=True)
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("personal@example.com")
    page.locator("#id_password").fill("fel-losenord")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("status")).to_contain_text("Fel e-postadress eller lösenord.")
    expect(page.get_by_role("textbox", name="Lösenord")).to_be_visible()
    expect(page.get_by_text("Password")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Glömt lösenord?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Återställ ditt lösenord")
    assert_accessible(page)
