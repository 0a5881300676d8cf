"""custlog.parsing.dates: WHEN, PERIOD and yearly dates, read as a spec (how a date reads:
tests/test_rules_dates.py).

"Today" is pinned to Tuesday 24 November 2026 unless a test says otherwise; nothing here
reads the clock.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custlog.errors import BadInput
from custlog.parsing.dates import (
    MAX_YEAR,
    MIN_YEAR,
    Direction,
    Period,
    Unit,
    YearlyDate,
    parse_iso_date,
    parse_iso_datetime,
    parse_period,
    parse_when,
    parse_when_datetime,
    parse_yearly,
)
from custlog.render.words import MONTH_NAMES

TODAY = date(2026, 11, 24)  # a Tuesday
NOW = time(9, 15, 7, 123456)
WHEN_FORMS = (
    "use YYYY-MM-DD, today, tomorrow, yesterday, a weekday (fri), next week, next month, "
    "in 3 days, 3d/2w/6m/1y, eow/eom/eoy, 3 days ago, last friday, or dec 3"
)
BOTH: tuple[Direction, Direction] = ("future", "past")

# Hypothesis keeps no example database: the suite writes nothing into the project.
PROPERTY = settings(database=None, max_examples=200, deadline=None)


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def month_length(year: int, month: int) -> int:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return (first_of_next - timedelta(days=1)).day


def test_pinned_today_is_a_tuesday() -> None:
    assert TODAY.weekday() == 1


# --------------------------------------------------------------------------- WHEN: fixed forms


@pytest.mark.parametrize("direction", BOTH)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", d(12, 1)),
        ("2024-02-29", d(2, 29, 2024)),
        ("1999-01-31", d(1, 31, 1999)),
        ("  2026-12-01  ", d(12, 1)),
    ],
)
def test_iso_dates_are_taken_as_written(text: str, expected: date, direction: Direction) -> None:
    assert parse_when(text, TODAY, direction) == expected


@pytest.mark.parametrize("direction", BOTH)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", d(11, 24)),
        ("tomorrow", d(11, 25)),
        ("yesterday", d(11, 23)),
        ("TODAY", d(11, 24)),
        ("  Tomorrow ", d(11, 25)),
    ],
)
def test_today_tomorrow_yesterday(text: str, expected: date, direction: Direction) -> None:
    assert parse_when(text, TODAY, direction) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("monday", d(11, 30)),
        ("mon", d(11, 30)),
        ("tuesday", d(12, 1)),  # today is Tuesday: "tuesday" is next week's
        ("tue", d(12, 1)),
        ("tues", d(12, 1)),
        ("wednesday", d(11, 25)),
        ("wed", d(11, 25)),
        ("thursday", d(11, 26)),
        ("thu", d(11, 26)),
        ("thur", d(11, 26)),
        ("thurs", d(11, 26)),
        ("friday", d(11, 27)),
        ("fri", d(11, 27)),
        ("Friday", d(11, 27)),
        ("saturday", d(11, 28)),
        ("sat", d(11, 28)),
        ("sunday", d(11, 29)),
        ("sun", d(11, 29)),
    ],
)
def test_weekday_means_the_next_one_after_today(text: str, expected: date) -> None:
    assert parse_when(text, TODAY) == expected
    assert parse_when(text, TODAY, "future") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("monday", d(11, 23)),
        ("tue", d(11, 17)),  # today is Tuesday: "tue" is last week's
        ("wed", d(11, 18)),
        ("thurs", d(11, 19)),
        ("fri", d(11, 20)),
        ("saturday", d(11, 21)),
        ("sun", d(11, 22)),
    ],
)
def test_weekday_means_the_last_one_before_today_for_past_options(
    text: str, expected: date
) -> None:
    assert parse_when(text, TODAY, "past") == expected


@pytest.mark.parametrize("direction", BOTH)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next friday", d(11, 27)),
        ("next fri", d(11, 27)),
        ("next tuesday", d(12, 1)),
        ("next mon", d(11, 30)),
        ("last friday", d(11, 20)),
        ("last fri", d(11, 20)),
        ("last tuesday", d(11, 17)),
        ("last wed", d(11, 18)),
        ("Last  Friday", d(11, 20)),
    ],
)
def test_next_and_last_weekday_ignore_the_direction(
    text: str, expected: date, direction: Direction
) -> None:
    assert parse_when(text, TODAY, direction) == expected


@pytest.mark.parametrize("direction", BOTH)
@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("next week", TODAY, d(11, 30)),
        ("next week", d(11, 30), d(12, 7)),  # on a Monday: the Monday after
        ("next week", d(11, 29), d(11, 30)),  # on a Sunday: tomorrow
        ("next month", TODAY, d(12, 1)),
        ("next month", d(12, 31), d(1, 1, 2027)),
        ("next month", d(1, 31), d(2, 1)),
        ("next year", TODAY, d(1, 1, 2027)),
        ("next year", d(1, 1), d(1, 1, 2027)),
    ],
)
def test_next_week_month_year_start_the_coming_one(
    text: str, today: date, expected: date, direction: Direction
) -> None:
    assert parse_when(text, today, direction) == expected


@pytest.mark.parametrize("direction", BOTH)
@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("eow", TODAY, d(11, 29)),
        ("eow", d(11, 29), d(11, 29)),  # on a Sunday: today
        ("eow", d(11, 30), d(12, 6)),
        ("eom", TODAY, d(11, 30)),
        ("eom", d(2, 3, 2028), d(2, 29, 2028)),
        ("eom", d(12, 31), d(12, 31)),
        ("eoy", TODAY, d(12, 31)),
        ("EOY", d(1, 1), d(12, 31)),
        ("end of week", TODAY, d(11, 29)),
        ("end of month", TODAY, d(11, 30)),
        ("end of year", TODAY, d(12, 31)),
    ],
)
def test_end_of_week_month_year(
    text: str, today: date, expected: date, direction: Direction
) -> None:
    assert parse_when(text, today, direction) == expected


# --------------------------------------------------------------------------- WHEN: offsets


@pytest.mark.parametrize("direction", BOTH)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 3 days", d(11, 27)),
        ("in 1 day", d(11, 25)),
        ("in 0 days", d(11, 24)),
        ("in 2 weeks", d(12, 8)),
        ("in 1 week", d(12, 1)),
        ("in a week", d(12, 1)),
        ("in a day", d(11, 25)),
        ("in 1 month", d(12, 24)),
        ("in a month", d(12, 24)),
        ("in 2 months", d(1, 24, 2027)),
        ("in 1 year", d(11, 24, 2027)),
        ("in a year", d(11, 24, 2027)),
        ("in 3d", d(11, 27)),
        ("IN 3 DAYS", d(11, 27)),
    ],
)
def test_in_n_units_always_counts_forward(text: str, expected: date, direction: Direction) -> None:
    assert parse_when(text, TODAY, direction) == expected


@pytest.mark.parametrize("direction", BOTH)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", d(11, 27)),
        ("0d", d(11, 24)),
        ("2w", d(12, 8)),
        ("6m", d(5, 24, 2027)),
        ("1y", d(11, 24, 2027)),
        ("10D", d(12, 4)),
    ],
)
def test_compact_offsets_always_count_forward(
    text: str, expected: date, direction: Direction
) -> None:
    assert parse_when(text, TODAY, direction) == expected


@pytest.mark.parametrize("direction", BOTH)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 days ago", d(11, 21)),
        ("1 day ago", d(11, 23)),
        ("3d ago", d(11, 21)),
        ("2w ago", d(11, 10)),
        ("2 weeks ago", d(11, 10)),
        ("a week ago", d(11, 17)),
        ("1 month ago", d(10, 24)),
        ("6m ago", d(5, 24)),
        ("1 year ago", d(11, 24, 2025)),
        ("2 years ago", d(11, 24, 2024)),
    ],
)
def test_ago_always_counts_back(text: str, expected: date, direction: Direction) -> None:
    assert parse_when(text, TODAY, direction) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("in 1 month", d(1, 31, 2027), d(2, 28, 2027)),
        ("in 1 month", d(1, 31, 2028), d(2, 29, 2028)),
        ("1m", d(3, 31), d(4, 30)),
        ("1 month ago", d(3, 31), d(2, 28)),
        ("1y", d(2, 29, 2028), d(2, 28, 2029)),
    ],
)
def test_months_clamp_to_the_end_of_the_month(text: str, today: date, expected: date) -> None:
    assert parse_when(text, today) == expected


# --------------------------------------------------------------------------- WHEN: month names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dec 3", d(12, 3)),
        ("3 dec", d(12, 3)),
        ("3 december", d(12, 3)),
        ("december 3", d(12, 3)),
        ("dec 3rd", d(12, 3)),
        ("Dec. 3", d(12, 3)),
        ("3rd of december", d(12, 3)),
        ("dec 1st", d(12, 1)),
        ("nov 24", d(11, 24)),  # today counts
        ("nov 23", d(11, 23, 2027)),
        ("jan 1", d(1, 1, 2027)),
        ("sept 5", d(9, 5, 2027)),
        ("sep 5", d(9, 5, 2027)),
        ("september 5", d(9, 5, 2027)),
        ("may 1", d(5, 1, 2027)),
        ("DEC 25", d(12, 25)),
    ],
)
def test_month_day_without_year_leans_future_for_reminders(text: str, expected: date) -> None:
    assert parse_when(text, TODAY, "future") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dec 3", d(12, 3, 2025)),
        ("3 december", d(12, 3, 2025)),
        ("nov 24", d(11, 24)),  # today counts
        ("nov 23", d(11, 23)),
        ("nov 25", d(11, 25, 2025)),
        ("jan 1", d(1, 1)),
        ("sept 5", d(9, 5)),
    ],
)
def test_month_day_without_year_leans_past_for_note_dates(text: str, expected: date) -> None:
    assert parse_when(text, TODAY, "past") == expected


@pytest.mark.parametrize("direction", BOTH)
@pytest.mark.parametrize(
    "text",
    [
        "3 dec 2027",
        "december 3 2027",
        "dec 3, 2027",
        "dec 3 , 2027",
        "3 dec, 2027",
        "dec 3rd 2027",
        "3rd december 2027",
        "December 3rd, 2027",
    ],
)
def test_month_day_with_a_year_is_that_day(text: str, direction: Direction) -> None:
    assert parse_when(text, TODAY, direction) == d(12, 3, 2027)


@pytest.mark.parametrize(
    ("today", "direction", "expected"),
    [
        (TODAY, "future", d(2, 29, 2028)),
        (TODAY, "past", d(2, 29, 2024)),
        (d(2, 29, 2028), "future", d(2, 29, 2028)),
        (d(2, 29, 2028), "past", d(2, 29, 2028)),
        (d(3, 1, 2096), "future", d(2, 29, 2104)),  # 2100 is not a leap year
    ],
)
def test_feb_29_without_a_year_is_the_nearest_leap_day(
    today: date, direction: Direction, expected: date
) -> None:
    assert parse_when("feb 29", today, direction) == expected


# --------------------------------------------------------------------------- WHEN: refusals


@pytest.mark.parametrize(
    ("text", "direction", "message"),
    [
        (
            "3/4",
            "future",
            '"3/4" is ambiguous: write the date as YYYY-MM-DD, e.g. 2027-03-04 or 2027-04-03',
        ),
        (
            "3/4",
            "past",
            '"3/4" is ambiguous: write the date as YYYY-MM-DD, e.g. 2026-03-04 or 2026-04-03',
        ),
        (
            "03/04/2026",
            "future",
            '"03/04/2026" is ambiguous: write the date as YYYY-MM-DD, '
            "e.g. 2026-03-04 or 2026-04-03",
        ),
        (
            "3/4/26",
            "future",
            '"3/4/26" is ambiguous: write the date as YYYY-MM-DD, e.g. 2026-03-04 or 2026-04-03',
        ),
        (
            "3.4.",
            "future",
            '"3.4." is ambiguous: write the date as YYYY-MM-DD, e.g. 2027-03-04 or 2027-04-03',
        ),
        (
            "12-01",
            "future",
            '"12-01" is ambiguous: write the date as YYYY-MM-DD, e.g. 2026-12-01 or 2027-01-12',
        ),
        (
            "31/12",
            "future",
            '"31/12" is not an ISO date: write the date as YYYY-MM-DD, e.g. 2026-12-31',
        ),
        (
            "4/4",
            "future",
            '"4/4" is not an ISO date: write the date as YYYY-MM-DD, e.g. 2027-04-04',
        ),
        (
            "2026/12/01",
            "future",
            '"2026/12/01" is not an ISO date: write the date as YYYY-MM-DD, e.g. 2026-12-01',
        ),
        (
            "2026-1-5",
            "future",
            '"2026-1-5" is not an ISO date: write the date as YYYY-MM-DD, e.g. 2026-01-05',
        ),
        (
            "20261201",
            "future",
            '"20261201" is not an ISO date: write the date as YYYY-MM-DD, e.g. 2026-12-01',
        ),
        (
            "13/13",
            "future",
            '"13/13" is not a date: write the date as YYYY-MM-DD, e.g. 2026-11-24',
        ),
        (
            "2026-12",
            "future",
            '"2026-12" is not a date: write the date as YYYY-MM-DD, e.g. 2026-11-24',
        ),
    ],
)
def test_numeric_dates_other_than_iso_are_refused_with_the_iso_form(
    text: str, direction: Direction, message: str
) -> None:
    with pytest.raises(BadInput) as caught:
        parse_when(text, TODAY, direction)
    assert caught.value.message == message


@pytest.mark.parametrize(
    "text",
    [
        "blah",
        "next",
        "last",
        "last week",
        "next decade",
        "in days",
        "in 3",
        "3 days",
        "3 fortnights ago",
        "ago",
        "fri 14:30",
        "2026-10-20T14:30",
        "the 3rd",
        "3",
        "dec",
        "3 foo",
        "foo 3",
        "3x",
        "-3d",
        "in -3 days",
    ],
)
def test_anything_else_is_refused_naming_the_accepted_forms(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_when(text, TODAY)
    assert caught.value.message == f'cannot read the date "{text}": {WHEN_FORMS}'


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_an_empty_date_is_refused(text: str) -> None:
    with pytest.raises(BadInput, match="no date given: use YYYY-MM-DD"):
        parse_when(text, TODAY)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2026-02-30", "there is no February 30"),
        ("2027-02-29", "there is no February 29 in 2027"),
        ("2026-04-31", "there is no April 31"),
        ("2026-13-01", "there is no month 13"),
        ("2026-00-10", "there is no month 0"),
        ("2026-01-00", "there is no day 0"),
        ("0000-01-01", "the year 0 is out of range (1900 to 2200)"),
        ("9999-12-31", "the year 9999 is out of range (1900 to 2200)"),
        ("feb 30", "there is no February 30"),
        ("30 feb", "there is no February 30"),
        ("apr 31", "there is no April 31"),
        ("dec 32", "there is no December 32"),
        ("0 dec", "there is no day 0"),
        ("feb 29 2027", "there is no February 29 in 2027"),
    ],
)
def test_dates_not_on_the_calendar_are_refused(text: str, problem: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_when(text, TODAY)
    assert caught.value.message == f'cannot read the date "{text}": {problem}'


@pytest.mark.parametrize(
    "text", ["in 100000 years", "99999999999999999999d", "10000 years ago", "in 9000 years"]
)
def test_dates_beyond_the_calendar_are_refused(text: str) -> None:
    with pytest.raises(BadInput, match="too far away"):
        parse_when(text, TODAY)


def test_bad_input_is_a_one_line_message() -> None:
    with pytest.raises(BadInput) as caught:
        parse_when("whenever", TODAY)
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 1


# --------------------------------------------------------------------------- WHEN with a time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-20 14:30", datetime(2026, 10, 20, 14, 30)),
        ("2026-10-20T14:30", datetime(2026, 10, 20, 14, 30)),
        ("2026-10-20t14:30:05", datetime(2026, 10, 20, 14, 30, 5)),
        ("2026-10-20 14:30:05", datetime(2026, 10, 20, 14, 30, 5)),
        ("yesterday 14:30", datetime(2026, 11, 23, 14, 30)),
        ("yesterday at 2pm", datetime(2026, 11, 23, 14, 0)),
        ("today 9:05", datetime(2026, 11, 24, 9, 5)),
        ("dec 3 2:30pm", datetime(2025, 12, 3, 14, 30)),
        ("dec 3, 2025 10:00", datetime(2025, 12, 3, 10, 0)),
        ("last fri 9am", datetime(2026, 11, 20, 9, 0)),
        ("fri 9am", datetime(2026, 11, 20, 9, 0)),  # past-looking by default
        ("3 days ago 08:00", datetime(2026, 11, 21, 8, 0)),
        ("14:30", datetime(2026, 11, 24, 14, 30)),  # a time alone: today
        ("at 2:30pm", datetime(2026, 11, 24, 14, 30)),
        ("2 PM", datetime(2026, 11, 24, 14, 0)),
        ("2:30 p.m.", datetime(2026, 11, 24, 14, 30)),
        ("12am", datetime(2026, 11, 24, 0, 0)),
        ("12pm", datetime(2026, 11, 24, 12, 0)),
        ("12:30am", datetime(2026, 11, 24, 0, 30)),
        ("0:00", datetime(2026, 11, 24, 0, 0)),
        ("23:59:59", datetime(2026, 11, 24, 23, 59, 59)),
    ],
)
def test_a_date_may_be_followed_by_a_time(text: str, expected: datetime) -> None:
    assert parse_when_datetime(text, TODAY, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", datetime(2026, 11, 23, 9, 15, 7)),
        ("2026-10-20", datetime(2026, 10, 20, 9, 15, 7)),
        ("dec 3", datetime(2025, 12, 3, 9, 15, 7)),
        ("today", datetime(2026, 11, 24, 9, 15, 7)),
        ("now", datetime(2026, 11, 24, 9, 15, 7)),
    ],
)
def test_without_a_time_the_time_is_now_in_whole_seconds(text: str, expected: datetime) -> None:
    assert parse_when_datetime(text, TODAY, NOW) == expected


def test_a_dated_time_can_lean_future() -> None:
    assert parse_when_datetime("dec 3 10:00", TODAY, NOW, "future") == datetime(2026, 12, 3, 10)
    assert parse_when_datetime("fri", TODAY, NOW, "future") == datetime(2026, 11, 27, 9, 15, 7)


def test_the_datetime_is_naive_even_when_now_has_a_zone() -> None:
    aware = time(9, 15, 7, tzinfo=UTC)
    assert parse_when_datetime("yesterday", TODAY, aware).tzinfo is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dec 3 25:00", 'cannot read the time "25:00": use 14:30, 14:30:05, 2pm or 2:30pm'),
        ("10:61", 'cannot read the time "10:61": use 14:30, 14:30:05, 2pm or 2:30pm'),
        ("dec 3 13pm", 'cannot read the time "13pm": with am/pm the hour is 1 to 12'),
        ("0am", 'cannot read the time "0am": with am/pm the hour is 1 to 12'),
        ("x 14:30", 'cannot read the date and time "x 14:30": use a date'),
        ("14h30", 'cannot read the date and time "14h30": use a date'),
        ("", "no date given: use a date"),
        ("3/4 14:30", '"3/4" is ambiguous: write the date as YYYY-MM-DD'),
        ("feb 30 10:00", 'cannot read the date "feb 30": there is no February 30'),
    ],
)
def test_unreadable_dates_and_times_are_refused(text: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_when_datetime(text, TODAY, NOW)
    assert caught.value.message.startswith(message)


# --------------------------------------------------------------------------- PERIOD


@pytest.mark.parametrize(
    ("text", "count", "unit"),
    [
        ("30d", 30, "day"),
        ("2w", 2, "week"),
        ("3m", 3, "month"),
        ("1y", 1, "year"),
        ("30 days", 30, "day"),
        ("1 day", 1, "day"),
        ("2 weeks", 2, "week"),
        ("3 months", 3, "month"),
        ("1 year", 1, "year"),
        ("2 years", 2, "year"),
        ("daily", 1, "day"),
        ("weekly", 1, "week"),
        ("fortnightly", 2, "week"),
        ("biweekly", 2, "week"),
        ("monthly", 1, "month"),
        ("quarterly", 3, "month"),
        ("yearly", 1, "year"),
        ("annually", 1, "year"),
        ("every 3 months", 3, "month"),
        ("every week", 1, "week"),
        ("every month", 1, "month"),
        ("every day", 1, "day"),
        ("every year", 1, "year"),
        ("every 2w", 2, "week"),
        ("every other week", 2, "week"),
        ("EVERY 3 MONTHS", 3, "month"),
        ("  30D ", 30, "day"),
        ("1000d", 1000, "day"),
    ],
)
def test_periods(text: str, count: int, unit: Unit) -> None:
    assert parse_period(text) == Period(count, unit)


@pytest.mark.parametrize(
    ("period", "days"),
    [
        (Period(1, "day"), 1),
        (Period(30, "day"), 30),
        (Period(2, "week"), 14),
        (Period(1, "month"), 30),
        (Period(3, "month"), 90),
        (Period(1, "year"), 365),
        (Period(2, "year"), 730),
    ],
)
def test_a_period_compares_in_days_a_month_30_a_year_365(period: Period, days: int) -> None:
    assert period.approx_days() == days


@pytest.mark.parametrize(
    ("period", "start", "times", "expected"),
    [
        (Period(1, "day"), d(12, 31), 1, d(1, 1, 2027)),
        (Period(2, "week"), TODAY, 1, d(12, 8)),
        (Period(2, "week"), TODAY, 3, d(1, 5, 2027)),
        (Period(1, "month"), d(1, 31), 1, d(2, 28)),
        (Period(1, "month"), d(1, 31), 2, d(3, 31)),  # clamp against the original date
        (Period(3, "month"), d(1, 31), 2, d(7, 31)),
        (Period(1, "month"), d(1, 31, 2028), 1, d(2, 29, 2028)),
        (Period(1, "year"), d(2, 29, 2024), 1, d(2, 28, 2025)),
        (Period(1, "year"), d(2, 29, 2024), 4, d(2, 29, 2028)),
        (Period(1, "month"), TODAY, 0, TODAY),
        (Period(1, "month"), d(3, 31), -1, d(2, 28)),
    ],
)
def test_a_period_steps_by_calendar_units(
    period: Period, start: date, times: int, expected: date
) -> None:
    assert period.step(start, times) == expected


def test_a_single_step_is_the_default() -> None:
    assert Period(1, "month").step(d(1, 31)) == d(2, 28)


@pytest.mark.parametrize(
    ("period", "canonical", "described"),
    [
        (Period(1, "day"), "1d", "every day"),
        (Period(30, "day"), "30d", "every 30 days"),
        (Period(1, "week"), "1w", "every week"),
        (Period(2, "week"), "2w", "every 2 weeks"),
        (Period(1, "month"), "1m", "every month"),
        (Period(3, "month"), "3m", "every 3 months"),
        (Period(1, "year"), "1y", "every year"),
        (Period(2, "year"), "2y", "every 2 years"),
    ],
)
def test_a_period_is_written_and_described(period: Period, canonical: str, described: str) -> None:
    assert period.canonical() == canonical
    assert period.describe() == described


@pytest.mark.parametrize(
    "text",
    ["", "x", "every", "3", "-1d", "1.5m", "every other", "other week", "3 fortnights", "d3"],
)
def test_unreadable_periods_are_refused_naming_the_forms(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_period(text)
    assert caught.value.message == (
        f'cannot read the period "{text.strip()}": use 30d, 2w, 3m, 1y, daily, weekly, '
        'monthly, quarterly, yearly or "every 3 months"'
    )


@pytest.mark.parametrize("text", ["0d", "every 0 months", "1001d", "5000 years"])
def test_a_period_counts_from_1_to_1000(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_period(text)
    assert caught.value.message == (
        f'cannot read the period "{text}": the count must be from 1 to 1000'
    )


def test_a_period_of_nothing_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        Period(0, "day")


# --------------------------------------------------------------------------- yearly dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("--11-28", YearlyDate(11, 28, None)),
        ("--1128", YearlyDate(11, 28, None)),
        ("1980-11-28", YearlyDate(11, 28, 1980)),
        ("nov 28", YearlyDate(11, 28, None)),
        ("28 november", YearlyDate(11, 28, None)),
        ("Nov 28th", YearlyDate(11, 28, None)),
        ("november 28 1980", YearlyDate(11, 28, 1980)),
        ("nov 28, 1980", YearlyDate(11, 28, 1980)),
        ("28 nov 1980", YearlyDate(11, 28, 1980)),
        ("--02-29", YearlyDate(2, 29, None)),
        ("feb 29", YearlyDate(2, 29, None)),
        ("2000-02-29", YearlyDate(2, 29, 2000)),
        (" --01-01 ", YearlyDate(1, 1, None)),
    ],
)
def test_yearly_dates(text: str, expected: YearlyDate) -> None:
    assert parse_yearly(text) == expected


@pytest.mark.parametrize(
    ("yearly", "iso"),
    [
        (YearlyDate(11, 28, 1980), "1980-11-28"),
        (YearlyDate(11, 28, None), "--11-28"),
        (YearlyDate(1, 5, None), "--01-05"),
        (YearlyDate(2, 29, 2000), "2000-02-29"),
    ],
)
def test_yearly_dates_are_written_vcard_style(yearly: YearlyDate, iso: str) -> None:
    assert yearly.iso() == iso


@pytest.mark.parametrize(
    ("yearly", "on_or_after", "expected"),
    [
        (YearlyDate(11, 28, None), TODAY, d(11, 28)),
        (YearlyDate(11, 28, 1980), d(11, 28), d(11, 28)),
        (YearlyDate(11, 28, 1980), d(11, 29), d(11, 28, 2027)),
        (YearlyDate(1, 2, None), TODAY, d(1, 2, 2027)),
        (YearlyDate(2, 29, None), TODAY, d(2, 28, 2027)),  # Feb 28 in a common year
        (YearlyDate(2, 29, 2000), d(3, 1, 2027), d(2, 29, 2028)),
        (YearlyDate(2, 29, None), d(2, 29, 2028), d(2, 29, 2028)),
    ],
)
def test_the_next_occurrence_counts_the_day_itself(
    yearly: YearlyDate, on_or_after: date, expected: date
) -> None:
    assert yearly.next_occurrence(on_or_after) == expected


@pytest.mark.parametrize(
    ("yearly", "on", "age"),
    [
        (YearlyDate(11, 28, 1980), TODAY, 46),
        (YearlyDate(11, 28, 1980), d(11, 28), 46),
        (YearlyDate(11, 28, 1980), d(11, 29), 47),
        (YearlyDate(11, 28, None), TODAY, None),
        (YearlyDate(6, 1, 2027), TODAY, 0),  # a wedding next June: the day itself
        (YearlyDate(6, 1, 2030), TODAY, None),  # not yet born
    ],
)
def test_the_age_is_the_one_turned_at_the_next_occurrence(
    yearly: YearlyDate, on: date, age: int | None
) -> None:
    assert yearly.age_on(on) == age


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "11-28",
            '"11-28" is not in a form custlog reads: write the yearly date as --MM-DD, '
            "e.g. --11-28",
        ),
        (
            "3/4",
            '"3/4" is ambiguous: write the yearly date as --MM-DD, e.g. --03-04 or --04-03',
        ),
        (
            "28/11/1980",
            '"28/11/1980" is not in a form custlog reads: write the yearly date as YYYY-MM-DD, '
            "e.g. 1980-11-28",
        ),
        ("feb 30", 'cannot read the yearly date "feb 30": there is no February 30'),
        ("--02-30", 'cannot read the yearly date "--02-30": there is no February 30'),
        ("--13-01", 'cannot read the yearly date "--13-01": there is no month 13'),
        ("2027-02-29", 'cannot read the yearly date "2027-02-29": there is no February 29 in 2027'),
        ("x", 'cannot read the yearly date "x": use --11-28, nov 28 or 1980-11-28'),
        ("nov", 'cannot read the yearly date "nov": use --11-28, nov 28 or 1980-11-28'),
        ("13/13", 'cannot read the yearly date "13/13": use --11-28, nov 28 or 1980-11-28'),
        ("", "no yearly date given: use --11-28, nov 28 or 1980-11-28"),
    ],
)
def test_unreadable_yearly_dates_are_refused(text: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_yearly(text)
    assert caught.value.message == message


def test_a_yearly_date_off_the_calendar_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        YearlyDate(2, 30, None)


# --------------------------------------------------------------------------- strict ISO


@pytest.mark.parametrize(
    ("text", "expected"), [("2026-12-01", d(12, 1)), ("2024-02-29", d(2, 29, 2024))]
)
def test_strict_iso_dates(text: str, expected: date) -> None:
    assert parse_iso_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "2026-1-5", "20261201", " 2026-12-01", "2026-12-01 ", "2026-02-30", "2026-W48-2", "dec 3"],
)
def test_strict_iso_dates_refuse_anything_else(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_iso_date(text)
    assert caught.value.message == f'not an ISO date: "{text}"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T14:05:00", datetime(2026, 11, 20, 14, 5)),
        ("2026-11-20T14:05", datetime(2026, 11, 20, 14, 5)),
        ("2026-11-20 14:05:09", datetime(2026, 11, 20, 14, 5, 9)),
        ("2026-11-20T14:05:09.5", datetime(2026, 11, 20, 14, 5, 9, 500000)),
        ("2026-11-20T14:05:09.123456", datetime(2026, 11, 20, 14, 5, 9, 123456)),
    ],
)
def test_strict_iso_datetimes(text: str, expected: datetime) -> None:
    assert parse_iso_datetime(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-11-20",
        "2026-11-20T24:00",
        "2026-11-20T14:60",
        "2026-02-30T10:00",
        "2026-11-20T14:05:00Z",
        "2026-11-20T14:05:00+01:00",
        "2026-11-20T2:05",
        "yesterday 14:30",
    ],
)
def test_strict_iso_datetimes_refuse_anything_else(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_iso_datetime(text)
    assert caught.value.message == f'not an ISO date: "{text}"'


# --------------------------------------------------------------------------- human phrases


# --------------------------------------------------------------------------- properties

# Today lies well inside the years custlog stores, so that relative dates land inside too.
SOME_DAY = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))
STORED_DAY = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))
WEEKDAY_NAMES = ["monday", "tue", "tues", "wed", "thursday", "thu", "thurs", "fri", "sat", "sun"]
WEEKDAY_NUMBERS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
MONTH_FULL_NAMES = [name.lower() for name in MONTH_NAMES[1:]]
MONTH_WORDS = ["jan", "february", "mar", "april", "may", "jun", "july", "aug", "sept", "oct"]
UNITS: list[Unit] = ["day", "week", "month", "year"]


@PROPERTY
@given(STORED_DAY)
def test_any_iso_date_reads_back(day: date) -> None:
    assert parse_when(day.isoformat(), TODAY) == day
    assert parse_when(day.isoformat(), TODAY, "past") == day
    assert parse_iso_date(day.isoformat()) == day


@PROPERTY
@given(st.datetimes(min_value=datetime(MIN_YEAR, 1, 1), max_value=datetime(MAX_YEAR, 12, 31)))
def test_any_naive_datetime_reads_back(moment: datetime) -> None:
    assert parse_iso_datetime(moment.isoformat()) == moment


@PROPERTY
@given(st.dates().filter(lambda d: not MIN_YEAR <= d.year <= MAX_YEAR))
def test_dates_outside_the_stored_years_are_refused_in_every_form(day: date) -> None:
    for read in (
        lambda: parse_when(day.isoformat(), TODAY),
        lambda: parse_when_datetime(f"{day.isoformat()} 10:00", TODAY, time(9)),
        lambda: parse_iso_date(day.isoformat()),
        lambda: parse_iso_datetime(f"{day.isoformat()}T10:00:00"),
        lambda: parse_yearly(day.isoformat()),
    ):
        with pytest.raises(BadInput, match=r"out of range|too far|not an ISO date"):
            read()


@PROPERTY
@given(SOME_DAY, st.integers(min_value=0, max_value=10_000))
def test_in_n_days_is_today_plus_n_and_ago_is_minus_n(today: date, n: int) -> None:
    assert parse_when(f"in {n} days", today) == today + timedelta(days=n)
    assert parse_when(f"{n}d", today, "past") == today + timedelta(days=n)
    assert parse_when(f"{n} days ago", today) == today - timedelta(days=n)


@PROPERTY
@given(SOME_DAY, st.sampled_from(WEEKDAY_NAMES))
def test_weekdays_lean_the_right_way_within_a_week(today: date, name: str) -> None:
    ahead = parse_when(name, today, "future")
    behind = parse_when(name, today, "past")
    assert today < ahead <= today + timedelta(days=7)
    assert today - timedelta(days=7) <= behind < today
    assert ahead.weekday() == behind.weekday() == WEEKDAY_NUMBERS[name[:3]]
    assert parse_when(f"next {name}", today, "past") == ahead
    assert parse_when(f"last {name}", today, "future") == behind


@PROPERTY
@given(SOME_DAY, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=31))
def test_month_days_lean_the_right_way(today: date, month: int, day: int) -> None:
    if day > month_length(2000, month):  # 2000 is a leap year: Feb 29 is fine
        return
    text = f"{day} {MONTH_FULL_NAMES[month - 1]}"
    ahead = parse_when(text, today, "future")
    behind = parse_when(text, today, "past")
    assert today <= ahead <= today + timedelta(days=8 * 366)
    assert today - timedelta(days=8 * 366) <= behind <= today
    assert (ahead.month, ahead.day) == (behind.month, behind.day) == (month, day)
    if month != 2 or day != 29:
        assert ahead < today + timedelta(days=366)
        assert behind > today - timedelta(days=366)


@PROPERTY
@given(SOME_DAY, st.sampled_from(MONTH_WORDS), st.integers(min_value=1, max_value=28))
def test_month_name_spellings_agree(today: date, word: str, day: int) -> None:
    assert parse_when(f"{word} {day}", today) == parse_when(f"{day} {word}", today)


@PROPERTY
@given(SOME_DAY, st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=600))
def test_monthly_steps_never_fail_and_land_in_the_right_month(
    start: date, count: int, times: int
) -> None:
    landed = Period(count, "month").step(start, times)
    months = start.month - 1 + count * times
    assert (landed.year, landed.month) == (start.year + months // 12, months % 12 + 1)
    assert landed.day == min(start.day, month_length(landed.year, landed.month))


@PROPERTY
@given(st.integers(min_value=1, max_value=1000), st.sampled_from(UNITS))
def test_a_period_reads_back_from_its_canonical_form(count: int, unit: Unit) -> None:
    period = Period(count, unit)
    assert parse_period(period.canonical()) == period
    assert parse_period(period.describe()) == period


@PROPERTY
@given(
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=31),
    st.none() | st.integers(min_value=1, max_value=9999),
)
def test_a_yearly_date_reads_back_from_its_iso_form(month: int, day: int, year: int | None) -> None:
    try:
        yearly = YearlyDate(month, day, year)
    except ValueError:
        return  # not on the calendar
    assert parse_yearly(yearly.iso()) == yearly
    assert parse_yearly(yearly.iso()) == yearly


@PROPERTY
@given(
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=29),
    st.none() | st.integers(min_value=1900, max_value=2100),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
)
def test_the_next_occurrence_is_within_a_year(
    month: int, day: int, year: int | None, on_or_after: date
) -> None:
    try:
        yearly = YearlyDate(month, day, year)
    except ValueError:
        return
    found = yearly.next_occurrence(on_or_after)
    assert on_or_after <= found < on_or_after + timedelta(days=366)
    assert found.month == month


@PROPERTY
@given(st.text(max_size=30), SOME_DAY, st.sampled_from(BOTH))
def test_any_text_gives_a_date_or_bad_input(text: str, today: date, direction: Direction) -> None:
    for parse in (
        lambda: parse_when(text, today, direction),
        lambda: parse_when_datetime(text, today, NOW, direction),
        lambda: parse_period(text),
        lambda: parse_yearly(text),
        lambda: parse_iso_date(text),
        lambda: parse_iso_datetime(text),
    ):
        with contextlib.suppress(BadInput):
            parse()


@PROPERTY
@given(
    st.from_regex(
        r"\A(in [0-9]{1,5} (days|weeks|months|years)|[0-9]{1,5}[dwmy]( ago)?|"
        r"[0-9]{1,2} (jan|feb|sept|dec)( [0-9]{4})?|[0-9]{1,2}/[0-9]{1,2}(/[0-9]{2,4})?)\Z"
    ),
    SOME_DAY,
    st.sampled_from(BOTH),
)
def test_grammar_shaped_text_gives_a_date_or_bad_input(
    text: str, today: date, direction: Direction
) -> None:
    try:
        assert isinstance(parse_when(text, today, direction), date)
    except BadInput as problem:
        assert "\n" not in problem.message
