"""The lockout page and a cohort's history in a real browser, checked with axe."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.roles import COUNTY_COORDINATORS, ensure_scheduling_groups
from regions.loader import load_reference_data
from regions.models import County
from scheduling.services import enrolment_create, session_cancel
from tests.factories.scheduling import CohortFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_five_wrong_passwords_show_the_lockout_page(
    page, live_server, participant, log_in, assert_accessible
):
    page.goto(live_server.url + "/konto/logga-in/")
    for _attempt in range(5):
        page.get_by_label("E-postadress").fill(participant.email)
        page.get_by_label("Lösenord").fill("fel-losenord")
        page.get_by_role("button", name="Logga in").click()
        if _attempt < 4:
            expect(page.get_by_role("heading", name="Inloggningen misslyckades")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggningen är tillfälligt spärrad")
    expect(page.get_by_role("alert")).to_contain_text("Vänta 15 minuter")
    assert_accessible(page)


def test_coordinator_reads_a_cohorts_history(page, live_server, assert_accessible):
    load_reference_data()
    groups = ensure_scheduling_groups()
    kronoberg = County.objects.get(code="07")
    coordinator = get_user_model().objects.create_user(
        "samordnare@example.com", "ett-langt-losenord-4", is_staff=True, county=kronoberg
    )
    coordinator.groups.add(groups[COUNTY_COORDINATORS])
    cohort = CohortFactory(county=kronoberg, name="Kronobergs län, grupp 1")
    session = SessionFactory(cohort=cohort)
    participant = get_user_model().objects.create_user(
        "sara@example.com", "x-losenord-5", municipality=kronoberg.municipalities.get(code="0780")
    )
    enrolment_create(participant=participant, cohort=cohort, by=coordinator)
    session_cancel(session=session, reason="Sjukdom", by=coordinator)

    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("samordnare@example.com")
    page.locator("#id_password").fill("ett-langt-losenord-4")
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{live_server.url}/admin/scheduling/cohort/history/{cohort.pk}/")
    expect(page.get_by_text("Träff inställd: Kronobergs län, grupp 1")).to_be_visible()
    expect(page.get_by_text("Anmälan: Kronobergs län, grupp 1")).to_be_visible()
    expect(page.get_by_text("sara@example.com")).to_have_count(0)
    assert_accessible(page)
