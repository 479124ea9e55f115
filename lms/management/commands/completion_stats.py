"""Print the completion statistics of a round: the same figures as the admin's statistics."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.stats_reports import LEVELS, as_csv, as_xlsx, build_report, labelled
from scheduling.models import County, Round

FORMATS = ("table", "csv", "json", "xlsx")


class Command(BaseCommand):
    help = "Skriver ut kursomgångens statistik, samma siffror som i administrationen."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, help="Kursomgångens kortnamn (slug).")
        parser.add_argument("--by", choices=LEVELS, default="county")
        parser.add_argument("--county", help="Bara det här länet (länskod, t.ex. 14).")
        parser.add_argument("--format", choices=FORMATS, default="table")
        parser.add_argument("--output", help="Skriv till den här filen i stället för till skärmen.")

    def handle(self, *args, round, by, county, format, output, **options):
        course_round = Round.objects.filter(slug=round).first()
        if course_round is None:
            raise CommandError(
                _("Det finns ingen kursomgång med kortnamnet %(slug)s.") % {"slug": round}
            )
        county_obj = None
        if county:
            county_obj = County.objects.filter(code=county).first()
            if county_obj is None:
                raise CommandError(_("Det finns inget län med koden %(code)s.") % {"code": county})
        if format == "xlsx" and not output:
            raise CommandError(_("Excel skrivs till en fil: ange --output."))
        self.stderr.write(_("Räknar …"))
        report = build_report(round=course_round, county=county_obj, now=timezone.now())
        table = report.tables[by]
        if format == "xlsx":
            body = as_xlsx(report)
        elif format == "csv":
            body = as_csv(table)
        elif format == "json":
            body = table.to_json(
                orient="records", force_ascii=False, date_format="iso", indent=2
            ).encode()
        else:
            body = (labelled(table).to_string(index=False) + "\n").encode()
        if output:
            with open(output, "wb") as handle:
                handle.write(body)
            self.stderr.write(_("Skrev %(path)s.") % {"path": output})
        else:
            self.stdout.write(body.decode("utf-8-sig"), ending="")
