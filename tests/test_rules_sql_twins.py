"""Rules written twice, in Python for one record and in SQL for the whole book, give the same
answer on generated logs: the stay-in-touch status, the promise track record, naming a customer
and finding customers by name and company (SQL compares the keys the log stores beside the
names; Python applies `custlog.parsing.names` to the names themselves)."""

from __future__ import annotations

import tempfile
import unicodedata
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custlog.cli.completion import match_names
from custlog.domain.cadence import NEVER, cadence_of, effective_period
from custlog.domain.track_record import track_record
from custlog.models import CustomerChanges, NewCustomer, NewFollowup, NewNote
from custlog.parsing import names
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
        with store.transaction(step=None):
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
    how_cold: dict[int, float] = {}  # days since the last contact over the period
    for customer, last in everyone:
        assert customer is not None
        if effective_period(customer, tag_cadences) is not None:
            expected_with.add(customer.id)
        cadence = cadence_of(customer, last.at if last else None, tag_cadences, on)
        if cadence is not None and cadence.nudge:  # past the period and not snoozed
            expected_past.add(customer.id)
            how_cold[customer.id] = cadence.days_since / cadence.every_days
    assert with_period == expected_with
    assert past_period == expected_past
    assert nudged == len(expected_past)
    # Ranked furthest past their period first, then by id (`due` shows the first few).
    assert [c.id for c, _ in ranked] == sorted(expected_past, key=lambda i: (-how_cold[i], i))


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
        with store.transaction(step=None):
            customer_id = store.customers.add(NewCustomer("Ann", TODAY)).id
            for r in rows:
                store.followups.add(customer_id, NewFollowup(text="Promise", **r))
        in_sql = store.followups.promise_outcomes(on)
        history = store.followups.all(open_only=False)
        store.close()
    assert in_sql == tuple(track_record(history, on))


# -- naming a customer, finding customers: stored keys in SQL, the rule in Python -------------

# Composed and decomposed accents, Cyrillic (and Й, whose breve is a combining mark), ß and ẞ
# (folded to "ss"), Ø (accent-free "o" by a table, not by a mark), dotted İ (folded to i and a
# combining dot), the titlecase digraph ǅ, and the punctuation search splits words at.
LETTERS = [*"aeiouzøßéëüñçæАИрина", "e\u0301", "O", "É", "Ø", "ẞ", "Й", "İ", "ǅ", "'", "-"]
letters = st.sampled_from(LETTERS)
words = st.lists(letters, min_size=1, max_size=6).map("".join)
name_texts = st.lists(words, min_size=1, max_size=3).map(" ".join)
edits = st.fixed_dictionaries(
    {},
    optional={
        "name": name_texts,
        "called": st.none() | words,
        "company": st.none() | name_texts,
        "phone": st.just("555-0142"),
    },
)


def _typed(name: str, draw: st.DrawFn) -> str:
    """What a person might type for `name`: a prefix of it or of a word, in another case,
    composed or decomposed, with or without accents."""
    text = draw(st.sampled_from([name, *name.split()]))
    text = text[: draw(st.integers(1, len(text)))]
    form = draw(st.sampled_from(["same", "upper", "lower", "nfd", "nfc", "plain"]))
    if form in ("nfd", "nfc"):
        return unicodedata.normalize(form.upper(), text)
    if form == "plain":
        return names.plain(text)
    return {"same": text, "upper": text.upper(), "lower": text.lower()}[form]


@st.composite
def books(draw: st.DrawFn) -> dict[str, Any]:
    """Customers (added one by one or by the import's bulk path), some of them then edited,
    and what someone types: part of a name, called name or company, before or after an edit."""
    people = draw(
        st.lists(
            st.tuples(name_texts, st.none() | words, st.none() | name_texts, st.booleans()),
            min_size=1,
            max_size=8,
        )
    )
    changes = draw(st.lists(st.tuples(st.integers(0, len(people) - 1), edits), max_size=4))
    said = [t for name, called, company, _ in people for t in (name, called, company) if t]
    said += [t for _, c in changes for k, t in c.items() if t and k != "phone"]
    query = _typed(draw(st.sampled_from(said)), draw)
    return {"people": people, "edits": changes, "query": query if query.strip() else said[0]}


def _written(book: dict[str, Any], folder: str) -> Store:
    store = _store(folder)
    with store.transaction(step=None):
        for name, called, company, imported in book["people"]:
            new = NewCustomer(name, TODAY, called=called, company=company)
            if imported:
                store.bulk.add_customer(new)
            else:
                store.customers.add(new)
        for index, change in book["edits"]:
            store.customers.update(index + 1, CustomerChanges(**change))
    return store


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books())
def test_the_sql_candidates_name_whom_the_python_rule_names(book: dict[str, Any]) -> None:
    query = book["query"]
    with tempfile.TemporaryDirectory() as folder:
        store = _written(book, folder)
        everyone = store.customers.all_names()
        candidates = store.customers.name_candidates(query)
        matching = store.customers.name_matches(query)
        named = [c.id for c in store.customers.named(query)]
        store.close()
    assert match_names(query, matching) == match_names(query, everyone)  # shell completion
    assert names.pick(query, candidates) == names.pick(query, everyone)
    assert names.pick(query, candidates, exact=True) == names.pick(query, everyone, exact=True)
    assert named == [i for i, name, _ in everyone if names.same_name(name, query)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books(), st.integers(1, 4))
def test_the_sql_search_finds_the_customers_the_python_rule_finds(
    book: dict[str, Any], limit: int
) -> None:
    typed = names.words(book["query"])
    with tempfile.TemporaryDirectory() as folder:
        store = _written(book, folder)
        everyone = store.customers.all()
        found = [c.id for c in store.customers.with_words(typed, 100)]
        first = [c.id for c in store.customers.with_words(typed, limit)]
        store.close()
    by_name = sorted(everyone, key=lambda c: (*names.sort_key(c.name), c.id))
    expected = [c.id for c in by_name if names.finds(typed, c.name, c.called, c.company)]
    assert found == (expected if typed else [])
    assert first == found[:limit]
