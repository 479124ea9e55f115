"""Settings for the test suite: fast hashing, in-memory email, no debug."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A file, not SQLite's in-memory database: the browser tests' live server and Playwright's event
# loop open connections of their own, and each in-memory connection would see an empty database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    TEST_DB_DIR = BASE_DIR / "var"  # noqa: F405
    TEST_DB_DIR.mkdir(exist_ok=True)
    # One file per test process, so that two runs side by side do not share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_DB_DIR / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405
