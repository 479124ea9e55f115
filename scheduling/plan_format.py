"""A rollout plan as text: a table per county, JSON per cohort, or CSV per county."""

import csv
import io
import json

from django.utils.translation import gettext as _

from .exports import spreadsheet_safe
from .planner import Plan


def _day(moment) -> str:
    return moment.date().isoformat() if moment else "–"


def plan_as_json(plan: Plan) -> str:
    """One object per cohort (county codes, name, capacity, sessions) and a summary."""
    cohorts = [
        {
            "county_code": cohort.county_code,
            "guest_county_codes": list(cohort.guest_county_codes),
            "name": cohort.name,
            "capacity": cohort.capacity,
            "seats_by_county": dict(cohort.seats_by_county),
            "sessions": [
                {"number": s.number, "start": s.start.isoformat(), "end": s.end.isoformat()}
                for s in cohort.sessions
            ],
        }
        for cohort in plan.cohorts
    ]
    summary = {
        "feasible": plan.feasible,
        "problems": list(plan.problems),
        "cohorts": len(plan.cohorts),
        "seats": sum(cohort.capacity for cohort in plan.cohorts),
        "demand": sum(county.demand for county in plan.counties),
        "max_running_at_once": plan.max_running_at_once,
        "counties": [
            {
                "code": county.code,
                "name": county.name,
                "demand": county.demand,
                "seats": county.seats,
                "cohorts": county.cohorts,
                "hosted_by": list(county.hosted_by),
                "first_session": county.first_session.isoformat() if county.first_session else None,
                "last_session": county.last_session.isoformat() if county.last_session else None,
            }
            for county in plan.counties
        ],
    }
    return json.dumps({"cohorts": cohorts, "summary": summary}, ensure_ascii=False, indent=2)


def hosts_by_county(plan: Plan) -> dict[str, str]:
    """Per county code, the names of the counties whose cohorts it joins as a guest ("" if none)."""
    names = {county.code: county.name for county in plan.counties}
    return {
        county.code: ", ".join(names.get(code, code) for code in county.hosted_by)
        for county in plan.counties
    }


def _county_rows(plan: Plan) -> list[list[str]]:
    hosts = hosts_by_county(plan)
    return [
        [
            county.code,
            county.name,
            str(county.cohorts),
            str(county.seats),
            str(county.demand),
            _day(county.first_session),
            _day(county.last_session),
            hosts[county.code],
        ]
        for county in plan.counties
    ]


def _county_headers() -> list[str]:
    return [
        _("Kod"),
        _("Län"),
        _("Grupper"),
        _("Platser"),
        _("Efterfrågan"),
        _("Första träff"),
        _("Sista träff"),
        _("Gäst hos"),
    ]


def plan_as_csv(plan: Plan) -> str:
    """One row per county: code, name, cohorts, seats, demand, first and last session, host."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "county_code",
            "county",
            "cohorts",
            "seats",
            "demand",
            "first_session",
            "last_session",
            "guest_of",
        ]
    )
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in _county_rows(plan))
    return buffer.getvalue()


def plan_as_table(plan: Plan) -> str:
    """A fixed-width table per county, with the totals and any problems below it."""
    headers, rows = _county_headers(), _county_rows(plan)
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    lines = [line(headers), line(["-" * width for width in widths]), *(line(row) for row in rows)]
    lines.append("")
    lines.append(
        _(
            "%(cohorts)d grupper, %(seats)d platser för en efterfrågan på %(demand)d; "
            "högst %(running)d grupper pågår samtidigt."
        )
        % {
            "cohorts": len(plan.cohorts),
            "seats": sum(cohort.capacity for cohort in plan.cohorts),
            "demand": sum(county.demand for county in plan.counties),
            "running": plan.max_running_at_once,
        }
    )
    lines.extend(plan.problems)
    return "\n".join(lines) + "\n"
