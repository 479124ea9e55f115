"""The participant's export: everything held about them, only theirs, in constant queries."""

import json
from datetime import UTC, datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime
from wagtail.log_actions import log
from wagtail.users.models import UserProfile

from calendars.models import CalendarToken
from calendars.services import mail_queue
from lms.models import Attendance, Completion, ModuleProgress, Reflection
from lms.privacy import personal_data_export
from scheduling.services import enrolment_create
from tests.factories import ModulePageFactory, UserFactory
from tests.factories.scheduling import InterestRegistrationFactory

QUERIES = 22


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def add_login_records(email, *, ip_address="192.0.2.10"):
    """A failed login, the lockout count it leaves, then a login and logout, as django-axes logs."""
    common = {
        "username": email,
        "ip_address": ip_address,
        "user_agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/128.0",
        "http_accept": "text/html",
        "path_info": "/konto/logga-in/",
    }
    failure = AccessFailureLog.objects.create(**common)
    attempt = AccessAttempt.objects.create(
        **common, get_data="", post_data="username=" + email, failures_since_start=1
    )
    login = AccessLog.objects.create(**common, logout_time=at(2022, 3, 1, 12))
    AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=at(2022, 3, 1, 9))
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=at(2022, 3, 1, 9, 30))
    AccessLog.objects.filter(pk=login.pk).update(attempt_time=at(2022, 3, 1, 10))


def add_records(person, cohort, modules, *, number=0):
    """Progress, a reflection, attendance, an interest registration and a log entry."""
    session = cohort.sessions.order_by("start")[0]
    for module in modules:
        ModuleProgress.objects.create(
            participant=person, module=module, started_at=at(2022, 3, 2), completed_at=None
        )
    Reflection.objects.create(
        participant=person,
        module=modules[0],
        block_id=f"fraga-{number}",
        question="Vad driver förändring i din kommun?",
        answer="Politisk vilja och ärlighet – även i Åmål.",
    )
    Attendance.objects.update_or_create(
        session=session,
        participant=person,
        defaults={"attended": True, "recorded_at": at(2022, 3, 10)},
    )
    InterestRegistrationFactory(
        round=cohort.round,
        municipality=person.municipality,
        contact_name="Sara Strateg",
        contact_email=person.email.upper(),
        message="Vi vill gärna vara med.",
    )
    log(instance=cohort, action="wagtail.edit", user=person)


@pytest.fixture
def rich(participant, cohort, modules):
    """Sara with a record of every kind, and someone else's records beside them."""
    participant.job_title = "Hållbarhetsstrateg"
    participant.save()
    add_records(participant, cohort, modules)
    Completion.objects.create(
        participant=participant,
        round=cohort.round,
        completed_at=at(2022, 5, 1, 10),
        verification_code="K7QM-2XHP-9DTA",
    )
    CalendarToken.objects.create(participant=participant, fetch_count=3)
    UserProfile.objects.create(user=participant, preferred_language="sv")
    other = UserFactory(email="annan@example.com", municipality=participant.municipality)
    enrolment_create(participant=other, cohort=cohort)
    add_records(other, cohort, modules, number=1)
    add_login_records("Sara@Example.com")
    add_login_records("annan@example.com", ip_address="198.51.100.7")
    mail_queue(to="Sara@Example.com", subject="Välkommen", text="Hej Sara, välkommen!")
    mail_queue(to=other.email, subject="Välkommen", text="Hej, välkommen!")
    return participant


@pytest.mark.django_db
def test_the_export_holds_every_kind_of_record(rich, cohort, modules):
    data = personal_data_export(rich)

    assert (data["format"], data["version"]) == ("kursplattform-personuppgifter", 3)
    assert data["profile"] | {"date_joined": None} == {
        "id": rich.pk,
        "email": "sara@example.com",
        "first_name": "Sara",
        "last_name": rich.last_name,
        "job_title": "Hållbarhetsstrateg",
        "municipality": "Växjö",
        "municipality_code": "0780",
        "county": None,
        "county_code": None,
        "is_active": True,
        "date_joined": None,
        "last_login": None,
        "erased_at": None,
    }
    assert data["admin_profile"]["preferred_language"] == "sv"
    assert data["admin_profile"]["has_avatar"] is False
    [enrolment] = data["enrolments"]
    assert enrolment["cohort"] == "Grupp 1"
    assert (enrolment["status"], enrolment["waitlisted"]) == ("enrolled", False)
    assert data["attendance"] == [
        {
            "cohort": "Grupp 1",
            "session_start": localtime(cohort.sessions.order_by("start")[0].start).isoformat(),
            "attended": True,
            "recorded_at": "2022-03-10T01:00:00+01:00",
        }
    ]
    assert [row["module"] for row in data["module_progress"]] == [m.title for m in modules]
    assert data["reflections"][0]["question"] == "Vad driver förändring i din kommun?"
    assert data["reflections"][0]["answer"] == "Politisk vilja och ärlighet – även i Åmål."
    assert data["completions"][0]["verification_code"] == "K7QM-2XHP-9DTA"
    assert data["completions"][0]["completed_at"] == "2022-05-01T12:00:00+02:00"
    token = data["calendar_token"]
    assert (token["token"], token["fetch_count"]) == (rich.calendar_token.token, 3)
    [interest] = data["interest_registrations"]
    assert interest["contact_email"] == "SARA@EXAMPLE.COM"
    assert interest["message"] == "Vi vill gärna vara med."
    assert interest["confirmed_at"] is not None
    assert (interest["wants_course"], interest["wants_guide"]) == (False, False)
    sessions = cohort.sessions.order_by("start")
    assert sorted(
        (row["source"], row["event_start"], row["method"], row["status"])
        for row in data["invitations"]
    ) == [
        ("scheduling.session", localtime(session.start).isoformat(), "REQUEST", "pending")
        for session in sessions
    ]
    assert all(cohort.name in row["event"] for row in data["invitations"])
    [email] = data["emails"]
    assert (email["to_email"], email["subject"], email["text"]) == (
        "Sara@Example.com",
        "Välkommen",
        "Hej Sara, välkommen!",
    )
    assert [(row["action"], row["object"]) for row in data["admin_log"]] == [
        ("wagtail.edit", "Grupp 1")
    ]
    assert data["login_records"] == [
        {
            "kind": kind,
            "time": time,
            "logout_time": logout_time,
            "ip_address": "192.0.2.10",
            "user_agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/128.0",
            "path": "/konto/logga-in/",
        }
        for kind, time, logout_time in [
            ("failure", "2022-03-01T10:00:00+01:00", None),
            ("lockout_count", "2022-03-01T10:30:00+01:00", None),
            ("login", "2022-03-01T11:00:00+01:00", "2022-03-01T13:00:00+01:00"),
        ]
    ]


@pytest.mark.django_db
def test_the_export_holds_nobody_elses_data(rich):
    text = json.dumps(personal_data_export(rich), ensure_ascii=False)
    assert "annan@example.com" not in text
    assert "198.51.100.7" not in text
    assert text.count("Politisk vilja") == 1


@pytest.mark.django_db
def test_a_waitlist_place_is_marked(cohort):
    cohort.capacity = 0
    cohort.save()
    person = UserFactory(municipality=cohort.county.municipalities.get())
    enrolment_create(participant=person, cohort=cohort)
    [enrolment] = personal_data_export(person)["enrolments"]
    assert (enrolment["status"], enrolment["waitlisted"]) == ("waitlisted", True)
    assert personal_data_export(person)["calendar_token"] is None


@pytest.mark.parametrize("extra", [0, 4])
@pytest.mark.django_db
def test_the_number_of_queries_is_constant(
    rich, cohort, course_tree, extra, django_assert_num_queries
):
    more = [ModulePageFactory(parent=course_tree["course"]) for _ in range(extra)]
    for number, module in enumerate(more):
        add_records(rich, cohort, [module], number=number + 10)
    person = get_user_model().objects.get(pk=rich.pk)
    with django_assert_num_queries(QUERIES):
        data = personal_data_export(person)
    assert len(data["reflections"]) == 1 + extra
    assert len(data["module_progress"]) == 3 + extra


@pytest.mark.django_db
def test_the_page_shows_the_account_and_links_the_download(
    participant_client, participant, django_assert_num_queries
):
    with django_assert_num_queries(3):  # session, user, municipality
        response = participant_client.get(reverse("lms:my_data"))
    html = response.content.decode()
    assert "<h1>Mina uppgifter</h1>" in html
    assert "sara@example.com" in html and "Växjö" in html
    assert reverse("lms:my_data_download") in html
    assert "730 dagar efter" in html
    assert (
        reverse("lms:my_data") in participant_client.get(reverse("lms:my_course")).content.decode()
    )


@pytest.mark.django_db
def test_the_download_is_one_utf8_json_file(participant_client, rich):
    response = participant_client.get(reverse("lms:my_data_download"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="mina-uppgifter-')
    assert "no-cache" in response["Cache-Control"]
    assert "Åmål".encode() in response.content
    data = json.loads(response.content.decode("utf-8"))
    assert data["profile"]["email"] == "sara@example.com"


@pytest.mark.django_db
def test_the_pages_need_a_login_and_only_read(participant_client):
    for name in ("lms:my_data", "lms:my_data_download"):
        assert Client().get(reverse(name))["Location"].startswith("/konto/logga-in/")
        assert participant_client.post(reverse(name)).status_code == 405
