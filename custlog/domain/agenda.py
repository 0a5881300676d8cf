"""The morning list: what is due, ranked by what costs trust first.

Six sections, in this order (`SECTIONS`): promises we are late on; calls and work due
(callbacks overdue, then everything due today); what customers owe us; the next days; people
to get back in touch with; dates and questions (birthdays, anniversaries, questions to ask).
A section has one row per customer, with that customer's reasons together.

On a big book the list is one screen: when it has more than `SHORT_LIST` rows, each section
keeps its `PRESSING` most pressing rows and says how many more there are. The counts come
from SQL (the store counts the customers of each section), so a book of 9,000 due rows reads
a few dozen of them.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Literal, NamedTuple

from custlog.domain import concerns, kinds, privacy
from custlog.domain.cadence import Cadence, cadence_of
from custlog.domain.context import Context
from custlog.domain.questions import (
    QUESTION_FOR_DAYS,
    YearlyView,
    answered,
    check_in_answered,
    is_check_in,
    yearly_view,
)
from custlog.errors import BadInput
from custlog.models import YEARLY_TOPICS, Customer, Fact, Followup, Note
from custlog.parsing.money import DEFAULT_CURRENCY
from custlog.render.words import short_date

DEFAULT_DAYS = 7
SHORT_LIST = 20  # a list of at most this many rows is shown whole
PRESSING = 3  # otherwise, the rows each section shows


Bucket = Literal["overdue", "today", "soon"]
BUCKETS: tuple[Bucket, ...] = ("overdue", "today", "soon")


def bucket(day: date, on: date) -> Bucket:
    """Where a dated row of the morning list goes: before `on` is overdue, then today, then
    the days ahead."""
    if day < on:
        return "overdue"
    return "today" if day == on else "soon"


class SectionRule(NamedTuple):
    """An open follow-up goes in the first section whose rule it meets."""

    section: str
    kinds: tuple[str, ...] | None  # None: any kind
    when: Bucket | None  # the follow-up's bucket (`bucket`); None: any day


# Which section a follow-up is in. The store turns the same rules into SQL
# (`Followups.due_counts`); a test checks that the two agree.
FOLLOWUP_RULES: tuple[SectionRule, ...] = (
    SectionRule("dates", ("ask",), None),
    SectionRule("soon", None, "soon"),
    SectionRule("late", ("promise",), "overdue"),
    SectionRule("waiting", ("waiting",), None),
    SectionRule("todo", None, None),
)
SECTIONS: tuple[str, ...] = ("late", "todo", "waiting", "soon", "touch", "dates")


def section_of(kind: str, due: date, on: date) -> str:
    """The section of the morning list an open follow-up goes in."""
    for rule in FOLLOWUP_RULES:
        if rule.kinds is not None and kind not in rule.kinds:
            continue
        if rule.when is not None and bucket(due, on) != rule.when:
            continue
        return rule.section
    raise AssertionError("the last rule takes every follow-up")


class DueFollowup(NamedTuple):
    followup: Followup
    customer: Customer
    overdue_days: int  # 0 when due on the day or later
    in_days: int  # negative when overdue


class GoingCold(NamedTuple):
    customer: Customer
    cadence: Cadence

    @property
    def day(self) -> date:
        """The day contact fell due: the first day past the period."""
        return self.cadence.due_day


class EventQuestion(NamedTuple):
    """A dated fact whose event has passed: ask how it went."""

    customer: Customer
    fact: Fact
    days_ago: int


class OpenConcern(NamedTuple):
    """A concern left open for more than `concerns.DUE_AFTER_DAYS`: address it."""

    customer: Customer
    fact: Fact
    days_open: int


# The classes below are plain ones, not dataclasses: `due` imports this module on every run,
# and each dataclass costs about a third of a millisecond to create.


class DueRow:
    """One customer in one section, with every reason they are there."""

    __slots__ = ("cold", "concerns", "customer", "dates", "followups", "questions")

    def __init__(self, customer: Customer, cold: GoingCold | None = None) -> None:
        self.customer = customer
        self.followups: list[DueFollowup] = []
        self.cold = cold
        self.dates: list[YearlyView] = []
        self.questions: list[EventQuestion] = []
        self.concerns: list[OpenConcern] = []  # open over 30 days

    def day(self, on: date) -> date:
        """The day that ranks the row: its oldest follow-up, nearest date, or today."""
        days = [d.followup.due for d in self.followups] + [y.date for y in self.dates]
        if self.questions or self.concerns:
            days.append(on)
        return min(days, default=on)


class Section:
    __slots__ = ("key", "rows", "total")

    def __init__(self, key: str, rows: list[DueRow], total: int) -> None:
        self.key = key
        self.rows = rows  # the rows shown, most pressing first
        self.total = total  # the rows of the whole section

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


class Agenda:
    __slots__ = ("currency", "days", "everything", "on", "sections", "today")

    def __init__(
        self,
        on: date,
        days: int,
        today: date,
        *,
        everything: bool = True,
        currency: str = DEFAULT_CURRENCY,
    ) -> None:
        self.on = on
        self.days = days
        self.today = today  # the real today (`on` is the day the list is for): the year shown
        self.sections: list[Section] = []
        self.everything = everything  # asked for every row (`--all`, `--json`)
        self.currency = currency

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def is_empty(self) -> bool:
        return not any(s.total for s in self.sections)

    # Every row of the shown sections, flat (with `complete`, every row of the list).
    @property
    def followups(self) -> list[DueFollowup]:
        found = [d for s in self.sections for r in s.rows for d in r.followups]
        return sorted(found, key=lambda d: day_order(d.followup))

    @property
    def going_cold(self) -> list[GoingCold]:
        return [r.cold for r in self.section("touch").rows if r.cold is not None]

    @property
    def dates(self) -> list[YearlyView]:
        found = [y for r in self.section("dates").rows for y in r.dates]
        return sorted(found, key=lambda y: (y.in_days, y.customer.name))

    @property
    def questions(self) -> list[EventQuestion]:
        found = [q for r in self.section("dates").rows for q in r.questions]
        return sorted(found, key=lambda q: (q.fact.when or q.fact.learned, q.fact.id))

    @property
    def concerns(self) -> list[OpenConcern]:
        found = [c for r in self.section("dates").rows for c in r.concerns]
        return sorted(found, key=lambda c: (c.fact.learned, c.fact.id))


def _month_days(start: date, days: int) -> list[str]:
    """Every "MM-DD" in the window; Feb 29 stands in for Feb 28 in common years."""
    found = []
    for offset in range(days + 1):
        day = start + timedelta(days=offset)
        found.append(day.strftime("%m-%d"))
        if day.month == 2 and day.day == 28 and (day + timedelta(days=1)).month == 3:
            found.append("02-29")
    return found


def build(
    ctx: Context, *, on: date | None = None, days: int = DEFAULT_DAYS, everything: bool = True
) -> Agenda:
    """The list as of `on`. Without `everything`, a list of more than `SHORT_LIST` rows keeps
    the `PRESSING` most pressing rows of each section (and the count of all of them)."""
    store = ctx.store
    day = on or ctx.today
    try:  # the window, the questions of the month before it and next year's birthdays
        end = day + timedelta(days=days)
        date(end.year + 1, 1, 1) - timedelta(days=QUESTION_FOR_DAYS)
        day - timedelta(days=QUESTION_FOR_DAYS)
    except (OverflowError, ValueError):
        raise BadInput(
            f"cannot show the list as of {short_date(day, ctx.today)}: it is too far away"
        ) from None

    # Private facts stay out of the morning list (its --all shows every row, not secrets).
    yearly_facts, _ = privacy.visible(
        store.facts.yearly(YEARLY_TOPICS, _month_days(day, days)), show_private=False
    )
    event_facts, _ = privacy.visible(
        store.facts.dated(day - timedelta(days=1), day - timedelta(days=QUESTION_FOR_DAYS)),
        show_private=False,
    )
    # Concerns left open too long are raised with the questions (`dates`).
    worries, _ = privacy.visible(
        store.facts.open_concerns(concerns.TOPIC, day - timedelta(days=concerns.DUE_AFTER_DAYS)),
        show_private=False,
    )
    dated_ids = (
        {f.customer_id for f in yearly_facts}
        | {f.customer_id for f in event_facts}
        | {f.customer_id for f in worries}
    )

    # Counted in SQL: the customers of each section. The `dates` section also has the
    # customers of the birthdays and events above that have no question to ask.
    counts = store.followups.due_counts(day, end, FOLLOWUP_RULES, sorted(dated_ids))
    totals = {key: counts.get(key, (0, 0))[0] for key in SECTIONS}
    totals["dates"] += len(dated_ids) - counts.get("dates", (0, 0))[1]
    touch_total, touch = store.cadence.nudges(day, None if everything else SHORT_LIST)
    totals["touch"] = touch_total
    short = everything or sum(totals.values()) <= SHORT_LIST
    need = None if short else PRESSING

    # The rows: each section's customers in the order of their oldest follow-up, read
    # oldest first until every section has the rows it shows.
    picked: dict[str, dict[int, None]] = {key: {} for key in SECTIONS}
    counted = {key: counts.get(key, (0, 0))[0] for key in SECTIONS}
    passes = (
        (None, day, ("late", "todo", "waiting", "dates")),  # overdue and today
        (day + timedelta(days=1), end, ("soon", "dates")),  # the next days
    )
    for first, last, filling in passes:
        for customer_id, kind, due in store.followups.open_due_in_order(first, last):
            chosen = picked[section_of(kind, due, day)]
            if need is None or len(chosen) < need:
                chosen[customer_id] = None
            elif all(len(picked[k]) >= min(need, counted[k]) for k in filling):
                break
    shown = sorted({cid for ids in picked.values() for cid in ids})
    people = store.customers.by_id([*shown, *dated_ids])
    rows: dict[str, dict[int, DueRow]] = {
        key: {cid: DueRow(people[cid]) for cid in picked[key]} for key in SECTIONS
    }
    last_notes: dict[int, Note | None] = {}
    for f in store.followups.open_of(shown, end):
        row = rows[section_of(f.kind, f.due, day)].get(f.customer_id)
        if row is not None and is_check_in(f):  # a check-in a later note answered: done
            if f.customer_id not in last_notes:
                last_notes[f.customer_id] = store.notes.last(f.customer_id)
            if check_in_answered(f, last_notes[f.customer_id]):
                continue
        if row is not None:
            in_days = (f.due - day).days
            row.followups.append(DueFollowup(f, row.customer, max(0, -in_days), in_days))

    tag_cadences = store.cadence.tag_cadences()
    for customer, last_contact in touch:
        cadence = cadence_of(customer, last_contact, tag_cadences, day)
        if cadence is not None and cadence.nudge:
            rows["touch"][customer.id] = DueRow(customer, cold=GoingCold(customer, cadence))

    dated = rows["dates"]
    for fact in yearly_facts:
        view = yearly_view(people[fact.customer_id], fact, day)
        if view is not None and view.in_days <= days:
            dated.setdefault(fact.customer_id, DueRow(view.customer)).dates.append(view)
    for fact in event_facts:
        if answered(fact, store.notes.last(fact.customer_id)):
            continue
        assert fact.when is not None
        who = people[fact.customer_id]
        question = EventQuestion(who, fact, (day - fact.when).days)
        dated.setdefault(fact.customer_id, DueRow(who)).questions.append(question)
    for fact in worries:
        who = people[fact.customer_id]
        worry = OpenConcern(who, fact, concerns.days_open(fact, day))
        dated.setdefault(fact.customer_id, DueRow(who)).concerns.append(worry)
    from custlog.domain.settings import load

    agenda = Agenda(
        on=day, days=days, today=ctx.today, everything=everything, currency=load(store).currency
    )
    for key in SECTIONS:
        ordered = list(rows[key].values())
        if key == "dates":
            ordered.sort(key=lambda r: _dates_rank(r, day))
        elif key == "todo":
            ordered.sort(key=lambda r: _todo_rank(r, day))
        if need is not None:
            ordered = ordered[:need]
        for row in ordered:
            row.followups.sort(key=lambda d: _followup_rank(d, day))
            row.dates.sort(key=lambda y: y.in_days)
        agenda.sections.append(Section(key, ordered, totals[key]))
    return agenda


def day_order(f: Followup) -> tuple[date, int, time, int, int]:
    """The order of a day's follow-ups: appointments first, in time order, then by kind."""
    start = f.at_start
    return (f.due, 0 if start else 1, start or time.min, kinds.order(f.kind), f.id)


def _followup_rank(d: DueFollowup, on: date) -> tuple[date, int, time, int, int]:
    """By day; within a day, appointments first in time order (`remind --at`)."""
    return day_order(d.followup)


def _todo_rank(row: DueRow, on: date) -> tuple[date, time]:
    """Overdue first (oldest first, as read); then today's, appointments first by time."""
    day = row.day(on)
    times = [d.followup.at_start for d in row.followups if d.followup.due == day]
    return (day, min((t for t in times if t is not None), default=time.max))


def _dates_rank(row: DueRow, on: date) -> tuple[int, date]:
    """A birthday or anniversary first (it will not wait), nearest first; then an event to
    ask about; then questions to ask, oldest first (the order they were read in)."""
    if row.dates:
        return (0, min(y.date for y in row.dates))
    return (1, on) if row.questions or row.concerns else (2, on)
