"""Customers: adding, changing, finding and erasing them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from custlog.models import Customer, CustomerChanges, CustomerRow, NewCustomer
from custlog.storage import records
from custlog.storage.schema import FTS_TABLES
from custlog.storage.sql import Repository, chunks, marks

# Each alias as a name candidate: (its customer's id, their full name, the alias as called name).
_ALIASES = (
    "SELECT a.customer_id, c.name, a.alias FROM customer_aliases a "
    "JOIN customers c ON c.id = a.customer_id"
)


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
        folded name, called name or alias holds the query, if the rule names any of them that
        way; else those whose accent-free name, called name or alias holds it. An alias comes as
        one more candidate of its customer, in the called name's place: (id, name, alias)."""
        from custlog.parsing.names import fold, plain, rank

        folded = fold(query.strip())
        sql = "SELECT id, name, called FROM customers WHERE "
        rows = self._all(
            f"{sql}instr(name_folded, ?) OR instr(called_folded, ?) "
            f"UNION ALL {_ALIASES} WHERE instr(a.alias_folded, ?) ORDER BY 1",
            (folded, folded, folded),
        )
        if not any(rank(folded, r[1], r[2]) is not None for r in rows):
            bare = plain(query.strip())
            rows = self._all(
                f"{sql}instr(name_plain, ?) OR instr(called_plain, ?) "
                f"UNION ALL {_ALIASES} WHERE instr(a.alias_plain, ?) ORDER BY 1",
                (bare, bare, bare),
            )
        return [(r[0], r[1], r[2]) for r in rows]

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
        """Every customer's (id, name, called), and each alias as (id, name, alias) when the
        log has them (a log from before m010_customer_aliases may be read without upgrading)."""
        has_aliases = self._one(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'customer_aliases'"
        )
        also = f" UNION ALL {_ALIASES}" if has_aliases else ""
        rows = self._all(f"SELECT id, name, called FROM customers{also} ORDER BY 1")
        return [(r[0], r[1], r[2]) for r in rows]

    def aliases(self, customer_id: int) -> list[str]:
        """The other names `customer_id` goes by (from `merge`), oldest first."""
        rows = self._all(
            "SELECT alias FROM customer_aliases WHERE customer_id = ? ORDER BY id",
            (customer_id,),
        )
        return [r[0] for r in rows]

    def every_alias(self) -> dict[int, list[str]]:
        """Every customer's aliases, by customer id (for the export)."""
        found: dict[int, list[str]] = {}
        for r in self._all("SELECT customer_id, alias FROM customer_aliases ORDER BY id"):
            found.setdefault(r[0], []).append(r[1])
        return found

    def alias_owner(self, alias: str) -> int | None:
        """The customer `alias` is another name of (`custlog.parsing.names.same_name`), or
        None."""
        from custlog.parsing.names import fold

        row = self._one(
            "SELECT customer_id FROM customer_aliases WHERE alias_folded = ?",
            (fold(alias.strip()),),
        )
        return int(row[0]) if row else None

    def add_alias(self, customer_id: int, alias: str) -> None:
        """`alias` is another name of `customer_id`, stored with its lookup keys
        (`custlog.parsing.names.keys`, as a customer's names)."""
        from custlog.parsing.names import keys

        self.conn.execute(
            "INSERT INTO customer_aliases (alias, alias_folded, alias_plain, customer_id) "
            "VALUES (?, ?, ?, ?)",
            (alias, *keys(alias), customer_id),
        )

    def called_or_named(self, name: str) -> list[Customer]:
        """Customers whose full or called name is `name` (`custlog.parsing.names.same_name`)."""
        from custlog.parsing.names import fold

        key = fold(name.strip())
        rows = self._all(
            "SELECT * FROM customers WHERE name_folded = ? OR called_folded = ? ORDER BY id",
            (key, key),
        )
        return [records.customer(r) for r in rows]

    def merge(
        self, from_id: int, into_id: int, values: CustomerChanges, alias: str | None
    ) -> dict[str, int]:
        """Customer `from_id` becomes part of `into_id`: every row that points at `from_id`
        (notes, facts, follow-ups, aliases: any table with a foreign key to customers) points
        at `into_id`, `into_id` takes `values`, `from_id` is deleted and `alias` (its name)
        becomes another name of `into_id`. Run inside a transaction. Returns how many rows
        of each table moved."""
        moved: dict[str, int] = {}
        tables = [
            r[0]
            for r in self._all(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite%'"
            )
        ]
        for table in tables:
            for key in self.conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
                if key[2] != "customers":
                    continue
                column = key[3]
                cursor = self.conn.execute(
                    f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (into_id, from_id)
                )
                moved[table] = moved.get(table, 0) + cursor.rowcount
                if table == "customers":  # a customer pointing at itself now: nobody
                    self.conn.execute(
                        f"UPDATE customers SET {column} = NULL WHERE id = ? AND {column} = ?",
                        (into_id, into_id),
                    )
        self.update(into_id, values)
        self.conn.execute("DELETE FROM customers WHERE id = ?", (from_id,))
        if alias is not None:
            self.add_alias(into_id, alias)
        return moved

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
