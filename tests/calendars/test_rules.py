"""Which days a session may fall on: Swedish holidays, their eves, weekdays and blackouts."""

from datetime import date, timedelta

import holidays
import pytest
from holidays.constants import DE_FACTO, PUBLIC

from calendars.rules import allowed_session_days, blocked_dates

EVERY_DAY = frozenset(range(7))


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2022, 1, 5), "Trettondagsafton"),
        (date(2022, 1, 6), "Trettondedag jul"),
        (date(2022, 4, 14), "Skärtorsdagen"),
        (date(2022, 4, 15), "Långfredagen"),
        (date(2022, 4, 16), "Påskafton"),
        (date(2022, 4, 18), "Annandag påsk"),
        (date(2022, 4, 30), "Valborgsmässoafton"),
        (date(2022, 5, 25), "Dagen före Kristi himmelsfärdsdag"),
        (date(2022, 5, 26), "Kristi himmelsfärdsdag"),
        (date(2022, 6, 6), "Nationaldagen"),
        (date(2022, 6, 24), "Midsommarafton"),
        (date(2022, 6, 25), "Midsommardagen"),
        (date(2022, 11, 4), "Allhelgonaafton"),
        (date(2022, 12, 24), "Julafton"),
        (date(2022, 12, 26), "Annandag jul"),
        (date(2022, 12, 31), "Nyårsafton"),
        (date(2023, 6, 5), "Dagen före Nationaldagen"),
    ],
)
def test_holidays_and_their_eves_are_blocked_with_a_swedish_reason(day, reason):
    assert blocked_dates(date(2022, 1, 1), date(2023, 12, 31))[day] == reason


def test_a_day_that_is_both_holiday_and_eve_keeps_the_holiday_name():
    blocked = blocked_dates(date(2022, 4, 1), date(2022, 12, 31))
    assert blocked[date(2022, 4, 17)] == "Påskdagen"
    assert blocked[date(2022, 12, 25)] == "Juldagen"
    assert blocked[date(2022, 6, 5)] == "Pingstdagen"


def test_nyarsafton_is_blocked_when_the_period_ends_on_it():
    assert blocked_dates(date(2023, 12, 27), date(2023, 12, 31)) == {
        date(2023, 12, 31): "Nyårsafton"
    }


def test_plain_sundays_and_ordinary_days_are_not_blocked():
    blocked = blocked_dates(date(2022, 1, 1), date(2022, 12, 31))
    assert date(2022, 1, 9) not in blocked  # an ordinary Sunday
    assert date(2022, 3, 15) not in blocked
    assert len(blocked) == 23


def test_everything_the_library_calls_a_public_or_de_facto_holiday_is_blocked():
    library = holidays.Sweden(years=[2022, 2023], categories=(PUBLIC, DE_FACTO))
    blocked = blocked_dates(date(2022, 1, 1), date(2023, 12, 31))
    assert set(library) <= set(blocked)


def test_blocked_dates_stay_inside_the_period_and_in_date_order():
    blocked = blocked_dates(date(2022, 6, 1), date(2022, 6, 24))
    assert list(blocked) == [
        date(2022, 6, 4),
        date(2022, 6, 5),
        date(2022, 6, 6),
        date(2022, 6, 24),
    ]
    assert blocked == blocked_dates(date(2022, 6, 1), date(2022, 6, 24))


def test_allowed_days_keep_only_the_chosen_weekdays():
    days = allowed_session_days(date(2022, 3, 7), date(2022, 3, 20), frozenset({1, 3}), ())
    assert days == [date(2022, 3, 8), date(2022, 3, 10), date(2022, 3, 15), date(2022, 3, 17)]


def test_allowed_days_skip_holidays_and_eves():
    days = allowed_session_days(date(2022, 6, 20), date(2022, 6, 27), EVERY_DAY, ())
    assert date(2022, 6, 24) not in days
    assert date(2022, 6, 25) not in days
    assert days[0] == date(2022, 6, 20)
    assert days[-1] == date(2022, 6, 27)


def test_blackout_periods_are_closed_at_both_ends():
    blackout = ((date(2022, 3, 8), date(2022, 3, 10)),)
    days = allowed_session_days(date(2022, 3, 7), date(2022, 3, 11), EVERY_DAY, blackout)
    assert days == [date(2022, 3, 7), date(2022, 3, 11)]


def test_allowed_days_are_inside_the_period_inclusive_and_sorted():
    start, end = date(2022, 8, 15), date(2022, 12, 31)
    days = allowed_session_days(start, end, frozenset({0, 1, 2, 3, 4}), ())
    assert days == sorted(days)
    assert days[0] == start
    assert days[-1] == date(2022, 12, 30)
    assert all(start <= day <= end for day in days)
    assert len(days) == len(set(days))


def test_no_allowed_days_when_the_period_ends_before_it_starts():
    assert allowed_session_days(date(2022, 3, 10), date(2022, 3, 9), EVERY_DAY, ()) == []


def test_a_course_on_any_day_skips_only_the_holidays_and_eves_around_christmas():
    days = allowed_session_days(date(2022, 12, 19), date(2023, 1, 8), EVERY_DAY, ())
    expected = [date(2022, 12, 19) + timedelta(days=n) for n in range(5)]
    expected += [date(2022, 12, 27 + n) for n in range(4)]
    expected += [date(2023, 1, 2 + n) for n in range(3)] + [date(2023, 1, 7), date(2023, 1, 8)]
    assert days == expected
