"""Demo data in the real round: the demo participants part of the way, and a made-up history.

The history gives the statistics something to show: a few hundred made-up participants over
every county's municipalities, enrolled in the round's published cohorts, with progress,
attendance and completions dated inside the round. They are plainly marked (named "Demo
Deltagare <n>", with addresses at DEMO_HISTORY_DOMAIN, which can never receive email) and cannot
log in. A fixed seed gives the same people and figures on every machine and every run.
"""

import math
import random
from collections import Counter
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.demo import DEMO_ACCOUNTS
from coursecontent.models import ModulePage
from regions.models import Municipality
from scheduling.models import Cohort, CohortStatus, Enrolment, EnrolmentStatus

from .models import Attendance, Completion, ModuleProgress
from .services import attendance_record, progress_complete, progress_start
from .services.completion import new_verification_code

# ".invalid" is reserved (RFC 2606): no message to these addresses can ever be delivered.
DEMO_HISTORY_DOMAIN = "demo-historik.invalid"
DEMO_HISTORY_SEED = 2022
# Each cohort is filled to between these shares of its capacity.
FILL_MIN, FILL_MAX = 0.45, 0.85
# The funnel: the chance to start the course, then to finish each next module having finished
# the one before, and to attend each session.
STARTS, CONTINUES, ATTENDS = 0.93, 0.88, 0.85
JOB_TITLES = ["Miljöstrateg", "Hållbarhetsstrateg", "Miljö- och hållbarhetsstrateg"]

# How many of the course's required modules each demo participant has done already.
DEMO_MODULES_DONE = {"0780": 4, "1480": 2, "0781": 5, "2580": 1, "1280": 3, "0980": 0}


def give_demo_progress(course_round) -> int:
    """Progress and attendance in the (past) real round, so the demo shows a course under way.

    Each demo participant has done some required modules and attended the first two sessions
    of their cohort; none has completed, so a person trying the demo can finish the course.
    Others in the cohort recorded present (give_demo_history) stay present.
    """
    required = list(
        ModulePage.objects.live()
        .child_of(course_round.course)
        .filter(is_required=True)
        .order_by("path")
    )
    enrolments = Enrolment.objects.filter(
        round=course_round,
        status=EnrolmentStatus.ENROLLED,
        participant__email__in=[a.email for a in DEMO_ACCOUNTS if a.municipality_code],
    ).select_related("participant__municipality", "cohort")
    for enrolment in enrolments:
        participant = enrolment.participant
        done = DEMO_MODULES_DONE.get(participant.municipality.code, 0)
        for module in required[:done]:
            progress_complete(user=participant, module=module)
        if done < len(required):
            progress_start(user=participant, module=required[done])
    cohorts = {enrolment.cohort for enrolment in enrolments}
    for cohort in cohorts:
        present = list(
            cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED).values_list(
                "participant_id", flat=True
            )
        )
        for session in cohort.sessions.order_by("start")[:2]:
            # Whoever is recorded present already (the made-up history) stays present.
            already = session.attendance.filter(attended=True).values_list(
                "participant_id", flat=True
            )
            attendance_record(session=session, attended_ids={*present, *already}, recorded_by=None)
    return len(cohorts)


def give_demo_history(course_round) -> int:
    """Made-up participants with progress, attendance and completions in the round's cohorts.

    Each open cohort is filled to part of its capacity (never past it, counting the places
    already taken) with people from the municipalities of its counties, weighted by the square
    root of the population. Progress, attendance and completion follow the round's rule and are
    dated around the cohort's sessions. Returns how many there are; a second run adds nobody.
    """
    User = get_user_model()
    existing = User.objects.filter(email__endswith="@" + DEMO_HISTORY_DOMAIN).count()
    if existing:
        return existing
    rng = random.Random(DEMO_HISTORY_SEED)
    modules = list(ModulePage.objects.live().child_of(course_round.course).order_by("path"))
    required = {module.pk for module in modules if module.is_required}
    cohorts = list(
        Cohort.objects.filter(
            round=course_round, status__in=[CohortStatus.OPEN, CohortStatus.PLANNED]
        )
        .prefetch_related("sessions", "guest_counties")
        .order_by("county__code", "name", "pk")
    )
    taken = Counter(
        Enrolment.objects.filter(round=course_round, status=EnrolmentStatus.ENROLLED).values_list(
            "cohort_id", flat=True
        )
    )
    homes: dict[int, list[tuple[int, float]]] = {}
    for pk, county_id, population in Municipality.objects.order_by("code").values_list(
        "pk", "county_id", "population"
    ):
        homes.setdefault(county_id, []).append((pk, math.sqrt(population or 1)))

    password = make_password(None)  # unusable: made-up people never log in
    people, places = [], []
    for cohort in cohorts:
        sessions = sorted(cohort.sessions.all(), key=lambda session: session.start)
        counties = [cohort.county_id, *sorted(c.pk for c in cohort.guest_counties.all())]
        choices = [home for county in counties for home in homes.get(county, [])]
        if not sessions or not choices:
            continue
        free = cohort.capacity - taken[cohort.pk]
        wanted = rng.randint(round(cohort.capacity * FILL_MIN), round(cohort.capacity * FILL_MAX))
        drawn = rng.choices(
            [pk for pk, _weight in choices],
            weights=[weight for _pk, weight in choices],
            k=max(0, min(free, wanted)),
        )
        for municipality_id in drawn:
            n = len(people) + 1
            people.append(
                User(
                    email=f"demo.deltagare.{n}@{DEMO_HISTORY_DOMAIN}",
                    first_name="Demo",
                    last_name=f"Deltagare {n}",
                    municipality_id=municipality_id,
                    job_title=rng.choice(JOB_TITLES),
                    password=password,
                )
            )
            places.append((cohort, sessions))
    with transaction.atomic():
        User.objects.bulk_create(people)
        # bulk_create sets primary keys on PostgreSQL and SQLite alike; read them back by
        # address so that any database gives every person their row.
        ids = dict(
            User.objects.filter(email__endswith="@" + DEMO_HISTORY_DOMAIN).values_list(
                "email", "pk"
            )
        )
        rows = _history_rows(course_round, people, ids, places, modules, required, rng)
        for model, objects in rows.items():
            model.objects.bulk_create(objects, batch_size=1000)
    return len(people)


def _history_rows(course_round, people, ids, places, modules, required, rng) -> dict:
    """Enrolments, progress, attendance and completions for each made-up person, by model."""
    rows = {Enrolment: [], ModuleProgress: [], Attendance: [], Completion: []}
    for person, (cohort, sessions) in zip(people, places, strict=True):
        pk = ids[person.email]
        first, last = sessions[0], sessions[-1]
        rows[Enrolment].append(
            Enrolment(
                participant_id=pk,
                cohort=cohort,
                round=course_round,
                status=EnrolmentStatus.ENROLLED,
                created_at=first.start - timedelta(days=rng.randint(14, 60)),
            )
        )
        done = 0
        if rng.random() < STARTS:
            done = 1
            while done < len(modules) and rng.random() < CONTINUES:
                done += 1
        moment = first.start - timedelta(days=rng.randint(0, 10))
        finished = []
        for index, module in enumerate(modules[: done + 1]):
            moment += timedelta(days=rng.randint(2, 14), hours=rng.randint(0, 8))
            completed = moment + timedelta(minutes=rng.randint(20, 120)) if index < done else None
            rows[ModuleProgress].append(
                ModuleProgress(
                    participant_id=pk, module=module, started_at=moment, completed_at=completed
                )
            )
            if completed:
                finished.append((module.pk, completed))
        attended = [session for session in sessions if rng.random() < ATTENDS]
        rows[Attendance] += [
            Attendance(
                session=session,
                participant_id=pk,
                attended=session in attended,
                recorded_at=session.end,
            )
            for session in sessions
        ]
        needed = course_round.required_sessions_attended
        done_required = {module_pk for module_pk, _at in finished} >= required
        if done_required and len(attended) >= needed:
            # The rule first holds when both the last required module and the needed session
            # are behind the person.
            last_module = max(
                (at for module_pk, at in finished if module_pk in required), default=first.start
            )
            rule_session = attended[needed - 1].end if needed else last.end
            rows[Completion].append(
                Completion(
                    participant_id=pk,
                    round=course_round,
                    completed_at=max(last_module, rule_session),
                    verification_code=new_verification_code(),
                )
            )
    return rows
