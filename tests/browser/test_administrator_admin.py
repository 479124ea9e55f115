"""The administrator's screens in a real browser: users, and the confirmations before deleting.

County and national staff have no delete permission; only administrators meet these pages, and
each is checked by axe.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from network.models import NetworkKind
from network.roles import ensure_network_roles
from scheduling.models import Topic
from tests.browser.admin_login import log_in_to_admin
from tests.factories import CountyFactory, MunicipalityFactory
from tests.factories.network import MeetingFactory, NetworkFactory
from tests.factories.scheduling import (
    CohortFactory,
    InterestRegistrationFactory,
    RoundFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL, PASSWORD = "admin@example.com", "ett-langt-losenord-9"


@pytest.fixture
def kronoberg():
    county = CountyFactory(code="07", name="Kronobergs län")
    MunicipalityFactory(county=county, code="0780", name="Växjö")
    return county


@pytest.fixture
def administrator(page, live_server, kronoberg):
    get_user_model().objects.create_superuser(EMAIL, PASSWORD, first_name="Alva")
    log_in_to_admin(page, live_server, EMAIL, PASSWORD)


def test_administrator_lists_adds_and_edits_users(
    page, live_server, kronoberg, administrator, assert_accessible
):
    get_user_model().objects.create_user(
        "sara@example.com",
        "x-losenord-5",
        first_name="Sara",
        last_name="Strateg",
        municipality=kronoberg.municipalities.get(),
    )
    page.goto(live_server.url + "/admin/users/")
    expect(page.get_by_role("row").filter(has_text="sara@example.com")).to_contain_text(
        "Sara Strateg"
    )
    assert_accessible(page)

    page.goto(live_server.url + "/admin/users/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lägg till användare")
    assert_accessible(page)
    # The link at the end of the first tab moves on to the roles, as Wagtail meant it to.
    page.locator("#tab-account").get_by_role("link", name="Roller").click()
    expect(page.locator("#tab-roles")).to_be_visible()
    expect(page.locator("#tab-account")).to_be_hidden()
    page.get_by_role("tab", name="Konto").click()

    page.locator("main form [type=submit]").first.click()
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.locator("#id_email").fill("ny.strateg@example.com")
    page.locator("#id_first_name").fill("Ny")
    page.locator("#id_last_name").fill("Strateg")
    page.locator("#id_municipality").select_option(label="Växjö")
    page.locator("#id_password1").fill("ett-langt-losenord-10")
    page.locator("#id_password2").fill("ett-langt-losenord-10")
    page.locator("main form [type=submit]").first.click()
    expect(page.locator(".messages .success")).to_be_visible()
    created = get_user_model().objects.get(email="ny.strateg@example.com")
    assert created.municipality.name == "Växjö"

    page.goto(f"{live_server.url}/admin/users/edit/{created.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ny Strateg")
    expect(page.locator("#id_municipality option:checked")).to_have_text("Växjö")
    assert_accessible(page)


def test_each_delete_confirmation_names_what_goes(
    page, live_server, kronoberg, administrator, assert_accessible
):
    ensure_network_roles()
    cohort = CohortFactory(county=kronoberg, name="Kronoberg, grupp 1")
    lone_round = RoundFactory(slug="utan-grupper", title="Omgång utan grupper")
    network = NetworkFactory(county=kronoberg, name="Kronobergs nätverk", slug="kronoberg")
    meeting = MeetingFactory(network=network, title="Träff om klimat")
    quiet = NetworkFactory(kind=NetworkKind.NATIONAL, county=None, name="Tyst nätverk", slug="tyst")
    registration = InterestRegistrationFactory(
        round=cohort.round, municipality=kronoberg.municipalities.get()
    )
    topic = Topic.objects.get(name="Klimat")
    user = get_user_model().objects.create_user("bo@example.com", "x", first_name="Bo")
    confirmations = [
        (f"/admin/scheduling/cohort/delete/{cohort.pk}/", "Kronoberg, grupp 1"),
        (f"/admin/scheduling/round/delete/{lone_round.pk}/", "Omgång utan grupper"),
        (f"/admin/natverk/traffar/delete/{meeting.pk}/", "Träff om klimat"),
        (f"/admin/natverk/natverk/delete/{quiet.pk}/", "Tyst nätverk"),
        (f"/admin/natverk/amnen/delete/{topic.pk}/", "Klimat"),
        (f"/admin/scheduling/interestregistration/delete/{registration.pk}/", "Växjö"),
        (f"/admin/users/delete/{user.pk}/", "Bo"),
    ]
    for path, name in confirmations:
        page.goto(live_server.url + path)
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_contain_text("Radera")
        expect(heading).to_contain_text(name)
        expect(page.get_by_role("button", name="Ja, radera")).to_be_visible()
        assert_accessible(page)

    # A network with meetings cannot go: the page says what holds it.
    page.goto(f"{live_server.url}/admin/natverk/natverk/delete/{network.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kronobergs nätverk")
    expect(page.get_by_text("En eller flera hänvisningar hindrar att det här")).to_be_visible()
    expect(page.get_by_role("button", name="Ja, radera")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/natverk/amnen/delete/{topic.pk}/")
    page.get_by_role("button", name="Ja, radera").click()
    expect(page.locator(".messages .success")).to_be_visible()
    assert not Topic.objects.filter(pk=topic.pk).exists()


def test_administrator_adds_and_edits_an_interest_registration(
    page, live_server, kronoberg, administrator, assert_accessible
):
    course_round = RoundFactory(slug="2022-2023", title="Kursomgång 2022–2023")
    registration = InterestRegistrationFactory(
        round=course_round,
        municipality=kronoberg.municipalities.get(),
        contact_name="Kim i Växjö",
    )
    page.goto(live_server.url + "/admin/scheduling/interestregistration/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intresseanmälan")
    page.locator("main form [type=submit]").first.click()
    expect(page.locator("#id_contact_name")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/scheduling/interestregistration/edit/{registration.pk}/")
    expect(page.locator("#id_contact_name")).to_have_value("Kim i Växjö")
    assert_accessible(page)
