"""The log as a file, for `doctor`, `backup` and `restore`: what a file holds, consistent
copies, journal modes. Each function opens its own connection; it shares its rules and
messages with `custlog.storage.database`, which opens the log for everyday use.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from custlog.errors import StorageError
from custlog.storage.database import (
    BUSY_TIMEOUT_MS,
    damage_marker,
    describe_db_error,
    disk_trouble,
    identify,
    read_only_uri,
    scrub,
    unfinished_forget_marker,
    write_marker,
)
from custlog.storage.schema import FTS_TABLES, LOG_TABLES
from custlog.storage.store import Store

# -- whole files: doctor, backup and restore (used by custlog.domain.maintenance) ------------


@dataclass(frozen=True)
class FileFacts:
    """What a database file says about itself, read without writing to it."""

    application_id: int
    schema_version: int
    journal_mode: str
    page_size: int
    tables: int  # how many tables, indexes and triggers the schema holds
    migrations: tuple[str, ...]  # custlog's applied migrations, in the order they ran
    counts: dict[str, int] | None  # None: the log's tables are not (all) there
    integrity: tuple[str, ...]  # ("ok",) when the file is whole; () when not checked


def connect_for_reading(path: Path) -> sqlite3.Connection:
    """A connection that only reads the database at `path` (which must exist); a folder that
    cannot be written is read through an immutable view. Refusals are StorageErrors."""
    try:
        return _probe(sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000))
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_READONLY_DIRECTORY":
            raise StorageError(describe_db_error(path, exc)) from None
    try:
        return _probe(sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None))
    except sqlite3.DatabaseError as exc:
        raise StorageError(describe_db_error(path, exc)) from None


def _probe(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Read the header now, so that a file SQLite cannot use fails here (and is closed)."""
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA application_id").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def inspect_file(path: Path, *, integrity: bool = True) -> FileFacts:
    """Header, migrations, record counts and (unless told not to) the integrity check.

    Another program's database is only identified, never opened for real (closing the last
    connection would checkpoint its write-ahead log) nor checked (FTS5's check writes)."""
    found = identify(path)
    if found.is_foreign:
        return FileFacts(
            found.application_id, found.user_version, "", 0, int(found.has_schema), (), None, ()
        )
    conn = connect_for_reading(path)
    try:
        try:
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            journal = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
            page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise StorageError(describe_db_error(path, exc)) from None
        names: tuple[str, ...] = ()
        counts: dict[str, int] | None = None
        tables: set[str] = set()
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if "_sqlite_migrations" in tables:
                names = tuple(
                    r[0]
                    for r in conn.execute(
                        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'custlog' "
                        "ORDER BY rowid"
                    )
                )
            if set(LOG_TABLES) <= tables:
                counts = {
                    t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                    for t in LOG_TABLES
                }
        except sqlite3.DatabaseError:
            pass  # the integrity check says what is wrong
        checks: tuple[str, ...] = ()
        if integrity:
            try:
                checks = tuple(r[0] for r in conn.execute("PRAGMA integrity_check(20)"))
            except sqlite3.DatabaseError as exc:
                checks = (str(exc),)
            if checks == ("ok",):
                checks = _search_index_checks(conn, tables) or checks
        return FileFacts(app_id, version, journal, page_size, len(tables), names, counts, checks)
    finally:
        conn.close()


def _search_index_checks(conn: sqlite3.Connection, tables: set[str]) -> tuple[str, ...]:
    """FTS5's own check that each search index matches the rows it indexes (SQLite's
    integrity_check does not look inside them). It changes nothing; a file that may not be
    written to is not checked."""
    problems: list[str] = []
    conn.execute("PRAGMA query_only = OFF")
    try:
        for name in FTS_TABLES:
            if name in tables:
                try:
                    conn.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('integrity-check', 1)")
                except sqlite3.DatabaseError as exc:
                    if "readonly" in str(exc) or "read-only" in str(exc):
                        return ()
                    problems.append(f"search index {name}: {exc}")
    finally:
        conn.execute("PRAGMA query_only = ON")
    return tuple(problems)


def record_damage(log: Path, integrity: tuple[str, ...]) -> None:
    """Remember what `custlog doctor` found: a log that fails the integrity check is not
    written to until it passes again (or is restored); see `database.refuse_if_damaged`."""
    marker = damage_marker(log)
    if integrity == ("ok",):
        marker.unlink(missing_ok=True)
    elif integrity:
        write_marker(marker, integrity[0])


def is_foreign(path: Path) -> bool:
    """Another program's database (identified without writing a byte; see `identify`)."""
    return identify(path).is_foreign


def clear_damage(log: Path) -> None:
    damage_marker(log).unlink(missing_ok=True)


def unfinished_erasure(log: Path) -> bool:
    """Whether `forget` left erased bytes in the file for `custlog doctor` to wipe."""
    return unfinished_forget_marker(log).exists()


def finish_erasure(log: Path) -> bool:
    """Fold the write-ahead log back into the custlog log at `log`, as `forget` would have
    (waiting a few seconds for readers of older snapshots). True when it is done."""
    if not identify(log).is_custlog:
        return False
    try:
        conn = sqlite3.connect(log, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            done = scrub(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(describe_db_error(log, exc)) from None
    if done:
        unfinished_forget_marker(log).unlink(missing_ok=True)
    return done


def readable_database(path: Path) -> bool:
    """Whether SQLite can read the file's header and schema (a damaged log may not be)."""
    try:
        conn = connect_for_reading(path)
    except StorageError:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def vacuum_into(store: Store, dest: Path) -> None:
    """A compact, consistent copy of the open log into `dest`, which must be an empty file.

    It reads one snapshot, so writers in other processes may carry on meanwhile."""
    try:
        store.conn.execute("VACUUM INTO ?", (str(dest),))
    except sqlite3.Error as exc:
        raise StorageError(_describe_copy_error(dest, exc)) from None


def copy_database(source: Path, dest: Path) -> None:
    """Copy the database at `source` over the one at `dest` with SQLite's online backup.

    It is one transaction on `dest`: a reader of `dest`, in this process or another, sees all
    of the old content or all of the new, and a crash half-way leaves the old. `dest` may be a
    live log in use by others (they wait for the copy, then see the new content).
    """
    src = connect_for_reading(source)
    try:
        dst = sqlite3.connect(dest, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise StorageError(_describe_copy_error(dest, exc)) from None
    finally:
        src.close()


def set_journal_mode(path: Path, mode: str) -> None:
    """`wal` for a log in use, `delete` for a self-contained copy kept on the side."""
    assert mode in ("wal", "delete")
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA journal_mode = {mode}").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StorageError(_describe_copy_error(path, exc)) from None


def _describe_copy_error(dest: Path, exc: sqlite3.Error) -> str:
    text = str(exc)
    if disk_trouble(exc) or "full" in text:
        return f"cannot write {dest}: {text} (is the disk full?)"
    if "locked" in text or "busy" in text:
        return f"{dest} is busy in another program: try again"
    return f"cannot write {dest}: {text}"
