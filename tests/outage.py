"""A mail server that is down: every send fails as smtplib fails when the connection drops."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

DOWN = "tests.outage.DownBackend"


class DownBackend(BaseEmailBackend):
    """An email backend whose every send raises SMTPServerDisconnected."""

    def send_messages(self, email_messages):
        """Fail as an SMTP server that closed the connection."""
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
