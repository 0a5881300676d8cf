"""A customer's whole story, newest first, and full-text search over the log."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, NamedTuple

from custlog.domain import privacy
from custlog.domain.context import Context
from custlog.errors import BadInput
from custlog.models import Customer, SearchHit
from custlog.render.words import quoted


class Entry(NamedTuple):
    """One line of the timeline: a note, a fact learned, or a follow-up."""

    type: str  # "note", "fact" or "followup"
    id: int
    customer: str
    at: datetime  # when it happened (for a follow-up: its done date, else its due date)
    text: str
    detail: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        moment = self.at.isoformat(timespec="seconds") if self.type == "note" else self.at.date()
        return {
            "type": self.type,
            "id": self.id,
            "customer": self.customer,
            "at": moment if isinstance(moment, str) else moment.isoformat(),
            "text": self.text,
            **self.detail,
        }


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


class Timeline(NamedTuple):
    entries: list[Entry]
    hidden_private: int = 0  # private facts left out (`log --all` shows them)


def log(ctx: Context, customer: Customer, *, show_private: bool = False) -> Timeline:
    store = ctx.store
    # Notes first, then facts, then follow-ups: a note seen means what was written with it
    # is there too (a reader between two queries never sees half a change).
    entries = [
        Entry("note", n.id, customer.name, n.at, n.text, {"via": n.via, "work": n.work})
        for n in store.notes.of_customer(customer.id)
    ]
    facts, held = privacy.visible(
        store.facts.of_customer(customer.id, current_only=False), show_private=show_private
    )
    entries += [
        Entry(
            "fact",
            f.id,
            customer.name,
            _midnight(f.learned),
            f.text,
            {"topic": f.topic, "learned": f.learned.isoformat(), "private": f.private},
        )
        for f in facts
    ]
    entries += [
        Entry(
            "followup",
            f.id,
            customer.name,
            _midnight(f.done or f.due),
            f.text,
            {
                "kind": f.kind,
                "due": f.due.isoformat(),
                "done": f.done.isoformat() if f.done else None,
                "estimate": f.estimate,
                "every": f.every,
            },
        )
        for f in store.followups.of_customer(customer.id, open_only=False)
    ]
    order = {"followup": 0, "note": 1, "fact": 2}
    entries.sort(key=lambda e: (e.at, -order[e.type], e.id), reverse=True)
    return Timeline(entries, len(held))


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str:
    """Turn what a person types into a safe FTS5 query: every word must match, as a prefix."""
    words = _WORD.findall(query)
    if not words:
        raise BadInput(f"nothing to search for in {quoted(query)}: give a word or two")
    return " ".join(f'"{w}"*' for w in words[:20])


def search(ctx: Context, query: str, limit: int = 200) -> list[SearchHit]:
    """Search finds private facts too (the log is the user's own), marked `private`."""

    hits = ctx.store.search.find(fts_query(query), limit)
    private = ctx.store.facts.private_ids(h.id for h in hits if h.source == "fact")
    return [h._replace(private=True) if h.source == "fact" and h.id in private else h for h in hits]
