"""Send every outbox message waiting, due for a retry or flagged; cron runs it as a safety net."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from calendars.models import MessageStatus, OutboxMessage
from calendars.tasks import deliver_message

# A pending message younger than this is still the worker's to send.
PENDING_GRACE = timedelta(minutes=5)


class Command(BaseCommand):
    help = "Skickar e-post som väntar, ska försökas igen eller är flaggad."

    def handle(self, *args, **options):
        now = timezone.now()
        due = list(
            OutboxMessage.objects.filter(
                Q(status=MessageStatus.PENDING, created_at__lte=now - PENDING_GRACE)
                | Q(status=MessageStatus.FAILED, next_attempt_at__lte=now)
                | Q(status=MessageStatus.FLAGGED)
            )
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )
        outcomes = [deliver_message.call(message_id) for message_id in due]
        failed = outcomes.count("failed") + outcomes.count("flagged")
        self.stdout.write(
            _("%(sent)d skickade, %(failed)d misslyckades, av %(due)d att skicka.")
            % {"sent": outcomes.count("sent"), "failed": failed, "due": len(due)}
        )
