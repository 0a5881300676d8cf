"""Write all-day events (follow-ups, birthdays, anniversaries) as an iCalendar file (RFC 5545).

Only what calendar apps need for subscribing: one VEVENT per event, all-day, optionally
repeating, marked transparent so that it never blocks time. The output is a pure function
of its input: the same events and stamp always give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from custlog.errors import BadInput
from custlog.render.words import quoted


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable, e.g. "followup-12@custlog"
    summary: str
    start: date  # an all-day event (DTSTART;VALUE=DATE)
    rrule: str | None = None  # e.g. "FREQ=MONTHLY;INTERVAL=3" or "FREQ=YEARLY"
    description: str | None = None
    categories: tuple[str, ...] = ()
    rdate: date | None = None  # one more day of the series, off its rhythm (a snoozed one)
    # A timed event (an appointment): local "floating" times, which every calendar reads
    # in its own time zone, the one the appointment was made in. No end: an hour.
    start_time: time | None = None
    end_time: time | None = None


APPOINTMENT_LENGTH = timedelta(hours=1)


def _ical_local(moment: datetime) -> str:
    """A floating local time (RFC 5545 3.3.5, form 1): no Z, no TZID."""
    return f"{_ical_date(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


_FREQUENCIES = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
_UNIT_NAMES = {
    "d": "day",
    "days": "day",
    "w": "week",
    "weeks": "week",
    "m": "month",
    "months": "month",
    "y": "year",
    "years": "year",
}


def rrule_for(count: int, unit: str) -> str:
    """``rrule_for(3, "month")`` → ``FREQ=MONTHLY;INTERVAL=3``; no INTERVAL for 1."""
    key = unit.strip().lower()
    frequency = _FREQUENCIES.get(_UNIT_NAMES.get(key, key))
    if frequency is None:
        raise BadInput(f"cannot repeat every {quoted(unit)}: expected day, week, month or year")
    if count < 1:
        raise BadInput(f"cannot repeat every {count} {unit}: the count must be at least 1")
    return f"FREQ={frequency}" if count == 1 else f"FREQ={frequency};INTERVAL={count}"


_LINE_OCTETS = 75
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # not allowed in TEXT; tab is


def _text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma; newlines become ``\\n``."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    value = value.encode("utf-8", "replace").decode("utf-8")  # lone surrogates → "?"
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold to physical lines of at most 75 octets, never inside a UTF-8 character."""
    if len(line.encode("utf-8")) <= _LINE_OCTETS:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > _LINE_OCTETS:
            pieces.append("".join(current))
            current = [" "]  # a continuation line starts with a space, which counts
            size = 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n".join(pieces)


def _ical_date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _ical_stamp(stamp: datetime) -> str:
    """A naive stamp is taken as UTC; an aware one is converted."""
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC)
    return f"{_ical_date(stamp)}T{stamp.hour:02d}{stamp.minute:02d}{stamp.second:02d}Z"


def _event_lines(event: CalendarEvent, dtstamp: str) -> Iterator[str]:
    start = event.start.date() if isinstance(event.start, datetime) else event.start
    if event.rrule is not None and ("\r" in event.rrule or "\n" in event.rrule):
        raise ValueError(f"a line break in the RRULE of {event.uid!r}")
    yield "BEGIN:VEVENT"
    yield f"UID:{_text(event.uid)}"
    yield f"DTSTAMP:{dtstamp}"
    if event.start_time is not None:
        begins = datetime.combine(start, event.start_time)
        if event.end_time is not None and event.end_time > event.start_time:
            ends = datetime.combine(start, event.end_time)
        else:
            ends = begins + APPOINTMENT_LENGTH if start < date.max else begins
        yield f"DTSTART:{_ical_local(begins)}"
        yield f"DTEND:{_ical_local(ends)}"
    else:
        yield f"DTSTART;VALUE=DATE:{_ical_date(start)}"
        if start < date.max:  # without DTEND a one-date event lasts the day (RFC 5545 3.6.1)
            yield f"DTEND;VALUE=DATE:{_ical_date(start + timedelta(days=1))}"
    yield f"SUMMARY:{_text(event.summary)}"
    if event.description:
        yield f"DESCRIPTION:{_text(event.description)}"
    categories = [_text(category) for category in event.categories if category.strip()]
    if categories:
        yield f"CATEGORIES:{','.join(categories)}"
    if event.rrule:
        yield f"RRULE:{event.rrule}"
    if event.rdate is not None and event.start_time is not None:
        yield f"RDATE:{_ical_local(datetime.combine(event.rdate, event.start_time))}"
    elif event.rdate is not None:
        yield f"RDATE;VALUE=DATE:{_ical_date(event.rdate)}"
    yield "TRANSP:TRANSPARENT"
    yield "END:VEVENT"


def render_event(event: CalendarEvent, stamp: datetime) -> str:
    """One VEVENT as folded lines with CRLF endings; raises ValueError or OverflowError
    for an event that cannot be written (a date at the end of the calendar, …)."""
    dtstamp = _ical_stamp(stamp)
    return "".join(_fold(line) + "\r\n" for line in _event_lines(event, dtstamp))


def render_calendar(blocks: Iterable[str]) -> str:
    """The calendar around events already rendered by `render_event`."""
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//custlog//custlog//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:custlog",
    ]
    return "".join(line + "\r\n" for line in head) + "".join(blocks) + "END:VCALENDAR\r\n"


def render_ics(events: Sequence[CalendarEvent], stamp: datetime) -> str:
    """The calendar as text with CRLF line endings, events in the order given."""
    return render_calendar(render_event(event, stamp) for event in events)
