"""A customer's whole story, newest first, and full-text search over the log."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from custlog.domain import concerns, privacy
from custlog.domain.context import Context
from custlog.errors import BadInput
from custlog.models import Customer, CustomerRow, Fact, SearchHit, record_id
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
            "ref": record_id(self.type, self.id),
            "customer": self.customer,
            "at": moment if isinstance(moment, str) else moment.isoformat(),
            "text": self.text,
            **self.detail,
        }


def customers(ctx: Context, tag: str | None = None) -> list[CustomerRow]:
    """Every customer (or those with `tag`), with last contact and next follow-up."""
    return ctx.store.customers.listing(tag)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


class Timeline(NamedTuple):
    entries: list[Entry]
    hidden_private: int = 0  # private facts left out (`log --all` shows them)


def log(ctx: Context, customer: Customer, *, show_private: bool = False) -> Timeline:
    store = ctx.store
    # Notes first, then facts, then follow-ups: a note seen means what was written with it
    # is there too (a reader between two queries never sees half a change).
    notes = store.notes.of_customer(customer.id)
    entries = [
        Entry("note", n.id, customer.name, n.at, n.text, {"via": n.via, "work": n.work})
        for n in notes
    ]
    said = {n.id: n.text for n in notes}
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
            {
                "topic": f.topic,
                "learned": f.learned.isoformat(),
                "private": f.private,
                **_concern_detail(f, said),
            },
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


def _concern_detail(fact: Fact, said: dict[int, str]) -> dict[str, Any]:
    """A concern's state in the log: open, or when and how it was addressed."""
    if not concerns.is_concern(fact):
        return {}
    note_id = fact.addressed_note_id
    return {
        "open": concerns.open_flag(fact),
        "addressed": fact.addressed.isoformat() if fact.addressed else None,
        "addressed_note_id": note_id,
        "addressed_how": said.get(note_id) if note_id is not None else None,
    }


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str:
    """Turn what a person types into a safe FTS5 query: every word must match, as a prefix.
    The query is NFC first, as stored text is: "Cancún" typed with a separate accent mark is
    one word, not "Cancu" and "n"."""
    words = _WORD.findall(unicodedata.normalize("NFC", query))
    if not words:
        raise BadInput(f"nothing to search for in {quoted(query)}: give a word or two")
    return " ".join(f'"{w}"*' for w in words[:20])


def customer_hits(customers: Iterable[Customer], query_words: Sequence[str]) -> list[SearchHit]:
    """Customers found by `query_words` (`names.words`: case-folded and accent-free, each the
    start of a word of the name, called name or company: `o'brien`, `lee bak`, `cancun`) as
    search hits, matches marked as in snippets."""
    from custlog.parsing.names import fold, mark_words

    hits = []
    for c in customers:
        text = c.name
        if c.called and fold(c.called) != fold(c.name):
            text += f" ({c.called})"
        if c.company and fold(c.company) != fold(c.name):
            text += f" · {c.company}"
        snippet = mark_words(text, query_words, "\x02", "\x03")
        at = c.since.isoformat() if c.since else ""  # a customer's date: since when
        hits.append(SearchHit("customer", c.id, c.id, c.name, text, snippet, at, 0.0))
    return hits


def search(ctx: Context, query: str, limit: int = 200) -> list[SearchHit]:
    """Customers by name and company first, then notes, facts and follow-ups, best first.
    Search finds private facts too (the log is the user's own), marked `private`."""
    from custlog.parsing.names import words

    match = fts_query(query)
    query_words = words(query)[:20]
    people = customer_hits(ctx.store.customers.with_words(query_words, limit), query_words)
    hits = ctx.store.search.find(match, limit - len(people)) if len(people) < limit else []
    private = ctx.store.facts.private_ids(h.id for h in hits if h.source == "fact")
    return people + [
        h._replace(private=True) if h.source == "fact" and h.id in private else h for h in hits
    ]
