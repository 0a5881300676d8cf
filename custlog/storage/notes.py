"""Notes: what happened with a customer, and when."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from custlog.models import NewNote, Note
from custlog.storage import records
from custlog.storage.sql import Repository


class Notes(Repository):
    def add(self, customer_id: int, new: NewNote) -> Note:
        """Write a new note; the note as stored. A note logged ends a snooze of the
        customer's stay-in-touch nudge (`snooze C12`)."""
        self.conn.execute(
            "UPDATE customers SET quiet_until = NULL WHERE id = ? AND quiet_until IS NOT NULL",
            (customer_id,),
        )
        row = records.note_row(customer_id, new)
        note_id = self._insert_row("notes", records.NOTE_COLUMNS, row)
        return Note(id=note_id, customer_id=customer_id, **new._asdict())

    def get(self, note_id: int) -> Note | None:
        row = self._one("SELECT * FROM notes WHERE id = ?", (note_id,))
        return records.note(row) if row else None

    def update(self, note_id: int, values: dict[str, Any]) -> None:
        """Correct a note (`text`, `at`, `via`, `work`); the search index and the customer's
        last contact follow by trigger."""
        if "at" in values:
            values = {**values, "at": values["at"].isoformat(timespec="seconds")}
        if "work" in values:
            values = {**values, "work": int(values["work"])}
        if "timed" in values:
            values = {**values, "timed": int(values["timed"])}
        self._update("notes", note_id, values)

    def delete(self, note_id: int) -> None:
        """Delete a note; the search index and the customer's last contact follow by trigger."""
        self.conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))

    def of_customer(self, customer_id: int, limit: int | None = None) -> list[Note]:
        """A customer's notes, newest first (the newest `limit` of them)."""
        sql = "SELECT * FROM notes WHERE customer_id = ? ORDER BY at DESC, id DESC"
        params: tuple[Any, ...] = (customer_id,)
        if limit is not None:
            sql += " LIMIT ?"
            params = (customer_id, limit)
        return [records.note(r) for r in self._all(sql, params)]

    def first_day(self, customer_id: int) -> date | None:
        """The day of the customer's oldest note."""
        row = self._one("SELECT min(at) AS at FROM notes WHERE customer_id = ?", (customer_id,))
        return date.fromisoformat(row["at"][:10]) if row and row["at"] else None

    def link_addressed(self, fact_id: int, note_id: int | None) -> bool:
        """Point an imported concern at the note that says how it was addressed: `note_id`
        when it is a note of the concern's customer, or (`None`) the customer's last note of
        the day it was addressed. False when there is no such note."""
        if note_id is not None:
            sql = (
                "SELECT n.id FROM notes n JOIN facts f ON f.customer_id = n.customer_id "
                "WHERE f.id = ? AND n.id = ?"
            )
            params: tuple[int, ...] = (fact_id, note_id)
        else:
            sql = (
                "SELECT n.id FROM notes n JOIN facts f ON f.customer_id = n.customer_id "
                "WHERE f.id = ? AND substr(n.at, 1, 10) = f.addressed ORDER BY n.at DESC, n.id DESC"
            )
            params = (fact_id,)
        row = self._one(sql, params)
        if row is None:
            return False
        self.conn.execute(
            "UPDATE facts SET addressed_note_id = ? WHERE id = ?", (row["id"], fact_id)
        )
        return True

    def last(self, customer_id: int) -> Note | None:
        """The customer's newest note: their last contact."""
        row = self._one(
            "SELECT * FROM notes WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT 1",
            (customer_id,),
        )
        return records.note(row) if row else None

    def work_since(self, customer_id: int, since: datetime) -> list[Note]:
        """Notes of work done for the customer since `since`, newest first."""
        rows = self._all(
            "SELECT * FROM notes WHERE customer_id = ? AND work = 1 AND at >= ? "
            "ORDER BY at DESC, id DESC",
            (customer_id, since.isoformat(timespec="seconds")),
        )
        return [records.note(r) for r in rows]

    def work_between(self, start: date, end: date) -> tuple[int, float]:
        """How many notes of work are dated from `start` to `end`, and their amounts added."""
        row = self._one(
            "SELECT count(*), coalesce(sum(amount), 0) FROM notes "
            "WHERE work = 1 AND at >= ? AND at < ?",
            (start.isoformat(), date.fromordinal(end.toordinal() + 1).isoformat()),
        )
        assert row is not None
        return int(row[0]), float(row[1])

    def counts_by_day(self, start: date, end: date) -> dict[date, int]:
        """How many notes are dated on each day from `start` to `end` (both included)."""
        rows = self._all(
            "SELECT substr(at, 1, 10) AS day, count(*) AS n FROM notes "
            "WHERE at >= ? AND at < ? GROUP BY day",
            (start.isoformat(), date.fromordinal(end.toordinal() + 1).isoformat()),
        )
        return {date.fromisoformat(r["day"]): r["n"] for r in rows}
