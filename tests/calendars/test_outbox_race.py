"""Two deliveries at once on PostgreSQL: one email per message, never a REQUEST after a CANCEL."""

import pytest
from django.core import mail

from calendars.models import MessageKind, MessageStatus, OutboxMessage
from calendars.tasks import deliver_message
from scheduling.calendar_source import SESSION_SOURCE
from tests.factories import UserFactory
from tests.factories.scheduling import SessionFactory
from tests.races import errors_of, postgresql_only, race

pytestmark = postgresql_only

TRIALS = 30


def _invitation(session, person, method: str) -> OutboxMessage:
    return OutboxMessage.objects.create(
        kind=MessageKind.CALENDAR,
        source=SESSION_SOURCE,
        event_id=session.pk,
        participant=person,
        method=method,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_and_its_cancel_delivered_at_once_send_only_the_cancel():
    session = SessionFactory()
    for _trial in range(TRIALS):
        person = UserFactory()
        request = _invitation(session, person, "REQUEST")
        cancel = _invitation(session, person, "CANCEL")
        mail.outbox.clear()

        outcomes = race(
            lambda message=request: deliver_message.call(message.pk),
            lambda message=cancel: deliver_message.call(message.pk),
        )

        assert errors_of(outcomes) == []
        assert sorted(outcomes) == ["sent", "superseded"]
        request.refresh_from_db()
        cancel.refresh_from_db()
        assert (request.status, cancel.status) == (MessageStatus.SUPERSEDED, MessageStatus.SENT)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].method == "CANCEL"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_message_delivered_twice_at_once_is_sent_once():
    session = SessionFactory()
    for _trial in range(TRIALS):
        message = _invitation(session, UserFactory(), "REQUEST")
        mail.outbox.clear()

        outcomes = race(
            lambda message=message: deliver_message.call(message.pk),
            lambda message=message: deliver_message.call(message.pk),
        )

        assert sorted(outcomes) == ["sent", "skipped"]
        assert len(mail.outbox) == 1
