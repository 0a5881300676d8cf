"""Offers of postponed work: each time it was put to the customer, and what they said."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date

from custlog.models import Offer


def _offer(row: sqlite3.Row) -> Offer:
    return Offer(
        id=row["id"],
        followup_id=row["followup_id"],
        on=date.fromisoformat(row["day"]),
        outcome=row["outcome"],
        reason=row["reason"],
        amount=row["amount"],
    )


class Offers:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(
        self,
        followup_id: int,
        on: date,
        outcome: str,
        reason: str | None = None,
        amount: float | None = None,
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO offers (followup_id, day, outcome, reason, amount) VALUES (?, ?, ?, ?, ?)",
            (followup_id, on.isoformat(), outcome, reason, amount),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def of_followups(self, followup_ids: Iterable[int]) -> dict[int, list[Offer]]:
        """Each follow-up's offers, oldest first."""
        found: dict[int, list[Offer]] = {}
        ids = sorted(set(followup_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.conn.execute(
                f"SELECT * FROM offers WHERE followup_id IN ({', '.join('?' * len(chunk))}) "
                "ORDER BY day, id",
                chunk,
            ).fetchall()
            for row in rows:
                found.setdefault(row["followup_id"], []).append(_offer(row))
        return found

    def between(self, start: date, end: date) -> list[tuple[Offer, float | None]]:
        """The offers made from `start` to `end` (both included), with the work's estimate."""
        rows = self.conn.execute(
            "SELECT offers.*, followups.estimate AS estimate FROM offers "
            "JOIN followups ON followups.id = offers.followup_id "
            "WHERE day >= ? AND day <= ? ORDER BY day, offers.id",
            (start.isoformat(), end.isoformat()),
        ).fetchall()
        return [(_offer(r), r["estimate"]) for r in rows]

    def all(self) -> list[Offer]:
        rows = self.conn.execute("SELECT * FROM offers ORDER BY followup_id, day, id")
        return [_offer(r) for r in rows.fetchall()]
