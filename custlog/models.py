"""Plain records the storage layer returns and the domain and the screens work with."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, NamedTuple, TypedDict

if TYPE_CHECKING:
    from custlog.parsing.times import Appointment

VIAS: tuple[str, ...] = ("call", "visit", "email", "text", "other")
YEARLY_TOPICS: tuple[str, ...] = ("birthday", "anniversary")


# The letter before an id that names a record where a follow-up's bare number would not:
# N12 a note, F7 a fact, C3 a customer (a follow-up is 12 or #12).
ID_PREFIX: dict[str, str] = {"note": "N", "fact": "F", "customer": "C", "followup": "#"}


def record_id(kind: str, record: int) -> str:
    """How a record's id is shown and typed: N12, F7, C3, #12."""
    return f"{ID_PREFIX[kind]}{record}"


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
    quiet_until: date | None = None  # `snooze C12 WHEN`: no stay-in-touch nudge before then
    referred_by: int | None = None  # the customer who sent this one

    @property
    def ref(self) -> str:
        """The handle commands take for the customer's stay-in-touch nudge: "C12"."""
        return f"C{self.id}"

    @property
    def is_company(self) -> bool:
        """A company with no person behind the name ("Acme Towing", company Acme Towing)."""
        return bool(self.company) and (self.company or "").casefold() == self.name.casefold()

    @property
    def handle(self) -> str:
        """What to call the customer to their face: a company by its whole name."""
        if self.called:
            return self.called
        return self.name if self.is_company else self.name.split()[0]


class Note(NamedTuple):
    id: int
    customer_id: int
    at: datetime
    via: str
    text: str
    work: bool = False  # a note of work done for the customer
    amount: float | None = None  # what the work came to
    # False: dated by a day alone (`--on 2026-11-20`). `at` still holds a time of day (the
    # current one, as the spec stores it), which no screen shows for such a note.
    timed: bool = True


class Fact(NamedTuple):
    id: int
    customer_id: int
    topic: str
    text: str
    learned: date
    when: date | None = None  # an event the fact is about ("Florida trip, dec 14")
    private: bool = False
    superseded_by: int | None = None
    addressed: date | None = None  # a concern: the day we addressed it
    addressed_note_id: int | None = None  # a concern: the note that says how


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
    at_start: time | None = None  # an appointment: its time of day (local)
    at_end: time | None = None  # the end of an appointment's window
    anchor: date | None = None  # the day a repeating series counts from
    promised: date | None = None  # the day this occurrence was first due (before snoozes)

    @property
    def appointment(self) -> Appointment | None:
        if self.at_start is None:
            return None
        from custlog.parsing.times import Appointment

        return Appointment(self.at_start, self.at_end)


# What became of postponed work: offered and declined (again), sold, or lost.
OFFER_OUTCOMES: tuple[str, ...] = ("declined", "sold", "lost")


class Offer(NamedTuple):
    """One time postponed work was put to the customer, and what they said."""

    id: int
    followup_id: int
    on: date
    outcome: str  # one of OFFER_OUTCOMES
    reason: str | None = None  # why declined; who it was lost to
    amount: float | None = None  # sold for; the estimate that was lost


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


# -- new records: what the writers hand to storage (`custlog.storage.records` makes the rows) --
# A `New…` record is the record read back without its id and owner (a test keeps them so).


class NewCustomer(NamedTuple):
    name: str
    since: date
    called: str | None = None
    company: str | None = None
    phone: str | None = None
    email: str | None = None
    tags: tuple[str, ...] = ()
    every: str | None = None  # a canonical period ("30d", "2w", "3m", "1y")
    quiet_until: date | None = None  # `snooze C12 WHEN`: no stay-in-touch nudge before then
    referred_by: int | None = None  # the customer who sent this one


class CustomerChanges(TypedDict, total=False):
    """The fields `edit` changes; a field left out stays as it is."""

    name: str
    called: str | None
    company: str | None
    phone: str | None
    email: str | None
    tags: tuple[str, ...]
    every: str | None
    since: date
    quiet_until: date | None
    referred_by: int | None


class NewNote(NamedTuple):
    at: datetime
    via: str
    text: str
    work: bool = False  # a note of work done for the customer
    amount: float | None = None  # what the work came to
    timed: bool = True  # False: dated by a day alone (see `Note.timed`)


class NewFact(NamedTuple):
    topic: str
    text: str
    learned: date
    when: date | None = None  # an event the fact is about
    private: bool = False


class NewFollowup(NamedTuple):
    due: date
    text: str
    kind: str = "callback"
    every: str | None = None
    from_done: bool = False
    estimate: float | None = None
    done: date | None = None
    created: date | None = None
    at_start: time | None = None  # an appointment: its time of day (local)
    at_end: time | None = None  # the end of an appointment's window
    anchor: date | None = None  # the day a repeating series counts from
    promised: date | None = None  # the day this occurrence was first due (before snoozes)


class UndoStep(NamedTuple):
    """One write that `custlog undo` can take back."""

    id: int
    at: datetime  # when it was written (local time)
    what: str  # the command's own words: "note for Ann Lee (Tue 1 Dec)"
