"""`custlog merge NAME INTO`: two records of one person become one, and NAME stays an alias
that finds INTO (issue 15, item 3)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custlog.cli.completion import complete_name
from custlog.domain import merging
from custlog.domain.context import Context
from custlog.errors import BadInput
from custlog.models import NewCustomer
from custlog.parsing import names
from tests.conftest import Cli
from tests.safety import run_custlog
from tests.test_privacy import raw_bytes
from tests.test_rules_sql_twins import _written, books


def lines(cli: Cli) -> list[dict[str, Any]]:
    return [json.loads(line) for line in cli("export").stdout.splitlines()]


@pytest.fixture
def two_obriens(cli: Cli) -> Cli:
    """Mike O'Brien (#1) and Michael O'Brien (#2): one person entered twice."""
    cli("add", "Mike O'Brien", "--phone", "555-0199", "--called", "Mikey", "--tag", "fleet")
    cli("add", "Michael O'Brien", "--email", "michael@obrien.example", "--tag", "vip")
    cli("note", "Mike O'Brien", "Asked about a roof rack", "--on", "2026-11-02")
    cli("fact", "Mike O'Brien", "car", "Blue Volvo V70")
    cli("remind", "Mike O'Brien", "2026-12-04", "Call about the rack")
    cli("remind", "Mike O'Brien", "2026-12-10", "Timing belt", "--kind", "deferred")
    cli("snooze", "2", "2027-01-10", "--declined", "money this month")  # an offer
    cli("note", "Michael O'Brien", "Oil change done", "--on", "2026-11-20")
    cli("remind", "Michael O'Brien", "2026-12-01", "Send the invoice", "--kind", "promise")
    return cli


def followup_ids(records: list[dict[str, Any]]) -> list[int]:
    return [r["id"] for r in records if r["type"] == "followup"]


def test_merge_moves_every_note_fact_followup_and_offer_to_into(two_obriens: Cli) -> None:
    cli = two_obriens
    before = lines(cli)

    result = cli("merge", "Mike O'Brien", "Michael O'Brien")

    assert result.stdout.splitlines() == [
        "Merged Mike O'Brien (#1) into Michael O'Brien (#2): 1 note, 1 fact, 2 follow-ups moved",
        "Michael O'Brien is also found as \"Mike O'Brien\"",
    ]
    after = lines(cli)
    assert [r["name"] for r in after if r["type"] == "customer"] == ["Michael O'Brien"]
    for kind in ("note", "fact", "followup"):
        old = {r["id"]: r for r in before if r["type"] == kind}
        new = {r["id"]: r for r in after if r["type"] == kind}
        assert new.keys() == old.keys(), kind  # every record, each keeping its id
        assert {r["customer_id"] for r in new.values()} == {2}
        for record_id, record in new.items():
            unchanged = {**old[record_id], "customer": "Michael O'Brien", "customer_id": 2}
            assert record == unchanged
    declined = [r for r in after if r["type"] == "followup" and r["text"] == "Timing belt"]
    assert declined[0]["offers"][0]["reason"] == "money this month"
    brief = cli.json("brief", "michael")
    assert {n["text"] for n in brief["notes"]} == {"Asked about a roof rack", "Oil change done"}
    assert brief["last_contact"]["at"].startswith("2026-11-20")


def test_intos_fields_win_and_its_empty_ones_are_filled_from_name(two_obriens: Cli) -> None:
    cli = two_obriens
    cli("edit", "Michael O'Brien", "--every", "3m")
    cli("merge", "Mike O'Brien", "Michael O'Brien")

    customer = cli.json("brief", "Michael O'Brien")["customer"]
    assert customer["email"] == "michael@obrien.example"  # INTO's own
    assert customer["phone"] == "555-0199"  # was empty: filled from NAME
    assert customer["called"] == "Mikey"
    assert customer["every"] == "3m"  # INTO's wins over NAME's empty
    assert customer["tags"] == ["vip", "fleet"]  # the union, INTO's first
    assert customer["aliases"] == ["Mike O'Brien"]


def test_since_becomes_the_earlier_of_the_two(ctx: Context) -> None:
    from datetime import date

    old = ctx.store.customers.add(NewCustomer("Zoë Ødegaard", date(2024, 3, 1))).id
    new = ctx.store.customers.add(NewCustomer("Zoe Odegaard", date(2026, 11, 1))).id
    merging.merge(ctx, f"#{old}", f"#{new}")
    merged = ctx.store.customers.get(new)
    assert merged is not None
    assert merged.since == date(2024, 3, 1)
    assert ctx.store.customers.get(old) is None


def test_the_merged_name_finds_into_as_full_name_prefix_and_exact_name(two_obriens: Cli) -> None:
    cli = two_obriens
    cli("merge", "Mike O'Brien", "Michael O'Brien")

    assert "Michael O'Brien" in cli("brief", "Mike O'Brien").stdout.splitlines()[0]
    assert cli.json("brief", "mike o'brien")["customer"]["id"] == 2
    assert cli.json("brief", "Mike")["customer"]["id"] == 2  # a prefix of the alias
    assert cli.json("brief", "Mi")["customer"]["id"] == 2  # one customer, however many names
    assert "also known as Mike O'Brien" in cli("brief", "michael").stdout
    cli("note", "Mike O'Brien", "Called back about the rack")
    assert cli.json("brief", "michael")["notes"][0]["text"] == "Called back about the rack"


def test_the_merged_name_completes_to_into(two_obriens: Cli) -> None:
    two_obriens("merge", "Mike O'Brien", "Michael O'Brien")
    assert complete_name(None, "mike") == ["Michael O'Brien"]
    assert complete_name(None, "m") == ["Michael O'Brien"]


def test_a_customer_counts_once_however_many_names_match() -> None:
    candidates = [(2, "Michael O'Brien", None), (2, "Michael O'Brien", "Mike O'Brien")]
    assert names.pick("mi", candidates) == 2
    tied = names.pick("mi", [*candidates, (3, "Mia Wong", None)])
    assert isinstance(tied, list)
    assert [c[0] for c in tied] == [2, 3]


def test_moved_followups_keep_their_calendar_uids(two_obriens: Cli) -> None:
    """The UID is `followup-<id>@custlog`: it never named the customer, so a calendar that
    subscribed before the merge updates the same events after it."""
    cli = two_obriens

    def uids() -> dict[str, str]:
        text = cli("export", "--format", "ics").stdout
        cal = icalendar.Calendar.from_ical(text)
        return {
            str(e["UID"]): str(e["SUMMARY"])
            for e in cal.walk("VEVENT")
            if str(e["UID"]).startswith("followup-")
        }

    before = uids()
    cli("merge", "Mike O'Brien", "Michael O'Brien")
    after = uids()
    assert sorted(after) == sorted(before) == [f"followup-{i}@custlog" for i in (1, 2, 3)]
    assert after["followup-1@custlog"] == "Michael O'Brien: Call about the rack"


def test_merging_again_carries_the_earlier_aliases_along(cli: Cli) -> None:
    cli("add", "Ирина Петрова")
    cli("add", "Irina Petrova")
    cli("add", "Irina P. Smith")
    cli("merge", "Ирина Петрова", "Irina Petrova")
    result = cli.json("merge", "Irina Petrova", "Irina P. Smith")
    assert result["customer"]["aliases"] == ["Ирина Петрова", "Irina Petrova"]
    assert result["merged"] == {"id": 2, "name": "Irina Petrova"}
    assert cli.json("brief", "Ирина")["customer"]["name"] == "Irina P. Smith"


def test_merge_writes_everything_in_one_transaction(
    two_obriens: Cli, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = two_obriens("export").stdout

    def broken(customer_id: int, alias: str) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(ctx.store.customers, "add_alias", broken)
    with pytest.raises(RuntimeError):
        merging.merge(ctx, "Mike O'Brien", "Michael O'Brien")
    assert two_obriens("export").stdout == before


def test_forget_into_erases_its_aliases_from_the_file_bytes(tmp_path: Path) -> None:
    db = tmp_path / "custlog.db"
    for step in (
        ("add", "Quentin Zanzibarquokka"),
        ("add", "Quentin Secretive"),
        ("merge", "Quentin Zanzibarquokka", "Quentin Secretive"),
        ("add", "Ann Lee"),
    ):
        assert run_custlog(db, *step).returncode == 0, step
    assert b"Zanzibarquokka" in raw_bytes(db.parent)  # the alias is there to find

    assert run_custlog(db, "forget", "Quentin Zanzibarquokka", "--yes").returncode == 0

    assert b"Zanzibarquokka" not in raw_bytes(db.parent)
    assert b"Quentin" not in raw_bytes(db.parent)
    assert "Ann Lee" in run_custlog(db, "list").stdout


def test_aliases_round_trip_through_export_and_import(two_obriens: Cli, tmp_path: Path) -> None:
    cli = two_obriens
    cli("merge", "Mike O'Brien", "Michael O'Brien")
    exported = cli("export").stdout
    customer = json.loads(exported.splitlines()[0])
    assert customer["aliases"] == ["Mike O'Brien"]

    other = tmp_path / "other.db"
    path = tmp_path / "export.jsonl"
    path.write_text(exported, encoding="utf-8")
    assert run_custlog(other, "import", str(path)).returncode == 0
    assert run_custlog(other, "export").stdout == exported
    assert "Michael O'Brien" in run_custlog(other, "brief", "Mike O'Brien").stdout

    cli("import", str(path))  # the same file again: nothing twice
    assert cli("export").stdout == exported


def test_an_export_from_before_the_merge_imports_into_the_merged_customer(
    two_obriens: Cli, tmp_path: Path
) -> None:
    cli = two_obriens
    path = tmp_path / "before.jsonl"
    path.write_text(cli("export").stdout, encoding="utf-8")
    cli("merge", "Mike O'Brien", "Michael O'Brien")
    merged = cli("export").stdout

    cli("import", str(path))

    assert cli("export").stdout == merged


def test_an_imported_alias_may_not_be_another_customers_name(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "clash.jsonl"
    path.write_text(
        '{"type": "customer", "id": 1, "name": "Michael O\'Brien", "aliases": ["Ann Lee"]}\n'
        '{"type": "customer", "id": 2, "name": "Ann Lee"}\n',
        encoding="utf-8",
    )
    result = cli("import", str(path), code=1)
    assert 'line 1: alias "Ann Lee" is the name of another customer' in result.stderr
    assert cli("export").stdout == ""


def test_add_with_a_merged_name_is_refused_unless_forced(two_obriens: Cli) -> None:
    cli = two_obriens
    cli("merge", "Mike O'Brien", "Michael O'Brien")
    before = cli("export").stdout

    result = cli("add", "mike o'brien", code=1)
    assert result.stderr == (
        "custlog: error: \"mike o'brien\" is another name of Michael O'Brien (#2, merged into "
        "them); use --force to add another customer of that name\n"
    )
    cli("edit", "#2", "--name", "Mike O'Brien")  # its own alias: fine
    cli("edit", "#2", "--name", "Michael O'Brien")
    assert cli("export").stdout == before

    cli("add", "Mike O'Brien", "--force")  # now the full name finds the new one first
    assert cli.json("brief", "Mike O'Brien")["customer"]["id"] == 3


def test_edit_to_another_customers_alias_is_refused_unless_forced(two_obriens: Cli) -> None:
    cli = two_obriens
    cli("merge", "Mike O'Brien", "Michael O'Brien")
    cli("add", "Pat Doyle")
    before = cli("export").stdout
    result = cli("edit", "Pat Doyle", "--name", "Mike O'Brien", code=1)
    assert "another name of Michael O'Brien (#2" in result.stderr
    assert cli("export").stdout == before


def refused(cli: Cli, *args: str) -> str:
    """Run a merge that must be refused: one line on stderr, exit 1, the log unchanged."""
    before = cli("export").stdout
    result = cli("merge", *args, code=1)
    assert cli("export").stdout == before
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr
    return str(result.stderr)


def test_merge_into_itself_is_refused(two_obriens: Cli) -> None:
    assert "are the same customer (#1 Mike O'Brien): nothing to merge" in refused(
        two_obriens, "mike", "#1"
    )
    two_obriens("merge", "Mike O'Brien", "Michael O'Brien")
    assert "same customer" in refused(two_obriens, "Mike O'Brien", "Michael")


def test_merge_of_unknown_or_ambiguous_names_is_refused(two_obriens: Cli) -> None:
    assert "no customer named" in refused(two_obriens, "Nobody Here", "michael")
    assert "no customer named" in refused(two_obriens, "mike", "Nobody Here")
    assert "no customer with id #99" in refused(two_obriens, "#99", "michael")
    assert "matches 2 customers" in refused(two_obriens, "m", "#1")


def test_an_alias_that_would_make_a_name_ambiguous_is_refused(cli: Cli) -> None:
    cli("add", "Sam Fox", "--called", "Sammy")
    cli("add", "Sammy")
    cli("add", "Samuel Fox")
    assert '"Sammy" cannot stay as another name: #1 Sam Fox is called that too' in refused(
        cli, "#2", "Samuel Fox"
    )
    cli("add", "Ann Lee")
    cli("add", "Annie Lee", "--called", "Ann Lee")
    cli("add", "Ann Lee Bakery")
    assert "#5 Annie Lee is called that too" in refused(cli, "#4", "#6")


def test_merging_two_customers_of_one_name_leaves_no_alias(cli: Cli) -> None:
    cli("add", "José Álvarez")
    cli("add", "José Álvarez", "--force")
    assert cli.json("merge", "#1", "#2")["customer"]["aliases"] == []
    assert cli.json("brief", "josé")["customer"]["id"] == 2


def test_check_alias_names_the_customer_already_called_so(ctx: Context) -> None:
    from datetime import date

    ctx.store.customers.add(NewCustomer("Ann Lee", date(2026, 1, 1), called="Annie"))
    with pytest.raises(BadInput, match="#1 Ann Lee is called that too"):
        merging.check_alias(ctx, "annie", keep=set())


# -- names are not ASCII: an alias follows the one name rule (custlog.parsing.names) -----------


def test_an_alias_is_one_name_in_any_case_and_any_alphabet(cli: Cli) -> None:
    cli("add", "Ирина Петрова")
    cli("add", "Irina P. Smith")
    cli("merge", "Ирина Петрова", "Irina P. Smith")
    assert cli.json("brief", "ИРИНА ПЕТРОВА")["customer"]["name"] == "Irina P. Smith"
    assert complete_name(None, "ири") == ["Irina P. Smith"]
    before = cli("export").stdout
    result = cli("add", "ИРИНА ПЕТРОВА", code=1)
    assert "is another name of Irina P. Smith (#2, merged into them)" in result.stderr
    assert cli("export").stdout == before


def test_an_alias_typed_with_decomposed_accents_finds_into(cli: Cli) -> None:
    cli("add", "Zoë Ødegaard")
    cli("add", "Zoe Odegaard-Lind")
    cli("merge", "Zoë Ødegaard", "Zoe Odegaard-Lind")
    decomposed = "zoe\u0308 ødegaard"  # as macOS tools write "zoë"
    assert cli.json("brief", decomposed)["customer"]["name"] == "Zoe Odegaard-Lind"


def test_an_alias_equal_to_another_customers_name_in_another_case_is_refused(cli: Cli) -> None:
    cli("add", "Zoë Ødegaard")
    cli("add", "ZOË ØDEGAARD", "--force")
    cli("add", "Zoë Ødegaard-Lind")
    assert "#1 Zoë Ødegaard is called that too" in refused(cli, "#2", "#3")


# -- referrals travel with the merge -------------------------------------------------------------


def test_merge_keeps_who_sent_them_and_whom_they_sent(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("add", "Mike O'Brien", "--referred-by", "ann")  # Ann is thanked for sending Mike
    cli("add", "Bob Ray", "--referred-by", "mike")
    cli("add", "Michael O'Brien")
    cli("merge", "Mike O'Brien", "Michael O'Brien")
    michael = cli.json("brief", "michael")
    assert michael["customer"]["referred_by"] == "Ann Lee"  # INTO had nobody: filled
    assert michael["referrals"] == [{"customer": "Bob Ray", "since": "2026-11-24"}]
    assert cli.json("brief", "bob")["customer"]["referred_by"] == "Michael O'Brien"
    thanks = [f["text"] for f in cli.json("brief", "ann")["followups"]]
    assert thanks == ["Thank Ann Lee for sending Michael O'Brien"]


def test_merging_the_one_who_sent_into_the_one_sent_leaves_nobody_sending_themselves(
    cli: Cli,
) -> None:
    cli("add", "Mike O'Brien")
    cli("add", "Michael O'Brien", "--referred-by", "mike", "--no-thanks")
    cli("merge", "Mike O'Brien", "Michael O'Brien")
    customer = cli.json("brief", "michael")
    assert customer["customer"]["referred_by"] is None
    assert customer["referrals"] == []


def test_forget_after_a_merge_leaves_no_name_in_the_senders_thank_you(
    cli: Cli, db_path: Path
) -> None:
    cli("add", "Ann Lee")
    cli("add", "Quentin Zanzibarquokka", "--referred-by", "ann")
    cli("add", "Quentin Secretive")
    cli("merge", "Quentin Zanzibarquokka", "Quentin Secretive")
    cli("forget", "Quentin Secretive", "--yes")
    assert b"Quentin" not in raw_bytes(db_path.parent)
    texts = [f["text"] for f in cli.json("brief", "ann")["followups"]]
    assert texts == ["Thank Ann Lee for sending a customer"]


def test_aliases_referrals_and_concerns_round_trip_together(cli: Cli, tmp_path: Path) -> None:
    cli("add", "Ann Lee")
    cli("add", "Zoë Ødegaard", "--referred-by", "ann")
    cli("add", "Zoe Odegaard-Lind", "--referred-by", "ann", "--no-thanks")
    cli("fact", "Zoë Ødegaard", "concern", "Worried about winter tires", "--on", "2026-10-01")
    cli("fact", "Zoë Ødegaard", "concern", "Wants the car back by Friday")
    fid = next(r["id"] for r in lines(cli) if r["type"] == "fact" and "winter" in r["text"])
    cli("done", f"F{fid}", "--note", "Showed her the cheaper brand")
    cli("merge", "Zoë Ødegaard", "Zoe Odegaard-Lind")
    exported = cli("export").stdout
    path = tmp_path / "log.jsonl"
    path.write_text(exported, encoding="utf-8")
    copy = tmp_path / "copy.db"
    assert run_custlog(copy, "import", str(path)).returncode == 0
    assert run_custlog(copy, "export").stdout == exported
    brief = json.loads(run_custlog(copy, "brief", "zoë", "--json").stdout)
    assert brief["customer"]["aliases"] == ["Zoë Ødegaard"]
    assert brief["customer"]["referred_by"] == "Ann Lee"
    assert sorted(f["open"] for f in brief["facts"]) == [False, True]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books(), st.lists(st.tuples(st.integers(1, 8), st.integers(1, 8)), max_size=3))
def test_the_sql_candidates_with_aliases_name_whom_the_python_rule_names(
    book: dict[str, Any], merges: list[tuple[int, int]]
) -> None:
    """Naming twins (tests/test_rules_sql_twins.py) once customers were merged: the stored
    alias keys find whom `custlog.parsing.names` finds among every name and alias."""
    query = book["query"]
    with tempfile.TemporaryDirectory() as folder:
        store = _written(book, folder)
        with store.transaction(step=None):
            for gone, into in merges:
                old, new = store.customers.get(gone), store.customers.get(into)
                if old is None or new is None or gone == into:
                    continue
                free = store.customers.alias_owner(old.name) is None
                store.customers.merge(gone, into, {}, old.name if free else None)
        everyone = store.customers.all_names()
        candidates = store.customers.name_candidates(query)
        store.close()
    assert names.pick(query, candidates) == names.pick(query, everyone)
    assert names.pick(query, candidates, exact=True) == names.pick(query, everyone, exact=True)


def test_undo_takes_a_merge_back_whole(two_obriens: Cli) -> None:
    cli = two_obriens
    before = cli("export").stdout
    cli("merge", "Mike O'Brien", "Michael O'Brien")
    assert cli("undo").stdout == "Undid: merge Mike O'Brien into Michael O'Brien\n"
    assert cli("export").stdout == before
    assert cli.json("brief", "Mike O'Brien")["customer"]["id"] == 1  # no alias left behind
    assert cli.json("brief", "Michael O'Brien")["customer"]["aliases"] == []


def test_forget_after_a_merge_leaves_no_alias_in_the_undo_history(
    two_obriens: Cli, db_path: Path
) -> None:
    cli = two_obriens
    cli("merge", "Mike O'Brien", "Michael O'Brien")
    cli("forget", "Michael O'Brien", "--yes")
    assert b"O'Brien" not in raw_bytes(db_path.parent)
    assert cli.json("undo", "--list") == []
