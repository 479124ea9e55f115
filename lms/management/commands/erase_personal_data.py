"""Erase the personal data of participants whose rounds all ended longer ago than we keep it."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.privacy import participant_erase, participants_due_for_erasure


class Command(BaseCommand):
    help = (
        "Raderar personuppgifterna för deltagare vars alla kursomgångar slutade för mer än "
        "PERSONAL_DATA_RETENTION_DAYS dagar sedan. Statistiken behåller sina anonyma siffror."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help=_("Antal dagar efter kursomgångens sista dag (annars inställningen)."),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Visa bara vilka som skulle raderas.")
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
        today = timezone.localdate()
        if days < 0:
            raise CommandError(_("Antalet dagar kan inte vara negativt."), returncode=2)
        if days > (today - date.min).days:
            raise CommandError(
                _("%(days)d dagar före i dag är före år 1; ange färre dagar.") % {"days": days},
                returncode=2,
            )
        due = list(participants_due_for_erasure(days=days, today=today))
        for number, participant in enumerate(due, start=1):
            self.stderr.write(
                _("%(number)d/%(total)d: deltagare %(id)d")
                % {"number": number, "total": len(due), "id": participant.pk}
            )
            if not dry_run:
                participant_erase(participant, by=None, today=today)
        template = (
            _(
                "%(count)d deltagare vars kursomgångar slutade för mer än %(days)d dagar sedan "
                "skulle raderas; inget är ändrat."
            )
            if dry_run
            else _(
                "%(count)d deltagare vars kursomgångar slutade för mer än %(days)d dagar sedan "
                "har raderats."
            )
        )
        self.stdout.write(template % {"count": len(due), "days": days})
