"""Several custlog processes on one log at once: every write lands, no reader sees half of one."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.safety import count, custlog_argv, custlog_env, integrity, python_process, run_custlog

WRITERS = 4
WRITES = 200

# Each writer cycles through the three kinds of write; a note carries a fact and a follow-up
# of the same tag, written in the same transaction.
WRITER = r"""
worker, writes = sys.argv[1], int(sys.argv[2])
failures = 0
for n in range(writes):
    tag = f"w{worker}n{n}"
    if n % 3 == 0:
        args = ["note", "ann", f"{tag} note", "--fact", f"work:{tag} fact",
                "--follow-up", f"friday:{tag} followup"]
    elif n % 3 == 1:
        args = ["fact", "ann", "family", f"{tag} fact"]
    else:
        args = ["remind", "ann", "next week", f"{tag} followup"]
    code, out, err = run(*args)
    if code != 0:
        failures += 1
        print(f"{args} exited {code}: {err.strip()}", file=sys.__stderr__)
sys.exit(1 if failures else 0)
"""

# A reader runs the morning list, the briefing and the timeline until told to stop. Every
# document must parse, and every note in the timeline must come with its fact and follow-up.
READER = r"""
import os
stop = sys.argv[1]
reads = problems = 0
while not os.path.exists(stop) or reads < 3:
    for args in (["due", "--json"], ["brief", "ann", "--json"], ["log", "ann", "--json"]):
        code, out, err = run(*args)
        reads += 1
        try:
            doc = json.loads(out)
        except ValueError:
            problems += 1
            print(f"{args}: not JSON (exit {code}): {out[:200]!r} {err.strip()}",
                  file=sys.__stderr__)
            continue
        if code != 0:
            problems += 1
            print(f"{args} exited {code}: {err.strip()}", file=sys.__stderr__)
        if args[0] == "log":
            texts = {entry["text"] for entry in doc}
            for text in texts:
                if text.endswith(" note"):
                    tag = text[: -len(" note")]
                    if f"{tag} fact" not in texts or f"{tag} followup" not in texts:
                        problems += 1
                        print(f"half a change: {tag}", file=sys.__stderr__)
print(reads)
sys.exit(1 if problems else 0)
"""


@pytest.mark.slow
def test_concurrent_writers_all_succeed_and_readers_see_whole_changes(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    assert run_custlog(db, "add", "Ann Lee").returncode == 0
    stop = tmp_path / "stop"
    reader = python_process(READER, str(stop), db=db, stdout=subprocess.PIPE)
    writers = [
        python_process(WRITER, str(worker), str(WRITES), db=db, stderr=subprocess.PIPE)
        for worker in range(WRITERS)
    ]
    errors = [w.communicate(timeout=120)[1] for w in writers]
    stop.touch()
    reads, _ = reader.communicate(timeout=60)

    assert [w.returncode for w in writers] == [0] * WRITERS, errors
    assert reader.returncode == 0
    assert int(reads) >= 3
    assert integrity(db) == "ok"
    notes = WRITERS * len(range(0, WRITES, 3))
    facts = WRITERS * sum(1 for n in range(WRITES) if n % 3 in (0, 1))
    followups = WRITERS * sum(1 for n in range(WRITES) if n % 3 in (0, 2))
    assert count(db, "notes") == notes
    assert count(db, "facts") == facts
    assert count(db, "followups") == followups
    for worker in range(WRITERS):
        for n in range(WRITES):
            tag = f"w{worker}n{n}"
            expected = {0: (1, 1, 1), 1: (0, 1, 0), 2: (0, 0, 1)}[n % 3]
            found = tuple(
                count(db, table, f"text = '{tag} {kind}'")
                for table, kind in (("notes", "note"), ("facts", "fact"), ("followups", "followup"))
            )
            assert found == expected, tag


@pytest.mark.slow
def test_processes_creating_the_log_at_the_same_moment_all_succeed(tmp_path: Path) -> None:
    db = tmp_path / "new" / "custlog.db"
    db.parent.mkdir()
    procs = [
        subprocess.Popen(
            custlog_argv("add", f"Customer {i}"),
            env=custlog_env(db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, results
    listed = json.loads(run_custlog(db, "list", "--json").stdout)
    assert sorted(c["name"] for c in listed) == [f"Customer {i}" for i in range(4)]
    assert integrity(db) == "ok"


@pytest.mark.slow
def test_entry_point_writers_and_readers_interleave(tmp_path: Path) -> None:
    """The same through the console script itself: a few real `custlog` processes at once."""
    db = tmp_path / "shared.db"
    assert run_custlog(db, "add", "Ann Lee").returncode == 0
    commands = [
        *(["note", "ann", f"entry {i}", "--fact", f"work:entry fact {i}"] for i in range(4)),
        *(["due", "--json"] for _ in range(2)),
        *(["brief", "ann", "--json"] for _ in range(2)),
    ]
    procs = [
        subprocess.Popen(
            custlog_argv(*args),
            env=custlog_env(db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), outputs
    for args, (out, _err) in zip(commands, outputs, strict=True):
        if "--json" in args:
            json.loads(out)
    assert count(db, "notes") == 4
    assert count(db, "facts") == 4


# Loops that run for a bounded time beside each other: one writes notes, one adds a customer
# and forgets them again, one restores a backup over the log. Each prints what failed.
NOTES_FOR = r"""
import time
end, failed, n = time.time() + float(sys.argv[1]), 0, 0
while time.time() < end:
    code, out, err = run("note", "ann", f"note {n}")
    n += 1
    if code:
        failed += 1
        print(f"note {n}: {err.strip()}", file=sys.__stderr__)
print(n, failed)
"""
FORGET_FOR = r"""
import time
end, n = time.time() + float(sys.argv[1]), 0
while time.time() < end:
    name = f"Zed Passing {n}"
    for args in (["add", name], ["note", name, "A secret"], ["forget", name, "--yes"]):
        code, out, err = run(*args)
        # A restore in between may take the customer away: that is not a failure, and it
        # is said in words.
        if code and "no customer named" not in err and "just removed" not in err:
            print(f"{args[0]}: {err.strip()}", file=sys.__stderr__)
    n += 1
print(n)
"""
RESTORE_FOR = r"""
import time
end, n = time.time() + float(sys.argv[1]), 0
while time.time() < end:
    code, out, err = run("restore", sys.argv[2], "--yes")
    n += 1
    if code:
        print(f"restore: {err.strip()}", file=sys.__stderr__)
print(n)
"""


@pytest.mark.slow
def test_notes_never_fail_while_other_processes_forget_and_restore(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    backup = tmp_path / "backup.db"
    assert run_custlog(db, "add", "Ann Lee").returncode == 0
    assert run_custlog(db, "backup", str(backup)).returncode == 0
    seconds = "8"
    loops = [
        python_process(NOTES_FOR, seconds, db=db, stdout=subprocess.PIPE, stderr=subprocess.PIPE),
        python_process(FORGET_FOR, seconds, db=db, stdout=subprocess.PIPE, stderr=subprocess.PIPE),
        python_process(
            RESTORE_FOR, seconds, str(backup), db=db, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ),
    ]
    (notes, note_errors), (forgets, forget_errors), (restores, restore_errors) = (
        p.communicate(timeout=120) for p in loops
    )
    written, failed = (int(x) for x in notes.split())
    assert failed == 0, note_errors
    assert written > 20 and int(forgets) > 2 and int(restores) > 2, (notes, forgets, restores)
    assert forget_errors == "" and restore_errors == ""
    assert integrity(db) == "ok"
