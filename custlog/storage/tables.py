"""The log's tables whole: counting them, reading them out for an export."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from custlog.storage.schema import LOG_TABLES
from custlog.storage.sql import Repository

_ORDER = {
    "customers": "id",
    "notes": "customer_id, at, id",
    "facts": "customer_id, id",
    "followups": "customer_id, due, id",
}
_YES_NO = "CASE {0} WHEN 1 THEN 'yes' ELSE 'no' END AS {0}"
# A table as a spreadsheet sees it: readable columns, the customer's name beside each
# `customer_id`, tags as "fleet, vip", flags as yes/no; in the JSON Lines export's order.
_FOR_SPREADSHEET = {
    "customers": (
        "SELECT id, name, called, company, phone, email, "
        "(SELECT group_concat(value, ', ') FROM json_each(c.tags)) AS tags, "
        "every, since, last_contact FROM customers c ORDER BY id"
    ),
    "notes": (
        "SELECT n.id, n.customer_id, c.name AS customer, n.at, n.via, n.text, "
        f"{_YES_NO.format('work')} FROM notes n JOIN customers c ON c.id = n.customer_id "
        "ORDER BY n.customer_id, n.at, n.id"
    ),
    "facts": (
        "SELECT f.id, f.customer_id, c.name AS customer, f.topic, f.text, f.learned, "
        f'f.event AS "when", {_YES_NO.format("private")}, f.superseded_by '
        "FROM facts f JOIN customers c ON c.id = f.customer_id "
        "ORDER BY f.customer_id, f.id"
    ),
    "followups": (
        "SELECT u.id, u.customer_id, c.name AS customer, u.due, u.kind, u.text, "
        f"u.every, {_YES_NO.format('from_done')}, u.estimate, u.done, u.created "
        "FROM followups u JOIN customers c ON c.id = u.customer_id "
        "ORDER BY u.customer_id, u.due, u.id"
    ),
}


class Tables(Repository):
    def counts(self) -> dict[str, int]:
        """How many records each table holds."""
        return {table: self._count(f"SELECT count(*) FROM {table}") for table in LOG_TABLES}

    def rows(self, table: str) -> Iterator[sqlite3.Row]:
        """Every row of `table` as stored, in the JSON Lines export's order."""
        yield from self.conn.execute(f"SELECT * FROM {table} ORDER BY {_ORDER[table]}")

    def for_spreadsheet(self, table: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """The column names and rows of `table` as a spreadsheet shows them."""
        cursor = self.conn.execute(_FOR_SPREADSHEET[table])
        columns = [d[0] for d in cursor.description]
        return columns, (tuple(row) for row in cursor)
