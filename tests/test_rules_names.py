"""Names: one matching rule (Unicode case folding on NFC text, then accent-free) for the
resolver, completion, the duplicate check, search and the SQL that finds candidates."""

from __future__ import annotations

import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custlog.cli.completion import match_names
from custlog.models import NewCustomer
from custlog.parsing import names
from custlog.storage.store import Store
from tests.conftest import Cli

PEOPLE = ["José Muñoz", "Zoë Ødegaard", "Ирина Петрова", "Émile Zola", "Straße Weiß"]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture
def people(cli: Cli) -> Cli:
    for name in PEOPLE:
        cli("add", name)
    return cli


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("JOSÉ MUÑOZ", "José Muñoz"),
        ("ødegaard", "Zoë Ødegaard"),
        ("ирина", "Ирина Петрова"),
        ("ИРИНА", "Ирина Петрова"),
        (nfd("Zoë Ødegaard"), "Zoë Ødegaard"),
        ("jose", "José Muñoz"),
        ("zoe", "Zoë Ødegaard"),
        ("odegaard", "Zoë Ødegaard"),
        ("STRASSE", "Straße Weiß"),
    ],
)
def test_brief_finds_a_name_typed_in_any_case_form_or_without_accents(
    people: Cli, typed: str, found: str
) -> None:
    assert people.json("brief", typed)["customer"]["name"] == found


def test_a_name_differing_only_in_case_is_refused_as_a_duplicate(people: Cli) -> None:
    result = people("add", "émile zola", code=1)
    assert "already in the log" in result.stderr
    assert "already in the log" in people("add", nfd("ÉMILE ZOLA"), code=1).stderr
    people("add", "émile zola", "--force")


def test_a_name_typed_with_decomposed_accents_is_stored_composed(cli: Cli) -> None:
    cli("add", nfd("Zoë Ødegaard"))
    (customer,) = cli.json("list")
    assert customer["name"] == "Zoë Ødegaard"


def test_search_finds_text_typed_with_decomposed_accents(cli: Cli) -> None:
    cli("add", "Luis Ortega")
    cli("note", "luis", nfd("Going to Cancún in March"))
    hits = cli.json("search", nfd("Cancún"))
    assert [h["type"] for h in hits] == ["note"]
    assert "Cancún" in hits[0]["text"]
    assert cli.json("search", "Cancún") == hits


def test_completion_offers_what_the_resolver_would_find(people: Cli) -> None:
    everyone = [(i, n, None) for i, n in enumerate(PEOPLE, 1)]
    assert match_names("jose", everyone) == ["José Muñoz"]
    assert match_names("ØDE", everyone) == ["Zoë Ødegaard"]
    assert match_names(nfd("Émi"), everyone) == ["Émile Zola"]


def test_an_exact_folded_match_wins_before_accent_free_typing() -> None:
    pool = [(1, "Jose Lima", None), (2, "José Muñoz", None)]
    assert names.pick("jose", pool) == 1
    assert names.pick("josé", pool) == 2
    assert names.pick("munoz", pool) == 2


def test_fold_and_plain() -> None:
    assert names.fold(nfd("ÉMILE")) == "émile"
    assert names.fold("Straße") == "strasse"
    assert names.plain("Zoë Ødegaard") == "zoe odegaard"
    assert names.plain("Ирина") == "ирина"


# -- the SQL lookups agree with the Python rule ------------------------------------------------

letters = st.sampled_from([*"aeiouzøßéëüñçАИрина", "e\u0301", "O", "É", "Ø", "İ", "ǅ"])
words = st.lists(letters, min_size=1, max_size=6).map("".join)
name_texts = st.lists(words, min_size=1, max_size=3).map(" ".join)


def _typed(name: str, draw: st.DrawFn) -> str:
    """What a person might type for `name`: a prefix of it or of a word, in another case,
    composed or decomposed, with or without accents."""
    text = draw(st.sampled_from([name, *name.split()]))
    text = text[: draw(st.integers(1, len(text)))]
    form = draw(st.sampled_from(["same", "upper", "lower", "nfd", "plain"]))
    if form == "upper":
        return text.upper()
    if form == "lower":
        return text.lower()
    if form == "nfd":
        return nfd(text)
    if form == "plain":
        return names.plain(text)
    return text


@st.composite
def books(draw: st.DrawFn) -> tuple[list[tuple[str, str | None]], str]:
    people = draw(st.lists(st.tuples(name_texts, st.none() | words), min_size=1, max_size=8))
    anyone = draw(st.sampled_from(people))
    query = _typed(draw(st.sampled_from([anyone[0], anyone[1] or anyone[0]])), draw)
    if not query.strip():
        query = anyone[0]
    return people, query


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books())
def test_the_sql_candidates_name_whom_the_python_rule_names(
    book: tuple[list[tuple[str, str | None]], str],
) -> None:
    people, query = book
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "custlog.db", create=True)
        with store.transaction():
            for name, called in people:
                store.customers.add(NewCustomer(name, date(2026, 1, 1), called=called))
        everyone = store.customers.all_names()
        candidates = store.customers.name_candidates(query)
        named = [c.id for c in store.customers.named(query)]
        store.close()
    assert names.pick(query, candidates) == names.pick(query, everyone)
    assert names.pick(query, candidates, exact=True) == names.pick(query, everyone, exact=True)
    assert named == [i for i, name, _ in everyone if names.same_name(name, query)]
