"""Days on which a course session may take place: Swedish holidays, their eves and blackouts.

Pure Python, no Django: the rollout planner and its tests call these with plain dates.
"""

from datetime import date, timedelta
from functools import cache

import holidays

# The traditional Swedish name of the day before a public holiday, where it has one; any other
# eve is called "Dagen före <helgdag>".
EVE_NAMES = {
    "Nyårsdagen": "Nyårsafton",
    "Trettondedag jul": "Trettondagsafton",
    "Långfredagen": "Skärtorsdagen",
    "Påskdagen": "Påskafton",
    "Första maj": "Valborgsmässoafton",
    "Pingstdagen": "Pingstafton",
    "Midsommardagen": "Midsommarafton",
    "Alla helgons dag": "Allhelgonaafton",
    "Juldagen": "Julafton",
}


@cache
def _public_holidays(year: int) -> tuple[tuple[date, str], ...]:
    """Sweden's public holidays of one year (plain Sundays left out), in date order."""
    calendar = holidays.Sweden(years=year, language="sv", include_sundays=False)
    return tuple((day, " och ".join(calendar.get_list(day))) for day in sorted(calendar))


def blocked_dates(start: date, end: date) -> dict[date, str]:
    """Public holidays and the day before each, in [start, end], mapped to a Swedish reason."""
    # A year's first holiday (Nyårsdagen) has its eve in the year before, hence end.year + 1.
    public = [entry for year in range(start.year, end.year + 2) for entry in _public_holidays(year)]
    blocked = dict(public)
    # A day that is both a holiday and an eve (Påskdagen, Juldagen) keeps its holiday name.
    for day, name in public:
        blocked.setdefault(day - timedelta(days=1), EVE_NAMES.get(name, f"Dagen före {name}"))
    return {day: blocked[day] for day in sorted(blocked) if start <= day <= end}


def allowed_session_days(
    start: date,
    end: date,
    weekdays: frozenset[int],
    blackout_periods: tuple[tuple[date, date], ...],
) -> list[date]:
    """Days in [start, end] on a chosen weekday, not blocked and outside every blackout period."""
    if end < start:
        return []
    blocked = blocked_dates(start, end)
    days = []
    day = start
    while day <= end:
        if (
            day.weekday() in weekdays
            and day not in blocked
            and not any(first <= day <= last for first, last in blackout_periods)
        ):
            days.append(day)
        day += timedelta(days=1)
    return days
