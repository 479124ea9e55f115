"""Build the platform from nothing: migrations, reference data, site, course, roles, demo logins."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coursecontent.course_fixture import CourseFixtureError, load_course
from lms.demo import ensure_demo_accounts, give_demo_progress
from lms.roles import ensure_course_editor_group, ensure_scheduling_groups
from scheduling.demo import build_demo_schedule
from scheduling.reference_data import ReferenceDataError, load_reference_data
from scheduling.rounds import ensure_real_round


class Command(BaseCommand):
    help = "Bygger plattformen från grunden; säker att köra flera gånger."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Lägg till demokonton.")
        parser.add_argument("--no-migrate", action="store_true", help="Hoppa över migreringarna.")

    def handle(self, *args, demo=False, no_migrate=False, **options):
        if not no_migrate:
            self.stdout.write(_("Kör migreringar …"))
            call_command("migrate", interactive=False, verbosity=0)
        try:
            reference = load_reference_data()
            course = load_course()
        except (ReferenceDataError, CourseFixtureError) as error:
            raise CommandError(str(error)) from error
        for label in reference.created:
            self.stdout.write(
                _(
                    "Referensdata, %(label)s: %(created)d nya, %(updated)d uppdaterade, "
                    "%(unchanged)d oförändrade"
                )
                % {
                    "label": label,
                    "created": reference.created[label],
                    "updated": reference.updated[label],
                    "unchanged": reference.unchanged[label],
                }
            )
        self.stdout.write(
            _("Sidor: %(created)d skapade, %(unchanged)d fanns redan och lämnades orörda")
            % {"created": len(course.created), "unchanged": len(course.unchanged)}
        )
        for title in course.created:
            self.stdout.write(f"  + {title}")
        ensure_course_editor_group(course.course_index)
        ensure_scheduling_groups()
        real_round = ensure_real_round(course=course.course)
        self.stdout.write(_("Kursomgång: %(round)s") % {"round": real_round.title})
        if demo:
            accounts = ensure_demo_accounts()
            for line in build_demo_schedule(real_round, course=course.course):
                self.stdout.write(f"  {line}")
            give_demo_progress(real_round)
            self.stdout.write(self.style.SUCCESS(_("Demokonton (logga in på /admin/):")))
            for account in accounts:
                if account.is_staff:
                    self.stdout.write(f"  {account.role}: {account.email} / {account.password}")
            participants = [account for account in accounts if not account.is_staff]
            self.stdout.write(
                _(
                    "Demodeltagare (%(count)d, med framsteg och närvaro i omgången 2022–2023), "
                    "lösenord %(password)s, logga in på /konto/logga-in/:"
                )
                % {"count": len(participants), "password": participants[0].password}
            )
            for account in participants:
                self.stdout.write(f"  {account.role}: {account.email}")
        self.stdout.write(self.style.SUCCESS(_("Klart.")))
