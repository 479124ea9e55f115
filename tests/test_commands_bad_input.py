"""Management commands: every level in every format works, a bad argument gets one line and 2.

A few cases run manage.py in a subprocess to see the real exit status and output; the rest go
through call_command, where the same refusal is a CommandError with returncode 2.
"""

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from io import StringIO

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from lms.models import Completion
from lms.services import progress_complete
from lms.stats.reports import LEVELS
from tests.factories import ModulePageFactory, MunicipalityFactory, UserFactory
from tests.factories.scheduling import EnrolmentFactory, RoundFactory, SessionFactory

FORMATS = ("table", "csv", "json", "xlsx")


def manage(*args: str) -> subprocess.CompletedProcess:
    """Run manage.py with the test settings, as an operator would from a shell.

    The lines of stderr that django-axes logs at start-up are left out.
    """
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    result.stderr = "".join(
        line for line in result.stderr.splitlines(keepends=True) if not line.startswith("AXES:")
    )
    return result


def refused(*args: str) -> str:
    """The message of a command that refuses its arguments with returncode 2."""
    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=StringIO(), stderr=StringIO())
    assert error.value.returncode == 2
    message = str(error.value)
    assert message and "\n" not in message
    return message


@pytest.fixture
def stats_round(course_tree):
    """A round with one completed participant in March 2023 and one session in April."""
    course_round = RoundFactory(course=course_tree["course"], slug="stat-omgang")
    module = ModulePageFactory(parent=course_tree["course"])
    enrolment = EnrolmentFactory(
        cohort__round=course_round, participant=UserFactory(municipality=MunicipalityFactory())
    )
    SessionFactory(cohort=enrolment.cohort, start=datetime(2023, 4, 4, 8, tzinfo=UTC))
    progress_complete(user=enrolment.participant, module=module)
    Completion.objects.create(
        participant=enrolment.participant,
        round=course_round,
        completed_at=datetime(2023, 3, 15, 10, tzinfo=UTC),
        verification_code="CODE-1",
    )
    return course_round


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("by", LEVELS)
def test_completion_stats_gives_every_level_in_every_format(stats_round, tmp_path, by, fmt):
    output = tmp_path / f"statistik.{fmt}"
    out = StringIO()
    args = ["--round", "stat-omgang", "--by", by, "--format", fmt]
    if fmt == "xlsx":
        args += ["--output", str(output)]
    call_command("completion_stats", *args, stdout=out, stderr=StringIO())
    text = out.getvalue()
    if fmt == "json":
        rows = json.loads(text)
        assert rows and all(isinstance(row, dict) for row in rows)
        if by == "month":
            assert {"month": "2023-03", "completions": 1}.items() <= rows[0].items()
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) >= 2 and len({len(row) for row in rows}) == 1
    elif fmt == "xlsx":
        workbook = openpyxl.load_workbook(output)
        assert len(workbook.worksheets) == len(LEVELS)
    else:
        assert len(text.splitlines()) >= 2


def test_completion_stats_refuses_an_output_in_a_missing_folder_from_the_shell(tmp_path):
    target = tmp_path / "saknas" / "statistik.csv"
    result = manage("completion_stats", "--round", "x", "--format", "csv", "--output", str(target))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"CommandError: --output {target}: mappen {target.parent} finns inte."
    ]
    assert not target.parent.exists()


@pytest.mark.django_db
def test_completion_stats_refuses_bad_arguments(stats_round, tmp_path):
    assert refused("completion_stats", "--round", "stat-omgang", "--output", str(tmp_path)) == (
        f"--output {tmp_path} är en mapp; ange en fil."
    )
    missing = tmp_path / "saknas" / "statistik.xlsx"
    assert "mappen" in refused(
        "completion_stats", "--round", "stat-omgang", "--format", "xlsx", "--output", str(missing)
    )
    assert refused("completion_stats", "--round", "nej") == (
        "Det finns ingen kursomgång med kortnamnet nej."
    )
    assert refused("completion_stats", "--round", "stat-omgang", "--county", "99") == (
        "Det finns inget län med koden 99."
    )
    assert refused("completion_stats", "--round", "stat-omgang", "--format", "xlsx") == (
        "Excel skrivs till en fil: ange --output."
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("99999999999", "99999999999 dagar före i dag är före år 1; ange färre dagar."),
        ("-5", "Antalet dagar kan inte vara negativt."),
    ],
)
def test_erase_personal_data_refuses_impossible_days_from_the_shell(days, message):
    result = manage("erase_personal_data", "--days", days)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"CommandError: {message}"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["erase_personal_data", "--days", "många"], "argument --days: invalid int value"),
        (["plan_rollout", "--round", "x", "--format", "pdf"], "argument --format: invalid choice"),
    ],
)
def test_argument_parsing_errors_exit_with_2(args, error):
    result = manage(*args)
    assert result.returncode == 2
    assert error in result.stderr.splitlines()[-1]


@pytest.mark.django_db
def test_unknown_rounds_are_refused(db):
    for command in ("plan_rollout", "recompute_completions"):
        assert refused(command, "--round", "nej") == (
            "Det finns ingen kursomgång med kortnamnet nej."
        )
    assert refused("erase_personal_data", "--days", "99999999999").startswith("99999999999 dagar")
