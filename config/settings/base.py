"""Settings shared by every environment; environment files override what differs."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "regions",
    "calendars",
    "accounts",
    "coursecontent",
    "scheduling",
    "network",
    "lms",
    "lms.apps.UsersAppConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.AdminRelaxedCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which refuses a host not in ALLOWED_HOSTS.
    "config.middleware.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "config.middleware.NotFoundPageMiddleware",
    # Last, so that it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env_str("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "lms.User"
# Axes first: it refuses a locked-out (email, IP) before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "lms:login"
LOGIN_REDIRECT_URL = "lms:my_course"
LOGOUT_REDIRECT_URL = "/"
# Invitation and password links work once and expire after a week.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 60 * 60

# Swedish first: the interface is Swedish unless a person chooses English.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "sprak"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail's page editor posts many fields at once.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Form data outside files; Wagtail's page editor with a long module body stays well below it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

WAGTAIL_SITE_NAME = "Länsstyrelsernas kursplattform"
# The cache: Redis, shared by every app server, when REDIS_URL is set (production, the load run);
# otherwise each process's own memory, so that `make run` and the tests need no server. Rendered
# feeds, statistics, rate limits and page fragments live here; the key prefix keeps two sites on
# one Redis apart. Everything in it can be computed again, so a Redis that fails or does not
# answer within a second makes pages slower, not an error (config/cache.py).
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "config.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "kurs"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kurs"}
    )
}

WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("sv", "Svenska")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents: the course's templates (fixtures/course/documents are CSV) and the office formats
# municipalities exchange; nothing executable. Wagtail's document field refuses larger files.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Wagtail's responsive embeds carry an inline style="padding-bottom: ..." that the page's
# Content-Security-Policy refuses; site.css gives the video frame its 16:9 shape instead.
WAGTAILEMBEDS_RESPONSIVE_HTML = False

DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "kurs@lansstyrelsen.example")
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # One line per background task is noise at INFO; failures still show.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

# Calendar: UIDs are "<session uuid>@CALENDAR_UID_DOMAIN" for a session's whole life, so the
# domain must never change once feeds are out; the organizer address is used when a county
# board has none of its own.
CALENDAR_UID_DOMAIN = env_str("CALENDAR_UID_DOMAIN", "kurs.lansstyrelsen.se")
CALENDAR_ORGANIZER_EMAIL = env_str("CALENDAR_ORGANIZER_EMAIL", DEFAULT_FROM_EMAIL)
SITE_URL = env_str("SITE_URL", WAGTAILADMIN_BASE_URL)

# Background tasks (invitations): run at once in development and tests; production uses the
# database backend and `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STATS_PUBLIC_THRESHOLD = 5  # groups smaller than this are shown as 'färre än 5' in public
# Statistics are kept in the cache (lms.stats.snapshots): none older than this is ever shown, and
# after a change a result is recomputed (by the task worker) at most once per refresh interval.
STATS_MAX_AGE_SECONDS = 5 * 60
STATS_REFRESH_SECONDS = 60
# Participants' personal data is erased (`manage.py erase_personal_data`) this many days after the
# last day of the last round they were enrolled in: two years covers the reporting that follows
# a round and the checking of its certificates.
PERSONAL_DATA_RETENTION_DAYS = 730
# The public interest form (scheduling.services.interest): a registration counts once its contact
# follows the emailed link, valid this many days; posts per hour from one contact address and
# from one client IP address (a county board's office may send a few for its municipalities).
INTEREST_CONFIRM_DAYS = 7
INTEREST_POSTS_PER_HOUR_PER_EMAIL = 3
INTEREST_POSTS_PER_HOUR_PER_IP = 10

# Content-Security-Policy (django-csp 4): our own pages need no inline script or style. Videos
# are embedded from the hosts below (coursecontent.blocks.VideoBlock, through oEmbed).
CSP_FRAME_HOSTS = env_list(
    "DJANGO_CSP_FRAME_HOSTS",
    ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": CSP_FRAME_HOSTS,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin writes inline scripts and styles of its own (its editor, its icons, its
# preview), which a strict policy would break. It gets this wider policy, still without other
# origins for scripts. Its editing screens frame the preview panel from our own origin, and only
# the preview views may be framed, by our own pages (frame-ancestors there is 'self', set in
# config/csp.py); every other admin page may not be framed at all.
CSP_ADMIN_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'", *CSP_FRAME_HOSTS],
    }
}
# Avatars from Gravatar would need another origin in the admin's policy; Wagtail shows its own
# default avatar instead, and no email address (hashed or not) leaves the platform.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Login lockout (django-axes): 5 failed logins for one email address from one IP address lock
# that pair out for 15 minutes; other people, and the same person elsewhere, can still log in.
# A successful login resets the count. Both login pages (ours and the admin's) are covered.
# The admin's login form refuses an overlong email before any login attempt
# (accounts/login_forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.login_forms.AdminLoginForm"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
# Axes otherwise prints its configuration ("AXES: BEGIN ...") at the start of every command.
AXES_VERBOSE = False
# Behind a reverse proxy every request comes from the proxy's address: name the request header
# (as in request.META) that the proxy sets to the client's address, e.g. HTTP_X_FORWARDED_FOR,
# and how many proxies append to it. Unset, the connection's own address (REMOTE_ADDR) counts.
CLIENT_IP_HEADER = env_str("DJANGO_CLIENT_IP_HEADER")
CLIENT_IP_PROXY_COUNT = int(env_str("DJANGO_CLIENT_IP_PROXY_COUNT", "1"))
