"""What the outbox holds about one person, for the data export and the erasure.

The outbox keeps every email the platform sends: calendar invitations, about an event of any
registered source, and plain emails (account invitations, password links, confirmations,
network invitations). A message belongs to a person by their account or by their address.
"""

from collections import defaultdict

from django.db.models import Q, QuerySet

from .models import MessageKind, OutboxMessage
from .sources import get_source

_DELIVERY_FIELDS = ("status", "created_at", "sent_at", "attempts")


def person_messages(user) -> QuerySet:
    """The outbox messages to or about the person: by account, or by their email address."""
    return OutboxMessage.objects.filter(Q(participant_id=user.pk) | Q(to_email__iexact=user.email))


def outbox_personal_data(user) -> dict:
    """The person's calendar invitations and emails, from one query plus one per event source.

    Values are as stored (times are aware datetimes); the export makes them plain JSON.

    ``invitations``: ``source``, ``event`` (its title as the calendar shows it, null if the
    event is gone), ``event_start``, ``method``, then ``status``, ``created_at``, ``sent_at``
    and ``attempts``. ``emails``: ``to_email``, ``subject``, ``text`` and the same four.
    """
    messages = list(person_messages(user).order_by("created_at", "pk"))
    invitations = [message for message in messages if message.kind == MessageKind.CALENDAR]
    event_ids = defaultdict(set)
    for invitation in invitations:
        event_ids[invitation.source].add(invitation.event_id)
    events = {name: get_source(name).events(ids) for name, ids in event_ids.items()}

    def delivery(message) -> dict:
        return {field: getattr(message, field) for field in _DELIVERY_FIELDS}

    def invitation_row(message) -> dict:
        event = events[message.source].get(message.event_id)
        return {
            "source": message.source,
            "event": event.summary if event else None,
            "event_start": event.start if event else None,
            "method": message.method,
            **delivery(message),
        }

    return {
        "invitations": [invitation_row(message) for message in invitations],
        "emails": [
            {
                "to_email": message.to_email,
                "subject": message.subject,
                "text": message.text,
                **delivery(message),
            }
            for message in messages
            if message.kind == MessageKind.EMAIL
        ],
    }
