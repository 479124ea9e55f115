"""The public interest registration: the open round, the form, the service and its email."""

import re
import time
from datetime import date
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import strip_tags

from regions.loader import load_reference_data
from regions.models import Municipality
from scheduling.models import InterestRegistration, Topic
from scheduling.selectors import current_round
from scheduling.services import interest_register
from tests.factories import CountyFactory, MunicipalityFactory
from tests.factories.scheduling import RoundFactory

pytestmark = pytest.mark.django_db

URL = "/intresse/"


@pytest.fixture
def on_day(monkeypatch):
    """Make the form believe today is the given day (in Stockholm)."""

    def set_day(day):
        monkeypatch.setattr("scheduling.views.localdate", lambda: day)

    return set_day


@pytest.fixture
def round_2022(on_day):
    """The round 2022–2023, open on 1 March 2022."""
    on_day(date(2022, 3, 1))
    return RoundFactory(
        title="Kursomgång 2022–2023", start_date=date(2022, 1, 1), end_date=date(2023, 12, 31)
    )


@pytest.fixture
def vaxjo():
    """Växjö in Kronoberg, whose county board has a contact address."""
    kronoberg = CountyFactory(
        code="07", name="Kronobergs län", contact_email="kurs.kronoberg@lansstyrelsen.example"
    )
    return MunicipalityFactory(code="0780", name="Växjö", county=kronoberg)


def valid_data(place, **changes):
    """A complete, valid post for the place (a municipality), with some fields changed."""
    return {
        "municipality": str(place.pk),
        "contact_name": "Alex Andersson",
        "contact_email": "alex.andersson@vaxjo.example",
        "strategists": "4",
        "preferred_term": "2022-HT",
        "message": "Vi vill helst ses i Växjö.",
        **changes,
    }


def test_form_page_groups_every_municipality_by_county_and_offers_the_rounds_terms(
    client, round_2022
):
    load_reference_data()

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>Anmäl intresse för kursen – ", html)
    select = re.search(r'<select name="municipality".*?</select>', html, re.S).group()
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert len(groups) == 21
    assert [label for label, _ in groups[:3]] == [
        "Stockholms län",
        "Uppsala län",
        "Södermanlands län",
    ]
    assert groups[-1][0] == "Norrbottens län"
    options = [re.findall(r'<option value="\d+">([^<]+)</option>', body) for _, body in groups]
    assert sum(len(names) for names in options) == Municipality.objects.count() == 290
    kronoberg = dict(groups)["Kronobergs län"]
    assert re.findall(r">([^<]+)</option>", kronoberg) == [
        "Alvesta", "Lessebo", "Ljungby", "Markaryd", "Tingsryd", "Uppvidinge", "Växjö", "Älmhult",
    ]  # fmt: skip
    assert '<option value="" selected>Välj kommun</option>' in select
    terms = re.search(r'<select name="preferred_term".*?</select>', html, re.S).group()
    assert re.findall(r'<option value="([^"]*)"[^>]*>([^<]+)</option>', terms) == [
        ("", "Ingen preferens"),
        ("2022-VT", "Våren 2022"),
        ("2022-HT", "Hösten 2022"),
        ("2023-VT", "Våren 2023"),
        ("2023-HT", "Hösten 2023"),
    ]
    for field in ["municipality", "contact_name", "contact_email", "strategists", "message"]:
        assert f'<label class="form-label" for="id_{field}">' in html
    assert re.search(r'<input type="text" name="contact_name"[^>]*autocomplete="name"', html)
    assert re.search(r'<input type="email" name="contact_email"[^>]*autocomplete="email"', html)
    assert "error-summary" not in html


def confirm_link(email) -> str:
    """The confirmation link's path in an email's text."""
    return re.search(r"https?://[^/\s]+(/intresse/bekrafta/[^/\s]+/)", email.body).group(1)


def test_posting_registers_unconfirmed_and_emails_the_link_in_swedish(
    client, round_2022, vaxjo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(vaxjo))

    assert response.status_code == 302
    assert response["Location"] == reverse("scheduling:interest_thanks")
    registration = InterestRegistration.objects.get()
    assert registration.round == round_2022
    assert (registration.municipality, registration.strategists) == (vaxjo, 4)
    assert registration.preferred_term == "2022-HT"
    assert registration.message == "Vi vill helst ses i Växjö."
    assert registration.confirmed_at is None

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["alex.andersson@vaxjo.example"]
    assert email.subject == "Bekräfta intresseanmälan till Kursomgång 2022–2023"
    lines = email.body.splitlines()
    for line in [
        "Hej!",
        "Kommun: Växjö",
        "Önskad termin: Hösten 2022",
        "Länsstyrelsen i Kronobergs län hör av sig när länets kursgrupper planeras.",
        "Har ni frågor före dess når ni länsstyrelsen på kurs.kronoberg@lansstyrelsen.example.",
    ]:
        assert line in lines
    assert confirm_link(email)

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Bekräfta den via länken i e-posten" in thanks.content.decode()


def test_the_email_quotes_nothing_the_poster_wrote(
    client, round_2022, vaxjo, django_capture_on_commit_callbacks
):
    """Municipality and term come from lists; the name and the message never reach the email."""
    text = "Vinn en iPhone! Klicka på https://evil.example/ nu"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid_data(vaxjo, contact_name=text, message=text, strategists="49"))

    email = mail.outbox[0]
    # The confirmation link's random token may hold any digits; everything else may not.
    body_without_links = re.sub(r"https?://\S+", "", email.body)
    assert "evil.example" not in email.body
    for quoted in ("iPhone", "49"):
        assert quoted not in email.subject and quoted not in body_without_links


def test_email_without_county_address_and_without_preferences(
    round_2022, django_capture_on_commit_callbacks
):
    municipality = MunicipalityFactory(county=CountyFactory(code="25", name="Norrbottens län"))

    with django_capture_on_commit_callbacks(execute=True):
        interest_register(
            round=round_2022,
            municipality=municipality,
            contact_name="Kim",
            contact_email="kim@kommun.example",
            strategists=1,
        )

    body = mail.outbox[0].body
    assert "Önskad termin: Ingen preferens" in body
    assert "Länsstyrelsen i Norrbottens län hör av sig" in body
    assert "når ni länsstyrelsen" not in body


def test_email_is_swedish_for_an_english_visitor(
    client, round_2022, vaxjo, django_capture_on_commit_callbacks
):
    client.cookies["sprak"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(vaxjo))
    assert response.status_code == 302
    assert "Önskad termin: Hösten 2022" in mail.outbox[0].body


def test_the_link_confirms_once_and_the_page_says_so(
    client, round_2022, vaxjo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid_data(vaxjo))
    link = confirm_link(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bekräfta intresseanmälan" in html and "Växjö" in html and "Hösten 2022" in html
    assert InterestRegistration.objects.get().confirmed_at is None  # a link scanner's GET

    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == link
    confirmed_at = InterestRegistration.objects.get().confirmed_at
    assert confirmed_at is not None
    assert "Intresseanmälan är bekräftad" in client.get(link).content.decode()

    again = client.post(link, follow=True)  # an already confirmed link
    assert again.status_code == 200 and "Intresseanmälan är bekräftad" in again.content.decode()
    assert InterestRegistration.objects.get().confirmed_at == confirmed_at


def test_an_expired_or_broken_link_is_explained(
    client, round_2022, vaxjo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid_data(vaxjo))
    link = confirm_link(mail.outbox[0])

    eight_days_on = time.time() + 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_on):
        expired = client.post(link)
        assert client.get(link).status_code == 410
    assert expired.status_code == 410
    assert "Länken har gått ut" in expired.content.decode()
    broken = client.get(link[:-5] + "xxxx/")
    assert broken.status_code == 404 and "Länken fungerar inte" in broken.content.decode()
    assert InterestRegistration.objects.get().confirmed_at is None


def test_posts_are_limited_per_address_and_per_ip(
    client, round_2022, vaxjo, settings, django_capture_on_commit_callbacks
):
    """3 posts an hour from one contact address, 10 from one client IP address."""
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post(URL, valid_data(vaxjo)).status_code for _ in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    refused = client.post(URL, valid_data(vaxjo))
    assert "Vänta en timme och försök igen" in refused.content.decode()
    assert InterestRegistration.objects.count() == 3
    assert len(mail.outbox) == 3

    others = [
        client.post(URL, valid_data(vaxjo, contact_email=f"person{n}@vaxjo.example")).status_code
        for n in range(10)
    ]
    assert others.count(302) == 10 - 6  # the address's refused posts counted for the IP too
    from_elsewhere = client.post(
        URL, valid_data(vaxjo, contact_email="ny@vaxjo.example"), REMOTE_ADDR="192.0.2.99"
    )
    assert from_elsewhere.status_code == 302


def test_a_contact_name_that_spreadsheets_would_run_is_refused(client, round_2022, vaxjo):
    response = client.post(URL, valid_data(vaxjo, contact_name='=HYPERLINK("http://x/","y")'))
    assert response.status_code == 200
    error = re.search(r'<p class="form-error" id="id_contact_name_error">(.*?)</p>',
                      response.content.decode(), re.S)  # fmt: skip
    assert "Kontaktpersonens namn får inte börja med =, +, -, @" in strip_tags(error.group(1))
    assert InterestRegistration.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "changes", "message"),
    [
        ("strategists", {"strategists": "0"}, "Antalet strateger måste vara minst 1."),
        ("strategists", {"strategists": "51"}, "Antalet strateger kan vara högst 50."),
        ("strategists", {"strategists": "tre"}, "Skriv antalet strateger med siffror"),
        ("contact_email", {"contact_email": "alex.vaxjo"}, "Skriv e-postadressen i rätt format"),
        ("contact_email", {"contact_email": ""}, "Skriv kontaktpersonens e-postadress."),
        ("contact_name", {"contact_name": "  "}, "Skriv kontaktpersonens namn."),
        ("municipality", {"municipality": ""}, "Välj vilken kommun anmälan gäller."),
        ("municipality", {"municipality": "999999"}, "Välj en kommun i listan."),
        ("preferred_term", {"preferred_term": "2024-VT"}, "Välj en termin i listan."),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_in_the_summary(
    client, round_2022, vaxjo, django_capture_on_commit_callbacks, field, changes, message
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(vaxjo, **changes))

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>Fel: Anmäl intresse för kursen – ", html)
    error = re.search(rf'<p class="form-error" id="id_{field}_error">(.*?)</p>', html, re.S)
    assert error and message in strip_tags(error.group(1))
    widget = re.search(rf'<(?:input|select|textarea)[^>]*name="{field}"[^>]*>', html).group()
    assert 'aria-invalid="true"' in widget
    assert re.search(rf'aria-describedby="[^"]*\bid_{field}_error\b', widget)
    summary = re.search(r'<div class="error-summary".*?</ul>', html, re.S).group()
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', summary)
    assert len(links) == 1
    assert links[0][0] == f"id_{field}"
    assert message in links[0][1]
    assert InterestRegistration.objects.count() == 0
    assert mail.outbox == []


def test_every_missing_field_is_listed(client, round_2022):
    response = client.post(URL, {})
    summary = re.search(r'<div class="error-summary".*?</ul>', response.content.decode(), re.S)
    assert re.findall(r'<a href="#id_(\w+)">', summary.group()) == [
        "municipality",
        "contact_name",
        "contact_email",
        "strategists",
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_without_any_round_the_page_says_registration_is_closed(client, vaxjo, method):
    response = getattr(client, method)(URL, valid_data(vaxjo))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ingen kursomgång är öppen för anmälan just nu." in html
    assert 'name="contact_email"' not in html
    assert InterestRegistration.objects.count() == 0


def test_service_checks_the_registration_before_saving(
    round_2022, vaxjo, django_capture_on_commit_callbacks
):
    base = {
        "round": round_2022,
        "municipality": vaxjo,
        "contact_name": "Alex",
        "contact_email": "alex@vaxjo.example",
    }
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError) as zero:
            interest_register(**base, strategists=0)
        with pytest.raises(ValidationError) as outside:
            interest_register(**base, strategists=2, preferred_term="2025-VT")
        with pytest.raises(ValidationError) as email:
            interest_register(**{**base, "contact_email": "alex"}, strategists=2)

    assert set(zero.value.message_dict) == {"strategists"}
    assert outside.value.message_dict == {
        "preferred_term": ["Den önskade terminen ligger utanför kursomgångens period."]
    }
    assert set(email.value.message_dict) == {"contact_email"}
    assert InterestRegistration.objects.count() == 0
    assert mail.outbox == []


def test_current_round_prefers_running_then_next_then_latest():
    assert current_round(today=date(2022, 3, 1)) is None
    old = RoundFactory(slug="a-gammal", start_date=date(2020, 1, 1), end_date=date(2020, 12, 31))
    older = RoundFactory(slug="b-aldre", start_date=date(2019, 1, 1), end_date=date(2019, 12, 31))
    running = RoundFactory(slug="c-pagar", start_date=date(2022, 1, 1), end_date=date(2023, 12, 31))
    soon = RoundFactory(slug="d-snart", start_date=date(2024, 1, 1), end_date=date(2024, 12, 31))
    later = RoundFactory(slug="e-senare", start_date=date(2025, 1, 1), end_date=date(2025, 6, 30))

    assert current_round(today=date(2022, 3, 1)) == running
    assert current_round(today=date(2023, 12, 31)) == running
    assert current_round(today=date(2021, 6, 1)) == running  # the next to start
    assert current_round(today=date(2024, 1, 1)) == soon
    assert current_round(today=date(2026, 1, 1)) == later  # the latest
    assert current_round(today=date(2018, 1, 1)) == older
    assert current_round(today=date(2020, 6, 1)) == old


def test_the_public_form_asks_the_needs_survey_and_keeps_the_answers(client, round_2022, vaxjo):
    climate = Topic.objects.create(name="Klimat", sort_order=10)
    Topic.objects.create(name="Miljöprogram", sort_order=20)
    page = client.get(URL).content.decode()
    assert "Vilket stöd från länsstyrelserna behöver ni? (frivilligt)" in page
    for label in ("Kursen i förändringsledning", "Nätverksträffar", "Vägledningen"):
        assert label in page
    assert "Hjälp med lokala indikatorer" in page and "Miljöprogram" in page
    assert page.count("<legend") == 2

    response = client.post(
        URL, valid_data(vaxjo, needs_topics=[str(climate.pk)], support=["meetings", "indicators"])
    )
    assert response.status_code == 302
    registration = InterestRegistration.objects.get()
    assert registration.needs_support == {"meetings", "indicators"}
    assert list(registration.needs_topics.all()) == [climate]

    # The survey is optional, and an unknown kind of support is refused.
    client.post(URL, valid_data(vaxjo, contact_email="utan@vaxjo.example"))
    assert (
        InterestRegistration.objects.get(contact_email="utan@vaxjo.example").needs_support == set()
    )
    response = client.post(URL, valid_data(vaxjo, contact_email="x@vaxjo.example", support=["x"]))
    assert response.status_code == 200
    assert not InterestRegistration.objects.filter(contact_email="x@vaxjo.example").exists()
