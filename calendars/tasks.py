"""Background tasks: delivering the outbox, retried with back-off, flagged when it keeps failing."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .email import EventGone, outbox_email
from .models import UNSENT, MessageKind, MessageStatus, OutboxMessage

logger = logging.getLogger(__name__)
#: After this many failed attempts a message is flagged for national staff in the admin.
MAX_ATTEMPTS = 8


def retry_delay(attempts: int) -> timedelta:
    """Wait longer after each failure: 1, 2, 4 … minutes, at most four hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 240))


@task()
def deliver_message(message_id: int) -> str:
    """Send one message unless a newer one replaced it; on failure record why and retry later.

    Returns what happened: "sent", "failed", "flagged", "superseded", "gone" or "skipped".
    """
    with transaction.atomic():
        message = _locked(message_id)
        if message is None or message.status not in UNSENT:
            return "skipped"
        if _has_newer(message):
            message.status = MessageStatus.SUPERSEDED
            message.next_attempt_at = None
            message.save(update_fields=["status", "next_attempt_at"])
            return "superseded"
        message.attempts += 1
        try:
            outbox_email(message).send()
        except EventGone:
            # The event was deleted with its cohort or meeting: there is nothing left to send.
            message.status = MessageStatus.GONE
            message.last_error = "EventGone"
            message.next_attempt_at = None
            message.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
            logger.warning("Outbox message %s: its event no longer exists", message.pk)
            return "gone"
        except Exception as error:  # noqa: BLE001 - any failure to send is retried
            _record_failure(message, error)
            return "flagged" if message.status == MessageStatus.FLAGGED else "failed"
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.next_attempt_at = None
        message.last_error = ""
        message.save(
            update_fields=["status", "attempts", "last_error", "sent_at", "next_attempt_at"]
        )
    return "sent"


def _same_event(*, source: str, event_id: int, participant_id: int):
    return OutboxMessage.objects.filter(
        kind=MessageKind.CALENDAR, source=source, event_id=event_id, participant_id=participant_id
    )


def _locked(message_id: int) -> OutboxMessage | None:
    """The message, fresh from the database, under a row lock.

    A calendar invitation locks every message for its event and person, oldest first: two
    deliveries for one event and person run one after the other, never overtaking each other.
    """
    key = (
        OutboxMessage.objects.filter(pk=message_id)
        .values("kind", "source", "event_id", "participant_id")
        .first()
    )
    if key is None:
        return None
    if key.pop("kind") == MessageKind.CALENDAR:
        rows = _same_event(**key)
    else:
        rows = OutboxMessage.objects.filter(pk=message_id)
    list(rows.select_for_update().order_by("pk").values_list("pk", flat=True))
    return OutboxMessage.objects.select_related("participant").filter(pk=message_id).first()


def _has_newer(message: OutboxMessage) -> bool:
    """True when a later invitation for the same event and person exists: it alone counts."""
    return message.kind == MessageKind.CALENDAR and (
        _same_event(
            source=message.source, event_id=message.event_id, participant_id=message.participant_id
        )
        .filter(pk__gt=message.pk)
        .exists()
    )


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    """Keep the error; retry after a growing delay, or flag the message after MAX_ATTEMPTS."""
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = MessageStatus.FLAGGED
        message.next_attempt_at = None
    else:
        message.status = MessageStatus.FAILED
        message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
    message.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
    # The error's text can hold the address it was sent to: log only its type and ids.
    if message.status == MessageStatus.FLAGGED:
        logger.error(
            "Outbox message %s (%s) flagged after %s failed attempts: %s",
            message.pk,
            message.kind,
            message.attempts,
            type(error).__name__,
        )
    else:
        logger.warning(
            "Outbox message %s (%s) failed (attempt %s): %s",
            message.pk,
            message.kind,
            message.attempts,
            type(error).__name__,
        )
        schedule_retry(message)


def schedule_retry(message: OutboxMessage) -> None:
    """Queue the next attempt if the backend can wait; else send_pending_invitations will."""
    if not deliver_message.get_backend().supports_defer:
        return
    run_after, message_id = message.next_attempt_at, message.pk
    transaction.on_commit(
        lambda: deliver_message.using(run_after=run_after).enqueue(message_id), robust=True
    )
