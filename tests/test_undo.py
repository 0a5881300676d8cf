"""`custlog undo` (#15.2): every write can be taken back, exactly, one step at a time."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from custlog.storage import schema
from custlog.storage.store import Store
from tests.conftest import EXAMPLES, Cli

NEW_LINES = "\n".join(
    json.dumps(line)
    for line in (
        {"type": "setting", "key": "currency", "value": "€"},
        {"type": "cadence", "tag": "vip", "every": "2w"},
        {"type": "customer", "id": 1, "name": "Ann Lee", "phone": "555-0142"},
        {
            "type": "customer",
            "id": 2,
            "name": "Zoë Ødegaard",
            "tags": ["vip"],
            "aliases": ["Zoe O."],
        },
        {"type": "note", "customer_id": 1, "at": "2026-11-23T10:00:00", "text": "Imported note"},
        {"type": "note", "customer_id": 2, "at": "2026-11-20T09:00:00", "text": "First visit"},
        {"type": "fact", "customer_id": 2, "topic": "family", "text": "Two cats"},
        {
            "type": "followup",
            "customer_id": 2,
            "due": "2026-12-01",
            "text": "Quote the timing belt",
            "kind": "deferred",
            "estimate": 640.5,
            "offers": [{"on": "2026-11-20", "outcome": "declined", "reason": "money"}],
        },
    )
)

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ирина Петрова\r\nTEL:555-0199\r\nNOTE:Met at the fair\r\n"
    "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@new.example.com\r\n"
    "END:VCARD\r\n"
)

# (setup commands, the write command): every write command of the CLI, in its forms.
WRITES: dict[str, tuple[list[list[str]], list[str]]] = {
    "add": ([], ["add", "Zoë Ødegaard", "--called", "Zo", "--phone", "555", "--tag", "vip"]),
    "add --referred-by (with the thank-you)": (
        [],
        ["add", "Zoë Ødegaard", "--referred-by", "Ann Lee"],
    ),
    "add --every --since": ([], ["add", "Ирина Петрова", "--every", "3m", "--since", "2024-01-02"]),
    "note": (
        [],
        [
            "note",
            "Ann Lee",
            "Called about the roof rack",
            "--via",
            "call",
            "--fact",
            "hobby:Sourdough",
            "--follow-up",
            "fri:promise:Send the estimate",
        ],
    ),
    "note --add (new customer)": ([], ["note", "José Núñez", "First call", "--add"]),
    "note --did --amount --check-in": (
        [],
        ["note", "Ann Lee", "Rotated tires", "--did", "--amount", "80", "--check-in", "2w"],
    ),
    "note --on (an older note)": ([], ["note", "Linda Park", "Old call", "--on", "2026-01-05"]),
    "fact": ([], ["fact", "Ann Lee", "hobby", "Sourdough", "--private"]),
    "fact --replace": ([], ["fact", "Ann Lee", "vehicle", "2020 Transit", "--replace", "F1"]),
    "fact birthday (supersedes)": ([], ["fact", "Ann Lee", "birthday", "1982-11-29"]),
    "remind": ([], ["remind", "Ann Lee", "friday", "Call about the rack", "--at", "9:30"]),
    "remind --every --kind --estimate": (
        [],
        ["remind", "Rosa Martinez", "2w", "Brakes", "--kind", "deferred", "--estimate", "300"],
    ),
    "done": ([], ["done", "3", "--note", "She said it went well"]),
    "done (repeating)": ([], ["done", "5"]),
    "done (postponed work: sold)": ([], ["done", "6", "--amount", "495.25"]),
    "done F7 (a question)": (
        [["fact", "Ann Lee", "event", "Emma's tournament", "--when", "2026-11-21"]],
        ["done", "{last_fact}", "--note", "They won"],
    ),
    "done F7 (a concern)": (
        [["fact", "Ann Lee", "concern", "Worried about the cost"]],
        ["done", "{last_fact}", "--note", "Showed her the numbers"],
    ),
    "snooze": ([], ["snooze", "4", "2026-12-04"]),
    "snooze --declined": ([], ["snooze", "6", "2027-04-01", "--declined", "money this month"]),
    "snooze C2": ([], ["snooze", "C2", "2w"]),
    "drop": ([], ["drop", "4"]),
    "drop (with its offers)": (
        [["snooze", "6", "2027-04-01", "--declined", "money"]],
        ["drop", "6"],
    ),
    "drop --lost-to": ([], ["drop", "6", "--lost-to", "QuickLube"]),
    "drop N2": ([], ["drop", "N2"]),
    "drop F3": ([], ["drop", "F3"]),
    "edit": ([], ["edit", "Ann Lee", "--phone", "555-9999", "--add-tag", "vip", "--company", ""]),
    "edit --referred-by": ([], ["edit", "Linda Park", "--referred-by", "Ann Lee"]),
    "edit --name (renames the thank-you)": (
        [["add", "Zoë Ødegaard", "--referred-by", "Ann Lee"]],
        ["edit", "Zoë Ødegaard", "--name", "Zoë Berg"],
    ),
    "edit --name": ([], ["edit", "Ann Lee", "--name", "Ann Lee-Baker"]),
    "edit N2": ([], ["edit", "N2", "Winter tires", "--on", "2026-11-23 08:00", "--did"]),
    "edit F3": ([], ["edit", "F3", "Daughter Emma (12)", "--private"]),
    "cadence": ([], ["cadence", "--tag", "fleet", "2m"]),
    "cadence never": (
        [["cadence", "--tag", "fleet", "1m"]],
        ["cadence", "--tag", "fleet", "never"],
    ),
    "config": ([], ["config", "currency", "€"]),
    "config (back to the default)": ([["config", "currency", "€"]], ["config", "currency", ""]),
    "merge": ([], ["merge", "Linda Park", "Ann Lee"]),
    "merge (who sent them, whom they sent, the thank-you, an earlier alias)": (
        [
            ["add", "Mike O'Brien", "--referred-by", "Rosa Martinez", "--phone", "555-0199"],
            ["add", "Zoë Ødegaard", "--referred-by", "Mike O'Brien"],
            ["add", "Michael O'Brien"],
            ["add", "M. O'Brien"],
            ["merge", "M. O'Brien", "Mike O'Brien"],
        ],
        ["merge", "Mike O'Brien", "Michael O'Brien"],
    ),
    "import (JSON Lines, into a log)": ([], ["import", "{lines}"]),
    "import (contacts)": ([], ["import", "{vcard}"]),
}


def search_index_problems(db: Path) -> list[str]:
    """FTS5's own check that each search index matches the rows it indexes."""
    conn = sqlite3.connect(db)
    problems = []
    for name in schema.FTS_TABLES:
        try:
            conn.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            problems.append(f"{name}: {exc}")
    conn.close()
    return problems


def _last_fact(cli: Cli) -> str:
    ids = [json.loads(line)["id"] for line in cli("export").stdout.splitlines() if '"fact"' in line]
    return f"F{max(ids)}"


def _args(cli: Cli, args: list[str], tmp_path: Path) -> list[str]:
    lines = tmp_path / "new.jsonl"
    lines.write_text(NEW_LINES + "\n", encoding="utf-8")
    vcard = tmp_path / "new.vcf"
    vcard.write_text(VCARD, encoding="utf-8")
    known = {"{lines}": str(lines), "{vcard}": str(vcard)}
    return [known.get(a) or (_last_fact(cli) if a == "{last_fact}" else a) for a in args]


@pytest.mark.parametrize("case", WRITES)
def test_undo_takes_back_every_write_command_exactly(
    shop: Cli, db_path: Path, tmp_path: Path, case: str
) -> None:
    setup, command = WRITES[case]
    for args in setup:
        shop(*_args(shop, args, tmp_path))
    before = shop("export").stdout

    shop(*_args(shop, command, tmp_path))
    assert shop("export").stdout != before  # the command wrote something
    undone = shop("undo")

    assert undone.stdout.startswith("Undid: ")
    assert shop("export").stdout == before
    assert search_index_problems(db_path) == []


def test_an_undone_note_is_gone_from_search_too(shop: Cli) -> None:
    shop("note", "Ann Lee", "Talked about the zeppelin")
    assert [h["customer"] for h in shop.json("search", "zeppelin")] == ["Ann Lee"]
    shop("undo")
    assert shop.json("search", "zeppelin") == []


def test_an_undone_drop_brings_the_note_back_to_search(shop: Cli) -> None:
    shop("note", "Ann Lee", "Talked about the zeppelin")
    (hit,) = shop.json("search", "zeppelin")
    shop("drop", f"N{hit['id']}")
    assert shop.json("search", "zeppelin") == []
    shop("undo")
    assert [h["customer"] for h in shop.json("search", "zeppelin")] == ["Ann Lee"]


def test_two_undos_take_back_two_steps_newest_first(cli: Cli) -> None:
    cli("add", "Ann Lee")
    first = cli("export").stdout
    cli("note", "Ann Lee", "Called about the van")
    second = cli("export").stdout
    cli("fact", "Ann Lee", "family", "Daughter Emma")

    assert cli("undo").stdout == "Undid: fact for Ann Lee (family)\n"
    assert cli("export").stdout == second
    assert cli("undo").stdout == "Undid: note for Ann Lee (Tue 24 Nov)\n"
    assert cli("export").stdout == first


def test_undo_goes_back_more_than_twenty_steps(cli: Cli) -> None:
    cli("add", "Ann Lee")
    start = cli("export").stdout
    for n in range(25):
        cli("note", "Ann Lee", f"Call {n}")
    for _ in range(25):
        cli("undo")
    assert cli("export").stdout == start


def test_undo_list_shows_the_steps_newest_first(cli: Cli) -> None:
    assert cli("undo", "--list").stdout == "Nothing to undo.\n"
    assert cli.json("undo", "--list") == []
    cli("add", "Ann Lee")
    cli("remind", "Ann Lee", "friday", "Send the estimate\nwith photos")

    lines = cli("undo", "--list").stdout.splitlines()
    assert [line.split("  ")[0] for line in lines] == ["1", "2"]
    assert lines[0].endswith("  remind Ann Lee (Fri 27 Nov): Send the estimate")
    assert lines[1].endswith("  add Ann Lee")
    assert lines[0].startswith("1  Tue 24 Nov ")
    steps = cli.json("undo", "--list")
    assert [(s["number"], s["what"]) for s in steps] == [
        (1, "remind Ann Lee (Fri 27 Nov): Send the estimate"),
        (2, "add Ann Lee"),
    ]
    assert steps[0]["at"].startswith("2026-11-24T")
    undone = cli.json("undo")
    assert undone["what"] == "remind Ann Lee (Fri 27 Nov): Send the estimate"
    assert [s["what"] for s in cli.json("undo", "--list")] == ["add Ann Lee"]


def test_undo_with_nothing_to_undo_says_so_and_writes_nothing(cli: Cli, db_path: Path) -> None:
    result = cli("undo", code=1)
    assert result.stdout == ""
    assert result.stderr.startswith("custlog: error: nothing to undo")
    assert len(result.stderr.splitlines()) == 1
    assert not db_path.exists()

    cli("add", "Ann Lee")
    cli("undo")
    before = cli("export").stdout
    assert cli("undo", "--json", code=1).stderr.startswith("custlog: error: nothing to undo")
    assert cli("export").stdout == before


def test_ids_are_not_reused_after_an_undone_add(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("add", "Bob Stone")
    cli("note", "Bob Stone", "Hello")
    cli("undo")
    cli("undo")
    assert cli("add", "Carl Diaz").stdout == "Added Carl Diaz (#3)\n"
    cli("note", "Carl Diaz", "Hello")
    assert cli.json("log", "Carl Diaz")[0]["id"] == 2


def test_a_command_that_changes_nothing_is_not_a_step(cli: Cli) -> None:
    cli("config", "currency", "€")
    cli("config", "currency", "€")
    cli("edit", "--help")
    assert [s["what"] for s in cli.json("undo", "--list")] == ["config currency €"]


def test_a_failed_write_leaves_no_step(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "Nobody", "Hello", code=1)
    cli("import", str(EXAMPLES), "--dry-run")
    assert [s["what"] for s in cli.json("undo", "--list")] == ["add Ann Lee"]


def test_an_import_is_one_step(shop: Cli, tmp_path: Path) -> None:
    steps = shop.json("undo", "--list")
    assert [s["what"] for s in steps] == [f"import {EXAMPLES}"]


def test_a_first_import_is_undone_to_the_empty_log(cli: Cli, db_path: Path) -> None:
    cli("import", str(EXAMPLES))
    assert not db_path.with_name(db_path.name + "-wal").exists() or True
    cli("undo")
    assert cli("export").stdout == ""
    assert cli.json("search", "van") == []
    assert search_index_problems(db_path) == []
    assert cli("add", "Ann Lee").stdout == "Added Ann Lee (#13)\n"  # ids are not reused


def test_an_import_records_ranges_not_one_image_per_row(shop: Cli, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    ranges = dict(conn.execute("SELECT tbl, upto - rid FROM undo_rows WHERE op = 'R'").fetchall())
    others = conn.execute("SELECT DISTINCT tbl FROM undo_rows WHERE op != 'R'").fetchall()
    conn.close()
    assert ranges["customers"] == 12 and ranges["notes"] > 50
    assert others == [("offers",)]  # linked to their follow-ups one by one, after the load


def test_the_undo_history_keeps_the_last_hundred_steps(ctx) -> None:  # type: ignore[no-untyped-def]
    store: Store = ctx.store
    for n in range(schema.UNDO_STEPS_KEPT + 5):
        with store.transaction(step=f"config business {n}"):
            store.settings.set("business", f"Shop {n}")
    steps = store.history.steps(limit=1000)
    assert len(steps) == schema.UNDO_STEPS_KEPT
    assert steps[0].what == f"config business {schema.UNDO_STEPS_KEPT + 4}"
    assert steps[-1].what == "config business 5"
    (orphans,) = store.conn.execute(
        "SELECT count(*) FROM undo_rows WHERE step NOT IN (SELECT id FROM undo_steps)"
    ).fetchone()
    assert orphans == 0


def test_export_leaves_the_undo_history_out(shop: Cli) -> None:
    shop("note", "Ann Lee", "Called")
    types = {json.loads(line)["type"] for line in shop("export").stdout.splitlines()}
    assert types == {"setting", "customer", "note", "fact", "followup"}


def test_doctor_accepts_the_undo_history(shop: Cli) -> None:
    shop("note", "Ann Lee", "Called")
    shop("drop", "N1")
    report = shop.json("doctor")
    assert report["healthy"], report["problems"]


def test_every_table_is_undone_or_derived(db_path: Path) -> None:
    """A new table must be classified: taken back by undo, or kept by triggers from those."""
    store = Store.open(db_path, create=True)
    tables = {
        r[0]
        for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    store.close()
    fts = {t for t in tables if any(t.startswith(f) for f in schema.FTS_TABLES)}
    assert tables - fts == set(schema.UNDONE_TABLES) | set(schema.NOT_UNDONE_TABLES)


# -- forget is final, and leaves nothing of the customer in what undo keeps --------------------

SECRET_WORDS = [b"zebulon", b"quixotic", b"xylophonic", b"wilhelmina", b"555-0000"]


def _traces(folder: Path) -> list[bytes]:
    data = b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()).lower()
    return [w for w in SECRET_WORDS if w in data]


def _note_id(cli: Cli, who: str, text: str) -> str:
    return "N" + str(next(e["id"] for e in cli.json("log", who) if e["text"] == text))


def test_forget_asks_knowing_it_cannot_be_undone(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr("custlog.cli.ask.confirm", lambda q: asked.append(q) or False)
    cli("add", "Ann Lee")
    cli("forget", "Ann Lee")
    assert asked == ["Erase Ann Lee (#1) and everything about them? This cannot be undone."]
    assert [s["what"] for s in cli.json("undo", "--list")] == ["add Ann Lee"]


def test_nothing_forgotten_survives_in_the_undo_history_or_the_file(tmp_path: Path) -> None:
    db = tmp_path / "log" / "custlog.db"
    db.parent.mkdir()
    cli = Cli()
    env = pytest.MonkeyPatch()
    env.setenv("CUSTLOG_DB", str(db))
    try:
        cli("add", "Ann Lee")
        cli("add", "Zebulon Quixotic", "--referred-by", "Ann Lee")  # Ann's thank-you names him
        cli("note", "Zebulon Quixotic", "Loves xylophonics")
        cli("edit", "Zebulon Quixotic", "--phone", "555-0000", "--called", "Zeb")
        cli("fact", "Zebulon Quixotic", "family", "Sister Wilhelmina")
        cli("note", "Ann Lee", "Met Zebulon Quixotic at the fair")
        cli("drop", _note_id(cli, "Ann Lee", "Met Zebulon Quixotic at the fair"))
        cli("note", "Ann Lee", "Asked about zeb's xylophone")  # his called name, in her note
        cli("drop", _note_id(cli, "Ann Lee", "Asked about zeb's xylophone"))
        cli("edit", _note_id(cli, "Zeb", "Loves xylophonics"), "Loves xylophonics a lot")
        cli("undo")
        cli("note", "Ann Lee", "Unrelated call", "--on", "2026-11-20 10:00")
        cli("config", "currency", "€")
        assert _traces(db.parent)  # the test can see them before forget

        cli("forget", "Zebulon Quixotic", "--yes")

        assert _traces(db.parent) == []
        assert [s["what"] for s in cli.json("undo", "--list")] == [
            "config currency €",
            "note for Ann Lee (Fri 20 Nov)",
            "add Ann Lee",
        ]
    finally:
        env.undo()


def test_undo_after_forget_takes_back_the_other_customers_steps(cli: Cli, db_path: Path) -> None:
    cli("add", "Ann Lee")
    cli("note", "Ann Lee", "First call", "--on", "2026-11-02 09:00")
    after_ann = cli("export").stdout
    cli("add", "Bob Stone", "--referred-by", "Ann Lee")  # a thank-you for Ann naming Bob
    cli("note", "Bob Stone", "Brakes")
    cli("note", "Ann Lee", "Second call", "--on", "2026-11-20 09:00")
    cli("remind", "Ann Lee", "friday", "Send the estimate")
    cli("forget", "Bob Stone", "--yes")

    assert cli("undo").stdout == "Undid: remind Ann Lee (Fri 27 Nov): Send the estimate\n"
    assert cli("undo").stdout == "Undid: note for Ann Lee (Fri 20 Nov)\n"
    # Bob's steps are gone; Ann's thank-you (from his) stays, without his name.
    thanks = "Thank Ann Lee for sending a customer"
    assert thanks in cli("export").stdout
    assert cli.json("brief", "Ann Lee")["last_contact"]["at"].startswith("2026-11-02")
    assert cli("undo").stdout == "Undid: note for Ann Lee (Mon 2 Nov)\n"
    assert cli("undo").stdout == "Undid: add Ann Lee\n"
    assert cli("export").stdout == ""
    assert after_ann != ""
    assert search_index_problems(db_path) == []
    cli("undo", code=1)


def _work_to_undo_an_import(path: Path, records: int) -> int:
    """SQLite's virtual machine steps (in thousands) that undoing an import of `records`
    facts and notes takes."""
    from custlog.domain import interchange
    from tests.conftest import TODAY

    lines = [json.dumps({"type": "customer", "id": 1, "name": "Ann Lee"})]
    for n in range(records):
        lines.append(json.dumps({"type": "fact", "customer_id": 1, "topic": "t", "text": f"{n}"}))
        lines.append(json.dumps({"type": "note", "customer_id": 1, "at": "2026-01-01T10:00:00",
                                 "text": f"note {n}"}))  # fmt: skip
    store = Store.open(path, create=True)
    interchange.import_lines(store, lines, TODAY, "big.jsonl")
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    store.conn.set_progress_handler(count, 1000)
    with store.transaction(step=None):
        store.history.take_back(store.history.steps()[0])
    store.close()
    return steps[0]


def test_undoing_an_import_takes_time_in_proportion_to_its_size(tmp_path: Path) -> None:
    # Each deleted fact or note must not make SQLite read every fact (facts point at facts
    # and at notes): twice the records, about twice the work, not four times.
    small = _work_to_undo_an_import(tmp_path / "small.db", 500)
    large = _work_to_undo_an_import(tmp_path / "large.db", 1000)
    assert large < 2.6 * small, (small, large)


def test_the_steps_are_printed_terminal_safe(cli: Cli, tmp_path: Path) -> None:
    sneaky = tmp_path / "book\x1b]0;pwned\x07\x1b[2J.jsonl"
    sneaky.write_text(NEW_LINES + "\n", encoding="utf-8")
    cli("import", str(sneaky))
    listed = cli("undo", "--list").stdout
    undone = cli("undo").stdout
    for shown in (listed, undone):
        assert "\x1b" not in shown and "\x07" not in shown
        assert "book" in shown and "2J.jsonl" in shown


def test_a_restored_backup_brings_its_own_undo_history(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    cli("add", "Ann Lee")
    just_ann = cli("export").stdout
    cli("note", "Ann Lee", "Before the backup")
    cli("backup", str(tmp_path / "copy.db"))
    cli("fact", "Ann Lee", "family", "After the backup")
    cli("restore", str(tmp_path / "copy.db"), "--yes")

    assert [s["what"] for s in cli.json("undo", "--list")] == [
        "note for Ann Lee (Tue 24 Nov)",
        "add Ann Lee",
    ]
    cli("undo")
    assert cli("export").stdout == just_ann
