""" "Customer since" is when they became a customer: given with --since, and never later than
the first note (issue #12.7)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli


def since(cli: Cli, name: str) -> str:
    return str(cli.json("brief", name)["customer"]["since"])


def test_add_since_records_when_they_became_a_customer(cli: Cli) -> None:
    cli("add", "Ann Lee", "--since", "2021-03-12")
    assert since(cli, "ann") == "2021-03-12"
    assert "Ann Lee · customer for 6 years\n" in cli("brief", "ann").stdout


def test_edit_since_moves_it_and_a_past_looking_when_is_read_backwards(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("edit", "ann", "--since", "3y ago")
    assert since(cli, "ann") == "2023-11-24"


def test_since_after_today_is_refused(cli: Cli) -> None:
    result = cli("add", "Ann Lee", "--since", "tomorrow", code=1)
    assert result.stderr == (
        'custlog: error: --since "tomorrow" is after today: a customer since when?\n'
    )
    assert cli.json("list") == []


def test_a_note_older_than_since_moves_since_back(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Met her at the trade fair", "--on", "2026-09-28")
    assert since(cli, "ann") == "2026-09-28"
    screen = cli("brief", "ann").stdout
    assert "Ann Lee · customer for 8 weeks\n" in screen


def test_a_newer_note_leaves_since_alone(cli: Cli) -> None:
    cli("add", "Ann Lee", "--since", "2021-03-12")
    cli("note", "ann", "Called", "--on", "2026-09-28")
    assert since(cli, "ann") == "2021-03-12"


def test_edit_since_after_the_first_note_is_refused(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Met her", "--on", "2026-09-28")
    result = cli("edit", "ann", "--since", "2026-10-01", code=1)
    assert result.stderr == (
        "custlog: error: --since Thu 1 Oct is after the first note (Mon 28 Sep): "
        "a customer since that day at the latest\n"
    )
    assert since(cli, "ann") == "2026-09-28"


def test_import_moves_since_back_to_the_first_note(cli: Cli, tmp_path: Path) -> None:
    lines = [
        {"type": "customer", "name": "Ann Lee", "since": "2026-11-24"},
        {"type": "note", "customer": "Ann Lee", "at": "2026-10-02T09:00:00", "text": "First"},
    ]
    path = tmp_path / "ann.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    cli("import", str(path))
    assert since(cli, "ann") == "2026-10-02"
