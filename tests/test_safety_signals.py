"""A stopped or killed `export -o`, `backup` or `restore` leaves no hidden copy of the log.

Stopped (SIGINT, SIGTERM): the command removes its temporary copy and exits 130 or 143. Killed
(SIGKILL, nothing can run): the next run of that command, or `custlog doctor`, removes it. Only
custlog's own temporary names are ever removed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.safety import python_process, run_custlog

# Runs one command in a process whose every fsync stalls: the whole copy is written under its
# temporary name, and the command is stopped or killed before the copy is renamed into place.
STALLED = r"""
import os, time
ready = sys.argv[1]

def stall(fd):
    open(ready, "w").close()
    time.sleep(60)

os.fsync = stall
code, out, err = run(*sys.argv[2:])
sys.stderr.write(err)
sys.exit(code)
"""

SECRET = "Quentin Stays Secret"


@pytest.fixture
def log(tmp_path: Path) -> Path:
    db = tmp_path / "data" / "custlog.db"
    db.parent.mkdir()
    assert run_custlog(db, "import", str(EXAMPLES)).returncode == 0
    assert run_custlog(db, "add", SECRET).returncode == 0
    return db


def stalled(db: Path, ready: Path, *args: str) -> subprocess.Popen[str]:
    proc = python_process(STALLED, str(ready), *args, db=db, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return proc


def hidden_copies(folder: Path) -> list[str]:
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name.endswith((".tmp", "-wal", "-shm")) and p.name.startswith(".")
    )


def commands(tmp_path: Path, db: Path) -> dict[str, tuple[list[str], Path]]:
    """Each copying command, and the folder its temporary copy is written in."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return {
        "export": (["export", "-o", str(out / "everyone.jsonl")], out),
        "backup": (["backup"], db.parent / "backups"),
        "backup to a file": (["backup", str(out / "copy.db")], out),
    }


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("which", ["export", "backup", "backup to a file"])
def test_a_stopped_copy_removes_its_temporary_file_and_exits_128_plus_the_signal(
    tmp_path: Path, log: Path, which: str, sig: signal.Signals
) -> None:
    args, folder = commands(tmp_path, log)[which]
    proc = stalled(log, tmp_path / "ready", *args)
    assert hidden_copies(folder), "the copy is written under a temporary name first"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + sig, err
    assert "nothing was written" in err and "Traceback" not in err
    assert hidden_copies(folder) == []
    assert [p for p in folder.iterdir() if SECRET.encode() in p.read_bytes()] == []


@pytest.mark.slow
@pytest.mark.parametrize("which", ["export", "backup", "backup to a file"])
def test_a_killed_copy_is_swept_up_by_the_next_run_of_the_command(
    tmp_path: Path, log: Path, which: str
) -> None:
    args, folder = commands(tmp_path, log)[which]
    theirs = [folder / ".everyone.jsonl.abc123.tmp", folder / ".custlog-notes.tmp"]
    folder.mkdir(exist_ok=True)
    for path in theirs:  # look alike, but not custlog's own: never touched
        path.write_text("someone else's")
    proc = stalled(log, tmp_path / "ready", *args)
    proc.kill()
    proc.communicate(timeout=30)
    leftovers = [p for p in hidden_copies(folder) if p not in {t.name for t in theirs}]
    assert leftovers, "a killed process cannot clean up"
    again = run_custlog(log, *args)
    assert again.returncode == 0, again.stderr
    assert sorted(hidden_copies(folder)) == sorted(t.name for t in theirs)
    assert all(t.read_text() == "someone else's" for t in theirs)


@pytest.mark.slow
def test_doctor_sweeps_up_what_a_killed_backup_left(tmp_path: Path, log: Path) -> None:
    folder = log.parent / "backups"
    proc = stalled(log, tmp_path / "ready", "backup")
    proc.kill()
    proc.communicate(timeout=30)
    (leftover,) = hidden_copies(folder)
    result = run_custlog(log, "doctor")
    assert result.returncode == 0, result.stderr
    assert f"removed {folder / leftover}" in result.stdout
    assert hidden_copies(folder) == []
    assert hidden_copies(log.parent) == []


def test_a_temporary_copy_of_a_live_process_is_left_alone(tmp_path: Path, log: Path) -> None:
    from custlog.storage import tempfiles

    mine = tmp_path / f".x.db.custlog-{os.getppid()}-abc.tmp"
    mine.write_text("in progress")
    assert tempfiles.sweep(tmp_path) == []
    assert mine.exists()


def test_a_log_a_killed_first_import_was_building_is_swept_by_the_next_import(
    tmp_path: Path,
) -> None:
    """A first import builds the new log aside under custlog's temporary name; after a
    `kill -9` the next first import (or doctor) removes it, and only it."""
    from typer.testing import CliRunner

    from custlog.cli import app

    dead = subprocess.Popen(["true"])
    dead.wait()
    log = tmp_path / "data" / "custlog.db"
    log.parent.mkdir()
    left = log.parent / f".custlog.db.custlog-{dead.pid}-abc123.tmp"
    left.write_text("a whole log a killed import was building")
    theirs = log.parent / ".custlog.db.notes.tmp"
    theirs.write_text("someone else's")
    result = CliRunner().invoke(app, ["--db", str(log), "import", str(EXAMPLES)])
    assert result.exit_code == 0, result.stderr
    assert not left.exists()
    assert theirs.read_text() == "someone else's"
    hidden = sorted(p.name for p in log.parent.iterdir() if p.name.startswith("."))
    assert hidden == [".custlog.db.notes.tmp"]
