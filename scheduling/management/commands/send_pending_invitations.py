"""Send calendar invitations still waiting or failed earlier; cron runs it as a safety net."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from scheduling.models import Invitation, InvitationStatus
from scheduling.tasks import MAX_ATTEMPTS, deliver_invitation

# A pending invitation younger than this is still the worker's to send.
PENDING_GRACE = timedelta(minutes=5)


class Command(BaseCommand):
    help = "Skickar kalenderinbjudningar som väntar eller misslyckades tidigare."

    def handle(self, *args, **options):
        now = timezone.now()
        due = list(
            Invitation.objects.filter(attempts__lt=MAX_ATTEMPTS)
            .filter(
                Q(status=InvitationStatus.PENDING, created_at__lte=now - PENDING_GRACE)
                | Q(status=InvitationStatus.FAILED, next_attempt_at__lte=now)
            )
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )
        outcomes = [deliver_invitation.call(invitation_id) for invitation_id in due]
        self.stdout.write(
            _("%(sent)d skickade, %(failed)d misslyckades, av %(due)d att skicka.")
            % {"sent": outcomes.count("sent"), "failed": outcomes.count("failed"), "due": len(due)}
        )
