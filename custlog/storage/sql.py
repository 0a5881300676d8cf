"""The few helpers every repository uses to run SQL on the open connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

CHUNK = 500  # ids per `IN (...)`: well below SQLite's limit on bound parameters


class Repository:
    """One kind of record's queries, on the log's connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
        return row

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def _count(self, sql: str, params: Sequence[Any] = ()) -> int:
        row = self._one(sql, params)
        assert row is not None
        return int(row[0])

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        cur = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks(len(values))})",
            list(values.values()),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def _insert_row(self, table: str, columns: Sequence[str], row: Sequence[Any]) -> int:
        """Insert one row (its values in the order of `columns`); its id."""
        cur = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(len(columns))})", row
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def _update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        if values:
            sets = ", ".join(f"{column} = ?" for column in values)
            self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])


def marks(count: int) -> str:
    """`?, ?, ?` for `count` bound parameters."""
    return ", ".join("?" * count)


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """The distinct ids, sorted, in slices small enough for one `IN (...)`."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]
