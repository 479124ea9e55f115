"""Reads for the participant's pages: module states, their course overview."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q
from django.utils import timezone

from scheduling.models import Enrolment, EnrolmentStatus, Session, SessionStatus

from .models import Attendance, Completion, ModuleProgress, Reflection

NOT_STARTED, STARTED, COMPLETED = "not_started", "started", "completed"


def module_states(user, module_ids) -> dict[int, str]:
    """Each module's state for the user: not started, started or completed (one query)."""
    states = dict.fromkeys(module_ids, NOT_STARTED)
    if not user.is_authenticated:
        return states
    for module_id, completed_at in ModuleProgress.objects.filter(
        participant=user, module_id__in=list(module_ids)
    ).values_list("module_id", "completed_at"):
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
    completion: Completion | None = None

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


def course_overviews(user) -> list[CourseOverview]:
    """The participant's active enrolments with modules, sessions, attendance and completion.

    A constant number of queries, whatever the number of modules and sessions.
    """
    from coursecontent.models import ModulePage

    now = timezone.now()
    enrolments = list(
        Enrolment.objects.filter(
            participant=user, status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED]
        )
        .select_related("cohort__county", "round__course")
        .prefetch_related(
            Prefetch(
                "cohort__sessions",
                queryset=Session.objects.order_by("start"),
                to_attr="all_sessions",
            )
        )
        .order_by("-round__start_date")
    )
    courses = {e.round.course.path: e.round.course for e in enrolments if e.round.course_id}
    modules_by_course: dict[str, list] = {}
    if courses:
        children = reduce(
            or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in courses.values())
        )
        for module in ModulePage.objects.live().filter(children).for_contents():
            modules_by_course.setdefault(module.path[: -module.steplen], []).append(module)
    all_modules = [m.pk for modules in modules_by_course.values() for m in modules]
    states = module_states(user, all_modules)
    attended_ids = set(
        Attendance.objects.filter(participant=user, attended=True).values_list(
            "session_id", flat=True
        )
    )
    completions = {c.round_id: c for c in Completion.objects.filter(participant=user)}
    overviews = []
    for enrolment in enrolments:
        course = enrolment.round.course
        sessions = enrolment.cohort.all_sessions
        held = [s for s in sessions if s.end <= now and s.status == SessionStatus.SCHEDULED]
        overviews.append(
            CourseOverview(
                enrolment=enrolment,
                modules=modules_by_course.get(course.path, []) if course else [],
                states=states,
                upcoming=[s for s in sessions if s.end > now],
                held=len(held),
                attended=sum(1 for s in held if s.pk in attended_ids),
                completion=completions.get(enrolment.round_id),
            )
        )
    return overviews
