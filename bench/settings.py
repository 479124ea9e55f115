"""Settings for the benchmark: the test settings plus the baseline view's URL."""

from config.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405  (its templates)
