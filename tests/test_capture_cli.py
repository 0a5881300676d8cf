"""The capture commands, through the command line."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.conftest import Cli


def test_add_then_brief_json_shows_the_customer(cli: Cli) -> None:
    cli(
        "add",
        "Ann Lee",
        "--called",
        "Annie",
        "--company",
        "Lee Bakery",
        "--tag",
        "fleet",
        "--every",
        "30d",
        "--phone",
        "555-0101",
        "--email",
        "ann@example.com",
    )
    data = cli.json("brief", "ann")
    assert data["customer"] == {
        "id": 1,
        "name": "Ann Lee",
        "called": "Annie",
        "company": "Lee Bakery",
        "phone": "555-0101",
        "email": "ann@example.com",
        "tags": ["fleet"],
        "every": "30d",
        "every_days": 30,
        "since": "2026-11-24",
        "referred_by": None,
        "aliases": [],
    }
    assert data["last_contact"] is None


def test_the_log_is_created_private_on_first_write(cli: Cli, db_path: Path) -> None:
    cli("add", "Ann Lee")
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600


def test_reading_before_anything_was_written_creates_nothing(cli: Cli, db_path: Path) -> None:
    assert cli("list", "--json").stdout.strip() == "[]"
    assert cli.json("due")["followups"] == []
    assert not db_path.exists()


def test_an_existing_exact_name_is_refused_unless_forced(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("add", "ann lee", code=1)
    assert "already in the log as #1" in result.stderr
    cli("add", "Ann Lee", "--force")
    assert len(cli.json("list")) == 2


def test_note_with_facts_and_follow_ups_in_one_go(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli(
        "note",
        "ann",
        "Replaced front pads",
        "--via",
        "visit",
        "--on",
        "yesterday",
        "--fact",
        "family:Daughter Emma plays soccer",
        "--follow-up",
        "friday:Call about brakes",
    )
    data = cli.json("brief", "ann")
    assert data["notes"][0]["text"] == "Replaced front pads"
    assert data["notes"][0]["via"] == "visit"
    assert data["notes"][0]["at"].startswith("2026-11-23T")
    assert data["facts"][0]["topic"] == "family"
    assert data["followups"][0]["due"] == "2026-11-27"
    assert data["last_contact"]["days_ago"] == 1


def test_note_reads_standard_input(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", input="Called about the van\n")
    assert cli.json("log", "ann")[0]["text"] == "Called about the van"


def test_empty_note_writes_nothing(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("note", "ann", "   ", code=1)
    assert "empty" in result.stderr
    assert cli.json("log", "ann") == []


def test_note_add_creates_an_unknown_customer(cli: Cli) -> None:
    cli("note", "Bob Stone", "First call", code=1)
    cli("note", "Bob Stone", "First call", "--add")
    assert [c["name"] for c in cli.json("list")] == ["Bob Stone"]


def test_remind_prints_the_id_and_done_closes_it(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("remind", "ann", "tomorrow", "Call about brakes", "--kind", "promise")
    assert result.stdout.strip() == "1"
    cli("done", "1", "--note", "Called, she booked")
    assert cli.json("brief", "ann")["followups"] == []
    assert cli.json("log", "ann")[0]["text"] == "Called, she booked"


def test_recurring_follow_up_moves_to_its_next_date(cli: Cli) -> None:
    cli("add", "Dave")
    cli("remind", "dave", "2026-11-24", "Fleet oil change", "--every", "monthly")
    cli("done", "#1")
    assert cli.json("brief", "dave")["followups"][0]["due"] == "2026-12-24"


def test_snooze_and_drop(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("remind", "ann", "tomorrow", "Call")
    cli("snooze", "1", "next week")
    assert cli.json("brief", "ann")["followups"][0]["due"] == "2026-11-30"
    cli("drop", "1")
    assert cli.json("brief", "ann")["followups"] == []
    assert "no follow-up with id #1" in cli("drop", "1", code=1).stderr


def test_edit_changes_fields_and_clears_with_empty_string(cli: Cli) -> None:
    cli("add", "Ann Lee", "--phone", "555-0101")
    cli("edit", "ann", "--name", "Ann Lee-Smith", "--phone", "", "--tag", "vip")
    data = cli.json("brief", "ann")["customer"]
    assert (data["name"], data["phone"], data["tags"]) == ("Ann Lee-Smith", None, ["vip"])


def test_forget_erases_everything(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Talked about the Florida trip")
    cli("forget", "ann", input="n\n", code=0)
    cli("forget", "ann", "--yes")
    assert cli.json("list") == []
    assert cli.json("search", "florida") == []


def test_where_prints_the_path_in_use(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    assert cli("where").stdout.strip() == str(db_path)
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "where").stdout.strip() == str(other)


def test_unknown_name_suggests_and_ambiguous_lists(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("add", "Annette Ross", "--called", "Annie")
    assert "did you mean Ann Lee" in cli("brief", "anne lee", code=1).stderr
    result = cli("brief", "ann", code=1)
    assert "#1 Ann Lee (no contact yet)" in result.stderr
    assert '#2 Annette Ross ("Annie", no contact yet)' in result.stderr
    assert cli.json("brief", "annie")["customer"]["id"] == 2  # exact called name beats prefix
    assert cli.json("brief", "ann lee")["customer"]["id"] == 1
    assert cli.json("brief", "#2")["customer"]["id"] == 2


def test_search_finds_notes_facts_and_follow_ups(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Brakes squeak on the van")
    cli("fact", "ann", "vacation", "Florida in December")
    cli("remind", "ann", "friday", "Quote for brakes")
    kinds = sorted(h["type"] for h in cli.json("search", "brake"))
    assert kinds == ["followup", "note"]
    assert cli.json("search", "florida")[0]["customer"] == "Ann Lee"


def test_a_failed_first_command_leaves_no_log_behind(cli: Cli, db_path: Path) -> None:
    cli("note", "Bob Stone", "First call", code=1)
    cli("remind", "bob", "someday", "x", code=1)
    assert not db_path.exists()
    cli("add", "Bob Stone")
    cli("note", "bob", "  ", code=1)
    assert db_path.exists()  # an existing log is never removed
    assert cli.json("list")[0]["name"] == "Bob Stone"


def test_a_note_cannot_be_dated_in_the_future(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("note", "ann", "Visit", "--on", "2026-12-01", code=1)
    assert "after today" in result.stderr and "custlog remind" in result.stderr
    cli("note", "ann", "tomorrow: will call about the van")  # not a date prefix: kept as text
    assert cli.json("log", "ann")[0]["text"] == "tomorrow: will call about the van"


def test_a_leading_date_dates_the_note(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "yesterday: called about the van")
    entry = cli.json("log", "ann")[0]
    assert entry["text"] == "called about the van"
    assert entry["at"].startswith("2026-11-23")


def test_a_new_birthday_corrects_the_old_one(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "birthday", "nov 28")
    cli("fact", "ann", "birthday", "1982-11-30")
    data = cli.json("brief", "ann")
    assert [(f["topic"], f["text"]) for f in data["facts"]] == [("birthday", "1982-11-30")]
    assert [d["date"] for d in data["dates"]] == ["2026-11-30"]
    assert len([e for e in cli.json("log", "ann") if e["type"] == "fact"]) == 2  # history kept


def test_forget_from_a_pipe_still_asks_and_says_it_cannot_be_undone(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("forget", "ann", input="")
    assert result.stderr.splitlines() == [
        "Erase Ann Lee (#1) and everything about them? This cannot be undone. [y/N]",
        "Nothing was forgotten.",
    ]
    cli("forget", "ann", input="y\n")
    assert cli.json("list") == []


def test_export_refuses_to_write_over_the_log_itself(cli: Cli, db_path: Path) -> None:
    cli("add", "Ann Lee")
    before = db_path.read_bytes()
    result = cli("export", "-o", str(db_path), code=1)
    assert "is the log itself" in result.stderr
    assert db_path.read_bytes() == before
    cli("export", "-o", f"{db_path}-wal", code=1)


def test_edit_refuses_a_name_another_customer_has_unless_forced(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("add", "Gloria Nguyen")
    assert (
        "already in the log as #2" in cli("edit", "ann", "--name", "gloria nguyen", code=1).stderr
    )
    cli("edit", "ann", "--name", "Ann Lee")  # its own name is fine
    cli("edit", "ann", "--name", "Gloria Nguyen", "--force")
    assert [c["name"] for c in cli.json("list")] == ["Gloria Nguyen", "Gloria Nguyen"]


def test_a_fact_line_without_its_topic_names_the_line_not_an_option(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("note", "ann", input="Called.\nfact: plays golf\n", code=1)
    assert 'the line fact: "plays golf" needs a colon' in result.stderr
    assert "--fact" not in result.stderr


def test_answering_no_to_forget_is_not_an_error(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("forget", "ann", input="n\n", code=0)
    assert result.stdout == ""
    assert result.stderr.endswith("This cannot be undone. [y/N]\nNothing was forgotten.\n")
    assert [c["name"] for c in cli.json("list")] == ["Ann Lee"]
