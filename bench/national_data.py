"""Synthetic national data: participants in all 290 municipalities, with realistic progress.

The real counties and municipalities and the real course (seven modules, plus three copies to
make ten) are loaded as `bootstrap` loads them. Participants are spread over the municipalities
by the square root of their population, put in cohorts of 20 in their county, each with three
sessions four weeks apart in 2022–2023. Most start the course and fewer finish each later
module; most attend each session; those who meet the round's rule have a completion. Seeded, so
every run builds the same data. `NationalData.grow_to(size)` adds participants up to `size`.
"""

import secrets
from datetime import UTC, datetime, timedelta

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from bench.environment import progress
from bench.rows import thousands

COHORT_SIZE = 20
SESSIONS_PER_COHORT = 3
MODULES = 10
ROUND_START = datetime(2022, 1, 11, 8, 0, tzinfo=UTC)
BATCH = 5_000
# The chance of finishing the next module, having finished the one before; most start at all.
STARTS, CONTINUES, ATTENDS = 0.92, 0.9, 0.85


class NationalData:
    """A round of the real course over the real counties, grown in steps to a size."""

    def __init__(self, seed: int = 2022):
        from coursecontent.course_fixture import load_course
        from regions.loader import load_reference_data
        from scheduling.rounds import ensure_real_round

        self.rng = np.random.default_rng(seed)
        load_reference_data()
        course = load_course().course
        self.modules = _ten_modules(course)
        self.round = ensure_real_round(course)
        self.required = [module.pk for module in self.modules if module.is_required]
        self.participants = 0
        self._password = make_password(None)
        self._load_municipalities()

    def _load_municipalities(self) -> None:
        from regions.models import County, Municipality

        rows = list(Municipality.objects.values_list("pk", "county_id", "population"))
        self.municipality_ids = np.array([row[0] for row in rows])
        self.county_of = {row[0]: row[1] for row in rows}
        weights = np.sqrt(np.array([row[2] for row in rows], dtype=float))
        self.weights = weights / weights.sum()
        self.county_names = dict(County.objects.values_list("pk", "name"))

    def grow_to(self, size: int) -> None:
        """Add participants (with enrolments, progress, attendance, completions) up to `size`."""
        added = size - self.participants
        if added <= 0:
            return
        progress(f"Bygger {thousands(added)} deltagare till {thousands(size)} …")
        with transaction.atomic():
            users = self._users(added)
            self._cohorts_and_enrolments(users)
        self.participants = size
        if connection.vendor == "postgresql":
            # Tables just filled in bulk have no planner statistics yet; without them PostgreSQL
            # joins 100,000 participants by nested loops (minutes instead of a second).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _users(self, count: int) -> list:
        from lms.models import User

        start = self.participants
        homes = self.rng.choice(len(self.municipality_ids), size=count, p=self.weights)
        users = [
            User(
                email=f"deltagare{start + n + 1}@bench.example",
                first_name="Deltagare",
                last_name=str(start + n + 1),
                municipality_id=int(self.municipality_ids[home]),
                job_title="Miljöstrateg",
                password=self._password,
            )
            for n, home in enumerate(homes)
        ]
        User.objects.bulk_create(users, batch_size=BATCH)
        return users

    def _cohorts_and_enrolments(self, users: list) -> None:
        from scheduling.models import Cohort, Enrolment, EnrolmentStatus

        by_county: dict[int, list] = {}
        for user in users:
            by_county.setdefault(self.county_of[user.municipality_id], []).append(user)
        groups = [
            (county, members[i : i + COHORT_SIZE])
            for county, members in sorted(by_county.items())
            for i in range(0, len(members), COHORT_SIZE)
        ]
        cohorts = Cohort.objects.bulk_create(
            [
                Cohort(
                    round=self.round,
                    county_id=county,
                    name=f"{self.county_names[county]}, grupp {self.participants + n + 1}",
                    capacity=COHORT_SIZE,
                )
                for n, (county, _members) in enumerate(groups)
            ],
            batch_size=BATCH,
        )
        first_days = self.rng.integers(0, 600, size=len(cohorts))
        sessions = self._sessions(cohorts, first_days)
        enrolments = [
            Enrolment(
                participant=user,
                cohort=cohort,
                round=self.round,
                status=EnrolmentStatus.ENROLLED,
                created_at=ROUND_START + timedelta(days=int(day) - 30),
            )
            for cohort, (_county, members), day in zip(cohorts, groups, first_days, strict=True)
            for user in members
        ]
        Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
        self._progress_attendance_completion(groups, sessions, first_days)

    def _sessions(self, cohorts, first_days) -> list[list]:
        from scheduling.models import Session

        per_cohort = [
            [
                Session(
                    cohort=cohort,
                    sort_order=k,
                    start=ROUND_START + timedelta(days=int(day), weeks=4 * k),
                    end=ROUND_START + timedelta(days=int(day), weeks=4 * k, hours=3),
                    location=f"Länsstyrelsen i {self.county_names[cohort.county_id]}",
                )
                for k in range(SESSIONS_PER_COHORT)
            ]
            for cohort, day in zip(cohorts, first_days, strict=True)
        ]
        Session.objects.bulk_create(
            [session for sessions in per_cohort for session in sessions], batch_size=BATCH
        )
        return per_cohort

    def _progress_attendance_completion(self, groups, sessions, first_days) -> None:
        from lms.models import Attendance, Completion, ModuleProgress

        progress_rows, attendance_rows, completions = [], [], []
        for (_county, members), cohort_sessions, day in zip(
            groups, sessions, first_days, strict=True
        ):
            begins = ROUND_START + timedelta(days=int(day))
            for user in members:
                done = self._modules_finished()
                moment = begins
                finished = []
                for index, module in enumerate(self.modules[: done + 1]):
                    moment += timedelta(days=int(self.rng.integers(1, 12)))
                    completed = moment + timedelta(hours=2) if index < done else None
                    progress_rows.append(
                        ModuleProgress(
                            participant=user,
                            module=module,
                            started_at=moment,
                            completed_at=completed,
                        )
                    )
                    if completed:
                        finished.append(module.pk)
                attended = self.rng.random(SESSIONS_PER_COHORT) < ATTENDS
                attendance_rows += [
                    Attendance(
                        session=session,
                        participant=user,
                        attended=bool(present),
                        recorded_at=session.end,
                    )
                    for session, present in zip(cohort_sessions, attended, strict=True)
                ]
                if set(self.required) <= set(finished) and attended.sum() >= 2:
                    completions.append(
                        Completion(
                            participant=user,
                            round=self.round,
                            completed_at=max(moment, cohort_sessions[-1].end),
                            verification_code=secrets.token_hex(8).upper(),
                        )
                    )
        ModuleProgress.objects.bulk_create(progress_rows, batch_size=BATCH)
        Attendance.objects.bulk_create(attendance_rows, batch_size=BATCH)
        Completion.objects.bulk_create(completions, batch_size=BATCH)

    def _modules_finished(self) -> int:
        """How many modules, in order, one participant has finished (the funnel)."""
        if self.rng.random() >= STARTS:
            return 0
        done = 1
        while done < MODULES and self.rng.random() < CONTINUES:
            done += 1
        return done

    def participant_with_progress(self):
        """A participant about half way: some modules done, one started, enrolled in a cohort."""
        from django.db.models import Count

        from lms.models import ModuleProgress, User

        halfway = (
            ModuleProgress.objects.filter(completed_at__isnull=False)
            .values("participant")
            .annotate(done=Count("pk"))
            .filter(done=MODULES // 2)
            .order_by("participant")
            .values_list("participant", flat=True)
            .first()
        )
        return User.objects.get(pk=halfway)


def _ten_modules(course) -> list:
    """The real course's modules, plus copies of the first ones until there are ten."""
    from coursecontent.models import ModulePage

    modules = list(ModulePage.objects.live().child_of(course).order_by("path"))
    for n, source in enumerate(list(modules[: MODULES - len(modules)]), start=1):
        source.copy(
            to=course,
            update_attrs={"slug": f"{source.slug}-fordjupning-{n}", "title": f"{source.title} II"},
            keep_live=True,
            log_action=None,
        )
    return list(ModulePage.objects.live().child_of(course).order_by("path"))
