"""One small world for the security tests: two counties, each with a cohort and a participant.

County A (07) is "own": the county coordinator works there, the participant lives there and the
trainer leads its cohort. County B (14) is "another county": another participant, and a cohort
that nobody but national staff may reach. The trainer works at county B's board but does not lead
B's cohort, so a trainer who reached a cohort by their county instead of by leading it shows up.
Each county hosts a cohort with a session, an enrolled participant who has a calendar token, a
reflection, an interest registration and a completion (so a certificate), all in one round.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth.models import Group
from wagtail.models import Site

from lms.models import Completion, Reflection
from lms.roles import (
    COUNTY_COORDINATORS,
    NATIONAL_COORDINATORS,
    TRAINERS,
    ensure_course_editor_group,
    ensure_scheduling_groups,
)
from scheduling.models import CalendarToken
from scheduling.services import enrolment_create
from tests.factories import (
    CountyFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    HomePageFactory,
    ModulePageFactory,
    MunicipalityFactory,
    UserFactory,
)
from tests.factories.scheduling import (
    CohortFactory,
    InterestRegistrationFactory,
    RoundFactory,
    SessionFactory,
)

REFLECTION_BLOCK_ID = "5f1c6d2e-0000-4000-8000-000000000001"
PASSWORD = "losenord-123"


@dataclass
class CountySide:
    """One county's objects: its cohort, session, participant and their secrets."""

    county: object
    municipality: object
    cohort: object
    session: object
    participant: object
    enrolment: object
    token: str
    interest: object
    completion: object

    def placeholders(self) -> dict[str, object]:
        """The values a matrix row's path and data may name for this county's objects."""
        return {
            "cohort": self.cohort.pk,
            "session": self.session.pk,
            "session_uid": self.session.uid,
            "participant": self.participant.pk,
            "enrolment": self.enrolment.pk,
            "interest": self.interest.pk,
            "token": self.token,
            "county": self.county.pk,
            "county_code": self.county.code,
        }

    def markers(self) -> dict[str, str]:
        """Text that only a page showing this county's private data contains."""
        return {
            "cohort": self.cohort.name,
            "municipality": self.municipality.name,
            "answer": self.participant.reflections.get().answer,
        }


@dataclass
class World:
    """Everything a security test requests: users by role, and both counties' objects."""

    users: dict
    own: CountySide
    other: CountySide
    round: object
    course: object
    module: object

    def placeholders(self) -> dict[str, object]:
        """The values a matrix row's path and data may name that belong to no county."""
        return {
            "round": self.round.pk,
            "round_slug": self.round.slug,
            "module": self.module.pk,
            "module_url": self.module.url,
            "course_url": self.course.url,
            "block": REFLECTION_BLOCK_ID,
            "code": self.own.completion.verification_code,
        }


def _side(code: str, municipality_code: str, course_round, module, trainer=None) -> CountySide:
    county = CountyFactory(code=code, name=f"Län {code}")
    municipality = MunicipalityFactory(county=county, code=municipality_code)
    cohort = CohortFactory(round=course_round, county=county, name=f"Grupp {code}")
    if trainer is not None:
        cohort.trainers.add(trainer)
    session = SessionFactory(cohort=cohort, start=datetime(2022, 3, 1, 8, tzinfo=UTC))
    participant = UserFactory(
        email=f"deltagare{code}@example.com", first_name="Deltagare", municipality=municipality
    )
    enrolment = enrolment_create(participant=participant, cohort=cohort)
    token = CalendarToken.objects.create(participant=participant)
    Reflection.objects.create(
        participant=participant,
        module=module,
        block_id=REFLECTION_BLOCK_ID,
        question="Vad tar du med dig?",
        answer=f"Hemligt svar från län {code}",
    )
    completion = Completion.objects.create(
        participant=participant,
        round=course_round,
        completed_at=datetime(2022, 6, 1, tzinfo=UTC),
        verification_code=f"AAAA-BBBB-CC{code}",
    )
    interest = InterestRegistrationFactory(round=course_round, municipality=municipality)
    return CountySide(
        county,
        municipality,
        cohort,
        session,
        participant,
        enrolment,
        token.token,
        interest,
        completion,
    )


def _staff(email: str, group: str | None, county=None, **extra):
    user = UserFactory(email=email, is_staff=True, county=county, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def build_world() -> World:
    """Create the world in the current database (call inside a transaction that is rolled back)."""
    home = HomePageFactory(title="Start")
    Site.objects.filter(is_default_site=True).update(root_page=home)
    index = CourseIndexPageFactory(parent=home, title="Kurser")
    course = CoursePageFactory(parent=index, title="Kursen")
    module = ModulePageFactory(
        parent=course,
        title="Modul med fråga",
        body=[
            {
                "type": "reflection_question",
                "id": REFLECTION_BLOCK_ID,
                "value": {"question": "Vad tar du med dig?"},
            }
        ],
    )
    ensure_course_editor_group(index)
    ensure_scheduling_groups()
    course_round = RoundFactory(slug="matris", course=course, required_sessions_attended=1)
    trainer = UserFactory(email="kursledare@example.com", is_staff=True)
    trainer.groups.add(Group.objects.get(name=TRAINERS))
    own = _side("07", "0780", course_round, module, trainer=trainer)
    other = _side("14", "1480", course_round, module)
    trainer.county = other.county
    trainer.save(update_fields=["county"])
    users = {
        "anonymous": None,
        "participant": own.participant,
        "trainer": trainer,
        "county_coordinator": _staff("samordnare@example.com", COUNTY_COORDINATORS, own.county),
        "national_coordinator": _staff("nationell@example.com", NATIONAL_COORDINATORS),
        "course_editor": _staff("redaktor@example.com", "Kursredaktörer"),
        "administrator": _staff("admin@example.com", None, is_superuser=True),
    }
    return World(users, own, other, course_round, course, module)
