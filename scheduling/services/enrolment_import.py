"""Enrol a list of participants from a file: every row is checked before anything is saved.

The file is CSV (as Excel saves it: comma or semicolon, UTF-8 or Windows-1252) or an Excel
workbook (.xlsx, its first sheet). The header names the columns in English or in Swedish
(`email,name,municipality_code` or `E-post;Namn;Kommunkod`), in any order; a municipality
code of three digits is one whose leading zero Excel dropped ("763" for 0763).
"""

import csv
import io
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import openpyxl
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from accounts.services import participant_name_parts, participant_refusal
from regions.models import Municipality

from ..models import Cohort, Enrolment, EnrolmentStatus
from .enrolment import EnrolmentError, check_round_not_ended, cohort_county_ids, participant_enrol

COLUMNS = ["email", "name", "municipality_code"]
HEADER_ALIASES = {
    "email": "email",
    "e-mail": "email",
    "e-post": "email",
    "epost": "email",
    "e-postadress": "email",
    "name": "name",
    "namn": "name",
    "municipality_code": "municipality_code",
    "municipality code": "municipality_code",
    "kommunkod": "municipality_code",
}
MAX_ROWS = 2000
MAX_COLUMNS = 20
EMAIL_MAX_LENGTH = 254


class EnrolmentImportError(Exception):
    """The file was rejected whole; `problems` names the row and the reason for each error."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class _UnreadableFile(Exception):
    """The file cannot be read at all; the message says why, in Swedish."""


@dataclass(frozen=True)
class ImportRow:
    """One checked row of the file."""

    line: int
    email: str
    first_name: str
    last_name: str
    municipality: Municipality


@dataclass(frozen=True)
class ImportResult:
    """What the import did."""

    enrolled: int
    waitlisted: int
    accounts_created: int


def csv_text(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without a BOM), else Excel's Windows-1252.

    Raises UnicodeDecodeError if it is neither.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Excel's CSV with the delimiter of the header line (a comma if it has none), by line.

    Only the delimiter is sniffed: the header has no quotes to learn from, and the sniffer
    would then turn off the doubled quotes ("") that Excel writes for a quote inside a field.
    """
    if "\x00" in text:
        raise _UnreadableFile(
            _("Filen innehåller nolltecken (NUL). Spara den som CSV i UTF-8 och försök igen.")
        )
    # Old Mac files end lines with a lone CR, which the csv module refuses outside quotes.
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        delimiter = csv.Sniffer().sniff(text.partition("\n")[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), dialect=csv.excel, delimiter=delimiter)
    try:
        for record in reader:
            if record:
                yield reader.line_num, record
    except csv.Error as error:
        raise _UnreadableFile(
            _("Rad %(line)d: raden kan inte läsas som CSV (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from error


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a person sees there: 763.0 is "763", nothing is ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """The rows of the workbook's first sheet as text, by row number; empty rows left out."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
            for line, values in enumerate(rows, 1):
                record = [_cell_text(value) for value in values]
                if any(cell.strip() for cell in record):
                    yield line, record
                if line > MAX_ROWS + 1:
                    return
        finally:
            workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, OSError) as error:
        raise _UnreadableFile(
            _("Filen kan inte läsas som en Excel-arbetsbok (.xlsx). Spara den igen i Excel.")
        ) from error


def _columns(header: list[str]) -> dict[str, int] | None:
    """Where each column is, from a header in English or Swedish; None if it is not one."""
    found = {}
    for index, name in enumerate(header):
        words = " ".join(name.replace("\ufeff", "").split()).lower()
        if not words:
            continue  # Excel writes empty cells after the last column
        key = HEADER_ALIASES.get(words)
        if key is None or key in found:
            return None
        found[key] = index
    return found if set(found) == set(COLUMNS) else None


def _municipality(municipalities: dict[str, Municipality], code: str) -> Municipality | None:
    """The municipality of a code; a three-digit code is one whose leading zero Excel dropped.

    Every four-digit code below 1000 begins with 0, so "763" can only mean 0763.
    """
    if len(code) == 3 and code.isdigit():
        code = "0" + code
    return municipalities.get(code)


def _check_rows(cohort: Cohort, records: Iterator[tuple[int, list[str]]], county_ids: set[int]):
    """Check the cohort, the header and every row; return the good rows and the problems."""
    try:
        check_round_not_ended(cohort)
    except EnrolmentError as error:
        return [], [str(error)]
    try:
        return _check_records(cohort, records, county_ids)
    except _UnreadableFile as error:
        return [], [str(error)]


def _check_records(
    cohort: Cohort, records, county_ids: set[int]
) -> tuple[list[ImportRow], list[str]]:
    """Check the header and every record, in order.

    An existing account that may not be enrolled (staff, another county's person) is refused
    with a message naming only its email, before anything about its enrolments is looked at.
    """
    _line, header = next(records, (0, []))
    columns = _columns(header)
    if columns is None:
        return [], [
            _("Rubrikraden ska vara %(expected)s (eller %(swedish)s), men är %(found)s.")
            % {
                "expected": ",".join(COLUMNS),
                "swedish": "E-post,Namn,Kommunkod",
                "found": ",".join(name.strip().lower() for name in header)[:200] or _("tom"),
            }
        ]
    municipalities = {m.code: m for m in Municipality.objects.all()}
    problems, lines = [], []
    for line, record in records:
        if line > MAX_ROWS + 1:
            problems.append(_("Filen har fler än %(max)d rader.") % {"max": MAX_ROWS})
            break
        values = {
            key: (record[index] if index < len(record) else "").strip()
            for key, index in columns.items()
        }
        email = get_user_model().objects.normalize_email(values.get("email", "")).lower()
        lines.append((line, values, email))
    emails = [email for _line, _values, email in lines]
    accounts = {
        user.email: user
        for user in get_user_model()
        .objects.filter(email__in=emails)
        .select_related("municipality")
        .prefetch_related("groups")
    }
    already = set(
        Enrolment.objects.filter(round_id=cohort.round_id, participant__email__in=emails)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .values_list("participant__email", flat=True)
    )
    rows, seen = [], {}
    for line, values, email in lines:
        name = " ".join(values.get("name", "").split())
        code = values.get("municipality_code", "")
        where = _("Rad %(line)d") % {"line": line}
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _("%(where)s: e-postadressen %(email)r är ogiltig.")
                % {"where": where, "email": email[:100]}
            )
        else:
            if len(email) > EMAIL_MAX_LENGTH:
                problems.append(
                    _("%(where)s: e-postadressen är längre än %(max)d tecken.")
                    % {"where": where, "max": EMAIL_MAX_LENGTH}
                )
        first = last = ""
        if not name:
            problems.append(_("%(where)s: namnet saknas.") % {"where": where})
        else:
            try:
                first, last = participant_name_parts(name)
            except ValidationError as error:
                problems.extend(f"{where}: {message}" for message in error.messages)
        municipality = _municipality(municipalities, code)
        if municipality is None:
            problems.append(
                _("%(where)s: kommunkoden %(code)r finns inte.")
                % {"where": where, "code": code[:20]}
            )
        elif municipality.county_id not in county_ids:
            problems.append(
                _("%(where)s: %(municipality)s ligger inte i något av de län du anmäler för.")
                % {"where": where, "municipality": municipality.name}
            )
        refusal = email in accounts and participant_refusal(accounts[email], county_ids=county_ids)
        if refusal:
            problems.append(f"{where}: {refusal}")
        elif email in seen:
            problems.append(
                _("%(where)s: %(email)s står redan på rad %(first)d.")
                % {"where": where, "email": email, "first": seen[email]}
            )
        elif email in already:
            problems.append(
                _("%(where)s: %(email)s är redan anmäld till kursomgången.")
                % {"where": where, "email": email}
            )
        seen.setdefault(email, line)
        if municipality is not None:
            rows.append(ImportRow(line, email, first, last, municipality))
    if not seen and not problems:
        problems.append(_("Filen innehåller inga deltagare."))
    return rows, problems


def enrolments_import_csv(
    *, cohort: Cohort, text: str, county_ids: Collection[int] | None = None, by=None
) -> ImportResult:
    """Enrol everyone in a CSV file's text, or nobody (see `_import`)."""
    return _import(cohort, _csv_records(text), county_ids=county_ids, by=by)


def enrolments_import_xlsx(
    *, cohort: Cohort, data: bytes, county_ids: Collection[int] | None = None, by=None
) -> ImportResult:
    """Enrol everyone on the first sheet of an Excel workbook, or nobody (see `_import`)."""
    return _import(cohort, _xlsx_records(data), county_ids=county_ids, by=by)


def _import(cohort: Cohort, records, *, county_ids, by) -> ImportResult:
    """Create accounts as needed and enrol every participant of the file, or nothing at all.

    `county_ids` are the counties the coordinator enrols for (None: all of the cohort's): every
    row's municipality, and every existing account's, must lie in one of them; staff accounts
    are refused (`participant_enrol`). `by` is the coordinator who imports the file; each
    enrolment is logged as theirs.
    """
    allowed = cohort_county_ids(cohort)
    if county_ids is not None:
        allowed &= set(county_ids)
    rows, problems = _check_rows(cohort, records, allowed)
    if problems:
        raise EnrolmentImportError(problems)
    existing = set(
        get_user_model()
        .objects.filter(email__in=[row.email for row in rows])
        .values_list("email", flat=True)
    )
    enrolled = waitlisted = 0
    with transaction.atomic():
        for row in rows:
            try:
                enrolment = participant_enrol(
                    email=row.email,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    municipality=row.municipality,
                    cohort=cohort,
                    county_ids=allowed,
                    by=by,
                )
            except EnrolmentError as error:
                raise EnrolmentImportError(
                    [_("Rad %(line)d: %(error)s") % {"line": row.line, "error": error}]
                ) from error
            enrolled += enrolment.status == EnrolmentStatus.ENROLLED
            waitlisted += enrolment.status == EnrolmentStatus.WAITLISTED
    created = len({row.email for row in rows} - existing)
    return ImportResult(enrolled=enrolled, waitlisted=waitlisted, accounts_created=created)
