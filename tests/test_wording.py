"""What custlog says reads right on real text: counts, quotes and generated sentences
(issue #12, "Words")."""

from __future__ import annotations

import json
from pathlib import Path

from custlog.render.words import counts, plural, quoted
from tests.conftest import Cli

# -- #12.14: plurals and quoting -----------------------------------------------------------


def test_plural_says_one_without_an_s_and_knows_the_words_custlog_counts() -> None:
    assert plural(1, "customer") == "1 customer"
    assert plural(0, "customer") == "0 customers"
    assert plural(2, "match") == "2 matches"
    assert plural(3, "entry") == "3 entries"
    assert plural(1, "follow-up") == "1 follow-up"
    assert plural(2, "day") == "2 days"
    assert counts([(1, "note"), (2, "fact")]) == "1 note, 2 facts"


def test_quoted_never_doubles_a_quote_the_text_already_has() -> None:
    assert quoted("Ann Lee") == '"Ann Lee"'
    assert quoted('"quick"') == "'\"quick\"'"


def test_importing_one_customer_with_one_note_says_customer_and_note(
    cli: Cli, tmp_path: Path
) -> None:
    lines = [
        {"type": "customer", "name": "Ann Lee"},
        {"type": "note", "customer": "Ann Lee", "at": "2026-11-20T10:00:00", "text": "Brakes"},
    ]
    path = tmp_path / "one.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert cli("import", str(path)).stdout == (
        "Imported 1 customer, 1 note, 0 facts, 0 follow-ups\n"
    )
    assert cli("import", str(path)).stdout == (
        "Imported 0 customers, 0 notes, 0 facts, 0 follow-ups "
        "(1 customer and 1 record were already there)\n"
    )


def test_a_note_with_one_fact_says_with_1_fact(cli: Cli) -> None:
    cli("add", "Ann Lee")
    printed = cli("note", "ann", "Talked about the van", "--fact", "family:Emma plays soccer")
    assert printed.stdout.startswith("Noted for Ann Lee (")
    assert printed.stdout.endswith("), with 1 fact\n")


def test_search_for_a_quoted_word_shows_the_query_once_quoted(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Quick chat about the brakes")
    assert cli("search", '"quick"').stdout.splitlines()[0] == "1 match for '\"quick\"'"
    assert cli("search", "zebra").stdout == 'Nothing found for "zebra".\n'


def test_doctor_counts_one_customer_as_one(cli: Cli) -> None:
    cli("add", "Ann Lee")
    assert "records      1 customer, 0 notes, 0 facts, 0 follow-ups" in cli("doctor").stdout
