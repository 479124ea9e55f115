"""Enrol a list of participants from a CSV file: every row is checked before anything is saved."""

import csv
import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from lms.services import participant_ensure, participant_name_parts

from ..models import Cohort, Enrolment, EnrolmentStatus, Municipality
from .enrolment import EnrolmentError, enrolment_create

COLUMNS = ["email", "name", "municipality_code"]
MAX_ROWS = 2000
EMAIL_MAX_LENGTH = 254


class EnrolmentImportError(Exception):
    """The file was rejected whole; `problems` names the row and the reason for each error."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


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


def _reader(text: str) -> csv.DictReader:
    """A reader with the delimiter of the header line; a comma if it has none of ",;\\t"."""
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.DictReader(io.StringIO(text), dialect=dialect)


def _check_rows(cohort: Cohort, text: str) -> tuple[list[ImportRow], list[str]]:
    """Parse and check every row; return the good rows and a message per problem."""
    if "\x00" in text:
        return [], [
            _("Filen innehåller nolltecken (NUL). Spara den som CSV i UTF-8 och försök igen.")
        ]
    # Old Mac files end lines with a lone CR, which the csv module refuses outside quotes.
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    reader = _reader(text)
    try:
        return _check_records(cohort, reader)
    except csv.Error as error:
        return [], [
            _("Rad %(line)d: raden kan inte läsas som CSV (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ]


def _check_records(cohort: Cohort, reader: csv.DictReader) -> tuple[list[ImportRow], list[str]]:
    """Check the header and every record of the reader."""
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if header != COLUMNS:
        return [], [
            _("Rubrikraden ska vara %(expected)s, men är %(found)s.")
            % {"expected": ",".join(COLUMNS), "found": ",".join(header) or _("tom")}
        ]
    county_ids = {cohort.county_id, *cohort.guest_counties.values_list("id", flat=True)}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    already = set(
        Enrolment.objects.filter(round_id=cohort.round_id)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .values_list("participant__email", flat=True)
    )
    rows, problems, seen = [], [], {}
    for record in reader:
        line = reader.line_num
        if line > MAX_ROWS + 1:
            problems.append(_("Filen har fler än %(max)d rader.") % {"max": MAX_ROWS})
            break
        values = {
            key.strip().lower(): (value or "").strip() for key, value in record.items() if key
        }
        email = get_user_model().objects.normalize_email(values.get("email", "")).lower()
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
        municipality = municipalities.get(code)
        if municipality is None:
            problems.append(
                _("%(where)s: kommunkoden %(code)r finns inte.")
                % {"where": where, "code": code[:20]}
            )
        elif municipality.county_id not in county_ids:
            problems.append(
                _("%(where)s: %(municipality)s ligger inte i något av gruppens län.")
                % {"where": where, "municipality": municipality.name}
            )
        if email in seen:
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


def enrolments_import_csv(*, cohort: Cohort, text: str, by=None) -> ImportResult:
    """Create accounts as needed and enrol every participant of the file, or nothing at all.

    `by` is the coordinator who imports the file; each enrolment is logged as theirs.
    """
    rows, problems = _check_rows(cohort, text)
    if problems:
        raise EnrolmentImportError(problems)
    enrolled = waitlisted = created = 0
    with transaction.atomic():
        for row in rows:
            participant, was_created = participant_ensure(
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                municipality=row.municipality,
            )
            try:
                enrolment = enrolment_create(participant=participant, cohort=cohort, by=by)
            except EnrolmentError as error:
                raise EnrolmentImportError(
                    [_("Rad %(line)d: %(error)s") % {"line": row.line, "error": error}]
                ) from error
            created += was_created
            enrolled += enrolment.status == EnrolmentStatus.ENROLLED
            waitlisted += enrolment.status == EnrolmentStatus.WAITLISTED
    return ImportResult(enrolled=enrolled, waitlisted=waitlisted, accounts_created=created)
