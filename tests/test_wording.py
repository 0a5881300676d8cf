"""What custlog says reads right on real text: counts, quotes and generated sentences
(issue #12, "Words")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

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


# -- #12.15: generated sentences read well whatever the text ---------------------------------


def test_a_dated_fact_becomes_a_question_that_reads_well_whatever_its_text(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "health", "Knee surgery scheduled, out for 6 weeks", "--when", "dec 1")
    cli("fact", "ann", "vacation", "Going to Cancun with Luis", "--when", "dec 3")
    monkeypatch.setenv("CUSTLOG_TODAY", "2026-12-10")
    asked = [q["text"] for q in cli.json("brief", "ann")["questions"]]
    assert asked == [
        "Ask about: Knee surgery scheduled, out for 6 weeks",
        "Ask about: Going to Cancun with Luis",
    ]
    screen = cli("brief", "ann").stdout
    # The first question is the card's thread; the others are under "Ask them".
    assert "\nF1 Ask about: Knee surgery scheduled, out for 6 weeks (Tue 1 Dec, " in screen
    assert "\n  F2  Ask about: Going to Cancun with Luis (Thu 3 Dec, " in screen
    assert " went" not in screen


def test_answering_a_question_without_a_note_logs_what_was_asked(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "vacation", "Going to Cancun with Luis", "--when", "dec 3")
    monkeypatch.setenv("CUSTLOG_TODAY", "2026-12-10")
    assert cli("done", "F1").stdout == (
        'Answered F1 (Going to Cancun with Luis): noted "Asked about: Going to Cancun with Luis"\n'
    )


def test_a_new_customer_never_reads_no_contact_in_0_days(cli: Cli) -> None:
    cli("add", "Ann Lee", "--every", "30d")
    screen = cli("brief", "ann").stdout
    assert (
        "Ann Lee · customer since today\nno contact logged yet · every 30 days: on track\n"
        in screen
    )
    assert not re.search(r"\b0 days", screen)


def test_a_customer_never_contacted_counts_days_as_a_customer(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee", "--every", "2w")
    monkeypatch.setenv("CUSTLOG_TODAY", "2026-12-24")
    line = "C1  Ann Lee — going cold: no contact yet, a customer for 30 days; every 2 weeks"
    assert line in cli("due").stdout


def test_contact_today_reads_as_today_not_0_days(cli: Cli) -> None:
    cli("add", "Ann Lee", "--every", "30d")
    cli("note", "ann", "Called about the van")
    screen = cli("brief", "ann").stdout
    assert "\nlast contact today · every 30 days: on track\n" in screen
    assert not re.search(r"\b0 days", screen)


# -- #12.16: log shows stored values as people read them --------------------------------------


def test_log_shows_birthdays_and_anniversaries_as_people_read_them(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "birthday", "--02-14")
    cli("fact", "ann", "anniversary", "2002-01-25")
    screen = cli("log", "ann").stdout
    assert "Tue 24 Nov  today · fact F1: birthday 14 Feb\n" in screen
    assert "Tue 24 Nov  today · fact F2: anniversary 25 Jan 2002 (24 years)\n" in screen
    assert "--02-14" not in screen and "2002-01-25" not in screen
    assert [e["text"] for e in cli.json("log", "ann")] == ["2002-01-25", "--02-14"]


def test_log_shows_a_birthday_with_its_year_and_the_age(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "birthday", "1982-11-28")
    assert "fact F1: birthday 28 Nov 1982 (age 43)\n" in cli("log", "ann").stdout


# -- #12.21: an ambiguous name says what tells the customers apart ----------------------------


def test_an_ambiguous_name_lists_company_phone_and_last_contact_of_each(cli: Cli) -> None:
    cli("add", "Ann Lee", "--called", "Annie", "--company", "Lee Bakery", "--phone", "555-0142")
    cli("add", "Ann Lee", "--force", "--email", "ann@example.com")
    cli("note", "#1", "Called about the van", "--on", "nov 18")
    result = cli("brief", "ann lee", code=1)
    assert result.stdout == ""
    assert result.stderr == (
        'custlog: error: "ann lee" matches 2 customers: '
        '#1 Ann Lee ("Annie", Lee Bakery, 555-0142, last contact Wed 18 Nov); '
        "#2 Ann Lee (ann@example.com, no contact yet). Use more of the name or #ID\n"
    )


# -- #12.22: say what will really happen ------------------------------------------------------


def test_a_company_without_a_person_shows_its_name_once_in_brief(cli: Cli) -> None:
    cli("add", "Acme Towing", "--company", "Acme Towing", "--phone", "555-0100")
    screen = cli("brief", "acme").stdout
    assert screen.splitlines()[:2] == ["Acme Towing · customer since today", "555-0100"]
    assert "Nothing recorded about Acme Towing yet." in screen


def test_a_person_at_a_company_still_shows_the_company(cli: Cli) -> None:
    cli("add", "Ann Lee", "--company", "Lee Bakery", "--phone", "555-0142")
    assert cli("brief", "ann").stdout.splitlines()[:2] == [
        "Ann Lee · customer since today",
        "Lee Bakery · 555-0142",
    ]


def test_contacts_dry_run_says_a_second_phone_is_kept_as_a_contact_fact(
    cli: Cli, tmp_path: Path
) -> None:
    cli("add", "Ann Lee", "--phone", "555-0142")
    card = tmp_path / "ann.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nTEL:555-9999\nEMAIL:ann@example.com\n"
        "NOTE:Likes tea\nEND:VCARD\n",
        encoding="utf-8",
    )
    result = cli("import", "--dry-run", str(card))
    assert result.stdout.splitlines()[0] == (
        "update   Ann Lee (#1): another phone 555-9999 (as a contact fact), "
        "email ann@example.com, the contact's note (as a notes fact)"
    )
    cli("import", str(card))
    customer = cli.json("brief", "ann")["customer"]
    assert (customer["phone"], customer["email"]) == ("555-0142", "ann@example.com")
    facts = {(f["topic"], f["text"]) for f in cli.json("brief", "ann")["facts"]}
    assert {("contact", "phone: 555-9999"), ("notes", "Likes tea")} <= facts
