"""Ids are never handed out twice (#12 item 5): a remembered `done 28` must never close another
item, and a calendar event's UID must never point at a different follow-up."""

from __future__ import annotations

import json

from tests.conftest import Cli


def ids(cli: Cli) -> dict[str, set[int]]:
    """Every record's id in the log, by type."""
    found: dict[str, set[int]] = {
        "customer": set(),
        "note": set(),
        "fact": set(),
        "followup": set(),
    }
    for line in cli("export").stdout.splitlines():
        record = json.loads(line)
        if record["type"] in found:
            found[record["type"]].add(record["id"])
    return found


def test_a_dropped_follow_ups_id_is_not_given_to_the_next_one(cli: Cli) -> None:
    cli("add", "Ann Lee")
    for text in ("Call about brakes", "Send the quote", "Order tyres"):
        cli("remind", "ann", "tomorrow", text)
    cli("drop", "3")
    assert cli("remind", "ann", "tomorrow", "Order tyres again").stdout.strip() == "4"
    assert "no follow-up with id #3" in cli("done", "3", code=1).stderr


def test_a_forgotten_customers_ids_are_never_given_to_anyone_else(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("add", "Bob Stone")
    cli(
        "note",
        "bob",
        "Talked about the van",
        "--fact",
        "family:Two kids",
        "--follow-up",
        "friday:Call back about the van",
    )
    before = ids(cli)
    cli("forget", "bob", "--yes")

    assert cli("add", "Cleo Park").stdout.strip() == "Added Cleo Park (#3)"
    cli(
        "note",
        "cleo",
        "First visit",
        "--fact",
        "car:Blue Golf",
        "--follow-up",
        "friday:Send the quote",
    )
    after = ids(cli)
    for kind, known in before.items():
        new = after[kind] - known
        assert new and min(new) > max(known), kind
