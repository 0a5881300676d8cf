"""Rules written twice, in Python for one record and in SQL for the whole book, give the same
answer on generated logs: the stay-in-touch status and the promise track record."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custlog.domain.cadence import NEVER, cadence_of, effective_period
from custlog.domain.track_record import track_record
from custlog.models import NewCustomer, NewFollowup, NewNote
from custlog.storage.store import Store

TODAY = date(2026, 11, 24)
PERIODS = ["1d", "7d", "30d", "31d", "2w", "1m", "3m", "1y"]
TAGS = ["fleet", "vip", "été", "ирина"]

days = st.dates(date(2025, 1, 1), date(2027, 6, 30))
periods = st.sampled_from(PERIODS)


@st.composite
def cadence_logs(draw: st.DrawFn) -> dict[str, Any]:
    customers = []
    for _ in range(draw(st.integers(0, 8))):
        customers.append(
            {
                "every": draw(st.none() | periods | st.just(NEVER)),
                "tags": draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=3)),
                "since": draw(days),
                "notes": draw(st.lists(days, max_size=3)),
                "quiet_until": draw(st.none() | days),  # `snooze C12 WHEN`
            }
        )
    tag_cadences = draw(st.dictionaries(st.sampled_from(TAGS), periods, max_size=3))
    return {"customers": customers, "tags": tag_cadences, "on": draw(days)}


def _store(folder: str) -> Store:
    return Store.open(Path(folder) / "custlog.db", create=True)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cadence_logs())
def test_stay_in_touch_in_sql_is_the_python_rule(log: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = _store(folder)
        with store.transaction():
            for tag, every in log["tags"].items():
                store.cadence.set_tag_cadence(tag, every)
            for number, c in enumerate(log["customers"]):
                new = NewCustomer(f"C{number}", c["since"], tags=tuple(c["tags"]), every=c["every"])
                customer_id = store.customers.add(new).id
                for day in c["notes"]:
                    store.notes.add(
                        customer_id, NewNote(datetime.combine(day, time(9)), "call", "Hi")
                    )
                # After the notes: a note logged ends a snooze.
                store.customers.update(customer_id, {"quiet_until": c["quiet_until"]})
        on = log["on"]
        tag_cadences = store.cadence.tag_cadences()
        with_period = {c.id for c, _last in store.cadence.candidates()}
        past_period = {c.id for c, _last in store.cadence.candidates(on)}
        nudged, ranked = store.cadence.nudges(on, None)
        everyone = [
            (store.customers.get(i), store.notes.last(i))
            for i in range(1, len(log["customers"]) + 1)
        ]
        store.close()
    expected_with = set()
    expected_past = set()
    for customer, last in everyone:
        assert customer is not None
        if effective_period(customer, tag_cadences) is not None:
            expected_with.add(customer.id)
        cadence = cadence_of(customer, last.at if last else None, tag_cadences, on)
        if cadence is not None and cadence.nudge:  # past the period and not snoozed
            expected_past.add(customer.id)
    assert with_period == expected_with
    assert past_period == expected_past
    assert nudged == len(expected_past) and {c.id for c, _ in ranked} == expected_past


@st.composite
def promise_logs(draw: st.DrawFn) -> list[dict[str, Any]]:
    found = []
    for _ in range(draw(st.integers(0, 10))):
        promised = draw(days)
        due = promised + timedelta(days=draw(st.integers(-3, 10)))  # snoozed, or not
        found.append(
            {
                "kind": draw(st.sampled_from(["promise", "promise", "callback", "deferred"])),
                "promised": draw(st.none() | st.just(promised)),
                "due": due,
                "done": draw(st.none() | days),
            }
        )
    return found


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(promise_logs(), days)
def test_the_track_record_in_sql_is_the_python_rule(rows: list[dict[str, Any]], on: date) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = _store(folder)
        with store.transaction():
            customer_id = store.customers.add(NewCustomer("Ann", TODAY)).id
            for r in rows:
                store.followups.add(customer_id, NewFollowup(text="Promise", **r))
        in_sql = store.followups.promise_outcomes(on)
        history = store.followups.all(open_only=False)
        store.close()
    assert in_sql == tuple(track_record(history, on))
