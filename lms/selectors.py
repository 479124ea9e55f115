"""Reads for the participant's pages (module states, their course overview) and the statistics."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from coursecontent.models import CoursePage
from scheduling.models import Enrolment, EnrolmentStatus, Round, Session, SessionStatus
from scheduling.selectors import current_round

from .models import Completion, ModuleProgress, Reflection
from .participant_facts import participant_facts

NOT_STARTED, STARTED, COMPLETED = "not_started", "started", "completed"


def module_states(user, module_ids) -> dict[int, str]:
    """Each module's state for the user: not started, started or completed (one query)."""
    if not user.is_authenticated:
        return dict.fromkeys(module_ids, NOT_STARTED)
    # All the participant's progress (a few dozen rows at most), kept for these modules: cheaper
    # to build than a query with an IN list of the module ids.
    progress = ModuleProgress.objects.filter(participant=user)
    return states_of(dict(progress.values_list("module_id", "completed_at")), module_ids)


def states_of(progress: dict, module_ids) -> dict[int, str]:
    """Each module's state, from the participant's progress (module id → completed at)."""
    states = dict.fromkeys(module_ids, NOT_STARTED)
    for module_id, completed_at in progress.items():
        if module_id in states:
            states[module_id] = COMPLETED if completed_at else STARTED
    return states


def reflections_for(user, module) -> dict[str, str]:
    """The user's answers in a module, by question block id (one query)."""
    if not user.is_authenticated:
        return {}
    return dict(
        Reflection.objects.filter(participant=user, module=module).values_list("block_id", "answer")
    )


@dataclass
class CourseOverview:
    """What "Min kurs" shows for one enrolment."""

    enrolment: Enrolment
    modules: list = field(default_factory=list)
    states: dict = field(default_factory=dict)
    upcoming: list = field(default_factory=list)
    held: int = 0
    attended: int = 0
    completed_at: datetime | None = None

    @property
    def required(self) -> list:
        """The required modules, in course order."""
        return [module for module in self.modules if module.is_required]

    @property
    def completed_count(self) -> int:
        """How many of the course's modules are completed."""
        return sum(1 for module in self.modules if self.states[module.pk] == COMPLETED)

    @property
    def percent(self) -> int:
        """The share of modules completed, as a whole percentage."""
        return round(100 * self.completed_count / len(self.modules)) if self.modules else 0

    @property
    def next_module(self):
        """The first module in course order that is not completed."""
        return next((m for m in self.modules if self.states[m.pk] != COMPLETED), None)


#: What "Min kurs" reads of an enrolment, its cohort and its round: loading no more makes the
#: enrolment query about a fifth cheaper. The pinned query count of Min kurs catches a field left
#: out (each would cost a query per enrolment).
OVERVIEW_FIELDS = (
    "status",
    "participant_id",
    "cohort__name",
    "round__title",
    "round__slug",
    "round__course_id",
    "round__start_date",
    "round__required_sessions_attended",
)


def course_overviews(user) -> list[CourseOverview]:
    """The participant's active enrolments with modules, sessions, attendance and completion.

    Three queries (enrolments, sessions, the participant's facts), and the course's contents on
    a cache miss, whatever the number of enrolments, modules and sessions.
    """
    now = timezone.now()
    enrolments = list(
        Enrolment.objects.filter(
            participant=user, status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED]
        )
        .select_related("cohort", "round")
        .only(*OVERVIEW_FIELDS)
        .order_by("-round__start_date")
    )
    if not enrolments:
        return []
    sessions_by_cohort: dict[int, list] = {e.cohort_id: [] for e in enrolments}
    sessions = Session.objects.filter(cohort_id__in=list(sessions_by_cohort))
    for session in sessions.order_by("start"):
        sessions_by_cohort[session.cohort_id].append(session)
    modules_by_course = {
        e.round.course_id: CoursePage.contents_by_id(e.round.course_id)
        for e in enrolments
        if e.round.course_id
    }
    all_modules = [m.pk for modules in modules_by_course.values() for m in modules]
    facts = participant_facts(user.pk)
    states = states_of(facts.progress, all_modules)
    overviews = []
    for enrolment in enrolments:
        sessions = sessions_by_cohort[enrolment.cohort_id]
        held = [s for s in sessions if s.end <= now and s.status == SessionStatus.SCHEDULED]
        overviews.append(
            CourseOverview(
                enrolment=enrolment,
                modules=modules_by_course.get(enrolment.round.course_id, []),
                states=states,
                upcoming=[s for s in sessions if s.end > now],
                held=len(held),
                attended=sum(1 for s in held if s.pk in facts.attended_session_ids),
                completed_at=facts.completed_at.get(enrolment.round_id),
            )
        )
    return overviews


def statistics_round(*, today: date) -> Round | None:
    """The round the statistics open on: the latest with completions, else the current one.

    A round that has not started has nothing to show yet, so the figures open on the newest
    round in which someone has completed the course; before any completion, on the current one.
    """
    completed = Round.objects.filter(
        Exists(Completion.objects.filter(round=OuterRef("pk")))
    ).order_by("-start_date", "-end_date", "slug")
    return completed.first() or current_round(today=today)
