"""The streaming import's bulk load: many rows at once, indexed once at the end."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from custlog.models import NewCustomer, NewFact
from custlog.storage.history import inserts_as_ranges
from custlog.storage.records import (
    CUSTOMER_COLUMNS,
    FACT_COLUMNS,
    FOLLOWUP_COLUMNS,
    KEY_COLUMNS,
    NOTE_COLUMNS,
    Row,
    customer_row,
    fact_row,
)
from custlog.storage.sql import Repository, chunks, marks


class Bulk(Repository):
    @contextmanager
    def load(self) -> Iterator[None]:
        """Inside a transaction: insert many rows without firing the per-row triggers.

        The search-index and last-contact triggers cost more than the inserts themselves on a
        large import; they are set aside, the new rows are indexed in one statement each, the
        touched customers' last contact is computed once, and the triggers come back, all in
        the caller's transaction (a rollback restores everything). Undo records the new rows
        as ranges of ids (`history.inserts_as_ranges`).
        """
        assert self.conn.in_transaction, "bulk.load runs inside store.transaction()"
        with inserts_as_ranges(self.conn):  # one record per table for `undo`, not per row
            deferred = ("notes_ai", "facts_ai", "followups_ai", "notes_last_contact_insert")
            triggers = self._all(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                f"AND name IN ({marks(len(deferred))})",
                deferred,
            )
            before = {
                table: self._count(f"SELECT coalesce(max(id), 0) FROM {table}")
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
                "INSERT INTO followups_fts (rowid, text) SELECT id, text FROM followups "
                "WHERE id > ?",
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

    def add_customer(self, new: NewCustomer, *, id: int | None = None) -> int:
        """A customer line: its id in the log (`id`: keep the file's)."""
        return self._insert_row("customers", CUSTOMER_COLUMNS, customer_row(new, id))

    def add_fact(self, customer_id: int, new: NewFact, *, id: int | None = None) -> int:
        """A fact line: its id in the log (`id`: keep the file's)."""
        return self._insert_row("facts", FACT_COLUMNS, fact_row(customer_id, new, id))

    def add_notes(self, rows: Iterable[Row]) -> None:
        """Note lines, as `records.note_row` makes them."""
        self._insert_many("notes", NOTE_COLUMNS, rows)

    def add_followups(self, rows: Iterable[Row]) -> None:
        """Follow-up lines, as `records.followup_row` makes them."""
        self._insert_many("followups", FOLLOWUP_COLUMNS, rows)

    def _insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> None:
        self.conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(len(columns))})", rows
        )

    def existing_keys(self, table: str, customer_ids: Iterable[int]) -> set[Row]:
        """Identity keys (`records.KEY_COLUMNS`) of the records already stored for these
        customers, to skip what an earlier import brought in."""
        key = ", ".join(KEY_COLUMNS[table])
        keys: set[Row] = set()
        for chunk in chunks(customer_ids):
            sql = f"SELECT {key} FROM {table} WHERE customer_id IN ({marks(len(chunk))})"
            keys.update(tuple(row) for row in self._all(sql, chunk))
        return keys
