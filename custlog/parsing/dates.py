"""Dates as people type them (WHEN), how often (PERIOD) and yearly dates (how a date reads back:
`custlog.render.words`).

Everything here is pure: "today" (and "now") are always passed in, so that `CUSTLOG_TODAY`
and tests pin them (the clock is read in `custlog.storage.paths`).

The grammar is small and written out with regular expressions on purpose: dateutil's parser is
slow to import and guesses (it reads "3/4" one way without telling anyone). Purely numeric dates
other than ISO are refused with the ISO form to use.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Literal

from custlog.errors import BadInput
from custlog.render.words import MONTH_NAMES, quoted

Direction = Literal["future", "past"]
Unit = Literal["day", "week", "month", "year"]

WHEN_FORMS = (
    "use YYYY-MM-DD, today, tomorrow, yesterday, a weekday (fri), next week, next month, "
    "in 3 days, 3d/2w/6m/1y, eow/eom/eoy, 3 days ago, last friday, or dec 3"
)
DATETIME_FORMS = (
    "use a date (YYYY-MM-DD, today, yesterday, fri, last friday, 3 days ago, dec 3) "
    'optionally followed by a time (14:30, 14:30:05, 2pm, 2:30pm), e.g. "2026-10-20 14:30"'
)
TIME_FORMS = "use 14:30, 14:30:05, 2pm or 2:30pm"
PERIOD_FORMS = 'use 30d, 2w, 3m, 1y, daily, weekly, monthly, quarterly, yearly or "every 3 months"'
YEARLY_FORMS = "use --11-28, nov 28 or 1980-11-28"


_MONTHS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES) if name},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES) if name},
    "sept": 9,
}
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS: dict[str, int] = {
    **{name: number for number, name in enumerate(_WEEKDAY_NAMES)},
    **{name[:3]: number for number, name in enumerate(_WEEKDAY_NAMES)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}

_UNIT_SPELLINGS: dict[Unit, tuple[str, ...]] = {
    "day": ("d", "day", "days"),
    "week": ("w", "wk", "wks", "week", "weeks"),
    "month": ("m", "mo", "mos", "month", "months"),
    "year": ("y", "yr", "yrs", "year", "years"),
}
_UNITS: dict[str, Unit] = {
    spelling: unit for unit, spellings in _UNIT_SPELLINGS.items() for spelling in spellings
}

_UNIT_DAYS: dict[str, int] = {"day": 1, "week": 7, "month": 30, "year": 365}
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# Patterns stay plain strings: `re` compiles and caches each on first use, which keeps
# importing this module cheap for commands that never read a date.
_ISO_DATE = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_COUNT = r"(?P<n>[0-9]+\s*|an?\s+)"
_UNIT = r"(?P<u>days?|d|weeks?|wks?|w|months?|mos?|m|years?|yrs?|y)"
_IN_N = rf"in\s+{_COUNT}{_UNIT}"
_AGO = rf"{_COUNT}{_UNIT}\s+ago"
_COMPACT = r"(?P<n>[0-9]+)(?P<u>[dwmy])"
_WEEKDAY = r"(?:(?P<rel>next|last)\s+)?(?P<day>[a-z]+)"
_YEAR_TAIL = r"(?:(?:\s*,\s*|\s+)(?P<year>[0-9]{4}))?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_MONTH_FIRST = rf"(?P<mon>[a-z]+)\.?\s+(?P<day>[0-9]{{1,2}}){_ORDINAL}{_YEAR_TAIL}"
_DAY_FIRST = rf"(?P<day>[0-9]{{1,2}}){_ORDINAL}\s*(?:of\s+)?(?P<mon>[a-z]+)\.?{_YEAR_TAIL}"
_NUMERIC = r"[0-9]{1,4}(?:[./-][0-9]{1,4}){1,2}\.?|[0-9]{5,8}"
_TIME_SHAPE = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*[ap]\.?m\.?)?|[0-9]{1,2}\s*[ap]\.?m\.?"
_WITH_TIME = rf"(?:at\s+|(?P<when>.+?)\s+(?:at\s+)?)?(?P<time>{_TIME_SHAPE})"
_ISO_WITH_T = r"(?P<when>[0-9]{4}-[0-9]{2}-[0-9]{2})t(?P<time>.+)"
_TIME = r"(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2}))?)?\s*(?:(?P<ap>[ap])\.?m\.?)?"
_PERIOD = r"(?:(?P<every>every)\s+)?(?:(?P<other>other)\s+|(?P<n>[0-9]+)\s*)?" + _UNIT
_PERIOD_WORDS: dict[str, tuple[int, Unit]] = {
    "daily": (1, "day"),
    "weekly": (1, "week"),
    "fortnightly": (2, "week"),
    "biweekly": (2, "week"),
    "bi-weekly": (2, "week"),
    "monthly": (1, "month"),
    "quarterly": (3, "month"),
    "semiannually": (6, "month"),
    "semi-annually": (6, "month"),
    "half-yearly": (6, "month"),
    "yearly": (1, "year"),
    "annually": (1, "year"),
}
_MAX_PERIOD_COUNT = 1000
# Every date custlog stores lies in these years: a customer's birthday, a note from long ago
# and a follow-up decades ahead all fit, and a slip such as 9999-12-31 is refused at input
# (it would leave no room to step a recurring follow-up, or a calendar to show it).
MIN_YEAR = 1900
MAX_YEAR = 2200
_ISO_DATETIME = (
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?"
)


# --------------------------------------------------------------------------- helpers


def _normalize(text: str) -> str:
    """Lower-case, trimmed, inner runs of whitespace collapsed to one space."""
    return " ".join(text.lower().split())


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(month: int, year: int | None) -> int:
    """Days in `month`; without a year February has 29 (a yearly date may be Feb 29)."""
    if month == 2 and year is not None and not _is_leap(year):
        return 28
    return _DAYS_IN_MONTH[month]


def _calendar_problem(year: int | None, month: int, day: int) -> str | None:
    """Why (year, month, day) is not a real date, or None when it is."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return f"the year {year} is out of range ({MIN_YEAR} to {MAX_YEAR})"
    if day < 1:
        return f"there is no day {day}"
    if day > _days_in_month(month, year):
        if year is not None and month == 2 and day == 29:
            return f"there is no February 29 in {year}"
        return f"there is no {MONTH_NAMES[month]} {day}"
    return None


def _checked_date(year: int, month: int, day: int, what: str, text: str) -> date:
    problem = _calendar_problem(year, month, day)
    if problem is not None:
        raise BadInput(f"cannot read the {what} {quoted(text)}: {problem}")
    return date(year, month, day)


def _too_far(text: str) -> BadInput:
    return BadInput(
        f"cannot read the date {quoted(text.strip())}: it is too far away "
        f"(dates are from {MIN_YEAR} to {MAX_YEAR})"
    )


def in_range(d: date) -> bool:
    """Whether `d` lies in the years custlog stores (MIN_YEAR to MAX_YEAR)."""
    return MIN_YEAR <= d.year <= MAX_YEAR


def _bounded(d: date, text: str) -> date:
    if not in_range(d):
        raise _too_far(text)
    return d


def _shift(d: date, count: int, unit: Unit) -> date:
    """`d` moved by `count` calendar units (negative goes back); months clamp to month ends."""
    if unit == "day":
        return d + timedelta(days=count)
    if unit == "week":
        return d + timedelta(weeks=count)
    from dateutil.relativedelta import relativedelta  # here: `due` and `brief` rarely need it

    if unit == "month":
        return d + relativedelta(months=count)
    return d + relativedelta(years=count)


def _count(raw: str) -> int:
    raw = raw.strip()
    return 1 if raw in ("a", "an") else int(raw)


def _resolve_month_day(month: int, day: int, today: date, direction: Direction) -> date | None:
    """The next (future) or last (past) `month`/`day` counting today; None outside
    MIN_YEAR to MAX_YEAR."""
    step = 1 if direction == "future" else -1
    year = today.year
    for _ in range(9):  # Feb 29 recurs at least every 8 years
        if MIN_YEAR <= year <= MAX_YEAR and day <= _days_in_month(month, year):
            found = date(year, month, day)
            if (found >= today) if direction == "future" else (found <= today):
                return found
        year += step
    return None


def _match_month_day(s: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) for `dec 3`, `3 december`, `dec 3rd, 2027`…; else None."""
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        m = re.fullmatch(pattern, s)
        if m and m["mon"] in _MONTHS:
            year = int(m["year"]) if m["year"] else None
            return _MONTHS[m["mon"]], int(m["day"]), year
    return None


def _numeric_readings(s: str) -> list[tuple[int | None, int, int]] | None:
    """For a purely numeric non-ISO date, its valid (year, month, day) readings, month-first
    first; None when `s` is not purely numeric."""
    if not re.fullmatch(_NUMERIC, s):
        return None
    candidates: list[tuple[int | None, int, int]] = []
    if s.isascii() and s.isdigit():
        if len(s) == 8:
            candidates.append((int(s[:4]), int(s[4:6]), int(s[6:])))
    else:
        parts = re.split(r"[./-]", s.rstrip("."))
        nums = [int(p) for p in parts]
        sizes = [len(p) for p in parts]
        if len(parts) == 2 and max(sizes) <= 2:
            candidates += [(None, nums[0], nums[1]), (None, nums[1], nums[0])]
        elif len(parts) == 3 and sizes[0] == 4 and max(sizes[1:]) <= 2:
            candidates.append((nums[0], nums[1], nums[2]))
        elif len(parts) == 3 and sizes[2] in (2, 4) and max(sizes[:2]) <= 2:
            year = nums[2] + 2000 if sizes[2] == 2 else nums[2]
            candidates += [(year, nums[0], nums[1]), (year, nums[1], nums[0])]
    readings: list[tuple[int | None, int, int]] = []
    for candidate in candidates:
        if _calendar_problem(*candidate) is None and candidate not in readings:
            readings.append(candidate)
    return readings


def _refuse_numeric_date(
    text: str, readings: list[tuple[int | None, int, int]], today: date, direction: Direction
) -> BadInput:
    examples: list[str] = []
    for year, month, day in readings:
        if year is None:
            found = _resolve_month_day(month, day, today, direction)
            if found is not None:
                examples.append(found.isoformat())
        else:
            examples.append(date(year, month, day).isoformat())
    shown = text.strip()
    if len(examples) == 2:
        return BadInput(
            f"{quoted(shown)} is ambiguous: write the date as YYYY-MM-DD, "
            f"e.g. {examples[0]} or {examples[1]}"
        )
    if len(examples) == 1:
        return BadInput(
            f"{quoted(shown)} is not an ISO date: write the date as YYYY-MM-DD, e.g. {examples[0]}"
        )
    return BadInput(
        f"{quoted(shown)} is not a date: write the date as YYYY-MM-DD, e.g. {today.isoformat()}"
    )


# --------------------------------------------------------------------------- WHEN


def _parse_date(s: str, text: str, today: date, direction: Direction) -> date | None:
    """The date `s` (normalized) names, None when the grammar does not know it. Raises
    BadInput for forms it knows but cannot accept (Feb 30, "3/4", too far)."""
    m = re.fullmatch(_ISO_DATE, s)
    if m:
        return _checked_date(int(m[1]), int(m[2]), int(m[3]), "date", text.strip())

    try:
        if s == "today":
            return today
        if s == "tomorrow":
            return today + timedelta(days=1)
        if s == "yesterday":
            return today - timedelta(days=1)
        if s in ("eow", "end of week"):
            return today + timedelta(days=6 - today.weekday())
        if s in ("eom", "end of month"):
            from dateutil.relativedelta import relativedelta

            return today + relativedelta(day=31)
        if s in ("eoy", "end of year"):
            return date(today.year, 12, 31)
        if s == "next week":
            return today + timedelta(days=7 - today.weekday())
        if s == "next month":
            from dateutil.relativedelta import relativedelta

            return today + relativedelta(months=1, day=1)
        if s == "next year":
            return date(today.year + 1, 1, 1)

        m = re.fullmatch(_WEEKDAY, s)
        if m and m["day"] in _WEEKDAYS:
            target = _WEEKDAYS[m["day"]]
            backwards = m["rel"] == "last" or (m["rel"] is None and direction == "past")
            if backwards:
                return today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)
            return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)

        m = re.fullmatch(_IN_N, s) or re.fullmatch(_COMPACT, s)
        if m:
            return _shift(today, _count(m["n"]), _UNITS[m["u"]])
        m = re.fullmatch(_AGO, s)
        if m:
            return _shift(today, -_count(m["n"]), _UNITS[m["u"]])
    except (OverflowError, ValueError):
        raise _too_far(text) from None

    month_day = _match_month_day(s)
    if month_day is not None:
        month, day, year = month_day
        if year is not None:
            return _checked_date(year, month, day, "date", text.strip())
        problem = _calendar_problem(None, month, day)
        if problem is not None:
            raise BadInput(f"cannot read the date {quoted(text.strip())}: {problem}")
        found = _resolve_month_day(month, day, today, direction)
        if found is None:
            raise _too_far(text)
        return found

    readings = _numeric_readings(s)
    if readings is not None:
        raise _refuse_numeric_date(text, readings, today, direction)
    return None


def is_month_day(text: str) -> bool:
    """Whether a WHEN is a month and day without a year (`mar 18`, `18 march`), the form
    whose year custlog chooses."""
    found = _match_month_day(_normalize(text))
    return found is not None and found[2] is None


def parse_when(text: str, today: date, direction: Direction = "future") -> date:
    """Read a WHEN (see the spec's "Dates (WHEN) and periods (PERIOD)").

    `direction` says which way a bare weekday or a month-day without a year leans: "future"
    for remind/snooze/due --on (the next one), "past" for note --on/fact --on (the last one).
    Offsets (`3d`, `in 2 weeks`) always go forward and `… ago` always back.
    """
    s = _normalize(text)
    if not s:
        raise BadInput(f"no date given: {WHEN_FORMS}")
    found = _parse_date(s, text, today, direction)
    if found is None:
        raise BadInput(f"cannot read the date {quoted(text.strip())}: {WHEN_FORMS}")
    return _bounded(found, text)


def _parse_time(s: str) -> time:
    m = re.fullmatch(_TIME, s)
    if m is None:
        raise BadInput(f"cannot read the time {quoted(s)}: {TIME_FORMS}")
    hour, minute, second = int(m["h"]), int(m["m"] or 0), int(m["s"] or 0)
    if m["ap"]:
        if not 1 <= hour <= 12:
            raise BadInput(f"cannot read the time {quoted(s)}: with am/pm the hour is 1 to 12")
        hour = hour % 12 + (12 if m["ap"] == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise BadInput(f"cannot read the time {quoted(s)}: {TIME_FORMS}")
    return time(hour, minute, second)


def parse_when_datetime(
    text: str, today: date, now: time, direction: Direction = "past"
) -> datetime:
    """A WHEN optionally followed by a time of day (`yesterday 14:30`, `dec 3 at 2pm`,
    `2026-10-20T14:30`); a time alone means today. Without a time, `now` (whole seconds).
    Returns a naive datetime."""
    day, clock = parse_when_moment(text, today, now, direction)
    return datetime.combine(day, clock or now.replace(microsecond=0, tzinfo=None))


def parse_when_moment(
    text: str, today: date, now: time, direction: Direction = "past"
) -> tuple[date, time | None]:
    """A WHEN optionally followed by a time of day, as the day and the time given: None when
    the text names a day alone (`2026-11-20`, `yesterday`); `now` gives the time `now`."""
    s = _normalize(text)
    if not s:
        raise BadInput(f"no date given: {DATETIME_FORMS}")
    if s == "now":
        return today, now.replace(microsecond=0, tzinfo=None)
    m = re.fullmatch(_ISO_WITH_T, s) or re.fullmatch(_WITH_TIME, s)
    clock: time | None = None
    if m:
        when = m["when"]
        day = today if when is None else _parse_date(when, when, today, direction)
        clock = _parse_time(m["time"])
    else:
        day = _parse_date(s, text, today, direction)
    if day is None:
        raise BadInput(f"cannot read the date and time {quoted(text.strip())}: {DATETIME_FORMS}")
    return _bounded(day, text), clock


# --------------------------------------------------------------------------- PERIOD


class _Value:
    """A small immutable value: equal and hashed by its fields, shown with them. (Not a
    dataclass: this module is loaded by every command, and each frozen dataclass costs about
    a third of a millisecond to create.)"""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, _Value)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, *self._fields()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__name__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{self.__class__.__name__} is immutable")


class Period(_Value):
    """How often: a count of calendar units (`3m`). Steps by calendar; compares in days."""

    __slots__ = ("count", "unit")
    count: int
    unit: Unit

    def __init__(self, count: int, unit: Unit) -> None:
        if count < 1 or unit not in _UNIT_DAYS:
            raise ValueError(f"not a period: {count} {unit}")
        object.__setattr__(self, "count", count)
        object.__setattr__(self, "unit", unit)

    def approx_days(self) -> int:
        """Length in days for stay-in-touch checks: a month counts 30, a year 365."""
        return self.count * _UNIT_DAYS[self.unit]

    def step(self, d: date, times: int = 1) -> date:
        """`d` moved `times` periods on, in one calendar jump so that month ends clamp
        against the original date: 3m-stepping Jan 31 twice gives Jul 31, not Jul 30."""
        return _shift(d, self.count * times, self.unit)

    def canonical(self) -> str:
        """The export form: "30d", "2w", "3m", "1y"."""
        return f"{self.count}{self.unit[0]}"

    def describe(self) -> str:
        """For people: "every day", "every 2 weeks", "every 3 months"."""
        if self.count == 1:
            return f"every {self.unit}"
        return f"every {self.count} {self.unit}s"


def parse_period(text: str) -> Period:
    """Read a PERIOD: `30d`, `2 weeks`, `monthly`, `quarterly`, `every 3 months`, …"""
    s = _normalize(text)
    if s in _PERIOD_WORDS:
        count, unit = _PERIOD_WORDS[s]
        return Period(count, unit)
    m = re.fullmatch(_PERIOD, s)
    if m is None or (m["other"] and not m["every"]):
        raise BadInput(f"cannot read the period {quoted(text.strip())}: {PERIOD_FORMS}")
    count = 2 if m["other"] else int(m["n"] or 1)
    if not 1 <= count <= _MAX_PERIOD_COUNT:
        raise BadInput(
            f"cannot read the period {quoted(text.strip())}: "
            f"the count must be from 1 to {_MAX_PERIOD_COUNT}"
        )
    return Period(count, _UNITS[m["u"]])


# --------------------------------------------------------------------------- yearly dates


class YearlyDate(_Value):
    """A date that comes back every year (birthday, anniversary), its year possibly unknown."""

    __slots__ = ("day", "month", "year")
    month: int
    day: int
    year: int | None

    def __init__(self, month: int, day: int, year: int | None) -> None:
        problem = _calendar_problem(year, month, day)
        if problem is not None:
            raise ValueError(problem)
        object.__setattr__(self, "month", month)
        object.__setattr__(self, "day", day)
        object.__setattr__(self, "year", year)

    def iso(self) -> str:
        """ "1980-11-28", or "--11-28" (vCard style) without a year."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def next_occurrence(self, on_or_after: date) -> date:
        """The first anniversary on or after the given date; Feb 29 falls on Feb 28 in
        common years."""
        year = on_or_after.year
        found = date(year, self.month, min(self.day, _days_in_month(self.month, year)))
        if found < on_or_after:
            year += 1
            found = date(year, self.month, min(self.day, _days_in_month(self.month, year)))
        return found

    def age_on(self, d: date) -> int | None:
        """The age turned (years completed) at `next_occurrence(d)`: 46 for a 1980 birthday
        coming up in 2026. None when the year is unknown or the date lies before it."""
        if self.year is None:
            return None
        age = self.next_occurrence(d).year - self.year
        return age if age >= 0 else None


def parse_yearly(text: str) -> YearlyDate:
    """Read a yearly date: `--11-28`, `--1128`, `1980-11-28`, `nov 28`, `28 november 1980`…"""
    s = _normalize(text)
    shown = text.strip()
    if not s:
        raise BadInput(f"no yearly date given: {YEARLY_FORMS}")
    year: int | None
    m = re.fullmatch(r"--([0-9]{2})-?([0-9]{2})", s)
    if m:
        year, month, day = None, int(m[1]), int(m[2])
    elif m := re.fullmatch(_ISO_DATE, s):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif month_day := _match_month_day(s):
        month, day, year = month_day
    else:
        readings = _numeric_readings(s)
        if readings:
            forms = " or ".join(YearlyDate(mo, da, ye).iso() for ye, mo, da in readings)
            what = "is ambiguous" if len(readings) > 1 else "is not in a form custlog reads"
            layout = "--MM-DD" if readings[0][0] is None else "YYYY-MM-DD"
            raise BadInput(
                f"{quoted(shown)} {what}: write the yearly date as {layout}, e.g. {forms}"
            )
        raise BadInput(f"cannot read the yearly date {quoted(shown)}: {YEARLY_FORMS}")
    problem = _calendar_problem(year, month, day)
    if problem is not None:
        raise BadInput(f"cannot read the yearly date {quoted(shown)}: {problem}")
    return YearlyDate(month, day, year)


# --------------------------------------------------------------------------- strict ISO


def parse_iso_date(text: str) -> date:
    """Strictly `YYYY-MM-DD` (for import files)."""
    m = re.fullmatch(_ISO_DATE, text)
    if m is None or _calendar_problem(int(m[1]), int(m[2]), int(m[3])) is not None:
        raise BadInput(f"not an ISO date: {quoted(text)}")
    return date(int(m[1]), int(m[2]), int(m[3]))


def parse_iso_datetime(text: str) -> datetime:
    """Strictly `YYYY-MM-DDTHH:MM[:SS[.ffffff]]` (a space for the T is allowed), naive."""
    m = re.fullmatch(_ISO_DATETIME, text)
    if m is None:
        raise BadInput(f"not an ISO date: {quoted(text)}")
    year, month, day, hour, minute = (int(g) for g in m.groups()[:5])
    second = int(m[6] or 0)
    micro = int((m[7] or "0").ljust(6, "0"))
    if _calendar_problem(year, month, day) is not None or hour > 23 or minute > 59 or second > 59:
        raise BadInput(f"not an ISO date: {quoted(text)}")
    return datetime(year, month, day, hour, minute, second, micro)
