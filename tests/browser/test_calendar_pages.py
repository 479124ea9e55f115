"""A participant logs in, finds their calendar links, and makes a new secret link."""

import pytest
from django.contrib.auth import get_user_model
from icalendar import Calendar
from playwright.sync_api import expect

from calendars.models import CalendarToken
from tests.factories import CountyFactory, MunicipalityFactory
from tests.factories.scheduling import CohortFactory, EnrolmentFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_participant_subscribes_and_rotates_the_link(page, live_server, assert_accessible):
    county = CountyFactory(code="07", name="Kronobergs län")
    municipality = MunicipalityFactory(county=county, code="0780", name="Växjö")
    participant = get_user_model().objects.create_user(
        "sara@example.com", "ett-langt-losenord-1", first_name="Sara", municipality=municipality
    )
    cohort = CohortFactory(county=county, name="Kronobergs län, grupp 1")
    SessionFactory(cohort=cohort)
    EnrolmentFactory(participant=participant, cohort=cohort)

    page.goto(live_server.url + "/konto/logga-in/")
    assert_accessible(page)
    page.get_by_label("E-postadress").fill("sara@example.com")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Inloggningen misslyckades")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Lösenord").fill("ett-langt-losenord-1")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min kurs")
    page.get_by_role("link", name="Min kalender").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Min kalender")
    webcal = page.get_by_role("link", name="Prenumerera i Outlook eller Apple Kalender")
    old = CalendarToken.objects.get(participant=participant).token
    expect(webcal).to_have_attribute(
        "href", f"webcal://{live_server.url.split('://')[1]}/kalender/{old}.ics"
    )
    expect(page.get_by_role("link", name="Prenumerera i Google Kalender")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Skapa en ny länk (den gamla slutar fungera)").click()
    expect(page.get_by_text("Du har fått en ny kalenderlänk.")).to_be_visible()
    new = CalendarToken.objects.get(participant=participant).token
    assert new != old
    assert page.request.get(f"{live_server.url}/kalender/{old}.ics").status == 404
    feed = page.request.get(f"{live_server.url}/kalender/{new}.ics")
    assert feed.status == 200
    (event,) = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert "Kronobergs län, grupp 1" in str(event["SUMMARY"])
