"""The public and participant pages keep to the Content-Security-Policy in a real browser."""

import pytest
from playwright.sync_api import expect

from coursecontent.models import CoursePage, ModulePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUBLIC_PAGES = ["/", "/lan/", "/lan/07/", "/intresse/", "/statistik/", "/intyg/"]
ACCOUNT_PAGES = ["/konto/logga-in/", "/konto/glomt-losenord/"]
PARTICIPANT_PAGES = ["/min-kurs/", "/min-kalender/"]

# Recorded in the page before any of its own code runs; Playwright's init scripts are not
# subject to the page's policy, so the listener works even where the policy forbids scripts.
LISTEN = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile
    + ':' + e.lineNumber));
"""


@pytest.fixture
def violations(page):
    """Every CSP violation the browser reports, from events and from the console."""
    found = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def collect():
        return found + page.evaluate("window.__cspViolations")

    return collect


def visit(page, url, violations):
    """Open a page, wait until it is loaded, and fail on any policy violation."""
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self';" in response.headers["content-security-policy"] + ";"
    page.wait_for_load_state("load")
    assert violations() == [], url


def test_public_pages_keep_to_the_policy(page, live_server, participant, violations):
    course = CoursePage.objects.get()
    for path in [*PUBLIC_PAGES, *ACCOUNT_PAGES, course.url]:
        visit(page, live_server.url + path, violations)
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)


def test_participant_pages_keep_to_the_policy(page, live_server, participant, log_in, violations):
    log_in()
    modules = [module.url for module in ModulePage.objects.live().order_by("path")]
    for path in [*PARTICIPANT_PAGES, *modules]:
        visit(page, live_server.url + path, violations)
    page.get_by_role("button", name="Markera som klar").click()
    expect(page.get_by_text("Modulen är markerad som klar.")).to_be_visible()
    assert violations() == []


def test_the_county_map_is_styled_from_its_static_file(page, live_server, participant, violations):
    visit(page, live_server.url + "/statistik/", violations)
    county = page.locator(".sweden-map__county path").first
    expect(county).to_have_css("stroke", "rgb(27, 27, 27)")
    expect(page.locator(".sweden-map__readout").first).to_be_hidden()
