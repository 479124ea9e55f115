"""The account pages around the login, in a real browser and checked with axe: a forgotten
password, the page that says the link is on its way, and a password link that no longer works."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_forgotten_password_names_a_wrong_address_then_sends_the_link(
    page, live_server, participant, assert_accessible
):
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_role("link", name=re.compile("Glömt lösenordet")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glömt lösenordet")
    assert_accessible(page)

    page.get_by_label("E-postadress").fill("sara.strateg-example.com")
    page.get_by_role("button", name="Skicka länken").click()
    expect(page).to_have_title(re.compile(r"^Fel: Glömt lösenordet"))
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.get_by_label("E-postadress")).to_have_accessible_description(
        re.compile("giltig e-postadress")
    )
    assert_accessible(page)

    page.get_by_label("E-postadress").fill(participant.email)
    page.get_by_role("button", name="Skicka länken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kolla din e-post")
    assert_accessible(page)


def test_a_used_password_link_offers_a_new_one(page, live_server, participant, assert_accessible):
    page.goto(live_server.url + "/konto/valj-losenord/MQ/redan-anvand/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välj lösenord")
    expect(page.get_by_text("Länken fungerar inte längre")).to_be_visible()
    expect(page.get_by_role("link", name="Be om en ny länk")).to_be_visible()
    assert_accessible(page)
