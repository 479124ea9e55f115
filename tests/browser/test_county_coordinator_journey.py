"""A county coordinator's journeys in a real browser: cohort, trainer, import, attendance, figures.

Each of our own admin screens on the way is checked by axe, and each step asserts what the
coordinator sees: Swedish time, names rather than codes, an error summary that takes the focus.
"""

import io
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import (
    COUNTY_COORDINATORS,
    NATIONAL_COORDINATORS,
    TRAINERS,
    ensure_scheduling_groups,
)
from regions.loader import load_reference_data
from regions.models import County, Municipality
from scheduling.models import Cohort, Enrolment, InterestRegistration, Round, Session
from scheduling.rounds import ensure_real_round
from tests.browser.admin_login import log_in_to_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL, PASSWORD = "samordnare.kronoberg@example.com", "ett-bra-losenord-07"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def kronoberg_world(db):
    """Reference data, a running round with a Kronoberg cohort, trainers and other staff."""
    load_reference_data()
    groups = ensure_scheduling_groups()
    user_model = get_user_model()
    kronoberg, vg = County.objects.get(code="07"), County.objects.get(code="14")
    today = timezone.localdate()
    course_round = Round.objects.create(
        slug="pagaende",
        title="Pågående omgång",
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=300),
    )
    cohort = Cohort.objects.create(
        round=course_round, county=kronoberg, name="Kronoberg, grupp 1", capacity=16
    )
    first_day = today + timedelta(days=14)
    session = Session.objects.create(
        cohort=cohort,
        start=_local(first_day, 9),
        end=_local(first_day, 12),
        location="Länsstyrelsen, Växjö",
    )
    coordinator = user_model.objects.create_user(
        EMAIL, PASSWORD, is_staff=True, county=kronoberg, first_name="Karin", last_name="Samordnare"
    )
    coordinator.groups.add(groups[COUNTY_COORDINATORS])
    for email, first, county in [
        ("ledare.vg@example.com", "Vera", vg),
        ("ledare.kronoberg@example.com", "Kim", kronoberg),
    ]:
        trainer = user_model.objects.create_user(
            email, "x", is_staff=True, county=county, first_name=first, last_name="Kursledare"
        )
        trainer.groups.add(Group.objects.get(name=TRAINERS))
    user_model.objects.create_user(
        "nationell@example.com", "x", is_staff=True, first_name="Nina", last_name="Nationell"
    ).groups.add(groups[NATIONAL_COORDINATORS])
    user_model.objects.create_superuser("admin@example.com", "x", first_name="Adam")
    user_model.objects.create_user(
        "deltagare.malmo@example.com",
        "x",
        first_name="Maja",
        last_name="Malmö",
        municipality=Municipality.objects.get(code="1280"),
    )
    return {"round": course_round, "cohort": cohort, "session": session}


def _log_in(page, live_server, email=EMAIL, password=PASSWORD):
    log_in_to_admin(page, live_server, email, password)


def _workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _visible_h1(page, text):
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_count(1)
    expect(heading).to_contain_text(text)
    expect(heading).to_be_visible()
    box = heading.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 10, "the h1 is hidden"


def test_cohort_and_its_trainer(page, live_server, kronoberg_world, assert_accessible):
    """The cohort list, the edit form: trainers only, Kronoberg's first; no host as guest."""
    cohort = kronoberg_world["cohort"]
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/scheduling/cohort/?round={kronoberg_world['round'].pk}")
    expect(page.get_by_text("Antal grupper som matchar: 1")).to_be_visible()
    expect(page.get_by_text("Det finns")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/scheduling/cohort/edit/{cohort.pk}/")
    trainers = page.locator("select[name='trainers'] option")
    expect(trainers).to_have_text(
        ["Kim Kursledare (Kronobergs län)", "Vera Kursledare (Västra Götalands län)"]
    )
    guests = page.locator("select[name='guest_counties'] option")
    expect(guests).to_have_count(20)
    expect(guests.filter(has_text="Kronobergs län")).to_have_count(0)
    assert_accessible(page)

    page.locator("select[name='trainers']").select_option(label="Kim Kursledare (Kronobergs län)")
    page.get_by_role("button", name="Spara").first.click()
    expect(page.locator(".messages .success")).to_be_visible()
    assert list(cohort.trainers.values_list("email", flat=True)) == ["ledare.kronoberg@example.com"]


def test_import_from_excel_with_an_error_then_attendance(
    page, live_server, kronoberg_world, assert_accessible
):
    """A workbook with Swedish headers and a rejected row, the summary focused, then the fix."""
    cohort = kronoberg_world["cohort"]
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/scheduling/cohort/{cohort.pk}/deltagare/")
    _visible_h1(page, "Deltagare i Kronoberg, grupp 1")
    assert_accessible(page)

    header = ["E-post", "Namn", "Kommunkod"]
    bad = _workbook(
        [header, ["anna@example.com", "Anna Berg", 763], ["bo@example.com", "Bo Ek", 1280]]
    )
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(
        {"name": "deltagare.xlsx", "mimeType": XLSX, "buffer": bad}
    )
    page.get_by_role("button", name="Importera").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Filen lästes inte in")
    link = summary.get_by_role(
        "link", name="Rad 3: Malmö ligger inte i något av de län du anmäler för."
    )
    expect(link).to_be_visible()
    assert summary.bounding_box()["y"] < 400, "the summary is not at the top of the page"
    assert_accessible(page)
    link.click()
    expect(page.get_by_label("Fil (CSV eller Excel)")).to_be_focused()
    assert not Enrolment.objects.exists()

    good = _workbook([header, ["anna@example.com", "Anna Berg", 763]])
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(
        {"name": "deltagare.xlsx", "mimeType": XLSX, "buffer": good}
    )
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_text("Importen är klar: 1 fick plats")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="anna@example.com")).to_contain_text("Tingsryd")

    # The same person once more, by hand: one message, in the summary that has the focus.
    page.get_by_label("E-postadress").fill("anna@example.com")
    page.get_by_label("Namn").fill("Anna Berg")
    page.get_by_label("Kommun").select_option(label="Tingsryd")
    page.get_by_role("button", name="Anmäl", exact=True).click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.get_by_text("Anna Berg är redan anmäld till den här kursomgången.")).to_have_count(
        1
    )

    page.get_by_role("link", name="Närvaro").first.click()
    _visible_h1(page, "Närvaro")
    page.get_by_label("Anna Berg").check()
    page.get_by_role("button", name="Spara närvaron").click()
    expect(page.locator(".messages .success")).to_be_visible()
    assert_accessible(page)


def test_cancelling_a_session_names_it_in_swedish_time(
    page, live_server, kronoberg_world, assert_accessible
):
    session = kronoberg_world["session"]
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/scheduling/cohort/{session.cohort_id}/deltagare/")
    page.get_by_role("link", name="Ställ in").click()
    _visible_h1(page, "Ställ in träffen")
    expect(page.get_by_role("heading", level=1)).to_contain_text("09.00–12.00")
    assert "09.00" in page.title() and "08.00" not in page.title()
    facts = page.locator("main dl")
    expect(facts).to_contain_text("Kronoberg, grupp 1")
    expect(facts).to_contain_text("Länsstyrelsen, Växjö")
    assert_accessible(page)
    page.get_by_role("button", name="Ställ in träffen").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)


def test_interest_registrations_in_swedish_time_and_words(
    page, live_server, kronoberg_world, assert_accessible
):
    registration = InterestRegistration.objects.create(
        round=kronoberg_world["round"],
        municipality=Municipality.objects.get(code="0780"),
        contact_name="Kim i Växjö",
        contact_email="kim@example.com",
        strategists=2,
        preferred_term="2026-HT",
    )
    InterestRegistration.objects.filter(pk=registration.pk).update(
        created_at=_local(date(2026, 3, 2), 8).replace(minute=23)
    )
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/scheduling/interestregistration/")
    row = page.get_by_role("row").filter(has_text="Kim i Växjö")
    expect(row).to_contain_text("hösten 2026")
    expect(row).to_contain_text("08:23")
    assert_accessible(page)
    page.goto(f"{live_server.url}/admin/scheduling/interestregistration/inspect/{registration.pk}/")
    expect(page.get_by_text("hösten 2026")).to_be_visible()
    expect(page.get_by_text("2 mars 2026, 08.23")).to_be_visible()
    expect(page.get_by_text("2026-HT")).to_have_count(0)
    assert_accessible(page)


def test_the_round_plan_names_host_counties_and_weekdays(page, live_server, assert_accessible):
    """The national coordinator: the plan table says which county hosts, the round its days."""
    load_reference_data()
    groups = ensure_scheduling_groups()
    course_round = ensure_real_round()
    get_user_model().objects.create_user(
        "nationell@example.com", PASSWORD, is_staff=True
    ).groups.add(groups[NATIONAL_COORDINATORS])
    _log_in(page, live_server, "nationell@example.com")
    page.goto(f"{live_server.url}/admin/scheduling/round/{course_round.pk}/plan/")
    _visible_h1(page, "Plan för kursomgången")
    hosts = page.locator("table.listing tbody tr td:last-child")
    texts = hosts.all_inner_texts()
    assert texts and not any(text.strip().isdigit() for text in texts), texts
    assert any(text.endswith("län") for text in texts), texts
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/scheduling/round/edit/{course_round.pk}/")
    expect(page.get_by_label("tisdag")).to_be_checked()
    expect(page.get_by_label("måndag")).not_to_be_checked()
    expect(page.get_by_text("0 = måndag")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("måndag").check()
    page.get_by_role("button", name="Spara").first.click()
    expect(page.locator(".messages .success")).to_be_visible()
    course_round.refresh_from_db()
    assert course_round.weekdays == "0,1,2,3"


def test_statistics_for_the_coordinators_county(
    page, live_server, real_course, kronoberg_world, assert_accessible
):
    kronoberg_world["round"].course = real_course.course
    kronoberg_world["round"].save()
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/statistik/?round={kronoberg_world['round'].pk}")
    _visible_h1(page, "Statistik")
    assert page.title().startswith("Statistik")
    county = page.locator("select[name='county']")
    expect(county).to_be_disabled()
    expect(county.locator("option:checked")).to_have_text("Kronobergs län")
    modules = page.get_by_role("table", name="Påbörjat och klart per modul")
    expect(modules.locator("tbody tr").first.locator("th")).to_have_text("1")
    expect(modules).not_to_contain_text("True")
    expect(modules).not_to_contain_text("False")
    expect(modules).to_contain_text("Ja")
    main = page.locator("main").bounding_box()
    for table in page.locator(".stats-table-wrap table").all():
        assert table.bounding_box()["width"] > 0.8 * main["width"] - 100
    caption = modules.locator("caption")
    assert caption.evaluate("c => c.scrollWidth <= c.clientWidth + 1"), "the caption is cut"
    assert_accessible(page)


def test_ended_and_full_cohorts_say_so(page, live_server, kronoberg_world, assert_accessible):
    """A cohort of an ended round refuses enrolment; the public page says Avslutad and Fullt."""
    kronoberg = County.objects.get(code="07")
    ended_round = Round.objects.create(
        slug="slut",
        title="Avslutad omgång",
        start_date=date(2022, 1, 1),
        end_date=date(2022, 12, 1),
    )
    ended = Cohort.objects.create(
        round=ended_round, county=kronoberg, name="Kronoberg 2022", capacity=16
    )
    Session.objects.create(
        cohort=ended, start=_local(date(2022, 3, 1), 9), end=_local(date(2022, 3, 1), 12)
    )
    full = kronoberg_world["cohort"]
    full.capacity = 1
    full.save()
    Enrolment.objects.create(
        participant=get_user_model().objects.create_user(
            "p@example.com", "x", municipality=Municipality.objects.get(code="0780")
        ),
        cohort=full,
        round=full.round,
        status="enrolled",
    )
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/scheduling/cohort/{ended.pk}/deltagare/")
    expect(page.get_by_text("Gruppen tar inte emot fler anmälningar.")).to_be_visible()
    expect(page.get_by_role("button", name="Importera")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{live_server.url}/lan/07/")
    ended_card = page.locator("article").filter(has_text="Kronoberg 2022")
    expect(ended_card).to_contain_text("Avslutad")
    expect(ended_card).not_to_contain_text("Öppen för anmälan")
    full_card = page.locator("article").filter(has_text="Kronoberg, grupp 1")
    expect(full_card).to_contain_text("Fullt – reservlista")
    assert_accessible(page)


def test_the_dashboard_shows_the_countys_figures(
    page, live_server, kronoberg_world, assert_accessible
):
    """The coordinator's start page: this round's figures for Kronoberg, then the needs report."""
    _log_in(page, live_server)
    page.goto(live_server.url + "/admin/")
    figures = page.get_by_role("region", name="Kursen i Kronobergs län")
    expect(figures).to_contain_text("Pågående omgång")
    expect(figures).to_contain_text("antagna deltagare")
    assert_accessible(page)

    figures.get_by_role("link", name="Till statistiken").click()
    page.get_by_role("link", name="Behov i kommunerna").first.click()
    _visible_h1(page, "Behov i kommunerna")
    expect(page.get_by_text("Du ser Kronobergs län.")).to_be_visible()
    expect(page.get_by_role("table", name="Behov per län")).to_be_visible()
    assert_accessible(page)


def test_a_new_cohort_form_names_what_is_missing(
    page, live_server, kronoberg_world, assert_accessible
):
    _log_in(page, live_server)
    page.goto(live_server.url + "/admin/scheduling/cohort/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny: Grupp")
    assert_accessible(page)
    page.locator("main form [type=submit]").first.click()
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.locator("#id_name").fill("Kronoberg, grupp 2")
    page.locator("#id_round").select_option(label="Pågående omgång")
    # The coordinator's own county is the only choice, and chosen already.
    expect(page.locator("#id_county option")).to_have_count(1)
    expect(page.locator("#id_county option:checked")).to_have_text("Kronobergs län")
    page.locator("#id_capacity").fill("16")
    page.locator("main form [type=submit]").first.click()
    expect(page.locator(".messages .success")).to_be_visible()
    assert Cohort.objects.get(name="Kronoberg, grupp 2").county.code == "07"
