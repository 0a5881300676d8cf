"""Concerns: a fact under the topic `concern` stays open until `done F<id>` says how it was
addressed. One place for what "open" means and when `due` brings one up."""

from __future__ import annotations

from datetime import date

from custlog.models import Fact

TOPIC = "concern"
# `due` mentions a concern left open for more than this many days.
DUE_AFTER_DAYS = 30


def is_concern(fact: Fact) -> bool:
    return fact.topic == TOPIC


def is_open(fact: Fact) -> bool:
    """The one rule for an open concern: a current fact (not replaced by a newer one) under
    the topic `concern` that no `done F<id> --note` has addressed. The storage's SQL
    (`Facts.open_concerns`) says the same, and a test holds the two together."""
    return is_concern(fact) and fact.addressed is None and fact.superseded_by is None


def open_flag(fact: Fact) -> bool | None:
    """`open` in JSON: true or false for a concern, null for any other fact."""
    return is_open(fact) if is_concern(fact) else None


def days_open(fact: Fact, today: date) -> int:
    return max(0, (today - fact.learned).days)


def overdue(fact: Fact, today: date) -> bool:
    """Left open long enough for `due` to mention it."""
    return is_open(fact) and days_open(fact, today) > DUE_AFTER_DAYS
