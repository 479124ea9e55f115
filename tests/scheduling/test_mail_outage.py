"""A mail outage: every change stands, no page fails, and every email goes out once mail is back.

The outbox (calendars.services) holds every email; these tests break the mail server and check
what people see, what is kept, and what is finally delivered, in which order.
"""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from icalendar import Calendar

from accounts.roles import COUNTY_COORDINATORS, NATIONAL_COORDINATORS
from calendars.models import MessageStatus, OutboxMessage
from calendars.tasks import MAX_ATTEMPTS, deliver_message
from scheduling.models import EnrolmentStatus, InterestRegistration
from scheduling.services import enrolment_cancel, enrolment_create
from tests.factories import UserFactory
from tests.factories.scheduling import CohortFactory, RoundFactory, SessionFactory
from tests.factories.users import staff_member as staff
from tests.outage import DOWN

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def cohort(counties):
    cohort = CohortFactory(
        county=counties["07"],
        name="Kronoberg grupp 1",
        capacity=10,
        round=RoundFactory(running=True),
    )
    start = datetime(2030, 3, 5, 8, tzinfo=UTC)
    SessionFactory(cohort=cohort, start=start, end=start + timedelta(hours=3))
    return cohort


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change (or a request) as if its transaction committed, so that its mail is sent."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def retry_due_now():
    """Let the clock run past every back-off delay."""
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    OutboxMessage.objects.update(created_at=long_ago)
    OutboxMessage.objects.exclude(next_attempt_at=None).update(next_attempt_at=long_ago)


def send_pending() -> str:
    out = StringIO()
    call_command("send_pending_invitations", stdout=out)
    return out.getvalue()


def method_of(message) -> str | None:
    """The iTIP method of a sent calendar invitation, None for a plain email."""
    for _filename, content, mimetype in message.attachments:
        if mimetype == "application/ics":
            return str(Calendar.from_ical(content)["METHOD"])
    return None


def test_a_csv_import_during_an_outage_stands_and_its_invitations_go_out_later(
    client, settings, cohort, committed
):
    client.force_login(staff(COUNTY_COORDINATORS, cohort.county))
    settings.EMAIL_BACKEND = DOWN
    upload = SimpleUploadedFile(
        "lista.csv",
        b"email,name,municipality_code\n"
        + "asa@example.com,Åsa Ek,0780\nbo@example.com,Bo Ek,0780\n".encode(),
    )
    url = f"/admin/scheduling/cohort/{cohort.pk}/deltagare/"
    response = committed(client.post, url, {"action": "import", "file": upload})

    assert response.status_code == 302
    assert sorted(
        cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED).values_list(
            "participant__email", flat=True
        )
    ) == ["asa@example.com", "bo@example.com"]
    assert mail.outbox == []
    assert OutboxMessage.objects.count() == 4  # an account invitation and a REQUEST each
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {MessageStatus.FAILED}

    settings.EMAIL_BACKEND = LOCMEM
    retry_due_now()
    assert "4 skickade, 0 misslyckades, av 4 att skicka." in send_pending()
    assert [(m.to[0], method_of(m)) for m in mail.outbox] == [
        ("asa@example.com", None),
        ("asa@example.com", "REQUEST"),
        ("bo@example.com", None),
        ("bo@example.com", "REQUEST"),
    ]
    assert mail.outbox[0].subject == "Välkommen till kursen i förändringsledning"
    assert "/konto/valj-losenord/" in mail.outbox[0].body
    assert "0 skickade, 0 misslyckades, av 0 att skicka." in send_pending()


def test_the_interest_form_saves_and_thanks_during_an_outage(client, settings, counties, committed):
    RoundFactory(title="Kursomgång 2030", start_date=date(2030, 1, 1), end_date=date(2031, 12, 31))
    settings.EMAIL_BACKEND = DOWN
    data = {
        "municipality": str(counties["07"].municipalities.get().pk),
        "contact_name": "Alex Andersson",
        "contact_email": "alex@vaxjo.example",
        "strategists": "2",
    }
    response = committed(client.post, "/intresse/", data, follow=True)

    assert response.status_code == 200
    assert "Tack för er intresseanmälan" in response.content.decode()
    assert InterestRegistration.objects.filter(contact_email="alex@vaxjo.example").exists()
    queued = OutboxMessage.objects.get()
    assert (queued.to_email, queued.status) == ("alex@vaxjo.example", MessageStatus.FAILED)

    settings.EMAIL_BACKEND = LOCMEM
    retry_due_now()
    send_pending()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["alex@vaxjo.example"]
    assert confirmation.subject.startswith("Bekräfta intresseanmälan")


def test_an_invitation_that_keeps_failing_is_flagged_shown_and_sent_again(
    client, settings, cohort, committed, caplog
):
    sara = UserFactory(email="sara@example.com", municipality=cohort.county.municipalities.get())
    settings.EMAIL_BACKEND = DOWN
    committed(enrolment_create, participant=sara, cohort=cohort)
    (invitation,) = OutboxMessage.objects.all()
    for _attempt in range(MAX_ATTEMPTS - 1):
        retry_due_now()
        send_pending()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attempts) == (MessageStatus.FLAGGED, MAX_ATTEMPTS)
    assert f"Outbox message {invitation.pk} (calendar) flagged" in caplog.text

    # Flagged, it is on the national staff's screen, and on nobody else's.
    county = client
    county.force_login(staff(COUNTY_COORDINATORS, cohort.county))
    assert county.get("/admin/utkorg/").status_code == 302
    assert county.post("/admin/utkorg/", {"message": invitation.pk}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == MessageStatus.FLAGGED
    client.force_login(staff(NATIONAL_COORDINATORS))
    page = client.get("/admin/utkorg/").content.decode()
    assert "sara@example.com" in page and "SMTPServerDisconnected" in page
    assert "Skicka igen" in page

    settings.EMAIL_BACKEND = LOCMEM
    response = committed(client.post, "/admin/utkorg/", {"message": invitation.pk}, follow=True)
    assert response.status_code == 200
    assert "Meddelandet skickas igen." in response.content.decode()
    (sent,) = mail.outbox
    assert (sent.to, method_of(sent)) == (["sara@example.com"], "REQUEST")
    invitation.refresh_from_db()
    assert invitation.status == MessageStatus.SENT
    assert "sara@example.com" not in client.get("/admin/utkorg/").content.decode()
    send_pending()
    assert len(mail.outbox) == 1  # never twice


def test_the_command_sends_a_flagged_message_once_mail_is_back(settings, cohort, committed):
    sara = UserFactory(email="sara@example.com", municipality=cohort.county.municipalities.get())
    settings.EMAIL_BACKEND = DOWN
    committed(enrolment_create, participant=sara, cohort=cohort)
    for _attempt in range(MAX_ATTEMPTS + 2):
        retry_due_now()
        send_pending()
    assert mail.outbox == []
    settings.EMAIL_BACKEND = LOCMEM
    assert "1 skickade, 0 misslyckades, av 1 att skicka." in send_pending()
    assert [method_of(m) for m in mail.outbox] == ["REQUEST"]


def test_a_request_retried_after_its_cancel_is_never_sent(settings, cohort, committed):
    """A REQUEST fails; the place is cancelled and its CANCEL goes out; the REQUEST is retried."""
    sara = UserFactory(email="sara@example.com", municipality=cohort.county.municipalities.get())
    settings.EMAIL_BACKEND = DOWN
    enrolment = committed(enrolment_create, participant=sara, cohort=cohort)
    request = OutboxMessage.objects.get(method="REQUEST")
    assert request.status == MessageStatus.FAILED

    settings.EMAIL_BACKEND = LOCMEM
    committed(enrolment_cancel, enrolment=enrolment)
    assert [method_of(m) for m in mail.outbox] == ["CANCEL"]

    assert deliver_message.call(request.pk) != "sent"  # the task's own retry
    retry_due_now()
    send_pending()  # and the cron safety net
    assert [method_of(m) for m in mail.outbox] == ["CANCEL"]
    request.refresh_from_db()
    assert request.status == MessageStatus.SUPERSEDED


def test_delivery_itself_refuses_an_invitation_that_a_newer_one_replaced(
    settings, cohort, committed
):
    """Even if an older REQUEST was never marked superseded, a newer message for it wins."""
    sara = UserFactory(email="sara@example.com", municipality=cohort.county.municipalities.get())
    settings.EMAIL_BACKEND = DOWN
    enrolment = committed(enrolment_create, participant=sara, cohort=cohort)
    settings.EMAIL_BACKEND = LOCMEM
    committed(enrolment_cancel, enrolment=enrolment)
    request = OutboxMessage.objects.get(method="REQUEST")
    OutboxMessage.objects.filter(pk=request.pk).update(status=MessageStatus.FLAGGED)

    assert deliver_message.call(request.pk) == "superseded"
    assert [method_of(m) for m in mail.outbox] == ["CANCEL"]


def test_a_newer_request_after_a_failed_cancel_is_the_one_delivered(settings, cohort, committed):
    """Enrolled, cancelled while mail is down, enrolled again: the calendar ends with the event."""
    sara = UserFactory(email="sara@example.com", municipality=cohort.county.municipalities.get())
    enrolment = committed(enrolment_create, participant=sara, cohort=cohort)
    settings.EMAIL_BACKEND = DOWN
    committed(enrolment_cancel, enrolment=enrolment)
    settings.EMAIL_BACKEND = LOCMEM
    committed(enrolment_create, participant=sara, cohort=cohort)
    retry_due_now()
    send_pending()
    assert [method_of(m) for m in mail.outbox] == ["REQUEST", "REQUEST"]
    assert OutboxMessage.objects.get(method="CANCEL").status == MessageStatus.SUPERSEDED
