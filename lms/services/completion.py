"""Completion: the round's rule decides; the date is recorded the first time the rule holds."""

import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from scheduling.models import Enrolment, EnrolmentStatus, Round

from ..models import Attendance, Completion, ModuleProgress
from ..stats.snapshots import figures_changed

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_verification_code() -> str:
    """A code of 12 characters in groups of four, e.g. K7QM-2XHP-9DTA (60 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


@dataclass(frozen=True)
class RuleStatus:
    """How far a participant is from the round's completion rule."""

    required_modules: int
    required_done: int
    sessions_required: int
    sessions_attended: int

    @property
    def holds(self) -> bool:
        """All required modules done and enough sessions attended."""
        return (
            self.required_done >= self.required_modules
            and self.sessions_attended >= self.sessions_required
        )


def rule_status(*, participant, round: Round) -> RuleStatus:
    """Count the participant's required modules done and sessions attended in the round."""
    from coursecontent.models import ModulePage

    required_ids = set()
    if round.course_id:
        required_ids = set(
            ModulePage.objects.live()
            .child_of(round.course)
            .filter(is_required=True)
            .values_list("pk", flat=True)
        )
    done = ModuleProgress.objects.filter(
        participant=participant, module_id__in=required_ids, completed_at__isnull=False
    ).count()
    attended = Attendance.objects.filter(
        participant=participant,
        attended=True,
        session__cohort__round=round,
        session__cohort__enrolments__participant=participant,
        session__cohort__enrolments__status=EnrolmentStatus.ENROLLED,
    ).count()
    return RuleStatus(len(required_ids), done, round.required_sessions_attended, attended)


def _participant_lock(participant) -> None:
    """Lock the participant's row until the end of the transaction: one completion check at a time.

    Two requests that each complete one of the last two modules (or the last module and the last
    session) would otherwise each count without the other's progress and both find the rule
    unmet. Whoever takes the lock second counts after the first has committed. FOR NO KEY UPDATE
    leaves rows that only refer to the participant (progress, enrolments) free to be inserted.
    """
    get_user_model().objects.select_for_update(no_key=True).only("pk").get(pk=participant.pk)


def completion_check(*, participant, round: Round) -> Completion | None:
    """Record the completion if the rule holds now; an earlier completion is kept as it is.

    Checks of one participant are serialised (their row is locked until the caller commits), so
    progress and attendance written by concurrent requests are all counted by the last check.
    """
    with transaction.atomic():
        _participant_lock(participant)
        existing = Completion.objects.filter(participant=participant, round=round).first()
        if existing:
            return existing
        enrolled = Enrolment.objects.filter(
            participant=participant, round=round, status=EnrolmentStatus.ENROLLED
        ).exists()
        if not enrolled or not rule_status(participant=participant, round=round).holds:
            return None
        figures_changed()
        return Completion.objects.create(
            participant=participant,
            round=round,
            completed_at=timezone.now(),
            verification_code=new_verification_code(),
        )


def completions_check_for_module(*, participant, module) -> list[Completion]:
    """Check the rounds of the module's course in which the participant holds a place."""
    course_path = module.path[: -module.steplen]  # the parent's path, without a query
    rounds = Round.objects.filter(
        course__path=course_path,
        enrolments__participant=participant,
        enrolments__status=EnrolmentStatus.ENROLLED,
    ).distinct()
    return [c for r in rounds if (c := completion_check(participant=participant, round=r))]


@dataclass
class RecomputeReport:
    """What a recomputation found: new completions, kept ones, kept ones the rule no longer fits."""

    new: list = field(default_factory=list)
    kept: int = 0
    no_longer_holds: list = field(default_factory=list)


def completions_recompute(*, round: Round, progress=None) -> RecomputeReport:
    """Apply the round's current rule to everyone with a place; record new completions only."""
    report = RecomputeReport()
    enrolments = list(
        Enrolment.objects.filter(round=round, status=EnrolmentStatus.ENROLLED).select_related(
            "participant"
        )
    )
    completed = set(Completion.objects.filter(round=round).values_list("participant_id", flat=True))
    for done, enrolment in enumerate(enrolments, start=1):
        participant = enrolment.participant
        holds = rule_status(participant=participant, round=round).holds
        if participant.pk in completed:
            report.kept += 1
            if not holds:
                report.no_longer_holds.append(participant)
        elif holds and completion_check(participant=participant, round=round):
            report.new.append(participant)
        if progress:
            progress(done, len(enrolments))
    return report
