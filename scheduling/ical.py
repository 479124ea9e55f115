"""iCalendar feeds and iTIP invitations for course sessions, from plain session data.

Pure: plain data in, bytes out; no Django, no ORM. The rules every client holds us to are in
shared/CALENDAR.md; tests/scheduling/test_ical.py pins each of them on the real bytes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Parameters,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
    vText,
)

PRODID = "-//Länsstyrelserna//Kursplattform//SV"
TZID = "Europe/Stockholm"
STOCKHOLM = ZoneInfo(TZID)
REFRESH_INTERVAL = timedelta(hours=1)

# RFC 5545 section 3.1: at most 75 octets a physical line, CRLF not counted.
MAX_LINE_OCTETS = 75
CRLF = "\r\n"

# Control characters are not allowed in TEXT values (RFC 5545 TSAFE-CHAR); a tab may stay.
_DROPPED_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
# Parsers disagree on these in parameter values: RFC 6868 turns '"' into ^' (Outlook and vobject
# do not read it back) and some parsers treat a backslash as an escape there.
_PARAMETER_UNSAFE = str.maketrans({'"': "'", "\\": " ", "^": " "})


class _Text(vText):
    """A TEXT value escaped as RFC 5545 section 3.3.11 says, and nothing more."""

    # icalendar 7.3.2's own escaping first turns a literal backslash-N into a line break, so a
    # path such as \\fil01\Nyheter would reach calendars as two lines.

    def to_ical(self) -> bytes:
        escaped = (
            str(self)
            .replace("\\", "\\\\")
            .replace(";", "\\;")
            .replace(",", "\\,")
            .replace("\n", "\\n")
        )
        return escaped.encode("utf-8")


class _QuotedCNParameters(Parameters):
    """Parameters that always quote CN, as Outlook writes it."""

    always_quoted = (*Parameters.always_quoted, "CN")


@dataclass(frozen=True)
class CalendarSession:
    """One session as calendars see it."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    description: str
    location: str
    last_modified: datetime
    organizer_email: str
    organizer_name: str
    url: str = ""
    cancelled: bool = False

    def __post_init__(self) -> None:
        if not self.uid or _has_space_or_control(self.uid):
            raise ValueError(f"UID must be non-empty, without spaces or controls: {self.uid!r}")
        if self.sequence < 0:
            raise ValueError(f"SEQUENCE must be >= 0, got {self.sequence}")
        for field in ("start", "end", "last_modified"):
            _require_aware(getattr(self, field), field)
        if self.end < self.start:
            raise ValueError(f"Session {self.uid} ends before it starts")
        if self.url and _has_space_or_control(self.url):
            raise ValueError(f"URL must not contain spaces or controls: {self.url!r}")
        _require_email(self.organizer_email)


def feed_bytes(*, name: str, sessions: Iterable[CalendarSession], now: datetime) -> bytes:
    """A subscribable calendar feed: no METHOD, no ATTENDEE, one VEVENT a session."""
    _require_aware(now, "now")
    ordered = sorted(sessions, key=lambda session: (session.start, session.uid))
    uids = [session.uid for session in ordered]
    if len(set(uids)) != len(uids):
        raise ValueError("Two sessions in one feed share a UID")

    calendar = _calendar()
    # icalendar types NAME and X-WR-CALNAME as unknown and would leave commas in them unescaped.
    calendar.add("name", _Text(_single_line(name)))
    calendar.add("x-wr-calname", _Text(_single_line(name)))
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    calendar.add_component(_stockholm_vtimezone())
    for session in ordered:
        event = _event(session, now=now, cancelled=session.cancelled)
        event.add("organizer", _address(session.organizer_email, session.organizer_name))
        calendar.add_component(event)
    return _serialise(calendar)


def invitation_bytes(
    *,
    method: Literal["REQUEST", "CANCEL"],
    session: CalendarSession,
    attendee_email: str,
    attendee_name: str,
    now: datetime,
) -> bytes:
    """An iTIP (RFC 5546) REQUEST or CANCEL of one session for one attendee."""
    _require_aware(now, "now")
    _require_email(attendee_email)
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"Unsupported iTIP method: {method!r}")
    if method == "REQUEST" and session.cancelled:
        raise ValueError(f"A cancelled session ({session.uid}) is sent as CANCEL, not REQUEST")

    calendar = _calendar()
    calendar.add("method", method)
    calendar.add_component(_stockholm_vtimezone())
    # A CANCEL also removes one attendee from a session that goes on, so it is always CANCELLED.
    event = _event(session, now=now, cancelled=method == "CANCEL")
    event.add("organizer", _address(session.organizer_email, session.organizer_name))
    attendee = _address(attendee_email, attendee_name)
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    attendee.params["RSVP"] = "TRUE"
    event.add("attendee", attendee)
    calendar.add_component(event)
    return _serialise(calendar)


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _stockholm_vtimezone() -> Timezone:
    """Europe/Stockholm as yearly rules: Outlook mismatches a zone written as a list of RDATEs."""
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0, 0))
    standard.add("rrule", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("tzname", "CET")

    daylight = TimezoneDaylight()
    daylight.add("dtstart", datetime(1970, 3, 29, 2, 0, 0))
    daylight.add("rrule", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("tzname", "CEST")

    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add_component(standard)
    zone.add_component(daylight)
    return zone


def _event(session: CalendarSession, *, now: datetime, cancelled: bool) -> Event:
    event = Event()
    event.add("uid", _Text(session.uid))
    event.add("sequence", session.sequence)
    event.add("dtstamp", _utc(now))
    event.add("last-modified", _utc(session.last_modified))
    event.add("dtstart", _stockholm(session.start))
    event.add("dtend", _stockholm(session.end))
    event.add("summary", _Text(_text(session.summary)))
    event.add("description", _Text(_text(session.description)))
    if session.location:
        event.add("location", _Text(_text(session.location)))
    if session.url:
        event.add("url", session.url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Outlook shows a cancelled event as free only when it is transparent.
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params = _QuotedCNParameters()
    common_name = _parameter_text(name)
    if common_name:
        address.params["CN"] = common_name
    return address


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def _stockholm(moment: datetime) -> datetime:
    return moment.astimezone(STOCKHOLM).replace(microsecond=0)


def _text(value: str) -> str:
    """A TEXT value with one kind of line break and no control characters."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_DROPPED_CONTROLS)


def _single_line(value: str) -> str:
    """A name for one line: runs of white space, line breaks included, become one space."""
    return " ".join(_text(value).split())


def _parameter_text(value: str) -> str:
    """A CN on one line, without the characters parsers read back differently."""
    return _single_line(value.translate(_PARAMETER_UNSAFE))


def _has_space_or_control(value: str) -> bool:
    return any(char.isspace() or unicodedata.category(char) == "Cc" for char in value)


def _require_aware(moment: datetime, field: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{field} must be an aware datetime, got {moment!r}")


def _require_email(email: str) -> None:
    if "@" not in email or _has_space_or_control(email) or email.lower().startswith("mailto:"):
        raise ValueError(f"Not a bare email address: {email!r}")


def _serialise(calendar: Calendar) -> bytes:
    lines = calendar.content_lines(sorted=False)
    return "".join(_fold(str(line)) + CRLF for line in lines if line).encode("utf-8")


def _fold(line: str) -> str:
    """Fold at 75 octets, never inside a UTF-8 character nor inside a backslash escape.

    icalendar 7.3.2 keeps `\\n` whole but can fold between the two backslashes of an escaped
    backslash, and CALENDAR.md records Google dropping events folded inside an escape.
    """
    if len(line) <= MAX_LINE_OCTETS and len(line.encode("utf-8")) <= MAX_LINE_OCTETS:
        return line  # most lines: nothing to fold
    pieces: list[str] = []
    current: list[str] = []
    octets = 0
    limit = MAX_LINE_OCTETS
    for atom in _atoms(line):
        size = len(atom.encode("utf-8"))
        if current and octets + size > limit:
            pieces.append("".join(current))
            current, octets = [], 0
            limit = MAX_LINE_OCTETS - 1  # a continuation line starts with a space
        current.append(atom)
        octets += size
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def _atoms(line: str) -> Iterable[str]:
    """Characters, with a backslash escape (`\\n`, `\\,`, `\\;`, `\\\\`) kept as one unit."""
    index = 0
    while index < len(line):
        width = 2 if line[index] == "\\" and index + 1 < len(line) else 1
        yield line[index : index + width]
        index += width
