"""Print the completion statistics of a round: the same figures as the admin's statistics."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.stats.reports import LEVELS, as_csv, as_json, as_xlsx, build_report, labelled
from regions.models import County
from scheduling.models import Round

FORMATS = ("table", "csv", "json", "xlsx")


def _check_output(output: str) -> None:
    """Refuse, before any work, an output path that is a folder or lies in a missing folder."""
    path = Path(output)
    if path.is_dir():
        raise CommandError(
            _("--output %(path)s är en mapp; ange en fil.") % {"path": output}, returncode=2
        )
    if not path.parent.is_dir():
        raise CommandError(
            _("--output %(path)s: mappen %(folder)s finns inte.")
            % {"path": output, "folder": path.parent},
            returncode=2,
        )


class Command(BaseCommand):
    help = "Skriver ut kursomgångens statistik, samma siffror som i administrationen."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, help="Kursomgångens kortnamn (slug).")
        parser.add_argument("--by", choices=LEVELS, default="county")
        parser.add_argument("--county", help="Bara det här länet (länskod, t.ex. 14).")
        parser.add_argument("--format", choices=FORMATS, default="table")
        parser.add_argument("--output", help="Skriv till den här filen i stället för till skärmen.")

    def handle(self, *args, round, by, county, format, output, **options):
        if format == "xlsx" and not output:
            raise CommandError(_("Excel skrivs till en fil: ange --output."), returncode=2)
        if output:
            _check_output(output)
        course_round = Round.objects.filter(slug=round).first()
        if course_round is None:
            raise CommandError(
                _("Det finns ingen kursomgång med kortnamnet %(slug)s.") % {"slug": round},
                returncode=2,
            )
        county_obj = None
        if county:
            county_obj = County.objects.filter(code=county).first()
            if county_obj is None:
                raise CommandError(
                    _("Det finns inget län med koden %(code)s.") % {"code": county}, returncode=2
                )
        self.stderr.write(_("Räknar …"))
        report = build_report(round=course_round, county=county_obj, now=timezone.now())
        table = report.tables[by]
        if format == "xlsx":
            body = as_xlsx(report)
        elif format == "csv":
            body = as_csv(table)
        elif format == "json":
            body = as_json(table)
        else:
            body = (labelled(table).to_string(index=False) + "\n").encode()
        if output:
            try:
                Path(output).write_bytes(body)
            except OSError as error:
                raise CommandError(
                    _("Kunde inte skriva %(path)s: %(reason)s.")
                    % {"path": output, "reason": error.strerror},
                    returncode=2,
                ) from error
            self.stderr.write(_("Skrev %(path)s.") % {"path": output})
        else:
            self.stdout.write(body.decode("utf-8-sig"), ending="")
