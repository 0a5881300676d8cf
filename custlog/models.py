"""Plain records the storage layer returns and the domain and the screens work with."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

VIAS: tuple[str, ...] = ("call", "visit", "email", "text", "other")
KINDS: tuple[str, ...] = ("callback", "promise", "deferred", "ask", "waiting")
YEARLY_TOPICS: tuple[str, ...] = ("birthday", "anniversary")
# The order follow-ups are read in: what we owe first, questions last.
KIND_ORDER: dict[str, int] = {"promise": 0, "callback": 1, "waiting": 1, "deferred": 2, "ask": 3}


class Customer(NamedTuple):
    id: int
    name: str
    called: str | None = None
    company: str | None = None
    phone: str | None = None
    email: str | None = None
    tags: tuple[str, ...] = ()
    every: str | None = None  # a canonical period ("30d", "2w", "3m", "1y")
    since: date | None = None

    @property
    def handle(self) -> str:
        """What to call the customer to their face."""
        return self.called or self.name.split()[0]


class Note(NamedTuple):
    id: int
    customer_id: int
    at: datetime
    via: str
    text: str
    work: bool = False  # a note of work done for the customer


class Fact(NamedTuple):
    id: int
    customer_id: int
    topic: str
    text: str
    learned: date
    when: date | None = None  # an event the fact is about ("Florida trip, dec 14")
    private: bool = False
    superseded_by: int | None = None


class Followup(NamedTuple):
    id: int
    customer_id: int
    due: date
    text: str
    kind: str = "callback"
    every: str | None = None
    from_done: bool = False
    estimate: float | None = None
    done: date | None = None
    created: date | None = None


class CustomerRow(NamedTuple):
    """A customer with the two dates `list` shows beside them."""

    customer: Customer
    last_contact: datetime | None
    next_followup: date | None


class SearchHit(NamedTuple):
    source: str  # "note", "fact" or "followup"
    id: int
    customer_id: int
    customer: str
    text: str
    snippet: str
    at: str  # the record's date, ISO
    rank: float
    private: bool = False  # a private fact (search finds them, and says so)
