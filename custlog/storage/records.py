"""Records in and out of the log: the row each `models.New…` record becomes (the writers,
`remind`, `note`, `fact`, `add` and both imports alike, hand those to storage), and the
record each row becomes when it is read.

A `New…` record holds a record's fields as Python values, without its id and owner; the
repositories add the owner (`store.followups.add(customer_id, NewFollowup(...))`), and the
bulk import an id it keeps.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, time
from operator import itemgetter
from typing import Any

from custlog.models import (
    Customer,
    CustomerChanges,
    Fact,
    Followup,
    NewCustomer,
    NewFact,
    NewFollowup,
    NewNote,
    Note,
)
from custlog.parsing.money import stored_amount

Row = tuple[Any, ...]  # a row to insert, in the order of its table's `…_COLUMNS`


# -- records to rows -----------------------------------------------------------------------

CUSTOMER_COLUMNS = (
    "id",
    "name",
    "called",
    "company",
    "phone",
    "email",
    "tags",
    "every",
    "since",
    "quiet_until",
    "referred_by",
    "name_folded",
    "name_plain",
    "called_folded",
    "called_plain",
    "search_words",
)
# Beside a customer's names, the forms SQL compares (`custlog.parsing.names`): derived from
# name, called name and company, rewritten with them, never exported.
NAME_KEY_COLUMNS = CUSTOMER_COLUMNS[-5:]
NAMED_BY = frozenset(("name", "called", "company"))  # the fields the keys are made from
NOTE_COLUMNS = ("id", "customer_id", "at", "via", "text", "work", "amount", "timed")
FACT_COLUMNS = ("id", "customer_id", "topic", "text", "learned", "event", "private")
FOLLOWUP_COLUMNS = (
    "id",
    "customer_id",
    "due",
    "text",
    "kind",
    "every",
    "from_done",
    "estimate",
    "done",
    "created",
    "at_start",
    "at_end",
    "anchor",
    "promised",
)


def customer_row(new: NewCustomer, id: int | None = None) -> Row:
    return (
        id,
        new.name,
        new.called,
        new.company,
        new.phone,
        new.email,
        json.dumps(list(new.tags)),
        new.every,
        new.since.isoformat(),
        new.quiet_until.isoformat() if new.quiet_until else None,
        new.referred_by,
        *name_keys(new.name, new.called, new.company),
    )


def name_keys(name: str, called: str | None, company: str | None) -> Row:
    """The stored lookup forms of a customer's names, in the order of `NAME_KEY_COLUMNS`: the
    one place they are made, for every writer (add, edit, both imports, the upgrade)."""
    from custlog.parsing.names import keys, search_key

    return (*keys(name), *keys(called), search_key(name, called, company))


def customer_changes(changes: CustomerChanges) -> dict[str, Any]:
    """The columns an edit sets, as stored."""
    out: dict[str, Any] = dict(changes)
    if "tags" in changes:
        out["tags"] = json.dumps(list(changes["tags"]))
    for key, value in changes.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
    return out


def note_row(customer_id: int, new: NewNote, id: int | None = None) -> Row:
    return (
        id,
        customer_id,
        moment(new.at),
        new.via,
        new.text,
        int(new.work),
        new.amount,
        int(new.timed),
    )


def fact_row(customer_id: int, new: NewFact, id: int | None = None) -> Row:
    when = new.when.isoformat() if new.when else None
    return (id, customer_id, new.topic, new.text, new.learned.isoformat(), when, int(new.private))


def followup_row(customer_id: int, new: NewFollowup, id: int | None = None) -> Row:
    return (
        id,
        customer_id,
        new.due.isoformat(),
        new.text,
        new.kind,
        new.every,
        int(new.from_done),
        new.estimate,
        new.done.isoformat() if new.done else None,
        new.created.isoformat() if new.created else None,
        clock(new.at_start),
        clock(new.at_end),
        new.anchor.isoformat() if new.anchor else None,
        new.promised.isoformat() if new.promised else None,
    )


# What makes two records the same record (an import skips a line already in the log): these
# columns of a row, as `bulk.existing_keys` reads them back.
KEY_COLUMNS = {
    "notes": ("customer_id", "at", "text"),
    "facts": ("customer_id", "topic", "text"),
    "followups": ("customer_id", "due", "text"),
}


_ROW_COLUMNS = {"notes": NOTE_COLUMNS, "facts": FACT_COLUMNS, "followups": FOLLOWUP_COLUMNS}
KEY_OF: dict[str, Callable[[Row], Row]] = {
    table: itemgetter(*(_ROW_COLUMNS[table].index(c) for c in columns))
    for table, columns in KEY_COLUMNS.items()
}  # KEY_OF["notes"](row): the row's identity key


def moment(at: datetime) -> str:
    """A note's date and time as stored: ISO, to the second."""
    return at.isoformat(timespec="seconds")


def clock(value: time | None) -> str | None:
    """An appointment's time as stored: "09:30"."""
    return value.strftime("%H:%M") if value is not None else None


# -- rows to records -----------------------------------------------------------------------


def optional_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def optional_time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def optional_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def customer(row: sqlite3.Row) -> Customer:
    return Customer(
        id=row["id"],
        name=row["name"],
        called=row["called"],
        company=row["company"],
        phone=row["phone"],
        email=row["email"],
        tags=tuple(json.loads(row["tags"] or "[]")),
        every=row["every"],
        since=optional_date(row["since"]),
        quiet_until=optional_date(row["quiet_until"]),
        referred_by=row["referred_by"],
    )


def note(row: sqlite3.Row) -> Note:
    return Note(
        id=row["id"],
        customer_id=row["customer_id"],
        at=datetime.fromisoformat(row["at"]),
        via=row["via"],
        text=row["text"],
        work=bool(row["work"]),
        amount=stored_amount(row["amount"]),
        timed=bool(row["timed"]),
    )


def fact(row: sqlite3.Row) -> Fact:
    return Fact(
        id=row["id"],
        customer_id=row["customer_id"],
        topic=row["topic"],
        text=row["text"],
        learned=date.fromisoformat(row["learned"]),
        when=optional_date(row["event"]),
        private=bool(row["private"]),
        superseded_by=row["superseded_by"],
        addressed=optional_date(row["addressed"]),
        addressed_note_id=row["addressed_note_id"],
    )


def followup(row: sqlite3.Row) -> Followup:
    return Followup(
        id=row["id"],
        customer_id=row["customer_id"],
        due=date.fromisoformat(row["due"]),
        text=row["text"],
        kind=row["kind"],
        every=row["every"],
        from_done=bool(row["from_done"]),
        estimate=stored_amount(row["estimate"]),
        done=optional_date(row["done"]),
        created=optional_date(row["created"]),
        at_start=optional_time(row["at_start"]),
        at_end=optional_time(row["at_end"]),
        anchor=optional_date(row["anchor"]),
        promised=optional_date(row["promised"]),
    )
