"""A course with modules in a round, and a participant with a place in a cohort of it."""

import pytest

from scheduling.models import Cohort
from scheduling.services import enrolment_create
from tests.factories import CountyFactory, ModulePageFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import RoundFactory, SessionFactory


@pytest.fixture
def course_round(course_tree):
    return RoundFactory(course=course_tree["course"], required_sessions_attended=1)


@pytest.fixture
def modules(course_tree):
    course = course_tree["course"]
    required = [ModulePageFactory(parent=course, title=f"Modul {n}") for n in (1, 2)]
    optional = ModulePageFactory(parent=course, title="Fördjupning", is_required=False)
    return [*required, optional]


@pytest.fixture
def cohort(course_round):
    county = CountyFactory(code="07", name="Kronobergs län")
    MunicipalityFactory(county=county, code="0780", name="Växjö")
    cohort = Cohort.objects.create(round=course_round, county=county, name="Grupp 1", capacity=10)
    SessionFactory(cohort=cohort)
    SessionFactory(cohort=cohort)
    return cohort


@pytest.fixture
def participant(cohort):
    user = UserFactory(
        email="sara@example.com", first_name="Sara", municipality=cohort.county.municipalities.get()
    )
    enrolment_create(participant=user, cohort=cohort)
    return user


@pytest.fixture
def participant_client(client, participant):
    client.force_login(participant)
    return client
