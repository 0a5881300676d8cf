"""Facts: what we know about a customer; a newer fact on a topic supersedes the older."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from custlog.models import Fact, NewFact
from custlog.storage import records
from custlog.storage.sql import Repository, chunks, marks


class Facts(Repository):
    def add(self, customer_id: int, new: NewFact) -> Fact:
        """Write a new fact; the fact as stored."""
        fact_id = self._insert_row(
            "facts", records.FACT_COLUMNS, records.fact_row(customer_id, new)
        )
        return Fact(id=fact_id, customer_id=customer_id, **new._asdict())

    def get(self, fact_id: int) -> Fact | None:
        row = self._one("SELECT * FROM facts WHERE id = ?", (fact_id,))
        return records.fact(row) if row else None

    def update(self, fact_id: int, values: dict[str, Any]) -> None:
        """Correct a fact (`topic`, `text`, `event`, `private`); the search index follows."""
        if "event" in values:
            event = values["event"]
            values = {**values, "event": event.isoformat() if event else None}
        if "private" in values:
            values = {**values, "private": int(values["private"])}
        self._update("facts", fact_id, values)

    def delete(self, fact_id: int) -> None:
        """Delete a fact (search index included); a fact it had replaced is current again."""
        self.conn.execute(
            "UPDATE facts SET superseded_by = NULL WHERE superseded_by = ?", (fact_id,)
        )
        self.conn.execute("DELETE FROM facts WHERE id = ?", (fact_id,))

    def supersede(self, old_id: int, new_id: int) -> None:
        """Fact `old_id` is out of date: `new_id` replaces it."""
        self.conn.execute("UPDATE facts SET superseded_by = ? WHERE id = ?", (new_id, old_id))

    def address(self, fact_id: int, on: date, note_id: int | None) -> None:
        """Concern `fact_id` was addressed on `on`; note `note_id` says how."""
        self.conn.execute(
            "UPDATE facts SET addressed = ?, addressed_note_id = ? WHERE id = ?",
            (on.isoformat(), note_id, fact_id),
        )

    def open_concerns(self, topic: str, opened_before: date) -> list[Fact]:
        """Current, unaddressed facts of the concern `topic` learned before `opened_before`."""
        rows = self._all(
            "SELECT * FROM facts WHERE topic = ? AND addressed IS NULL "
            "AND superseded_by IS NULL AND learned < ? ORDER BY learned, id",
            (topic, opened_before.isoformat()),
        )
        return [records.fact(r) for r in rows]

    def of_customer(self, customer_id: int, *, current_only: bool = True) -> list[Fact]:
        """A customer's facts by topic, newest first within a topic."""
        sql = "SELECT * FROM facts WHERE customer_id = ?"
        if current_only:
            sql += " AND superseded_by IS NULL"
        sql += " ORDER BY topic, learned DESC, id DESC"
        return [records.fact(r) for r in self._all(sql, (customer_id,))]

    def current_of_topics(self, topics: Sequence[str]) -> list[Fact]:
        """Every current (not superseded) fact of these topics, by customer and id."""
        if not topics:
            return []
        rows = self._all(
            f"SELECT * FROM facts WHERE topic IN ({marks(len(topics))}) "
            "AND superseded_by IS NULL ORDER BY customer_id, id",
            list(topics),
        )
        return [records.fact(r) for r in rows]

    def yearly(self, topics: Sequence[str], month_days: Iterable[str]) -> list[Fact]:
        """Current facts of `topics` whose text ends in one of `month_days` ("11-28")."""
        days = sorted(set(month_days))
        if not days:
            return []
        rows = self._all(
            f"SELECT * FROM facts WHERE topic IN ({marks(len(topics))}) "
            f"AND superseded_by IS NULL AND substr(text, -5) IN ({marks(len(days))}) ORDER BY id",
            [*topics, *days],
        )
        return [records.fact(r) for r in rows]

    def dated(self, until: date, since: date | None = None) -> list[Fact]:
        """Current facts about an event between `since` and `until` (for "ask how it went")."""
        low = since.isoformat() if since else ""
        rows = self._all(
            "SELECT * FROM facts WHERE event IS NOT NULL AND event BETWEEN ? AND ? "
            "AND superseded_by IS NULL ORDER BY event",
            (low, until.isoformat()),
        )
        return [records.fact(r) for r in rows]

    def private_ids(self, fact_ids: Iterable[int]) -> set[int]:
        """Which of these facts are private."""
        found: set[int] = set()
        for chunk in chunks(fact_ids):
            rows = self._all(
                f"SELECT id FROM facts WHERE private = 1 AND id IN ({marks(len(chunk))})", chunk
            )
            found.update(r["id"] for r in rows)
        return found
