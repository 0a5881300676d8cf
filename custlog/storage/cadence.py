"""Stay-in-touch periods: a customer's own, and those set for a tag."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from typing import Any

from custlog.models import Customer
from custlog.storage import records
from custlog.storage.sql import Repository, chunks, marks


class StayInTouch(Repository):
    def candidates(self, on: date | None = None) -> list[tuple[Customer, datetime | None]]:
        """Customers who have a stay-in-touch period: their own, or one of a tag.

        With `on`, only those to nudge that day: past their period and not snoozed (the
        comparison runs in SQL, so `due` reads the few customers it shows, not every customer
        with a period). The Python twin is `custlog.domain.cadence.cadence_of`.
        """
        sql, params = self._sql(on)
        return [
            (records.customer(r), records.optional_datetime(r["last_contact"]))
            for r in self._all(sql, params)
        ]

    def nudges(
        self, on: date, limit: int | None
    ) -> tuple[int, list[tuple[Customer, datetime | None]]]:
        """How many customers to nudge on `on` (`candidates(on)`, counted), and the `limit`
        furthest past their period (days since the last contact over the period, then id);
        all of them without a limit."""
        periods = self._periods()
        sql, params = self._sql(on, periods)
        lengths = " ".join("WHEN ? THEN ?" for _ in periods) or "WHEN NULL THEN NULL"
        ratio = f"{_days_since('?')} * 1.0 / (CASE period {lengths} END)"
        ranked = (
            f"WITH due AS MATERIALIZED (SELECT id, {ratio} AS ratio FROM ({sql})) "
            "SELECT id, (SELECT count(*) FROM due) FROM due ORDER BY ratio DESC, id"
        )
        if limit is not None:
            ranked += f" LIMIT {int(limit)}"
        args = (_julian(on), *(x for pair in periods for x in pair), *params)
        top = self.conn.execute(ranked, args).fetchall()
        if not top:
            return 0, []
        found: dict[int, sqlite3.Row] = {}
        ids = [r[0] for r in top]
        for chunk in chunks(ids):
            for row in self._all(
                f"SELECT * FROM customers WHERE id IN ({marks(len(chunk))})", chunk
            ):
                found[row["id"]] = row
        return int(top[0][1]), [
            (records.customer(r), records.optional_datetime(r["last_contact"]))
            for r in (found[i] for i in ids)
        ]

    def _sql(
        self, on: date | None, periods: list[tuple[str, int]] | None = None
    ) -> tuple[str, tuple[Any, ...]]:
        has_tags = self._one("SELECT 1 FROM tag_cadence LIMIT 1") is not None
        every = "c.every"
        where = "c.every IS NOT NULL"
        if has_tags:
            every = (
                "coalesce(c.every, (SELECT t.every FROM json_each(c.tags) j "
                f"JOIN tag_cadence t ON t.tag = j.value ORDER BY {period_days('t.every')} "
                "LIMIT 1))"
            )
            where += " OR c.tags != '[]'"
        # A customer's own "never" (custlog.domain.cadence.NEVER) wins over their tags.
        sql = (
            f"SELECT * FROM (SELECT c.*, {every} AS period FROM customers c WHERE {where}) "
            "WHERE period IS NOT NULL AND period != 'never'"
        )
        if on is None:
            return sql, ()
        # Past the period: more days since the last contact (or the first day) than the
        # period has, that is a last contact before the period's cut-off day. The few
        # periods in use are read first, so each row compares two ISO dates as text.
        cases, params = [], []
        for period, length in self._periods() if periods is None else periods:
            try:
                cutoff = on - timedelta(days=length)
            except OverflowError:  # no day that far back: nobody is past this period
                continue
            cases.append("WHEN ? THEN ?")
            params += [period, cutoff.isoformat()]
        if not cases:
            return sql + " AND 0", ()
        sql += (
            f" AND substr(coalesce(last_contact, since), 1, 10) < CASE period {' '.join(cases)}"
            " END AND (quiet_until IS NULL OR quiet_until <= ?)"
        )
        return sql, (*params, on.isoformat())

    def _periods(self) -> list[tuple[str, int]]:
        """Every period in use (customers' own and tags'), with its length in days."""
        rows = self._all(
            f"SELECT p, {period_days('p')} FROM (SELECT every AS p FROM customers "
            "WHERE every IS NOT NULL UNION SELECT every FROM tag_cadence) "
            "WHERE p != 'never'"
        )
        return [(r[0], int(r[1])) for r in rows if r[1] is not None]

    def tag_cadences(self) -> dict[str, str]:
        """Every tag's stay-in-touch period."""
        return {r["tag"]: r["every"] for r in self._all("SELECT tag, every FROM tag_cadence")}

    def set_tag_cadence(self, tag: str, every: str | None) -> None:
        """Set a tag's period, or (None) remove it."""
        if every is None:
            self.conn.execute("DELETE FROM tag_cadence WHERE tag = ?", (tag,))
        else:
            self.conn.execute(
                "INSERT INTO tag_cadence (tag, every) VALUES (?, ?) "
                "ON CONFLICT(tag) DO UPDATE SET every = excluded.every",
                (tag, every),
            )


def period_days(column: str) -> str:
    """SQL for a canonical period's length in days ("30d", "2w", "3m", "1y"), as custlog
    compares stay-in-touch periods: a month is 30 days and a year 365."""
    return (
        f"(CAST(substr({column}, 1, length({column}) - 1) AS INTEGER) * "
        f"CASE substr({column}, -1) WHEN 'd' THEN 1 WHEN 'w' THEN 7 WHEN 'm' THEN 30 "
        "WHEN 'y' THEN 365 END)"
    )


def _days_since(on: str) -> str:
    """Days from the last contact (or the customer's first day) to `on`, a Julian day number
    passed as a parameter (`_julian`): parsed once, not on every row."""
    return f"({on} - julianday(substr(coalesce(last_contact, since), 1, 10)))"


def _julian(day: date) -> float:
    """The Julian day number SQLite's julianday() gives for the day at midnight."""
    return day.toordinal() + 1721424.5
