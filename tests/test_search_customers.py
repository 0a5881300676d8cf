"""`search` finds customers by name and company too (issue #12.20)."""

from __future__ import annotations

from tests.conftest import Cli


def test_search_finds_a_customer_by_a_name_with_an_apostrophe(cli: Cli) -> None:
    cli("add", "Mike O'Brien", "--company", "O'Brien Plumbing")
    assert cli("search", "O'Brien").stdout == (
        '1 match for "O\'Brien"\n'
        "Tue 24 Nov  Mike O'Brien · customer #1: Mike O'Brien · O'Brien Plumbing\n"
    )


def test_search_finds_a_customer_by_company_and_says_the_hit_is_a_customer(cli: Cli) -> None:
    cli("add", "Ann Lee", "--called", "Annie", "--company", "Lee Bakery")
    cli("add", "Bob Stone")
    hits = cli.json("search", "bakery")
    assert hits == [
        {
            "type": "customer",
            "id": 1,
            "customer": "Ann Lee",
            "customer_id": 1,
            "date": "2026-11-24",
            "text": "Ann Lee (Annie) · Lee Bakery",
            "snippet": "Ann Lee (Annie) · Lee [Bakery]",
            "private": False,
        }
    ]


def test_search_lists_customers_before_what_was_written_about_them(shop: Cli) -> None:
    hits = shop.json("search", "lee")
    assert [(h["type"], h["customer"]) for h in hits][:2] == [
        ("customer", "Ann Lee"),
        ("fact", "Ann Lee"),
    ]


def test_every_word_must_match_a_customer_too(cli: Cli) -> None:
    cli("add", "Ann Lee", "--company", "Lee Bakery")
    assert cli.json("search", "lee", "bak") != []
    assert cli.json("search", "lee", "plumbing") == []


def test_search_matches_names_whatever_the_case_of_accented_letters(cli: Cli) -> None:
    cli("add", "Zoë Ødegaard")
    assert [h["customer"] for h in cli.json("search", "ØDEGAARD")] == ["Zoë Ødegaard"]


def test_search_finds_a_company_typed_without_its_accents(cli: Cli) -> None:
    cli("add", "Luis Ortega", "--company", "Cancún Tours")
    (hit,) = cli.json("search", "cancun")
    assert (hit["type"], hit["customer"]) == ("customer", "Luis Ortega")
    assert hit["snippet"] == "Luis Ortega · [Cancún] Tours"


def test_search_finds_a_name_typed_without_accents_in_any_alphabet(cli: Cli) -> None:
    cli("add", "Zoë Ødegaard", "--company", "Straße Bäckerei")
    cli("add", "Йован Петров")
    assert [h["customer"] for h in cli.json("search", "odegaard")] == ["Zoë Ødegaard"]
    assert [h["customer"] for h in cli.json("search", "strasse backerei")] == ["Zoë Ødegaard"]
    assert [h["customer"] for h in cli.json("search", "иован")] == ["Йован Петров"]


def test_search_finds_a_customer_by_what_edit_renamed_and_not_by_the_old_names(cli: Cli) -> None:
    cli("add", "Ann Lee", "--company", "Lee Bakery")
    cli("edit", "ann", "--name", "Zoë Ødegaard", "--company", "Fjord Fish")
    assert [h["customer"] for h in cli.json("search", "fjord")] == ["Zoë Ødegaard"]
    assert [h["customer"] for h in cli.json("search", "zoe")] == ["Zoë Ødegaard"]
    assert cli.json("search", "bakery") == []
    assert cli.json("search", "ann") == []


def test_search_lists_customers_by_name_whatever_order_they_were_added(cli: Cli) -> None:
    for name in ("Zoë Brook", "émile Brook", "Ann Brook", "Émile Brook"):
        cli("add", name, "--force")
    found = [h["customer"] for h in cli.json("search", "brook")]
    assert found == ["Ann Brook", "émile Brook", "Émile Brook", "Zoë Brook"]
