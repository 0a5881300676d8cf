"""Stay-in-touch periods: a customer's own, and those set for a tag."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from custlog.models import Customer
from custlog.storage import records
from custlog.storage.sql import Repository


class StayInTouch(Repository):
    def candidates(self, on: date | None = None) -> list[tuple[Customer, datetime | None]]:
        """Customers who have a stay-in-touch period: their own, or one of a tag.

        With `on`, only those whose period has run out by that day (the comparison runs in
        SQL, so `due` reads the few customers it shows, not every customer with a period).
        """
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
        params: tuple[Any, ...] = ()
        if on is not None:
            sql += (
                " AND julianday(?) - julianday(substr("
                f"coalesce(last_contact, since), 1, 10)) > {period_days('period')}"
            )
            params = (on.isoformat(),)
        return [
            (records.customer(r), records.optional_datetime(r["last_contact"]))
            for r in self._all(sql, params)
        ]

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
