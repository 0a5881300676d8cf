"""The recap: a summary a business sends its customer. What we did, what is coming up.

Everything here is chosen for the customer's eyes: work notes (never other notes), and the
follow-ups that are about the customer's own work: postponed work by month, each visit of a
recurring service, appointments, and what we promised them. Facts of any kind, questions to
ask, callbacks and what we wait on never come in; nor do ids. Amounts are dropped here, before
any renderer sees them, unless prices were asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from custlog.domain.context import Context
from custlog.domain.settings import Settings
from custlog.models import Customer, Followup, Note
from custlog.parsing import dates
from custlog.parsing.times import Appointment

DEFAULT_MONTHS = 6
MAX_MONTHS = 60
DEFAULT_SINCE_DAYS = 365

# How a coming item reads: a dated visit, a promise kept by a day, or suggested work.
VISIT, PROMISE, SUGGESTED = "visit", "promise", "suggested"


@dataclass(frozen=True)
class DoneItem:
    day: date
    text: str
    amount: float | None


@dataclass(frozen=True)
class ComingItem:
    day: date  # for suggested work, any day of its month
    text: str
    amount: float | None
    form: str  # VISIT, PROMISE or SUGGESTED
    at: Appointment | None = None


@dataclass(frozen=True)
class ComingMonth:
    start: date
    items: list[ComingItem]


@dataclass(frozen=True)
class Recap:
    name: str  # the full name (JSON only)
    called: str  # how the recap greets them
    since: date
    until: date  # the last day of "coming up"
    today: date
    did: list[DoneItem]
    coming: list[ComingMonth]
    business: str | None
    currency: str
    prices: bool

    @property
    def coming_items(self) -> list[ComingItem]:
        return [i for m in self.coming for i in m.items]

    @property
    def did_total(self) -> float | None:
        amounts = [i.amount for i in self.did if i.amount is not None]
        return round(sum(amounts), 2) if amounts else None

    @property
    def coming_total(self) -> float | None:
        amounts = [i.amount for i in self.coming_items if i.amount is not None]
        return round(sum(amounts), 2) if amounts else None


def one_line(text: str) -> str:
    """A note or follow-up as one line: runs of white space (newlines too) become a space."""
    return " ".join(text.split())


def done_items(notes: Iterable[Note], since: date, today: date, prices: bool) -> list[DoneItem]:
    """Work notes from `since` to today, oldest first; other notes never."""
    chosen = [n for n in notes if n.work and since <= n.at.date() <= today]
    chosen.sort(key=lambda n: (n.at, n.id))
    return [
        DoneItem(n.at.date(), one_line(n.text), n.amount if prices else None)
        for n in chosen
        if one_line(n.text)
    ]


def _form(f: Followup) -> str | None:
    """How an open follow-up shows in a recap, or None when it is ours alone."""
    if f.kind == "deferred":
        return SUGGESTED
    if f.kind == "promise":
        return PROMISE
    if f.kind == "callback" and (f.every or f.at_start is not None):
        return VISIT  # a recurring service, or an appointment
    return None  # a plain callback, a question to ask, what we wait on


def coming_items(
    followups: Sequence[Followup], today: date, end: date, prices: bool
) -> list[ComingItem]:
    """Each occurrence, from today to `end`, of what the customer should know about."""
    from custlog.domain.planning import occurrences

    items: list[ComingItem] = []
    for f in followups:
        form = _form(f)
        text = one_line(f.text)
        if f.done is not None or form is None or not text:
            continue
        for day in occurrences(f, today, end):
            if day < today:
                if form == VISIT:
                    continue  # a missed visit is ours to rebook, not theirs to read
                day = today  # still owed, still on offer: this month
            amount = f.estimate if prices else None
            items.append(ComingItem(day, text, amount, form, f.appointment))
    order = {PROMISE: 0, VISIT: 1, SUGGESTED: 2}
    items.sort(key=lambda i: (i.day, order[i.form], i.at.start if i.at else datetime.min.time()))
    return items


def by_month(items: Iterable[ComingItem], today: date, months: int) -> list[ComingMonth]:
    from custlog.domain.planning import month_key, month_starts

    grouped: dict[date, list[ComingItem]] = {start: [] for start in month_starts(today, months)}
    for item in items:
        grouped.setdefault(month_key(item.day), []).append(item)
    return [ComingMonth(start, found) for start, found in grouped.items() if found]


def assemble(
    customer: Customer,
    notes: Iterable[Note],
    followups: Sequence[Followup],
    settings: Settings,
    *,
    today: date,
    since: date,
    months: int = DEFAULT_MONTHS,
    prices: bool = False,
) -> Recap:
    """The recap from the customer's records (pure: nothing is read here)."""
    from custlog.domain.planning import window_end

    end = window_end(today, months)
    return Recap(
        name=customer.name,
        called=one_line(customer.handle),
        since=since,
        until=end,
        today=today,
        did=done_items(notes, since, today, prices),
        coming=by_month(coming_items(followups, today, end, prices), today, months),
        business=settings.business,
        currency=settings.currency,
        prices=prices,
    )


def parse_since(text: str | None, today: date) -> date:
    """`--since`: a past-looking WHEN; by default twelve months ago."""
    if text is None:
        return today - timedelta(days=DEFAULT_SINCE_DAYS)
    return dates.parse_when(text, today, "past")


def build(
    ctx: Context,
    customer: Customer,
    *,
    since: date,
    months: int = DEFAULT_MONTHS,
    prices: bool = False,
) -> Recap:
    from custlog.domain.settings import load

    start = datetime.combine(since, datetime.min.time())
    return assemble(
        customer,
        ctx.store.notes.work_since(customer.id, start),
        ctx.store.followups.of_customer(customer.id, open_only=False),
        load(ctx.store),
        today=ctx.today,
        since=since,
        months=months,
        prices=prices,
    )
