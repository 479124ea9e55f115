"""Listing pages cost the same number of queries with few rows as with many (issue 7).

Pages with budgets of their own are pinned beside their tests: the module and course pages
(tests/coursecontent/test_module_page.py), the participant's module page and Min kurs with the
shared cache warm and right after a publish (tests/lms/test_my_course.py), the
public county pages (tests/scheduling/test_public_pages.py), the cohort list
(tests/scheduling/test_admin.py), attendance (tests/lms/test_attendance.py), the statistics'
reads (tests/lms/test_stats_data.py) and the certificate check (tests/lms/test_certificates.py).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import NATIONAL_COORDINATORS
from scheduling.models import EnrolmentStatus
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import (
    CohortFactory,
    EnrolmentFactory,
    InterestRegistrationFactory,
    SessionFactory,
)
from tests.factories.users import staff_member as staff


def queries_for(client, url) -> int:
    client.get(url)  # warm per-process caches, as in a running server
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def kronoberg(db):
    county = CountyFactory(code="07", name="Kronobergs län")
    MunicipalityFactory(county=county, code="0780", name="Växjö")
    return county


@pytest.mark.django_db
def test_interest_registration_list(client, kronoberg):
    client.force_login(staff(NATIONAL_COORDINATORS))
    counts = []
    for total in (2, 15):
        while len(counts) < 2 and InterestRegistrationFactory._meta.model.objects.count() < total:
            InterestRegistrationFactory(municipality=kronoberg.municipalities.get())
        counts.append(queries_for(client, "/admin/scheduling/interestregistration/"))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_cohort_participants_view(client, kronoberg):
    client.force_login(staff(NATIONAL_COORDINATORS))
    cohort = CohortFactory(county=kronoberg, capacity=40)
    url = f"/admin/scheduling/cohort/{cohort.pk}/deltagare/"
    counts = []
    for total in (2, 20):
        while cohort.enrolments.count() < total:
            EnrolmentFactory(
                cohort=cohort,
                participant=UserFactory(municipality=kronoberg.municipalities.get()),
            )
            SessionFactory(cohort=cohort)
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_my_calendar(client, kronoberg):
    participant = UserFactory(municipality=kronoberg.municipalities.get())
    cohort = CohortFactory(county=kronoberg)
    EnrolmentFactory(cohort=cohort, participant=participant, status=EnrolmentStatus.ENROLLED)
    client.force_login(participant)
    counts = []
    for total in (2, 20):
        while cohort.sessions.count() < total:
            SessionFactory(cohort=cohort)
        counts.append(queries_for(client, "/min-kalender/"))
    assert counts[0] == counts[1], counts
