"""Rows as records: what each table's row becomes when it is read."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time

from custlog.models import Customer, Fact, Followup, Note
from custlog.parsing.money import stored_amount


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
