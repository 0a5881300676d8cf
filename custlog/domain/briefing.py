"""The pre-visit briefing: everything about one customer, in the order a person needs it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from custlog.domain import concerns, kinds, privacy, referrals
from custlog.domain.cadence import Cadence, cadence_of
from custlog.domain.context import Context
from custlog.domain.questions import (
    Question,
    YearlyView,
    check_in_answered,
    dated_fact_questions,
    yearly_view,
)
from custlog.domain.track_record import TrackRecord, track_record
from custlog.models import YEARLY_TOPICS, Customer, Fact, Followup, Note, Offer
from custlog.parsing.money import DEFAULT_CURRENCY

STALE_AFTER_DAYS = 365
WORK_WINDOW_DAYS = 365


class FactView(NamedTuple):
    fact: Fact
    age_days: int
    stale: bool


@dataclass
class Brief:
    customer: Customer
    today: date
    last_contact: Note | None
    cadence: Cadence | None
    facts: list[FactView]
    followups: list[Followup]
    notes: list[Note]
    dates: list[YearlyView]
    questions: list[Question]
    work_done: list[Note]
    track: TrackRecord
    hidden_private: int = 0
    history: list[Followup] = field(default_factory=list)
    offers: dict[int, list[Offer]] = field(default_factory=dict)  # by follow-up id
    currency: str = DEFAULT_CURRENCY
    aliases: list[str] = field(default_factory=list)  # other names the customer goes by

    @property
    def work_total(self) -> float:
        """What the work of the last twelve months came to (notes with an amount)."""
        return round(sum(n.amount or 0.0 for n in self.work_done), 2)

    def declined(self, followup_id: int) -> list[Offer]:
        """The times postponed work was offered and declined, oldest first."""
        return [o for o in self.offers.get(followup_id, []) if o.outcome == "declined"]

    concerns: list[Fact] = field(default_factory=list)  # open ones, oldest first
    referred_by: Customer | None = None  # who sent this customer
    referrals: list[Customer] = field(default_factory=list)  # whom they sent, oldest first

    @property
    def promises(self) -> list[Followup]:
        return [f for f in self.followups if f.kind == "promise"]

    @property
    def waiting(self) -> list[Followup]:
        return [f for f in self.followups if f.kind == "waiting"]

    @property
    def others(self) -> list[Followup]:
        return [f for f in self.followups if f.kind in ("callback",)]

    @property
    def deferred(self) -> list[Followup]:
        return [f for f in self.followups if f.kind == "deferred"]

    @property
    def deferred_total(self) -> float:
        return sum(f.estimate or 0.0 for f in self.deferred)

    @property
    def is_empty(self) -> bool:
        return not (
            self.last_contact or self.facts or self.followups or self.dates or self.hidden_private
        )


def overdue_days(followup: Followup, on: date) -> int:
    return max(0, (on - followup.due).days)


def briefing_order(followups: list[Followup]) -> list[Followup]:
    return sorted(followups, key=lambda f: (kinds.order(f.kind), f.due, f.id))


def build(ctx: Context, customer: Customer, *, notes: int = 5, show_private: bool = False) -> Brief:
    from custlog.domain.settings import load

    store, on = ctx.store, ctx.today
    last = store.notes.last(customer.id)
    cadence = cadence_of(customer, last.at if last else None, store.cadence.tag_cadences(), on)
    all_facts = store.facts.of_customer(customer.id)
    visible, held = privacy.visible(all_facts, show_private=show_private)
    hidden = len(held)
    facts: list[FactView] = []
    yearly: list[YearlyView] = []
    for fact in visible:
        if fact.topic in YEARLY_TOPICS:
            view = yearly_view(customer, fact, on)
            if view is not None:
                yearly.append(view)
        age = (on - fact.learned).days
        facts.append(FactView(fact, age, age > STALE_AFTER_DAYS))
    history = store.followups.of_customer(customer.id, open_only=False)
    open_followups = briefing_order(
        [f for f in history if f.done is None and not check_in_answered(f, last)]
    )
    questions = [
        Question(f.text, followup_id=f.id, since=f.due) for f in open_followups if f.kind == "ask"
    ]
    questions += dated_fact_questions(visible, last, on)
    since = datetime.combine(on - timedelta(days=WORK_WINDOW_DAYS), datetime.min.time())
    recent = store.notes.of_customer(customer.id, limit=notes) if notes > 0 else []
    return Brief(
        customer=customer,
        today=on,
        last_contact=last,
        cadence=cadence,
        facts=facts,
        followups=open_followups,
        notes=recent,
        dates=sorted(yearly, key=lambda y: y.in_days),
        questions=questions,
        work_done=store.notes.work_since(customer.id, since),
        track=track_record(history, on),
        hidden_private=hidden,
        history=history,
        offers=store.offers.of_followups(f.id for f in open_followups if f.kind == "deferred"),
        currency=load(store).currency,
        concerns=sorted(
            (f for f in visible if concerns.is_open(f)), key=lambda f: (f.learned, f.id)
        ),
        referred_by=referrals.sender_of(ctx, customer),
        referrals=store.customers.referred_by(customer.id),
        aliases=store.customers.aliases(customer.id),
    )
