"""Calendar invitations by email: text and HTML parts, the iTIP part inline, an .ics attachment."""

from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .calendar_data import calendar_session, session_numbers
from .ical import invitation_bytes
from .models import Invitation, InvitationMethod


class CalendarInvitationEmail(EmailMultiAlternatives):
    """multipart/mixed › alternative (text, HTML, text/calendar; method=…) › invite.ics."""

    def __init__(self, *args, calendar: bytes, method: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.calendar, self.method = calendar, method
        self.attach("invite.ics", calendar, "application/ics")

    def _create_alternatives(self, msg):
        msg = super()._create_alternatives(msg)
        part = MIMEText(self.calendar.decode("utf-8"), "calendar", "utf-8")
        part.set_param("method", self.method)
        msg.attach(part)
        return msg


def invitation_email(invitation: Invitation) -> CalendarInvitationEmail:
    """The email for one invitation, in Swedish, from the session's current state."""
    session, participant = invitation.session, invitation.participant
    number, total = session_numbers({session.cohort_id})[session.pk]
    data = calendar_session(session, number, total)
    # The session's state when sending wins: a REQUEST queued before a cancellation is a CANCEL.
    method = InvitationMethod.CANCEL if data.cancelled else invitation.method
    calendar = invitation_bytes(
        method=method,
        session=data,
        attendee_email=participant.email,
        attendee_name=participant.get_full_name() or participant.email,
        now=timezone.now(),
    )
    with translation.override("sv"):
        cancelled = method == InvitationMethod.CANCEL
        # A cancelled session's summary already says so; a given-up place needs its own word.
        subject = data.summary
        if cancelled and not data.cancelled:
            subject = _("Avbokad: %(title)s") % {"title": data.summary}
        context = {
            "participant": participant,
            "session": session,
            "data": data,
            "cancelled": cancelled,
            "enrolment_cancelled": cancelled and not data.cancelled,
            "start": timezone.localtime(session.start),
            "end": timezone.localtime(session.end),
        }
        text = render_to_string("scheduling/email/invitation.txt", context)
        html = render_to_string("scheduling/email/invitation.html", context)
    email = CalendarInvitationEmail(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[participant.email],
        calendar=calendar,
        method=method,
    )
    email.attach_alternative(html, "text/html")
    return email
