"""Loads one round's data for `lms.stats` as plain frames: the ORM edge of the statistics.

Ten queries, whatever the size of the round (one per frame), reading `.values_list()` rows only
(timestamps as text, parsed by pandas a column at a time).
Codes are strings with their leading zeros; every frame has the columns and dtypes of
`lms.stats.SCHEMA`, empty or not. Timestamps are aware, in UTC. Participants are everyone with an
enrolment in the round, whatever its status (`lms.stats` counts the enrolled); a cohort's
``last_session`` is the start of its last session that is not cancelled; modules are the live
child pages of the round's course, ``position`` counting from 0 in page-tree order.

What the arguments limit:

- ``county``: counties and municipalities to that county; participants (and so their
  enrolments, progress, attendance and completions) to those whose municipality lies in it;
  cohorts to those the county hosts, is a guest county of, or in which one of its participants
  is enrolled (with all their sessions).
- ``start`` and ``end`` (dates, both inclusive, days in Europe/Stockholm): completions to those
  made from ``start`` to ``end``. ``end`` also makes the frames read as at the end of that day:
  enrolments made after it are left out (with participants who have no other), as is progress
  started after it, and a module completed after it counts as started only. ``start`` limits
  nothing else, so a participant enrolled before the period who completes in it counts.
  Enrolment statuses are today's: a place cancelled after ``end`` is not counted.
- Not limited by the period: cohorts, sessions and attendance (held sessions are decided by the
  ``now`` given to `lms.stats`).
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import CharField, Max, Q, Subquery
from django.db.models.functions import Cast

from coursecontent.models import CoursePage, ModulePage
from scheduling.models import (
    Cohort,
    County,
    Enrolment,
    Municipality,
    Round,
    Session,
    SessionStatus,
    SkrGroup,
)

from .models import Attendance, Completion, ModuleProgress
from .stats import SCHEMA, StatsFrames, conform

__all__ = ["StatsFrames", "load_frames"]


def _day_start(day: date) -> datetime:
    """Midnight at the start of the day, in the project's time zone (Europe/Stockholm)."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _as_text(field: str) -> Cast:
    """A timestamp column read as ISO text, which pandas parses a whole column at a time.

    Django would build a datetime object per value (a few microseconds each: seconds for the
    million timestamps of a national round); `conform` parses the text in one vectorised call.
    """
    return Cast(field, output_field=CharField())


def _modules(round: Round):
    """The live modules (children) of the round's course in tree order, without loading it."""
    course = CoursePage.objects.filter(pk=round.course_id)
    return (
        ModulePage.objects.live()
        .filter(
            path__startswith=Subquery(course.values("path")[:1]),
            depth=Subquery(course.values("depth")[:1]) + 1,
        )
        .order_by("path")
    )


def load_frames(
    *,
    round: Round,
    county: County | None = None,
    start: date | None = None,
    end: date | None = None,
) -> StatsFrames:
    """The round's frames for `lms.stats`, limited as the module docstring says."""
    until = _day_start(end + timedelta(days=1)) if end is not None else None

    counties = County.objects.order_by("code")
    municipalities = Municipality.objects.order_by("code")
    enrolments = Enrolment.objects.filter(round=round)
    if county is not None:
        counties = counties.filter(pk=county.pk)
        municipalities = municipalities.filter(county=county)
        enrolments = enrolments.filter(participant__municipality__county=county)
    if until is not None:
        enrolments = enrolments.filter(created_at__lt=until)
    participant_ids = enrolments.values("participant_id")

    cohorts = Cohort.objects.filter(round=round)
    if county is not None:
        guest_of = Cohort.guest_counties.through.objects.filter(county=county).values("cohort_id")
        cohorts = cohorts.filter(
            Q(county=county) | Q(pk__in=guest_of) | Q(pk__in=enrolments.values("cohort_id"))
        )
    modules = _modules(round)

    progress = ModuleProgress.objects.filter(
        participant_id__in=participant_ids, module_id__in=modules.values("pk")
    )
    completions = Completion.objects.filter(round=round, participant_id__in=participant_ids)
    if start is not None:
        completions = completions.filter(completed_at__gte=_day_start(start))
    if until is not None:
        progress = progress.filter(started_at__lt=until)
        completions = completions.filter(completed_at__lt=until)

    skr_names = {value: str(label) for value, label in SkrGroup.choices}
    progress_rows = conform(
        progress.order_by("participant_id", "module_id").values_list(
            "participant_id", "module_id", _as_text("started_at"), _as_text("completed_at")
        ),
        SCHEMA["progress"],
    )
    if until is not None:
        later = progress_rows["completed_at"] >= pd.Timestamp(until)
        progress_rows.loc[later, "completed_at"] = pd.NaT

    return StatsFrames.from_rows(
        counties=counties.values_list("code", "name"),
        municipalities=[
            (code, name, county_code, group, skr_names.get(group, group), population)
            for code, name, county_code, group, population in municipalities.values_list(
                "code", "name", "county__code", "skr_group", "population"
            )
        ],
        participants=get_user_model()
        .objects.filter(pk__in=participant_ids)
        .order_by("pk")
        .values_list("pk", "municipality__code"),
        cohorts=cohorts.annotate(
            last_session=Max("sessions__start", filter=Q(sessions__status=SessionStatus.SCHEDULED))
        )
        .order_by("pk")
        .values_list(
            "pk", "round_id", "county__code", "county__name", "name", "capacity", "last_session"
        ),
        enrolments=enrolments.order_by("pk").values_list(
            "participant_id", "cohort_id", "round_id", "status", _as_text("created_at")
        ),
        modules=[
            (pk, title, position, is_required)
            for position, (pk, title, is_required) in enumerate(
                modules.values_list("pk", "title", "is_required")
            )
        ],
        progress=progress_rows,
        sessions=Session.objects.filter(cohort__in=cohorts.values("pk"))
        .order_by("cohort_id", "start", "pk")
        .values_list("pk", "cohort_id", _as_text("start"), "status"),
        attendance=Attendance.objects.filter(
            participant_id__in=participant_ids, session__cohort__in=cohorts.values("pk")
        )
        .order_by("participant_id", "session_id")
        .values_list("participant_id", "session_id", "attended"),
        completions=completions.order_by("participant_id").values_list(
            "participant_id", "round_id", _as_text("completed_at")
        ),
    )
