"""`custlog doctor`, `custlog backup` and `custlog restore`.

They run in-process (through Typer's runner, with `--db`), like a user's command line; the
tests with another process at work run custlog there for real.
"""

from __future__ import annotations

import gc
import json
import re
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from custlog.cli import app
from custlog.storage.schema import SCHEMA_VERSION
from tests.conftest import EXAMPLES
from tests.safety import Fingerprint, count, integrity, mode_of, one_error_line, python_process


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_custlog(db: Path, *args: str, input: str = "") -> Ran:
    """`custlog --db DB ARGS`, in this process; its connections are closed afterwards, as
    they are when a real custlog process ends."""
    result = CliRunner().invoke(app, ["--db", str(db), *args], input=input, catch_exceptions=False)
    gc.collect()
    return Ran(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def log(tmp_path: Path) -> Path:
    db = tmp_path / "data" / "custlog.db"
    db.parent.mkdir()
    assert run_custlog(db, "import", str(EXAMPLES)).returncode == 0
    return db


def export(db: Path) -> str:
    result = run_custlog(db, "export")
    assert result.returncode == 0, result.stderr
    return result.stdout


# -- doctor ------------------------------------------------------------------------------------


def test_doctor_reports_a_healthy_log(log: Path) -> None:
    result = run_custlog(log, "doctor")
    assert result.returncode == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"log          {log}"
    assert f"schema       {SCHEMA_VERSION} (this custlog writes {SCHEMA_VERSION})" in lines
    assert "records      12 customers, 90 notes, 42 facts, 33 follow-ups" in lines
    assert "integrity    ok" in lines
    assert "permissions  0600 custlog.db" in lines
    assert lines[-1] == "healthy      yes"


def test_doctor_json_has_the_whole_report(log: Path) -> None:
    report = json.loads(run_custlog(log, "doctor", "--json").stdout)
    assert report["healthy"] is True
    assert report["custlog"] is True
    assert report["integrity"] == ["ok"]
    assert report["schema_version"] == report["program_schema_version"] == SCHEMA_VERSION
    assert report["journal_mode"] == "wal"
    assert report["counts"] == {"customers": 12, "notes": 90, "facts": 42, "followups": 33}
    assert report["problems"] == report["warnings"] == []


def test_doctor_before_the_first_write_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "custlog.db"
    result = run_custlog(db, "doctor")
    assert result.returncode == 0
    assert "there is no log at" in result.stdout
    assert not db.exists()


def test_doctor_finds_a_damaged_page_and_exits_1(log: Path) -> None:
    conn = sqlite3.connect(log)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with log.open("r+b") as handle:  # scribble over a page in the middle of the file
        handle.seek(page_size * 20 + 100)
        handle.write(b"\xff" * 400)
    before = Fingerprint.of(log)
    result = run_custlog(log, "doctor")
    assert result.returncode == 1
    assert "the integrity check failed" in one_error_line(result.stderr)
    assert "problem      the integrity check failed" in result.stdout
    assert Fingerprint.of(log) == before


# -- backup ------------------------------------------------------------------------------------


def test_backup_writes_a_private_consistent_copy_beside_the_log(log: Path) -> None:
    result = run_custlog(log, "backup")
    assert result.returncode == 0, result.stderr
    copy = Path(result.stdout.strip())
    assert copy.parent == log.parent / "backups"
    assert re.fullmatch(r"custlog-\d{8}-\d{6}\.db", copy.name)
    assert "Backed up 12 customers, 90 notes, 42 facts, 33 follow-ups" in result.stderr
    assert mode_of(copy) == 0o600
    assert integrity(copy) == "ok"
    assert export(copy) == export(log)
    second = Path(run_custlog(log, "backup").stdout.strip())
    assert second != copy  # a second backup in the same second gets its own name


def test_backup_never_overwrites_unless_forced(log: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("precious")
    before = Fingerprint.of(target)
    result = run_custlog(log, "backup", str(target))
    assert result.returncode == 1
    assert "already exists" in one_error_line(result.stderr)
    assert Fingerprint.of(target) == before
    assert run_custlog(log, "backup", str(target), "--force").returncode == 0
    assert export(target) == export(log)


def test_backup_into_a_folder_names_the_file(log: Path, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    copy = Path(run_custlog(log, "backup", str(folder)).stdout.strip())
    assert copy.parent == folder
    assert copy.name.startswith("custlog-")


def test_backup_without_a_log_says_so_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "custlog.db"
    result = run_custlog(db, "backup")
    assert result.returncode == 1
    assert "nothing to back up" in one_error_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


WRITER = r"""
n = 0
while True:
    run("note", "ann", f"busy{n} note", "--fact", f"work:busy{n} fact")
    n += 1
"""


@pytest.mark.slow
def test_backups_taken_while_another_process_writes_are_whole(log: Path, tmp_path: Path) -> None:
    from tests.safety import run_custlog as run_in_a_process

    writer = python_process(WRITER, db=log, stdout=subprocess.DEVNULL)
    try:
        copies = []
        for number in range(3):
            target = tmp_path / f"busy-{number}.db"
            result = run_in_a_process(log, "backup", str(target))
            assert result.returncode == 0, result.stderr
            copies.append(target)
    finally:
        writer.kill()
        writer.wait()
    for copy in copies:
        assert integrity(copy) == "ok"
        notes = count(copy, "notes", "text LIKE 'busy% note'")
        assert count(copy, "facts", "text LIKE 'busy% fact'") == notes
    assert count(copies[-1], "notes") >= count(copies[0], "notes")


# -- restore -----------------------------------------------------------------------------------


def test_restore_puts_the_backup_back_and_keeps_the_log_aside(log: Path, tmp_path: Path) -> None:
    backup = tmp_path / "monday.db"
    assert run_custlog(log, "backup", str(backup)).returncode == 0
    monday = export(log)
    assert run_custlog(log, "forget", "ann", "--yes").returncode == 0
    assert run_custlog(log, "add", "Tuesday Person").returncode == 0
    tuesday = export(log)

    result = run_custlog(log, "restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Restored 12 customers, 90 notes, 42 facts, 33 follow-ups")
    assert export(log) == monday
    (kept,) = log.parent.glob("custlog.db.before-restore-*")
    assert re.fullmatch(r"custlog\.db\.before-restore-\d{8}-\d{6}", kept.name)
    assert export(kept) == tuesday
    assert mode_of(kept) == mode_of(log) == 0o600
    assert run_custlog(log, "doctor").returncode == 0


def test_restore_asks_first_and_no_means_nothing_changes(log: Path, tmp_path: Path) -> None:
    backup = tmp_path / "copy.db"
    assert run_custlog(log, "backup", str(backup)).returncode == 0
    assert run_custlog(log, "add", "Newer Person").returncode == 0
    before = export(log)
    result = run_custlog(log, "restore", str(backup), input="n\n")
    assert result.returncode == 0  # declining is not an error
    # From a pipe the question is still written, on its own line, then the answer's outcome.
    question, outcome = result.stderr.splitlines()
    assert question.endswith("[y/N]")
    assert outcome == "Nothing was restored."
    assert export(log) == before
    assert list(log.parent.glob("*.before-restore-*")) == []


def test_restore_refuses_a_backup_from_a_newer_custlog_and_touches_nothing(
    log: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "future.db"
    assert run_custlog(log, "backup", str(backup)).returncode == 0
    conn = sqlite3.connect(backup)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = Fingerprint.of(log)
    result = run_custlog(log, "restore", str(backup), "--yes")
    assert result.returncode == 1
    assert "newer custlog" in one_error_line(result.stderr)
    assert Fingerprint.of(log) == before
    assert sorted(p.name for p in log.parent.iterdir()) == ["custlog.db"]


def test_restore_replaces_a_log_sqlite_can_no_longer_read(log: Path, tmp_path: Path) -> None:
    backup = tmp_path / "copy.db"
    assert run_custlog(log, "backup", str(backup)).returncode == 0
    good = export(log)
    with log.open("r+b") as handle:
        handle.write(b"this header is ruined")
    ruined = log.read_bytes()
    assert run_custlog(log, "list").returncode == 1

    assert run_custlog(log, "restore", str(backup), "--yes").returncode == 0
    assert export(log) == good
    (kept,) = log.parent.glob("custlog.db.before-restore-*")
    assert kept.read_bytes() == ruined  # kept byte for byte, for whoever wants to rescue it
    assert mode_of(kept) == 0o600


def test_restore_into_a_place_with_no_log_yet(
    log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "copy.db"
    assert run_custlog(log, "backup", str(backup)).returncode == 0
    # The default data folder is created (a folder named with --db must exist).
    monkeypatch.delenv("CUSTLOG_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "new-laptop"))
    fresh = tmp_path / "new-laptop" / "custlog" / "custlog.db"
    result = CliRunner().invoke(app, ["restore", str(backup)], catch_exceptions=False)
    gc.collect()  # nothing to replace: no question
    assert result.exit_code == 0, result.stderr
    assert export(fresh) == export(log)
    assert mode_of(fresh) == 0o600
    assert integrity(fresh) == "ok"
    assert run_custlog(fresh, "note", "ann", "Back in business").returncode == 0


def test_a_program_reading_the_log_during_restore_sees_the_restored_log(
    log: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "copy.db"
    assert run_custlog(log, "backup", str(backup)).returncode == 0
    assert run_custlog(log, "add", "Only In The Old Log").returncode == 0
    reader = sqlite3.connect(log)
    try:
        assert reader.execute("SELECT count(*) FROM customers").fetchone()[0] == 13
        assert run_custlog(log, "restore", str(backup), "--yes").returncode == 0
        assert reader.execute("SELECT count(*) FROM customers").fetchone()[0] == 12
    finally:
        reader.close()
    assert integrity(log) == "ok"


def test_doctor_finds_a_search_index_out_of_step_with_the_notes(log: Path) -> None:
    conn = sqlite3.connect(log)
    conn.execute("DROP TRIGGER notes_ai")  # a note written behind the search index's back
    conn.execute("INSERT INTO notes (customer_id, at, text) VALUES (1, '2026-11-01', 'lost')")
    conn.commit()
    conn.close()
    result = run_custlog(log, "doctor")
    assert result.returncode == 1
    assert "search index notes_fts" in one_error_line(result.stderr)


def test_doctor_mends_the_name_keys_of_a_name_another_program_changed(log: Path) -> None:
    conn = sqlite3.connect(log)  # as a database browser would: the name alone
    conn.execute("UPDATE customers SET name = 'Zoë Ødegaard' WHERE name = 'Ann Lee'")
    conn.commit()
    conn.close()
    assert run_custlog(log, "brief", "odegaard").returncode == 1
    result = run_custlog(log, "doctor")
    assert result.returncode == 0
    assert "wrote the name keys of 1 customer again" in result.stdout
    brief = run_custlog(log, "brief", "odegaard", "--json")
    assert json.loads(brief.stdout)["customer"]["name"] == "Zoë Ødegaard"
    assert "wrote the name keys" not in run_custlog(log, "doctor").stdout
