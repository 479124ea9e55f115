"""The public schedule pages: a county's cohorts and sessions, and the national overview."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from regions.loader import load_reference_data
from regions.models import County
from scheduling.models import CohortStatus, SessionStatus
from scheduling.selectors import Term, county_schedule, national_overview, terms_between
from tests.factories import CountyFactory, UserFactory
from tests.factories.scheduling import (
    CohortFactory,
    EnrolmentFactory,
    RoundFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

# The queries a public schedule page costs, whatever the number of cohorts and sessions.
COUNTY_PAGE_QUERIES = 4  # the county, its cohorts (with round and host), sessions, guest counties
OVERVIEW_PAGE_QUERIES = 4  # the rounds, cohorts with their first session, guest links, counties


def at(year, month, day, hour, minute=0):
    """An aware datetime in UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def text_of(response):
    """The page's visible text with runs of whitespace made single spaces."""
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


@pytest.fixture
def on_day(monkeypatch):
    """Make the schedule pages believe today is the given day (in Stockholm)."""

    def set_day(day):
        monkeypatch.setattr("scheduling.views.localdate", lambda: day)

    return set_day


@pytest.fixture
def stockholm_schedule():
    """Stockholm hosts a cohort shared with Uppsala and is a guest in one of Uppsala's."""
    stockholm = CountyFactory(
        code="01", name="Stockholms län", contact_email="kurs.stockholm@lansstyrelsen.example"
    )
    uppsala = CountyFactory(code="03", name="Uppsala län")
    sodermanland = CountyFactory(code="04", name="Södermanlands län")
    round_ = RoundFactory(title="Kursomgång 2022–2023")
    hosted = CohortFactory(
        round=round_, county=stockholm, name="Stockholm grupp 1", capacity=18,
        guest_counties=[uppsala],
    )  # fmt: skip
    joined = CohortFactory(
        round=round_, county=uppsala, name="Uppsala grupp 1", guest_counties=[stockholm],
        status=CohortStatus.PLANNED,
    )  # fmt: skip
    CohortFactory(round=round_, county=sodermanland, name="Södermanland grupp 1")
    SessionFactory(cohort=hosted, start=at(2022, 2, 1, 8), location="Ett gammalt rum")
    SessionFactory(
        cohort=hosted,
        start=at(2022, 3, 15, 8),
        end=at(2022, 3, 15, 11),
        location="Länsstyrelsen, Hantverkargatan 29",
    )
    SessionFactory(  # summer time: 07:00 UTC is 09.00 in Stockholm
        cohort=joined,
        start=at(2022, 4, 20, 7),
        end=at(2022, 4, 20, 10, 30),
        location="",
        online_url="https://mote.example/uppsala-1",
    )
    SessionFactory(
        cohort=joined,
        start=at(2022, 5, 10, 7),
        end=at(2022, 5, 10, 10),
        status=SessionStatus.CANCELLED,
        cancel_reason="Kursledaren är sjuk",
    )
    return {"county": stockholm, "hosted": hosted, "joined": joined}


def test_county_page_shows_hosted_and_guest_cohorts_in_stockholm_time(
    client, on_day, stockholm_schedule
):
    on_day(date(2022, 3, 1))
    response = client.get(reverse("scheduling:county_detail", args=["01"]))

    assert response.status_code == 200
    html, text = response.content.decode(), text_of(response)
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["Stockholms län"]
    assert "<title>Stockholms län – " in html
    assert "Kursomgång 2022–2023" in text
    assert "Stockholm grupp 1 Värdlän Stockholms län Tillsammans med Uppsala län" in text
    assert "Platser 18 Status Öppen för anmälan" in text
    assert "Uppsala grupp 1 Värdlän Uppsala län Tillsammans med Stockholms län" not in text
    assert "Uppsala grupp 1 Värdlän Uppsala län Platser 20 Status Planerad" in text
    assert "tisdag 15 mars 2022, 09.00–12.00 Länsstyrelsen, Hantverkargatan 29" in text
    assert "onsdag 20 april 2022, 09.00–12.30 Digital träff" in text
    assert "tisdag 10 maj 2022, 09.00–12.00" in text
    assert "Inställd: Kursledaren är sjuk" in text
    assert "mote.example" not in html  # the meeting link is for participants only
    assert "Södermanland grupp 1" not in text
    assert reverse("scheduling:interest_register") in html
    assert 'href="mailto:kurs.stockholm@lansstyrelsen.example"' in html


def test_county_page_hides_past_sessions(client, on_day, stockholm_schedule):
    on_day(date(2022, 3, 1))
    assert "Ett gammalt rum" not in text_of(client.get("/lan/01/"))

    on_day(date(2022, 3, 16))
    text = text_of(client.get("/lan/01/"))
    assert "15 mars 2022" not in text
    assert "Stockholm grupp 1" in text
    assert "Gruppen har inga fler planerade träffar." in text
    assert "20 april 2022" in text


def test_a_session_later_today_is_still_shown(client, on_day, stockholm_schedule):
    on_day(date(2022, 3, 15))
    assert "tisdag 15 mars 2022, 09.00–12.00" in text_of(client.get("/lan/01/"))


@pytest.mark.parametrize("code", ["99", "1", "stockholm"])
def test_unknown_county_is_404(client, code, stockholm_schedule):
    assert client.get(f"/lan/{code}/").status_code == 404


def test_county_page_has_no_personal_data(client, on_day, stockholm_schedule):
    hosted = stockholm_schedule["hosted"]
    EnrolmentFactory(
        cohort=hosted,
        participant__email="deltagare.hemlig@kommun.example",
        participant__first_name="Hemlig",
        participant__last_name="Deltagarsson",
    )
    EnrolmentFactory(cohort=stockholm_schedule["joined"], participant__email="annan@kommun.example")
    hosted.trainers.add(
        UserFactory(email="kursledare@lansstyrelsen.example", first_name="Kim", last_name="Ledare")
    )
    on_day(date(2022, 3, 1))

    html = client.get("/lan/01/").content.decode()

    assert "Stockholm grupp 1" in html
    for private in ["deltagare.hemlig", "Deltagarsson", "annan@kommun", "kursledare@", "Ledare"]:
        assert private not in html
    assert set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", html)) == {
        "kurs.stockholm@lansstyrelsen.example"
    }


def test_county_without_cohorts_says_so(client):
    CountyFactory(code="25", name="Norrbottens län")
    text = text_of(client.get("/lan/25/"))
    assert "Länet har inga kursgrupper ännu." in text


def _county_with_cohorts(count):
    """A county hosting `count` cohorts (every other one shared), each with 3 future sessions."""
    county = CountyFactory(code="05", name="Östergötlands län")
    guests = [CountyFactory(code="06"), CountyFactory(code="08")]
    round_ = RoundFactory()
    for number in range(count):
        cohort = CohortFactory(
            round=round_, county=county, guest_counties=guests if number % 2 else []
        )
        for week in range(3):
            SessionFactory(cohort=cohort, start=at(2022, 9, 6, 7) + timedelta(weeks=week))
    return county


@pytest.mark.parametrize("cohorts", [1, 10])
def test_county_page_query_count_is_constant(client, on_day, django_assert_num_queries, cohorts):
    _county_with_cohorts(cohorts)
    on_day(date(2022, 8, 1))

    with django_assert_num_queries(COUNTY_PAGE_QUERIES):
        response = client.get("/lan/05/")

    assert response.content.decode().count('class="session"') == 3 * cohorts


@pytest.mark.parametrize("cohorts", [1, 10])
def test_county_schedule_selector_query_count_is_constant(django_assert_num_queries, cohorts):
    county = _county_with_cohorts(cohorts)
    with django_assert_num_queries(COUNTY_PAGE_QUERIES - 1):
        schedule = county_schedule(county, today=date(2022, 8, 1))
        sessions = [s for r in schedule.rounds for c in r.cohorts for s in c.sessions]
        partners = [p for r in schedule.rounds for c in r.cohorts for p in c.partners]
    assert len(sessions) == 3 * cohorts
    assert len(partners) == 2 * (cohorts // 2)


def test_county_schedule_groups_by_round_and_orders_sessions(stockholm_schedule):
    county = stockholm_schedule["county"]
    later = RoundFactory(
        title="Kursomgång 2024", start_date=date(2024, 1, 1), end_date=date(2024, 12, 31)
    )
    cohort = CohortFactory(round=later, county=county, name="Stockholm 2024")
    second = SessionFactory(cohort=cohort, start=at(2024, 3, 5, 8))
    first = SessionFactory(cohort=cohort, start=at(2024, 2, 6, 8))

    schedule = county_schedule(county, today=date(2022, 1, 1))

    assert [entry.round.title for entry in schedule.rounds] == [
        "Kursomgång 2022–2023",
        "Kursomgång 2024",
    ]
    first_round = schedule.rounds[0]
    assert [(c.cohort.name, c.is_host) for c in first_round.cohorts] == [
        ("Stockholm grupp 1", True),
        ("Uppsala grupp 1", False),
    ]
    hosted, joined = first_round.cohorts
    assert [county.name for county in hosted.partners] == ["Uppsala län"]
    assert (joined.host.name, joined.partners, joined.is_shared) == ("Uppsala län", [], True)
    assert schedule.rounds[1].cohorts[0].sessions == [first, second]


def test_terms_of_a_period():
    terms = terms_between(date(2022, 1, 1), date(2023, 12, 31))
    assert [term.code for term in terms] == ["2022-VT", "2022-HT", "2023-VT", "2023-HT"]
    assert [term.short for term in terms] == ["VT 2022", "HT 2022", "VT 2023", "HT 2023"]
    assert terms[1].label == "Hösten 2022"
    assert Term.of(date(2022, 6, 30)).code == "2022-VT"
    assert Term.of(date(2022, 7, 1)).code == "2022-HT"
    assert Term.from_code("2023-HT") == terms[3]
    with pytest.raises(ValueError):
        Term.from_code("2023-XT")


@pytest.fixture
def overview_data():
    """All 21 counties; cohorts in Västra Götaland and Kronoberg, one shared between them."""
    load_reference_data()
    vg, kronoberg, stockholm = (County.objects.get(code=code) for code in ["14", "07", "01"])
    round_ = RoundFactory(start_date=date(2022, 1, 1), end_date=date(2023, 12, 31))

    def cohort(county, *starts, guests=(), **kwargs):
        made = CohortFactory(round=round_, county=county, guest_counties=list(guests), **kwargs)
        for start in starts:
            SessionFactory(cohort=made, start=start)
        return made

    cohort(vg, at(2022, 2, 8, 8), at(2022, 9, 6, 8))  # VT 2022: counted by its first session
    cohort(vg, at(2022, 3, 8, 8))  # VT 2022
    cohort(vg, at(2022, 6, 30, 22, 30))  # 1 July 00.30 in Stockholm: HT 2022
    cohort(kronoberg, at(2022, 2, 9, 8), guests=[vg])  # VT 2022 for both counties
    cohort(kronoberg, at(2023, 2, 9, 8), status=CohortStatus.CANCELLED)  # not counted
    cohort(stockholm)  # no sessions yet: not counted
    cohort(stockholm, at(2023, 9, 5, 8))  # HT 2023
    return round_


def test_national_overview_counts_cohorts_per_county_and_term(overview_data):
    overview = national_overview()

    assert [term.short for term in overview.terms] == ["VT 2022", "HT 2022", "VT 2023", "HT 2023"]
    counts = {row.county.code: row.counts for row in overview.rows}
    assert len(counts) == 21
    assert counts["14"] == [3, 1, 0, 0]
    assert counts["07"] == [1, 0, 0, 0]
    assert counts["01"] == [0, 0, 0, 1]
    assert counts["25"] == [0, 0, 0, 0]
    assert national_overview(round=overview_data).terms == overview.terms
    assert national_overview(round=RoundFactory()).rows[0].counts == [0, 0, 0, 0]


def test_national_overview_page(client, overview_data):
    response = client.get(reverse("scheduling:county_list"))

    assert response.status_code == 200
    html, text = response.content.decode(), text_of(response)
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["Kursgrupper i länen"]
    assert "<caption" in html
    assert len(re.findall(r'<th scope="row">', html)) == 21
    assert len(re.findall(r'<th scope="col"', html)) == 5
    assert "Västra Götalands län pilotlän 3 1 – inga grupper – inga grupper" in text
    assert "Kronobergs län pilotlän 1 – inga grupper" in text
    assert "Stockholms län – inga grupper – inga grupper – inga grupper 1" in text
    assert '<a href="/lan/14/">Västra Götalands län</a>' in html


@pytest.mark.parametrize("cohorts", [1, 10])
def test_national_overview_query_count_is_constant(client, django_assert_num_queries, cohorts):
    load_reference_data()
    round_ = RoundFactory()
    counties = list(County.objects.order_by("code"))
    for number in range(cohorts):
        cohort = CohortFactory(
            round=round_, county=counties[number], guest_counties=[counties[number + 1]]
        )
        for week in range(3):
            SessionFactory(cohort=cohort, start=at(2022, 9, 6, 7) + timedelta(weeks=week))

    with django_assert_num_queries(OVERVIEW_PAGE_QUERIES):
        response = client.get("/lan/")

    assert response.status_code == 200
    with django_assert_num_queries(OVERVIEW_PAGE_QUERIES - 1):
        overview = national_overview(round=round_)
    assert sum(row.total for row in overview.rows) == 2 * cohorts
