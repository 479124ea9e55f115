"""No personal data in public pages, feeds, logs or URLs (the participant's token aside)."""

import logging
import re
from datetime import UTC, datetime, timedelta
from smtplib import SMTPRecipientsRefused
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from calendars.tasks import deliver_message
from lms.models import Completion
from regions.models import County, Municipality
from scheduling.models import Cohort
from scheduling.rounds import ensure_real_round
from scheduling.services import enrolment_create
from tests.factories.scheduling import InterestRegistrationFactory, SessionFactory

NAMES = ["Zebulon", "Hemligsson", "Quirina", "Tystnadsdotter"]
EMAILS = ["zebulon.hemligsson@hemlig.example", "quirina.t@hemlig.example"]
SECRETS = [*NAMES, *EMAILS, "Hemlig titel", "hemlig.example", "Kontaktperson Gömd"]
CODE = "K7QM-2XHP-9DTA"


@pytest.fixture
def public_data(real_course):
    """Two participants in a Kronoberg cohort of the real round; one completed; an interest."""
    course_round = ensure_real_round(course=real_course.course)
    cohort = Cohort.objects.create(
        round=course_round, county=County.objects.get(code="07"), name="Grupp 1", capacity=20
    )
    for week in range(3):
        start = datetime(2023, 3, 7, 8, tzinfo=UTC) + timedelta(weeks=4 * week)
        SessionFactory(cohort=cohort, start=start, end=start + timedelta(hours=3))
    people = [
        get_user_model().objects.create_user(
            email,
            "x",
            first_name=first,
            last_name=last,
            job_title="Hemlig titel",
            municipality=Municipality.objects.get(code=code),
        )
        for email, first, last, code in [
            (EMAILS[0], "Zebulon", "Hemligsson", "0780"),
            (EMAILS[1], "Quirina", "Tystnadsdotter", "0781"),
        ]
    ]
    for person in people:
        enrolment_create(participant=person, cohort=cohort)
    Completion.objects.create(
        participant=people[0],
        round=course_round,
        completed_at=datetime(2023, 6, 1, tzinfo=UTC),
        verification_code=CODE,
    )
    InterestRegistrationFactory(
        round=course_round,
        municipality=people[1].municipality,
        contact_name="Kontaktperson Gömd",
        contact_email=EMAILS[1],
    )
    return {"course": real_course.course, "cohort": cohort, "people": people}


@pytest.mark.django_db
def test_public_pages_and_feeds_name_nobody(client, public_data):
    cohort = public_data["cohort"]
    paths = [
        "/",
        public_data["course"].url,
        "/lan/",
        "/lan/07/",
        "/intresse/",
        "/statistik/",
        "/statistik/utrullning.csv",
        "/lan/07/kalender.ics",
        f"/grupper/{cohort.pk}/kalender.ics",
        f"/traffar/{cohort.sessions.first().uid}.ics",
        "/intyg/",
        "/intyg/?kod=K7QM-2XHP-9DTB",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        if path.startswith(("/lan/07/", "/grupper/")):
            assert "Grupp 1" in body, path  # the page shows the cohort, but nobody in it
        found = [secret for secret in SECRETS if secret.lower() in body.lower()]
        assert not found, f"{path} visar {found}"


@pytest.mark.django_db
def test_a_certificate_shows_its_holders_name_and_nothing_more(client, public_data):
    body = client.get(f"/intyg/{CODE}/").content.decode()
    assert "Zebulon Hemligsson" in body  # what the certificate itself states
    for secret in [*EMAILS, "Hemlig titel", "Quirina", "Växjö"]:
        assert secret not in body


@pytest.mark.django_db
def test_sending_and_failing_an_invitation_logs_no_address(public_data, caplog):
    person = public_data["people"][0]
    invitations = list(person.outbox_messages.all()[:2])
    refused = SMTPRecipientsRefused({person.email: (550, b"5.1.1 " + person.email.encode())})
    with caplog.at_level(logging.DEBUG):
        assert deliver_message.call(invitations[0].pk) == "sent"
        with mock.patch("django.core.mail.EmailMessage.send", side_effect=refused):
            assert deliver_message.call(invitations[1].pk) == "failed"
    assert f"Outbox message {invitations[1].pk} (calendar) failed" in caplog.text
    assert "SMTPRecipientsRefused" in caplog.text
    for secret in [*EMAILS, "hemlig", "Zebulon"]:
        assert secret.lower() not in caplog.text.lower()


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def test_no_url_carries_an_email_or_a_name():
    routes = list(_routes(get_resolver()))
    assert "min-kurs/mina-uppgifter/" in routes
    parameters = {name for route in routes for name in re.findall(r"<(?:\w+:)?(\w+)>", route)}
    personal = {"email", "name", "first_name", "last_name", "username", "user", "participant"}
    assert not parameters & personal, parameters & personal
    assert reverse("lms:my_data_download") == "/min-kurs/mina-uppgifter.json"
