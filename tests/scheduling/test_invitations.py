"""Invitations by email: REQUEST on a place, a move or an added session, CANCEL on cancellation."""

import email
from datetime import UTC, datetime, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from calendars.models import MessageStatus, OutboxMessage
from scheduling.services import (
    enrolment_cancel,
    enrolment_create,
    session_cancel,
    session_reschedule,
)
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import CohortFactory, SessionFactory


@pytest.fixture
def cohort(db):
    county = CountyFactory(
        code="07", name="Kronobergs län", contact_email="kurs@lansstyrelsen.example"
    )
    MunicipalityFactory(county=county, code="0780", name="Växjö")
    cohort = CohortFactory(county=county, name="Kronobergs län, grupp 1", capacity=1)
    for week in range(2):
        start = datetime(2030, 3, 5, 8, tzinfo=UTC) + timedelta(weeks=4 * week)
        SessionFactory(cohort=cohort, start=start, end=start + timedelta(hours=3), sort_order=week)
    return cohort


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed, so that its invitations are sent."""

    def run(change, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(**kwargs)

    return run


def person(cohort, name):
    return UserFactory(
        email=f"{name}@example.com",
        first_name=name.title(),
        municipality=cohort.county.municipalities.get(),
    )


def parsed(message):
    """The sent email as bytes parsed back, its calendar part and its METHOD parameter."""
    tree = email.message_from_bytes(message.message().as_bytes())
    return tree


def calendar_part(tree):
    parts = [p for p in tree.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0], Calendar.from_ical(parts[0].get_payload(decode=True))


@pytest.mark.django_db
def test_a_place_brings_a_request_per_session_with_the_right_mime_tree(cohort, committed):
    committed(enrolment_create, participant=person(cohort, "sara"), cohort=cohort)
    assert len(mail.outbox) == 2
    tree = parsed(mail.outbox[0])
    assert tree.get_content_type() == "multipart/mixed"
    alternative, attachment = tree.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    part, calendar = calendar_part(tree)
    assert part.get_param("method") == "REQUEST" == str(calendar["METHOD"])
    assert part.get_content_charset() == "utf-8"
    assert part.get("Content-Disposition") is None  # inline, not an attachment
    assert attachment.get_filename() == "invite.ics"
    event = calendar.walk("VEVENT")[0]
    assert str(event["ATTENDEE"]) == "mailto:sara@example.com"
    assert str(event["ORGANIZER"]) == "mailto:kurs@lansstyrelsen.example"
    assert "Hej Sara" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_waitlisted_get_nothing_until_they_move_up(cohort, committed):
    first = committed(enrolment_create, participant=person(cohort, "sara"), cohort=cohort)
    committed(enrolment_create, participant=person(cohort, "ali"), cohort=cohort)
    assert {m.to[0] for m in mail.outbox} == {"sara@example.com"}
    mail.outbox.clear()
    committed(enrolment_cancel, enrolment=first)
    methods = {(m.to[0], calendar_part(parsed(m))[0].get_param("method")) for m in mail.outbox}
    assert methods == {("sara@example.com", "CANCEL"), ("ali@example.com", "REQUEST")}
    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_a_move_sends_the_same_uid_with_a_higher_sequence_and_a_cancel_says_so(cohort, committed):
    committed(enrolment_create, participant=person(cohort, "sara"), cohort=cohort)
    first, second = cohort.sessions.order_by("start")
    original = calendar_part(parsed(mail.outbox[0]))[1].walk("VEVENT")[0]
    mail.outbox.clear()

    committed(
        session_reschedule,
        session=first,
        start=first.start + timedelta(days=1),
        end=first.end + timedelta(days=1),
    )
    (moved_mail,) = mail.outbox
    moved = calendar_part(parsed(moved_mail))[1].walk("VEVENT")[0]
    assert moved["UID"] == original["UID"]
    assert moved["SEQUENCE"] > original["SEQUENCE"]
    assert moved.decoded("DTSTART") == first.start + timedelta(days=1)
    mail.outbox.clear()

    committed(session_cancel, session=second, reason="Sjukdom")
    (cancel_mail,) = mail.outbox
    part, calendar = calendar_part(parsed(cancel_mail))
    event = calendar.walk("VEVENT")[0]
    assert part.get_param("method") == "CANCEL" == str(calendar["METHOD"])
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 1
    assert cancel_mail.subject.startswith("Inställd: ")
    assert "Sjukdom" in cancel_mail.body


@pytest.mark.django_db
def test_a_failure_to_send_keeps_the_change_and_is_retried(cohort, committed):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP nere")):
        enrolment = committed(enrolment_create, participant=person(cohort, "sara"), cohort=cohort)
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"
    failed = OutboxMessage.objects.filter(status=MessageStatus.FAILED)
    assert failed.count() == 2
    assert {i.last_error for i in failed} == {"OSError: SMTP nere"}
    OutboxMessage.objects.update(next_attempt_at=datetime(2000, 1, 1, tzinfo=UTC))
    out = StringIO()
    call_command("send_pending_invitations", stdout=out)
    assert "2 skickade, 0 misslyckades" in out.getvalue()
    assert OutboxMessage.objects.filter(status=MessageStatus.SENT).count() == 2
    assert len(mail.outbox) == 2
    call_command("send_pending_invitations", stdout=StringIO())
    assert len(mail.outbox) == 2  # nothing is sent twice


@pytest.mark.django_db
def test_feed_and_emails_tell_the_same_story(client, cohort, committed):
    """A participant subscribes; a coordinator moves one session and cancels the other."""
    from django.urls import reverse

    from calendars.services import calendar_token_for

    sara = person(cohort, "sara")
    committed(enrolment_create, participant=sara, cohort=cohort)
    url = reverse(
        "scheduling:personal_feed", kwargs={"token": calendar_token_for(participant=sara).token}
    )
    before = {str(e["UID"]): e for e in Calendar.from_ical(client.get(url).content).walk("VEVENT")}
    mail.outbox.clear()
    first, second = cohort.sessions.order_by("start")
    committed(
        session_reschedule,
        session=first,
        start=first.start + timedelta(hours=2),
        end=first.end + timedelta(hours=2),
    )
    committed(session_cancel, session=second, reason="Sjukdom")

    after = {str(e["UID"]): e for e in Calendar.from_ical(client.get(url).content).walk("VEVENT")}
    mailed = {}
    for message in mail.outbox:
        event = calendar_part(parsed(message))[1].walk("VEVENT")[0]
        mailed[str(event["UID"])] = event
    assert set(before) == set(after) == set(mailed)
    for uid in after:
        assert after[uid]["SEQUENCE"] == mailed[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]
        assert after[uid].decoded("DTSTART") == mailed[uid].decoded("DTSTART")
    statuses = sorted(str(event["STATUS"]) for event in after.values())
    assert statuses == ["CANCELLED", "CONFIRMED"]


@pytest.mark.django_db
def test_a_request_queued_before_a_cancellation_goes_out_as_a_cancel(cohort, committed):
    sara = person(cohort, "sara")
    session = cohort.sessions.order_by("start").first()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP nere")):
        committed(enrolment_create, participant=sara, cohort=cohort)
    session_cancel(session=session, reason="Sjukdom")  # its own CANCEL is not sent here
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    OutboxMessage.objects.update(next_attempt_at=long_ago, created_at=long_ago)
    call_command("send_pending_invitations", stdout=StringIO())
    methods = sorted(calendar_part(parsed(m))[0].get_param("method") for m in mail.outbox)
    assert methods == ["CANCEL", "REQUEST"]
    superseded = OutboxMessage.objects.get(status=MessageStatus.SUPERSEDED)
    assert (superseded.event_id, superseded.method) == (session.pk, "REQUEST")
