"""A customer's next months on one timeline: what we owe, what they postponed, the services
that come round again, their dates, and when to get in touch.

The window is calendar months: the current month and the `months - 1` after it, so the plan
for six months made on 24 November runs to the end of April. What is already late (overdue
follow-ups, a stay-in-touch date that has passed, questions still to ask) comes first, as
"now".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from custlog.domain import kinds, privacy
from custlog.domain.cadence import Cadence
from custlog.domain.context import Context
from custlog.models import YEARLY_TOPICS, Customer, Fact, Followup, Note
from custlog.parsing import dates
from custlog.parsing.money import DEFAULT_CURRENCY
from custlog.parsing.times import Appointment

DEFAULT_MONTHS = 6
MAX_OCCURRENCES = 1000  # per follow-up: a daily one over five years stays drawable


@dataclass(frozen=True)
class PlanItem:
    """One thing on the timeline.

    `kind` is a follow-up kind (promise, callback, waiting, deferred, ask), or "birthday",
    "anniversary", "event" (a dated fact) or "touch" (the stay-in-touch date).
    """

    day: date
    kind: str
    text: str
    followup_id: int | None = None
    fact_id: int | None = None
    estimate: float | None = None
    every: str | None = None  # the period of a recurring follow-up
    projected: bool = False  # a later occurrence of a recurring follow-up
    overdue_days: int = 0
    years: int | None = None  # the age turned, or years married, when the year is known
    declined: int = 0  # postponed work: how often it was offered and declined
    at: Appointment | None = None  # an appointment's time

    @property
    def ref(self) -> str | None:
        """What to type to act on it: `#12` (a follow-up) or `F7` (a dated fact)."""
        if self.followup_id is not None:
            return f"#{self.followup_id}"
        if self.fact_id is not None:
            return f"F{self.fact_id}"
        return None


def _estimates(items: Iterable[PlanItem], kind: str | None = None) -> float:
    return round(float(sum(i.estimate or 0.0 for i in items if kind is None or i.kind == kind)), 2)


@dataclass
class PlanMonth:
    start: date  # the first of the month
    items: list[PlanItem] = field(default_factory=list)

    @property
    def deferred(self) -> list[PlanItem]:
        return [i for i in self.items if i.kind == "deferred"]

    @property
    def deferred_total(self) -> float:
        """Postponed work to offer again this month."""
        return _estimates(self.items, "deferred")

    @property
    def total(self) -> float:
        """Every amount this month: postponed work and priced recurring services."""
        return _estimates(self.items)


@dataclass
class Plan:
    customer: Customer
    today: date
    end: date  # the last day of the window
    months: list[PlanMonth]
    now: list[PlanItem]  # already late: overdue follow-ups, contact, questions
    cadence: Cadence | None = None
    hidden_private: int = 0
    currency: str = DEFAULT_CURRENCY

    @property
    def items(self) -> list[PlanItem]:
        return [*self.now, *(i for m in self.months for i in m.items)]

    @property
    def deferred_total(self) -> float:
        """Postponed work to offer, from now to the end of the window."""
        return _estimates(self.items, "deferred")

    @property
    def now_deferred_total(self) -> float:
        return _estimates(self.now, "deferred")

    @property
    def is_empty(self) -> bool:
        """Nothing to plan, and nothing held back either (else the plan says so)."""
        return not self.items and not self.hidden_private


# -- the window ------------------------------------------------------------------------------


def month_starts(today: date, months: int) -> list[date]:
    """The first day of the current month and of each of the `months - 1` after it."""
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def window_end(today: date, months: int) -> date:
    """The last day of the window of `months` calendar months starting with today's."""
    last = month_starts(today, months + 1)[-1]
    return last - timedelta(days=1)


def month_key(day: date) -> date:
    return day.replace(day=1)


# -- recurring follow-ups ---------------------------------------------------------------------


def occurrences(followup: Followup, today: date, end: date) -> list[date]:
    """The days an open follow-up falls on up to `end` (`recurrence.occurrences`)."""
    from custlog.domain.recurrence import occurrences

    return occurrences(followup, today, end, MAX_OCCURRENCES)


def followup_items(
    followup: Followup,
    today: date,
    end: date,
    declined: int = 0,
) -> list[PlanItem]:
    items = []
    for index, day in enumerate(occurrences(followup, today, end)):
        items.append(
            PlanItem(
                day=day,
                kind=followup.kind,
                text=followup.text,
                followup_id=followup.id,
                estimate=followup.estimate,
                every=followup.every,
                projected=index > 0,
                overdue_days=max(0, (today - day).days),
                declined=declined,
                at=followup.appointment,
            )
        )
    return items


# -- facts -------------------------------------------------------------------------------------


def yearly_items(fact: Fact, today: date, end: date) -> list[PlanItem]:
    """Each birthday or anniversary of a yearly fact from today to `end`."""
    try:
        yearly = dates.parse_yearly(fact.text)
    except Exception:  # a hand-edited value: leave it to the briefing's plain fact list
        return []
    items = []
    day = yearly.next_occurrence(today)
    while day <= end:
        items.append(
            PlanItem(day, fact.topic, fact.topic, fact_id=fact.id, years=yearly.age_on(day))
        )
        day = yearly.next_occurrence(day + timedelta(days=1))
    return items


def event_item(fact: Fact) -> PlanItem:
    assert fact.when is not None
    return PlanItem(fact.when, "event", f"{fact.topic}: {fact.text}", fact_id=fact.id)


def touch_item(cadence: Cadence, today: date) -> PlanItem:
    """The first day past the stay-in-touch period (`Cadence.due_day`)."""
    due = cadence.due_day
    if cadence.last_contact is None:
        text = f"Get in touch: no contact logged yet ({cadence.describe()})"
    else:
        text = f"Get in touch ({cadence.describe()})"
    return PlanItem(due, "touch", text, overdue_days=max(0, (today - due).days))


# -- the plan ----------------------------------------------------------------------------------


def _order(item: PlanItem) -> tuple[date, int, int, int]:
    ident = item.followup_id or item.fact_id or 0
    return (item.day, kinds.order(item.kind), int(item.projected), ident)


def arrange(
    customer: Customer,
    today: date,
    months: int,
    items: Iterable[PlanItem],
    *,
    cadence: Cadence | None = None,
    hidden_private: int = 0,
) -> Plan:
    """Sort items into "now" (late) and the months of the window; later ones are left out."""
    starts = month_starts(today, months)
    end = window_end(today, months)
    by_month = {start: PlanMonth(start) for start in starts}
    now: list[PlanItem] = []
    for item in sorted(items, key=_order):
        if item.day < today or item.overdue_days:
            now.append(item)
        elif item.day <= end:
            by_month[month_key(item.day)].items.append(item)
    now.sort(key=lambda i: (kinds.order(i.kind), i.day))  # what we owe first
    return Plan(customer, today, end, list(by_month.values()), now, cadence, hidden_private)


def fact_items(fact: Fact, last: Note | None, today: date, end: date) -> list[PlanItem]:
    """What one fact puts on the plan: its yearly dates, its event, the question after it."""
    from custlog.domain.questions import dated_fact_questions

    items: list[PlanItem] = []
    if fact.topic in YEARLY_TOPICS:
        items += yearly_items(fact, today, end)
    elif fact.when is not None and today <= fact.when <= end:
        items.append(event_item(fact))
    for q in dated_fact_questions([fact], last, today):
        assert q.since is not None
        items.append(
            PlanItem(q.since, "ask", q.text, fact_id=q.fact_id, overdue_days=(today - q.since).days)
        )
    return items


def build(
    ctx: Context,
    customer: Customer,
    *,
    months: int = DEFAULT_MONTHS,
    show_private: bool = False,
) -> Plan:
    """The customer's next `months` calendar months, from the log."""
    from custlog.domain.cadence import cadence_of
    from custlog.domain.questions import check_in_answered
    from custlog.domain.settings import load

    store, today = ctx.store, ctx.today
    end = window_end(today, months)
    items: list[PlanItem] = []

    last = store.notes.last(customer.id)
    history = store.followups.of_customer(customer.id)
    offers = store.offers.of_followups(f.id for f in history if f.kind == "deferred")
    for f in history:
        if not check_in_answered(f, last):
            declined = sum(1 for o in offers.get(f.id, []) if o.outcome == "declined")
            items += followup_items(f, today, end, declined)

    hidden = 0
    for fact in store.facts.of_customer(customer.id):
        found = fact_items(fact, last, today, end)
        if privacy.shareable(fact.private, show_private=show_private):
            items += found
        elif any(item.day <= end for item in found):
            hidden += 1  # it would have been on the plan: say that something is not shown

    cadence = cadence_of(customer, last.at if last else None, store.cadence.tag_cadences(), today)
    if cadence is not None:
        items.append(touch_item(cadence, today))
    plan = arrange(customer, today, months, items, cadence=cadence, hidden_private=hidden)
    plan.currency = load(store).currency
    return plan
