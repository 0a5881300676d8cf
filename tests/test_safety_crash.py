"""A custlog killed with SIGKILL half-way through a change leaves a whole log, with the change
either all there or not there at all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.safety import (
    count,
    custlog_argv,
    custlog_env,
    integrity,
    python_process,
    run_custlog,
)

pytestmark = pytest.mark.slow

CUSTOMERS = 2000  # × 13 lines: an import of ~4 MB that takes about a second


def big_import(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for c in range(1, CUSTOMERS + 1):
            out.write(json.dumps({"type": "customer", "id": c, "name": f"Bulk {c:05d}"}) + "\n")
            for n in range(10):
                note = {
                    "type": "note",
                    "customer_id": c,
                    "at": f"2026-{n + 1:02d}-10T09:00:00",
                    "text": f"Bulk note {n} for customer {c} about servicing the fleet vans",
                }
                out.write(json.dumps(note) + "\n")
            fact = {"type": "fact", "customer_id": c, "topic": "work", "text": f"Depot {c}"}
            out.write(json.dumps(fact) + "\n")
            followup = {"type": "followup", "customer_id": c, "due": "2026-12-01", "text": "Call"}
            out.write(json.dumps(followup) + "\n")
    return path


def wal_size(db: Path) -> int:
    try:
        return db.with_name(db.name + "-wal").stat().st_size
    except FileNotFoundError:
        return 0


def kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool], limit: float = 30) -> bool:
    """SIGKILL `proc` as soon as `ready()`; False if it finished first."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.001)
    proc.wait()
    return False


def export(db: Path) -> str:
    result = run_custlog(db, "export")
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("wal_bytes", [1, 512 * 1024, 2 * 1024 * 1024])
def test_an_import_killed_half_way_is_all_or_nothing(tmp_path: Path, wal_bytes: int) -> None:
    db = tmp_path / "custlog.db"
    assert run_custlog(db, "import", str(EXAMPLES)).returncode == 0
    before = export(db)
    jsonl = big_import(tmp_path / "big.jsonl")
    proc = subprocess.Popen(
        custlog_argv("import", str(jsonl)),
        env=custlog_env(db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    # The write-ahead log growing means the import's transaction is being written.
    killed = kill_when(proc, lambda: wal_size(db) >= wal_bytes)

    assert integrity(db) == "ok"
    bulk = count(db, "customers", "name LIKE 'Bulk %'")
    assert bulk in (0, CUSTOMERS)
    if bulk == 0:
        assert killed
        assert export(db) == before
    else:
        assert count(db, "notes") == 90 + 10 * CUSTOMERS
        assert count(db, "facts") == 42 + CUSTOMERS
        assert count(db, "followups") == 33 + CUSTOMERS
    # The log is usable afterwards, by custlog itself, search index and triggers included.
    assert run_custlog(db, "doctor").returncode == 0
    assert run_custlog(db, "note", "ann", "Zebracrossing after the crash").returncode == 0
    hits = json.loads(run_custlog(db, "search", "zebracrossing", "--json").stdout)
    assert [h["customer"] for h in hits] == ["Ann Lee"]
    assert integrity(db) == "ok"


# A loop of notes, each with three facts and three follow-ups in one transaction.
NOTE_LOOP = r"""
n = 0
while True:
    tag = f"crash{n}"
    run("note", "ann", f"{tag} note",
        "--fact", f"work:{tag} fact a", "--fact", f"family:{tag} fact b",
        "--fact", f"hobby:{tag} fact c",
        "--follow-up", f"friday:{tag} followup a", "--follow-up", f"next week:{tag} followup b",
        "--follow-up", f"eom:{tag} followup c")
    n += 1
"""


@pytest.mark.parametrize("notes_first", [3, 20])
def test_a_note_with_facts_and_follow_ups_killed_half_way_is_all_or_nothing(
    tmp_path: Path, notes_first: int
) -> None:
    db = tmp_path / "custlog.db"
    assert run_custlog(db, "add", "Ann Lee").returncode == 0
    proc = python_process(NOTE_LOOP, db=db, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert kill_when(proc, lambda: wal_size(db) > 0 and count(db, "notes") >= notes_first)

    assert integrity(db) == "ok"
    notes = count(db, "notes")
    assert notes >= notes_first
    for n in range(notes + 1):
        tag = f"crash{n}"
        parts = (
            count(db, "notes", f"text = '{tag} note'"),
            count(db, "facts", f"text LIKE '{tag} fact _'"),
            count(db, "followups", f"text LIKE '{tag} followup _'"),
        )
        assert parts in ((1, 3, 3), (0, 0, 0)), (tag, parts)
    assert count(db, "facts") == 3 * notes
    assert count(db, "followups") == 3 * notes


def test_a_restore_killed_half_way_leaves_the_old_log_or_the_new(tmp_path: Path) -> None:
    big = tmp_path / "big.db"
    assert run_custlog(big, "import", str(big_import(tmp_path / "big.jsonl"))).returncode == 0
    backup = tmp_path / "big-backup.db"
    assert run_custlog(big, "backup", str(backup)).returncode == 0
    db = tmp_path / "custlog.db"
    assert run_custlog(db, "import", str(EXAMPLES)).returncode == 0
    before = export(db)
    proc = subprocess.Popen(
        custlog_argv("restore", str(backup), "--yes"),
        env=custlog_env(db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    killed = kill_when(proc, lambda: wal_size(db) > 256 * 1024)

    assert integrity(db) == "ok"
    customers = count(db, "customers")
    assert customers in (12, CUSTOMERS)
    if customers == 12:
        assert killed
        assert export(db) == before
    else:
        assert export(db) == export(backup)
