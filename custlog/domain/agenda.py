"""The morning list: what is due, who is going cold, whose birthday is coming."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Literal, NamedTuple

from custlog.domain import kinds, privacy
from custlog.domain.briefing import (
    QUESTION_FOR_DAYS,
    YearlyView,
    answered,
    check_in_answered,
    is_check_in,
    yearly_view,
)
from custlog.domain.cadence import Cadence, cadence_of
from custlog.domain.context import Context
from custlog.errors import BadInput
from custlog.models import YEARLY_TOPICS, Customer, Fact, Followup, Note
from custlog.parsing.money import DEFAULT_CURRENCY

DEFAULT_DAYS = 7

Bucket = Literal["overdue", "today", "soon"]
BUCKETS: tuple[Bucket, ...] = ("overdue", "today", "soon")


def bucket(day: date, on: date) -> Bucket:
    """Where a dated row of the morning list goes: before `on` is overdue, then today, then
    the days ahead."""
    if day < on:
        return "overdue"
    return "today" if day == on else "soon"


class DueFollowup(NamedTuple):
    followup: Followup
    customer: Customer
    overdue_days: int  # 0 when due on the day or later
    in_days: int  # negative when overdue

    @property
    def day(self) -> date:
        return self.followup.due


class GoingCold(NamedTuple):
    customer: Customer
    cadence: Cadence

    @property
    def day(self) -> date:
        """The day contact fell due: the first day past the period."""
        return self.cadence.due_day


class Rows(NamedTuple):
    """What one heading of the morning list holds."""

    followups: list[DueFollowup]
    going_cold: list[GoingCold]
    dates: list[YearlyView]

    def __len__(self) -> int:
        return len(self.followups) + len(self.going_cold) + len(self.dates)


class EventQuestion(NamedTuple):
    """A dated fact whose event has passed: ask how it went."""

    customer: Customer
    fact: Fact
    days_ago: int


@dataclass
class Agenda:
    on: date
    days: int
    followups: list[DueFollowup] = field(default_factory=list)
    going_cold: list[GoingCold] = field(default_factory=list)
    dates: list[YearlyView] = field(default_factory=list)
    questions: list[EventQuestion] = field(default_factory=list)
    currency: str = DEFAULT_CURRENCY

    def rows(self, which: Bucket) -> Rows:
        """The rows under one heading: follow-ups, stay-in-touch dates and yearly dates."""
        return Rows(
            [f for f in self.followups if bucket(f.day, self.on) == which],
            [g for g in self.going_cold if bucket(g.day, self.on) == which],
            [y for y in self.dates if bucket(y.date, self.on) == which],
        )

    def count(self, which: Bucket) -> int:
        return len(self.rows(which))

    @property
    def is_empty(self) -> bool:
        return not (self.followups or self.going_cold or self.dates or self.questions)


def _month_days(start: date, days: int) -> list[str]:
    """Every "MM-DD" in the window; Feb 29 stands in for Feb 28 in common years."""
    found = []
    for offset in range(days + 1):
        day = start + timedelta(days=offset)
        found.append(day.strftime("%m-%d"))
        if day.month == 2 and day.day == 28 and (day + timedelta(days=1)).month == 3:
            found.append("02-29")
    return found


def day_order(f: Followup) -> tuple[date, int, time, int, int]:
    """The order of a day's follow-ups: appointments first, in time order, then by kind."""
    start = f.at_start
    return (f.due, 0 if start else 1, start or time.min, kinds.order(f.kind), f.id)


def build(ctx: Context, *, on: date | None = None, days: int = DEFAULT_DAYS) -> Agenda:
    store = ctx.store
    day = on or ctx.today
    try:  # the window, the questions of the month before it and next year's birthdays
        end = day + timedelta(days=days)
        date(end.year + 1, 1, 1) - timedelta(days=QUESTION_FOR_DAYS)
        day - timedelta(days=QUESTION_FOR_DAYS)
    except (OverflowError, ValueError):
        raise BadInput(
            f"cannot show the list as of {day.isoformat()}: it is too far away"
        ) from None
    from custlog.domain.settings import load

    agenda = Agenda(on=day, days=days, currency=load(store).currency)

    followups = store.followups.open_until(end)
    # Private facts stay out of the morning list (its --all shows every row, not secrets).
    yearly_facts, _ = privacy.visible(
        store.facts.yearly(YEARLY_TOPICS, _month_days(day, days)), show_private=False
    )
    event_facts, _ = privacy.visible(
        store.facts.dated(day - timedelta(days=1), day - timedelta(days=QUESTION_FOR_DAYS)),
        show_private=False,
    )
    people = store.customers.by_id(
        [f.customer_id for f in followups]
        + [f.customer_id for f in yearly_facts]
        + [f.customer_id for f in event_facts]
    )
    last_notes: dict[int, Note | None] = {}
    for f in followups:
        if is_check_in(f):
            if f.customer_id not in last_notes:
                last_notes[f.customer_id] = store.notes.last(f.customer_id)
            if check_in_answered(f, last_notes[f.customer_id]):
                continue
        in_days = (f.due - day).days
        agenda.followups.append(DueFollowup(f, people[f.customer_id], max(0, -in_days), in_days))
    agenda.followups.sort(key=lambda d: day_order(d.followup))

    tag_cadences = store.cadence.tag_cadences()
    for customer, last_contact in store.cadence.candidates(day):
        cadence = cadence_of(customer, last_contact, tag_cadences, day)
        if cadence is not None and cadence.status != "ok":
            agenda.going_cold.append(GoingCold(customer, cadence))
    agenda.going_cold.sort(
        key=lambda g: (-g.cadence.days_since / max(g.cadence.every_days, 1), g.customer.name)
    )

    for fact in yearly_facts:
        view = yearly_view(people[fact.customer_id], fact, day)
        if view is not None and view.in_days <= days:
            agenda.dates.append(view)
    agenda.dates.sort(key=lambda y: (y.in_days, y.customer.name))

    for fact in event_facts:
        if answered(fact, store.notes.last(fact.customer_id)):
            continue
        assert fact.when is not None
        agenda.questions.append(
            EventQuestion(people[fact.customer_id], fact, (day - fact.when).days)
        )
    return agenda
