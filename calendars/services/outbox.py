"""The outbox: every email is a row written in the same transaction as the change it announces.

Rows are delivered by `calendars.tasks.deliver_message` once the transaction has committed. A
calendar invitation replaces the unsent ones queued before it for the same event and person, so
that only the newest state of an event ever reaches a person's calendar.
"""

from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Q

from ..models import UNSENT, MessageKind, MessageStatus, OutboxMessage
from ..tasks import deliver_message


def invitations_queue(*, source: str, pairs: Iterable[tuple[int, int]], method: str) -> None:
    """Queue one invitation per (participant id, event id) of `source`; sent after the commit.

    Each one supersedes the invitations for the same event and person that are not sent yet.
    """
    pairs = list(dict.fromkeys(pairs))
    if not pairs:
        return
    participants_by_event: dict[int, set[int]] = defaultdict(set)
    for participant_id, event_id in pairs:
        participants_by_event[event_id].add(participant_id)
    older = Q()
    for event_id, participant_ids in participants_by_event.items():
        older |= Q(event_id=event_id, participant_id__in=participant_ids)
    OutboxMessage.objects.filter(
        older, kind=MessageKind.CALENDAR, source=source, status__in=UNSENT
    ).update(status=MessageStatus.SUPERSEDED, next_attempt_at=None)
    messages = OutboxMessage.objects.bulk_create(
        OutboxMessage(
            kind=MessageKind.CALENDAR,
            participant_id=participant_id,
            source=source,
            event_id=event_id,
            method=method,
        )
        for participant_id, event_id in pairs
    )
    _deliver_on_commit([message.pk for message in messages])


def mail_queue(
    *, to: str, subject: str, text: str, html: str = "", participant_id: int | None = None
) -> OutboxMessage:
    """Queue a plain email, already rendered; it is sent once the caller's transaction commits.

    `participant_id` names the account the email is about, so that erasing it removes the email.
    """
    message = OutboxMessage.objects.create(
        kind=MessageKind.EMAIL,
        participant_id=participant_id,
        to_email=to,
        # A header holds one line: a title with a line break in it must not break the email.
        subject=" ".join(subject.split())[:255],
        text=text,
        html=html,
    )
    _deliver_on_commit([message.pk])
    return message


def message_resend(*, message_id: int) -> bool:
    """Send a failed or flagged message again at once; False if it is no longer waiting."""
    with transaction.atomic():
        resent = OutboxMessage.objects.filter(
            pk=message_id, status__in=[MessageStatus.FAILED, MessageStatus.FLAGGED]
        ).update(status=MessageStatus.PENDING, next_attempt_at=None)
        if resent:
            _deliver_on_commit([message_id])
    return bool(resent)


def _deliver_on_commit(ids: list[int]) -> None:
    # Robust: a task backend that cannot take the job must not undo or fail the change; the rows
    # stay pending and `send_pending_invitations` sends them.
    if ids:
        transaction.on_commit(partial(_enqueue, ids), robust=True)


def _enqueue(ids: list[int]) -> None:
    for message_id in ids:
        deliver_message.enqueue(message_id)
