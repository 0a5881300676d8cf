"""The only module that speaks SQL: opening the log, every query, every write.

Everyday commands use the standard library's sqlite3 directly (it imports in ~1 ms); the schema
is created and upgraded by `custlog.migrations` with sqlite-utils, loaded only when needed.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from custlog.errors import StorageError
from custlog.models import Customer, Fact, Followup, Note

SCHEMA_VERSION = 1
APPLICATION_ID = 0x43534C47  # "CSLG": marks a file as a custlog log
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
FTS_TABLES = ("notes_fts", "facts_fts", "followups_fts")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _customer(row: sqlite3.Row) -> Customer:
    return Customer(
        id=row["id"],
        name=row["name"],
        called=row["called"],
        company=row["company"],
        phone=row["phone"],
        email=row["email"],
        tags=tuple(json.loads(row["tags"] or "[]")),
        every=row["every"],
        since=_date(row["since"]),
    )


def _note(row: sqlite3.Row) -> Note:
    return Note(
        id=row["id"],
        customer_id=row["customer_id"],
        at=datetime.fromisoformat(row["at"]),
        via=row["via"],
        text=row["text"],
        work=bool(row["work"]),
    )


def _fact(row: sqlite3.Row) -> Fact:
    return Fact(
        id=row["id"],
        customer_id=row["customer_id"],
        topic=row["topic"],
        text=row["text"],
        learned=date.fromisoformat(row["learned"]),
        when=_date(row["event"]),
        private=bool(row["private"]),
        superseded_by=row["superseded_by"],
    )


def _followup(row: sqlite3.Row) -> Followup:
    return Followup(
        id=row["id"],
        customer_id=row["customer_id"],
        due=date.fromisoformat(row["due"]),
        text=row["text"],
        kind=row["kind"],
        every=row["every"],
        from_done=bool(row["from_done"]),
        estimate=row["estimate"],
        done=_date(row["done"]),
        created=_date(row["created"]),
    )


@dataclass(frozen=True)
class CustomerRow:
    """A customer with the two dates `list` shows beside them."""

    customer: Customer
    last_contact: datetime | None
    next_followup: date | None


@dataclass(frozen=True)
class SearchHit:
    source: str  # "note", "fact" or "followup"
    id: int
    customer_id: int
    customer: str
    text: str
    snippet: str
    at: str  # the record's date, ISO
    rank: float


def _umask_private() -> int:
    return os.umask(0o077)


class Store:
    """An open log. Create it with `Store.open()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool) -> Store:
        """Open the log at `path`.

        `create=False` (reading commands): a missing file gives an empty log in memory and
        nothing is created. Files that are not custlog logs are refused untouched.
        """
        exists = path.exists()
        if exists and path.is_dir():
            raise StorageError(f"{path} is a directory, not a custlog log")
        if not exists and not create:
            return cls._memory()
        if exists:
            _check_header(path)
        else:
            _create_private_file(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open {path}: {exc}") from None
        store = cls(conn, path)
        try:
            store._prepare()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StorageError(_describe_db_error(path, exc)) from None
        except StorageError:
            conn.close()
            raise
        return store

    @classmethod
    def _memory(cls) -> Store:
        store = cls(sqlite3.connect(":memory:", isolation_level=None), None)
        store.conn.row_factory = sqlite3.Row
        store._migrate()
        return store

    def _prepare(self) -> None:
        conn = self.conn
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id, version = conn.execute("PRAGMA application_id").fetchone()[0], 0
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise StorageError(f"{self.path} is a SQLite database but not a custlog log")
        elif version > SCHEMA_VERSION:
            raise StorageError(
                f"{self.path} was written by a newer custlog (schema {version}; this one "
                f"knows {SCHEMA_VERSION}): upgrade custlog to open it"
            )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA synchronous = FULL")
        if app_id != APPLICATION_ID or version < SCHEMA_VERSION:
            self._migrate()

    def _migrate(self) -> None:
        from sqlite_utils import Database

        from custlog.migrations import migrations

        db = Database(self.conn, execute_plugins=False)
        if self.path is not None:
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":  # pragma: no cover - file systems without shared memory
                self.conn.execute("PRAGMA journal_mode = DELETE")
        known = {m.name for m in migrations._migrations}
        unknown = [m.name for m in migrations.applied(db) if m.name not in known]
        if unknown:
            raise StorageError(
                f"{self.path} was written by a newer custlog (unknown migration {unknown[0]}): "
                "upgrade custlog to open it"
            )
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            migrations.apply(db)
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {len(migrations._migrations)}")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()

    # -- transactions ------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything inside is kept, or nothing is."""
        if self.conn.in_transaction:
            yield
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StorageError(_describe_write_error(self.path, exc)) from None
        try:
            yield
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback()
            raise StorageError(_describe_write_error(self.path, exc)) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
        return row

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cur = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values())
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def _update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        if values:
            sets = ", ".join(f"{column} = ?" for column in values)
            self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])

    # -- customers ---------------------------------------------------------------------------

    def add_customer(self, values: dict[str, Any]) -> int:
        return self._insert("customers", _customer_columns(values))

    def update_customer(self, customer_id: int, values: dict[str, Any]) -> None:
        self._update("customers", customer_id, _customer_columns(values))

    def customer(self, customer_id: int) -> Customer | None:
        row = self._one("SELECT * FROM customers WHERE id = ?", (customer_id,))
        return _customer(row) if row else None

    def customers_named(self, name: str) -> list[Customer]:
        """Customers whose full name is exactly `name`, ignoring case."""
        rows = self._all("SELECT * FROM customers WHERE name = ? COLLATE NOCASE", (name,))
        return [_customer(r) for r in rows]

    def name_candidates(self, query: str) -> list[tuple[int, str, str | None]]:
        """Customers whose name, called name or any word of the name starts with `query`."""
        like = _like_prefix(query)
        rows = self._all(
            "SELECT id, name, called FROM customers WHERE name LIKE ? ESCAPE '\\' "
            "OR called LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' ORDER BY id",
            (like, like, "% " + like),
        )
        return [(r["id"], r["name"], r["called"]) for r in rows]

    def all_names(self) -> list[tuple[int, str, str | None]]:
        rows = self._all("SELECT id, name, called FROM customers ORDER BY id")
        return [(r["id"], r["name"], r["called"]) for r in rows]

    def list_customers(self, tag: str | None = None) -> list[CustomerRow]:
        sql = (
            "SELECT c.*, (SELECT min(due) FROM followups f WHERE f.customer_id = c.id "
            "AND f.done IS NULL) AS next_followup FROM customers c"
        )
        params: tuple[Any, ...] = ()
        if tag is not None:
            sql += " WHERE EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)"
            params = (tag,)
        sql += " ORDER BY c.name COLLATE NOCASE, c.id"
        return [
            CustomerRow(
                customer=_customer(r),
                last_contact=datetime.fromisoformat(r["last_contact"])
                if r["last_contact"]
                else None,
                next_followup=_date(r["next_followup"]),
            )
            for r in self._all(sql, params)
        ]

    def last_contact(self, customer_id: int) -> Note | None:
        row = self._one(
            "SELECT * FROM notes WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT 1",
            (customer_id,),
        )
        return _note(row) if row else None

    def cadence_candidates(self) -> list[tuple[Customer, datetime | None]]:
        """Customers who may have a stay-in-touch period: their own, or one of a tag."""
        sql = "SELECT * FROM customers WHERE every IS NOT NULL"
        if self._one("SELECT 1 FROM tag_cadence LIMIT 1"):
            sql += " OR tags != '[]'"
        return [
            (_customer(r), datetime.fromisoformat(r["last_contact"]) if r["last_contact"] else None)
            for r in self._all(sql)
        ]

    def tag_cadences(self) -> dict[str, str]:
        return {r["tag"]: r["every"] for r in self._all("SELECT tag, every FROM tag_cadence")}

    def set_tag_cadence(self, tag: str, every: str | None) -> None:
        if every is None:
            self.conn.execute("DELETE FROM tag_cadence WHERE tag = ?", (tag,))
        else:
            self.conn.execute(
                "INSERT INTO tag_cadence (tag, every) VALUES (?, ?) "
                "ON CONFLICT(tag) DO UPDATE SET every = excluded.every",
                (tag, every),
            )

    def delete_customer(self, customer_id: int) -> None:
        """Erase a customer and everything about them, search index included."""
        self.conn.execute("DELETE FROM customers WHERE id = ?", (customer_id,))
        # External-content FTS keeps old tokens in its segments until they are merged:
        # rebuilding writes the index anew from what is left, and secure_delete zeroes the
        # freed pages.
        for table in FTS_TABLES:
            self.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")

    def scrub(self) -> None:
        """After an erasure: fold the write-ahead log back and drop freed pages."""
        if self.path is None:
            return
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.execute("VACUUM")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- notes -------------------------------------------------------------------------------

    def add_note(
        self, customer_id: int, at: datetime, via: str, text: str, work: bool = False
    ) -> int:
        return self._insert(
            "notes",
            {
                "customer_id": customer_id,
                "at": at.isoformat(timespec="seconds"),
                "via": via,
                "text": text,
                "work": int(work),
            },
        )

    def notes(self, customer_id: int, limit: int | None = None) -> list[Note]:
        sql = "SELECT * FROM notes WHERE customer_id = ? ORDER BY at DESC, id DESC"
        params: tuple[Any, ...] = (customer_id,)
        if limit is not None:
            sql += " LIMIT ?"
            params = (customer_id, limit)
        return [_note(r) for r in self._all(sql, params)]

    def work_notes(self, customer_id: int, since: datetime) -> list[Note]:
        rows = self._all(
            "SELECT * FROM notes WHERE customer_id = ? AND work = 1 AND at >= ? "
            "ORDER BY at DESC, id DESC",
            (customer_id, since.isoformat(timespec="seconds")),
        )
        return [_note(r) for r in rows]

    def notes_since(self, since: datetime) -> list[Note]:
        rows = self._all(
            "SELECT * FROM notes WHERE at >= ? ORDER BY at", (since.isoformat(timespec="seconds"),)
        )
        return [_note(r) for r in rows]

    # -- facts -------------------------------------------------------------------------------

    def add_fact(
        self,
        customer_id: int,
        topic: str,
        text: str,
        learned: date,
        when: date | None = None,
        private: bool = False,
    ) -> int:
        return self._insert(
            "facts",
            {
                "customer_id": customer_id,
                "topic": topic,
                "text": text,
                "learned": learned.isoformat(),
                "event": when.isoformat() if when else None,
                "private": int(private),
            },
        )

    def fact(self, fact_id: int) -> Fact | None:
        row = self._one("SELECT * FROM facts WHERE id = ?", (fact_id,))
        return _fact(row) if row else None

    def supersede_fact(self, old_id: int, new_id: int) -> None:
        self.conn.execute("UPDATE facts SET superseded_by = ? WHERE id = ?", (new_id, old_id))

    def facts(self, customer_id: int, *, current_only: bool = True) -> list[Fact]:
        sql = "SELECT * FROM facts WHERE customer_id = ?"
        if current_only:
            sql += " AND superseded_by IS NULL"
        sql += " ORDER BY topic, learned DESC, id DESC"
        return [_fact(r) for r in self._all(sql, (customer_id,))]

    def yearly_facts(self, topics: Sequence[str], month_days: Iterable[str]) -> list[Fact]:
        """Current facts of `topics` whose text ends in one of `month_days` ("11-28")."""
        days = sorted(set(month_days))
        if not days:
            return []
        topic_marks = ", ".join("?" for _ in topics)
        day_marks = ", ".join("?" for _ in days)
        rows = self._all(
            f"SELECT * FROM facts WHERE topic IN ({topic_marks}) AND superseded_by IS NULL "
            f"AND substr(text, -5) IN ({day_marks}) ORDER BY id",
            [*topics, *days],
        )
        return [_fact(r) for r in rows]

    def dated_facts(self, until: date) -> list[Fact]:
        """Current facts about an event on or before `until` (for "ask how it went")."""
        rows = self._all(
            "SELECT * FROM facts WHERE event IS NOT NULL AND event <= ? "
            "AND superseded_by IS NULL ORDER BY event",
            (until.isoformat(),),
        )
        return [_fact(r) for r in rows]

    # -- follow-ups --------------------------------------------------------------------------

    def add_followup(self, values: dict[str, Any]) -> int:
        return self._insert("followups", _followup_columns(values))

    def update_followup(self, followup_id: int, values: dict[str, Any]) -> None:
        self._update("followups", followup_id, _followup_columns(values))

    def followup(self, followup_id: int) -> Followup | None:
        row = self._one("SELECT * FROM followups WHERE id = ?", (followup_id,))
        return _followup(row) if row else None

    def delete_followup(self, followup_id: int) -> None:
        self.conn.execute("DELETE FROM followups WHERE id = ?", (followup_id,))

    def followups(self, customer_id: int, *, open_only: bool = True) -> list[Followup]:
        sql = "SELECT * FROM followups WHERE customer_id = ?"
        if open_only:
            sql += " AND done IS NULL"
        sql += " ORDER BY due, id"
        return [_followup(r) for r in self._all(sql, (customer_id,))]

    def open_followups_until(self, until: date) -> list[Followup]:
        rows = self._all(
            "SELECT * FROM followups WHERE done IS NULL AND due <= ? ORDER BY due, id",
            (until.isoformat(),),
        )
        return [_followup(r) for r in rows]

    def followups_between(self, start: date, end: date) -> list[Followup]:
        rows = self._all(
            "SELECT * FROM followups WHERE done IS NULL AND due >= ? AND due <= ? ORDER BY due, id",
            (start.isoformat(), end.isoformat()),
        )
        return [_followup(r) for r in rows]

    def all_followups(self, *, open_only: bool) -> list[Followup]:
        sql = "SELECT * FROM followups"
        if open_only:
            sql += " WHERE done IS NULL"
        return [_followup(r) for r in self._all(sql + " ORDER BY due, id")]

    def names_for(self, customer_ids: Iterable[int]) -> dict[int, Customer]:
        ids = sorted(set(customer_ids))
        found: dict[int, Customer] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self._all(f"SELECT * FROM customers WHERE id IN ({marks})", chunk):
                found[row["id"]] = _customer(row)
        return found

    # -- search ------------------------------------------------------------------------------

    def search(self, match: str, limit: int = 200) -> list[SearchHit]:
        sql = """
            SELECT 'note' AS source, n.id, n.customer_id, c.name AS customer, n.text,
                   snippet(notes_fts, 0, char(2), char(3), '…', 12) AS snippet, n.at AS at,
                   bm25(notes_fts) AS rank
              FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid
              JOIN customers c ON c.id = n.customer_id
             WHERE notes_fts MATCH :q
            UNION ALL
            SELECT 'fact', f.id, f.customer_id, c.name, f.topic || ': ' || f.text,
                   snippet(facts_fts, 1, char(2), char(3), '…', 12), f.learned, bm25(facts_fts)
              FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid
              JOIN customers c ON c.id = f.customer_id
             WHERE facts_fts MATCH :q AND f.superseded_by IS NULL
            UNION ALL
            SELECT 'followup', u.id, u.customer_id, c.name, u.text,
                   snippet(followups_fts, 0, char(2), char(3), '…', 12), u.due, bm25(followups_fts)
              FROM followups_fts JOIN followups u ON u.id = followups_fts.rowid
              JOIN customers c ON c.id = u.customer_id
             WHERE followups_fts MATCH :q
            ORDER BY rank, at DESC
            LIMIT :limit
        """
        rows = self._all(sql, {"q": match, "limit": limit})  # type: ignore[arg-type]
        return [
            SearchHit(
                source=r["source"],
                id=r["id"],
                customer_id=r["customer_id"],
                customer=r["customer"],
                text=r["text"],
                snippet=r["snippet"],
                at=r["at"],
                rank=r["rank"],
            )
            for r in rows
        ]

    # -- whole-log access (export, import, stats, doctor) -----------------------------------

    def is_empty(self) -> bool:
        return self._one("SELECT 1 FROM customers LIMIT 1") is None

    def counts(self) -> dict[str, int]:
        return {
            table: self._one(f"SELECT count(*) FROM {table}")[0]  # type: ignore[index]
            for table in ("customers", "notes", "facts", "followups")
        }

    def iter_rows(self, table: str) -> Iterator[sqlite3.Row]:
        order = {
            "customers": "id",
            "notes": "customer_id, at, id",
            "facts": "customer_id, id",
            "followups": "customer_id, due, id",
        }[table]
        yield from self.conn.execute(f"SELECT * FROM {table} ORDER BY {order}")

    def insert_many(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Bulk insert rows that all have the same columns, in the caller's transaction."""
        iterator = iter(rows)
        first = next(iterator, None)
        if first is None:
            return
        columns = list(first)
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        )

        def values() -> Iterator[list[Any]]:
            yield [first[c] for c in columns]
            for row in iterator:
                yield [row[c] for c in columns]

        self.conn.executemany(sql, values())

    def existing_keys(self, table: str, customer_ids: Iterable[int]) -> set[tuple[Any, ...]]:
        """Identity keys of records already stored for these customers (to skip re-imports)."""
        key = {
            "notes": "customer_id, at, text",
            "facts": "customer_id, topic, text",
            "followups": "customer_id, due, text",
        }[table]
        ids = sorted(set(customer_ids))
        keys: set[tuple[Any, ...]] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self._all(
                f"SELECT {key} FROM {table} WHERE customer_id IN ({marks})", chunk
            ):
                keys.add(tuple(row))
        return keys

    def integrity_check(self) -> list[str]:
        return [r[0] for r in self._all("PRAGMA integrity_check")]

    def schema_version(self) -> int:
        return int(self._one("PRAGMA user_version")[0])  # type: ignore[index]


# -- helpers -----------------------------------------------------------------------------------

_CUSTOMER_COLUMNS = ("name", "called", "company", "phone", "email", "tags", "every", "since")
_FOLLOWUP_COLUMNS = (
    "customer_id",
    "due",
    "text",
    "kind",
    "every",
    "from_done",
    "estimate",
    "done",
    "created",
)


def _sql_value(value: Any) -> Any:
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _customer_columns(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in _CUSTOMER_COLUMNS:
            raise KeyError(key)
        out[key] = json.dumps(list(value)) if key == "tags" else _sql_value(value)
    return out


def _followup_columns(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in _FOLLOWUP_COLUMNS:
            raise KeyError(key)
        out[key] = _sql_value(value)
    return out


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _create_private_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
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


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror}") from None
    if head and head != SQLITE_MAGIC:
        raise StorageError(f"{path} is not a custlog log (not an SQLite database)")


def _describe_db_error(path: Path | None, exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "malformed" in text or "not a database" in text:
        return f"{path} is damaged or not a custlog log ({text}); run `custlog doctor`"
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only: cannot upgrade the log"
    return f"cannot open {path}: {text}"


def _describe_write_error(path: Path | None, exc: sqlite3.OperationalError) -> str:
    text = str(exc)
    if "readonly" in text:
        return f"the log {path} is read-only: nothing was written"
    if "full" in text:
        return f"the disk holding {path} is full: nothing was written"
    if "locked" in text or "busy" in text:
        return f"the log {path} is busy in another program: nothing was written, try again"
    return f"cannot write to {path}: {text}; nothing was written"
