"""The national coordinator's admin screens in a real browser, each checked by axe: the rounds
(list, new, history), the networks (new, edit), the outbox, the needs report and site history."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.roles import NATIONAL_COORDINATORS, ensure_scheduling_groups
from calendars.models import MessageKind, MessageStatus, OutboxMessage
from network.models import Network
from network.roles import ensure_network_roles
from regions.loader import load_reference_data
from scheduling.models import Cohort, Round
from tests.browser.admin_login import log_in_to_admin
from tests.factories import CountyFactory, MunicipalityFactory
from tests.factories.scheduling import InterestRegistrationFactory, RoundFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL, PASSWORD = "nationell@example.com", "ett-langt-losenord-11"


@pytest.fixture
def national(page, live_server):
    """A national coordinator, logged in to the admin, and a round with a registration."""
    groups = ensure_scheduling_groups()
    ensure_network_roles()
    county = CountyFactory(code="07", name="Kronobergs län")
    course_round = RoundFactory(slug="2022-2023", title="Förändringsledning 2022–2023")
    InterestRegistrationFactory(
        round=course_round, municipality=MunicipalityFactory(county=county, name="Växjö")
    )
    get_user_model().objects.create_user(
        EMAIL, PASSWORD, is_staff=True, first_name="Nora", last_name="Nationell"
    ).groups.add(groups[NATIONAL_COORDINATORS])
    log_in_to_admin(page, live_server, EMAIL, PASSWORD)
    return course_round


def test_rounds_list_new_form_and_history(page, live_server, national, assert_accessible):
    page.goto(live_server.url + "/admin/scheduling/round/")
    expect(page.get_by_role("row").filter(has_text="Förändringsledning 2022–2023")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/admin/scheduling/round/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kursomgång")
    assert_accessible(page)
    page.locator("main form [type=submit]").first.click()
    expect(page.get_by_text("Välj minst en veckodag.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/scheduling/round/edit/{national.pk}/")
    page.locator("#id_title").fill("Förändringsledning 2022–2023, förlängd")
    page.get_by_role("button", name="Spara").first.click()
    expect(page.locator(".messages .success")).to_be_visible()
    page.goto(f"{live_server.url}/admin/scheduling/round/history/{national.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Historik")
    expect(page.locator("main table tbody tr")).not_to_have_count(0)
    assert_accessible(page)

    page.goto(live_server.url + "/admin/reports/site-history/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sajthistorik")
    expect(page.get_by_text("Förändringsledning 2022–2023, förlängd").first).to_be_visible()
    assert_accessible(page)


def test_a_new_network_then_its_edit_form(page, live_server, national, assert_accessible):
    page.goto(live_server.url + "/admin/natverk/natverk/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nätverk")
    page.locator("main form [type=submit]").first.click()
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.locator("#id_name").fill("Kommunernas nationella nätverk")
    page.locator("#id_slug").fill("nationellt")
    page.locator("#id_kind").select_option("national")
    page.locator("main form [type=submit]").first.click()
    expect(page.locator(".messages .success")).to_be_visible()
    network = Network.objects.get(slug="nationellt")

    page.goto(f"{live_server.url}/admin/natverk/natverk/edit/{network.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kommunernas nationella nätverk")
    assert_accessible(page)


def test_the_outbox_lists_stuck_mail_and_sends_it_again(
    page, live_server, national, assert_accessible
):
    OutboxMessage.objects.create(
        kind=MessageKind.EMAIL,
        to_email="sara@example.com",
        subject="Välkommen till kursen",
        text="Hej!",
        status=MessageStatus.FLAGGED,
        attempts=8,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    page.goto(live_server.url + "/admin/utkorg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Utgående e-post")
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    stuck = page.get_by_role("row").filter(has_text="Välkommen till kursen")
    expect(stuck).to_contain_text("sara@example.com")
    expect(stuck).to_contain_text("SMTPServerDisconnected")
    assert_accessible(page)

    stuck.get_by_role("button", name="Skicka igen").click()
    expect(page.locator(".messages .success")).to_contain_text("Meddelandet skickas igen.")
    assert_accessible(page)


def test_the_needs_report_for_the_whole_country(page, live_server, national, assert_accessible):
    page.goto(live_server.url + "/admin/statistik/behov/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Behov i kommunerna")
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    expect(page.get_by_role("table", name="Behov per län")).to_be_visible()
    expect(page.get_by_role("table", name="Behov per kommungrupp (SKR)")).to_be_visible()
    assert_accessible(page)


def test_statistics_and_account_for_the_whole_country(
    page, live_server, real_course, national, assert_accessible
):
    national.course = real_course.course
    national.save()
    page.goto(f"{live_server.url}/admin/statistik/?round={national.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistik")
    county = page.locator("select[name='county']")
    expect(county).to_be_enabled()
    expect(county.locator("option")).not_to_have_count(1)
    assert_accessible(page)

    page.goto(live_server.url + "/admin/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Konto")
    assert_accessible(page)


def test_a_rollout_plan_proposed_then_published(page, live_server, assert_accessible, national):
    """The planner's proposal for a new round, then its cohorts once the plan is published."""
    load_reference_data()
    course_round = Round.objects.create(
        slug="ny", title="Ny omgång", start_date=date(2031, 1, 1), end_date=date(2032, 12, 31)
    )
    page.goto(f"{live_server.url}/admin/scheduling/round/{course_round.pk}/plan/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ny omgång")
    expect(page.get_by_role("table", name="Förslag per län")).to_contain_text("Kronobergs län")
    assert_accessible(page)

    page.get_by_role("button", name="Publicera planen").click()
    expect(page.locator(".messages .success")).to_be_visible()
    expect(page.locator("table.listing tbody tr").first).to_be_visible()
    assert Cohort.objects.filter(round=course_round).exists()
    assert_accessible(page)
