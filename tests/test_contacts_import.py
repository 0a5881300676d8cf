"""`custlog import contacts.vcf|.csv`: the contacts people already keep become customers,
and importing the same file again adds nothing."""

from __future__ import annotations

import tempfile
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from custlog.domain.contacts_import import import_contacts, phone_key, same_phone
from custlog.domain.context import Context
from custlog.formats.contacts import Contact
from custlog.storage.store import Store
from tests.conftest import TODAY, Cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "contacts"
EXPORTS = {  # fixture → how many distinct people it holds
    "iphone.vcf": 4,
    "google.vcf": 3,
    "android.vcf": 2,
    "nextcloud.vcf": 1,
    "google.csv": 3,
    "outlook.csv": 3,
    "plain.csv": 3,
}


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def whole_log(cli: Cli) -> str:
    return str(cli("export").stdout)


def facts_of(brief: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["topic"], f["text"]) for f in brief["facts"]}


def vcard(*lines: str) -> str:
    return "".join(f"{line}\r\n" for line in ("BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"))


# -- what a contact becomes ---------------------------------------------------------------


def test_an_iphone_export_becomes_customers(cli: Cli) -> None:
    result = cli("import", fixture("iphone.vcf"))
    assert result.stdout == "Imported contacts: 4 new, 0 already there, 0 updated\n"
    names = [row["name"] for row in cli.json("list")]
    assert names == ["Ann Lee", "Marco Rossi", "Patrick O'Brien", "Tyre World"]


def test_the_first_phone_and_email_fill_the_customer_and_the_others_are_kept_as_facts(
    cli: Cli,
) -> None:
    cli("import", fixture("iphone.vcf"))
    marco = cli.json("brief", "marco")
    customer = marco["customer"]
    assert (customer["company"], customer["phone"], customer["email"]) == (
        "Rossi & Sons Masonry",
        "(555) 018-7720",
        "marco@rossimasonry.example.com",
    )
    assert ("contact", "email: marco.rossi@example.net") in facts_of(marco)
    assert ("contact", "phone: (555) 018-7700") in facts_of(marco)


def test_birthday_and_anniversary_become_facts_with_or_without_the_year(cli: Cli) -> None:
    cli("import", fixture("iphone.vcf"))
    assert {("birthday", "--05-17"), ("anniversary", "2009-09-12")} <= facts_of(
        cli.json("brief", "marco")
    )
    assert ("birthday", "1982-11-28") in facts_of(cli.json("brief", "ann"))


def contact_notes(brief: dict[str, Any]) -> list[str]:
    return [f["text"] for f in brief["facts"] if f["topic"] == "notes"]


def test_the_contacts_note_is_kept_as_a_fact_not_as_a_contact_made_today(cli: Cli) -> None:
    cli("import", fixture("iphone.vcf"))
    brief = cli.json("brief", "marco")
    assert contact_notes(brief) == [
        "Two F-250s and a Transit. Brings them in together every March; wants a fleet "
        "quote.\nWife: Giulia."
    ]
    assert brief["facts"][0]["learned"] == TODAY.isoformat()
    assert brief["notes"] == []
    assert brief["last_contact"] is None


def test_categories_become_tags_and_the_nickname_the_called_name(cli: Cli) -> None:
    cli("import", fixture("nextcloud.vcf"))
    cli("import", fixture("iphone.vcf"))
    assert cli.json("brief", "dana")["customer"]["tags"] == ["farm", "fleet"]
    assert cli.json("brief", "patrick")["customer"]["called"] == "Pat"
    assert cli.json("brief", "pat")["customer"]["name"] == "Patrick O'Brien"


def test_a_company_card_is_named_after_the_company(cli: Cli) -> None:
    cli("import", fixture("iphone.vcf"))
    tyres = cli.json("brief", "tyre world")["customer"]
    assert (tyres["name"], tyres["company"], tyres["phone"]) == (
        "Tyre World",
        "Tyre World",
        "555-0100",
    )


def test_old_android_cards_keep_their_accents(cli: Cli) -> None:
    cli("import", fixture("android.vcf"))
    zoe = cli.json("brief", "zoë")
    assert zoe["customer"]["company"] == "Bäckerei Müller"
    assert contact_notes(zoe) == ["Liefert Brötchen für die Werkstatt.\nMontags geschlossen."]
    assert cli.json("brief", "søren")["customer"]["phone"] == "+45 20 12 34 56"


def test_an_outlook_csv_in_windows_encoding_is_read(cli: Cli) -> None:
    cli("import", fixture("outlook.csv"))
    francois = cli.json("brief", "françois")
    assert francois["customer"]["company"] == "Lefèvre Logistics"
    assert francois["customer"]["tags"] == ["fleet", "commercial"]
    assert ("birthday", "1971-06-14") in facts_of(francois)


def test_a_plain_name_company_phone_email_csv_is_read(cli: Cli) -> None:
    result = cli("import", fixture("plain.csv"))
    assert result.stdout == "Imported contacts: 3 new, 0 already there, 0 updated\n"
    olu = cli.json("brief", "olu")["customer"]
    assert olu["company"] == "Adeyemi Catering, LLC"


# -- importing twice ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_importing_the_same_file_twice_adds_nothing(cli: Cli, name: str) -> None:
    cli("import", fixture(name))
    first = whole_log(cli)
    again = cli("import", fixture(name))
    assert again.stdout == (f"Imported contacts: 0 new, {EXPORTS[name]} already there, 0 updated\n")
    assert whole_log(cli) == first


def test_every_export_together_then_again_adds_nothing(shop: Cli) -> None:
    for name in sorted(EXPORTS):
        shop("import", fixture(name))
    first = whole_log(shop)
    for name in sorted(EXPORTS):
        assert ", 0 updated" in shop("import", fixture(name)).stdout
    assert whole_log(shop) == first


# -- matching customers already in the log -------------------------------------------------


def test_contacts_in_the_log_are_matched_by_email_phone_digits_or_name(shop: Cli) -> None:
    result = shop("import", fixture("google.vcf"))
    # Dave by email, Héctor by phone (+1 555-0158 is Hector's 555-0158), Renée is new.
    assert result.stdout == "Imported contacts: 1 new, 0 already there, 2 updated\n"
    assert len(shop.json("list")) == 13
    hector = shop.json("brief", "hector")["customer"]
    assert (hector["name"], hector["tags"]) == ("Hector Ruiz", ["fleet", "commercial", "roofers"])
    dave = shop.json("brief", "dave")
    assert ("contact", "email: karen.kowalski@example.net") in facts_of(dave)


def test_a_matched_customer_only_gains_what_it_lacks(cli: Cli) -> None:
    cli("add", "Ann Lee", "--company", "Lee Bakery", "--phone", "555-0142")
    card = vcard(
        "FN:ann lee",
        "ORG:Someone Else Ltd",
        "NICKNAME:Annie",
        "TEL;TYPE=CELL:+1 555.0142",  # the customer's phone, written differently
        "TEL;TYPE=WORK:555-0199",
        "EMAIL:ann@leebakery.example.com",
        "CATEGORIES:Fleet",
        "BDAY:--11-28",
    )
    result = cli("import", "-", input=card)
    assert result.stdout == "Imported contacts: 0 new, 0 already there, 1 updated\n"
    ann = cli.json("brief", "ann")
    customer = ann["customer"]
    assert (customer["name"], customer["company"], customer["phone"]) == (
        "Ann Lee",
        "Lee Bakery",
        "555-0142",
    )
    assert (customer["called"], customer["email"], customer["tags"]) == (
        "Annie",
        "ann@leebakery.example.com",
        ["fleet"],
    )
    assert facts_of(ann) == {("birthday", "--11-28"), ("contact", "phone: 555-0199")}


def test_a_customer_with_a_birthday_keeps_it(shop: Cli) -> None:
    card = vcard("FN:Ann Lee", "EMAIL:ann@leebakery.example.com", "BDAY:1990-01-01")
    assert "0 updated" in shop("import", "-", input=card).stdout
    assert ("birthday", "1982-11-28") in facts_of(shop.json("brief", "ann"))


def test_contacts_repeated_in_one_file_are_merged(cli: Cli) -> None:
    cards = vcard("FN:Ann Lee", "EMAIL:ann@example.com") + vcard(
        "FN:Annie Lee", "EMAIL:ANN@example.com", "TEL:555-0142"
    )
    result = cli("import", "-", input=cards)
    assert result.stdout == (
        "Imported contacts: 1 new, 0 already there, 0 updated (1 repeated in the file, merged)\n"
    )
    (only,) = cli.json("list")
    assert only["name"] == "Ann Lee"
    assert cli.json("brief", "ann")["customer"]["phone"] == "555-0142"


def test_colleagues_sharing_an_office_line_stay_two_customers(cli: Cli) -> None:
    cards = vcard("FN:Ann Lee", "TEL:555-0100", "EMAIL:ann@lee.example") + vcard(
        "FN:Bob Stone", "TEL:555-0100", "EMAIL:bob@lee.example"
    )
    assert "2 new" in cli("import", "-", input=cards).stdout
    assert cli.json("brief", "bob")["customer"]["phone"] == "555-0100"


def test_a_second_import_of_contacts_chained_by_a_shared_line_changes_nothing(cli: Cli) -> None:
    """Bob is merged into Ann by their shared line, and Zoë later gets that line too; the
    second time, Bob is the customer that already has both his numbers (Ann), not Zoë
    (added first), who would gain his second number."""
    cards = (
        vcard("FN:Zoë Müller", "EMAIL:ann@example.com")
        + vcard("FN:Ann Lee", "TEL:555-0142")
        + vcard("FN:Bob Stone", "TEL:555-0142", "TEL:(555) 010-2030")
        + vcard("FN:Zoë Müller", "TEL:555-0142")
    )
    first = cli("import", "-", input=cards)
    assert first.stdout.startswith("Imported contacts: 2 new, 0 already there, 0 updated")
    log = whole_log(cli)
    second = cli("import", "-", input=cards)
    assert second.stdout == (
        "Imported contacts: 0 new, 2 already there, 0 updated (2 repeated in the file, merged)\n"
    )
    assert whole_log(cli) == log
    assert ("contact", "phone: (555) 010-2030") in facts_of(cli.json("brief", "ann"))
    assert facts_of(cli.json("brief", "zoë")) == set()


def test_a_contact_without_email_is_matched_by_its_phone(shop: Cli) -> None:
    result = shop("import", "-", input=vcard("FN:Mr. Ruiz", "TEL:+1 (555) 0158", "NOTE:Roofer"))
    assert result.stdout == "Imported contacts: 0 new, 0 already there, 1 updated\n"
    assert contact_notes(shop.json("brief", "hector")) == ["Roofer"]


def test_phone_numbers_compare_by_their_last_ten_digits() -> None:
    assert phone_key("+1 (555) 010-2030") == phone_key("555.010.2030") == "5550102030"
    assert phone_key("+44 20 7946 0958") == "2079460958"
    assert phone_key("112") is None
    assert same_phone("15550158", "5550158")
    assert not same_phone("5550158", "5550159")


# -- dry runs and errors ---------------------------------------------------------------------


def test_dry_run_shows_what_would_happen_and_creates_nothing(cli: Cli, db_path: Path) -> None:
    result = cli("import", "--dry-run", fixture("iphone.vcf"))
    assert result.stdout.splitlines() == [
        "new      Ann Lee (Lee Bakery)",
        "new      Marco Rossi (Rossi & Sons Masonry)",
        "new      Patrick O'Brien",
        "new      Tyre World",
        "Would import 4 new, 0 already there, 0 updated; nothing was written (dry run)",
    ]
    assert not db_path.exists()


def test_dry_run_lists_the_updates_and_writes_nothing(shop: Cli) -> None:
    before = whole_log(shop)
    result = shop("import", "--dry-run", fixture("iphone.vcf"))
    assert result.stdout.splitlines()[0] == (
        "update   Ann Lee (#1): another phone +1 (555) 019-4410 (as a contact fact), "
        "the contact's note (as a notes fact)"
    )
    assert result.stdout.splitlines()[-1] == (
        "Would import 3 new, 0 already there, 1 updated; nothing was written (dry run)"
    )
    assert whole_log(shop) == before


def test_dry_run_of_a_json_lines_file_writes_nothing(cli: Cli, db_path: Path) -> None:
    result = cli("import", "--dry-run", str(FIXTURES.parent.parent.parent / "examples/shop.jsonl"))
    assert result.stdout.startswith("Would have imported 12 customers, 90 notes")
    assert not db_path.exists()


def test_a_bad_card_names_its_number_and_nothing_is_imported(shop: Cli, tmp_path: Path) -> None:
    before = whole_log(shop)
    path = tmp_path / "contacts.vcf"
    path.write_text(vcard("FN:Good One") + vcard("FN:Bad Date", "BDAY:1980-13-45"))
    result = shop("import", str(path), code=1)
    assert result.stderr == (
        f'custlog: error: {path}: card 2 (line 5): cannot read the birthday "1980-13-45"\n'
    )
    assert whole_log(shop) == before


def test_a_bad_csv_line_names_its_line(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,phone,birthday\nAnn Lee,555-0142,\nBob Stone,555-0100,1980-02-30\n")
    result = cli("import", str(path), code=1)
    assert 'people.csv: line 3: cannot read the birthday "1980-02-30"' in result.stderr
    assert not db_path.exists()


def test_an_overlong_value_names_its_card(cli: Cli, db_path: Path) -> None:
    result = cli("import", "-", input=vcard("FN:" + "x" * 400), code=1)
    assert result.stderr == (
        "custlog: error: standard input: card 1 (line 1): the name is 400 characters long; "
        "the limit is 300; nothing was imported\n"
    )
    assert not db_path.exists()


def test_a_file_without_contacts_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "empty.vcf"
    path.write_text("")
    assert "no contacts found" in cli("import", str(path), code=1).stderr


def test_a_vcard_is_recognised_by_its_content(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "contacts.txt"
    path.write_bytes(b"\xef\xbb\xbf" + vcard("FN:Kim Tran").encode())
    assert "1 new" in cli("import", str(path)).stdout


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("FN:#12", "reads as a customer id"),  # the checks `custlog add` makes
        ("FN:Kim Tran\r\nNICKNAME:" + "k" * 301, "the limit is 300"),
    ],
)
def test_a_contact_gets_the_checks_a_command_gets(cli: Cli, line: str, says: str) -> None:
    result = cli("import", "-", input=vcard(line), code=1)
    assert "card 1 (line 1): " in result.stderr and says in result.stderr


def test_c1_control_characters_in_a_contact_become_spaces_too(cli: Cli) -> None:
    cli("import", "-", input=vcard("FN:Kim\u009b31m Tran", "NOTE:one\u0085two"))
    assert cli.json("brief", "kim")["customer"]["name"] == "Kim 31m Tran"


def test_control_characters_in_a_contact_become_spaces(cli: Cli) -> None:
    cli("import", "-", input=vcard("FN:Kim\x07 Tran", "NOTE:line one\x0bline two"))
    brief = cli.json("brief", "kim")
    assert brief["customer"]["name"] == "Kim Tran"
    assert contact_notes(brief) == ["line one line two"]


# -- a property: whatever the contacts, the second import adds nothing ----------------------

_NAMES = st.sampled_from(["Ann Lee", "ann lee", "Bob Stone", "Zoë Müller", "Tyre World"])
_PHONES = st.sampled_from(["555-0142", "+1 555-0142", "(555) 010-2030", "555 010 2030", "112"])
_EMAILS = st.sampled_from(["ann@example.com", "ANN@example.com", "bob@example.com", "z@ex.de"])
_CONTACTS = st.lists(
    st.builds(
        Contact,
        name=_NAMES,
        company=st.none() | st.sampled_from(["Lee Bakery", "Stone & Co"]),
        phones=st.lists(_PHONES, max_size=2, unique=True),
        emails=st.lists(_EMAILS, max_size=2, unique=True),
        birthday=st.none() | st.sampled_from(["--11-28", "1980-02-29"]),
        anniversary=st.none() | st.just("2001-09-15"),
        note=st.none() | st.sampled_from(["Owns three vans.", "Pays by cheque."]),
        categories=st.lists(st.sampled_from(["fleet", "vip"]), max_size=2, unique=True),
        origin=st.just("card 1 (line 1)"),
        called=st.none() | st.sampled_from(["Annie", "Bobby"]),
    ),
    min_size=1,
    max_size=6,
)


def _card(name: str, phones: list[str], emails: list[str], birthday: str | None = None) -> Contact:
    return Contact(name, None, phones, emails, birthday, None, None, [], "card 1 (line 1)")


@settings(max_examples=50, deadline=None)
@given(contacts=_CONTACTS)
@example(  # a chain by a shared line: once 1 in thousands of draws
    contacts=[
        _card("Zoë Müller", [], ["ann@example.com"]),
        _card("Ann Lee", ["555-0142"], []),
        _card("Bob Stone", ["555-0142", "(555) 010-2030"], []),
        _card("Zoë Müller", ["555-0142"], []),
    ]
)
@example(  # Bob's birthday is not Ann's (she has her own), yet Bob is Ann: Zoë would gain it
    contacts=[
        _card("Zoë Müller", [], []),
        _card("Ann Lee", ["555-0142"], [], "1980-02-29"),
        _card("Bob Stone", ["555-0142"], [], "--11-28"),
        _card("Zoë Müller", ["555-0142"], []),
    ]
)
def test_a_second_import_of_any_contacts_adds_nothing(contacts: list[Contact]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        store = Store.open(Path(directory) / "log.db", create=True)
        try:
            ctx = Context(store, TODAY, time(9, 30))
            first = import_contacts(ctx, contacts, dry_run=False)
            counts = store.tables.counts()
            second = import_contacts(ctx, contacts, dry_run=False)
            assert (second.new, second.updated) == (0, 0)
            assert second.already == first.new
            assert store.tables.counts() == counts
            assert counts["customers"] <= len(contacts)
        finally:
            store.close()


def test_a_second_import_finds_the_customer_a_shared_phone_was_merged_into(ctx: Context) -> None:
    """Bob and Ann end up sharing an office line; Zoë (that line only, tag fleet) was merged
    into Bob the first time, so the second time she is Bob again, not Ann (added first)."""

    def card(name: str, phones: list[str], tags: list[str] | None = None) -> Contact:
        return Contact(name, None, phones, [], None, None, None, tags or [], "card 1 (line 1)")

    contacts = [
        card("Ann Lee", []),
        card("Bob Stone", ["555-0142"]),
        card("Zoë Müller", ["555-0142"], ["fleet"]),
        card("Ann Lee", ["555-0142"]),
    ]
    import_contacts(ctx, contacts, dry_run=False)
    second = import_contacts(ctx, contacts, dry_run=False)
    assert (second.new, second.updated, second.already) == (0, 0, 2)
