"""Background tasks: sending calendar invitations, retried until they go through."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .invitations import invitation_email
from .models import Invitation, InvitationStatus

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def retry_delay(attempts: int) -> timedelta:
    """Wait longer after each failure: 1, 2, 4 … minutes, at most four hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 240))


@task()
def deliver_invitation(invitation_id: int) -> str:
    """Send one invitation; on failure record why and try again later (the change itself stays)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(skip_locked=True)
            .select_related("participant", "session__cohort__county", "session__cohort__round")
            .filter(
                pk=invitation_id, status__in=[InvitationStatus.PENDING, InvitationStatus.FAILED]
            )
            .first()
        )
        if invitation is None:
            return "skipped"
        invitation.attempts += 1
        try:
            invitation_email(invitation).send()
        except Exception as error:  # noqa: BLE001 - any failure to send is retried
            invitation.status = InvitationStatus.FAILED
            invitation.last_error = f"{type(error).__name__}: {error}"[:2000]
            invitation.next_attempt_at = timezone.now() + retry_delay(invitation.attempts)
            invitation.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
            # The error's text can hold the address it was sent to: log only its type and ids.
            logger.warning(
                "Invitation %s to participant %s failed (attempt %s): %s",
                invitation.pk,
                invitation.participant_id,
                invitation.attempts,
                type(error).__name__,
            )
            schedule_retry(invitation)
            return "failed"
        invitation.status = InvitationStatus.SENT
        invitation.sent_at = timezone.now()
        invitation.last_error = ""
        invitation.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    return "sent"


def schedule_retry(invitation: Invitation) -> None:
    """Queue the next attempt if the backend can wait; else send_pending_invitations will."""
    if invitation.attempts >= MAX_ATTEMPTS or not deliver_invitation.get_backend().supports_defer:
        return
    run_after = invitation.next_attempt_at
    transaction.on_commit(
        lambda: deliver_invitation.using(run_after=run_after).enqueue(invitation.pk)
    )
