"""The people around a customer (#15.5, #15.6): concerns that stay open until we say how we
addressed them, and referrals (who sent whom, the thank-you, and what `forget` leaves)."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custlog.domain import concerns
from custlog.models import NewCustomer, NewFact
from custlog.storage.store import Store
from tests.conftest import Cli
from tests.safety import run_custlog
from tests.test_privacy import raw_bytes

TODAY = date(2026, 11, 24)  # CUSTLOG_TODAY in tests/conftest.py
WORRY = "worried about what the van costs her a year"


@pytest.fixture
def ann(cli: Cli) -> Cli:
    cli("add", "Ann Lee")
    return cli


def concern_id(cli: Cli, name: str, text: str) -> int:
    facts = cli.json("brief", name)["facts"]
    return int(next(f["id"] for f in facts if f["text"] == text))


# -- concerns ----------------------------------------------------------------------------------


def test_an_open_concern_leads_the_brief_with_its_id_and_age(ann: Cli) -> None:
    ann("fact", "ann", "family", "Daughter Emma plays soccer")
    ann("fact", "ann", "concern", WORRY, "--on", "2026-10-14")
    fid = concern_id(ann, "ann", WORRY)
    lines = ann("brief", "ann").stdout.splitlines()
    assert lines[0].strip("│ ").startswith("Ann Lee")
    assert f"Careful: {WORRY} (concern F{fid}, 41 days open)" in lines[1]
    # Shown once: at the top, not again among the facts.
    assert sum(WORRY in line for line in lines) == 1


def test_done_with_a_note_addresses_a_concern_and_logs_the_note_today(ann: Cli) -> None:
    ann("fact", "ann", "concern", WORRY, "--on", "2026-10-14")
    fid = concern_id(ann, "ann", WORRY)
    out = ann("done", f"F{fid}", "--note", "Showed her the fuel numbers").stdout
    assert out == f'Addressed concern F{fid} ({WORRY}): noted "Showed her the fuel numbers"\n'
    brief = ann.json("brief", "ann")
    assert brief["notes"][0]["text"] == "Showed her the fuel numbers"
    assert brief["notes"][0]["at"].startswith("2026-11-24")
    [fact] = brief["facts"]
    assert (fact["open"], fact["addressed"]) == (False, "2026-11-24")
    text = ann("brief", "ann").stdout
    assert "Careful" not in text
    assert f"{WORRY} · learned 6 weeks ago · addressed Tue 24 Nov" in text


def test_a_concern_needs_a_note_and_cannot_be_addressed_twice(ann: Cli) -> None:
    ann("fact", "ann", "concern", WORRY)
    fid = concern_id(ann, "ann", WORRY)
    before = ann("export").stdout
    missing = ann("done", f"F{fid}", code=1)
    assert f'say how concern F{fid} was addressed: done F{fid} --note "…"' in missing.stderr
    assert ann("export").stdout == before
    ann("done", f"F{fid}", "--note", "Priced a smaller van")
    after = ann("export").stdout
    again = ann("done", f"F{fid}", "--note", "Again", code=1)
    assert f"concern F{fid} was already addressed on Tue 24 Nov:" in again.stderr
    assert again.stderr.count("\n") == 1
    assert ann("export").stdout == after


def test_brief_json_marks_concerns_open_or_not_and_other_facts_null(ann: Cli) -> None:
    ann("fact", "ann", "concern", WORRY)
    ann("fact", "ann", "concern", "Wants it back by Friday")
    ann("fact", "ann", "family", "Daughter Emma plays soccer")
    ann("done", f"F{concern_id(ann, 'ann', 'Wants it back by Friday')}", "--note", "Done Thu")
    facts = {f["text"]: f for f in ann.json("brief", "ann")["facts"]}
    assert {t: f["open"] for t, f in facts.items()} == {
        WORRY: True,
        "Wants it back by Friday": False,
        "Daughter Emma plays soccer": None,
    }
    assert all(isinstance(f["id"], int) for f in facts.values())


def test_log_shows_when_and_how_a_concern_was_addressed(ann: Cli) -> None:
    ann("fact", "ann", "concern", WORRY, "--on", "2026-10-14")
    fid = concern_id(ann, "ann", WORRY)
    ann("done", f"F{fid}", "--note", "Showed her the fuel numbers", "--via", "visit")
    text = ann("log", "ann").stdout
    assert (
        f"fact F{fid}, concern, addressed Tue 24 Nov: "
        f"{WORRY} (how: Showed her the fuel numbers)" in " ".join(text.split())
    )
    [fact] = [e for e in ann.json("log", "ann") if e["type"] == "fact"]
    note = next(e for e in ann.json("log", "ann") if e["type"] == "note")
    assert fact["open"] is False
    assert fact["addressed"] == "2026-11-24"
    assert fact["addressed_note_id"] == note["id"]
    assert fact["addressed_how"] == "Showed her the fuel numbers"


def test_due_mentions_a_concern_left_open_more_than_30_days(ann: Cli) -> None:
    ann("add", "Bob Ray")
    ann("fact", "ann", "concern", WORRY, "--on", "2026-10-24")  # 31 days
    ann("fact", "bob", "concern", "Thinks tires cost too much", "--on", "2026-10-25")  # 30
    due = ann.json("due")
    assert [(c["customer"], c["days_open"]) for c in due["concerns"]] == [("Ann Lee", 31)]
    fid = concern_id(ann, "ann", WORRY)
    assert due["concerns"][0]["done_ref"] == f"F{fid}"
    text = ann("due").stdout
    assert f"F{fid}  Ann Lee — concern open 31 days: {WORRY}" in text
    assert "Thinks tires" not in text
    assert text.rstrip().endswith("1 customer with dates, questions or concerns")
    ann("done", f"F{fid}", "--note", "Talked it through")
    assert ann.json("due")["concerns"] == []


def test_due_leaves_out_a_private_concern(ann: Cli) -> None:
    ann("fact", "ann", "concern", WORRY, "--on", "2026-09-01", "--private")
    assert ann.json("due")["concerns"] == []


# -- referrals ---------------------------------------------------------------------------------


def test_a_referral_shows_in_both_briefs_and_adds_a_thank_you_due_today(ann: Cli) -> None:
    out = ann("add", "Bob Ray", "--referred-by", "ann").stdout
    assert out == "Added Bob Ray (#2)\nSent by Ann Lee: a callback to thank them is due today\n"
    ann("add", "Zoë Ødegaard", "--referred-by", "#1", "--no-thanks")
    ann_brief = ann.json("brief", "ann")
    assert ann_brief["referrals"] == [
        {"customer": "Bob Ray", "since": "2026-11-24"},
        {"customer": "Zoë Ødegaard", "since": "2026-11-24"},
    ]
    assert ann_brief["customer"]["referred_by"] is None
    assert [(f["text"], f["kind"], f["due"]) for f in ann_brief["followups"]] == [
        ("Thank Ann Lee for sending Bob Ray", "callback", "2026-11-24")
    ]
    assert ann.json("brief", "bob")["customer"]["referred_by"] == "Ann Lee"
    assert ann.json("brief", "bob")["referrals"] == []
    text = ann("brief", "ann").stdout
    assert "sent you 2 customers: Bob Ray (Tue 24 Nov), Zoë Ødegaard (Tue 24 Nov)" in text
    assert "sent to you by Ann Lee" in ann("brief", "bob").stdout


def test_a_name_typed_with_decomposed_accents_is_still_the_same_person(cli: Cli) -> None:
    cli("add", "Ирина Петрова")
    decomposed = "Jose\u0301 Mun\u0303oz"  # as macOS tools write José Muñoz
    result = cli("add", "José Muñoz", "--referred-by", decomposed, code=1)
    assert result.stderr == "custlog: error: a customer cannot be referred by themselves\n"
    cli("add", "José Muñoz", "--referred-by", "ИРИНА")
    assert cli.json("brief", "josé")["customer"]["referred_by"] == "Ирина Петрова"


def test_edit_records_who_sent_a_customer_and_an_empty_name_clears_it(ann: Cli) -> None:
    ann("add", "Bob Ray")
    ann("edit", "bob", "--referred-by", "ann", "--no-thanks")
    assert ann.json("brief", "bob")["customer"]["referred_by"] == "Ann Lee"
    assert ann.json("brief", "ann")["followups"] == []
    ann("edit", "bob", "--referred-by", "")
    assert ann.json("brief", "bob")["customer"]["referred_by"] is None
    ann("edit", "bob", "--referred-by", "ann")
    assert [f["text"] for f in ann.json("brief", "ann")["followups"]] == [
        "Thank Ann Lee for sending Bob Ray"
    ]


def test_stats_counts_referrals_by_when_the_sent_customer_joined(ann: Cli) -> None:
    ann("add", "Bob Ray", "--referred-by", "ann")
    ann("add", "Cy Old")
    assert ann.json("stats")["referrals"] == 1
    assert "3 customers, 1 referral in the last 12 weeks" in ann("stats").stdout
    conn = sqlite3.connect(Path(__import__("os").environ["CUSTLOG_DB"]))
    conn.execute("UPDATE customers SET since = '2025-01-01' WHERE name = 'Bob Ray'")
    conn.commit()
    conn.close()
    assert ann.json("stats")["referrals"] == 0


def test_a_referral_in_a_log_not_yet_created_creates_nothing(cli: Cli, db_path: Path) -> None:
    result = cli("add", "Bob Ray", "--referred-by", "ann", code=1)
    assert "no customer named" in result.stderr
    assert not db_path.exists()


def test_forget_the_sent_customer_removes_their_name_from_the_sender(tmp_path: Path) -> None:
    db = tmp_path / "custlog.db"
    for step in (
        ("add", "Ann Lee"),
        ("add", "Quentin Secretive", "--referred-by", "ann"),
        ("remind", "ann", "friday", "Send the estimate"),
    ):
        assert run_custlog(db, *step).returncode == 0, step
    assert b"Quentin" in raw_bytes(db.parent)
    assert run_custlog(db, "forget", "quentin", "--yes").returncode == 0
    assert b"Quentin" not in raw_bytes(db.parent)
    export = run_custlog(db, "export").stdout
    assert "Send the estimate" in export  # the sender is otherwise whole
    assert '"name": "Ann Lee"' in export
    # The thank-you stays with the sender (it is owed, or was paid), without the name.
    assert '"text": "Thank Ann Lee for sending a customer"' in export


def test_a_done_thank_you_stays_in_the_senders_track_record_after_forget(ann: Cli) -> None:
    ann("add", "Zoë Ødegaard", "--referred-by", "ann")
    [thanks] = ann.json("brief", "ann")["followups"]
    ann("done", str(thanks["id"]), "--note", "Called to thank her")
    ann("forget", "zoë", "--yes")
    log = ann.json("log", "ann")
    assert [e["text"] for e in log if e["type"] == "followup"] == [
        "Thank Ann Lee for sending a customer"
    ]
    assert "Zoë" not in ann("export").stdout


def test_renaming_a_sent_customer_renames_them_in_the_thank_you(ann: Cli, db_path: Path) -> None:
    ann("add", "Mike O'Brien", "--referred-by", "ann")
    ann("edit", "mike", "--name", "Michael O'Brien")
    [thanks] = ann.json("brief", "ann")["followups"]
    assert thanks["text"] == "Thank Ann Lee for sending Michael O'Brien"
    ann("forget", "michael", "--yes")
    assert b"O'Brien" not in raw_bytes(db_path.parent)


def test_forget_the_sender_leaves_the_sent_customer_whole(ann: Cli, db_path: Path) -> None:
    ann("add", "Bob Ray", "--referred-by", "ann")
    ann("note", "bob", "First visit")
    ann("forget", "ann", "--yes")
    brief = ann.json("brief", "bob")
    assert brief["customer"]["referred_by"] is None
    assert [n["text"] for n in brief["notes"]] == ["First visit"]
    assert b"Ann Lee" not in raw_bytes(db_path.parent)


# -- export and import -------------------------------------------------------------------------


def test_concerns_and_referrals_round_trip_through_export_and_import(
    ann: Cli, tmp_path: Path
) -> None:
    ann("add", "Bob Ray", "--referred-by", "ann")
    ann("edit", "ann", "--referred-by", "bob", "--no-thanks")  # the sender comes later
    ann("fact", "ann", "concern", WORRY)
    ann("done", f"F{concern_id(ann, 'ann', WORRY)}", "--note", "Showed her the numbers")
    first = ann("export").stdout
    assert '"referred_by": "Bob Ray", "referred_by_id": 2' in first
    assert '"addressed": "2026-11-24", "addressed_note_id": 1' in first
    copy = tmp_path / "copy.db"
    path = tmp_path / "log.jsonl"
    path.write_text(first, encoding="utf-8")
    assert run_custlog(copy, "import", str(path)).returncode == 0
    assert run_custlog(copy, "export").stdout == first


def test_import_into_a_log_with_records_links_by_name_and_by_day(ann: Cli, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"type": "customer", "name": "Bob Ray", "referred_by": "Cy Old"}\n'
        '{"type": "customer", "name": "Cy Old"}\n'
        '{"type": "note", "customer": "Bob Ray", "at": "2026-11-20T10:00:00", "text": "Fixed"}\n'
        '{"type": "fact", "customer": "Bob Ray", "topic": "concern", "text": "Noise", '
        '"learned": "2026-11-01", "addressed": "2026-11-20", "addressed_note_id": 77}\n',
        encoding="utf-8",
    )
    ann("import", str(path))
    assert ann.json("brief", "bob")["customer"]["referred_by"] == "Cy Old"
    [fact] = [e for e in ann.json("log", "bob") if e["type"] == "fact"]
    assert (fact["open"], fact["addressed_how"]) == (False, "Fixed")


# -- one rule for an open concern, in Python and in SQL ----------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["concern", "concerns", "family"]),
            st.booleans(),  # addressed
            st.booleans(),  # replaced by a newer fact
            st.integers(min_value=0, max_value=90),  # learned, days before today
        ),
        max_size=12,
    )
)
def test_the_sql_and_the_rule_agree_on_which_concerns_are_open(
    facts: list[tuple[str, bool, bool, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "custlog.db", create=True)
        try:
            _agree(store, facts)
        finally:
            store.close()


def _agree(store: Store, facts: list[tuple[str, bool, bool, int]]) -> None:
    with store.transaction(step=None):
        who = store.customers.add(NewCustomer("Zoë Ødegaard", since=TODAY)).id
        for n, (topic, addressed, replaced, age) in enumerate(facts):
            fact = store.facts.add(who, NewFact(topic, f"fact {n}", TODAY - timedelta(age)))
            if addressed:
                store.facts.address(fact.id, TODAY, None)
            if replaced:
                newer = store.facts.add(who, NewFact(topic, f"fact {n}, newer", TODAY))
                store.facts.supersede(fact.id, newer.id)
    every = store.facts.of_customer(who, current_only=False)
    for cutoff in (TODAY - timedelta(30), TODAY + timedelta(1)):
        in_sql = [f.id for f in store.facts.open_concerns(concerns.TOPIC, cutoff)]
        by_rule = [f.id for f in every if concerns.is_open(f) and f.learned < cutoff]
        assert sorted(in_sql) == sorted(by_rule)


def test_forget_reaches_the_thank_you_of_a_sender_replaced_by_edit(ann: Cli, db_path: Path) -> None:
    ann("add", "Cy Old")
    ann("add", "Quentin Secretive", "--referred-by", "ann")
    ann("edit", "quentin", "--referred-by", "cy")  # Ann's thank-you stays with Ann
    ann("forget", "quentin", "--yes")
    assert b"Quentin" not in raw_bytes(db_path.parent)
    for who in ("ann", "cy"):
        [thanks] = ann.json("brief", who)["followups"]
        assert thanks["text"].endswith(" for sending a customer")


def test_forget_leaves_the_thank_you_of_a_namesake_who_stays(ann: Cli) -> None:
    ann("add", "Bob Ray", "--referred-by", "ann")
    ann("add", "Bob Ray", "--force")
    ann("forget", "#3", "--yes")
    [thanks] = ann.json("brief", "ann")["followups"]
    assert thanks["text"] == "Thank Ann Lee for sending Bob Ray"
