"""Calendar feeds over HTTP: content, caching (ETag, 304), tokens, and no personal data."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from calendars.models import CalendarToken
from calendars.services import calendar_token_for, calendar_token_rotate
from scheduling.services import (
    enrolment_create,
    session_cancel,
    session_reschedule,
)
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import CohortFactory, SessionFactory


def events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def kronoberg(db):
    county = CountyFactory(code="07", name="Kronobergs län")
    MunicipalityFactory(county=county, code="0780", name="Växjö")
    return county


@pytest.fixture
def cohort(kronoberg):
    cohort = CohortFactory(county=kronoberg, name="Kronobergs län, grupp 1", capacity=5)
    for week in range(3):
        start = datetime(2030, 3, 5, 8, tzinfo=UTC) + timedelta(weeks=4 * week)
        SessionFactory(cohort=cohort, start=start, end=start + timedelta(hours=3), sort_order=week)
    return cohort


@pytest.fixture
def participant(kronoberg, cohort):
    person = UserFactory(email="sara@example.com", municipality=kronoberg.municipalities.get())
    enrolment_create(participant=person, cohort=cohort)
    return person


def county_url(county):
    return reverse("scheduling:county_feed", kwargs={"county_code": county.code})


@pytest.mark.django_db
def test_county_feed_headers_and_body(client, cohort, participant):
    response = client.get(county_url(cohort.county), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Encoding" not in response
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert not response.cookies
    body = response.content.decode()
    assert "ATTENDEE" not in body and "METHOD" not in body
    assert "sara@example.com" not in body and "Testsson" not in body
    assert len(events(response)) == 3
    assert "X-WR-CALNAME:Kursträffar i Kronobergs län" in body


@pytest.mark.django_db
def test_unchanged_feed_answers_304_and_a_change_gives_a_new_etag(client, cohort):
    url = county_url(cohort.county)
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    session = cohort.sessions.first()
    session_reschedule(
        session=session,
        start=session.start + timedelta(hours=1),
        end=session.end + timedelta(hours=1),
    )
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    cohort.name = "Nytt namn"
    cohort.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200


@pytest.mark.django_db
def test_shared_cohorts_belong_to_both_counties_feeds(client, cohort):
    gotland = CountyFactory(code="09", name="Gotlands län")
    shared = CohortFactory(county=cohort.county, guest_counties=[gotland], name="Delad grupp")
    SessionFactory(cohort=shared)
    assert len(events(client.get(county_url(gotland)))) == 1
    assert len(events(client.get(county_url(cohort.county)))) == 4


@pytest.mark.django_db
def test_uids_stay_and_sequence_rises_after_changes(client, cohort):
    url = county_url(cohort.county)
    before = events(client.get(url))
    first, second = cohort.sessions.order_by("start")[:2]
    session_reschedule(
        session=first,
        start=first.start + timedelta(days=1),
        end=first.end + timedelta(days=1),
        location="Växjö",
    )
    session_cancel(session=second, reason="Sjukdom")
    after = events(client.get(url))
    assert set(after) == set(before)
    uid_first = f"{first.uid}@kurs.lansstyrelsen.se"
    uid_second = f"{second.uid}@kurs.lansstyrelsen.se"
    assert after[uid_first]["SEQUENCE"] > before[uid_first]["SEQUENCE"]
    assert str(after[uid_first]["LOCATION"]) == "Växjö"
    assert str(after[uid_second]["STATUS"]) == "CANCELLED"
    assert str(after[uid_second]["SUMMARY"]).startswith("Inställd: ")
    assert after[uid_second]["SEQUENCE"] == before[uid_second]["SEQUENCE"] + 1


@pytest.mark.django_db
def test_cancelled_session_leaves_the_feed_30_days_after_its_date(client, cohort, monkeypatch):
    session = cohort.sessions.order_by("start").first()
    session_cancel(session=session, reason="Snöstorm")
    uid = f"{session.uid}@kurs.lansstyrelsen.se"
    url = county_url(cohort.county)
    assert uid in events(client.get(url))
    later = session.end + timedelta(days=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert uid not in events(client.get(url))


@pytest.mark.django_db
def test_personal_feed_by_token_only_own_sessions_and_records_fetches(client, cohort, participant):
    other = CohortFactory(county=cohort.county, round=cohort.round, name="Annan grupp")
    SessionFactory(cohort=other)
    token = calendar_token_for(participant=participant)
    assert len(token.token) >= 43  # 256 bits, URL-safe base64
    url = reverse("scheduling:personal_feed", kwargs={"token": token.token})
    response = client.get(url)
    assert response.status_code == 200 and len(events(response)) == 3
    assert "sara@example.com" not in response.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    token.refresh_from_db()
    assert token.fetch_count == 2 and token.last_fetched_at is not None


@pytest.mark.django_db
def test_rotating_the_token_kills_the_old_url_at_once(client, participant):
    old = calendar_token_for(participant=participant).token
    new = calendar_token_rotate(participant=participant).token
    assert new != old
    assert client.get(reverse("scheduling:personal_feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("scheduling:personal_feed", kwargs={"token": new})).status_code == 200


@pytest.mark.django_db
def test_rotation_from_the_participants_page(client, participant):
    client.force_login(participant)
    page = client.get(reverse("scheduling:my_calendar")).content.decode()
    old = CalendarToken.objects.get(participant=participant).token
    assert f"webcal://testserver/kalender/{old}.ics" in page
    assert (
        "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver%2Fkalender%2F" in page
    )
    assert client.post(reverse("scheduling:my_calendar_rotate")).status_code == 302
    assert CalendarToken.objects.get(participant=participant).token != old
    assert client.get(reverse("scheduling:my_calendar_rotate")).status_code == 405


@pytest.mark.django_db
def test_my_calendar_requires_login(client, db):
    response = client.get(reverse("scheduling:my_calendar"))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


@pytest.mark.django_db
def test_cohort_feed_and_single_session_download(client, cohort):
    response = client.get(reverse("scheduling:cohort_feed", kwargs={"cohort_id": cohort.pk}))
    assert len(events(response)) == 3
    session = cohort.sessions.first()
    single = client.get(reverse("scheduling:session_ics", kwargs={"uid": session.uid}))
    assert list(events(single)) == [f"{session.uid}@kurs.lansstyrelsen.se"]
    assert client.get("/lan/99/kalender.ics").status_code == 404


@pytest.mark.django_db
def test_county_page_offers_the_feed_three_ways(client, cohort):
    page = client.get(
        reverse("scheduling:county_detail", kwargs={"county_code": "07"})
    ).content.decode()
    assert 'href="webcal://testserver/lan/07/kalender.ics"' in page
    assert (
        "calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver%2Flan%2F07%2Fkalender.ics"
        in page
    )
    assert 'value="http://testserver/lan/07/kalender.ics"' in page
    assert reverse("scheduling:session_ics", kwargs={"uid": cohort.sessions.first().uid}) in page


@pytest.mark.django_db
def test_feed_query_count_does_not_grow_with_sessions(client, kronoberg):
    """A full render and a 304 each cost the same queries for 3 sessions as for 30."""
    counts = []
    for cohorts in (1, 10):
        while kronoberg.cohorts.count() < cohorts:
            new = CohortFactory(county=kronoberg)
            for _ in range(3):
                SessionFactory(cohort=new)
        with CaptureQueriesContext(connection) as full:
            response = client.get(county_url(kronoberg))
        with CaptureQueriesContext(connection) as conditional:
            assert (
                client.get(county_url(kronoberg), HTTP_IF_NONE_MATCH=response["ETag"]).status_code
                == 304
            )
        counts.append((len(full), len(conditional)))
    assert counts[0] == counts[1] == (4, 2), counts
