"""What a course editor and a visitor meet, walked in a real browser.

The editor edits a module, previews it in the side panel and publishes it, all in Swedish and
within the admin's Content-Security-Policy. The visitor finds the site's icon, a home page that
names the site once, a county's page, the statistics of a round they choose, and a Swedish page
for an address that does not exist.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.documents.models import Document
from wagtail.images.models import Image

from accounts.demo import DEMO_ACCOUNTS, ensure_demo_accounts
from accounts.roles import ensure_course_editor_group, ensure_scheduling_groups
from coursecontent.models import ModulePage
from lms.models import Completion
from network.roles import ensure_network_roles
from regions.models import County, Municipality
from scheduling.models import Cohort, Enrolment, Topic
from scheduling.rounds import ensure_real_round
from tests.browser.admin_login import log_in_to_admin
from tests.factories.scheduling import RoundFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = next(account for account in DEMO_ACCOUNTS if account.role == "kursredaktör")
ENGLISH = re.compile(r"\b(Exploring|Saved|Autosave|Minimap|Side panels|Actions)\b|\d+-\d+ of \d+")


def csp_violations(page) -> list[str]:
    """Collect the policy violations the browser reports on the page's console."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def assert_swedish(page):
    """None of the English Wagtail shows where its Swedish catalogue has gaps."""
    text = page.locator("body").inner_text()
    assert not ENGLISH.search(text), ENGLISH.search(text).group(0)


def test_the_editor_edits_previews_in_the_panel_and_publishes(
    page, live_server, real_course, assert_accessible
):
    ensure_course_editor_group(real_course.course_index)
    ensure_scheduling_groups()
    ensure_demo_accounts()
    module = ModulePage.objects.live().order_by("path").first()
    violations = csp_violations(page)

    log_in_to_admin(page, live_server, EDITOR.email, EDITOR.password)
    assert page.locator("img[src*='gravatar']").count() == 0
    assert_swedish(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/pages/{module.get_parent().pk}/")
    expect(page.get_by_text(re.compile(r"1–\d+ av \d+ sidor"))).to_be_visible()
    expect(page.get_by_role("link", name=module.title).first).to_be_visible()
    assert_swedish(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/pages/{module.pk}/edit/")
    assert_accessible(page)
    # A field the editor adds is named as it appears, like those already there.
    objectives = page.locator("input[name^='learning_objectives-'][name$='-value']")
    count = objectives.count()
    page.locator("[data-contentpath='learning_objectives'] button.c-sf-add-button").last.click()
    expect(objectives).to_have_count(count + 1)
    expect(objectives.last).to_have_attribute("aria-labelledby", re.compile(r".+"))
    assert_accessible(page)
    objectives.last.fill("Kunna förklara varför ett beslut inte räcker för att något ska hända")
    page.locator("#id_title").fill("Varför förändring är svår – förhandsgranskad")
    page.get_by_role("button", name="Växla förhandsgranskning").click()
    preview = page.frame_locator("iframe.w-preview__iframe").last
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        "Varför förändring är svår – förhandsgranskad", timeout=15_000
    )
    assert_swedish(page)

    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("har blivit publicerad")).to_be_visible()
    assert_swedish(page)
    assert violations == []
    module.refresh_from_db()
    assert module.title == "Varför förändring är svår – förhandsgranskad"


def test_the_editor_adds_and_renames_a_topic(page, live_server, real_course, assert_accessible):
    ensure_course_editor_group(real_course.course_index)
    ensure_scheduling_groups()
    ensure_network_roles()
    ensure_demo_accounts()
    log_in_to_admin(page, live_server, EDITOR.email, EDITOR.password)

    page.goto(live_server.url + "/admin/natverk/amnen/")
    expect(page.get_by_role("row").filter(has_text="Lokala indikatorer")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/admin/natverk/amnen/new/")
    page.locator("main form [type=submit]").first.click()
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.locator("#id_name").fill("Cirkulär ekonomi")
    page.locator("#id_sort_order").fill("50")
    page.locator("main form [type=submit]").first.click()
    expect(page.locator(".messages .success")).to_be_visible()

    topic = Topic.objects.get(name="Cirkulär ekonomi")
    page.goto(f"{live_server.url}/admin/natverk/amnen/edit/{topic.pk}/")
    expect(page.locator("#id_name")).to_have_value("Cirkulär ekonomi")
    assert_accessible(page)
    page.locator("#id_name").fill("Cirkulär ekonomi och avfall")
    page.locator("main form [type=submit]").first.click()
    expect(page.locator(".messages .success")).to_be_visible()
    topic.refresh_from_db()
    assert topic.name == "Cirkulär ekonomi och avfall"


def test_the_editor_links_text_to_a_page(page, live_server, real_course, assert_accessible):
    """The link chooser over the page editor, and the editor after the link is made."""
    ensure_course_editor_group(real_course.course_index)
    ensure_scheduling_groups()
    ensure_demo_accounts()
    module = ModulePage.objects.live().order_by("path").first()
    log_in_to_admin(page, live_server, EDITOR.email, EDITOR.password)

    page.goto(f"{live_server.url}/admin/pages/{module.pk}/edit/")
    text = page.locator("[data-contentpath='body'] [contenteditable=true][role=textbox]").first
    text.click()
    page.keyboard.press("Shift+End")
    page.locator("[data-contentpath='body'] .Draftail-ToolbarButton[name=LINK]").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("link", name="Länsstyrelsernas kursplattform")).to_be_visible()
    assert_accessible(page)

    dialog.get_by_role("link", name="Länsstyrelsernas kursplattform").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("[data-contentpath='body'] .TooltipEntity").first).to_be_visible()
    assert_accessible(page)


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), "darkgreen").save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_editor_uploads_an_image_and_a_document(
    page, live_server, real_course, assert_accessible
):
    ensure_course_editor_group(real_course.course_index)
    ensure_scheduling_groups()
    ensure_demo_accounts()
    log_in_to_admin(page, live_server, EDITOR.email, EDITOR.password)

    page.goto(live_server.url + "/admin/images/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bilder")
    assert_accessible(page)
    page.goto(live_server.url + "/admin/images/multiple/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägg till bilder")
    chooser = page.get_by_label("Eller välj från din dator")
    assert_accessible(page)
    chooser.set_input_files({"name": "skog.png", "mimeType": "image/png", "buffer": _png()})
    expect(page.locator("#upload-list form").first).to_be_visible()
    expect(page.locator("#upload-list input[name$='title']").first).to_have_value("skog")
    assert_accessible(page)
    page.goto(f"{live_server.url}/admin/images/{Image.objects.get(title='skog').pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("skog")
    assert_accessible(page)

    page.goto(live_server.url + "/admin/documents/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dokument")
    assert_accessible(page)
    page.goto(live_server.url + "/admin/documents/multiple/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägg till dokument")
    assert_accessible(page)
    page.get_by_label("Eller välj från din dator").set_input_files(
        {"name": "checklista.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    expect(page.locator("#upload-list form").first).to_be_visible()
    assert_accessible(page)
    page.goto(
        f"{live_server.url}/admin/documents/edit/{Document.objects.get(title='checklista').pk}/"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("checklista")
    assert_accessible(page)


@pytest.fixture
def two_rounds(real_course):
    """The real round with completions in Västra Götaland, and a demo round not yet started."""
    from datetime import timedelta

    from django.utils import timezone

    real = ensure_real_round(course=real_course.course)
    cohort = Cohort.objects.create(
        round=real, county=County.objects.get(code="14"), name="Grupp 14", capacity=20
    )
    for n in range(6):
        person = get_user_model().objects.create_user(
            f"p{n}@example.com", "x", municipality=Municipality.objects.get(code="1480")
        )
        Enrolment.objects.create(participant=person, cohort=cohort, round=real, status="enrolled")
        Completion.objects.create(
            participant=person,
            round=real,
            completed_at="2023-03-15T10:00:00Z",
            verification_code=f"CODE-{n}",
        )
    today = timezone.localdate()
    upcoming = RoundFactory(
        course=real_course.course,
        slug="demoomgang",
        title="Förändringsledning, demoomgång",
        start_date=today + timedelta(days=14),
        end_date=today + timedelta(days=300),
    )
    return real, upcoming


def test_the_visitor_meets_icon_title_county_statistics_by_round_and_404(
    page, live_server, two_rounds, assert_accessible
):
    real, upcoming = two_rounds
    icon = page.goto(live_server.url + "/favicon.ico")
    assert icon.status == 200
    assert icon.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")

    page.goto(live_server.url + "/")
    assert page.title() == "Länsstyrelsernas kursplattform"
    page.get_by_role("link", name="Länen och grupperna").first.click()
    page.get_by_role("link", name="Västra Götalands län").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Västra Götalands län")
    assert page.title() == "Västra Götalands län – Länsstyrelsernas kursplattform"

    page.get_by_role("link", name="Statistik").first.click()
    chooser = page.get_by_label("Kursomgång")
    expect(chooser).to_have_value(real.slug)
    row = page.get_by_role("row").filter(has_text="Västra Götalands län")
    expect(row).to_contain_text("6")
    assert_accessible(page)

    chooser.select_option(label=upcoming.title)
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_label("Kursomgång")).to_have_value(upcoming.slug)
    assert f"omgang={upcoming.slug}" in page.url
    chooser = page.get_by_label("Kursomgång")
    chooser.select_option(label=real.title)
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("row").filter(has_text="Västra Götalands län")).to_contain_text("6")

    missing = page.goto(live_server.url + "/finns-inte/")
    assert missing.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    expect(page.get_by_role("link", name="Till startsidan")).to_be_visible()
    assert_accessible(page)
