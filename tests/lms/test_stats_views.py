"""Statistics in the admin, exports, the public page and the command: one set of figures."""

import csv
import io
import re
from io import StringIO

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import COUNTY_COORDINATORS, NATIONAL_COORDINATORS, ensure_scheduling_groups
from lms.models import Completion
from lms.services import progress_complete
from regions.loader import load_reference_data
from regions.models import County, Municipality
from scheduling.models import Cohort, Enrolment
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
    monkeypatch.setattr("lms.stats.panel.current_round", lambda today: national_data)
    client.force_login(staff(COUNTY_COORDINATORS, "14"))
    html = client.get("/admin/").content.decode()
    assert "Kursen i Västra Götalands län" in html
    assert "6 har slutfört kursen" in html
    assert "1 av 49 kommuner nådda" in html


EVIL = '=HYPERLINK("http://evil.example/","Klicka")'


def _csv_cells(text):
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.django_db
def test_no_export_writes_a_stored_name_as_a_live_formula(client, national_data, tmp_path):
    """A cohort name stored before names were checked comes out as text in every export."""
    Cohort.objects.filter(name="Grupp 14").update(name=EVIL)  # bypasses the check at entry
    client.force_login(staff(NATIONAL_COORDINATORS))
    base = reverse("lms_stats") + f"?round={national_data.pk}"

    book = openpyxl.load_workbook(io.BytesIO(client.get(base + "&export=xlsx").content))
    cells = [cell for row in book["Per grupp"].iter_rows() for cell in row]
    assert "'" + EVIL in [cell.value for cell in cells]
    assert all(cell.data_type != "f" for cell in cells)
    admin_csv = client.get(base + "&export=csv&table=cohort").content.decode("utf-8-sig")
    assert "'" + EVIL in _csv_cells(admin_csv)

    stdout = StringIO()
    call_command(
        "completion_stats", "--round", "stat-omgang", "--by", "cohort", "--format", "csv",
        stdout=stdout, stderr=StringIO(),
    )  # fmt: skip
    output = tmp_path / "statistik.xlsx"
    call_command(
        "completion_stats", "--round", "stat-omgang", "--format", "xlsx", "--output", str(output),
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    command_cells = [
        cell for row in openpyxl.load_workbook(output)["Per grupp"].iter_rows() for cell in row
    ]
    for cells in (_csv_cells(stdout.getvalue()), [cell.value for cell in command_cells]):
        assert "'" + EVIL in cells
        assert not any(str(cell).startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


@pytest.mark.django_db
def test_statistics_open_on_the_latest_round_with_completions(client, national_data):
    """A round about to start has no figures; the pages open on the round with completions."""
    from datetime import date, timedelta

    from django.utils import timezone

    from lms.selectors import statistics_round

    today = timezone.localdate()
    upcoming = RoundFactory(
        course=national_data.course,
        slug="kommande",
        title="Kommande omgång",
        start_date=today + timedelta(days=14),
        end_date=today + timedelta(days=200),
    )
    older = RoundFactory(
        course=national_data.course,
        slug="aldre",
        title="Äldre omgång",
        start_date=date(2019, 1, 1),
        end_date=date(2019, 12, 31),
    )
    assert statistics_round(today=today) == national_data

    html = client.get(reverse("lms:rollout")).content.decode()
    chooser = html[html.index('<select name="omgang"') : html.index("</select>")]
    assert f'<option value="{national_data.slug}" selected>' in chooser
    for other in (upcoming, older):
        assert f'<option value="{other.slug}">{other.title}</option>' in chooser
    assert '<label for="id_omgang">Kursomgång</label>' in html
    assert "<td>6</td>" in html

    client.force_login(staff(NATIONAL_COORDINATORS))
    admin = client.get(reverse("lms_stats")).content.decode()
    assert f'<option value="{national_data.pk}" selected>' in admin


@pytest.mark.django_db
def test_before_any_completion_the_statistics_open_on_the_current_round(course_tree):
    from django.utils import timezone

    from lms.selectors import statistics_round
    from scheduling.selectors import current_round

    RoundFactory(course=course_tree["course"], slug="en")
    today = timezone.localdate()
    assert statistics_round(today=today) == current_round(today=today) is not None


@pytest.mark.django_db
def test_the_page_has_its_title_and_shows_the_coordinators_county(client, national_data):
    """The title and h1 say Statistik; the disabled county select shows the county it shows."""
    client.force_login(staff(COUNTY_COORDINATORS, "07"))
    html = client.get(reverse("lms_stats") + f"?round={national_data.pk}").content.decode()
    assert re.search(r"<title>\s*Statistik", html)
    assert re.search(r"<h1[^>]*>.*?Statistik\s*</h1>", html, re.S)
    select = re.search(r'<select name="county"[^>]*>(.*?)</select>', html, re.S)
    assert "disabled" in select.group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1)) == ["Kronobergs län"]
    assert "selected" in select.group(1)
    assert "Hela landet</option>" not in html


@pytest.mark.django_db
def test_module_table_reads_ja_nej_and_counts_from_one(client, national_data):
    client.force_login(staff(NATIONAL_COORDINATORS))
    html = client.get(reverse("lms_stats") + f"?round={national_data.pk}").content.decode()
    table = re.search(r"<caption>Påbörjat och klart per modul</caption>(.*?)</table>", html, re.S)
    body = table.group(1)
    assert "True" not in body and "False" not in body
    assert ">Ja<" in body or ">Nej<" in body
    positions = re.findall(r'<tr><th scope="row">(\d+)</th>', body)
    assert positions[0] == "1" and "0" not in positions
