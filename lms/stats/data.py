"""Loads one round's data for `lms.stats` as plain frames: the ORM edge of the statistics.

At most nine queries, whatever the size of the round (one per frame; the participants come
with their enrolments), reading `.values_list()` rows only (timestamps as text, parsed by pandas
a column at a time). The large frames (enrolments, progress, attendance, completions) are
fetched in one call and sorted by pandas rather than by the
database: at a national round each sort spilled to disk and cost more than the query itself.
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
- ``module_detail=False``: the database groups progress by participant and sends one row per
  participant who started a module (their first module, no times), instead of
  a row per participant and module: enough for every figure but the module funnel, and a
  seventh of the rows of a national round. Attendance is then read where attended only (no
  figure counts an absence).
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import CharField, Max, Min, Q, QuerySet, Subquery
from django.db.models.functions import Cast

from coursecontent.models import CoursePage, ModulePage
from regions.models import County, Municipality, SkrGroup
from scheduling.models import Cohort, Enrolment, Round, Session, SessionStatus

from ..models import Attendance, Completion, ModuleProgress
from .figures import SCHEMA, StatsFrames, conform

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


def _fetch(
    rows: QuerySet, columns: list[str], order: list[str], *, integers: bool = False
) -> pd.DataFrame:
    """The rows of a `.values_list()` query as a frame of `columns`, sorted by `order`.

    One ``fetchall`` instead of Django's iterator, which fetches a hundred rows per call and
    wraps each. Only for columns that need no Django converter (integers, text, booleans, which
    `conform` casts). With ``integers`` (every column an integer, none null) numpy builds the
    frame in one call, where pandas would inspect every value.
    """
    try:
        sql, params = rows.query.get_compiler(rows.db).as_sql()
    except EmptyResultSet:  # a filter that matches nothing, such as a round without modules
        values = []
    else:
        with connections[rows.db].cursor() as cursor:
            cursor.execute(sql, params)
            values = cursor.fetchall()
    if integers:
        table = np.array(values, dtype=np.int64).reshape(-1, len(columns))
        frame = pd.DataFrame(table, columns=columns)
    else:
        frame = pd.DataFrame(values, columns=columns)
    return frame.sort_values(order, kind="stable", ignore_index=True)


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


def _progress_rows(progress, until: datetime | None) -> pd.DataFrame:
    """A row per participant and module; a completion after ``until`` counts as not yet made."""
    rows = conform(
        _fetch(
            progress.order_by().values_list(
                "participant_id", "module_id", _as_text("started_at"), _as_text("completed_at")
            ),
            list(SCHEMA["progress"]),
            order=["participant_id", "module_id"],
        ),
        SCHEMA["progress"],
    )
    if until is not None:
        later = rows["completed_at"] >= pd.Timestamp(until)
        rows.loc[later, "completed_at"] = pd.NaT
    return rows


def _started_rows(progress) -> pd.DataFrame:
    """A row per participant who started a module, grouped by the database."""
    frame = _fetch(
        progress.order_by()
        .values("participant_id")
        .annotate(first_module=Min("module_id"))
        .values_list("participant_id", "first_module"),
        ["participant_id", "module_id"],
        order=["participant_id"],
        integers=True,
    )
    frame["started_at"] = frame["completed_at"] = None
    return conform(frame, SCHEMA["progress"])


def _attendance_rows(attendance, module_detail: bool) -> pd.DataFrame:
    """Attendance rows; without ``module_detail`` only where attended (no figure counts an
    absence), and then the database leaves out the column that would say so."""
    order = ["participant_id", "session_id"]
    if module_detail:
        return _fetch(
            attendance.order_by().values_list(*order, "attended"), [*order, "attended"], order
        )
    frame = _fetch(
        attendance.filter(attended=True).order_by().values_list(*order),
        order,
        order,
        integers=True,
    )
    frame["attended"] = True
    return frame


def _enrolments_and_participants(enrolments) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The enrolments, and their participants (each once, by id), from one query."""
    rows = _fetch(
        enrolments.order_by().values_list(
            "pk",
            "participant_id",
            "cohort_id",
            "round_id",
            "status",
            _as_text("created_at"),
            "participant__municipality__code",
        ),
        ["pk", *SCHEMA["enrolments"], "municipality_code"],
        order=["pk"],
    )
    participants = (
        rows[["participant_id", "municipality_code"]]
        .drop_duplicates("participant_id")
        .sort_values("participant_id")
    )
    return conform(rows, SCHEMA["enrolments"]), conform(participants, SCHEMA["participants"])


def load_frames(
    *,
    round: Round,
    county: County | None = None,
    start: date | None = None,
    end: date | None = None,
    module_detail: bool = True,
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
        cohorts = cohorts.filter(
            Cohort.objects.hosted_or_joined_q(county.pk) | Q(pk__in=enrolments.values("cohort_id"))
        )
    # The module ids as values, not a subquery: PostgreSQL then knows how many progress rows
    # match and groups them in a hash instead of sorting them on disk.
    modules = list(_modules(round).values_list("pk", "title", "is_required"))
    module_ids = [pk for pk, _title, _required in modules]

    progress = ModuleProgress.objects.filter(
        participant_id__in=participant_ids, module_id__in=module_ids
    )
    completions = Completion.objects.filter(round=round, participant_id__in=participant_ids)
    if start is not None:
        completions = completions.filter(completed_at__gte=_day_start(start))
    if until is not None:
        progress = progress.filter(started_at__lt=until)
        completions = completions.filter(completed_at__lt=until)

    skr_names = {value: str(label) for value, label in SkrGroup.choices}
    progress_rows = _progress_rows(progress, until) if module_detail else _started_rows(progress)
    enrolment_rows, participants = _enrolments_and_participants(enrolments)

    return StatsFrames.from_rows(
        module_detail=module_detail,
        counties=counties.values_list("code", "name"),
        municipalities=[
            (code, name, county_code, group, skr_names.get(group, group), population)
            for code, name, county_code, group, population in municipalities.values_list(
                "code", "name", "county__code", "skr_group", "population"
            )
        ],
        participants=participants,
        cohorts=cohorts.annotate(
            last_session=Max("sessions__start", filter=Q(sessions__status=SessionStatus.SCHEDULED))
        )
        .order_by("pk")
        .values_list(
            "pk", "round_id", "county__code", "county__name", "name", "capacity", "last_session"
        ),
        enrolments=enrolment_rows,
        modules=[
            (pk, title, position, is_required)
            for position, (pk, title, is_required) in enumerate(modules)
        ],
        progress=progress_rows,
        sessions=Session.objects.filter(cohort__in=cohorts.values("pk"))
        .order_by("cohort_id", "start", "pk")
        .values_list("pk", "cohort_id", _as_text("start"), "status"),
        attendance=_attendance_rows(
            Attendance.objects.filter(
                participant_id__in=participant_ids, session__cohort__in=cohorts.values("pk")
            ),
            module_detail,
        ),
        completions=_fetch(
            completions.order_by().values_list(
                "participant_id", "round_id", _as_text("completed_at")
            ),
            list(SCHEMA["completions"]),
            order=["participant_id"],
        ),
    )
