"""A county coordinator in the admin: sees Kronoberg's cohorts only, enrols a participant."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from lms.roles import COUNTY_COORDINATORS, ensure_scheduling_groups
from scheduling.models import Cohort, County
from scheduling.reference_data import load_reference_data
from scheduling.rollout import round_plan
from scheduling.rounds import ensure_real_round
from scheduling.services import plan_publish

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL, PASSWORD = "samordnare.kronoberg@example.com", "ett-bra-losenord-07"


def test_kronoberg_coordinator_sees_own_cohorts_and_enrols(page, live_server, assert_accessible):
    load_reference_data()
    groups = ensure_scheduling_groups()
    course_round = ensure_real_round()
    plan_publish(round=course_round, plan=round_plan(course_round))
    coordinator = get_user_model().objects.create_user(
        EMAIL, PASSWORD, is_staff=True, county=County.objects.get(code="07")
    )
    coordinator.groups.add(groups[COUNTY_COORDINATORS])

    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.goto(live_server.url + "/admin/scheduling/cohort/")
    rows = page.locator("table.listing tbody tr")
    expect(rows.first).to_be_visible()
    own = (
        Cohort.objects.filter(county__code="07").count()
        + Cohort.objects.filter(guest_counties__code="07").count()
    )
    expect(rows).to_have_count(own)
    expect(page.get_by_text("Västra Götalands län, grupp 1")).to_have_count(0)

    cohort = Cohort.objects.filter(county__code="07").first()
    page.goto(f"{live_server.url}/admin/scheduling/cohort/{cohort.pk}/deltagare/")
    expect(page.get_by_role("heading", name="Träffar")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-postadress").fill("ny.strateg@example.com")
    page.get_by_label("Namn").fill("Ny Strateg")
    page.get_by_label("Kommun").select_option(label="Växjö")
    page.get_by_role("button", name="Anmäl", exact=True).click()
    expect(page.get_by_text("Ny Strateg har fått en plats.")).to_be_visible()
    expect(page.get_by_role("cell", name="ny.strateg@example.com")).to_be_visible()
    assert_accessible(page)
