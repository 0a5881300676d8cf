"""The open log: one object that holds the connection and each kind of record's queries.

`Store.open` opens (and creates, and upgrades) the log through `custlog.storage.database`;
`store.customers`, `store.notes`, `store.facts`, `store.followups`, `store.cadence`,
`store.search`, `store.bulk`, `store.tables`, `store.offers`, `store.settings` and
`store.history` (what `undo` takes back) hold the queries, one module each.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from custlog.storage import database
from custlog.storage.bulk import Bulk
from custlog.storage.cadence import StayInTouch
from custlog.storage.customers import Customers
from custlog.storage.facts import Facts
from custlog.storage.followups import Followups
from custlog.storage.history import History
from custlog.storage.notes import Notes
from custlog.storage.offers import Offers
from custlog.storage.search import Search
from custlog.storage.settings import Settings
from custlog.storage.tables import Tables


class Store:
    """An open log. Create it with `Store.open()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path  # None: an empty log in memory (nothing was there to read)
        self.customers = Customers(conn)
        self.notes = Notes(conn)
        self.facts = Facts(conn)
        self.followups = Followups(conn)
        self.cadence = StayInTouch(conn)
        self.search = Search(conn)
        self.bulk = Bulk(conn)
        self.tables = Tables(conn)
        self.offers = Offers(conn)
        self.settings = Settings(conn)
        self.history = History(conn)

    @classmethod
    def open(cls, path: Path, *, create: bool) -> Store:
        """Open the log at `path` (see `database.open_log`)."""
        conn, opened = database.open_log(path, create=create)
        return cls(conn, opened)

    @classmethod
    def open_read_only(cls, path: Path) -> Store | None:
        """The log at `path`, read-only, or None (see `database.open_log_read_only`)."""
        conn = database.open_log_read_only(path)
        return cls(conn, path) if conn is not None else None

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self, *, step: str | None) -> Iterator[None]:
        """One write transaction: everything inside is kept, or nothing is.

        `step` says, in the command's own words, what `custlog undo` would take back
        ("note for Ann Lee (Tue 1 Dec)"); how to take it back is recorded in the same
        transaction. None: the write cannot be undone (forget, undo itself). Inside another
        transaction, this one is part of the outer one's step."""
        outermost = not self.conn.in_transaction
        with database.transaction(self.conn, self.path):
            if step is None or not outermost:
                yield
                return
            from custlog.storage.paths import now_time, today

            self.history.start(step, datetime.combine(today(), now_time()))
            yield
            self.history.finish()

    @contextmanager
    def rehearsal(self) -> Iterator[None]:
        """A transaction that is always rolled back: a dry run sees its own writes while it
        runs, and none of them stays."""
        with database.rehearsal(self.conn, self.path):
            yield

    def scrub(self, *, waiting: Callable[[], None] | None = None) -> bool:
        """After an erasure: wipe the erased bytes from the file and its -wal (see
        `database.scrub`). False: a reader of an older snapshot kept them there, and a marker
        beside the log says so until `custlog doctor` finishes the job."""
        if self.path is None:
            return True
        marker = database.unfinished_forget_marker(self.path)
        database.write_marker(marker, "a forgotten customer's words may remain in the file")
        if not database.scrub(self.conn, waiting=waiting):
            return False
        marker.unlink(missing_ok=True)
        return True
