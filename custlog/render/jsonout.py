"""The `--json` documents: the spec's keys, built from the same data the screens show."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from custlog.domain import concerns
from custlog.domain.agenda import Agenda, section_of
from custlog.domain.briefing import Brief, FactView, overdue_days
from custlog.domain.cadence import NEVER, Cadence
from custlog.domain.questions import YearlyView
from custlog.domain.timeline import Entry
from custlog.models import Customer, CustomerRow, Followup, Note, Offer, SearchHit

if TYPE_CHECKING:
    from custlog.domain.merging import Merged


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def customer(c: Customer, every_days: int | None = None) -> dict[str, Any]:
    from custlog.parsing import dates

    return {
        "id": c.id,
        "name": c.name,
        "called": c.called,
        "company": c.company,
        "phone": c.phone,
        "email": c.email,
        "tags": list(c.tags),
        "every": c.every,
        "every_days": every_days
        if every_days is not None
        else (dates.parse_period(c.every).approx_days() if c.every and c.every != NEVER else None),
        "since": _iso(c.since),
    }


def merged(m: Merged) -> dict[str, Any]:
    """`merge --json`: INTO as it is now (with every alias), who was merged, what moved."""
    return {
        "customer": {**customer(m.customer), "aliases": list(m.aliases)},
        "merged": {"id": m.gone.id, "name": m.gone.name},
        "moved": {t: m.moved.get(t, 0) for t in ("notes", "facts", "followups")},
    }


def cadence(c: Cadence | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "every": c.every,
        "every_days": c.every_days,
        "source": c.source,
        "days_since": c.days_since,
        "status": c.status,
    }


def offer(o: Offer) -> dict[str, Any]:
    return {"on": _iso(o.on), "reason": o.reason, "outcome": o.outcome, "amount": o.amount}


def appointment(f: Followup) -> str | None:
    """ "09:30", "07:00-09:00", or None."""
    found = f.appointment
    return found.iso() if found else None


def followup(f: Followup, on: date, offers: Sequence[Offer] = ()) -> dict[str, Any]:
    return {
        "id": f.id,
        "due": _iso(f.due),
        "text": f.text,
        "kind": f.kind,
        "estimate": f.estimate,
        "every": f.every,
        "from_done": f.from_done,
        "overdue_days": overdue_days(f, on),
        "done": _iso(f.done),
        "at": appointment(f),
        "offers": [offer(o) for o in offers],
    }


def note(n: Note) -> dict[str, Any]:
    return {
        "id": n.id,
        "at": _iso(n.at),
        "via": n.via,
        "text": n.text,
        "work": n.work,
        "amount": n.amount,
    }


def fact(v: FactView) -> dict[str, Any]:
    f = v.fact
    return {
        "id": f.id,
        "topic": f.topic,
        "text": f.text,
        "learned": _iso(f.learned),
        "age_days": v.age_days,
        "stale": v.stale,
        "when": _iso(f.when),
        "private": f.private,
        # A concern is open until `done F<id>` says how it was addressed; null: not a concern.
        "open": concerns.open_flag(f),
        "addressed": _iso(f.addressed),
    }


def yearly(y: YearlyView) -> dict[str, Any]:
    return {
        "customer": y.customer.name,
        "topic": y.topic,
        "date": _iso(y.date),
        "in_days": y.in_days,
        "years": y.years,
    }


def brief(b: Brief) -> dict[str, Any]:
    last = b.last_contact
    every_days = b.cadence.every_days if b.cadence else None
    return {
        "customer": {
            **customer(b.customer, every_days),
            "referred_by": b.referred_by.name if b.referred_by else None,
            "aliases": list(b.aliases),
        },
        "referrals": [{"customer": r.name, "since": _iso(r.since)} for r in b.referrals],
        "last_contact": {
            "at": _iso(last.at),
            "via": last.via,
            "days_ago": (b.today - last.at.date()).days,
        }
        if last
        else None,
        "cadence": cadence(b.cadence),
        "facts": [fact(v) for v in b.facts],
        "followups": [followup(f, b.today, b.offers.get(f.id, ())) for f in b.followups],
        "notes": [note(n) for n in b.notes],
        "dates": [yearly(y) for y in b.dates],
        "questions": [
            {
                "text": q.text,
                "followup_id": q.followup_id,
                "fact_id": q.fact_id,
                "since": _iso(q.since),
                "done_ref": f"F{q.fact_id}" if q.fact_id is not None else str(q.followup_id),
            }
            for q in b.questions
        ],
        "deferred_total": b.deferred_total,
        "track_record": {
            "kept": b.track.kept,
            "late": b.track.late,
            "open": b.track.open,
            "overdue": b.track.overdue,
        },
        "work_done": [note(n) for n in b.work_done],
        "work_total": b.work_total,
        "currency": b.currency,
        "hidden_private": b.hidden_private,
    }


def agenda(a: Agenda) -> dict[str, Any]:
    return {
        "date": _iso(a.on),
        "days": a.days,
        "sections": {s.key: s.total for s in a.sections},
        "followups": [
            {
                "id": d.followup.id,
                "customer": d.customer.name,
                "customer_id": d.customer.id,
                "due": _iso(d.followup.due),
                "text": d.followup.text,
                "kind": d.followup.kind,
                "estimate": d.followup.estimate,
                "at": appointment(d.followup),
                "overdue_days": d.overdue_days,
                "in_days": d.in_days,
                "section": section_of(d.followup.kind, d.followup.due, a.on),
                "contact": d.customer.phone or d.customer.email,
            }
            for d in a.followups
        ],
        "going_cold": [
            {
                "customer": g.customer.name,
                "customer_id": g.customer.id,
                "handle": g.customer.ref,
                "contact": g.customer.phone or g.customer.email,
                "last_contact": _iso(g.cadence.last_contact.date())
                if g.cadence.last_contact
                else None,
                "every_days": g.cadence.every_days,
                "days_since": g.cadence.days_since,
                "status": g.cadence.status,
            }
            for g in a.going_cold
        ],
        "dates": [yearly(y) for y in a.dates],
        "questions": [
            {
                "customer": q.customer.name,
                "fact_id": q.fact.id,
                "topic": q.fact.topic,
                "text": q.fact.text,
                "when": _iso(q.fact.when),
                "days_ago": q.days_ago,
                "done_ref": f"F{q.fact.id}",
            }
            for q in a.questions
        ],
        "concerns": [
            {
                "customer": c.customer.name,
                "customer_id": c.customer.id,
                "fact_id": c.fact.id,
                "text": c.fact.text,
                "learned": _iso(c.fact.learned),
                "days_open": c.days_open,
                "done_ref": f"F{c.fact.id}",
            }
            for c in a.concerns
        ],
    }


def customer_rows(rows: list[CustomerRow]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.customer.id,
            "name": r.customer.name,
            "called": r.customer.called,
            "company": r.customer.company,
            "phone": r.customer.phone,
            "email": r.customer.email,
            "tags": list(r.customer.tags),
            "every": r.customer.every,
            "last_contact": _iso(r.last_contact),
            "next_followup": _iso(r.next_followup),
        }
        for r in rows
    ]


def timeline(entries: list[Entry]) -> list[dict[str, Any]]:
    return [e.as_dict() for e in entries]


def search_hits(hits: list[SearchHit]) -> list[dict[str, Any]]:
    return [
        {
            "type": h.source,
            "id": h.id,
            "customer": h.customer,
            "customer_id": h.customer_id,
            "date": h.at,
            "text": h.text,
            "snippet": h.snippet.replace("\x02", "[").replace("\x03", "]"),
            "private": h.private,
        }
        for h in hits
    ]
