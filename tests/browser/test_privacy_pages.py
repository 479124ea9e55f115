"""Mina uppgifter and the administrator's erasure, in a browser, checked with axe."""

import json

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.admin_login import log_in_to_admin
from tests.browser.conftest import PARTICIPANT_EMAIL

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_participant_sees_and_downloads_their_data(
    page, live_server, assert_accessible, participant, log_in
):
    log_in()
    page.get_by_role("link", name="Mina uppgifter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina uppgifter")
    expect(page.get_by_text(PARTICIPANT_EMAIL)).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner mina uppgifter (JSON)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("mina-uppgifter-")
    data = json.loads(download.path().read_text(encoding="utf-8"))
    assert data["profile"]["email"] == PARTICIPANT_EMAIL
    assert data["enrolments"][0]["cohort"] == "Kronobergs län, grupp 1"


def test_administrator_erases_a_participant(page, live_server, assert_accessible, participant):
    get_user_model().objects.create_superuser("admin@example.com", "ett-langt-losenord-8")
    log_in_to_admin(page, live_server, "admin@example.com", "ett-langt-losenord-8")

    page.goto(f"{live_server.url}/admin/users/erase/{participant.pk}/")
    expect(page.get_by_role("heading", name="Det här tas bort")).to_be_visible()
    expect(page.get_by_role("heading", name="Det här sparas, utan namn")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Radera personuppgifterna").click()
    expect(
        page.get_by_text(f"Personuppgifterna för användare {participant.pk} är raderade")
    ).to_be_visible()
    participant.refresh_from_db()
    assert participant.erased_at is not None
    assert participant.email == f"raderad-{participant.pk}@raderad.invalid"
