"""`custlog export --format ics`: follow-ups and birthdays in the user's calendar, read back
with a real iCalendar parser."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from dateutil.rrule import rrulestr

from tests.conftest import Cli


def calendar(cli: Cli, *args: str) -> icalendar.Calendar:
    text = cli("export", "--format", "ics", *args).stdout
    return icalendar.Calendar.from_ical(text)


def events(cal: icalendar.Calendar) -> dict[str, Any]:
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


def open_followups(cli: Cli) -> list[dict[str, Any]]:
    import json

    lines = [json.loads(line) for line in cli("export").stdout.splitlines()]
    return [r for r in lines if r["type"] == "followup" and r["done"] is None]


def rrule_text(event: Any) -> str:
    return str(event["RRULE"].to_ical().decode())


def test_every_open_followup_is_an_all_day_event_with_a_stable_uid(shop: Cli) -> None:
    found = events(calendar(shop))
    followups = open_followups(shop)
    assert len(followups) == 29
    for f in followups:
        event = found[f"followup-{f['id']}@custlog"]
        assert event["SUMMARY"] == f"{f['customer']}: {f['text']}"
        assert event["DTSTART"].dt == date.fromisoformat(f["due"])
        assert event["DTEND"].dt == date.fromisoformat(f["due"]) + timedelta(days=1)
        assert f["kind"] in [str(c) for c in event["CATEGORIES"].cats]
    assert len([uid for uid in found if uid.startswith("followup-")]) == 29


def test_the_event_says_what_kind_of_followup_it_is_and_how_to_close_it(shop: Cli) -> None:
    brakes = events(calendar(shop))["followup-6@custlog"]
    assert brakes["SUMMARY"] == "Ann Lee: Rear brake pads on the van (at 4mm in November)"
    assert str(brakes["DESCRIPTION"]).splitlines() == [
        "Postponed work, to offer again for Ann Lee.",
        "Estimate: 480.",
        "Phone: 555-0142.",
        "When done: custlog done 6",
    ]


def test_a_recurring_followup_repeats_with_an_rrule(shop: Cli) -> None:
    found = events(calendar(shop))
    oil = found["followup-5@custlog"]  # Ann's van oil change, every 3 months
    assert rrule_text(oil) == "FREQ=MONTHLY;INTERVAL=3"
    dates = list(rrulestr(rrule_text(oil), dtstart=oil["DTSTART"].dt, cache=False)[:3])
    assert [d.date() for d in dates] == [date(2027, 1, 5), date(2027, 4, 5), date(2027, 7, 5)]
    assert "RRULE" not in found["followup-6@custlog"]


def test_done_and_dropped_followups_are_left_out(shop: Cli) -> None:
    shop("done", "4")
    shop("drop", "6")
    found = events(calendar(shop))
    assert "followup-4@custlog" not in found
    assert "followup-6@custlog" not in found


def test_birthdays_and_anniversaries_are_yearly_events(shop: Cli) -> None:
    yearly = {
        str(event["SUMMARY"]): (event["DTSTART"].dt, rrule_text(event))
        for event in calendar(shop).walk("VEVENT")
        if str(event["UID"]).startswith("fact-")
    }
    assert yearly == {
        # the real date when the year is known, so a calendar can count the years
        "Ann Lee: birthday": (date(1982, 11, 28), "FREQ=YEARLY"),
        "Gloria Nguyen: birthday": (date(1951, 7, 9), "FREQ=YEARLY"),
        "David Kowalski: anniversary": (date(2001, 11, 30), "FREQ=YEARLY"),
        # else the next occurrence from today (2026-11-24)
        "Rosa Martinez: anniversary": (date(2026, 11, 26), "FREQ=YEARLY"),
        "Rosa Martinez: birthday": (date(2027, 3, 14), "FREQ=YEARLY"),
        "Marcus Bell: birthday": (date(2026, 12, 1), "FREQ=YEARLY"),
        "Francesco DeLuca: birthday": (date(2027, 1, 22), "FREQ=YEARLY"),
        "Elizabeth Carter: birthday": (date(2026, 12, 19), "FREQ=YEARLY"),
    }


def test_a_leap_day_birthday_falls_on_the_last_day_of_february(cli: Cli) -> None:
    cli("add", "Lea Frost")
    cli("fact", "lea", "birthday", "--02-29")
    (event,) = calendar(cli).walk("VEVENT")
    rule = rrulestr(rrule_text(event), dtstart=event["DTSTART"].dt, cache=False)
    assert [d.date() for d in rule[:3]] == [date(2027, 2, 28), date(2028, 2, 29), date(2029, 2, 28)]


def test_a_replaced_birthday_is_exported_once(cli: Cli) -> None:
    cli("add", "Lea Frost")
    cli("fact", "lea", "birthday", "--03-01")
    cli("fact", "lea", "birthday", "1990-03-02", "--replace", "1")
    (event,) = calendar(cli).walk("VEVENT")
    assert (event["UID"], event["DTSTART"].dt) == ("fact-2@custlog", date(1990, 3, 2))


def test_a_reexport_updates_rather_than_duplicates(shop: Cli) -> None:
    before = events(calendar(shop))
    shop("snooze", "2", "dec 4")
    shop("remind", "ann", "friday", "Call about the roof rack")
    after = events(calendar(shop))
    assert set(before) < set(after)
    assert set(after) - set(before) == {"followup-34@custlog"}
    assert after["followup-2@custlog"]["DTSTART"].dt == date(2026, 12, 4)


def test_the_file_is_valid_icalendar_with_crlf_lines_and_folded_text(shop: Cli) -> None:
    text = shop("export", "--format", "ics").stdout_bytes.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cal = icalendar.Calendar.from_ical(text)
    for event in cal.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event)


def test_an_empty_log_gives_an_empty_calendar(cli: Cli, db_path: Path) -> None:
    assert calendar(cli).walk("VEVENT") == []
    assert not db_path.exists()


def test_o_writes_a_private_file_and_its_extension_picks_the_format(
    shop: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "custlog.ics"
    assert shop("export", "-o", str(path)).stdout == ""
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")) == 37


def test_an_unknown_format_is_a_usage_error(cli: Cli) -> None:
    result = cli("export", "--format", "xml", code=2)
    assert "'xml': use jsonl, ics or csv" in result.stderr


def _expand(rule: str, start: date, count: int) -> list[date]:
    found = rrulestr(rule, dtstart=datetime.combine(start, datetime.min.time()))
    return [d.date() for d in list(found)[:count]]


def test_a_month_end_series_repeats_on_the_dates_custlog_gives_it(cli: Cli) -> None:
    from custlog.parsing import dates

    cli("add", "Dave")
    cli("remind", "dave", "2027-01-31", "Statement", "--every", "monthly")
    rule = [ln for ln in cli("export", "--format", "ics").stdout.splitlines() if "RRULE" in ln]
    (line,) = rule
    expected = [dates.parse_period("1m").step(date(2027, 1, 31), n) for n in range(5)]
    assert _expand(line.removeprefix("RRULE:"), date(2027, 1, 31), 5) == expected
    assert expected[1] == date(2027, 2, 28) and expected[2] == date(2027, 3, 31)


def test_a_follow_up_that_recurs_from_done_is_one_event(cli: Cli) -> None:
    cli("add", "Dave")
    cli("remind", "dave", "friday", "Check tyres", "--every", "6w", "--from-done")
    assert "RRULE" not in cli("export", "--format", "ics").stdout


def test_a_series_clamped_to_feb_28_goes_back_to_the_31st(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Dave")
    cli("remind", "dave", "2027-01-31", "Statement", "--every", "monthly")
    monkeypatch.setenv("CUSTLOG_TODAY", "2027-01-31")
    cli("done", "1")
    (line,) = [ln for ln in cli("export", "--format", "ics").stdout.splitlines() if "RRULE" in ln]
    assert _expand(line.removeprefix("RRULE:"), date(2027, 2, 28), 3) == [
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]
