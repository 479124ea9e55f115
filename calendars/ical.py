"""iCalendar feeds and iTIP invitations for any kind of event, from plain event data.

Pure: plain data in, bytes out; no Django, no ORM. The rules every client holds us to are in
shared/CALENDAR.md; tests/calendars/test_ical.py pins each of them on the real bytes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import chain
from typing import Literal
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vText,
)

PRODID = "-//Länsstyrelserna//Kursplattform//SV"
TZID = "Europe/Stockholm"
STOCKHOLM = ZoneInfo(TZID)
REFRESH_INTERVAL = timedelta(hours=1)

# RFC 5545 section 3.1: at most 75 octets a physical line, CRLF not counted.
MAX_LINE_OCTETS = 75
CRLF = b"\r\n"
FOLD = CRLF + b" "
BACKSLASH = ord("\\")

# Control characters are not allowed in TEXT values (RFC 5545 TSAFE-CHAR); a tab may stay.
# A pattern, not str.translate with a table: that looks up every character of every text.
_DROPPED_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Parsers disagree on these in parameter values: RFC 6868 turns '"' into ^' (Outlook and vobject
# do not read it back) and some parsers treat a backslash as an escape there.
_PARAMETER_UNSAFE = str.maketrans({'"': "'", "\\": " ", "^": " "})


class _Text(vText):
    """A TEXT value escaped as RFC 5545 section 3.3.11 says, and nothing more."""

    # icalendar 7.3.2's own escaping first turns a literal backslash-N into a line break, so a
    # path such as \\fil01\Nyheter would reach calendars as two lines.

    def to_ical(self) -> bytes:
        return _escape(str(self)).encode("utf-8")


@dataclass(frozen=True)
class CalendarEvent:
    """One event (a course session, a network meeting) as calendars see it."""

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
            raise ValueError(f"Event {self.uid} ends before it starts")
        if self.url and _has_space_or_control(self.url):
            raise ValueError(f"URL must not contain spaces or controls: {self.url!r}")
        _require_email(self.organizer_email)


def feed_bytes(*, name: str, events: Iterable[CalendarEvent], now: datetime) -> bytes:
    """A subscribable calendar feed: no METHOD, no ATTENDEE, one VEVENT an event."""
    _require_aware(now, "now")
    ordered = sorted(events, key=lambda event: (event.start, event.uid))
    uids = [event.uid for event in ordered]
    if len(set(uids)) != len(uids):
        raise ValueError("Two events in one feed share a UID")

    calendar = _calendar()
    # icalendar types NAME and X-WR-CALNAME as unknown and would leave commas in them unescaped.
    calendar.add("name", _Text(_single_line(name)))
    calendar.add("x-wr-calname", _Text(_single_line(name)))
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    stamp = _utc_text(now)
    lines = (
        line
        for event in ordered
        for line in _event_lines(event, dtstamp=stamp, cancelled=event.cancelled)
    )
    return _serialise(calendar, lines)


def invitation_bytes(
    *,
    method: Literal["REQUEST", "CANCEL"],
    event: CalendarEvent,
    attendee_email: str,
    attendee_name: str,
    now: datetime,
) -> bytes:
    """An iTIP (RFC 5546) REQUEST or CANCEL of one event for one attendee."""
    _require_aware(now, "now")
    _require_email(attendee_email)
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"Unsupported iTIP method: {method!r}")
    if method == "REQUEST" and event.cancelled:
        raise ValueError(f"A cancelled event ({event.uid}) is sent as CANCEL, not REQUEST")

    calendar = _calendar()
    calendar.add("method", method)
    attendee = _address_line(
        "ATTENDEE",
        attendee_email,
        attendee_name,
        extra="ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE",
    )
    # A CANCEL also removes one attendee from an event that goes on, so it is always CANCELLED.
    lines = _event_lines(
        event, dtstamp=_utc_text(now), cancelled=method == "CANCEL", attendee=attendee
    )
    return _serialise(calendar, lines)


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


@cache
def _stockholm_vtimezone_lines() -> tuple[str, ...]:
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
    return tuple(str(line) for line in zone.content_lines(sorted=False) if line)


def _event_lines(
    event: CalendarEvent, *, dtstamp: str, cancelled: bool, attendee: str = ""
) -> list[str]:
    """One VEVENT as unfolded content lines, written directly: a feed has hundreds of them."""
    lines = [
        "BEGIN:VEVENT",
        "UID:" + _escape(event.uid),
        f"SEQUENCE:{event.sequence}",
        "DTSTAMP:" + dtstamp,
        "LAST-MODIFIED:" + _utc_text(event.last_modified),
        f"DTSTART;TZID={TZID}:" + _stockholm_text(event.start),
        f"DTEND;TZID={TZID}:" + _stockholm_text(event.end),
        "SUMMARY:" + _escape(_text(event.summary)),
        "DESCRIPTION:" + _escape(_text(event.description)),
    ]
    if event.location:
        lines.append("LOCATION:" + _escape(_text(event.location)))
    if event.url:
        lines.append("URL:" + event.url)
    lines.append("STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED")
    # Outlook shows a cancelled event as free only when it is transparent.
    lines.append("TRANSP:TRANSPARENT" if cancelled else "TRANSP:OPAQUE")
    lines.append(_address_line("ORGANIZER", event.organizer_email, event.organizer_name))
    if attendee:
        lines.append(attendee)
    lines.append("END:VEVENT")
    return lines


def _address_line(name: str, email: str, common_name: str, *, extra: str = "") -> str:
    """An ORGANIZER or ATTENDEE: the CN always quoted, as Outlook writes it, then mailto."""
    parameters = [f'CN="{cn}"'] if (cn := _parameter_text(common_name)) else []
    if extra:
        parameters.append(extra)
    return ";".join([name, *parameters]) + ":mailto:" + email


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _stockholm_text(moment: datetime) -> str:
    return moment.astimezone(STOCKHOLM).strftime("%Y%m%dT%H%M%S")


def _escape(value: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 says, and nothing more."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _text(value: str) -> str:
    """A TEXT value with one kind of line break and no control characters."""
    return _DROPPED_CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _single_line(value: str) -> str:
    """A name for one line: runs of white space, line breaks included, become one space."""
    return " ".join(_text(value).split())


def _parameter_text(value: str) -> str:
    """A CN on one line, without the characters parsers read back differently."""
    return _single_line(value.translate(_PARAMETER_UNSAFE))


def _has_space_or_control(value: str) -> bool:
    if value.isprintable():  # fast path: no control, and no white space but the plain space
        return " " in value
    return any(char.isspace() or unicodedata.category(char) == "Cc" for char in value)


def _require_aware(moment: datetime, field: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{field} must be an aware datetime, got {moment!r}")


def _require_email(email: str) -> None:
    if "@" not in email or _has_space_or_control(email) or email.lower().startswith("mailto:"):
        raise ValueError(f"Not a bare email address: {email!r}")


def _serialise(calendar: Calendar, events: Iterable[str]) -> bytes:
    """The calendar's own lines, the time zone, the events, each folded, with CRLF."""
    *header, end = (str(line) for line in calendar.content_lines(sorted=False) if line)
    lines = chain(header, _stockholm_vtimezone_lines(), events, (end,))
    return b"".join(_fold(line.encode("utf-8")) + CRLF for line in lines)


def _fold(line: bytes) -> bytes:
    """Fold at 75 octets, never inside a UTF-8 character nor inside a backslash escape.

    icalendar 7.3.2 keeps `\\n` whole but can fold between the two backslashes of an escaped
    backslash, and CALENDAR.md records Google dropping events folded inside an escape.
    """
    if len(line) <= MAX_LINE_OCTETS:
        return line  # most lines: nothing to fold
    pieces: list[bytes] = []
    start, limit = 0, MAX_LINE_OCTETS
    while len(line) - start > limit:
        cut = start + limit
        while line[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: step back to its start
            cut -= 1
        backslashes = 0
        while cut - backslashes - 1 >= start and line[cut - backslashes - 1] == BACKSLASH:
            backslashes += 1
        if backslashes % 2:  # the last backslash opens an escape: keep it with what it escapes
            cut -= 1
        pieces.append(line[start:cut])
        start, limit = cut, MAX_LINE_OCTETS - 1  # a continuation line starts with a space
    pieces.append(line[start:])
    return FOLD.join(pieces)
