"""Course certificates: the PDF, the participant's download and the public verification page."""

import io
import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from pypdf import PdfReader

from lms.certificate_views import normalise_code
from lms.certificates import (
    FONT_FILES,
    CertificateData,
    certificate_data_for,
    certificate_pdf,
    certificate_queryset,
    swedish_date,
)
from lms.models import Completion
from scheduling.models import EnrolmentStatus
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import CohortFactory, EnrolmentFactory, RoundFactory

CODE = "K7QM-2XHP-9DTA"
# The verification page costs the same whatever is on the certificate: the completion with its
# participant, round and course, then the county board of the participant's cohort.
VERIFY_PAGE_QUERIES = 2


def pdf_text(pdf: bytes) -> str:
    """The text of a one-page PDF, with runs of whitespace made single spaces."""
    (page,) = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", page.extract_text())


def text_of(response) -> str:
    """The page's visible text with runs of whitespace made single spaces."""
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


def main_text(response) -> str:
    """The visible text of the page's main element only (not the header's account links)."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", strip_tags(html[html.index("<main") : html.index("</main>")]))


@pytest.fixture
def data():
    """A certificate's facts, with a name and a course title full of å, ä and ö."""
    return CertificateData(
        participant_name="Åsa Öberg-Ärlig",
        course_title="Förändringsledning för miljö- och hållbarhetsstrateger",
        round_title="Kursomgång 2022–2023",
        county_board="Länsstyrelsen i Kronobergs län",
        completed_on=date(2023, 3, 15),
        verification_code=CODE,
        verify_url=f"https://kurs.example/intyg/{CODE}/",
    )


# The PDF, from plain data


def test_pdf_states_the_certificate_in_swedish(data):
    pdf = certificate_pdf(data)

    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Kursintyg" in text
    assert "Härmed intygas att Åsa Öberg-Ärlig har genomgått kursen" in text
    assert "Förändringsledning för miljö- och hållbarhetsstrateger" in text
    assert "Kursomgång 2022–2023" in text
    assert "anordnad av Länsstyrelsen i Kronobergs län" in text
    assert "Kursen slutfördes den 15 mars 2023" in text
    assert CODE in text
    assert f"Kontrollera intyget på https://kurs.example/intyg/{CODE}/" in text


def test_pdf_is_one_a4_page_with_metadata_and_a_link_to_the_verification(data):
    reader = PdfReader(io.BytesIO(certificate_pdf(data)))

    (page,) = reader.pages
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert reader.metadata.title == (
        "Kursintyg – Förändringsledning för miljö- och hållbarhetsstrateger"
    )
    assert reader.metadata.author == "Länsstyrelserna"
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"
    links = [a.get_object()["/A"]["/URI"] for a in page["/Annots"]]
    assert links == [f"https://kurs.example/intyg/{CODE}/"]


def test_pdf_embeds_a_font_for_swedish_and_latin_1_names_wherever_it_runs(data):
    names = "Björn Ågren, Maïté Müller och Søren Ærø"
    text = pdf_text(certificate_pdf(CertificateData(**{**vars(data), "participant_name": names})))
    assert names in text


@pytest.mark.skipif("DejaVu" not in FONT_FILES[0].name, reason="fonts-dejavu-core is not installed")
def test_pdf_renders_names_beyond_latin_1(data):
    names = "Łukasz Wiśniewski, Ayşe Yılmaz, Jiří Dvořák och Żaneta Ąęńź"
    text = pdf_text(certificate_pdf(CertificateData(**{**vars(data), "participant_name": names})))
    assert names in text


def test_pdf_escapes_markup_in_names(data):
    name = "Kim <b>Fet</b> & Co"
    assert name in pdf_text(
        certificate_pdf(CertificateData(**{**vars(data), "participant_name": name}))
    )


def test_very_long_titles_still_fit_on_one_page(data):
    long = CertificateData(
        **{
            **vars(data),
            "participant_name": "Anna-Karin Maria Elisabeth " * 4,
            "course_title": "Förändringsledning för miljö- och hållbarhetsstrateger " * 8,
        }
    )
    reader = PdfReader(io.BytesIO(certificate_pdf(long)))
    assert len(reader.pages) == 1
    assert CODE in reader.pages[0].extract_text()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 1, 1), "1 januari 2023"),
        (date(2023, 3, 15), "15 mars 2023"),
        (date(2022, 5, 31), "31 maj 2022"),
        (date(2022, 12, 24), "24 december 2022"),
    ],
)
def test_swedish_date(day, expected):
    assert swedish_date(day) == expected


@pytest.mark.parametrize(
    "typed",
    [
        CODE,
        "k7qm-2xhp-9dta",
        "K7QM2XHP9DTA",
        " k7qm 2xhp 9dta ",
        "K7QM–2XHP–9DTA",
        "k7qm_2xhp.9dta",
    ],
)
def test_normalise_code_accepts_any_case_and_separator(typed):
    assert normalise_code(typed) == CODE


@pytest.mark.parametrize("typed", ["", "K7QM-2XHP-9DT", "K7QM-2XHP-9DTAA", "K7QM-2XHP-9DT0", "ÅÄÖ"])
def test_normalise_code_rejects_what_cannot_be_a_code(typed):
    assert normalise_code(typed) is None


# From the database


@pytest.fixture
def county():
    return CountyFactory(code="07", name="Kronobergs län")


@pytest.fixture
def course(course_tree):
    course = course_tree["course"]
    course.title = "Förändringsledning för miljö- och hållbarhetsstrateger"
    course.save_revision().publish()
    return course


@pytest.fixture
def round_(course):
    return RoundFactory(slug="2022-2023", title="Kursomgång 2022–2023", course=course)


@pytest.fixture
def participant(county):
    return UserFactory(
        email="asa.oberg@vaxjo.example",
        first_name="Åsa",
        last_name="Öberg-Ärlig",
        job_title="Hållbarhetsstrateg",
        municipality=MunicipalityFactory(county=county, code="0780", name="Växjö"),
    )


def complete(participant, round_, *, county, code=CODE, at=datetime(2023, 3, 15, 9, tzinfo=UTC)):
    """Enrol the participant in a cohort of the county and record their completion."""
    cohort = CohortFactory(round=round_, county=county, name=f"{county.name}, grupp 1")
    EnrolmentFactory(participant=participant, cohort=cohort)
    return Completion.objects.create(
        participant=participant, round=round_, completed_at=at, verification_code=code
    )


@pytest.fixture
def completion(participant, round_, county):
    return complete(participant, round_, county=county)


@pytest.mark.django_db
def test_certificate_data_from_the_database(completion, django_assert_num_queries):
    loaded = certificate_queryset().get(pk=completion.pk)

    with django_assert_num_queries(1):
        data = certificate_data_for(loaded, verify_url="https://kurs.example/intyg/x/")

    assert data == CertificateData(
        participant_name="Åsa Öberg-Ärlig",
        course_title="Förändringsledning för miljö- och hållbarhetsstrateger",
        round_title="Kursomgång 2022–2023",
        county_board="Länsstyrelsen i Kronobergs län",
        completed_on=date(2023, 3, 15),
        verification_code=CODE,
        verify_url="https://kurs.example/intyg/x/",
    )


@pytest.mark.django_db
def test_completion_date_is_the_day_in_stockholm(participant, round_, county):
    late = complete(
        participant, round_, county=county, at=datetime(2023, 3, 15, 23, 30, tzinfo=UTC)
    )
    data = certificate_data_for(late, verify_url="")
    assert data.completed_on == date(2023, 3, 16)


@pytest.mark.django_db
def test_county_board_is_the_enrolled_cohorts_not_a_cancelled_ones(participant, round_, county):
    other = CountyFactory(code="14", name="Västra Götalands län")
    EnrolmentFactory(
        participant=participant,
        cohort=CohortFactory(round=round_, county=other),
        status=EnrolmentStatus.CANCELLED,
    )
    completion = complete(participant, round_, county=county)
    assert certificate_data_for(completion, verify_url="").county_board == (
        "Länsstyrelsen i Kronobergs län"
    )


@pytest.mark.django_db
def test_county_board_when_the_place_was_cancelled_after_completing(completion):
    completion.participant.enrolments.update(status=EnrolmentStatus.CANCELLED)
    assert certificate_data_for(completion, verify_url="").county_board == (
        "Länsstyrelsen i Kronobergs län"
    )


@pytest.mark.django_db
def test_without_enrolment_or_course_the_boards_and_the_round_stand_in(participant):
    round_ = RoundFactory(title="Kursomgång 2022–2023", course=None)
    completion = Completion.objects.create(
        participant=participant,
        round=round_,
        completed_at=datetime(2023, 3, 15, 9, tzinfo=UTC),
        verification_code=CODE,
    )
    data = certificate_data_for(completion, verify_url="")
    assert (data.county_board, data.course_title) == ("Länsstyrelserna", "Kursomgång 2022–2023")


# Downloading one's own certificate


def download_url(round_slug):
    return reverse("lms:certificate_download", kwargs={"round_slug": round_slug})


@pytest.mark.django_db
def test_download_requires_login(client, completion):
    response = client.get(download_url("2022-2023"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("lms:login") + "?next=")


@pytest.mark.django_db
def test_participant_downloads_their_certificate(client, completion):
    client.force_login(completion.participant)

    response = client.get(download_url("2022-2023"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="kursintyg-2022-2023.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Åsa Öberg-Ärlig" in text
    assert "anordnad av Länsstyrelsen i Kronobergs län" in text
    assert "15 mars 2023" in text
    assert f"Kontrollera intyget på http://testserver/intyg/{CODE}/" in text


@pytest.mark.django_db
def test_no_certificate_without_a_completion(client, round_, county):
    enrolled = UserFactory()
    EnrolmentFactory(participant=enrolled, cohort=CohortFactory(round=round_, county=county))
    client.force_login(enrolled)
    assert client.get(download_url("2022-2023")).status_code == 404
    assert client.get(download_url("finns-inte")).status_code == 404


@pytest.mark.django_db
def test_never_another_participants_certificate(client, completion, participant, county):
    other_round = RoundFactory(slug="2024", title="Kursomgång 2024")
    other = complete(UserFactory(), other_round, county=county, code="ABCD-EFGH-JKLM")
    client.force_login(participant)

    assert client.get(download_url("2024")).status_code == 404
    client.force_login(other.participant)
    assert client.get(download_url("2022-2023")).status_code == 404
    assert "Åsa" not in pdf_text(client.get(download_url("2024")).content)


# Checking a certificate by its code


def verify(client, code):
    return client.get(reverse("lms:certificate_verify"), {"kod": code})


@pytest.mark.django_db
@pytest.mark.parametrize("typed", [CODE, "k7qm2xhp9dta", "K7QM 2XHP 9DTA", "  k7qm-2xhp-9dta "])
def test_verify_by_code_typed_into_the_form(client, completion, typed):
    response = verify(client, typed)

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    text = text_of(response)
    assert "Intyget är äkta" in text
    for fact in (
        "Namn Åsa Öberg-Ärlig",
        "Kurs Förändringsledning för miljö- och hållbarhetsstrateger",
        "Kursomgång Kursomgång 2022–2023",
        "Anordnad av Länsstyrelsen i Kronobergs län",
        "Slutförd 15 mars 2023",
        f"Kontrollkod {CODE}",
    ):
        assert fact in text
    assert '<time datetime="2023-03-15">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("in_url", [CODE, "k7qm-2xhp-9dta", "K7QM2XHP9DTA"])
def test_verify_by_the_url_on_the_certificate(client, completion, in_url):
    response = client.get(reverse("lms:certificate_verify_code", kwargs={"code": in_url}))
    assert response.status_code == 200
    assert "Namn Åsa Öberg-Ärlig" in text_of(response)
    assert reverse("lms:certificate_verify_code", kwargs={"code": CODE}) == f"/intyg/{CODE}/"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["K7QM-2XHP-9DTB", "K7QM-2XHP", "<script>x</script>"])
def test_unknown_code_says_so_and_nothing_else(client, completion, typed):
    response = verify(client, typed)

    assert response.status_code == 200
    text = main_text(response)
    assert "Inget intyg hittades" in text
    assert "Det finns inget kursintyg med kontrollkoden" in text
    assert "Intyget är äkta" not in text
    assert "Åsa" not in text
    assert "<script>x" not in response.content.decode()
    assert "aria-invalid" not in response.content.decode()
    assert "<title>Fel:" not in response.content.decode()


@pytest.mark.django_db
def test_an_empty_code_is_a_form_error_tied_to_the_field(client, completion):
    html = verify(client, " ").content.decode()
    assert "<title>Fel: Kontrollera ett kursintyg" in html
    assert 'aria-describedby="id_kod_hint id_kod_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_kod_error"' in html
    assert "Skriv kontrollkoden från intyget." in html
    assert "Inget intyg hittades" not in html


@pytest.mark.django_db
def test_empty_page_has_a_labelled_field_with_a_hint(client):
    response = client.get(reverse("lms:certificate_verify"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert '<label class="form-label" for="id_kod">Kontrollkod</label>' in html
    assert 'aria-describedby="id_kod_hint"' in html
    assert 'role="status"' not in html


@pytest.mark.django_db
def test_verify_page_shows_only_what_the_certificate_states(client, completion, participant):
    participant.is_staff = True  # staff flags, email and the rest are no one else's business
    participant.save()

    main = main_text(verify(client, CODE))

    for private in (
        "asa.oberg@vaxjo.example",
        "Växjö",
        "Hållbarhetsstrateg",
        "Kronobergs län, grupp 1",
        "09:00",
        "10.00",
    ):
        assert private not in main
    facts = re.findall(r"<dt>(.*?)</dt>", verify(client, CODE).content.decode())
    assert facts == ["Namn", "Kurs", "Kursomgång", "Anordnad av", "Slutförd", "Kontrollkod"]


@pytest.mark.django_db
def test_a_participant_without_a_name_is_not_shown_by_email(client, completion, participant):
    participant.first_name = participant.last_name = ""
    participant.save()
    assert "asa.oberg@vaxjo.example" not in verify(client, CODE).content.decode()


@pytest.mark.django_db
def test_verify_page_only_reads(client, completion):
    assert client.post(reverse("lms:certificate_verify"), {"kod": CODE}).status_code == 405


@pytest.mark.django_db
def test_verify_page_query_count(client, completion, django_assert_num_queries):
    with django_assert_num_queries(VERIFY_PAGE_QUERIES):
        assert "Intyget är äkta" in text_of(verify(client, CODE))
    with django_assert_num_queries(1):  # the completion, not found
        assert "Inget intyg hittades" in text_of(verify(client, "K7QM-2XHP-9DTB"))
    with django_assert_num_queries(0):  # not a code at all: no query
        assert "Inget intyg hittades" in text_of(verify(client, "nej"))
