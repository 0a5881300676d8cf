"""JSON Lines round trip, for any log: what `export` writes, `import` into an empty log reads
back exactly (export → import → export is identical)."""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custlog.domain.interchange import export_lines, import_lines
from custlog.domain.kinds import KIND_NAMES as KINDS
from custlog.models import VIAS
from custlog.parsing.names import looks_like_id
from custlog.storage.store import Store

TODAY = date(2026, 11, 24)

# What the commands accept, import accepts: no control characters, no name that reads as an id.
characters = st.characters(blacklist_categories=("Cs", "Cc"))
texts = st.text(characters, min_size=1, max_size=30).filter(lambda s: s.strip() != "")
names = texts.filter(lambda s: not looks_like_id(s))
maybe_texts = st.none() | texts
days = st.dates(date(1950, 1, 1), date(2060, 12, 31))
iso_days = days.map(date.isoformat)
moments = st.datetimes(datetime(1990, 1, 1), datetime.combine(TODAY, datetime.min.time())).map(
    lambda d: d.replace(microsecond=0).isoformat()
)
periods = st.sampled_from(["30d", "2w", "3m", "1y", "monthly", "weekly", "every 3 months"])
topics = st.sampled_from(
    ["family", "work", "vacation", "hobbies", "Health", "ÉTÉ 🏖"]
) | texts.filter(lambda t: t.strip().lower() not in ("birthday", "anniversary"))
yearly = iso_days | days.map(lambda d: f"--{d.month:02d}-{d.day:02d}")
amounts = st.none() | st.floats(0, 1e7, allow_nan=False, allow_infinity=False)


@st.composite
def logs(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A log as JSON Lines objects: customers first, then their notes, facts and follow-ups
    (named by customer_id), some with ids and some without."""
    customers = [
        {
            "type": "customer",
            "id": number,
            "name": draw(names),
            "called": draw(maybe_texts),
            "company": draw(maybe_texts),
            "phone": draw(maybe_texts),
            "email": draw(maybe_texts),
            "tags": draw(st.lists(texts, max_size=3)),
            "every": draw(st.none() | periods),
            "since": draw(iso_days),
        }
        for number in range(1, draw(st.integers(0, 4)) + 1)
    ]
    if not customers:
        return []
    owners = st.integers(1, len(customers))
    records: list[dict[str, Any]] = []
    for number in range(1, draw(st.integers(0, 6)) + 1):
        records.append(
            {
                "type": "note",
                "id": number,
                "customer_id": draw(owners),
                "at": draw(moments),
                "via": draw(st.sampled_from(VIAS)),
                "text": draw(texts),
                "work": draw(st.booleans()),
            }
        )
    facts = draw(st.integers(0, 6))
    for number in range(1, facts + 1):
        yearly_fact = draw(st.booleans())
        records.append(
            {
                "type": "fact",
                "id": number,
                "customer_id": draw(owners),
                "topic": draw(
                    st.sampled_from(["birthday", "anniversary"]) if yearly_fact else topics
                ),
                "text": draw(yearly if yearly_fact else texts),
                "learned": draw(iso_days),
                "when": draw(st.none() | iso_days),
                "private": draw(st.booleans()),
                # the newer fact that replaced this one (a later line)
                "superseded_by": draw(st.none() | st.integers(number + 1, facts))
                if number < facts
                else None,
            }
        )
    for number in range(1, draw(st.integers(0, 6)) + 1):
        every = draw(st.none() | periods)
        records.append(
            {
                "type": "followup",
                "id": number,
                "customer_id": draw(owners),
                "due": draw(iso_days),
                "text": draw(texts),
                "kind": draw(st.sampled_from(KINDS)),
                "every": every,
                "from_done": draw(st.booleans()) if every else False,
                "estimate": draw(amounts),
                "done": draw(st.none() | iso_days),
                "created": draw(st.none() | iso_days),
            }
        )
    return customers + records


def into_empty_log(lines: list[str]) -> list[str]:
    """Import `lines` into a new log and return its export."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "custlog.db", create=True)
        try:
            import_lines(store, lines, TODAY, "lines")
            return list(export_lines(store))
        finally:
            store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs())
def test_any_log_exported_and_imported_into_an_empty_log_exports_the_same(
    log: list[dict[str, Any]],
) -> None:
    first = into_empty_log([json.dumps(record, ensure_ascii=False) for record in log])
    assert len(first) == len(log)
    second = into_empty_log(first)
    assert second == first


@settings(max_examples=30, deadline=None)
@given(logs(), st.randoms(use_true_random=False))
def test_records_without_ids_get_new_ones_and_then_round_trip(
    log: list[dict[str, Any]], random: Any
) -> None:
    """Hand-written files often leave ids out; what comes back out is still stable."""
    for record in log:
        if record["type"] == "fact":
            record["superseded_by"] = None
        if record["type"] != "customer" and random.random() < 0.5:
            record.pop("id")
    first = into_empty_log([json.dumps(record) for record in log])
    assert len(first) == len(log)
    assert into_empty_log(first) == first
