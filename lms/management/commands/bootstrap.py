"""Build the platform from nothing: migrations, reference data, site, course, roles, demo logins."""

import logging
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.demo import ensure_demo_accounts
from accounts.roles import ensure_course_editor_group, ensure_scheduling_groups
from coursecontent.course_fixture import CourseFixtureError, read_course, write_course
from lms.demo import DEMO_HISTORY_DOMAIN, give_demo_history, give_demo_progress
from network.content import ensure_network_pages
from network.demo import build_demo_network
from network.roles import ensure_example_workflow, ensure_network_roles
from regions.loader import ReferenceDataError, read_reference_data, write_reference_data
from scheduling.demo import build_demo_schedule
from scheduling.rounds import ensure_real_round


@contextmanager
def quiet_logger(name: str, level: int = logging.WARNING):
    """Hold a logger at level: Wagtail logs each page it creates and publishes, in English."""
    logger = logging.getLogger(name)
    previous = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(previous)


class Command(BaseCommand):
    """manage.py bootstrap [--demo] [--no-migrate]."""

    help = "Bygger plattformen från grunden; säker att köra flera gånger."

    def add_arguments(self, parser):
        """--demo adds demo accounts and progress; --no-migrate skips the migrations."""
        parser.add_argument("--demo", action="store_true", help="Lägg till demokonton.")
        parser.add_argument("--no-migrate", action="store_true", help="Hoppa över migreringarna.")

    def handle(self, *args, **options):
        """Build it, with Wagtail's own page log quiet: the command reports in Swedish."""
        with quiet_logger("wagtail"):
            self.build(**options)

    def build(self, *, demo=False, no_migrate=False, **options):
        """Migrate, check every fixture file, then write everything in one transaction."""
        if not no_migrate:
            self.stdout.write(_("Kör migreringar …"))
            call_command("migrate", interactive=False, verbosity=0)
        problems = []
        try:
            reference = read_reference_data()
        except ReferenceDataError as error:
            problems += error.problems
        try:
            course_fixture = read_course()
        except CourseFixtureError as error:
            problems += error.problems
        if problems:
            raise CommandError("\n".join(problems))
        with transaction.atomic():
            self._build(reference, course_fixture, demo=demo)
        self.stdout.write(self.style.SUCCESS(_("Klart.")))

    def _build(self, reference, course_fixture, *, demo):
        """Write the reference data and the course, set up roles, the round and demo data."""
        loaded = write_reference_data(reference)
        for label in loaded.created:
            self.stdout.write(
                _(
                    "Referensdata, %(label)s: %(created)d nya, %(updated)d uppdaterade, "
                    "%(unchanged)d oförändrade"
                )
                % {
                    "label": label,
                    "created": loaded.created[label],
                    "updated": loaded.updated[label],
                    "unchanged": loaded.unchanged[label],
                }
            )
        course = write_course(course_fixture)
        self.stdout.write(
            _("Sidor: %(created)d skapade, %(unchanged)d fanns redan och lämnades orörda")
            % {"created": len(course.created), "unchanged": len(course.unchanged)}
        )
        for title in course.created:
            self.stdout.write(f"  + {title}")
        ensure_course_editor_group(course.course_index)
        ensure_scheduling_groups()
        ensure_network_roles()
        ensure_example_workflow(ensure_network_pages(course.course_index.get_parent()))
        real_round = ensure_real_round(course=course.course)
        self.stdout.write(_("Kursomgång: %(round)s") % {"round": real_round.title})
        if demo:
            accounts = ensure_demo_accounts()
            for line in build_demo_schedule(real_round, course=course.course):
                self.stdout.write(f"  {line}")
            history = give_demo_history(real_round)
            give_demo_progress(real_round)
            self.stdout.write(
                _(
                    "Demohistorik i %(round)s: %(count)d påhittade deltagare "
                    "(demo.deltagare.N@%(domain)s) med framsteg, närvaro och slutförda kurser"
                )
                % {"round": real_round.title, "count": history, "domain": DEMO_HISTORY_DOMAIN}
            )
            for line in build_demo_network(real_round, today=timezone.localdate()):
                self.stdout.write(f"  {line}")
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
