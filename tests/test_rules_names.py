"""Names: one matching rule (Unicode case folding on NFC text, then accent-free) for the
resolver, completion, the duplicate check, search and the SQL that finds candidates."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from custlog.cli.completion import match_names
from custlog.parsing import names
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


def test_a_customer_renamed_by_edit_answers_to_the_new_name_only(people: Cli) -> None:
    people("edit", "zoë", "--name", "Ирина Ødegaard", "--called", "Ира")
    assert people.json("brief", "ира")["customer"]["name"] == "Ирина Ødegaard"
    assert people.json("brief", nfd("ирина ØDEGAARD"))["customer"]["name"] == "Ирина Ødegaard"
    assert "no customer named" in people("brief", "zoe", code=1).stderr
    assert "already in the log" in people("add", "ИРИНА ødegaard", code=1).stderr


def test_an_import_finds_its_customers_by_name_whatever_the_file_says_beside_them(
    cli: Cli, tmp_path: Path
) -> None:
    # Lookup keys are derived, not exported: an import works them out from the names and
    # ignores anything a file carries under their names.
    src = tmp_path / "log.jsonl"
    line = {
        "type": "customer",
        "id": 1,
        "name": nfd("Zoë Ødegaard"),
        "called": "Zo",
        "company": "Straße Bäckerei",
        "name_folded": "someone else",
        "search_words": " someone else",
    }
    src.write_text(json.dumps(line) + "\n", encoding="utf-8")
    cli("import", str(src))
    assert cli.json("brief", "ZOË ødegaard")["customer"]["name"] == "Zoë Ødegaard"
    assert cli.json("brief", "odegaard")["customer"]["name"] == "Zoë Ødegaard"
    assert "no customer named" in cli("brief", "someone", code=1).stderr
    assert [h["customer"] for h in cli.json("search", "backerei")] == ["Zoë Ødegaard"]
    assert cli.json("search", "someone") == []
    (exported,) = [json.loads(text) for text in cli("export").stdout.splitlines()]
    assert set(exported) == {
        "type", "id", "name", "called", "company", "phone", "email", "tags", "every", "since",
        "aliases",
    }  # fmt: skip


def test_list_orders_names_as_search_does_accents_and_case_aside(cli: Cli) -> None:
    for name in ("Zoë Brook", "émile Brook", "Ann Brook", "Émile Brook", "Ødegaard", "bob"):
        cli("add", name, "--force")
    order = ["Ann Brook", "bob", "émile Brook", "Émile Brook", "Ødegaard", "Zoë Brook"]
    assert [c["name"] for c in cli.json("list")] == order
    assert [h["customer"] for h in cli.json("search", "brook")] == [
        n for n in order if "Brook" in n
    ]


def test_undoing_a_rename_answers_to_the_old_name_again(people: Cli) -> None:
    people("edit", "zoë", "--name", "Ирина Ødegaard")
    people("undo")
    assert people.json("brief", "zoe")["customer"]["name"] == "Zoë Ødegaard"
    assert [h["customer"] for h in people.json("search", "zoe")] == ["Zoë Ødegaard"]
    assert "no customer named" in people("brief", "ирина ødegaard", code=1).stderr
