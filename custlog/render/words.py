"""Counts, quotes and dates in words: the one home of "1 customer" / "2 customers", of how a
text a person typed is shown back to them, and of how a date reads ("Fri 27 Nov", "Fri 26 Feb
2027", "in 3 months"). Imports only the standard library, so every layer may use it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBR = tuple(name[:3] for name in MONTH_NAMES)
WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

EXACT_DAYS_UNDER = 14  # "in 10 days" below two weeks, then weeks
WEEKS_UNDER = 60  # "6 weeks ago" below 60 days, then calendar months, then years


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 customer", "2 customers", "0 matches", "3 entries", "1 follow-up"."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {many or plural_form(word)}"


def plural_form(word: str) -> str:
    """The English plural of a word custlog counts: match → matches, entry → entries."""
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def counts(pairs: Iterable[tuple[int, str]]) -> str:
    """ "12 customers, 1 note, 0 facts" from (count, singular word) pairs."""
    return ", ".join(plural(n, word) for n, word in pairs)


def quoted(text: str) -> str:
    """A text as the person would type it in a shell: "Ann Lee", but '"quick" brakes' when the
    text holds a double quote itself (never ""quick"")."""
    if not any(ch in text for ch in '"$`\\!'):
        return f'"{text}"'
    import shlex

    return shlex.quote(text)


def first_line(text: str) -> str:
    """The first line of a text: what a one-line listing shows of it."""
    return text.strip().splitlines()[0] if text.strip() else ""


# -- dates ------------------------------------------------------------------------------------


def short_date(d: date, today: date) -> str:
    """How every date a person reads is written: "Fri 27 Nov" in today's year, "Fri 26 Feb
    2027" in any other (English whatever the locale). `today` is the real today (or
    CUSTLOG_TODAY), not the day a screen is for: `due --on 2028-03-01` shows the year."""
    text = f"{WEEKDAY_ABBR[d.weekday()]} {d.day} {MONTH_ABBR[d.month]}"
    return text if d.year == today.year else f"{text} {d.year}"


def relative_day(d: date, today: date) -> str:
    """How far `d` is from `today`, the one phrase for it everywhere: "today", "tomorrow",
    "yesterday", "in 10 days" (exact under two weeks), "3 weeks ago" (under 60 days), "in 3
    months", "2 years ago". Rounded to the nearest unit, so that 18 days is "3 weeks", 41 days
    "6 weeks" and 88 days "3 months": a date typed as "in 3 months" reads "in 3 months" until
    it is two and a half months away."""
    days = (d - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    span = abs(days)
    if span < EXACT_DAYS_UNDER:
        amount = plural(span, "day")
    elif span < WEEKS_UNDER:
        amount = plural((span + 3) // 7, "week")
    else:
        months, left = _calendar_months(min(d, today), max(d, today))
        months += left * 2 >= _month_length(_add_months(min(d, today), months))
        amount = plural(months, "month") if months < 12 else plural((months + 6) // 12, "year")
    return f"in {amount}" if days > 0 else f"{amount} ago"


def _month_length(d: date) -> int:
    """The days in the month that starts on `d`'s day (from `d` to the same day next month)."""
    return (_add_months(d, 1) - d).days


def _add_months(d: date, months: int) -> date:
    """`d` moved by whole calendar months; the day clamps to the month's end (Jan 31 + 1 is
    Feb 28)."""
    year, month = divmod(d.month - 1 + months, 12)
    year += d.year
    month += 1
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(d.day, (following - timedelta(days=1)).day))


def _calendar_months(start: date, end: date) -> tuple[int, int]:
    """Whole calendar months from `start` to `end` (`start` <= `end`) and the days left."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if _add_months(start, months) > end:
        months -= 1
    return months, (end - _add_months(start, months)).days
