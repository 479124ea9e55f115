"""The emails of the outbox: plain ones as queued, calendar invitations from their event's state.

An invitation has text and HTML parts, the iTIP part inline and an .ics attachment.
"""

from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .ical import invitation_bytes
from .models import InvitationMethod, MessageKind, OutboxMessage
from .sources import get_source


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


class EventGone(LookupError):
    """The invitation's event no longer exists at its source."""


def outbox_email(message: OutboxMessage) -> EmailMultiAlternatives:
    """The email to send for an outbox message; raises EventGone if its event was deleted."""
    if message.kind == MessageKind.CALENDAR:
        return invitation_email(message)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    return email


def invitation_email(invitation: OutboxMessage) -> CalendarInvitationEmail:
    """The email for one invitation, in Swedish, from the event's current state."""
    source = get_source(invitation.source)
    data = source.events([invitation.event_id]).get(invitation.event_id)
    if data is None:
        raise EventGone(f"{invitation.source} {invitation.event_id}")
    participant = invitation.participant
    # The event's state when sending wins: a REQUEST queued before a cancellation is a CANCEL.
    method = InvitationMethod.CANCEL if data.cancelled else invitation.method
    calendar = invitation_bytes(
        method=method,
        event=data,
        attendee_email=participant.email,
        attendee_name=participant.get_full_name() or participant.email,
        now=timezone.now(),
    )
    with translation.override("sv"):
        cancelled = method == InvitationMethod.CANCEL
        withdrawn = cancelled and not data.cancelled
        # A cancelled event's summary already says so; a given-up place needs its own word.
        subject = _("Avbokad: %(title)s") % {"title": data.summary} if withdrawn else data.summary
        context = {
            "participant": participant,
            "data": data,
            "cancelled": cancelled,
            "withdrawn": withdrawn,
            "start": timezone.localtime(data.start),
            "end": timezone.localtime(data.end),
        }
        text_template, html_template = source.invitation_templates
        text = render_to_string(text_template, context)
        html = render_to_string(html_template, context)
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
