"""Load Sweden's counties and municipalities from the CSV files in fixtures/reference/.

Every row is checked before anything is written; a file with any bad row changes nothing and
the error names the file, the row and the field.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import County, Municipality, SkrGroup

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reference"
PILOT_COUNTY_CODES = ("14", "07")  # Västra Götaland and Kronoberg

COUNTY_COLUMNS = ["code", "name"]
MUNICIPALITY_COLUMNS = ["code", "name", "county_code", "skr_group", "population"]


class ReferenceDataError(Exception):
    """Raised with every problem found in the reference files; nothing has been written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadResult:
    """How many rows of each kind were created, updated or already up to date."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)


def _decode(path: Path, columns: list[str], problems: list[str]) -> str | None:
    """The file's text, or None with a problem naming the file, line and field if it is not UTF-8.

    A byte-order mark, as Excel writes with "CSV UTF-8", is dropped.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(_("%(file)s: filen saknas.") % {"file": path.name})
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        before = raw[line_start : error.start].decode("utf-8", errors="replace")
        index = len(next(csv.reader([before]), [""])) - 1
        problems.append(
            _(
                "%(file)s, rad %(line)d, fält %(field)s: filen är inte sparad som UTF-8 "
                "(byte 0x%(byte)02x); spara den som CSV UTF-8."
            )
            % {
                "file": path.name,
                "line": raw.count(b"\n", 0, error.start) + 1,
                "field": columns[index] if index < len(columns) else index + 1,
                "byte": raw[error.start],
            }
        )
        return None


def _read_rows(path: Path, columns: list[str], problems: list[str]) -> list[tuple[int, dict]]:
    """Return (line number, row) pairs, recording a problem if the header is not as expected."""
    text = _decode(path, columns, problems)
    if text is None:
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames != columns:
        problems.append(
            _("%(file)s: rubrikraden ska vara %(expected)s, men är %(found)s.")
            % {
                "file": path.name,
                "expected": ",".join(columns),
                "found": ",".join(reader.fieldnames or []),
            }
        )
        return []
    return [(reader.line_num, row) for row in reader]


def _check(problems, where, ok, message, **values):
    """Record the message, filled in with values, if the condition does not hold."""
    if not ok:
        problems.append(f"{where}: {message % values}")


def _parse_counties(path: Path, problems: list[str]) -> dict[str, dict]:
    counties = {}
    for line, row in _read_rows(path, COUNTY_COLUMNS, problems):
        where = _("%(file)s, rad %(line)d") % {"file": path.name, "line": line}
        code, name = (row["code"] or "").strip(), (row["name"] or "").strip()
        _check(
            problems,
            where,
            re.fullmatch(r"\d{2}", code),
            _("länskoden '%(code)s' ska vara två siffror"),
            code=code,
        )
        _check(problems, where, name, _("namnet saknas"))
        _check(
            problems,
            where,
            code not in counties,
            _("länskoden %(code)s förekommer två gånger"),
            code=code,
        )
        counties[code] = {"name": name}
    return counties


def _parse_municipalities(path: Path, counties: dict, problems: list[str]) -> dict[str, dict]:
    municipalities = {}
    groups = set(SkrGroup.values)
    for line, row in _read_rows(path, MUNICIPALITY_COLUMNS, problems):
        where = _("%(file)s, rad %(line)d") % {"file": path.name, "line": line}
        values = {key: (row[key] or "").strip() for key in MUNICIPALITY_COLUMNS}
        code, county_code = values["code"], values["county_code"]
        population = values["population"]
        check = partial(_check, problems, where)
        check(
            re.fullmatch(r"\d{4}", code),
            _("kommunkoden '%(code)s' ska vara fyra siffror"),
            code=code,
        )
        check(values["name"], _("namnet saknas"))
        check(
            county_code in counties,
            _("länskoden '%(county)s' finns inte bland länen"),
            county=county_code,
        )
        check(
            code[:2] == county_code,
            _("kommunkoden %(code)s hör inte till län %(county)s"),
            code=code,
            county=county_code,
        )
        check(
            values["skr_group"] in groups,
            _("kommungruppen '%(group)s' är okänd"),
            group=values["skr_group"],
        )
        check(population.isdigit(), _("folkmängden '%(value)s' är inget heltal"), value=population)
        check(
            code not in municipalities, _("kommunkoden %(code)s förekommer två gånger"), code=code
        )
        municipalities[code] = {
            "name": values["name"],
            "county_code": county_code,
            "skr_group": values["skr_group"],
            "population": int(population) if population.isdigit() else 0,
        }
    return municipalities


def _sync(model, rows: dict[str, dict], result: LoadResult, label: str) -> None:
    """Create missing rows and update rows whose values differ, matched on code."""
    existing = {obj.code: obj for obj in model.objects.all()}
    to_create, to_update, changed_fields = [], [], set()
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(code=code, **values))
            continue
        diff = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if diff:
            for name, value in diff.items():
                setattr(obj, name, value)
            changed_fields.update(diff)
            to_update.append(obj)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields))
    result.created[label] = len(to_create)
    result.updated[label] = len(to_update)
    result.unchanged[label] = len(rows) - len(to_create) - len(to_update)


@dataclass(frozen=True)
class ReferenceData:
    """The checked rows of the reference files, keyed by code, ready to be written."""

    counties: dict[str, dict]
    municipalities: dict[str, dict]


def read_reference_data(directory: Path | None = None) -> ReferenceData:
    """Read and check counties.csv and municipalities.csv; raise ReferenceDataError if any is bad.

    Nothing is written, so a caller can check every fixture before it changes the database.
    """
    directory = directory or REFERENCE_DIR
    problems: list[str] = []
    counties = _parse_counties(directory / "counties.csv", problems)
    municipalities = _parse_municipalities(directory / "municipalities.csv", counties, problems)
    if problems:
        raise ReferenceDataError(problems)
    return ReferenceData(counties=counties, municipalities=municipalities)


def write_reference_data(data: ReferenceData) -> LoadResult:
    """Create or update all counties and municipalities, in one transaction.

    New counties among PILOT_COUNTY_CODES are marked as pilots; an existing county keeps the
    pilot flag and contact address that staff may have set.
    """
    result = LoadResult()
    with transaction.atomic():
        existing_codes = set(County.objects.values_list("code", flat=True))
        _sync(County, data.counties, result, "län")
        County.objects.filter(code__in=PILOT_COUNTY_CODES).exclude(code__in=existing_codes).update(
            is_pilot=True
        )
        county_ids = dict(County.objects.values_list("code", "id"))
        municipality_rows = {
            code: {
                "name": values["name"],
                "county_id": county_ids[values["county_code"]],
                "skr_group": values["skr_group"],
                "population": values["population"],
            }
            for code, values in data.municipalities.items()
        }
        _sync(Municipality, municipality_rows, result, "kommuner")
    return result


def load_reference_data(directory: Path | None = None) -> LoadResult:
    """Read, check and write the reference files of `directory` (fixtures/reference/)."""
    return write_reference_data(read_reference_data(directory))
