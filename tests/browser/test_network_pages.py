"""A member of a network: accepts the invitation, reads the network, answers a meeting, chooses
what the directory shows, answers the needs survey, writes an example; axe on every page; and a
coordinator's admin screens for members and meetings."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Site

from accounts.roles import COUNTY_COORDINATORS, ensure_scheduling_groups
from network.content import ensure_network_pages
from network.models import NetworkInvitation, Topic
from network.roles import ensure_example_workflow, ensure_network_roles
from network.services import example_submit, membership_add
from tests.browser.admin_login import log_in_to_admin
from tests.browser.date_fields import fill_date_time
from tests.factories import CountyFactory, HomePageFactory, MunicipalityFactory
from tests.factories.network import MeetingFactory, NetworkFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "ett-langt-losenord-1"


@pytest.fixture
def network():
    home = HomePageFactory(title="Start")
    Site.objects.filter(is_default_site=True).update(root_page=home)
    ensure_scheduling_groups()
    ensure_network_roles()
    ensure_example_workflow(ensure_network_pages(home))
    county = CountyFactory(code="07", name="Kronobergs län")
    MunicipalityFactory(county=county, code="0780", name="Växjö")
    network = NetworkFactory(county=county, name="Kronobergs nätverk", slug="kronoberg")
    MeetingFactory(network=network, title="Träff om lokala indikatorer", capacity=10)
    return network


@pytest.fixture
def sara(network):
    """Sara Strateg of Växjö, a member of the network."""
    member = get_user_model().objects.create_user(
        "sara@example.com",
        PASSWORD,
        first_name="Sara",
        last_name="Strateg",
        municipality=network.county.municipalities.get(),
    )
    membership_add(network=network, member=member)
    return member


def _log_in(page, live_server, email, expect_heading="Min kurs"):
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(expect_heading)


def test_invited_contact_joins_and_chooses_a_password(
    page, live_server, network, assert_accessible
):
    invitation = NetworkInvitation.objects.create(
        network=network,
        municipality=network.county.municipalities.get(),
        name="Maja Ek",
        email="maja@kommun.example",
    )
    page.goto(f"{live_server.url}/natverk/inbjudan/{invitation.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gå med i Kronobergs nätverk")
    assert_accessible(page)
    page.get_by_label("Klimat").check()
    page.get_by_label("Hjälp med lokala indikatorer").check()
    page.get_by_role("button", name="Gå med i nätverket").click()
    page.wait_for_url("**/konto/valj-losenord/**")
    member = get_user_model().objects.get(email="maja@kommun.example")
    assert member.network_memberships.get().network == network
    assert member.needs_answer.wants_indicators


def test_member_answers_a_meeting_and_fills_the_directory(
    page, live_server, network, sara, assert_accessible
):
    _log_in(page, live_server, "sara@example.com")

    page.goto(live_server.url + "/natverk/")
    assert_accessible(page)
    page.get_by_role("link", name="Kronobergs nätverk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kronobergs nätverk")
    expect(page.get_by_text("Du har inte svarat.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Träff om lokala indikatorer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Träff om lokala indikatorer")
    assert_accessible(page)
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Spara svaret").click()
    expect(page.get_by_text("Ditt svar är sparat.")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/natverk/min-profil/")
    assert_accessible(page)
    page.get_by_label("Visa mig i medlemsförteckningen").check()
    page.get_by_label("Visa mitt namn").check()
    page.get_by_label("Visa mina ämnen").check()
    page.get_by_label(Topic.objects.get(name="Klimat").name).check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Dina val är sparade.")).to_be_visible()

    page.goto(live_server.url + "/natverk/kronoberg/medlemmar/")
    expect(page.get_by_role("cell", name="Sara Strateg")).to_be_visible()
    expect(page.get_by_role("cell", name="Klimat")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/natverk/behov/")
    assert_accessible(page)
    page.get_by_label("Vägledningen").check()
    page.get_by_role("button", name="Spara svaret").click()
    expect(page.get_by_text("Tack! Ditt svar är sparat.")).to_be_visible()

    page.goto(live_server.url + "/natverk/kronoberg/exempel/nytt/")
    page.get_by_role("button", name="Skicka till samordnarna").click()
    expect(page.get_by_role("heading", name="Det finns fel i formuläret")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Rubrik").fill("Indikatorer i Växjö")
    page.get_by_label("Kort sammanfattning").fill("Så tog vi fram lokala indikatorer.")
    page.get_by_label("Exemplet").fill("Först kartlade vi.\n\nSedan valde vi.")
    page.get_by_role("button", name="Skicka till samordnarna").click()
    expect(page.get_by_text("Exemplet är skickat till samordnarna")).to_be_visible()


def test_coordinator_admin_screens(page, live_server, network, assert_accessible):
    coordinator = get_user_model().objects.create_user(
        "samordnare@example.com", PASSWORD, is_staff=True, county=network.county
    )
    coordinator.groups.add(Group.objects.get(name=COUNTY_COORDINATORS))
    log_in_to_admin(page, live_server, "samordnare@example.com", PASSWORD)
    page.goto(f"{live_server.url}/admin/natverk/natverk/{network.pk}/medlemmar/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Medlemmar i Kronobergs nätverk")
    assert_accessible(page)
    page.goto(live_server.url + "/admin/natverk/traffar/")
    expect(page.get_by_text("Träff om lokala indikatorer")).to_be_visible()
    assert_accessible(page)
    meeting = network.meetings.get()
    page.goto(f"{live_server.url}/admin/natverk/traffar/{meeting.pk}/deltagare/")
    assert_accessible(page)
    page.goto(live_server.url + "/admin/natverk/natverk/")
    expect(page.get_by_text("Kronobergs nätverk")).to_be_visible()
    assert_accessible(page)

    # The meeting form: a refusal is shown on the form, then the meeting is saved.
    page.goto(live_server.url + "/admin/natverk/traffar/new/")
    assert_accessible(page)
    page.locator("#id_title").fill("Digital träff om klimat")
    fill_date_time(page.locator("#id_start"), "2031-03-04 09:00")
    fill_date_time(page.locator("#id_end"), "2031-03-04 11:00")
    page.locator("#id_mode").select_option("online")
    page.locator("#id_network").select_option(str(network.pk))
    page.locator("form button[type=submit].button-longrunning").first.click()
    expect(page.get_by_text("En digital träff behöver en länk.")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_online_url").fill("https://mote.example/klimat")
    page.locator("form button[type=submit].button-longrunning").first.click()
    page.wait_for_url("**/admin/natverk/traffar/")
    created = network.meetings.get(title="Digital träff om klimat")
    page.goto(f"{live_server.url}/admin/natverk/traffar/edit/{created.pk}/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/admin/natverk/traffar/{created.pk}/stall-in/")
    assert_accessible(page)
    page.get_by_label("Anledning").fill("För få anmälda")
    page.get_by_role("button", name="Ställ in träffen").click()
    expect(page.get_by_text("Träffen är inställd.")).to_be_visible()
    created.refresh_from_db()
    assert created.status == "cancelled"

    page.goto(f"{live_server.url}/admin/natverk/traffar/history/{created.pk}/")
    history = page.get_by_role("heading", level=1)
    expect(history).to_contain_text("Historik: Digital träff om klimat")
    # Newest first: the cancellation, then the creation, each with who did it.
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Träffen ställdes in")
    expect(rows.nth(1)).to_contain_text("Träffen skapades")
    assert_accessible(page)


def test_network_start_page_and_guide(page, live_server, network, assert_accessible):
    page.goto(live_server.url + "/natverket/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nätverket")
    assert_accessible(page)
    page.get_by_role(
        "link", name="Vägledning för lokalt arbete med miljömål och Agenda 2030"
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vägledning")
    assert_accessible(page)


def test_coordinator_approves_an_example_that_members_then_read(
    page, live_server, network, sara, assert_accessible
):
    """The dashboard lists the example awaiting review; approved, it is the members' to read."""
    example = example_submit(
        network=network,
        author=sara,
        title="Indikatorer i Växjö",
        summary="Så tog vi fram lokala indikatorer.",
        body="<p>Först kartlade vi.</p>",
    )
    coordinator = get_user_model().objects.create_user(
        "samordnare@example.com", PASSWORD, is_staff=True, county=network.county
    )
    coordinator.groups.add(Group.objects.get(name=COUNTY_COORDINATORS))
    log_in_to_admin(page, live_server, "samordnare@example.com", PASSWORD)
    expect(page.get_by_role("link", name="Indikatorer i Växjö").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/pages/{example.get_parent().pk}/")
    expect(page.get_by_role("row").filter(has_text="Indikatorer i Växjö")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/pages/{example.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indikatorer i Växjö")
    assert_accessible(page)
    page.get_by_role("button", name="Fler åtgärder").click()
    approve = page.get_by_role("button", name="Godkänn och Publicera")
    expect(approve).to_be_visible()  # the menu is open before axe measures it
    assert_accessible(page)
    approve.click()
    expect(page.locator(".messages .success")).to_be_visible()
    example.refresh_from_db()
    assert example.live

    page.context.clear_cookies()
    _log_in(page, live_server, "sara@example.com")
    page.goto(live_server.url + example.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Indikatorer i Växjö")
    expect(page.get_by_text("Kronobergs nätverk · Växjö")).to_be_visible()
    assert_accessible(page)


def test_coordinator_asks_for_changes_to_an_example(page, live_server, network, assert_accessible):
    """The comment dialog of "Begär ändringar" is checked by axe, then sends the example back."""
    member = get_user_model().objects.create_user(
        "sara@example.com", PASSWORD, municipality=network.county.municipalities.get()
    )
    membership_add(network=network, member=member)
    example = example_submit(
        network=network, author=member, title="Indikatorer i Växjö", summary="S", body="<p>B</p>"
    )
    coordinator = get_user_model().objects.create_user(
        "samordnare@example.com", PASSWORD, is_staff=True, county=network.county
    )
    coordinator.groups.add(Group.objects.get(name=COUNTY_COORDINATORS))
    log_in_to_admin(page, live_server, "samordnare@example.com", PASSWORD)

    page.goto(f"{live_server.url}/admin/pages/{example.pk}/edit/")
    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name="Begär ändringar").click()
    dialog = page.get_by_role("dialog")
    comment = dialog.get_by_label("Kommentera")
    expect(comment).to_be_visible()
    assert_accessible(page)

    comment.fill("Skriv gärna vilka indikatorer ni valde.")
    dialog.get_by_role("button", name="Begär ändringar").click()
    expect(page.locator(".messages .success")).to_be_visible()
    example.refresh_from_db()
    assert not example.live
    assert example.current_workflow_task is None
