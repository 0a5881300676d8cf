"""Follow-ups: callbacks, promises, postponed work, questions to ask, things we wait for."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from custlog.models import Followup, NewFollowup
from custlog.storage import records
from custlog.storage.sql import Repository, chunks, marks


class Followups(Repository):
    def add(self, customer_id: int, new: NewFollowup) -> Followup:
        """Write a new follow-up; the follow-up as stored."""
        row = records.followup_row(customer_id, new)
        followup_id = self._insert_row("followups", records.FOLLOWUP_COLUMNS, row)
        return Followup(id=followup_id, customer_id=customer_id, **new._asdict())

    def set_due(self, followup_id: int, due: date) -> None:
        """Move a follow-up to another day (snooze, or the next occurrence of a series)."""
        self.conn.execute(
            "UPDATE followups SET due = ? WHERE id = ?", (due.isoformat(), followup_id)
        )

    def move_on(self, followup_id: int, due: date) -> None:
        """A repeating follow-up's next occurrence: due, and promised, on `due`."""
        day = due.isoformat()
        self.conn.execute(
            "UPDATE followups SET due = ?, promised = ? WHERE id = ?", (day, day, followup_id)
        )

    def close(self, followup_id: int, done: date) -> None:
        """Mark a follow-up done on `done`."""
        self.conn.execute(
            "UPDATE followups SET done = ? WHERE id = ?", (done.isoformat(), followup_id)
        )

    def get(self, followup_id: int) -> Followup | None:
        row = self._one("SELECT * FROM followups WHERE id = ?", (followup_id,))
        return records.followup(row) if row else None

    def find(self, customer_id: int, due: str, text: str) -> int | None:
        """The newest follow-up of a customer with this due date and text."""
        row = self._one(
            "SELECT id FROM followups WHERE customer_id = ? AND due = ? AND text = ? "
            "ORDER BY id DESC LIMIT 1",
            (customer_id, due, text),
        )
        return int(row[0]) if row else None

    def ending_with(self, suffix: str) -> list[Followup]:
        """Every follow-up, open or done, whose text ends with `suffix` exactly."""
        rows = self._all(
            "SELECT * FROM followups WHERE substr(text, -?) = ? ORDER BY id",
            (len(suffix), suffix),
        )
        return [records.followup(r) for r in rows]

    def set_text(self, followup_id: int, text: str) -> None:
        """A follow-up's new text (its search index follows)."""
        self.conn.execute("UPDATE followups SET text = ? WHERE id = ?", (text, followup_id))

    def delete(self, followup_id: int) -> None:
        self.conn.execute("DELETE FROM followups WHERE id = ?", (followup_id,))

    def of_customer(self, customer_id: int, *, open_only: bool = True) -> list[Followup]:
        """A customer's follow-ups by due date (open ones only, unless told otherwise)."""
        sql = "SELECT * FROM followups WHERE customer_id = ?"
        if open_only:
            sql += " AND done IS NULL"
        sql += " ORDER BY due, id"
        return [records.followup(r) for r in self._all(sql, (customer_id,))]

    def open_until(self, until: date) -> list[Followup]:
        """Every open follow-up due on or before `until`, by due date."""
        rows = self._all(
            "SELECT * FROM followups WHERE done IS NULL AND due <= ? ORDER BY due, id",
            (until.isoformat(),),
        )
        return [records.followup(r) for r in rows]

    def _section_case(self, on: date, rules: Sequence[Any]) -> tuple[str, list[Any]]:
        """SQL for the section of the morning list an open follow-up goes in, from the
        domain's `SectionRule`s (section, kinds or None, a bucket or None): the first rule
        met decides, exactly as `custlog.domain.agenda.section_of` does."""
        case, params = "CASE", []
        for rule in rules:
            tests = []
            if rule.kinds is not None:
                tests.append(f"kind IN ({marks(len(rule.kinds))})")
                params += list(rule.kinds)
            if rule.when is not None:  # the bucket: `custlog.domain.agenda.bucket`
                tests.append(
                    {"overdue": "due < ?", "today": "due = ?", "soon": "due > ?"}[rule.when]
                )
                params.append(on.isoformat())
            case += f" WHEN {' AND '.join(tests) or '1'} THEN ?"
            params.append(rule.section)
        return case + " END", params

    def due_counts(
        self, on: date, until: date, rules: Sequence[Any], among: Sequence[int] = ()
    ) -> dict[str, tuple[int, int]]:
        """For each section of the open follow-ups due by `until`: how many customers it has,
        and how many of them are `among` the given ids (at most a few hundred)."""
        case, params = self._section_case(on, rules)
        ids = sorted(set(among))
        within = "0"
        if ids:
            within = f"count(DISTINCT CASE WHEN customer_id IN ({marks(len(ids))}) "
            within += "THEN customer_id END)"
        sql = (
            f"SELECT section, count(DISTINCT customer_id), {within} FROM ("
            f"SELECT {case} AS section, customer_id FROM followups "
            "WHERE done IS NULL AND due <= ?) GROUP BY section"
        )
        rows = self.conn.execute(sql, [*ids, *params, until.isoformat()])
        return {r[0]: (int(r[1]), int(r[2])) for r in rows}

    def open_due_in_order(self, first: date | None, last: date) -> Iterator[tuple[int, str, date]]:
        """(customer id, kind, due) of the open follow-ups due from `first` (None: any day)
        to `last`, oldest first, read lazily: the morning list stops when it has enough."""
        cursor = self.conn.execute(
            "SELECT customer_id, kind, due FROM followups WHERE done IS NULL "
            "AND due >= ? AND due <= ? ORDER BY due, id",
            (first.isoformat() if first else "", last.isoformat()),
        )
        # Small batches: on a book far behind, the list needs a few dozen of thousands of rows,
        # and each row read costs a look-up in the table.
        while batch := cursor.fetchmany(32):
            for customer_id, kind, due in batch:
                yield customer_id, kind, date.fromisoformat(due)

    def open_of(self, customer_ids: Iterable[int], until: date) -> list[Followup]:
        """The open follow-ups of these customers due by `until`, by due date."""
        found: list[Followup] = []
        for chunk in chunks(customer_ids):
            sql = (
                "SELECT * FROM followups WHERE done IS NULL AND due <= ? "
                f"AND customer_id IN ({marks(len(chunk))})"
            )
            found += [records.followup(r) for r in self._all(sql, [until.isoformat(), *chunk])]
        return sorted(found, key=lambda f: (f.due, f.id))

    def all(self, *, open_only: bool) -> list[Followup]:
        """Every follow-up by due date (open ones only if asked)."""
        sql = "SELECT * FROM followups"
        if open_only:
            sql += " WHERE done IS NULL"
        return [records.followup(r) for r in self._all(sql + " ORDER BY due, id")]

    def of_kinds(self, kinds: Sequence[str], *, open_only: bool) -> list[Followup]:
        """Every follow-up of these kinds, by due date (open ones only if asked)."""
        sql = f"SELECT * FROM followups WHERE kind IN ({marks(len(kinds))})"
        if open_only:
            sql += " AND done IS NULL"
        return [records.followup(r) for r in self._all(sql + " ORDER BY due, id", list(kinds))]

    def open_labels(self) -> list[tuple[int, str, str, str]]:
        """(id, customer name, text, due) of every open follow-up, by id."""
        rows = self._all(
            "SELECT u.id, c.name, u.text, u.due FROM followups u "
            "JOIN customers c ON c.id = u.customer_id WHERE u.done IS NULL ORDER BY u.id"
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def promise_outcomes(self, on: date) -> tuple[int, int, int, int]:
        """Promises kept on time, kept late, open, and open past their due date: the rule of
        `custlog.domain.track_record`, counted in SQL for the whole book (on time: done on or
        before the day first promised)."""
        row = self._one(
            "SELECT coalesce(sum(done IS NOT NULL AND done <= coalesce(promised, due)), 0), "
            "coalesce(sum(done IS NOT NULL AND done > coalesce(promised, due)), 0), "
            "coalesce(sum(done IS NULL), 0), coalesce(sum(done IS NULL AND due < ?), 0) "
            "FROM followups WHERE kind = 'promise'",
            (on.isoformat(),),
        )
        assert row is not None
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])
