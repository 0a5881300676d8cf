"""Another program's SQLite file is identified read-only and refused: not a byte of it, its
-wal or its -shm changes, whatever the command. A log `custlog doctor` found damaged is not
written to until it is restored or passes the check again."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.safety import Fingerprint, one_error_line, run_custlog


def companions(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


@pytest.fixture(params=["checkpointed once", "all in the write-ahead log"])
def foreign(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """Another app's WAL-mode database, in use: it holds a connection open, with changes not
    yet checkpointed, so its -wal and -shm exist. It even has a `notes_fts` table."""
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("CREATE VIRTUAL TABLE notes_fts USING fts5(text)")
    if request.param == "checkpointed once":
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("INSERT INTO notes (text) VALUES ('theirs')")
    conn.execute("INSERT INTO notes_fts (text) VALUES ('theirs')")
    assert all(p.exists() for p in companions(path))
    yield path
    conn.close()


def commands(tmp_path: Path, other: Path, backup: Path) -> list[tuple[Path, list[str]]]:
    """(the log, the command): every way a command may meet the other file."""
    log = tmp_path / "mine.db"
    return [
        (other, ["list"]),
        (other, ["due"]),
        (other, ["brief", "ann"]),
        (other, ["search", "theirs"]),
        (other, ["export"]),
        (other, ["doctor"]),
        (other, ["backup", str(tmp_path / "copy.db")]),
        (other, ["add", "Ann Lee"]),
        (other, ["note", "ann", "Hello", "--add"]),
        (other, ["restore", str(backup), "--yes"]),
        (log, ["restore", str(other), "--yes"]),
        (log, ["import", str(other)]),
    ]


def test_another_programs_database_is_refused_and_left_byte_for_byte(
    tmp_path: Path, foreign: Path
) -> None:
    backup = tmp_path / "backup.db"
    mine = tmp_path / "mine.db"
    assert run_custlog(mine, "import", str(EXAMPLES)).returncode == 0
    assert run_custlog(mine, "backup", str(backup)).returncode == 0
    before = [Fingerprint.of(p) for p in companions(foreign)]
    for log, args in commands(tmp_path, foreign, backup):
        result = run_custlog(log, *args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert [Fingerprint.of(p) for p in companions(foreign)] == before, args
    assert not (tmp_path / "copy.db").exists()


def test_doctor_says_what_the_other_file_is(tmp_path: Path, foreign: Path) -> None:
    result = run_custlog(foreign, "doctor")
    assert result.returncode == 1
    assert f"{foreign} is a SQLite database but not a custlog log" in result.stdout
    assert "integrity" not in result.stdout


def test_a_log_that_another_custlog_process_just_created_is_not_mistaken_for_a_foreign_file(
    tmp_path: Path,
) -> None:
    # While one custlog process has a new log open, its schema may be only in the -wal.
    db = tmp_path / "new.db"
    assert run_custlog(db, "add", "Ann Lee").returncode == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("SELECT count(*) FROM customers").fetchone()
    try:
        db.with_name("fresh.db").write_bytes(b"")
        fresh = db.with_name("fresh.db")
        assert run_custlog(fresh, "add", "Bo Chen").returncode == 0
        assert run_custlog(fresh, "list").returncode == 0
        assert run_custlog(db, "note", "ann", "Still mine").returncode == 0
    finally:
        holder.close()


# -- a damaged log is not written to once doctor has found it ---------------------------------


def damage(log: Path) -> None:
    conn = sqlite3.connect(log)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with log.open("r+b") as handle:  # scribble over a page in the middle of the file
        handle.seek(page_size * 20 + 100)
        handle.write(b"\xff" * 400)


def test_a_log_doctor_found_damaged_is_refused_for_writes_until_restored(tmp_path: Path) -> None:
    log = tmp_path / "custlog.db"
    backup = tmp_path / "backup.db"
    assert run_custlog(log, "import", str(EXAMPLES)).returncode == 0
    assert run_custlog(log, "backup", str(backup)).returncode == 0
    damage(log)
    assert run_custlog(log, "doctor").returncode == 1
    before = Fingerprint.of(log)
    for args in (["note", "ann", "Hello"], ["add", "Bo Chen"], ["remind", "ann", "friday", "x"]):
        result = run_custlog(log, *args)
        assert result.returncode == 1, args
        assert "is damaged" in one_error_line(result.stderr)
        assert "custlog restore" in result.stderr
    assert Fingerprint.of(log).data == before.data
    assert run_custlog(log, "restore", str(backup), "--yes").returncode == 0
    assert run_custlog(log, "note", "ann", "Hello again").returncode == 0
    assert run_custlog(log, "doctor").returncode == 0
