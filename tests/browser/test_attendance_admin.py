"""A trainer in the admin: opens a session's attendance, marks two present, saves."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import TRAINERS, ensure_scheduling_groups
from lms.models import Attendance
from tests.browser.admin_login import log_in_to_admin
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import CohortFactory, EnrolmentFactory, SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL, PASSWORD = "kursledare@example.com", "ett-bra-losenord-kl"


def test_trainer_records_attendance(page, live_server, assert_accessible):
    groups = ensure_scheduling_groups()
    county = CountyFactory(code="07", name="Kronobergs län")
    vaxjo = MunicipalityFactory(county=county, code="0780", name="Växjö")
    cohort = CohortFactory(county=county, name="Kronoberg grupp 1")
    session = SessionFactory(
        cohort=cohort,
        start=datetime(2022, 3, 15, 8, tzinfo=UTC),
        end=datetime(2022, 3, 15, 11, tzinfo=UTC),
    )
    names = [("Åsa", "Lind"), ("Björn", "Berg"), ("Cecilia", "Dahl")]
    for first, last in names:
        participant = UserFactory(first_name=first, last_name=last, municipality=vaxjo)
        EnrolmentFactory(cohort=cohort, participant=participant)
    trainer = get_user_model().objects.create_user(
        EMAIL, PASSWORD, is_staff=True, first_name="Kajsa", last_name="Kursledare"
    )
    trainer.groups.add(groups[TRAINERS])
    cohort.trainers.add(trainer)

    log_in_to_admin(page, live_server, EMAIL, PASSWORD)
    assert_accessible(page)

    # The trainer's cohorts: the one they lead, with its list of sessions to take attendance at.
    page.goto(live_server.url + "/admin/scheduling/cohort/")
    expect(page.get_by_role("row").filter(has_text="Kronoberg grupp 1")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + reverse("lms_attendance", args=[session.pk]))
    expect(page).to_have_title(
        re.compile(r"^Närvaro: Kronoberg grupp 1, tisdag 15 mars 2022, 09\.00–12\.00")
    )
    expect(page.get_by_role("heading", level=2, name="Kronoberg grupp 1")).to_be_visible()
    expect(
        page.get_by_text("tisdag 15 mars 2022, 09.00–12.00 · Länsstyrelsen, sal 1")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Närvaro per deltagare")).to_be_visible()
    expect(page.get_by_role("checkbox")).to_have_count(3)
    assert_accessible(page)

    page.get_by_label("Åsa Lind").check()
    page.get_by_label("Cecilia Dahl").check()
    page.get_by_role("button", name="Spara närvaron").click()

    expect(page.get_by_text("Närvaron är sparad: 2 närvarande, 1 frånvarande.")).to_be_visible()
    expect(page.get_by_label("Åsa Lind")).to_be_checked()
    expect(page.get_by_label("Björn Berg")).not_to_be_checked()
    expect(page.get_by_label("Cecilia Dahl")).to_be_checked()
    expect(page.get_by_text("Registrerat närvarande: 2 av 3.")).to_be_visible()
    assert_accessible(page)
    assert sorted(
        Attendance.objects.filter(session=session, attended=True).values_list(
            "participant__first_name", flat=True
        )
    ) == ["Cecilia", "Åsa"]
