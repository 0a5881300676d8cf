"""The whole book at a glance: how often we talk to customers, how well we keep promises, who
is going cold, and the postponed work coming round to offer again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from custlog.domain.context import Context
from custlog.domain.planning import (
    DEFAULT_MONTHS,
    followup_items,
    month_key,
    month_starts,
    window_end,
)
from custlog.domain.track_record import TrackRecord
from custlog.models import Followup, Offer
from custlog.parsing.money import DEFAULT_CURRENCY

DEFAULT_WEEKS = 12
STATUSES = ("ok", "due", "overdue", "none")


@dataclass(frozen=True)
class WeekCount:
    start: date  # the Monday the week starts on
    count: int


@dataclass(frozen=True)
class Amount:
    """Postponed work in one bucket: how many offers, and their estimates added up."""

    count: int
    total: float


@dataclass(frozen=True)
class MonthAmount:
    start: date  # the first of the month
    count: int
    total: float


@dataclass(frozen=True)
class WorkAndSales:
    """What happened in the period: work done, and postponed work offered, sold and lost."""

    work_done: Amount  # work notes, and what they came to
    offered: Amount  # jobs put to the customer (declined, sold or lost), their estimates
    sold: Amount  # jobs sold, and what they sold for
    lost: Amount  # jobs lost, and their estimates

    @property
    def share_sold(self) -> float | None:
        """Jobs sold, as a share of the jobs offered (None: nothing offered)."""
        if not self.offered.count:
            return None
        return round(100 * self.sold.count / self.offered.count, 1)


NOTHING_YET = WorkAndSales(Amount(0, 0.0), Amount(0, 0.0), Amount(0, 0.0), Amount(0, 0.0))


def work_and_sales(
    work: tuple[int, float], offers: list[tuple[Offer, float | None]]
) -> WorkAndSales:
    """From the period's work notes (count, amount) and offers (each with the job's estimate)."""
    estimates: dict[int, float] = {}
    sold: list[float] = []
    lost: list[float] = []
    for offer, estimate in offers:
        estimates[offer.followup_id] = estimate or 0.0
        if offer.outcome == "sold":
            sold.append(offer.amount or 0.0)
        elif offer.outcome == "lost":
            lost.append(offer.amount if offer.amount is not None else estimate or 0.0)
    return WorkAndSales(
        Amount(work[0], round(work[1], 2)),
        Amount(len(estimates), round(sum(estimates.values()), 2)),
        Amount(len(sold), round(sum(sold), 2)),
        Amount(len(lost), round(sum(lost), 2)),
    )


@dataclass
class Stats:
    today: date
    weeks: list[WeekCount]
    promises: TrackRecord
    stay_in_touch: dict[str, int]  # customers by status: ok, due, overdue, none
    deferred_now: Amount  # postponed work whose date to offer it again has passed
    deferred_months: list[MonthAmount]
    customers: int
    since: date | None = None  # the first day of the period (the first week charted)
    work: WorkAndSales = NOTHING_YET
    currency: str = DEFAULT_CURRENCY
    referrals: int = 0  # customers who joined in the period, sent by another customer

    @property
    def contacts(self) -> int:
        return sum(w.count for w in self.weeks)

    @property
    def on_time_percent(self) -> float | None:
        """Promises kept on time, as a share of the promises closed (None: none closed)."""
        closed = self.promises.kept + self.promises.late
        return round(100 * self.promises.kept / closed, 1) if closed else None

    @property
    def deferred_total(self) -> float:
        return round(float(self.deferred_now.total + sum(m.total for m in self.deferred_months)), 2)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def contacts_per_week(counts: dict[date, int], today: date, weeks: int) -> list[WeekCount]:
    """Notes per week (Monday to Sunday) for the `weeks` weeks ending with this one."""
    this_week = week_start(today)
    found = []
    for back in range(weeks - 1, -1, -1):
        start = this_week - timedelta(weeks=back)
        total = sum(counts.get(start + timedelta(days=d), 0) for d in range(7))
        found.append(WeekCount(start, total))
    return found


def deferred_by_month(
    followups: list[Followup], today: date, months: int
) -> tuple[Amount, list[MonthAmount]]:
    """Open postponed work by the month it comes round, for the window of `months`
    calendar months (recurring offers count at each occurrence); what is late comes apart."""
    end = window_end(today, months)
    buckets: dict[date, list[float]] = {start: [] for start in month_starts(today, months)}
    late: list[float] = []
    for f in followups:
        if f.kind != "deferred" or f.done is not None:
            continue
        for item in followup_items(f, today, end):
            target = late if item.day < today else buckets[month_key(item.day)]
            target.append(item.estimate or 0.0)
    return (
        Amount(len(late), round(float(sum(late)), 2)),
        [MonthAmount(start, len(v), round(float(sum(v)), 2)) for start, v in buckets.items()],
    )


def build(ctx: Context, *, weeks: int = DEFAULT_WEEKS, months: int = DEFAULT_MONTHS) -> Stats:
    from custlog.domain.cadence import cadence_of
    from custlog.domain.settings import load

    store, today = ctx.store, ctx.today
    first = week_start(today) - timedelta(weeks=weeks - 1)
    per_week = contacts_per_week(store.notes.counts_by_day(first, today), today, weeks)

    promises = TrackRecord(*store.followups.promise_outcomes(today))

    statuses = dict.fromkeys(STATUSES, 0)
    tag_cadences = store.cadence.tag_cadences()
    customers = store.customers.count()
    for customer, last_contact in store.cadence.candidates():
        cadence = cadence_of(customer, last_contact, tag_cadences, today)
        statuses[cadence.status if cadence else "none"] += 1
    statuses["none"] += customers - sum(statuses.values())

    deferred = store.followups.of_kinds(["deferred"], open_only=True)
    now, by_month = deferred_by_month(deferred, today, months)
    work = work_and_sales(
        store.notes.work_between(first, today), store.offers.between(first, today)
    )
    currency = load(store).currency
    return Stats(
        today,
        per_week,
        promises,
        statuses,
        now,
        by_month,
        customers,
        first,
        work,
        currency,
        referrals=store.customers.referrals_since(first),
    )
