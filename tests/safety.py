"""Helpers for the safety tests: run custlog in real processes, fingerprint files, and read a
log the way SQLite itself would."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TODAY = "2026-11-24"
ROOT = Path(__file__).resolve().parent.parent

# A loop that runs custlog commands one after another in ONE process, each through the same
# entry point as the console script (`custlog.cli.main`): each opens and closes the log like a
# separate invocation, without paying ~90 ms of interpreter start-up for every write.
COMMAND_LOOP = r"""
import io, json, sys
from contextlib import redirect_stderr, redirect_stdout
from custlog import cli

COMMANDS = list(cli.app.registered_commands)


def run(*args):
    cli.app.registered_commands = list(COMMANDS)
    sys.argv = ["custlog", *args]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            cli.main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code, out.getvalue(), err.getvalue()
"""


def custlog_env(db: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(CUSTLOG_DB=str(db), CUSTLOG_TODAY=TODAY, NO_COLOR="1", COLUMNS="100")
    env.pop("CUSTLOG_DEBUG", None)
    env.update(extra)
    return env


def custlog_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "custlog", *args]


def run_custlog(
    db: Path,
    *args: str,
    input: str | None = None,
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 60,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """`custlog ARGS` in its own process, as a user would run it."""
    return subprocess.run(
        custlog_argv(*args),
        env=custlog_env(db, **env),
        input=input if input is not None else "",
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        preexec_fn=preexec_fn,
    )


def python_process(code: str, *args: str, db: Path, **popen: object) -> subprocess.Popen[str]:
    """A Python process running `code` (after COMMAND_LOOP) against the log at `db`."""
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", COMMAND_LOOP + code, *args],
        env=custlog_env(db),
        cwd=ROOT,
        text=True,
        **popen,
    )


@dataclass(frozen=True)
class Fingerprint:
    """A file's bytes, modification time and permissions: equal means untouched."""

    data: bytes
    mtime_ns: int
    mode: int

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        info = path.stat()
        return cls(path.read_bytes(), info.st_mtime_ns, stat.S_IMODE(info.st_mode))


def integrity(path: Path) -> str:
    """SQLite's own verdict on the file (recovering a crashed write-ahead log first), and the
    full-text indexes checked against the rows they index."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        verdict = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
        if verdict != "ok":
            return verdict
        names = conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")
        for (name,) in names.fetchall():
            try:
                conn.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                return f"{name}: {exc}"
        return verdict
    finally:
        conn.close()


def count(path: Path, table: str, where: str = "1") -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0])
    finally:
        conn.close()


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def one_error_line(stderr: str) -> str:
    """The one line custlog writes for an error; fails the test if there is anything else."""
    lines = stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    assert lines[0].startswith("custlog: error: "), lines[0]
    assert "Traceback" not in stderr
    return lines[0]
