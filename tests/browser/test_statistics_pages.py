"""Statistics in a real browser: the public rollout page and the admin section, checked by axe."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.roles import COUNTY_COORDINATORS, ensure_scheduling_groups
from lms.models import Completion
from regions.loader import load_reference_data
from regions.models import County, Municipality
from scheduling.models import Cohort, Enrolment
from scheduling.rounds import ensure_real_round

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def figures(real_course):
    course_round = ensure_real_round(course=real_course.course)
    people = [("14", "1480")] * 7 + [("07", "0780")]
    for n, (county_code, municipality_code) in enumerate(people):
        cohort, _created = Cohort.objects.get_or_create(
            round=course_round,
            county=County.objects.get(code=county_code),
            defaults={"name": f"Grupp {county_code}", "capacity": 20},
        )
        person = get_user_model().objects.create_user(
            f"p{n}@example.com", "x", municipality=Municipality.objects.get(code=municipality_code)
        )
        Enrolment.objects.create(
            participant=person, cohort=cohort, round=course_round, status="enrolled"
        )
        Completion.objects.create(
            participant=person,
            round=course_round,
            completed_at="2023-03-15T10:00:00Z",
            verification_code=f"CODE-{n}",
        )
    return course_round


def test_public_rollout_page(page, live_server, figures, assert_accessible):
    page.goto(f"{live_server.url}/statistik/?omgang={figures.slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kursen i hela landet")
    expect(
        page.get_by_role("link", name="Västra Götalands län: 2 % av kommunerna nådda (1 av 49)")
    ).to_be_visible()
    kronoberg = page.get_by_role("row").filter(has_text="Kronobergs län")
    expect(kronoberg).to_contain_text("färre än 5")
    expect(
        page.get_by_role(
            "link", name="Kronobergs län: uppgift saknas eller är för liten för att visas"
        )
    ).to_be_visible()
    assert_accessible(page)


def test_county_coordinator_sees_figures_and_charts(page, live_server, figures, assert_accessible):
    load_reference_data()
    groups = ensure_scheduling_groups()
    coordinator = get_user_model().objects.create_user(
        "samordnare@example.com",
        "ett-langt-losenord-3",
        is_staff=True,
        county=County.objects.get(code="14"),
    )
    coordinator.groups.add(groups[COUNTY_COORDINATORS])
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("samordnare@example.com")
    page.locator("#id_password").fill("ett-langt-losenord-3")
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{live_server.url}/admin/statistik/?round={figures.pk}")
    expect(page.get_by_role("heading", name="Per kommun")).to_be_visible()
    expect(page.get_by_role("img", name="Andel som slutfört kursen")).to_be_visible()
    expect(
        page.get_by_role("table", name="Antagna, påbörjat, slutfört och närvaro")
    ).to_contain_text("Göteborg")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner allt som Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
