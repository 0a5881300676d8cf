"""The iCalendar writer: checked against the icalendar library and the RFC 5545 line rules."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custlog.errors import BadInput
from custlog.formats.ics import CalendarEvent, render_ics, rrule_for

STAMP = datetime(2026, 11, 24, 8, 0, 0)

LONG_SUMMARY = (
    "Call Ann Baker, re: fleet discount; van #2 🚐 needs tyres — ask about the Ford Transit "
    "lease, the trailer hitch and whether Zoë Müller's bakery wants the Friday slot ☕☕☕"
)

EVENTS = [
    CalendarEvent(
        uid="followup-12@custlog",
        summary=LONG_SUMMARY,
        start=date(2026, 12, 1),
        rrule="FREQ=MONTHLY;INTERVAL=3",
        description="Promised on the phone.\nBring the price list, the brochure; and coffee.",
        categories=("fleet", "vip, gold"),
    ),
    CalendarEvent(
        uid="birthday-3@custlog",
        summary="🎂 Zoë Müller's birthday",
        start=date(2026, 12, 31),
        rrule=rrule_for(1, "year"),
    ),
    CalendarEvent(
        uid="followup-13@custlog", summary="Chidi: C:\\quotes\\2026", start=date(2027, 1, 5)
    ),
]


def events_of(text: str) -> list[dict[str, Any]]:
    """Each VEVENT as a plain mapping of its properties (icalendar's value objects)."""
    calendar = icalendar.Calendar.from_ical(text)
    return [dict(event.items()) for event in calendar.walk("VEVENT")]


def test_the_calendar_parses_with_icalendar() -> None:
    text = render_ics(EVENTS, STAMP)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//custlog//custlog//EN"
    assert str(calendar["X-WR-CALNAME"]) == "custlog"
    followup, birthday, quote = events_of(text)

    assert str(followup["UID"]) == "followup-12@custlog"
    assert str(followup["SUMMARY"]) == LONG_SUMMARY
    assert str(followup["DESCRIPTION"]) == EVENTS[0].description
    assert list(followup["CATEGORIES"].cats) == ["fleet", "vip, gold"]
    assert followup["RRULE"].to_ical() == b"FREQ=MONTHLY;INTERVAL=3"
    assert followup["DTSTAMP"].dt == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert str(followup["TRANSP"]) == "TRANSPARENT"

    start = followup["DTSTART"].dt
    assert type(start) is date
    assert start == date(2026, 12, 1)
    assert followup["DTEND"].dt == date(2026, 12, 2)

    assert str(birthday["SUMMARY"]) == "🎂 Zoë Müller's birthday"
    assert birthday["RRULE"].to_ical() == b"FREQ=YEARLY"
    assert birthday["DTEND"].dt == date(2027, 1, 1)  # across the year end

    assert str(quote["SUMMARY"]) == "Chidi: C:\\quotes\\2026"
    assert "RRULE" not in quote
    assert "DESCRIPTION" not in quote
    assert "CATEGORIES" not in quote


def test_the_exact_text_of_one_event() -> None:
    event = CalendarEvent("followup-1@custlog", "Call Ann, re: vans; 3", date(2026, 11, 30))
    assert render_ics([event], STAMP) == (
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//custlog//custlog//EN\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "X-WR-CALNAME:custlog\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:followup-1@custlog\r\n"
        "DTSTAMP:20261124T080000Z\r\n"
        "DTSTART;VALUE=DATE:20261130\r\n"
        "DTEND;VALUE=DATE:20261201\r\n"
        "SUMMARY:Call Ann\\, re: vans\\; 3\r\n"
        "TRANSP:TRANSPARENT\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )


def test_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    text = render_ics(EVENTS, STAMP)
    physical = text.encode("utf-8").split(b"\r\n")
    assert physical[-1] == b""  # the text ends with CRLF
    assert any(line.startswith(b" ") for line in physical)  # something was folded
    for line in physical:
        assert len(line) <= 75
        line.decode("utf-8")  # every physical line is whole UTF-8 on its own
    assert max(len(line) for line in physical) == 75  # folded as late as allowed


def test_only_crlf_line_endings() -> None:
    text = render_ics(EVENTS, STAMP)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")


def test_deterministic_and_aware_stamps_are_converted_to_utc() -> None:
    once = render_ics(EVENTS, STAMP)
    assert render_ics(list(EVENTS), datetime(2026, 11, 24, 8, 0)) == once
    helsinki = timezone(timedelta(hours=2))
    assert render_ics(EVENTS, datetime(2026, 11, 24, 10, 0, tzinfo=helsinki)) == once
    assert "DTSTAMP:20261124T080000Z\r\n" in once


def test_no_events_is_still_a_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(render_ics([], STAMP))
    assert list(calendar.walk("VEVENT")) == []


def test_control_characters_are_dropped() -> None:
    event = CalendarEvent("x@custlog", "bell\x07 and\r\nbreak\tand tab", date(2026, 1, 1))
    (parsed,) = events_of(render_ics([event], STAMP))
    assert str(parsed["SUMMARY"]) == "bell and\nbreak\tand tab"


@pytest.mark.parametrize(
    ("count", "unit", "expected"),
    [
        (30, "day", "FREQ=DAILY;INTERVAL=30"),
        (1, "day", "FREQ=DAILY"),
        (2, "week", "FREQ=WEEKLY;INTERVAL=2"),
        (3, "month", "FREQ=MONTHLY;INTERVAL=3"),
        (1, "year", "FREQ=YEARLY"),
        (6, "months", "FREQ=MONTHLY;INTERVAL=6"),
        (2, "w", "FREQ=WEEKLY;INTERVAL=2"),
    ],
)
def test_rrule_for(count: int, unit: str, expected: str) -> None:
    assert rrule_for(count, unit) == expected


@pytest.mark.parametrize(("count", "unit"), [(1, "fortnight"), (0, "day"), (-3, "month")])
def test_rrule_for_rejects(count: int, unit: str) -> None:
    with pytest.raises(BadInput):
        rrule_for(count, unit)


@pytest.mark.parametrize("unit", ["day", "week", "month", "year"])
@pytest.mark.parametrize("count", [1, 2, 12])
def test_rrules_round_trip_through_icalendar(count: int, unit: str) -> None:
    rule = rrule_for(count, unit)
    event = CalendarEvent("r@custlog", "repeat", date(2026, 1, 31), rrule=rule)
    (parsed,) = events_of(render_ics([event], STAMP))
    assert parsed["RRULE"].to_ical() == rule.encode()


# ---------------------------------------------------------------------- properties


def unfold_and_unescape(text: str, name: str) -> str:
    """A strict reader of one TEXT property, independent of the code under test."""
    lines = text.replace("\r\n ", "").split("\r\n")
    (value,) = (line.removeprefix(f"{name}:") for line in lines if line.startswith(f"{name}:"))
    escapes = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";"}
    return re.sub(r"\\(.)", lambda match: escapes[match[1]], value)


def sanitized(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\x00-\x08\x0b-\x1f\x7f]", "", text)


@settings(database=None, deadline=None)
@given(
    summary=st.text(),
    description=st.text(min_size=1).filter(lambda text: bool(sanitized(text))),
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 30)),
)
def test_any_text_survives(summary: str, description: str, day: date) -> None:
    event = CalendarEvent("p@custlog", summary, day, description=description)
    text = render_ics([event], STAMP)
    for line in text.encode("utf-8").split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    assert unfold_and_unescape(text, "SUMMARY") == sanitized(summary)
    assert unfold_and_unescape(text, "DESCRIPTION") == sanitized(description)
    (parsed,) = events_of(text)
    assert parsed["DTSTART"].dt == day
    if "\\" not in summary:  # icalendar's own unescaping mangles backslash-n and the like
        assert str(parsed["SUMMARY"]) == sanitized(summary).replace("\r\n", "\n")
