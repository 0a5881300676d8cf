"""Every line custlog prints is safe for a terminal, and every JSON document is strict JSON.

Input is checked (tests/test_bad_input.py), but a log written by an older custlog, or edited
by another program, may already hold escape sequences: the lines that quote it must still
not retitle the terminal, move its cursor or split into fake lines.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from custlog.models import NewCustomer, NewFollowup, NewNote
from custlog.storage.store import Store
from tests.conftest import TODAY, Cli

# What a hostile file could have put in a name or a text: an OSC title change ended by BEL,
# a C1 CSI colour, a bare ESC and a line break that would forge a line of output.
HOSTILE = "Zed \x1b]0;owned\x07Lee\x9b31m\x1b[2J\nfake: line"
SAFE = "Zed ]0;ownedLee31m[2J / fake: line"  # visible leftovers are harmless


def _control(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F]


@pytest.fixture
def old_log(db_path: Path) -> Path:
    """A log holding what an older custlog let through: escapes in a name and texts."""
    store = Store.open(db_path, create=True)
    with store.transaction(step=None):
        cid = store.customers.add(NewCustomer(HOSTILE, since=date(2026, 1, 5))).id
        for _ in range(3):
            store.followups.add(cid, NewFollowup(TODAY, HOSTILE, kind="callback"))
        store.notes.add(cid, NewNote(datetime(2026, 11, 20, 10), "call", HOSTILE))
    store.close()
    return db_path


def test_clean_line_drops_escapes_and_keeps_one_line() -> None:
    from custlog.render.output import clean_line

    assert clean_line(HOSTILE) == SAFE


@pytest.mark.parametrize(
    ("args", "stream"),
    [
        (("note", "#1", "called back"), "stdout"),  # Noted for …
        (("remind", "#1", "friday", "Call"), "stderr"),  # #4 callback for …
        (("done", "1"), "stdout"),  # Done #1 (…)
        (("snooze", "2", "friday"), "stdout"),  # (quotes no text)
        (("drop", "3"), "stdout"),  # Dropped #3 (…)
        (("fact", "#1", "family", "Two kids"), "stdout"),
        (("edit", "#1", "--phone", "555-0100"), "stdout"),  # Updated …
        (("forget", "#1", "--yes"), "stdout"),  # Forgot …
        (("brief", "#1"), "stdout"),
        (("log", "#1"), "stdout"),
        (("list",), "stdout"),
        (("due",), "stdout"),
    ],
)
def test_confirmations_quoting_stored_text_print_no_control_characters(
    old_log: Path, cli: Cli, args: tuple[str, ...], stream: str
) -> None:
    result = cli(*args)
    printed = result.stdout + result.stderr
    assert _control(printed) == []
    assert "fake: line" not in printed.splitlines()  # no forged line
    assert "Lee" in getattr(result, stream) or args[0] == "snooze"


def test_an_error_quoting_what_was_typed_prints_no_control_characters(cli: Cli) -> None:
    result = cli("brief", "\x1b]0;owned\x07", code=1)
    assert _control(result.stderr) == []
    assert result.stderr.startswith("custlog: error: ")


def _strict(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_the_largest_amounts_add_up_in_every_view_as_strict_json(cli: Cli) -> None:
    """`--estimate 1e308` twice once overflowed to infinity; the bound keeps sums finite."""
    cli("add", "Ann Lee")
    for _ in range(3):
        cli(
            "remind",
            "ann",
            "friday",
            "Replace the roof",
            "--kind",
            "deferred",
            "--estimate",
            "1,000,000,000",
        )
    for args in (("brief", "ann"), ("plan", "ann"), ("stats",), ("due",)):
        _strict(cli(*args, "--json").stdout)
        assert cli(*args).exit_code == 0
    assert all(_strict(line) for line in cli("export").stdout.splitlines())


def test_json_output_refuses_to_write_a_non_finite_number() -> None:
    from custlog.render.output import Output

    with pytest.raises(ValueError, match="not JSON compliant"):
        Output(plain=True).json({"estimate": float("inf")})


def test_remind_echo_is_one_line_for_a_multi_line_text(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("remind", "ann", "friday", "Call\nabout the van")
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert "Call / about the van" in result.stderr


def test_json_escapes_every_control_character_and_reads_back_the_same(
    old_log: Path, cli: Cli
) -> None:
    brief = cli("brief", "#1", "--json").stdout
    log = cli("log", "#1", "--json").stdout
    export = cli("export").stdout
    for printed in (brief, log, export):
        assert _control(printed) == []  # "\x9b" is written \u009b, "\x1b" \u001b
    assert _strict(brief)["customer"]["name"] == HOSTILE
    assert {entry["customer"] for entry in _strict(log)} == {HOSTILE}
    assert _strict(export.splitlines()[0])["name"] == HOSTILE


def test_an_older_logs_absurd_amounts_count_as_unknown_in_every_view(
    cli: Cli, db_path: Path
) -> None:
    """`--estimate 1e308` twice, or an imported Infinity, was once accepted: such a log still
    shows every view and writes strict JSON (the amounts read as unknown)."""
    store = Store.open(db_path, create=True)
    with store.transaction(step=None):
        ann = store.customers.add(NewCustomer("Ann Lee", since=date(2026, 1, 5))).id
        for estimate in (1e308, 1e308, float("inf"), 480.0):
            roof = NewFollowup(date(2026, 12, 1), "Roof", kind="deferred", estimate=estimate)
            store.followups.add(ann, roof)
    store.close()
    for args in (("brief", "ann"), ("plan", "ann"), ("stats",), ("due", "--days", "30")):
        _strict(cli(*args, "--json").stdout)
        cli(*args)
    assert _strict(cli("brief", "ann", "--json").stdout)["followups"][-1]["estimate"] == 480.0
    estimates = [_strict(line).get("estimate") for line in cli("export").stdout.splitlines()]
    assert estimates == [None, None, None, None, 480.0]
