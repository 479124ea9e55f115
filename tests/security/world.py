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

from accounts.roles import (
    COUNTY_COORDINATORS,
    NATIONAL_COORDINATORS,
    TRAINERS,
    ensure_course_editor_group,
    ensure_scheduling_groups,
)
from calendars.models import CalendarToken
from lms.models import Completion, Reflection
from network.content import ensure_network_pages
from network.models import ExamplePage, NetworkInvitation, Topic
from network.roles import ensure_example_workflow, ensure_network_roles
from network.services import example_submit, membership_add
from scheduling.services import enrolment_create, interest_confirmation_token
from tests.factories import (
    CountyFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    HomePageFactory,
    ModulePageFactory,
    MunicipalityFactory,
    UserFactory,
)
from tests.factories.network import MeetingFactory, NetworkFactory
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
    network: object
    meeting: object
    example: object = None  # a member's example in moderation, set by build_world

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
            "network": self.network.pk,
            "network_slug": self.network.slug,
            "network_token": self.network.feed_token,
            "meeting": self.meeting.pk,
            "meeting_uid": self.meeting.uid,
            "example": self.example.pk,
        }

    def markers(self) -> dict[str, str]:
        """Text that only a page showing this county's private data contains."""
        return {
            "cohort": self.cohort.name,
            "municipality": self.municipality.name,
            "answer": self.participant.reflections.get().answer,
            "network": self.network.name,
            "meeting": self.meeting.title,
            "county_name": self.county.name,
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
    network_index: object
    example: object
    invitation: object

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
            "interest_link": interest_confirmation_token(registration=self.own.interest),
            "network_index_url": self.network_index.url,
            "example_url": self.example.url,
            "invitation_token": self.invitation.token,
            "topic": Topic.objects.order_by("pk").first().pk,
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
    network = NetworkFactory(county=county, name=f"Nätverk {code}", slug=f"natverk-{code}")
    membership_add(network=network, member=participant)
    meeting = MeetingFactory(network=network, title=f"Nätverksträff {code}")
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
        network,
        meeting,
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
    ensure_network_roles()
    network_index = ensure_network_pages(home)
    ensure_example_workflow(network_index)
    course_round = RoundFactory(
        slug="matris", course=course, required_sessions_attended=1, running=True
    )
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
    example = ExamplePage(
        title="Exempel från län 07",
        slug="exempel-07",
        network=own.network,
        summary="Kort.",
        body="<p>Text.</p>",
    )
    network_index.add_child(instance=example)
    example.save_revision().publish()
    for side in (own, other):
        side.example = example_submit(
            network=side.network,
            author=side.participant,
            title=f"Utkast från län {side.county.code}",
            summary="Kort.",
            body="<p>Text.</p>",
        )
    invitation = NetworkInvitation.objects.create(
        network=own.network,
        registration=own.interest,
        municipality=own.municipality,
        name="Ny Medlem",
        email="ny.medlem@example.com",
    )
    return World(
        users, own, other, course_round, course, module, network_index, example, invitation
    )
