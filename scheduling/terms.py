"""Terms (half years) as the course speaks of them: "2022-VT" stored, "Våren 2022" shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

SPRING, AUTUMN = 1, 2
HALF_CODES = {SPRING: "VT", AUTUMN: "HT"}


@dataclass(frozen=True, order=True)
class Term:
    """A half year: spring (VT, January–June) or autumn (HT, July–December)."""

    year: int
    half: int  # SPRING or AUTUMN

    @classmethod
    def of(cls, day: date) -> Term:
        """The term a date falls in."""
        return cls(day.year, SPRING if day.month <= 6 else AUTUMN)

    @classmethod
    def from_code(cls, code: str) -> Term:
        """Parse a code such as "2022-VT"; raise ValueError if it is not one."""
        year, _sep, half_code = code.partition("-")
        halves = {text: half for half, text in HALF_CODES.items()}
        if not (year.isdigit() and len(year) == 4 and half_code in halves):
            raise ValueError(f"not a term code: {code!r}")
        return cls(int(year), halves[half_code])

    @property
    def code(self) -> str:
        """The stored form, such as "2022-VT"."""
        return f"{self.year}-{HALF_CODES[self.half]}"

    @property
    def short(self) -> str:
        """The short form, such as "VT 2022"."""
        if self.half == SPRING:
            return _("VT %(year)s") % {"year": self.year}
        return _("HT %(year)s") % {"year": self.year}

    @property
    def label(self) -> str:
        """The words, such as "Våren 2022"."""
        if self.half == SPRING:
            return _("Våren %(year)s") % {"year": self.year}
        return _("Hösten %(year)s") % {"year": self.year}

    @property
    def in_words(self) -> str:
        """The words inside a sentence, such as "våren 2022"."""
        if self.half == SPRING:
            return _("våren %(year)s") % {"year": self.year}
        return _("hösten %(year)s") % {"year": self.year}

    def next(self) -> Term:
        """The term after this one."""
        return Term(self.year, AUTUMN) if self.half == SPRING else Term(self.year + 1, SPRING)


def terms_between(start: date, end: date) -> list[Term]:
    """Every term that has at least one day between start and end, inclusive, in order."""
    terms, term, last = [], Term.of(start), Term.of(end)
    while term <= last:
        terms.append(term)
        term = term.next()
    return terms
