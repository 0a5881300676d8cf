"""Customers: adding, changing, finding and erasing them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from custlog.models import Customer, CustomerChanges, CustomerRow, NewCustomer
from custlog.storage import records
from custlog.storage.schema import FTS_TABLES
from custlog.storage.sql import Repository, chunks, marks


class Customers(Repository):
    def add(self, new: NewCustomer) -> Customer:
        """Write a new customer; the customer as stored."""
        row = records.customer_row(new)
        customer_id = self._insert_row("customers", records.CUSTOMER_COLUMNS, row)
        return Customer(id=customer_id, **new._asdict())

    def update(self, customer_id: int, changes: CustomerChanges) -> None:
        """Change the fields in `changes`; the others stay as they are (the stored name keys
        follow the names)."""
        self._update("customers", customer_id, records.customer_changes(changes))
        if records.NAMED_BY & changes.keys():
            self.rekey([customer_id])

    def rekey(self, customer_ids: Iterable[int] | None = None) -> None:
        """Write the stored name keys (`records.name_keys`) of these customers (None: all)."""
        sql = "SELECT id, name, called, company FROM customers"
        if customer_ids is None:
            rows = self._all(sql)
        else:
            rows = [
                r
                for chunk in chunks(customer_ids)
                for r in self._all(f"{sql} WHERE id IN ({marks(len(chunk))})", chunk)
            ]
        sets = ", ".join(f"{column} = ?" for column in records.NAME_KEY_COLUMNS)
        self.conn.executemany(
            f"UPDATE customers SET {sets} WHERE id = ?",
            ((*records.name_keys(r["name"], r["called"], r["company"]), r["id"]) for r in rows),
        )

    def get(self, customer_id: int) -> Customer | None:
        row = self._one("SELECT * FROM customers WHERE id = ?", (customer_id,))
        return records.customer(row) if row else None

    def stale_keys(self) -> list[int]:
        """Customers whose stored name keys are not what their names give (the names were
        changed by another program, e.g. a database browser): `rekey` mends them."""
        columns = ", ".join(records.NAME_KEY_COLUMNS)
        return [
            r["id"]
            for r in self._all(f"SELECT id, name, called, company, {columns} FROM customers")
            if tuple(r[c] for c in records.NAME_KEY_COLUMNS)
            != records.name_keys(r["name"], r["called"], r["company"])
        ]

    def named(self, name: str) -> list[Customer]:
        """Customers whose full name is `name` (`custlog.parsing.names.same_name`: Unicode
        case folding on NFC text), by the indexed stored key."""
        from custlog.parsing.names import fold

        rows = self._all(
            "SELECT * FROM customers WHERE name_folded = ? ORDER BY id", (fold(name.strip()),)
        )
        return [records.customer(r) for r in rows]

    def name_candidates(self, query: str) -> list[tuple[int, str, str | None]]:
        """Customers among whom `custlog.parsing.names.pick` finds for `query` whom it finds
        among everyone: those whose full name is exactly the query (an indexed lookup: an exact
        name wins over every other match), else `name_matches`."""
        from custlog.parsing.names import fold

        rows = self._all(
            "SELECT id, name, called FROM customers WHERE name_folded = ? ORDER BY id",
            (fold(query.strip()),),
        )
        return [(r["id"], r["name"], r["called"]) for r in rows] or self.name_matches(query)

    def name_matches(self, query: str) -> list[tuple[int, str, str | None]]:
        """Every customer `custlog.parsing.names.matches` finds for `query` (and others, for
        the rule to leave out), found by the stored keys the way the rule compares: those whose
        folded name or called name holds the query, if the rule names any of them that way;
        else those whose accent-free name or called name holds it."""
        from custlog.parsing.names import fold, plain, rank

        folded = fold(query.strip())
        sql = "SELECT id, name, called FROM customers WHERE "
        rows = self._all(
            f"{sql}instr(name_folded, ?) OR instr(called_folded, ?) ORDER BY id", (folded, folded)
        )
        if not any(rank(folded, r["name"], r["called"]) is not None for r in rows):
            bare = plain(query.strip())
            rows = self._all(
                f"{sql}instr(name_plain, ?) OR instr(called_plain, ?) ORDER BY id", (bare, bare)
            )
        return [(r["id"], r["name"], r["called"]) for r in rows]

    def with_words(self, query_words: Sequence[str], limit: int) -> list[Customer]:
        """The first `limit` customers, by name (`custlog.parsing.names.sort_key`), with every
        one of `query_words` (`custlog.parsing.names.words`) beginning a word of their name,
        called name or company (`custlog.parsing.names.finds`), by their stored search key."""
        if not query_words:
            return []
        where = " AND ".join("instr(search_words, ?)" for _ in query_words)
        rows = self._all(
            f"SELECT * FROM customers WHERE {where} "
            "ORDER BY name_plain, name_folded, id LIMIT ?",  # `names.sort_key`
            (*(f" {w}" for w in query_words), limit),
        )
        return [records.customer(r) for r in rows]

    def keep_since_before_notes(self) -> None:
        """A customer is one since their first note at the latest: move each `since` that is
        later back to the day of the first note."""
        self.conn.execute(
            "UPDATE customers SET since = (SELECT substr(min(n.at), 1, 10) FROM notes n "
            "WHERE n.customer_id = customers.id) "
            "WHERE since > (SELECT substr(min(n.at), 1, 10) FROM notes n "
            "WHERE n.customer_id = customers.id)"
        )

    def all_names(self) -> list[tuple[int, str, str | None]]:
        rows = self._all("SELECT id, name, called FROM customers ORDER BY id")
        return [(r["id"], r["name"], r["called"]) for r in rows]

    def all(self) -> list[Customer]:
        """Every customer, by id (the contacts import matches against them)."""
        return [records.customer(r) for r in self._all("SELECT * FROM customers ORDER BY id")]

    def by_id(self, customer_ids: Iterable[int]) -> dict[int, Customer]:
        """These customers, by id (ids that are not there are left out)."""
        found: dict[int, Customer] = {}
        for chunk in chunks(customer_ids):
            sql = f"SELECT * FROM customers WHERE id IN ({marks(len(chunk))})"
            for row in self._all(sql, chunk):
                found[row["id"]] = records.customer(row)
        return found

    def referred_by(self, customer_id: int) -> list[Customer]:
        """The customers `customer_id` sent us, oldest first."""
        rows = self._all(
            "SELECT * FROM customers WHERE referred_by = ? ORDER BY since, id", (customer_id,)
        )
        return [records.customer(r) for r in rows]

    def referrals_since(self, first: date) -> int:
        """Customers since `first` (a customer's `since`) whom another customer sent."""
        return self._count(
            "SELECT count(*) FROM customers WHERE referred_by IS NOT NULL AND since >= ?",
            (first.isoformat(),),
        )

    def link_referral(self, customer_id: int, sender_id: int) -> None:
        """An imported referral; a customer who already has one keeps it."""
        self.conn.execute(
            "UPDATE customers SET referred_by = ? WHERE id = ? AND referred_by IS NULL",
            (sender_id, customer_id),
        )

    def listing(self, tag: str | None = None) -> list[CustomerRow]:
        """Every customer (with `tag`, only theirs) by name, with last contact and next
        follow-up."""
        sql = (
            "SELECT c.*, (SELECT min(due) FROM followups f WHERE f.customer_id = c.id "
            "AND f.done IS NULL) AS next_followup FROM customers c"
        )
        params: tuple[Any, ...] = ()
        if tag is not None:
            sql += " WHERE EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)"
            params = (tag,)
        sql += " ORDER BY c.name_plain, c.name_folded, c.id"  # `names.sort_key`
        return [
            CustomerRow(
                customer=records.customer(r),
                last_contact=records.optional_datetime(r["last_contact"]),
                next_followup=records.optional_date(r["next_followup"]),
            )
            for r in self._all(sql, params)
        ]

    def count(self) -> int:
        return self._count("SELECT count(*) FROM customers")

    def any(self) -> bool:
        return self._one("SELECT 1 FROM customers LIMIT 1") is not None

    def delete(self, customer_id: int) -> None:
        """Erase a customer and everything about them, search index included."""
        self.conn.execute("DELETE FROM customers WHERE id = ?", (customer_id,))
        # External-content FTS keeps old tokens in its segments until they are merged:
        # rebuilding writes the index anew from what is left, and secure_delete zeroes the
        # freed pages.
        for table in FTS_TABLES:
            self.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")


def like_prefix(text: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for text starting with `text`, wildcards and all."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"
