"""A note dated by a day alone (#12.8): `note ann "…" --on 2026-11-20`.

The spec keeps the note's `at` as it always was (the day, at the current time: "the time of
day is the current time unless given"), and `--json` unchanged. What changes: the log
remembers that no time was given (`notes.timed`, migration m013_untimed_notes), the export
carries it (`"timed": false`, an extra key the spec allows) through import, and no screen
shows a clock time for such a note."""

from __future__ import annotations

import json
import re
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from custlog.domain.capture import note_moment
from custlog.parsing.dates import parse_when_moment
from tests.conftest import TODAY, Cli

CLOCK = re.compile(r"\b[0-2]?[0-9]:[0-5][0-9]\b")


def notes(cli: Cli) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in cli("export").stdout.splitlines()]
    return [line for line in lines if line["type"] == "note"]


def test_a_note_on_a_day_alone_is_exported_as_untimed(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Dropped off the van", "--on", "2026-11-20")
    (note,) = notes(cli)
    assert note["timed"] is False
    assert re.fullmatch(r"2026-11-20T[0-9]{2}:[0-9]{2}:[0-9]{2}", note["at"])  # as the spec says


def test_a_note_with_a_time_or_without_on_is_timed(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Called", "--on", "2026-11-20 14:30")
    cli("note", "ann", "Texted")
    cli("note", "ann", "Visited", "--on", "now")
    found = notes(cli)
    assert [n.get("timed", True) for n in found] == [True, True, True]
    assert found[0]["at"] == "2026-11-20T14:30:00"


def test_a_leading_date_in_the_text_is_a_day_alone_too(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "yesterday: called about the van")
    cli("note", "ann", "yesterday 2pm: texted the photos")
    assert [(n["text"], n.get("timed", True)) for n in notes(cli)] == [
        ("called about the van", False),
        ("texted the photos", True),
    ]


def test_the_json_of_brief_and_log_keeps_the_spec_at(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Dropped off the van", "--on", "2026-11-20")
    (stored,) = notes(cli)
    brief = cli.json("brief", "ann")
    assert brief["notes"][0]["at"] == stored["at"]
    assert brief["last_contact"]["at"] == stored["at"]
    assert [e["at"] for e in cli.json("log", "ann")] == [stored["at"]]
    assert "timed" not in brief["notes"][0]


def test_no_screen_shows_a_clock_time_for_a_note_dated_by_a_day(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Replaced the brake pads", "--on", "2026-11-20", "--did", "--amount", "90")
    for args in (
        ("brief", "ann"),
        ("brief", "ann", "--full"),
        ("log", "ann"),
        ("search", "brake"),
        ("recap", "ann"),
        ("list",),
        ("plan", "ann"),
    ):
        screen = cli(*args).stdout
        assert not CLOCK.search(screen), (args, screen)
    assert "Fri 20 Nov" in cli("log", "ann").stdout


def test_edit_on_a_day_alone_or_with_a_time_sets_whether_the_note_is_timed(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Called", "--on", "2026-11-20 14:30")
    cli("edit", "N1", "--on", "2026-11-19")
    assert notes(cli)[0]["timed"] is False
    assert notes(cli)[0]["at"].startswith("2026-11-19T")
    cli("edit", "N1", "--on", "2026-11-19 08:05")
    assert "timed" not in notes(cli)[0]
    assert notes(cli)[0]["at"] == "2026-11-19T08:05:00"
    cli("undo")
    assert notes(cli)[0]["timed"] is False


def test_export_then_import_keeps_the_untimed_flag(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Dropped off the van", "--on", "2026-11-20")
    cli("note", "ann", "Called", "--on", "2026-11-21 09:15")
    first = cli("export").stdout
    path = tmp_path / "ann.jsonl"
    path.write_text(first, encoding="utf-8")
    monkeypatch.setenv("CUSTLOG_DB", str(tmp_path / "second.db"))
    cli("import", str(path))
    assert cli("export").stdout == first


def test_an_imported_note_dated_by_a_day_alone_is_untimed(cli: Cli, tmp_path: Path) -> None:
    lines = [
        {"type": "customer", "id": 1, "name": "Ann Lee"},
        {"type": "note", "customer_id": 1, "at": "2026-11-20", "text": "Dropped off the van"},
        {"type": "note", "customer_id": 1, "at": "2026-11-21T09:15:00", "text": "Called"},
        {"type": "note", "customer_id": 1, "at": "2026-11-22T10:00:00", "text": "Texted",
         "timed": False},
    ]  # fmt: skip
    path = tmp_path / "ann.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    cli("import", str(path))
    assert [(n["at"], n.get("timed", True)) for n in notes(cli)] == [
        ("2026-11-20T00:00:00", False),
        ("2026-11-21T09:15:00", True),
        ("2026-11-22T10:00:00", False),
    ]


def test_a_timed_flag_that_is_not_true_or_false_is_refused(cli: Cli, tmp_path: Path) -> None:
    lines = [
        {"type": "customer", "id": 1, "name": "Ann Lee"},
        {"type": "note", "customer_id": 1, "at": "2026-11-20", "text": "Hi", "timed": "no"},
    ]
    path = tmp_path / "ann.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = cli("import", str(path), code=1)
    assert '"timed" must be true or false' in result.stderr
    assert cli.json("list") == []


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("2026-11-20", None),
        ("yesterday", None),
        ("last friday", None),
        ("dec 3", None),
        ("2026-11-20 14:30", time(14, 30)),
        ("2026-11-20T14:30", time(14, 30)),
        ("yesterday at 2pm", time(14, 0)),
        ("9:15", time(9, 15)),
        ("now", time(9, 30, 5)),
    ],
)
def test_a_when_says_whether_it_gave_a_time_of_day(text: str, clock: time | None) -> None:
    assert parse_when_moment(text, TODAY, time(9, 30, 5), "past")[1] == clock


def test_a_day_alone_is_stored_at_the_current_time_as_the_spec_says() -> None:
    moment = note_moment("2026-11-20", TODAY, time(9, 30, 5, 123))
    assert (moment.at.date(), moment.at.time(), moment.timed) == (
        date(2026, 11, 20),
        time(9, 30, 5),
        False,
    )
