"""The benchmark's Django: test settings, a fresh SQLite database in a temporary folder.

Everything runs in one process, so the baseline view and the pages are measured side by side.
The PostgreSQL phase (`bench.postgres`) runs in a process of its own on a scratch database.
"""

import logging
import os
import sys
import tempfile


def setup_django(database_url: str = "") -> None:
    """Configure Django on a new, migrated database; quiet the expected 404 and access logs.

    The database is `database_url` (empty) or else a new SQLite file in a temporary folder.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if not database_url:
        folder = tempfile.mkdtemp(prefix="kursplattform-bench-")
        database_url = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url
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
