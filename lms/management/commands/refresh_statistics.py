"""Keep the statistics that visitors read computed, so that none of them waits for it.

Run it every minute (cron, a systemd timer) beside the task worker: it recomputes the public
page's and the dashboard panels' results that are missing or due (a change since, or half the
bound gone), so a visitor after a quiet spell is served a kept result too.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.stats import results, snapshots


class Command(BaseCommand):
    help = "Beräknar den statistik som besökare läser, där den saknas eller ska uppdateras."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Beräkna allt på nytt, även det som inte ska uppdateras än.",
        )

    def handle(self, *args, **options):
        """Refresh each kept scope that needs it, printing progress on stderr."""
        scopes = results.kept_scopes(today=timezone.localdate())
        due = [s for s in scopes if options["all"] or snapshots.needs_refresh(s.key)]
        for number, scope in enumerate(due, start=1):
            self.stderr.write(
                "\r" + _("Beräknar %(done)d av %(total)d …") % {"done": number, "total": len(due)},
                ending="",
            )
            snapshots.refresh(scope.key, scope.compute)
        if due:
            self.stderr.write("")
        self.stdout.write(
            _("%(count)d av %(total)d resultat beräknades.")
            % {"count": len(due), "total": len(scopes)}
        )
