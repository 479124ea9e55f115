"""Propose a round's national rollout plan, and publish it as cohorts and sessions on request."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from scheduling.models import Round
from scheduling.plan_format import plan_as_csv, plan_as_json, plan_as_table
from scheduling.rollout import round_plan
from scheduling.services import PlanPublishError, plan_publish

FORMATS = {"table": plan_as_table, "json": plan_as_json, "csv": plan_as_csv}


class Command(BaseCommand):
    help = "Föreslår kursomgångens plan per län; --publish skapar grupperna och träffarna."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, help="Kursomgångens kortnamn (slug).")
        parser.add_argument("--format", choices=sorted(FORMATS), default="table")
        parser.add_argument("--publish", action="store_true", help="Publicera planen.")

    def handle(self, *args, round, format, publish, **options):
        try:
            course_round = Round.objects.get(slug=round)
        except Round.DoesNotExist as error:
            raise CommandError(
                _("Det finns ingen kursomgång med kortnamnet %(slug)s.") % {"slug": round},
                returncode=2,
            ) from error

        def progress(done: int, total: int) -> None:
            self.stderr.write(
                "\r" + _("Planerar … %(done)d av %(total)d") % {"done": done, "total": total},
                ending="",
            )

        plan = round_plan(course_round, progress=progress)
        self.stderr.write("")
        self.stdout.write(FORMATS[format](plan), ending="")
        if not plan.feasible:
            raise CommandError(_("Planen går inte att genomföra; inget har publicerats."))
        if publish:
            try:
                cohorts = plan_publish(round=course_round, plan=plan)
            except PlanPublishError as error:
                raise CommandError(str(error)) from error
            self.stderr.write(
                self.style.SUCCESS(_("Publicerade %(count)d grupper.") % {"count": len(cohorts)})
            )
