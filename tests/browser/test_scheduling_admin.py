"""A county coordinator in the admin: sees Kronoberg's cohorts only, enrols a participant."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import COUNTY_COORDINATORS, ensure_scheduling_groups
from regions.loader import load_reference_data
from regions.models import County
from scheduling.models import Cohort
from scheduling.rollout import round_plan
from scheduling.rounds import ensure_real_round
from scheduling.services import plan_publish
from tests.browser.date_fields import fill_date_time

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
    # Staff enrol only in rounds that have not ended: this one runs on past today.
    course_round.end_date = timezone.localdate() + timedelta(days=365)
    course_round.save(update_fields=["end_date"])
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


def test_coordinator_adds_a_session_and_cancels_the_cohort_in_the_form(
    page, live_server, assert_accessible
):
    """The cohort form: no delete control on sessions, a session added, the cohort cancelled."""
    from scheduling.models import CohortStatus, Session, SessionStatus

    load_reference_data()
    groups = ensure_scheduling_groups()
    course_round = ensure_real_round()
    plan_publish(round=course_round, plan=round_plan(course_round))
    coordinator = get_user_model().objects.create_user(
        EMAIL, PASSWORD, is_staff=True, county=County.objects.get(code="07")
    )
    coordinator.groups.add(groups[COUNTY_COORDINATORS])
    cohort = Cohort.objects.filter(county__code="07").first()
    sessions_before = cohort.sessions.count()

    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{live_server.url}/admin/scheduling/cohort/edit/{cohort.pk}/")
    expect(page.locator("[data-inline-panel-child]:visible")).to_have_count(sessions_before)
    expect(page.locator("input[name$='-DELETE']")).to_have_count(0)
    expect(page.get_by_role("button", name="Radera")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Lägg till träff").click()
    new_row = page.locator("[data-inline-panel-child]:visible").last
    fill_date_time(new_row.locator("input[name$='-start']"), "2023-11-28 09:00")
    fill_date_time(new_row.locator("input[name$='-end']"), "2023-11-28 12:00")
    new_row.locator("input[name$='-location']").fill("Länsstyrelsen, Växjö")
    page.get_by_role("button", name="Spara").first.click()
    expect(page.locator(".messages .success")).to_be_visible()
    assert cohort.sessions.count() == sessions_before + 1
    assert cohort.sessions.filter(location="Länsstyrelsen, Växjö").exists()

    page.goto(f"{live_server.url}/admin/scheduling/cohort/edit/{cohort.pk}/")
    page.locator("select[name='status']").select_option(CohortStatus.CANCELLED.value)
    page.locator("[name='cancel_reason']").fill("För få anmälda")
    page.get_by_role("button", name="Spara").first.click()
    expect(page.locator(".messages .success")).to_be_visible()
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.CANCELLED
    assert not Session.objects.filter(cohort=cohort, status=SessionStatus.SCHEDULED).exists()
