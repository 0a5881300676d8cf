"""Stay-in-touch periods: which one applies to a customer, and how cold they are."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple

from custlog.models import Customer
from custlog.parsing import dates

Status = Literal["ok", "due", "overdue"]
OVERDUE_FACTOR = 1.5
# A customer's own "never": no stay-in-touch period, whatever their tags' periods say.
NEVER = "never"
_OFF = ("never", "none", "off")


def parse_every(text: str) -> str | None:
    """A customer's `--every`: a canonical period, NEVER ("never", "none", "off"), or None
    for an empty value (no period of their own: their tags' periods apply)."""
    value = text.strip().lower()
    if not value:
        return None
    if value in _OFF:
        return NEVER
    return dates.parse_period(text).canonical()


class Cadence(NamedTuple):
    every: str  # canonical period
    every_days: int
    source: str  # "customer" or "tag:<name>"
    last_contact: datetime | None
    days_since: int
    status: Status
    on: date  # the day the status is for
    quiet_until: date | None = None  # a snooze in effect on the day: no nudge before then

    @property
    def nudge(self) -> bool:
        """Whether to nudge: past the period and not snoozed (`custlog snooze C12 WHEN`)."""
        return self.status != "ok" and self.quiet_until is None

    def describe(self) -> str:
        return dates.parse_period(self.every).describe()

    @property
    def due_day(self) -> date:
        """The first day past the period: a 30-day period counted from Nov 1 is due Dec 1
        (day 31), the day `status` turns from "ok" to "due"."""
        start = self.on - timedelta(days=self.days_since)
        return start + timedelta(days=self.every_days + 1)


def effective_period(customer: Customer, tag_cadences: dict[str, str]) -> tuple[str, str] | None:
    """The customer's own period wins (their own "never" too); otherwise the shortest of
    their tags' periods."""
    if customer.every == NEVER:
        return None
    if customer.every:
        return customer.every, "customer"
    options = [
        (dates.parse_period(tag_cadences[tag]).approx_days(), tag_cadences[tag], tag)
        for tag in customer.tags
        if tag in tag_cadences
    ]
    if not options:
        return None
    _days, every, tag = min(options)
    return every, f"tag:{tag}"


def cadence_of(
    customer: Customer,
    last_contact: datetime | None,
    tag_cadences: dict[str, str],
    on: date,
) -> Cadence | None:
    found = effective_period(customer, tag_cadences)
    if found is None:
        return None
    every, source = found
    every_days = dates.parse_period(every).approx_days()
    start = last_contact.date() if last_contact else (customer.since or on)
    days_since = (on - start).days
    status: Status = "ok"
    if days_since > every_days * OVERDUE_FACTOR:
        status = "overdue"
    elif days_since > every_days:  # "past the period": a 30-day period is due on day 31
        status = "due"
    return Cadence(
        every, every_days, source, last_contact, days_since, status, on, quiet_on(customer, on)
    )


def quiet_on(customer: Customer, on: date) -> date | None:
    """The end of the customer's snooze when it is still in effect on `on`. Logging a note
    ends a snooze (`Notes.add` clears it), so only the date needs checking here; the SQL twin
    is `StayInTouch.candidates` (custlog.storage.cadence)."""
    if customer.quiet_until is not None and on < customer.quiet_until:
        return customer.quiet_until
    return None
