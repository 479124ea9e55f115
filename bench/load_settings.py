"""Production settings for the load run: gunicorn on plain HTTP over loopback, no TLS proxy.

The cache is Redis when the load run sets REDIS_URL, as on several app servers in production.
"""

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
# Static files are served from the app folders, so no collectstatic run is needed first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The one-row view, for the throughput that the participants' is compared with.
ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405  (its templates)
