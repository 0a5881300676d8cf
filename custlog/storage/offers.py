"""Offers of postponed work: each time it was put to the customer, and what they said."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date

from custlog.models import Offer
from custlog.parsing.money import stored_amount
from custlog.storage.sql import Repository, chunks, marks


def _offer(row: sqlite3.Row) -> Offer:
    return Offer(
        id=row["id"],
        followup_id=row["followup_id"],
        on=date.fromisoformat(row["day"]),
        outcome=row["outcome"],
        reason=row["reason"],
        amount=stored_amount(row["amount"]),
    )


class Offers(Repository):
    def add(
        self,
        followup_id: int,
        on: date,
        outcome: str,
        reason: str | None = None,
        amount: float | None = None,
    ) -> int:
        values = {
            "followup_id": followup_id,
            "day": on.isoformat(),
            "outcome": outcome,
            "reason": reason,
            "amount": amount,
        }
        return self._insert("offers", values)

    def of_followups(self, followup_ids: Iterable[int]) -> dict[int, list[Offer]]:
        """Each follow-up's offers, oldest first."""
        found: dict[int, list[Offer]] = {}
        for chunk in chunks(followup_ids):
            rows = self._all(
                f"SELECT * FROM offers WHERE followup_id IN ({marks(len(chunk))}) ORDER BY day, id",
                chunk,
            )
            for row in rows:
                found.setdefault(row["followup_id"], []).append(_offer(row))
        return found

    def between(self, start: date, end: date) -> list[tuple[Offer, float | None]]:
        """The offers made from `start` to `end` (both included), with the work's estimate."""
        rows = self._all(
            "SELECT offers.*, followups.estimate AS estimate FROM offers "
            "JOIN followups ON followups.id = offers.followup_id "
            "WHERE day >= ? AND day <= ? ORDER BY day, offers.id",
            (start.isoformat(), end.isoformat()),
        )
        return [(_offer(r), r["estimate"]) for r in rows]

    def all(self) -> list[Offer]:
        return [_offer(r) for r in self._all("SELECT * FROM offers ORDER BY followup_id, day, id")]
