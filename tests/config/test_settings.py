"""Settings: production refuses to start without its secrets; DATABASE_URL picks the database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    """Import a settings module in a fresh interpreter with only the given variables set."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_"))
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django.conf as c, {module} as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": module},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "kurs.example.se"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_or_hosts(env, missing):
    result = load_settings("config.settings.production", **env)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


def test_production_starts_with_both_and_uses_database_url():
    result = load_settings(
        "config.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="kurs.example.se",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/kurs",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_sqlite_is_the_default():
    result = load_settings("config.settings.dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_swedish_first_in_stockholm(settings):
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert [code for code, _name in settings.LANGUAGES] == ["sv", "en"]


# What an outer `make test` (as CI runs it) or a set address would pass down to the inner make.
OUTER_MAKE_AND_SITE = ("SITE_URL", "WAGTAILADMIN_BASE_URL", "MAKELEVEL", "MAKEFLAGS", "MFLAGS")


def test_make_run_gives_links_in_emails_the_address_it_serves():
    """`make run PORT=8311` serves on 8311, and invitation links name 8311 too."""
    result = subprocess.run(
        ["make", "--no-print-directory", "--dry-run", "--always-make", "run", "PORT=8311"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in OUTER_MAKE_AND_SITE},
        capture_output=True,
        text=True,
        check=True,
    )
    command = result.stdout.replace("\\\n", " ").splitlines()[-1]
    assert "SITE_URL=http://127.0.0.1:8311 " in command
    assert "WAGTAILADMIN_BASE_URL=http://127.0.0.1:8311 " in command
    assert command.rstrip().endswith("runserver 127.0.0.1:8311")
    served = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from accounts.services import password_set_url; "
            "from lms.models import User; print(password_set_url(User(pk=1, email='a@b.se')))",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "SITE_URL": "http://127.0.0.1:8311",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert served.returncode == 0, served.stderr
    assert served.stdout.startswith("http://127.0.0.1:8311/"), served.stdout


def test_management_commands_print_no_axes_banner():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stdout + result.stderr


def test_redis_url_makes_the_cache_shared():
    """With REDIS_URL the cache is Django's RedisCache; without it, each process's memory."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    env.pop("REDIS_URL", None)
    local = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    shared = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "REDIS_URL": "redis://127.0.0.1:6379/0"},
        capture_output=True,
        text=True,
    )
    assert local.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache", local.stderr
    assert shared.stdout.strip() == "config.cache.ForgivingRedisCache", shared.stderr
