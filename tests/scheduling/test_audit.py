"""The audit log: who created, changed or cancelled cohorts, sessions, enrolments, attendance."""

from datetime import timedelta

import pytest
from wagtail.models import ModelLogEntry

from accounts.roles import COUNTY_COORDINATORS, NATIONAL_COORDINATORS
from lms.services import attendance_record
from regions.loader import load_reference_data
from scheduling.models import EnrolmentStatus, Session
from scheduling.rollout import round_plan
from scheduling.rounds import ensure_real_round
from scheduling.services import (
    enrolment_cancel,
    enrolment_create,
    enrolments_import_csv,
    plan_publish,
    session_cancel,
    session_reschedule,
)
from tests.factories import UserFactory
from tests.factories.scheduling import CohortFactory, SessionFactory
from tests.factories.users import staff_member as staff

QUERIES = 15  # the cohort history page, whatever the number of entries


@pytest.fixture
def cohort(counties):
    """A Västra Götaland cohort of one place, which Kronoberg joins as a guest."""
    cohort = CohortFactory(
        county=counties["14"],
        name="Delad grupp",
        capacity=1,
        guest_counties=[counties["07"]],
        round__running=True,
    )
    SessionFactory(cohort=cohort)
    return cohort


@pytest.fixture
def coordinator(counties):
    return staff(COUNTY_COORDINATORS, counties["14"])


def person(county, email):
    return UserFactory(
        email=email,
        first_name="Sara",
        last_name="Strateg",
        municipality=county.municipalities.get(),
    )


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action))


def assert_one_entry(action, user, instance, cohort):
    (entry,) = entries(action)
    assert entry.user == user
    assert entry.timestamp is not None
    assert entry.object_id == str(instance.pk)
    assert entry.data["cohort"] == cohort.pk
    return entry


def test_enrolling_cancelling_and_moving_up_each_write_one_entry(cohort, coordinator, counties):
    sara = person(counties["14"], "sara@example.com")
    kim = person(counties["07"], "kim@example.com")
    first = enrolment_create(participant=sara, cohort=cohort, by=coordinator)
    second = enrolment_create(participant=kim, cohort=cohort, by=coordinator)
    assert second.status == EnrolmentStatus.WAITLISTED
    assert len(entries("scheduling.enrolment.create")) == 2

    enrolment_cancel(enrolment=first, by=coordinator)

    assert_one_entry("scheduling.enrolment.cancel", coordinator, first, cohort)
    promoted = assert_one_entry("scheduling.enrolment.promote", coordinator, second, cohort)
    assert promoted.data["county"] == counties["07"].pk
    assert promoted.data["status"] == EnrolmentStatus.ENROLLED


def test_entries_hold_no_names_or_email_addresses(cohort, coordinator, counties):
    sara = person(counties["14"], "sara@example.com")
    enrolment = enrolment_create(participant=sara, cohort=cohort, by=coordinator)
    enrolment_cancel(enrolment=enrolment, by=coordinator)
    session = cohort.sessions.get()
    attendance_record(session=session, attended_ids=[], recorded_by=coordinator)
    for entry in ModelLogEntry.objects.all():
        text = f"{entry.label} {entry.data}"
        assert "Sara" not in text and "Strateg" not in text and "sara@" not in text, text


def test_session_changes_write_one_entry_each(cohort, coordinator):
    session = cohort.sessions.get()
    later = session.start + timedelta(days=7)
    session_reschedule(session=session, start=later, end=later + timedelta(hours=3), by=coordinator)
    assert_one_entry("scheduling.session.reschedule", coordinator, session, cohort)
    session_cancel(session=session, reason="Sjukdom", by=coordinator)
    entry = assert_one_entry("scheduling.session.cancel", coordinator, session, cohort)
    assert "Sjukdom" not in str(entry.data)
    session_cancel(session=session, reason="Igen", by=coordinator)
    assert len(entries("scheduling.session.cancel")) == 1


def test_attendance_is_logged_once_per_recording_with_counts(cohort, coordinator, counties):
    sara = person(counties["14"], "sara@example.com")
    enrolment_create(participant=sara, cohort=cohort)
    session = cohort.sessions.get()
    attendance_record(session=session, attended_ids=[sara.pk], recorded_by=coordinator)
    entry = assert_one_entry("lms.attendance.record", coordinator, session, cohort)
    assert (entry.data["present"], entry.data["absent"]) == (1, 0)


def test_a_csv_import_logs_each_enrolment_as_the_importers(cohort, coordinator):
    enrolments_import_csv(
        cohort=cohort,
        text="email,name,municipality_code\nny@example.com,Ny Person,1480\n",
        by=coordinator,
    )
    (entry,) = entries("scheduling.enrolment.create")
    assert entry.user == coordinator
    assert "ny@example.com" not in f"{entry.label} {entry.data}"


def test_publishing_a_plan_logs_each_cohort(db):
    load_reference_data()
    course_round = ensure_real_round()
    national = staff(NATIONAL_COORDINATORS)
    cohorts = plan_publish(round=course_round, plan=round_plan(course_round), by=national)
    published = entries("scheduling.cohort.publish")
    assert len(published) == len(cohorts) > 0
    assert {entry.user for entry in published} == {national}


def test_cohort_create_and_edit_in_the_admin_are_logged(client, cohort, coordinator):
    client.force_login(coordinator)
    session = cohort.sessions.get()
    start = session.start.astimezone() + timedelta(days=1)
    data = {
        "name": cohort.name,
        "round": cohort.round_id,
        "county": cohort.county_id,
        "guest_counties": [c.pk for c in cohort.guest_counties.all()],
        "capacity": cohort.capacity,
        "status": "cancelled",
        "cancel_reason": "För få anmälda",
        "sessions-TOTAL_FORMS": 2,
        "sessions-INITIAL_FORMS": 1,
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 1000,
        "sessions-0-id": session.pk,
        "sessions-0-start": start.strftime("%Y-%m-%d %H:%M"),
        "sessions-0-end": (start + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
        "sessions-0-location": "Ny plats",
        "sessions-0-online_url": "",
        "sessions-0-ORDER": 1,
        "sessions-1-id": "",
        "sessions-1-start": (start + timedelta(days=28)).strftime("%Y-%m-%d %H:%M"),
        "sessions-1-end": (start + timedelta(days=28, hours=3)).strftime("%Y-%m-%d %H:%M"),
        "sessions-1-location": "Göteborg",
        "sessions-1-online_url": "",
        "sessions-1-ORDER": 2,
    }
    response = client.post(f"/admin/scheduling/cohort/edit/{cohort.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]

    (edit,) = entries("scheduling.cohort.update")
    assert (edit.user, edit.object_id) == (coordinator, str(cohort.pk))
    assert_one_entry("scheduling.cohort.cancel", coordinator, cohort, cohort)
    assert_one_entry("scheduling.session.reschedule", coordinator, session, cohort)
    added = Session.objects.exclude(pk=session.pk).get()
    assert_one_entry("scheduling.session.create", coordinator, added, cohort)


def history(client, cohort):
    return client.get(f"/admin/scheduling/cohort/history/{cohort.pk}/")


def test_the_cohort_history_shows_its_sessions_and_enrolments(
    client, cohort, coordinator, counties
):
    enrolment_create(
        participant=person(counties["14"], "a@example.com"), cohort=cohort, by=coordinator
    )
    session_cancel(session=cohort.sessions.get(), reason="Sjukdom", by=coordinator)
    client.force_login(coordinator)
    html = history(client, cohort).content.decode()
    assert "Träff inställd: Delad grupp" in html
    assert "Anmälan: Delad grupp" in html


def test_a_guest_county_sees_only_its_own_countys_entries(client, cohort, coordinator, counties):
    enrolment_create(
        participant=person(counties["14"], "a@example.com"), cohort=cohort, by=coordinator
    )
    enrolment_create(
        participant=person(counties["07"], "b@example.com"), cohort=cohort, by=coordinator
    )
    guest = staff(COUNTY_COORDINATORS, counties["07"])
    client.force_login(guest)
    html = history(client, cohort).content.decode()
    assert html.count("Anmälan: Delad grupp") == 1
    assert "(På reservlistan)" in html and "(Antagen)" not in html


def test_another_countys_coordinator_cannot_open_the_history(client, counties, coordinator):
    other = CohortFactory(county=counties["07"], name="Kronoberg grupp")
    session_cancel(session=SessionFactory(cohort=other), reason="x", by=None)
    client.force_login(coordinator)
    assert history(client, other).status_code == 404


def test_site_history_is_refused_to_county_staff_and_open_to_national(
    client, counties, coordinator
):
    client.force_login(coordinator)
    # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
    for path in ("/admin/reports/site-history/", "/admin/reports/site-history/results/"):
        response = client.get(path)
        assert (response.status_code, response.url) == (302, "/admin/")
    client.force_login(staff(NATIONAL_COORDINATORS))
    assert client.get("/admin/reports/site-history/").status_code == 200


def test_the_history_costs_the_same_queries_for_few_and_many_entries(
    client, cohort, coordinator, counties, django_assert_num_queries
):
    client.force_login(coordinator)
    session = cohort.sessions.get()
    session_cancel(session=session, reason="x", by=coordinator)
    history(client, cohort)
    with django_assert_num_queries(QUERIES):
        history(client, cohort)
    for _number in range(10):
        attendance_record(session=session, attended_ids=[], recorded_by=coordinator)
    with django_assert_num_queries(QUERIES):
        assert history(client, cohort).status_code == 200
