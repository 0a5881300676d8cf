"""The only module that speaks SQL: opening the log, every query, every write.

Everyday commands use the standard library's sqlite3 directly (it imports in ~1 ms); the schema
is created and upgraded by `custlog.storage.migrations` with sqlite-utils, loaded only when needed.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from custlog.errors import StorageError
from custlog.models import Customer, Fact, Followup, Note

SCHEMA_VERSION = 3
APPLICATION_ID = 0x43534C47  # "CSLG": marks a file as a custlog log
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


class CustomerRow(NamedTuple):
    """A customer with the two dates `list` shows beside them."""

    customer: Customer
    last_contact: datetime | None
    next_followup: date | None


class SearchHit(NamedTuple):
    source: str  # "note", "fact" or "followup"
    id: int
    customer_id: int
    customer: str
    text: str
    snippet: str
    at: str  # the record's date, ISO
    rank: float
    private: bool = False  # a private fact (search finds them, and says so)


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

        `create=False` (reading commands): a missing or empty file gives an empty log in memory
        and nothing is created or written. Files that are not custlog logs are refused untouched.
        """
        try:
            exists = path.exists()
        except OSError as exc:  # a name too long for the file system, …
            raise StorageError(f"cannot use the log at {path}: {exc.strerror}") from None
        if exists and path.is_dir():
            raise StorageError(f"{path} is a directory, not a custlog log")
        if exists and create and not path.is_file():
            raise StorageError(f"{path} is not a regular file: it cannot hold a custlog log")
        if not exists and not create:
            return cls._memory()
        # No peeking at the header with open()/close(): closing any descriptor of the file
        # drops every POSIX lock this process holds on it, and SQLite's locks with them (two
        # opens in one process then corrupt the log). SQLite itself refuses a file that is
        # not a database (SQLITE_NOTADB) without writing to it.
        if not exists:
            _create_private_file(path)
        try:
            return cls._open_file(path, path, create=create)
        except _ReadOnlyFolder:
            if create:
                raise StorageError(
                    f"the log {path} is read-only (its folder cannot be written): "
                    "nothing was written"
                ) from None
        # A log in a folder we may not write to cannot keep its write-ahead files: read it
        # as a file nobody changes, which needs none.
        return cls._open_file(path, read_only_uri(path), create=False)

    @classmethod
    def _open_file(cls, path: Path, target: Path | str, *, create: bool) -> Store:
        uri = isinstance(target, str)
        try:
            conn = sqlite3.connect(
                target, uri=uri, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open {path}: {exc}") from None
        store = cls(conn, path)
        try:
            ready = store._prepare(create=create)
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
            return cls._memory()
        return store

    @classmethod
    def _memory(cls) -> Store:
        store = cls(sqlite3.connect(":memory:", isolation_level=None), None)
        store.conn.row_factory = sqlite3.Row
        store._migrate()
        return store

    def _prepare(self, *, create: bool = True) -> bool:
        """Check what the file holds and bring it up to date; refuse it, untouched, when it is
        not a custlog log or comes from a newer custlog. False: the file holds no log yet and
        `create` is off, so nothing may be written to it."""
        conn = self.conn
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        applied = SCHEMA_VERSION
        if app_id != APPLICATION_ID:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise StorageError(f"{self.path} is a SQLite database but not a custlog log")
            if not create:
                return False
        elif version > SCHEMA_VERSION:
            raise StorageError(
                f"{self.path} was written by a newer custlog (schema {version}; this one "
                f"knows {SCHEMA_VERSION}): upgrade custlog to open it"
            )
        else:
            applied = self._applied_migrations()
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA synchronous = FULL")
        if app_id != APPLICATION_ID or version < SCHEMA_VERSION or applied != SCHEMA_VERSION:
            # _migrate names an unknown (newer) migration and refuses before writing anything.
            self._migrate()
        return True

    def _applied_migrations(self) -> int:
        """How many of custlog's migrations the file records (cheap: no sqlite-utils)."""
        try:
            row = self._one(
                "SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'custlog'"
            )
        except sqlite3.OperationalError:
            raise StorageError(
                f"{self.path} is damaged (it has no record of its schema); run `custlog doctor`"
            ) from None
        assert row is not None
        return int(row[0])

    def _migrate(self) -> None:
        from sqlite_utils import Database

        from custlog.storage.migrations import migrations

        db = Database(self.conn, execute_plugins=False)
        applied = migrations.applied(db)
        known = {m.name for m in migrations._migrations}
        unknown = [m.name for m in applied if m.name not in known]
        if unknown:  # checked before anything is written: the file is left as it was
            raise StorageError(
                f"{self.path} was written by a newer custlog (unknown migration {unknown[0]}): "
                "upgrade custlog to open it"
            )
        if self.path is not None:
            if not applied:  # the file becomes a log now: it holds personal data
                _make_private(self.path)
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":  # pragma: no cover - file systems without shared memory
                self.conn.execute("PRAGMA journal_mode = DELETE")
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

    def cadence_candidates(self, on: date | None = None) -> list[tuple[Customer, datetime | None]]:
        """Customers who have a stay-in-touch period: their own, or one of a tag.

        With `on`, only those whose period has run out by that day (the comparison runs in
        SQL, so `due` reads the few customers it shows, not every customer with a period).
        """
        has_tags = self._one("SELECT 1 FROM tag_cadence LIMIT 1") is not None
        every = "c.every"
        where = "c.every IS NOT NULL"
        if has_tags:
            every = (
                "coalesce(c.every, (SELECT t.every FROM json_each(c.tags) j "
                f"JOIN tag_cadence t ON t.tag = j.value ORDER BY {_period_days('t.every')} "
                "LIMIT 1))"
            )
            where += " OR c.tags != '[]'"
        sql = f"SELECT * FROM (SELECT c.*, {every} AS period FROM customers c WHERE {where})"
        params: tuple[Any, ...] = ()
        if on is not None:
            sql += (
                " WHERE period IS NOT NULL AND julianday(?) - julianday(substr("
                f"coalesce(last_contact, since), 1, 10)) > {_period_days('period')}"
            )
            params = (on.isoformat(),)
        return [
            (_customer(r), datetime.fromisoformat(r["last_contact"]) if r["last_contact"] else None)
            for r in self._all(sql, params)
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

    def dated_facts(self, until: date, since: date | None = None) -> list[Fact]:
        """Current facts about an event between `since` and `until` (for "ask how it went")."""
        low = since.isoformat() if since else ""
        rows = self._all(
            "SELECT * FROM facts WHERE event IS NOT NULL AND event BETWEEN ? AND ? "
            "AND superseded_by IS NULL ORDER BY event",
            (low, until.isoformat()),
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

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Inside a transaction: insert many rows without firing the per-row triggers.

        The search-index and last-contact triggers cost more than the inserts themselves on a
        large import; they are set aside, the new rows are indexed in one statement each, the
        touched customers' last contact is computed once, and the triggers come back, all in
        the caller's transaction (a rollback restores everything).
        """
        assert self.conn.in_transaction, "bulk_load runs inside store.transaction()"
        deferred = ("notes_ai", "facts_ai", "followups_ai", "notes_last_contact_insert")
        marks = ", ".join("?" for _ in deferred)
        triggers = self._all(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
            deferred,
        )
        before = {
            table: int(self._one(f"SELECT coalesce(max(id), 0) FROM {table}")[0])  # type: ignore[index]
            for table in ("notes", "facts", "followups")
        }
        for row in triggers:
            self.conn.execute(f"DROP TRIGGER {row['name']}")
        yield
        self.conn.execute(
            "INSERT INTO notes_fts (rowid, text) SELECT id, text FROM notes WHERE id > ?",
            (before["notes"],),
        )
        self.conn.execute(
            "INSERT INTO facts_fts (rowid, topic, text) SELECT id, topic, text FROM facts "
            "WHERE id > ?",
            (before["facts"],),
        )
        self.conn.execute(
            "INSERT INTO followups_fts (rowid, text) SELECT id, text FROM followups WHERE id > ?",
            (before["followups"],),
        )
        self.conn.execute(
            "UPDATE customers SET last_contact = "
            "(SELECT max(at) FROM notes WHERE customer_id = customers.id) "
            "WHERE id IN (SELECT DISTINCT customer_id FROM notes WHERE id > ?)",
            (before["notes"],),
        )
        for row in triggers:
            self.conn.execute(row["sql"])

    def add_customer_row(self, values: dict[str, Any]) -> int:
        """A customer line from an import: columns as stored (tags already JSON)."""
        return self._insert("customers", values)

    def add_fact_row(self, values: dict[str, Any]) -> int:
        return self._insert("facts", values)

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

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

    # -- relationship intelligence (plan, stats, private search hits) ------------------------

    def private_fact_ids(self, fact_ids: Iterable[int]) -> set[int]:
        """Which of these facts are private."""
        ids = sorted(set(fact_ids))
        found: set[int] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self._all(f"SELECT id FROM facts WHERE private = 1 AND id IN ({marks})", chunk)
            found.update(r["id"] for r in rows)
        return found

    def note_counts_by_day(self, start: date, end: date) -> dict[date, int]:
        """How many notes are dated on each day from `start` to `end` (both included)."""
        rows = self._all(
            "SELECT substr(at, 1, 10) AS day, count(*) AS n FROM notes "
            "WHERE at >= ? AND at < ? GROUP BY day",
            (start.isoformat(), date.fromordinal(end.toordinal() + 1).isoformat()),
        )
        return {date.fromisoformat(r["day"]): r["n"] for r in rows}

    def promise_outcomes(self, on: date) -> tuple[int, int, int, int]:
        """Promises kept on time, kept late, open, and open past their due date (the same
        rules as `briefing.track_record`, counted in SQL for the whole book)."""
        row = self._one(
            "SELECT coalesce(sum(done IS NOT NULL AND done <= due), 0), "
            "coalesce(sum(done IS NOT NULL AND done > due), 0), "
            "coalesce(sum(done IS NULL), 0), coalesce(sum(done IS NULL AND due < ?), 0) "
            "FROM followups WHERE kind = 'promise'",
            (on.isoformat(),),
        )
        assert row is not None
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])

    def customer_count(self) -> int:
        return int(self._one("SELECT count(*) FROM customers")[0])  # type: ignore[index]

    def followups_of_kind(self, kinds: Sequence[str], *, open_only: bool) -> list[Followup]:
        """Every follow-up of these kinds, by due date (open ones only if asked)."""
        marks = ", ".join("?" for _ in kinds)
        sql = f"SELECT * FROM followups WHERE kind IN ({marks})"
        if open_only:
            sql += " AND done IS NULL"
        return [_followup(r) for r in self._all(sql + " ORDER BY due, id", list(kinds))]

    # -- contacts import, calendar and spreadsheet export, shell completion ----------------

    def all_customers(self) -> list[Customer]:
        """Every customer, by id (the contacts import matches against them)."""
        return [_customer(r) for r in self._all("SELECT * FROM customers ORDER BY id")]

    def current_facts_of(self, topics: Sequence[str]) -> list[Fact]:
        """Every current (not superseded) fact of these topics, by customer and id."""
        if not topics:
            return []
        marks = ", ".join("?" for _ in topics)
        rows = self._all(
            f"SELECT * FROM facts WHERE topic IN ({marks}) AND superseded_by IS NULL "
            "ORDER BY customer_id, id",
            list(topics),
        )
        return [_fact(r) for r in rows]

    def table_for_export(self, table: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """A table as a spreadsheet sees it: readable columns, the customer's name beside
        each `customer_id`, tags as "fleet, vip", flags as yes/no. Returns the column
        names and the rows, in the JSON Lines export's order."""
        yes_no = "CASE {0} WHEN 1 THEN 'yes' ELSE 'no' END AS {0}"
        sql = {
            "customers": (
                "SELECT id, name, called, company, phone, email, "
                "(SELECT group_concat(value, ', ') FROM json_each(c.tags)) AS tags, "
                "every, since, last_contact FROM customers c ORDER BY id"
            ),
            "notes": (
                "SELECT n.id, n.customer_id, c.name AS customer, n.at, n.via, n.text, "
                f"{yes_no.format('work')} FROM notes n JOIN customers c ON c.id = n.customer_id "
                "ORDER BY n.customer_id, n.at, n.id"
            ),
            "facts": (
                "SELECT f.id, f.customer_id, c.name AS customer, f.topic, f.text, f.learned, "
                f'f.event AS "when", {yes_no.format("private")}, f.superseded_by '
                "FROM facts f JOIN customers c ON c.id = f.customer_id "
                "ORDER BY f.customer_id, f.id"
            ),
            "followups": (
                "SELECT u.id, u.customer_id, c.name AS customer, u.due, u.kind, u.text, "
                f"u.every, {yes_no.format('from_done')}, u.estimate, u.done, u.created "
                "FROM followups u JOIN customers c ON c.id = u.customer_id "
                "ORDER BY u.customer_id, u.due, u.id"
            ),
        }[table]
        cursor = self.conn.execute(sql)
        columns = [d[0] for d in cursor.description]
        return columns, (tuple(row) for row in cursor)

    @classmethod
    def open_read_only(cls, path: Path) -> Store | None:
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
        return cls(conn, path)

    def open_followup_labels(self) -> list[tuple[int, str, str, str]]:
        """(id, customer name, text, due) of every open follow-up, by id."""
        rows = self._all(
            "SELECT u.id, c.name, u.text, u.due FROM followups u "
            "JOIN customers c ON c.id = u.customer_id WHERE u.done IS NULL ORDER BY u.id"
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]


# -- helpers -----------------------------------------------------------------------------------

_CUSTOMER_COLUMNS = ("name", "called", "company", "phone", "email", "tags", "every", "since")
FOLLOWUP_COLUMNS = (
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
        if key not in FOLLOWUP_COLUMNS:
            raise KeyError(key)
        out[key] = _sql_value(value)
    return out


def _period_days(column: str) -> str:
    """SQL for a canonical period's length in days ("30d", "2w", "3m", "1y"), as custlog
    compares stay-in-touch periods: a month is 30 days and a year 365."""
    return (
        f"(CAST(substr({column}, 1, length({column}) - 1) AS INTEGER) * "
        f"CASE substr({column}, -1) WHEN 'd' THEN 1 WHEN 'w' THEN 7 WHEN 'm' THEN 30 "
        "WHEN 'y' THEN 365 END)"
    )


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _create_private_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (FileExistsError, NotADirectoryError):
        raise StorageError(
            f"cannot create the log at {path}: a file stands where a folder should be"
        ) from None
    except OSError as exc:
        raise StorageError(f"cannot create the log at {path}: {exc.strerror}") from None
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


def _describe_write_error(path: Path | None, exc: sqlite3.OperationalError) -> str:
    text = str(exc)
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


# -- robustness: files custlog may not write, disks that fail ----------------------------------


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
