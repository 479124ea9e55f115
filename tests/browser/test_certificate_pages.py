"""Anyone checks a certificate by its code; a participant logs in and downloads their own."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from pypdf import PdfReader

from lms.models import Completion
from tests.factories import CountyFactory, MunicipalityFactory
from tests.factories.scheduling import CohortFactory, EnrolmentFactory, RoundFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CODE = "K7QM-2XHP-9DTA"


@pytest.fixture
def completion():
    """Åsa from Växjö completed the round in a cohort of Kronobergs län on 15 March 2023."""
    county = CountyFactory(code="07", name="Kronobergs län")
    participant = get_user_model().objects.create_user(
        "asa@example.com",
        "ett-langt-losenord-1",
        first_name="Åsa",
        last_name="Öberg",
        municipality=MunicipalityFactory(county=county, code="0780", name="Växjö"),
    )
    round_ = RoundFactory(slug="2022-2023", title="Kursomgång 2022–2023")
    EnrolmentFactory(participant=participant, cohort=CohortFactory(round=round_, county=county))
    return Completion.objects.create(
        participant=participant,
        round=round_,
        completed_at=datetime(2023, 3, 15, 9, tzinfo=UTC),
        verification_code=CODE,
    )


def test_anyone_checks_a_certificate_by_its_code(page, live_server, assert_accessible, completion):
    page.goto(live_server.url + "/intyg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera ett kursintyg")
    expect(page.get_by_role("status")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Kontrollkod").fill("k7qm 2xhp 9dtb")
    page.get_by_role("button", name="Kontrollera intyget").click()
    result = page.get_by_role("status")
    expect(result).to_contain_text("Inget intyg hittades")
    expect(result).to_contain_text("Det finns inget kursintyg med kontrollkoden k7qm 2xhp 9dtb.")
    assert_accessible(page)

    page.get_by_label("Kontrollkod").fill("k7qm2xhp9dta")
    page.get_by_role("button", name="Kontrollera intyget").click()
    expect(page).to_have_url(re.compile(r"/intyg/\?kod=k7qm2xhp9dta$"))
    result = page.get_by_role("status")
    expect(result.get_by_role("heading")).to_have_text("Intyget är äkta")
    expect(result.locator("dd")).to_have_text(
        [
            "Åsa Öberg",
            "Kursomgång 2022–2023",  # the round has no course page: its title stands in
            "Kursomgång 2022–2023",
            "Länsstyrelsen i Kronobergs län",
            "15 mars 2023",
            CODE,
        ]
    )
    expect(page.get_by_text("Växjö")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Kontrollkod").fill("")
    page.get_by_role("button", name="Kontrollera intyget").click()
    expect(page).to_have_title(re.compile(r"^Fel: Kontrollera ett kursintyg"))
    expect(page.get_by_label("Kontrollkod")).to_have_accessible_description(
        re.compile(r"Tolv tecken.*Fel: Skriv kontrollkoden från intyget\.")
    )
    assert_accessible(page)


def test_the_url_on_the_certificate_shows_it(page, live_server, assert_accessible, completion):
    page.goto(f"{live_server.url}/intyg/{CODE}/")
    expect(page.get_by_role("status")).to_contain_text("Länsstyrelsen i Kronobergs län")
    assert_accessible(page)


def test_participant_logs_in_and_downloads_their_certificate(page, live_server, completion):
    page.goto(live_server.url + "/min-kurs/intyg/2022-2023.pdf")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    page.get_by_label("E-postadress").fill("asa@example.com")
    page.get_by_label("Lösenord").fill("ett-langt-losenord-1")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Logga in").click()

    download = download_info.value
    assert download.suggested_filename == "kursintyg-2022-2023.pdf"
    pdf = PdfReader(download.path())
    text = re.sub(r"\s+", " ", pdf.pages[0].extract_text())
    assert "Härmed intygas att Åsa Öberg har genomgått kursen" in text
    assert f"Kontrollera intyget på {live_server.url}/intyg/{CODE}/" in text
