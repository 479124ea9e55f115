"""Recompute completions after a rule change and report what changed; nothing is taken back."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lms.services.completion import completions_recompute
from scheduling.models import Round


class Command(BaseCommand):
    help = "Räknar om vilka deltagare som har slutfört kursen, till exempel efter en regeländring."

    def add_arguments(self, parser):
        parser.add_argument("--round", help="Bara den här kursomgången (slug).")

    def handle(self, *args, round=None, **options):
        rounds = Round.objects.all()
        if round:
            rounds = rounds.filter(slug=round)
            if not rounds.exists():
                raise CommandError(
                    _("Det finns ingen kursomgång med kortnamnet %(slug)s.") % {"slug": round},
                    returncode=2,
                )
        for course_round in rounds:
            report = completions_recompute(
                round=course_round,
                progress=lambda done, total: self.stderr.write(f"\r{done}/{total}", ending=""),
            )
            self.stderr.write("")
            self.stdout.write(
                _(
                    "%(round)s: %(new)d har nu slutfört kursen, %(kept)d hade redan slutfört, "
                    "%(no_longer)d av dem uppfyller inte regeln längre (deras datum står kvar)."
                )
                % {
                    "round": course_round.title,
                    "new": len(report.new),
                    "kept": report.kept,
                    "no_longer": len(report.no_longer_holds),
                }
            )
            for participant in report.new:
                self.stdout.write(f"  + {participant.email}")
            for participant in report.no_longer_holds:
                self.stdout.write(f"  ! {participant.email}")
