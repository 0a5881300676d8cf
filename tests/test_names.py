"""Naming a customer: the rules of the spec, tested without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custlog.errors import Ambiguous, BadInput, NotFound
from custlog.parsing.names import parse_id, pick, resolve

PEOPLE = [
    (1, "Ann Lee", "Annie"),
    (2, "Annette Ross", None),
    (3, "Bob Stone", "Bobby"),
    (4, "Rob Ann", None),
]


def everyone() -> list[tuple[int, str, str | None]]:
    return PEOPLE


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ann Lee", 1),  # full name
        ("ann lee", 1),  # case-insensitive
        ("annie", 1),  # called name
        ("annet", 2),  # unique prefix of the full name
        ("bob", 3),  # unique prefix
        ("bobb", 3),  # unique prefix of the called name
        ("stone", 3),  # prefix of a later word, when nothing else matches
    ],
)
def test_a_query_names_one_customer(query: str, expected: int) -> None:
    assert resolve(query, PEOPLE, everyone) == expected


def test_an_exact_match_wins_over_prefixes() -> None:
    people = [(1, "Ann", None), (2, "Ann Lee", None), (3, "Annette", None)]
    assert resolve("ann", people, lambda: people) == 1


def test_an_exact_called_name_wins_over_prefixes() -> None:
    people = [(1, "Annabel Price", "Ann"), (2, "Ann Lee", None)]
    assert resolve("ann", people, lambda: people) == 1


def test_several_prefix_matches_are_ambiguous_and_listed_with_ids() -> None:
    with pytest.raises(Ambiguous) as err:
        resolve("ann", PEOPLE, everyone)
    assert '#1 Ann Lee ("Annie")' in str(err.value)
    assert "#2 Annette Ross" in str(err.value)


def test_no_match_suggests_close_names() -> None:
    with pytest.raises(NotFound) as err:
        resolve("Anne Lee", [], everyone)
    assert "did you mean Ann Lee" in str(err.value)


def test_no_match_and_nothing_close_says_how_to_add() -> None:
    with pytest.raises(NotFound) as err:
        resolve("zzz", [], everyone)
    assert "custlog add" in str(err.value)


def test_an_empty_name_is_refused() -> None:
    with pytest.raises(BadInput):
        resolve("  ", PEOPLE, everyone)


@pytest.mark.parametrize(("text", "expected"), [("12", 12), ("#12", 12), (" #7 ", 7)])
def test_ids_are_numbers_with_an_optional_hash(text: str, expected: int) -> None:
    assert parse_id(text) == expected


@pytest.mark.parametrize("text", ["", "#", "x", "0", "-3", "1.5", "#12a", "9" * 30])
def test_anything_else_is_not_an_id(text: str) -> None:
    with pytest.raises(BadInput):
        parse_id(text)


names = (
    st.text(alphabet=st.characters(categories=["L", "Zs"]), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)


@given(st.lists(names, min_size=1, max_size=6, unique_by=str.casefold))
def test_every_full_name_resolves_to_its_own_customer(full_names: list[str]) -> None:
    people = [(i + 1, name, None) for i, name in enumerate(full_names)]
    for cid, name, _ in people:
        result = pick(name, people)
        # either the customer itself or, where one name is another's case-fold twin, ambiguity
        assert result == cid or (isinstance(result, list) and cid in [c[0] for c in result])
