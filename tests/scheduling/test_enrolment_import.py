"""Enrolling participants from a CSV file: all rows or none, each problem named by its row."""

import pytest
from django.contrib.auth import get_user_model

from scheduling.models import Enrolment
from scheduling.services import EnrolmentImportError, enrolments_import_csv
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import CohortFactory


@pytest.fixture
def cohort(db):
    kronoberg = CountyFactory(code="07", name="Kronobergs län")
    MunicipalityFactory(county=kronoberg, code="0780", name="Växjö")
    MunicipalityFactory(county=kronoberg, code="0781", name="Ljungby")
    stockholm = CountyFactory(code="01", name="Stockholms län")
    MunicipalityFactory(county=stockholm, code="0180", name="Stockholm")
    return CohortFactory(county=kronoberg, capacity=2)


@pytest.mark.django_db
def test_a_good_file_creates_accounts_and_enrols_with_waitlist(cohort):
    existing = UserFactory(email="befintlig@example.com", first_name="Befintlig")
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
    assert "Rad 6: Stockholm ligger inte i något av gruppens län." in problems
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
