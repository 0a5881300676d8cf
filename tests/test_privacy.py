"""The log holds personal data: it stays private on disk, `forget` really erases, and error
messages say nothing about people beyond their names."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Cli
from tests.safety import mode_of, one_error_line, run_custlog
from tests.test_bad_input import CASES, FILES, fill

SECRETS = {
    "fact": "Zanzibarquokka allergy to penicillin",
    "note": "Discussed the Flibbertigibbet divorce settlement",
    "followup": "Ask about Snorklewhistle biopsy results",
    "phone": "555-8675309",
    "email": "wallaby.private@example.org",
}


def raw_bytes(folder: Path) -> bytes:
    """Every byte of the log and the files SQLite keeps beside it."""
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


def traces(data: bytes) -> list[str]:
    lowered = data.lower()
    words = ["zanzibarquokka", "flibbertigibbet", "snorklewhistl", "8675309", "wallaby.private"]
    return [w for w in words if w.encode() in lowered]


@pytest.fixture
def log_with_secrets(tmp_path: Path) -> Path:
    db = tmp_path / "log" / "custlog.db"
    db.parent.mkdir()
    assert run_custlog(db, "import", str(EXAMPLES)).returncode == 0
    steps = [
        ("add", "Quentin Secretive", "--phone", SECRETS["phone"], "--email", SECRETS["email"]),
        ("fact", "quentin", "health", SECRETS["fact"]),
        ("note", "quentin", SECRETS["note"], "--fact", f"family:{SECRETS['fact']} too"),
        ("remind", "quentin", "friday", SECRETS["followup"]),
        ("done", "21", "--note", "Booked the 60k service"),  # more writes after his
    ]
    for step in steps:
        assert run_custlog(db, *step).returncode == 0, step
    assert traces(raw_bytes(db.parent))  # the test can see them before forget
    return db


def test_forget_leaves_no_trace_in_the_file_bytes(log_with_secrets: Path) -> None:
    db = log_with_secrets
    result = run_custlog(db, "forget", "quentin", "--yes")
    assert result.returncode == 0, result.stderr
    assert traces(raw_bytes(db.parent)) == []
    assert b"Quentin" not in raw_bytes(db.parent)
    assert run_custlog(db, "search", "Zanzibarquokka", "--json").stdout.strip() == "[]"
    assert "Ann Lee" in run_custlog(db, "list").stdout  # the others are all still there


def test_forget_leaves_no_trace_while_another_program_has_the_log_open(
    log_with_secrets: Path,
) -> None:
    db = log_with_secrets
    reader = sqlite3.connect(db)
    assert reader.execute("SELECT count(*) FROM customers").fetchone()[0] == 13
    try:
        assert run_custlog(db, "forget", "quentin", "--yes").returncode == 0
        assert traces(raw_bytes(db.parent)) == []
    finally:
        reader.close()
    assert traces(raw_bytes(db.parent)) == []


# A program reading the log (Datasette opens it read-only) that holds one snapshot, as a long
# query or export does, until it is told to let go (a line on stdin).
SNAPSHOT_READER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1] + "?mode=ro", uri=True, isolation_level=None)
conn.execute("BEGIN")
print(conn.execute("SELECT count(*) FROM customers").fetchone()[0], flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
conn.close()
"""


def snapshot_reader(db: Path) -> subprocess.Popen[str]:
    reader = subprocess.Popen(
        [sys.executable, "-c", SNAPSHOT_READER, db.resolve().as_uri()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None
    assert reader.stdout.readline().strip() == "13"  # it holds its snapshot now
    return reader


def let_go(reader: subprocess.Popen[str]) -> None:
    reader.communicate("go\n", timeout=30)
    assert reader.returncode == 0


def test_forget_waits_for_a_reader_of_an_older_snapshot_then_wipes_the_bytes(
    log_with_secrets: Path,
) -> None:
    db = log_with_secrets
    reader = snapshot_reader(db)
    threading.Timer(1.0, let_go, (reader,)).start()
    result = run_custlog(db, "forget", "quentin", "--yes")
    assert result.returncode == 0, result.stderr
    assert "Waiting up to 5 s for another program reading the log" in result.stderr
    assert traces(raw_bytes(db.parent)) == []
    assert b"Quentin" not in raw_bytes(db.parent)


def test_forget_never_says_forgotten_while_a_reader_keeps_the_bytes_and_doctor_finishes(
    log_with_secrets: Path,
) -> None:
    db = log_with_secrets
    reader = snapshot_reader(db)
    try:
        result = run_custlog(db, "forget", "quentin", "--yes")
        assert result.returncode == 1
        assert "Forgot" not in result.stdout
        error = one_error_line(result.stderr.split("\n", 1)[1])  # after the waiting line
        assert "Quentin Secretive is erased from the log, but their words are still in" in error
        assert f"{db} and {db}-wal" in error and "run `custlog doctor`" in error
        assert traces(raw_bytes(db.parent))  # exactly what it said
        assert run_custlog(db, "list", "--json").stdout.count("Quentin") == 0
        while_held = run_custlog(db, "doctor")
        assert while_held.returncode == 1
        assert "a forgotten customer's words are still in the bytes of" in while_held.stdout
    finally:
        let_go(reader)
    result = run_custlog(db, "doctor")
    assert result.returncode == 0, result.stdout
    assert "finished wiping a forgotten customer's words" in result.stdout
    assert traces(raw_bytes(db.parent)) == []
    assert run_custlog(db, "doctor").stdout.count("finished wiping") == 0


def test_a_backup_taken_before_forget_still_holds_the_customer(log_with_secrets: Path) -> None:
    """Documented, not hidden: erasing from the log does not reach into old backups."""
    db = log_with_secrets
    backup = db.parent.parent / "before.db"
    assert run_custlog(db, "backup", str(backup)).returncode == 0
    assert run_custlog(db, "forget", "quentin", "--yes").returncode == 0
    assert traces(backup.read_bytes())
    assert traces(raw_bytes(db.parent)) == []


# -- permissions -------------------------------------------------------------------------------


def open_umask() -> None:
    os.umask(0)


def test_every_file_custlog_writes_is_private_even_with_an_open_umask(tmp_path: Path) -> None:
    db = tmp_path / "data" / "custlog.db"
    db.parent.mkdir()

    def custlog(*args: str) -> None:
        result = run_custlog(db, *args, preexec_fn=open_umask)
        assert result.returncode == 0, (args, result.stderr)

    custlog("import", str(EXAMPLES))
    assert mode_of(db) == 0o600
    conn = sqlite3.connect(db)  # while it is open, the write-ahead files exist
    conn.execute("SELECT count(*) FROM customers").fetchone()
    custlog("note", "ann", "Called about the van")
    for suffix in ("-wal", "-shm"):
        assert mode_of(db.with_name(db.name + suffix)) == 0o600, suffix
    conn.close()

    custlog("backup")
    (backup,) = (db.parent / "backups").iterdir()
    assert mode_of(db.parent / "backups") == 0o700
    assert mode_of(backup) == 0o600
    custlog("backup", str(tmp_path / "copy.db"))
    assert mode_of(tmp_path / "copy.db") == 0o600
    custlog("export", "-o", str(tmp_path / "export.jsonl"))
    assert mode_of(tmp_path / "export.jsonl") == 0o600
    custlog("restore", str(tmp_path / "copy.db"), "--yes")
    (kept,) = db.parent.glob("custlog.db.before-restore-*")
    assert mode_of(kept) == 0o600
    assert mode_of(db) == 0o600
    leftovers = [p.name for p in db.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_doctor_warns_about_a_log_others_can_read(cli: Cli, db_path: Path) -> None:
    cli("add", "Ann Lee")
    assert "warning" not in cli("doctor").stdout
    db_path.chmod(0o644)
    result = cli("doctor")  # a warning, not a failure
    assert f"can be read by other users (mode 0644): run chmod 600 {db_path}" in result.stdout
    report = cli.json("doctor")
    assert report["healthy"] is True
    assert {"path": str(db_path), "mode": "0644"} in report["files"]


# -- error messages ----------------------------------------------------------------------------


def personal_details(export: str) -> set[str]:
    """What the log knows about people besides their names (long enough to be telling)."""
    names: set[str] = set()
    found: set[str] = set()
    for line in export.splitlines():
        record = json.loads(line)
        if record["type"] == "customer":
            names.update(v for v in (record["name"], record["called"]) if v)
            found.update(v for k in ("phone", "email", "company") if (v := record[k]))
        elif record["type"] != "setting":  # the business's own settings are not about people
            found.add(record["text"])
    return {d for d in found if len(d) >= 8 and d not in names}


def contact_details(export: str) -> set[str]:
    """The company, phone and email of every customer."""
    found: set[str] = set()
    for line in export.splitlines():
        record = json.loads(line)
        if record["type"] == "customer":
            found.update(v for k in ("phone", "email", "company") if (v := record[k]))
    return found


def test_error_messages_name_people_but_say_nothing_else_about_them(
    shop: Cli, tmp_path: Path
) -> None:
    details = personal_details(shop("export").stdout)
    assert len(details) > 150
    folder = tmp_path / "inputs"
    folder.mkdir()
    for name, content in FILES.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    contact = contact_details(shop("export").stdout)
    for c in CASES:
        args = fill(c.args, folder)
        result = shop(*args, input=c.input, code=None)
        typed = " ".join(args)
        # An ambiguous name lists the candidates with what tells them apart (company, phone or
        # email, last contact): nothing they said, nothing learned about them.
        allowed = contact if " customers: #" in result.stderr else set()
        leaked = [d for d in details if d in result.stderr and d not in typed and d not in allowed]
        assert leaked == [], (args, result.stderr)


# -- private facts stay out of everything a user might share (#11.4, #12.6) ------------------


@pytest.fixture
def secretive(cli: Cli) -> Cli:
    """Ann has a private birthday and a private health fact, and one open callback."""
    cli("add", "Ann Lee", "--phone", "+1 555 0100")
    cli("fact", "ann", "birthday", "1980-12-02", "--private")
    cli("fact", "ann", "health", "Zanzibarquokka allergy", "--private")
    cli("remind", "ann", "friday", "Call about the brakes")
    return cli


def test_a_private_birthday_stays_out_of_the_calendar_unless_all(secretive: Cli) -> None:
    calendar = secretive("export", "--format", "ics").stdout
    assert "Call about the brakes" in calendar
    assert "birthday" not in calendar
    assert "Ann Lee: birthday" in secretive("export", "--format", "ics", "--all").stdout


def test_private_facts_stay_out_of_the_csv_export_unless_all(
    secretive: Cli, tmp_path: Path
) -> None:
    table = secretive("export", "--table", "facts").stdout
    assert "Zanzibarquokka" not in table and "1980-12-02" not in table
    assert "Zanzibarquokka" in secretive("export", "--table", "facts", "--all").stdout
    secretive("export", "--format", "csv", "-o", str(tmp_path / "csv"))
    assert "Zanzibarquokka" not in (tmp_path / "csv" / "facts.csv").read_text("utf-8-sig")
    secretive("export", "--format", "csv", "-o", str(tmp_path / "all"), "--all")
    assert "Zanzibarquokka" in (tmp_path / "all" / "facts.csv").read_text("utf-8-sig")


def test_the_json_lines_export_keeps_private_facts_it_is_the_log_itself(secretive: Cli) -> None:
    assert "Zanzibarquokka" in secretive("export").stdout


def test_log_shows_private_facts_only_with_all(secretive: Cli) -> None:
    screen = secretive("log", "ann").stdout
    assert "Zanzibarquokka" not in screen
    assert "2 private facts not shown: log --all shows them" in screen
    assert "Zanzibarquokka" not in json.dumps(secretive.json("log", "ann"))
    assert "Zanzibarquokka" in secretive("log", "ann", "--all").stdout
    assert "Zanzibarquokka" in json.dumps(secretive.json("log", "ann", "--all"))


def test_due_and_search_treat_a_private_birthday_as_private(secretive: Cli) -> None:
    assert "birthday" not in secretive("due", "--days", "30").stdout
    hits = secretive.json("search", "zanzibarquokka")
    assert [h["private"] for h in hits] == [True]


def test_plan_counts_only_the_private_facts_it_would_have_shown(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "health", "Knee surgery", "--private")  # no date: never on a plan
    cli("fact", "ann", "family", "Trip to Oslo", "--when", "2027-09-01", "--private")  # too late
    assert "private" not in cli("plan", "ann", "--months", "6").stdout
    cli("fact", "ann", "birthday", "--01-15", "--private")  # inside the window
    assert "1 private fact not shown: plan --all" in cli("plan", "ann", "--months", "6").stdout
    assert "private fact" not in cli("plan", "ann", "--all").stdout


def test_brief_with_only_private_facts_says_they_are_not_shown(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "health", "Knee surgery", "--private")
    screen = cli("brief", "ann").stdout
    assert "Nothing recorded" not in screen
    assert "\nCareful: 1 private fact not shown: brief --all\n" in screen
    assert "Knee surgery" not in screen
