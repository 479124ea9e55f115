"""Shared fixtures: the real course, a course tree from factories, browsers and axe."""

import importlib.resources
import os
import shutil
import time

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings
from wagtail.models import Page, Site

from config.redis_server import delete_prefixed_keys, reachable, redis_url
from coursecontent.course_fixture import load_course
from regions.loader import load_reference_data

from .factories import CourseIndexPageFactory, CoursePageFactory, HomePageFactory
from .factories.scheduling import SessionFactory

# Playwright's sync API runs an event loop; Django refuses ORM calls inside one without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Property tests explore new examples on every run of a developer's machine. In CI
# (HYPOTHESIS_PROFILE=ci, set by .ci/run) they run the same examples every time, so that a
# build fails for a change and never for a draw; a failure prints how to reproduce it.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev", print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Keep uploaded files of a test in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start each test with an empty cache (rendered feeds are cached under their ETag)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _factory_sessions_in_2022():
    """Number each test's factory sessions from the first, so that their dates stay in 2022.

    Numbered across the whole run, the 700th session fell in 2035 and those near the
    250th in the weeks around today: a test's sessions were past or future depending on how
    many tests ran before it, and on the hour at which it ran.
    """
    SessionFactory.reset_sequence()


REDIS_URL = redis_url()


@pytest.fixture
def redis_cache(settings):
    """The default cache on a real Redis server, under a key prefix of this test's own.

    Skipped, saying so, where no Redis answers (REDIS_URL, or 127.0.0.1:6379). Yields the
    settings for another process (the prefix and URL) to share the same cache.
    """
    if not reachable(REDIS_URL):
        pytest.skip(f"no Redis server answers at {REDIS_URL}; the shared-cache tests need one")
    prefix = f"test-{os.getpid()}-{time.monotonic_ns()}"
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield {"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}
    delete_prefixed_keys(REDIS_URL, prefix)


@pytest.fixture
def real_course(db):
    """The real course and reference data, loaded as bootstrap loads them."""
    load_reference_data()
    result = load_course()
    return result


@pytest.fixture
def staff_client(client, db):
    """A client logged in as staff, who may read every module."""
    from .factories import UserFactory

    client.force_login(UserFactory(email="personal@example.com", is_staff=True))
    return client


@pytest.fixture
def course_tree(db):
    """A home page (the default site's root), a course index and an empty course."""
    home = HomePageFactory(title="Start")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    index = CourseIndexPageFactory(parent=home, title="Kurser")
    course = CoursePageFactory(parent=index, title="En kurs")
    return {"root": Page.get_first_root_node(), "home": home, "index": index, "course": course}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's chromium instead of a browser that Playwright would download."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def axe_source():
    """The axe-core script shipped with axe-playwright-python."""
    return (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(
        encoding="utf-8"
    )


@pytest.fixture
def assert_accessible(axe_source):
    """Run axe on the page and fail with the rules broken, for WCAG 2.0/2.1 levels A and AA."""

    def check(page):
        # Colours are measured as drawn: let short fade-ins (Wagtail's messages) finish first;
        # long decorative loops (Wagtail's pulsing badge) are left running. Polled from here:
        # Playwright's wait_for_function polls with eval(), which the pages' CSP forbids.
        deadline = time.monotonic() + 5
        while not page.evaluate(
            """() => document.getAnimations().every(a => a.playState !== 'running'
                || a.effect.getComputedTiming().endTime > 2000)"""
        ):
            assert time.monotonic() < deadline, "animations still running after 5 s"
            page.wait_for_timeout(50)
        page.evaluate(axe_source)
        results = page.evaluate(
            """() => axe.run(document, {runOnly: {type: "tag",
                 values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})"""
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} – "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in results["violations"]
        ]
        assert not violations, f"axe på {page.url}:\n" + "\n".join(violations)

    return check
