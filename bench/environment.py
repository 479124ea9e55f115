"""The benchmark's Django: test settings, a fresh SQLite database in a temporary folder.

Everything runs in one process, so the baseline view and the pages are measured side by side.
"""

import logging
import os
import sys
import tempfile


def setup_django() -> None:
    """Configure Django on a new, migrated database; quiet the expected 404 and access logs."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    folder = tempfile.mkdtemp(prefix="kursplattform-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    progress("Migrerar en ny databas …")
    call_command("migrate", verbosity=0)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    logging.getLogger("wagtail").setLevel(logging.WARNING)


def progress(message: str) -> None:
    """One line of progress on stderr, so the table on stdout stays clean."""
    print(message, file=sys.stderr, flush=True)
