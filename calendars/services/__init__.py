"""Every write of the calendar machinery, one module per subject, re-exported here."""

from .outbox import invitations_queue, mail_queue, message_resend
from .tokens import calendar_token_for, calendar_token_rotate

__all__ = [
    "calendar_token_for",
    "calendar_token_rotate",
    "invitations_queue",
    "mail_queue",
    "message_resend",
]
