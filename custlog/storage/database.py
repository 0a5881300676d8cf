"""The one place the log is opened: files, permissions, pragmas, migrations, transactions.

Everyday commands use the standard library's sqlite3 directly (it imports in ~1 ms); the schema
is created and upgraded by `custlog.storage.migrations` with sqlite-utils, loaded only when needed.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from custlog.errors import StorageError
from custlog.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000
SCHEMA_PROBE = "SELECT 1 FROM sqlite_master LIMIT 0"
FORGET_PATIENCE_S = 5.0  # how long forget waits for a reader of an older snapshot


def open_log(path: Path, *, create: bool) -> tuple[sqlite3.Connection, Path | None]:
    """Open the log at `path`: the connection, and the path (None: an empty log in memory).

    `create=False` (reading commands): a missing or empty file gives an empty log in memory
    and nothing is created or written. Files that are not custlog logs are refused untouched.
    """
    try:
        exists = path.exists()
    except OSError as exc:  # a name too long for the file system, …
        raise StorageError(f"cannot use the log at {path}: {exc.strerror}") from None
    if exists and path.is_dir():
        raise StorageError(f"{path} is a directory, not a custlog log")
    if exists and not path.is_file():
        from custlog.storage.paths import not_a_regular_file

        raise StorageError(not_a_regular_file(path))
    if not exists and not create:
        return memory_log(), None
    # No peeking at the header with open()/close(): closing any descriptor of the file
    # drops every POSIX lock this process holds on it, and SQLite's locks with them (two
    # opens in one process then corrupt the log). SQLite itself refuses a file that is
    # not a database (SQLITE_NOTADB) without writing to it.
    if exists:
        # Identified read-only before it is opened for real: another program's database is
        # refused with not a byte of it, its -wal or its -shm changed.
        if identify(path).is_foreign:
            raise StorageError(f"{path} is a SQLite database but not a custlog log")
    else:
        _create_private_file(path)
    try:
        return _open_file(path, path, create=create)
    except _ReadOnlyFolder:
        if create:
            raise StorageError(
                f"the log {path} is read-only (its folder cannot be written): nothing was written"
            ) from None
    # A log in a folder we may not write to cannot keep its write-ahead files: read it
    # as a file nobody changes, which needs none.
    return _open_file(path, read_only_uri(path), create=False)


def open_log_read_only(path: Path) -> sqlite3.Connection | None:
    """The log at `path` opened read-only, or None when there is no custlog log there.

    For shell completion, which runs on every TAB: it never creates, upgrades or writes
    the file (nor its -wal and -shm files) and never loads sqlite-utils."""
    try:
        if not path.is_file():
            return None
        uri = read_only_uri(path)
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0.5)
    except (OSError, ValueError, sqlite3.Error):
        return None
    conn.row_factory = sqlite3.Row
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.Error:
        app_id = None
    if app_id != APPLICATION_ID:
        conn.close()
        return None
    return conn


def memory_log() -> sqlite3.Connection:
    """An empty log in memory (what reading commands see before the first write)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    _migrate(conn, None)
    return conn


def _open_file(
    path: Path, target: Path | str, *, create: bool
) -> tuple[sqlite3.Connection, Path | None]:
    uri = isinstance(target, str)
    try:
        conn = sqlite3.connect(
            target, uri=uri, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open {path}: {exc}") from None
    try:
        ready = _prepare(conn, path, create=create)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if not uri and getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_DIRECTORY":
            raise _ReadOnlyFolder from None
        raise StorageError(describe_db_error(path, exc)) from None
    except BaseException:
        conn.close()
        raise
    if not ready:
        conn.close()
        return memory_log(), None
    return conn, path


def _prepare(conn: sqlite3.Connection, path: Path, *, create: bool = True) -> bool:
    """Check what the file holds and bring it up to date; refuse it, untouched, when it is
    not a custlog log or comes from a newer custlog. False: the file holds no log yet and
    `create` is off, so nothing may be written to it."""
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    applied = SCHEMA_VERSION
    if app_id != APPLICATION_ID:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise StorageError(f"{path} is a SQLite database but not a custlog log")
        if not create:
            return False
    elif version > SCHEMA_VERSION:
        raise StorageError(
            f"{path} was written by a newer custlog (schema {version}; this one "
            f"knows {SCHEMA_VERSION}): upgrade custlog to open it"
        )
    else:
        applied = _applied_migrations(conn, path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA synchronous = FULL")
    if app_id != APPLICATION_ID or version < SCHEMA_VERSION or applied != SCHEMA_VERSION:
        # _migrate names an unknown (newer) migration and refuses before writing anything.
        _migrate(conn, path)
    return True


def _applied_migrations(conn: sqlite3.Connection, path: Path) -> int:
    """How many of custlog's migrations the file records (cheap: no sqlite-utils)."""
    try:
        row = conn.execute(
            "SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'custlog'"
        ).fetchone()
    except sqlite3.OperationalError:
        raise StorageError(
            f"{path} is damaged (it has no record of its schema); run `custlog doctor`"
        ) from None
    return int(row[0])


def _migrate(conn: sqlite3.Connection, path: Path | None) -> None:
    from sqlite_utils import Database

    from custlog.storage.migrations import migrations

    names = tuple(m.name for m in migrations._migrations)
    if names != MIGRATIONS:  # pragma: no cover - a programming error, caught by the tests
        raise RuntimeError(f"custlog.storage.schema.MIGRATIONS {MIGRATIONS} != {names}")
    db = Database(conn, execute_plugins=False)
    applied = migrations.applied(db)
    unknown = [m.name for m in applied if m.name not in MIGRATIONS]
    if unknown:  # checked before anything is written: the file is left as it was
        raise StorageError(
            f"{path} was written by a newer custlog (unknown migration {unknown[0]}): "
            "upgrade custlog to open it"
        )
    if path is not None:
        if not applied:  # the file becomes a log now: it holds personal data
            _make_private(path)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":  # pragma: no cover - file systems without shared memory
            conn.execute("PRAGMA journal_mode = DELETE")
    # Foreign keys are off while the schema changes (a table rebuilt in place must not take
    # its referring rows with it); they are checked once before the commit instead.
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)
        broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise StorageError(
                f"{path} is damaged (a {broken[0]} row points at a missing {broken[2]} row): "
                "nothing was changed; run `custlog doctor`"
            )
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path | None) -> Iterator[None]:
    """One write transaction: everything inside is kept, or nothing is."""
    if conn.in_transaction:
        yield
        return
    if path is not None:
        refuse_if_damaged(path)  # what `custlog doctor` found stops every write
    try:
        conn.execute("BEGIN IMMEDIATE")
        # Another process may have changed the schema since this connection read it (restore,
        # forget's VACUUM, an upgrade, import). With SQLite 3.40 a write statement that is the
        # first to notice can fail with "no such table"; reading the schema here, under the
        # write lock, brings it up to date first (tests/test_safety_concurrency.py).
        conn.execute(SCHEMA_PROBE).fetchall()
    except sqlite3.OperationalError as exc:
        _rollback(conn)
        raise StorageError(_describe_write_error(path, exc)) from None
    try:
        yield
        conn.execute("COMMIT")
    except (sqlite3.OperationalError, sqlite3.IntegrityError) as exc:
        _rollback(conn)
        raise StorageError(_describe_write_error(path, exc)) from None
    except BaseException:
        _rollback(conn)
        raise


@contextmanager
def rehearsal(conn: sqlite3.Connection, path: Path | None) -> Iterator[None]:
    """A transaction that is always rolled back (a dry run)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StorageError(_describe_write_error(path, exc)) from None
    try:
        yield
    finally:
        _rollback(conn)


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def scrub(
    conn: sqlite3.Connection,
    *,
    patience: float = FORGET_PATIENCE_S,
    waiting: Callable[[], None] | None = None,
) -> bool:
    """After an erasure: fold the write-ahead log back into the file and empty it
    (secure_delete has zeroed the erased bytes in the pages that replace the old ones).

    A reader holding an older snapshot (Datasette, Litestream, a long export) keeps the old
    pages in use: wait up to `patience` seconds for it, calling `waiting` once if it has to.
    True when no copy of an erased byte is left in the file or its -wal."""
    deadline = time.monotonic() + patience
    told = False
    conn.execute("PRAGMA busy_timeout = 100")
    try:
        while True:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if not busy:
                return True
            if time.monotonic() >= deadline:
                return False
            if waiting is not None and not told:
                waiting()
                told = True
            time.sleep(0.05)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


# -- what a file is, read without writing a byte ----------------------------------------------


class Identity(NamedTuple):
    """What a database file says it is, read through an immutable view (no lock, no -wal or
    -shm opened, created or changed) and, when the file itself is still empty, from the last
    committed first page in its write-ahead log."""

    application_id: int
    user_version: int
    has_schema: bool  # any table, index or trigger

    @property
    def is_custlog(self) -> bool:
        return self.application_id == APPLICATION_ID

    @property
    def is_foreign(self) -> bool:
        """Another program's database: it must not be opened for writing, nor checkpointed."""
        return not self.is_custlog and (self.has_schema or self.application_id != 0)


def identify(path: Path) -> Identity:
    """Identify the file at `path` without changing it, its -wal or its -shm (opening it for
    real would: closing the last connection checkpoints another program's write-ahead log)."""
    for _ in range(3):
        try:
            return _identify(path)
        except StorageError:
            # Read without a lock, a file that another process is checkpointing into can
            # look torn for a moment; a file that stays unreadable is refused.
            time.sleep(0.05)
    return _identify(path)


def _identify(path: Path) -> Identity:
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?immutable=1", uri=True)
    except (sqlite3.Error, OSError) as exc:
        raise StorageError(f"cannot open {path}: {exc}") from None
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        # The header alone names a custlog log. Without a lock, only the header is read: its
        # fields stay the same while another custlog process checkpoints into the file, the
        # pages of the schema need not.
        schema = (
            app_id != APPLICATION_ID
            and conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None
        )
    except sqlite3.DatabaseError as exc:
        raise StorageError(describe_db_error(path, exc)) from None
    finally:
        conn.close()
    found = Identity(app_id, version, schema)
    if app_id == 0 and not schema:
        # A file whose content is all in its write-ahead log says nothing yet (a log another
        # custlog process just created, or another program's new database).
        page = _last_committed_first_page(path.with_name(path.name + "-wal"))
        if page is not None:
            found = Identity(
                int.from_bytes(page[68:72], "big", signed=True),
                int.from_bytes(page[60:64], "big", signed=True),
                page[100] != 0x0D or int.from_bytes(page[103:105], "big") > 0,
            )
    return found


_WAL_MAGIC = (0x377F0682, 0x377F0683)


def _last_committed_first_page(wal: Path) -> bytes | None:
    """Page 1 as of the last committed transaction in the write-ahead log `wal`, or None.

    The format is SQLite's (https://www.sqlite.org/fileformat.html#the_write_ahead_log): a
    32-byte header, then frames of a 24-byte header and one page; a frame whose salts differ
    from the header's is left over from an earlier cycle and ends the log."""
    try:
        with open(wal, "rb") as handle:
            header = handle.read(32)
            if len(header) < 32 or int.from_bytes(header[:4], "big") not in _WAL_MAGIC:
                return None
            page_size = int.from_bytes(header[8:12], "big") or 65536
            salts = header[16:24]
            pending: bytes | None = None
            committed: bytes | None = None
            while True:
                frame = handle.read(24)
                if len(frame) < 24 or frame[8:16] != salts:
                    return committed
                page_number = int.from_bytes(frame[:4], "big")
                if page_number == 1:
                    pending = handle.read(page_size)
                    if len(pending) < page_size:
                        return committed
                else:
                    handle.seek(page_size, os.SEEK_CUR)
                if int.from_bytes(frame[4:8], "big") and pending is not None:
                    committed = pending  # a commit frame: page 1 as of this transaction
    except OSError:
        return None


# -- markers beside the log: what `custlog doctor` found, what `forget` could not finish -----


def damage_marker(log: Path) -> Path:
    """Written by `custlog doctor` when the log fails SQLite's integrity check; while it is
    there, the log is not written to (removed by a healthy doctor, or by restore)."""
    return log.with_name(log.name + ".damaged")


def refuse_if_damaged(path: Path) -> None:
    marker = damage_marker(path)
    if not marker.exists():
        return
    try:
        finding = marker.read_text(encoding="utf-8", errors="replace").strip()[:200]
    except OSError:
        finding = ""
    raise StorageError(
        f"{path} is damaged ({finding or 'see `custlog doctor`'}): custlog does not write to it; "
        "`custlog export` still reads what is left, `custlog restore BACKUP` puts a good copy back"
    )


def unfinished_forget_marker(log: Path) -> Path:
    """Written by `forget` when a reader's older snapshot kept erased bytes in the file;
    `custlog doctor` finishes the job and removes it."""
    return log.with_name(log.name + ".forget-unfinished")


def write_marker(marker: Path, text: str) -> None:
    try:
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    except OSError as exc:
        raise StorageError(f"cannot write {marker}: {exc.strerror}") from None


# -- files custlog may not write, disks that fail ----------------------------------------------


class _ReadOnlyFolder(Exception):
    """SQLite cannot create the write-ahead files beside the log: its folder is read-only."""


def read_only_uri(path: Path) -> str:
    """A URI that reads `path` without writing anything beside it.

    `immutable` needs no -shm file; it is only right when no -wal holds newer pages, which
    nothing can have written into a folder nobody may write to. A -wal that is there is read
    through `mode=ro` instead.
    """
    wal = path.with_name(path.name + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    return path.resolve().as_uri() + ("?mode=ro" if has_wal else "?immutable=1")


def _umask_private() -> int:
    return os.umask(0o077)


def _create_private_file(path: Path) -> None:
    from custlog.storage.paths import prepare_folder

    prepare_folder(path)
    try:
        old = _umask_private()
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        finally:
            os.umask(old)
        os.close(fd)
    except FileExistsError:
        return
    except OSError as exc:
        raise StorageError(f"cannot create the log at {path}: {exc.strerror}") from None


def _make_private(path: Path) -> None:
    """0600 for a file that is about to hold personal data (SQLite gives its -wal and -shm
    files the same mode)."""
    try:
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:  # not ours to change: `custlog doctor` warns about it
        pass


def disk_trouble(exc: sqlite3.Error) -> bool:
    """A full disk shows up as SQLITE_FULL, or as an I/O error when a file may not grow."""
    name = getattr(exc, "sqlite_errorname", "")
    return name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR")


def describe_db_error(path: Path | None, exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
        return f"{path} is not a custlog log (not an SQLite database)"
    if "malformed" in text or "not a database" in text:
        return f"{path} is damaged or not a custlog log ({text}); run `custlog doctor`"
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only: cannot upgrade the log"
    if disk_trouble(exc):
        return f"cannot use {path}: {text} (is the disk full?); nothing was written"
    return f"cannot open {path}: {text}"


def _describe_write_error(path: Path | None, exc: sqlite3.Error) -> str:
    text = str(exc)
    if "FOREIGN KEY" in text:  # looked up a moment ago, removed since by another program
        return (
            f"a record this change refers to was just removed from {path} by another program "
            "(forget or restore): nothing was written"
        )
    if "readonly" in text:
        return f"the log {path} is read-only: nothing was written"
    if "full" in text:
        return f"the disk holding {path} is full: nothing was written"
    if disk_trouble(exc):
        return (
            f"the disk holding {path} cannot be written ({text}; is it full?): nothing was written"
        )
    if "locked" in text or "busy" in text:
        return f"the log {path} is busy in another program: nothing was written, try again"
    return f"cannot write to {path}: {text}; nothing was written"
