"""Statistics in the admin, exports, the public page and the command: one set of figures."""

import io
from io import StringIO

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from lms.models import Completion
from lms.roles import COUNTY_COORDINATORS, NATIONAL_COORDINATORS, ensure_scheduling_groups
from lms.services import progress_complete
from scheduling.models import Cohort, County, Enrolment, Municipality
from scheduling.reference_data import load_reference_data
from tests.factories import UserFactory
from tests.factories.scheduling import RoundFactory


@pytest.fixture
def national_data(course_tree, modules):
    """All 21 counties; Västra Götaland with 6 completed participants, Kronoberg with 2."""
    load_reference_data()
    course_round = RoundFactory(course=course_tree["course"], slug="stat-omgang")
    for code, municipality, done in (("14", "1480", 6), ("07", "0780", 2)):
        county = County.objects.get(code=code)
        cohort = Cohort.objects.create(
            round=course_round, county=county, name=f"Grupp {code}", capacity=20
        )
        for n in range(done):
            person = UserFactory(municipality=Municipality.objects.get(code=municipality))
            Enrolment.objects.create(
                participant=person, cohort=cohort, round=course_round, status="enrolled"
            )
            progress_complete(user=person, module=modules[0])
            Completion.objects.create(
                participant=person,
                round=course_round,
                completed_at="2023-03-15T10:00:00Z",
                verification_code=f"CODE-{code}-{n}",
            )
    return course_round


def staff(group, county_code=None):
    ensure_scheduling_groups()
    user = UserFactory(
        is_staff=True, county=County.objects.get(code=county_code) if county_code else None
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.django_db
def test_a_county_coordinator_sees_their_county_only(client, national_data):
    client.force_login(staff(COUNTY_COORDINATORS, "14"))
    url = (
        reverse("lms_stats")
        + f"?round={national_data.pk}&county={County.objects.get(code='07').pk}"
    )
    html = client.get(url).content.decode()
    assert "Västra Götalands län – " in html
    assert "Göteborg" in html
    assert "Växjö" not in html


@pytest.mark.django_db
def test_the_national_coordinator_sees_all_21_counties_and_the_map(client, national_data):
    client.force_login(staff(NATIONAL_COORDINATORS))
    html = client.get(reverse("lms_stats") + f"?round={national_data.pk}").content.decode()
    assert "Hela landet – " in html
    for name in ("Norrbottens län", "Gotlands län", "Kronobergs län"):
        assert name in html
    assert "sweden-map-figure" in html and "CC BY 4.0" in html


@pytest.mark.django_db
def test_excel_and_csv_exports_carry_codes(client, national_data):
    client.force_login(staff(COUNTY_COORDINATORS, "14"))
    base = reverse("lms_stats") + f"?round={national_data.pk}"
    response = client.get(base + "&export=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="statistik-stat-omgang.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Per kommun"]
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Kommunkod", "Kommun"]
    assert ["1480", "Göteborg"] in [
        [c.value for c in row[:2]] for row in sheet.iter_rows(min_row=2)
    ]
    csv = client.get(base + "&export=csv&table=county").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Länskod,Län,Antagna")
    assert "14,Västra Götalands län,6,6,6" in csv


@pytest.mark.django_db
def test_people_without_the_permission_are_refused(client, national_data):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("lms_stats")).status_code in (302, 403)


@pytest.mark.django_db
def test_the_public_page_hides_groups_smaller_than_five(client, national_data):
    html = client.get(reverse("lms:rollout") + "?omgang=stat-omgang").content.decode()
    assert "färre än 5" in html
    row = html[html.index("Kronobergs län</a>") :][:400]
    assert "färre än 5" in row
    vg = html[html.index("Västra Götalands län</a>") :][:400]
    assert "<td>6</td>" in vg
    csv = client.get(reverse("lms:rollout_csv") + "?omgang=stat-omgang").content.decode("utf-8-sig")
    kronoberg = next(line for line in csv.splitlines() if line.startswith("07,"))
    assert "färre än 5" in kronoberg and ",2," not in kronoberg


@pytest.mark.django_db
def test_the_command_prints_the_same_figures_as_the_admin(client, national_data, tmp_path):
    client.force_login(staff(NATIONAL_COORDINATORS))
    admin_csv = client.get(
        reverse("lms_stats") + f"?round={national_data.pk}&export=csv&table=municipality"
    ).content
    output = tmp_path / "kommuner.csv"
    call_command(
        "completion_stats",
        "--round",
        "stat-omgang",
        "--by",
        "municipality",
        "--format",
        "csv",
        "--output",
        str(output),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert output.read_bytes() == admin_csv


@pytest.mark.django_db
def test_the_dashboard_panel_gives_the_county_headline(client, national_data, monkeypatch):
    monkeypatch.setattr("lms.stats_panel.current_round", lambda today: national_data)
    client.force_login(staff(COUNTY_COORDINATORS, "14"))
    html = client.get("/admin/").content.decode()
    assert "Kursen i Västra Götalands län" in html
    assert "6 har slutfört kursen" in html
    assert "1 av 49 kommuner nådda" in html
