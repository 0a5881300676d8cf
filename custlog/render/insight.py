"""`plan` and `stats`: the screens (built from `render.output`'s parts, so Rich on a terminal
and plain lines in a pipe) and their JSON documents.

Pictures where a person would rather look: bars drawn with block characters on a terminal
and with `#` in a pipe, so that both read without colour; a sparkline on a terminal only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from custlog.domain import kinds
from custlog.domain.planning import Plan, PlanItem, PlanMonth
from custlog.domain.stats import Stats
from custlog.render.output import Blank, Box, Line, Output, Para, Part, Row, Rows
from custlog.render.screens import DIM, HEADING, OVERDUE, every_phrase, money
from custlog.render.words import MONTH_ABBR, MONTH_NAMES, plural, quoted, short_date

BAR_WIDTH = 30
SPARKS = "▁▂▃▄▅▆▇█"
ITEM_STYLE = {
    "promise": "bold",
    "deferred": "bold green",
    "touch": "blue",
    "birthday": "magenta",
    "anniversary": "magenta",
    "event": "cyan",
    "ask": "cyan",
}
CADENCE_STATE = {
    "ok": ("on track", "green"),
    "due": ("time to get in touch", "yellow"),
    "overdue": ("going cold", OVERDUE),
}
STATUS_LABEL = {
    "ok": "in touch",
    "due": "time to call",
    "overdue": "going cold",
    "none": "no period set",
}
STATUS_STYLE = {"ok": "green", "due": "yellow", "overdue": OVERDUE, "none": DIM}


def month_name(start: date) -> str:
    return f"{MONTH_NAMES[start.month]} {start.year}"


def short_month(start: date) -> str:
    return f"{MONTH_ABBR[start.month]} {start.year}"


def bar(value: float, largest: float, plain: bool, width: int = BAR_WIDTH) -> str:
    """A horizontal bar scaled to `largest`; anything above zero shows at least one block."""
    if value <= 0 or largest <= 0:
        return ""
    cells = max(1, round(width * value / largest))
    return ("#" if plain else "█") * cells


def sparkline(values: list[int]) -> str:
    """One character a value: ▁ for nothing, up to █ for the largest."""
    top = max(values, default=0)
    if top <= 0:
        return SPARKS[0] * len(values)
    steps = len(SPARKS) - 1
    return "".join(SPARKS[0] if v <= 0 else SPARKS[max(1, round(steps * v / top))] for v in values)


def _heading(parts: list[Part], text: str, style: str = HEADING) -> None:
    parts += [Blank(), Para(Line(text, style))]


# -- plan ------------------------------------------------------------------------------------


DECLINED_MARK = 2  # postponed work declined this often is marked in the plan


def _item_body(item: PlanItem, today: date, *, with_ref: bool, currency: str = "$") -> Line:
    line = Line()
    if with_ref and item.ref and not item.projected:
        line.add(f"{item.ref} ", DIM)
    label = kinds.label(item.kind)
    style = ITEM_STYLE.get(item.kind, "")
    if item.kind in ("birthday", "anniversary"):
        line.add(label, style)
        if item.years is not None:
            line.add(
                f", turns {item.years}"
                if item.kind == "birthday"
                else f", {plural(item.years, 'year')}"
            )
    elif item.kind in ("ask", "touch"):
        line.add(item.text, style)
    elif item.kind == "event":
        line.add(item.text, style).add(" — ask how it went afterwards", DIM)
    else:
        if item.at is not None:
            line.add(f"{item.at.describe()} ", "bold")
        line.add(f"{label}: ", style).add(item.text)
    if item.estimate is not None:
        line.add(" — ").add(money(item.estimate, currency), "bold")
    if item.declined >= DECLINED_MARK:
        line.add(f" — declined {item.declined} times", "bold yellow")
    if item.every:
        line.add(f", {every_phrase(item.every)}", DIM)
    if item.overdue_days:
        since = short_date(item.day, today)
        line.add(f" — {plural(item.overdue_days, 'day')} late (since {since})", OVERDUE)
    return line


def _month_heading(month: PlanMonth, currency: str) -> Line:
    heading = Line(month_name(month.start), HEADING if month.items else DIM)
    if not month.items:
        return heading.add(": nothing planned", DIM)
    if month.deferred_total:
        total = money(month.deferred_total, currency)
        heading.add(" — ").add(f"{total} postponed work", "bold green")
    if month.total > month.deferred_total:
        heading.add(f" ({money(month.total, currency)} in all)", DIM)
    return heading


def plan(out: Output, p: Plan) -> None:
    c, today = p.customer, p.today
    header = [
        Line(c.name, "bold").add(f": the next {plural(len(p.months), 'month')}"),
        Line(f"{short_date(today, today)} to {short_date(p.end, today)}", DIM),
    ]
    if p.cadence is not None:
        state, style = CADENCE_STATE[p.cadence.status]
        header.append(Line(f"stay in touch {p.cadence.describe()}: ").add(state, style))
    parts: list[Part] = [Box(header)]
    if p.is_empty:
        who = quoted(c.name)
        hint = f'custlog remind {who} 3m "Rear brakes" --kind deferred --estimate 480'
        parts += [Blank(), Para(Line("Nothing planned yet. Start with: ", HEADING).add(hint))]
        out.render(parts)
        return
    if p.now:
        _heading(parts, "Now: already late, or still to ask", OVERDUE)
        rows = [
            Row(
                Line(i.ref or "", "bold"),
                [_item_body(i, today, with_ref=False, currency=p.currency)],
            )
            for i in p.now
        ]
        parts.append(Rows(rows))
    for month in p.months:
        parts += [Blank(), Para(_month_heading(month, p.currency))]
        if month.items:
            rows = [
                Row(
                    Line(short_date(i.day, today), "bold"),
                    [_item_body(i, today, with_ref=True, currency=p.currency)],
                )
                for i in month.items
            ]
            parts.append(Rows(rows))
    offers = sum(1 for i in p.items if i.kind == "deferred")
    footer = Line()
    if offers:
        footer.add(f"Postponed work to offer: {money(p.deferred_total, p.currency)}", "bold")
        footer.add(f" ({plural(offers, 'offer')}")
        if p.now_deferred_total:
            footer.add(f", {money(p.now_deferred_total, p.currency)} of it due now")
        footer.add(")")
    if p.hidden_private:
        footer.add(" · " if footer else "")
        footer.add(f"{plural(p.hidden_private, 'private fact')} not shown: plan --all", DIM)
    if footer:
        parts += [Blank(), Para(footer)]
    out.render(parts)


def plan_item_json(item: PlanItem) -> dict[str, Any]:
    return {
        "date": item.day.isoformat(),
        "kind": item.kind,
        "text": item.text,
        "followup_id": item.followup_id,
        "fact_id": item.fact_id,
        "ref": item.ref,
        "estimate": item.estimate,
        "every": item.every,
        "projected": item.projected,
        "overdue_days": item.overdue_days,
        "years": item.years,
        "declined": item.declined,
        "at": item.at.iso() if item.at else None,
    }


def plan_json(p: Plan) -> dict[str, Any]:
    from custlog.render import jsonout

    return {
        "customer": p.customer.name,
        "customer_id": p.customer.id,
        "date": p.today.isoformat(),
        "end": p.end.isoformat(),
        "cadence": jsonout.cadence(p.cadence),
        "now": [plan_item_json(i) for i in p.now],
        "months": [
            {
                "month": m.start.strftime("%Y-%m"),
                "items": [plan_item_json(i) for i in m.items],
                "deferred_total": m.deferred_total,
                "total": m.total,
            }
            for m in p.months
        ],
        "now_deferred_total": p.now_deferred_total,
        "deferred_total": p.deferred_total,
        "hidden_private": p.hidden_private,
        "currency": p.currency,
    }


# -- stats -----------------------------------------------------------------------------------


def _week_label(start: date, today: date) -> str:
    label = f"{start.day} {MONTH_ABBR[start.month]}"
    return label if start.year == today.year else f"{label} {start.year}"


def stats(out: Output, s: Stats) -> None:
    today, plain = s.today, out.plain
    counts = [w.count for w in s.weeks]
    header = Line(f"The book on {short_date(today, today)}: ", "bold")
    header.add(plural(s.customers, "customer"), "bold")
    if s.referrals:
        header.add(
            f", {plural(s.referrals, 'referral')} in the last {plural(len(s.weeks), 'week')}"
        )
    parts: list[Part] = [Box([header])]

    per_week = f"{s.contacts / max(len(s.weeks), 1):.1f} a week"
    _heading(parts, f"Contacts per week, last {plural(len(s.weeks), 'week')}")
    summary = Line(f"{s.contacts} in all, {per_week}")
    if not plain:
        summary = Line(sparkline(counts) + "  ", "cyan").extend(summary)
    parts.append(Rows([Row(Line(), [summary])]))
    largest = max(counts, default=0)
    parts.append(
        Rows(
            [
                Row(
                    Line(_week_label(w.start, today), "bold"),
                    [Line(f"{w.count:>3} ").add(bar(w.count, largest, plain), "cyan")],
                )
                for w in s.weeks
            ]
        )
    )

    _heading(parts, "Promises")
    t = s.promises
    if s.on_time_percent is None:
        line = Line("no promise closed yet", DIM)
    else:
        line = Line(f"{s.on_time_percent:g}% kept on time", "bold")
        line.add(f" ({t.kept} of {t.kept + t.late} closed; {t.late} late)")
    line.add(f"; {t.open} open")
    if t.overdue:
        line.add(f", {t.overdue} overdue", OVERDUE)
    parts.append(Rows([Row(Line(), [line])]))

    _heading(parts, "Stay in touch")
    largest = max(s.stay_in_touch.values(), default=0)
    parts.append(
        Rows(
            [
                Row(
                    Line(STATUS_LABEL[status], STATUS_STYLE[status]),
                    [Line(f"{n:>4} ").add(bar(n, largest, plain), STATUS_STYLE[status])],
                )
                for status, n in s.stay_in_touch.items()
            ]
        )
    )

    cur = s.currency
    since = short_date(s.since or today, today)
    _heading(parts, f"Work and sales since {since}")
    w = s.work
    work = Line(f"{money(w.work_done.total, cur)} of work done", "bold")
    work.add(f" ({plural(w.work_done.count, 'work note')})")
    sales = Line(f"postponed work offered: {plural(w.offered.count, 'job')}")
    sales.add(f" ({money(w.offered.total, cur)})")
    sold = Line(f"sold: {plural(w.sold.count, 'job')} ({money(w.sold.total, cur)})", "green")
    if w.share_sold is not None:
        sold.add(f", {w.share_sold:g}% of those offered", "bold")
    lost = Line(f"lost: {plural(w.lost.count, 'job')} ({money(w.lost.total, cur)})")
    parts.append(Rows([Row(Line(), [line]) for line in (work, sales, sold, lost)]))
    months = len(s.deferred_months)
    _heading(parts, f"Postponed work to offer, next {plural(months, 'month')}")
    rows = [("due now", s.deferred_now.count, s.deferred_now.total)] if s.deferred_now.count else []
    rows += [(short_month(m.start), m.count, m.total) for m in s.deferred_months]
    largest_amount = max((total for _label, _n, total in rows), default=0.0)
    width = max(len(money(total, cur)) for _label, _n, total in rows)
    parts.append(
        Rows(
            [
                Row(
                    Line(label, "bold"),
                    [
                        Line(f"{money(total, cur):>{width}} ")
                        .add(f"{'(' + plural(n, 'offer') + ')':<11} ", DIM)
                        .add(bar(total, largest_amount, plain), "green")
                    ],
                )
                for label, n, total in rows
            ]
        )
    )
    parts.append(Rows([Row(Line(), [Line(f"{money(s.deferred_total, cur)} in all", "bold")])]))

    out.render(parts)


def stats_json(s: Stats) -> dict[str, Any]:
    t = s.promises
    return {
        "date": s.today.isoformat(),
        "weeks": len(s.weeks),
        "contacts": s.contacts,
        "contacts_per_week": [{"week": w.start.isoformat(), "count": w.count} for w in s.weeks],
        "promises": {
            "kept": t.kept,
            "late": t.late,
            "open": t.open,
            "overdue": t.overdue,
            "on_time_percent": s.on_time_percent,
        },
        "customers": s.customers,
        "referrals": s.referrals,
        "stay_in_touch": dict(s.stay_in_touch),
        "deferred": {
            "due_now": {"count": s.deferred_now.count, "total": s.deferred_now.total},
            "months": [
                {"month": m.start.strftime("%Y-%m"), "count": m.count, "total": m.total}
                for m in s.deferred_months
            ],
            "total": s.deferred_total,
        },
        "since": (s.since or s.today).isoformat(),
        "currency": s.currency,
        "work_done": {"count": s.work.work_done.count, "amount": s.work.work_done.total},
        "offered": {"count": s.work.offered.count, "amount": s.work.offered.total},
        "sold": {"count": s.work.sold.count, "amount": s.work.sold.total},
        "lost": {"count": s.work.lost.count, "amount": s.work.lost.total},
        "share_sold_percent": s.work.share_sold,
    }
