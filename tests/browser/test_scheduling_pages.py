"""The public schedule pages and the interest form in a real browser, checked with axe."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from regions.loader import load_reference_data
from regions.models import County
from scheduling.models import InterestRegistration, SessionStatus
from tests.factories.scheduling import CohortFactory, RoundFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = "/tmp"


@pytest.fixture
def schedule(monkeypatch):
    """All counties; Kronoberg hosts a cohort shared with Västra Götaland, on 1 March 2022."""
    monkeypatch.setattr("scheduling.views.localdate", lambda: date(2022, 3, 1))
    load_reference_data()
    kronoberg = County.objects.get(code="07")
    kronoberg.contact_email = "kurs.kronoberg@lansstyrelsen.example"
    kronoberg.save()
    round_ = RoundFactory(
        title="Kursomgång 2022–2023", start_date=date(2022, 1, 1), end_date=date(2023, 12, 31)
    )
    cohort = CohortFactory(
        round=round_,
        county=kronoberg,
        name="Kronoberg grupp 1",
        capacity=16,
        guest_counties=[County.objects.get(code="14")],
    )
    first = datetime(2022, 3, 15, 8, 0, tzinfo=UTC)
    SessionFactory(cohort=cohort, start=first, location="Länsstyrelsen, Växjö")
    SessionFactory(
        cohort=cohort,
        start=first + timedelta(weeks=5),
        location="",
        online_url="https://mote.example/kronoberg",
    )
    SessionFactory(
        cohort=cohort,
        start=first + timedelta(weeks=10),
        status=SessionStatus.CANCELLED,
        cancel_reason="För få anmälda",
    )
    CohortFactory(round=round_, county=County.objects.get(code="14"), name="Västra Götaland 1")
    return round_


def test_national_overview(page, live_server, schedule, assert_accessible):
    page.goto(live_server.url + "/lan/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Kursgrupper i länen")
    table = page.get_by_role("table", name=re.compile("Antal kursgrupper per län och termin"))
    expect(table.get_by_role("row")).to_have_count(22)
    expect(table.get_by_role("columnheader", name="Våren 2022")).to_be_visible()
    kronoberg = table.get_by_role("row", name=re.compile("Kronobergs län"))
    expect(kronoberg).to_contain_text("pilotlän")
    expect(kronoberg.get_by_role("cell").first).to_have_text("1")
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}/scheduling-overview.png", full_page=True)

    table.get_by_role("link", name="Kronobergs län").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kronobergs län")


def test_county_page(page, live_server, schedule, assert_accessible):
    page.goto(live_server.url + "/lan/07/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Kronobergs län")
    cohort = page.get_by_role("article", name="Kronoberg grupp 1")
    expect(cohort).to_contain_text("Tillsammans med")
    expect(cohort).to_contain_text("Västra Götalands län")
    sessions = cohort.get_by_role("listitem")
    expect(sessions).to_have_count(3)
    expect(sessions.nth(0)).to_contain_text("tisdag 15 mars 2022, 09.00–12.00")
    expect(sessions.nth(1)).to_contain_text("tisdag 19 april 2022, 10.00–13.00")
    expect(sessions.nth(1)).to_contain_text("Digital träff")
    expect(sessions.nth(2)).to_contain_text("Inställd: För få anmälda")
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}/scheduling-county-page.png", full_page=True)

    page.get_by_role("link", name="Anmäl kommunens intresse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmäl intresse för kursen")


def test_county_page_on_a_phone(page, live_server, schedule):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/lan/07/", "/intresse/"]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways on a phone ({width}px)"


def test_interest_form_errors_then_thanks(page, live_server, schedule, assert_accessible):
    page.goto(live_server.url + "/intresse/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmäl intresse för kursen")
    assert_accessible(page)

    page.get_by_label("Kontaktperson").fill("Alex Andersson")
    page.get_by_label("E-postadress").fill("alex.vaxjo")
    page.get_by_label("Antal strateger").fill("0")
    page.get_by_role("button", name="Skicka anmälan").click()

    expect(page).to_have_title(re.compile(r"^Fel: "))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", level=2)).to_have_text("Det finns fel i formuläret")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Kommun: Välj vilken kommun anmälan gäller.",
            re.compile("E-postadress: Skriv e-postadressen i rätt format"),
            "Antal strateger: Antalet strateger måste vara minst 1.",
        ]
    )
    email = page.get_by_label("E-postadress")
    expect(email).to_have_value("alex.vaxjo")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("Skriv e-postadressen i rätt format"))
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}/scheduling-interest-errors.png", full_page=True)
    summary.get_by_role("link", name="Antalet strateger måste vara minst 1.").click()
    expect(page).to_have_url(re.compile("#id_strategists$"))

    page.get_by_label("Kommun", exact=True).select_option(label="Växjö")
    email.fill("alex.andersson@vaxjo.example")
    page.get_by_label("Antal strateger").fill("3")
    page.get_by_label("Önskad termin").select_option(label="Hösten 2022")
    support = page.get_by_role("group", name="Vilket stöd från länsstyrelserna behöver ni?")
    support.get_by_label("Nätverksträffar").check()
    page.get_by_role("button", name="Skicka anmälan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för er intresseanmälan")
    assert_accessible(page)
    registration = InterestRegistration.objects.get()
    assert registration.needs_support == {"meetings"}
    assert (registration.municipality.name, registration.strategists) == ("Växjö", 3)
    assert registration.preferred_term == "2022-HT"
    assert [message.to for message in mail.outbox] == [["alex.andersson@vaxjo.example"]]


def test_the_emailed_link_confirms_the_registration(page, live_server, schedule, assert_accessible):
    page.goto(live_server.url + "/intresse/")
    page.get_by_label("Kommun", exact=True).select_option(label="Växjö")
    page.get_by_label("Kontaktperson").fill("Alex Andersson")
    page.get_by_label("E-postadress").fill("alex.andersson@vaxjo.example")
    page.get_by_label("Antal strateger").fill("3")
    page.get_by_role("button", name="Skicka anmälan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för er intresseanmälan")
    path = re.search(r"/intresse/bekrafta/[^/\s]+/", mail.outbox[0].body).group()

    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta intresseanmälan")
    expect(page.get_by_text("Växjö")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Bekräfta anmälan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Intresseanmälan är bekräftad")
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}/scheduling-interest-confirmed.png", full_page=True)
    assert InterestRegistration.objects.get().confirmed_at is not None

    page.goto(live_server.url + path[:-6] + "xxxxx/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")
    assert_accessible(page)
