"""Enrolling participants from a CSV file: all rows or none, each problem named by its row."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from regions.models import Municipality
from scheduling.models import Enrolment
from scheduling.services import (
    EnrolmentImportError,
    csv_text,
    enrolments_import_csv,
    enrolments_import_xlsx,
)
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import CohortFactory


@pytest.fixture
def cohort(db):
    kronoberg = CountyFactory(code="07", name="Kronobergs län")
    MunicipalityFactory(county=kronoberg, code="0780", name="Växjö")
    MunicipalityFactory(county=kronoberg, code="0781", name="Ljungby")
    stockholm = CountyFactory(code="01", name="Stockholms län")
    MunicipalityFactory(county=stockholm, code="0180", name="Stockholm")
    return CohortFactory(county=kronoberg, capacity=2, round__running=True)


@pytest.mark.django_db
def test_a_good_file_creates_accounts_and_enrols_with_waitlist(cohort):
    existing = UserFactory(
        email="befintlig@example.com",
        first_name="Befintlig",
        municipality=Municipality.objects.get(code="0781"),
    )
    text = (
        "email,name,municipality_code\n"
        "anna@example.com,Anna Andersson,0780\n"
        "Befintlig@Example.com,Ny Namn,0781\n"
        "carl@example.com,Carl Carlsson,0780\n"
    )
    result = enrolments_import_csv(cohort=cohort, text=text)
    assert (result.enrolled, result.waitlisted, result.accounts_created) == (2, 1, 2)
    anna = get_user_model().objects.get(email="anna@example.com")
    assert (anna.first_name, anna.last_name, anna.municipality.code) == (
        "Anna",
        "Andersson",
        "0780",
    )
    assert not anna.has_usable_password()
    existing.refresh_from_db()
    assert existing.first_name == "Befintlig"  # an existing account keeps its name


@pytest.mark.django_db
def test_semicolons_and_a_byte_order_mark_are_accepted(cohort):
    text = "\ufeffemail;name;municipality_code\nanna@example.com;Anna A;0780\n"
    assert enrolments_import_csv(cohort=cohort, text=text).enrolled == 1


@pytest.mark.django_db
def test_a_bad_file_is_rejected_whole_with_each_row_named(cohort):
    text = (
        "email,name,municipality_code\n"
        "anna@example.com,Anna Andersson,0780\n"
        "inte-en-adress,Bo Bengtsson,0780\n"
        "cia@example.com,,0780\n"
        "dan@example.com,Dan D,9999\n"
        "eva@example.com,Eva E,0180\n"
        "anna@example.com,Anna igen,0780\n"
    )
    with pytest.raises(EnrolmentImportError) as error:
        enrolments_import_csv(cohort=cohort, text=text)
    problems = error.value.problems
    assert "Rad 3: e-postadressen 'inte-en-adress' är ogiltig." in problems
    assert "Rad 4: namnet saknas." in problems
    assert "Rad 5: kommunkoden '9999' finns inte." in problems
    assert "Rad 6: Stockholm ligger inte i något av de län du anmäler för." in problems
    assert "Rad 7: anna@example.com står redan på rad 2." in problems
    assert not get_user_model().objects.filter(email="anna@example.com").exists()
    assert Enrolment.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "mail,namn,kommun\nx@example.com,X,0780\n",
            "Rubrikraden ska vara email,name,municipality_code",
        ),
        ("email,name,municipality_code\n", "Filen innehåller inga deltagare."),
    ],
)
def test_wrong_header_or_empty_file(cohort, text, message):
    with pytest.raises(EnrolmentImportError, match=message):
        enrolments_import_csv(cohort=cohort, text=text)


@pytest.mark.django_db
def test_someone_already_enrolled_in_the_round_is_named(cohort):
    enrolments_import_csv(
        cohort=cohort, text="email,name,municipality_code\nanna@example.com,Anna A,0780\n"
    )
    with pytest.raises(EnrolmentImportError, match="Rad 2: anna@example.com är redan anmäld"):
        enrolments_import_csv(
            cohort=cohort, text="email,name,municipality_code\nanna@example.com,Anna A,0780\n"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "last_name"),
    [
        (
            'email,name,municipality_code\nanna@example.com,"Anna ""Annie"" Berg",0780\n',
            '"Annie" Berg',
        ),
        (
            'email;name;municipality_code\r\nanna@example.com;"Anna ""Annie"" Berg";0780\r\n',
            '"Annie" Berg',
        ),
        (
            '\ufeff"email","name","municipality_code"\r\n'
            '"anna@example.com","Anna ""Annie"" Berg","0780"',
            '"Annie" Berg',
        ),
        (
            'email;name;municipality_code\nanna@example.com;"Anna ""Annie""; Berg";0780\n',
            '"Annie"; Berg',
        ),
    ],
    ids=["comma", "semicolon-crlf", "bom-all-quoted", "delimiter-inside-quotes"],
)
def test_excels_doubled_quotes_give_one_quote(cohort, text, last_name):
    enrolments_import_csv(cohort=cohort, text=text)
    anna = get_user_model().objects.get(email="anna@example.com")
    assert (anna.first_name, anna.last_name) == ("Anna", last_name)


@pytest.mark.django_db
def test_a_name_that_spreadsheets_would_run_is_refused(cohort):
    text = (
        "email,name,municipality_code\n"
        'anna@example.com,"=HYPERLINK(""http://evil.example/"",""Klicka"")",0780\n'
    )
    with pytest.raises(EnrolmentImportError) as error:
        enrolments_import_csv(cohort=cohort, text=text)
    assert any("Namnet får inte börja med =, +, -, @" in line for line in error.value.problems)


def _workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.create_sheet("Blad2").append(["email", "name", "municipality_code"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "E-post;Namn;Kommunkod\nanna@example.com;Anna A;0780\n",
        "e-postadress;namn;kommunkod;;\nanna@example.com;Anna A;0780;;\n",
        "Namn,Kommunkod,E-post\nAnna A,0780,anna@example.com\n",
        "email;name;municipality_code\nanna@example.com;Anna A;0780\n",
    ],
    ids=["swedish", "excel-empty-columns", "any-order", "english"],
)
def test_swedish_and_english_headers_in_any_order(cohort, text):
    assert enrolments_import_csv(cohort=cohort, text=text).enrolled == 1
    anna = get_user_model().objects.get(email="anna@example.com")
    assert (anna.first_name, anna.municipality.code) == ("Anna", "0780")


@pytest.mark.django_db
def test_a_three_digit_code_is_the_code_excel_stripped_of_its_zero(cohort):
    text = "E-post;Namn;Kommunkod\nanna@example.com;Anna A;780\nbo@example.com;Bo B;78\n"
    with pytest.raises(EnrolmentImportError) as error:
        enrolments_import_csv(cohort=cohort, text=text)
    assert error.value.problems == ["Rad 3: kommunkoden '78' finns inte."]
    enrolments_import_csv(cohort=cohort, text="E-post;Namn;Kommunkod\nanna@example.com;A B;780\n")
    assert get_user_model().objects.get(email="anna@example.com").municipality.code == "0780"


@pytest.mark.django_db
def test_a_header_that_names_a_column_twice_or_an_unknown_one_is_refused(cohort):
    for header in ("E-post;Namn;Kommunkod;E-post", "E-post;Namn;Kommun"):
        with pytest.raises(EnrolmentImportError, match="E-post,Namn,Kommunkod"):
            enrolments_import_csv(cohort=cohort, text=f"{header}\na@example.com;A B;0780\n")


@pytest.mark.django_db
def test_an_excel_workbook_is_read_from_its_first_sheet_as_text(cohort):
    data = _workbook(
        [
            ["E-post", "Namn", "Kommunkod"],
            ["anna@example.com", "Anna Andersson", 780],
            [None, None, None],
            ["bo@example.com", "Bo Berg", "0781"],
        ]
    )
    result = enrolments_import_xlsx(cohort=cohort, data=data)
    assert (result.enrolled, result.accounts_created) == (2, 2)
    assert get_user_model().objects.get(email="anna@example.com").municipality.code == "0780"


@pytest.mark.django_db
def test_a_workbook_is_checked_like_a_csv_file_row_by_row(cohort):
    data = _workbook(
        [["email", "name", "municipality_code"], ["x", "X Y", 780], ["c@example.com", "", 180]]
    )
    with pytest.raises(EnrolmentImportError) as error:
        enrolments_import_xlsx(cohort=cohort, data=data)
    assert error.value.problems == [
        "Rad 2: e-postadressen 'x' är ogiltig.",
        "Rad 3: namnet saknas.",
        "Rad 3: Stockholm ligger inte i något av de län du anmäler för.",
    ]
    assert Enrolment.objects.count() == 0


@pytest.mark.django_db
def test_a_file_that_is_not_a_workbook_is_named_so(cohort):
    with pytest.raises(EnrolmentImportError, match="kan inte läsas som en Excel-arbetsbok"):
        enrolments_import_xlsx(cohort=cohort, data=b"email,name\n")


def test_csv_from_excel_in_windows_1252_is_read():
    assert csv_text("Namn\nÅsa Öberg\n".encode("cp1252")) == "Namn\nÅsa Öberg\n"
    assert csv_text("\ufeffNamn\n".encode()) == "Namn\n"


@pytest.mark.django_db
def test_a_cohort_whose_round_has_ended_takes_no_file(cohort):
    cohort.round.end_date = timezone.localdate() - timedelta(days=1)
    cohort.round.save()
    with pytest.raises(EnrolmentImportError) as error:
        enrolments_import_csv(
            cohort=cohort, text="email,name,municipality_code\nanna@example.com,Anna A,0780\n"
        )
    assert len(error.value.problems) == 1
    assert "tar inte emot fler anmälningar" in error.value.problems[0]
    assert not get_user_model().objects.filter(email="anna@example.com").exists()
