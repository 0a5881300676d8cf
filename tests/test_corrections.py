"""Correct anything (#15): a note or a fact edited or deleted by the id `log` shows, and
promises as spoken inside a note."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from custlog.domain import corrections
from custlog.errors import BadInput
from tests.conftest import Cli


@pytest.fixture
def ann(cli: Cli) -> Cli:
    cli("add", "Ann Lee", "--called", "Annie")
    cli("note", "ann", "Talked about the van brakes", "--on", "2026-11-10 10:00", "--via", "call")
    cli("fact", "ann", "family", "Daughter Emma plays socer")
    return cli


def _note_id(cli: Cli) -> int:
    return next(e["id"] for e in cli.json("log", "ann") if e["type"] == "note")


def _fact_id(cli: Cli) -> int:
    return next(e["id"] for e in cli.json("log", "ann") if e["type"] == "fact")


def test_log_shows_every_records_id_so_it_can_be_named(ann: Cli) -> None:
    out = ann("log", "ann").stdout
    assert f"note N{_note_id(ann)}" in out
    assert f"fact F{_fact_id(ann)}" in out
    refs = {e["type"]: e["ref"] for e in ann.json("log", "ann")}
    assert refs["note"].startswith("N") and refs["fact"].startswith("F")


def test_edit_a_notes_text_via_and_work(ann: Cli) -> None:
    n = _note_id(ann)
    out = ann("edit", f"N{n}", "Replaced the front brakes", "--via", "visit", "--did").stdout
    assert out.strip() == f"Corrected note N{n} of Ann Lee"
    (note,) = ann.json("brief", "ann")["notes"]
    assert (note["text"], note["via"]) == ("Replaced the front brakes", "visit")
    assert "work done" in ann("log", "ann").stdout
    ann("edit", f"n{n}", "--not-did")
    assert "work done" not in ann("log", "ann").stdout


def test_editing_a_notes_date_moves_the_last_contact(ann: Cli) -> None:
    n = _note_id(ann)
    ann("edit", f"N{n}", "--on", "2026-11-20 09:00")
    assert ann.json("brief", "ann")["last_contact"]["at"] == "2026-11-20T09:00:00"
    assert ann.json("list")[0]["last_contact"].startswith("2026-11-20")


def test_editing_a_notes_date_reopens_a_question_it_had_answered(ann: Cli) -> None:
    ann("fact", "ann", "vacation", "Florida trip", "--when", "2026-11-15")
    n = _note_id(ann)
    ann("edit", f"N{n}", "--on", "2026-11-18 09:00")  # after the trip: it answers the question
    assert not any("Florida" in q["text"] for q in ann.json("due")["followups"])
    ann("edit", f"N{n}", "--on", "2026-11-10 09:00")  # before it: the question is open again
    due = ann("due").stdout
    assert "Florida" in due


def test_an_edit_that_changes_nothing_says_so(ann: Cli) -> None:
    n = _note_id(ann)
    out = ann("edit", f"N{n}", "Talked about the van brakes").stdout
    assert out.strip() == f"Nothing changed: note N{n} of Ann Lee already reads so"


def test_edit_a_facts_text_topic_and_privacy(ann: Cli) -> None:
    f = _fact_id(ann)
    ann("edit", f"F{f}", "Daughter Emma plays soccer", "--topic", "Kids", "--private")
    facts = ann.json("brief", "ann")["facts"]
    assert not any("Emma" in fact["text"] for fact in facts)  # private: hidden by default
    ann("edit", f"F{f}", "--not-private")
    (fact,) = ann.json("brief", "ann")["facts"]
    assert (fact["topic"], fact["text"]) == ("kids", "Daughter Emma plays soccer")


def test_a_fact_moved_to_birthday_must_be_a_date(ann: Cli, db_path: Path) -> None:
    f = _fact_id(ann)
    before = db_path.read_bytes()
    result = ann("edit", f"F{f}", "--topic", "birthday", code=1)
    assert "yearly date" in result.stderr
    assert db_path.read_bytes() == before
    ann("edit", f"F{f}", "mar 3", "--topic", "birthday")
    assert "birthday 3 Mar" in ann("log", "ann").stdout


def test_drop_a_note_removes_it_from_search_and_last_contact(ann: Cli, db_path: Path) -> None:
    n = _note_id(ann)
    assert ann.json("search", "brakes")
    out = ann("drop", f"N{n}").stdout
    assert out.strip() == f"Deleted note N{n} of Ann Lee (Talked about the van brakes)"
    assert ann.json("search", "brakes") == []
    assert ann.json("brief", "ann")["last_contact"] is None
    with sqlite3.connect(db_path) as conn:
        assert (
            conn.execute(
                "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'brakes'"
            ).fetchone()[0]
            == 0
        )


def test_drop_a_fact_brings_back_the_one_it_had_replaced(ann: Cli) -> None:
    ann("fact", "ann", "car", "Drives a Ford van")
    old = max(e["id"] for e in ann.json("log", "ann") if e["type"] == "fact")
    ann("fact", "ann", "car", "Drives a Toyota van", "--replace", f"F{old}")
    newest = max(e["id"] for e in ann.json("log", "ann") if e["type"] == "fact")
    ann("drop", f"F{newest}")
    texts = [f["text"] for f in ann.json("brief", "ann")["facts"]]
    assert "Drives a Ford van" in texts
    assert "Drives a Toyota van" not in texts
    assert ann.json("search", "toyota") == []


def test_drop_of_a_follow_up_still_takes_a_bare_number(ann: Cli) -> None:
    fid = ann("remind", "ann", "friday", "Call about brakes").stdout.strip()
    ann("drop", fid)
    assert ann.json("brief", "ann")["followups"] == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("edit", "N999", "x"), 1, "no note with id N999"),
        (("drop", "F999"), 1, "no fact with id F999"),
        (("drop", "Nabc"), 1, "is not an id"),
        (("drop", "N0"), 1, "is not a note id"),
        (("drop", "N١٢"), 1, "is not an id"),
        (("edit", "N1", "--did", "--not-did"), 1, "contradict"),
        (("edit", "F1", "--private", "--not-private"), 1, "contradict"),
        (("edit", "N1"), 1, "nothing to change"),
        (("edit", "N1", "--on", "tomorrow"), 1, "after today"),
        (("edit", "N1", "--on", "yesterdy"), 1, "yesterdy"),
        (("edit", "N1", "--topic", "x"), 2, "--topic does not apply to a note"),
        (("edit", "F1", "--on", "today"), 2, "--on does not apply to a fact"),
        (("edit", "F1", "--phone", "5"), 2, "--phone does not apply to a fact"),
        (("edit", "ann", "new text"), 2, "not a customer"),
        (("edit", "ann", "--via", "call"), 2, "not a customer"),
        (("drop", "N1", "--lost-to", "Bob"), 2, "--lost-to is for postponed work"),
    ],
)
def test_bad_corrections_are_refused_and_write_nothing(
    ann: Cli, db_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = ann("export").stdout
    result = ann(*args, code=code)
    assert message in result.stderr
    assert ann("export").stdout == before


def test_record_refs_read_as_the_spec_shows_them() -> None:
    assert corrections.parse_ref("N12") == corrections.RecordRef("note", 12)
    assert corrections.parse_ref("f7") == corrections.RecordRef("fact", 7)
    assert corrections.parse_ref("#12") == corrections.RecordRef("followup", 12)
    assert corrections.parse_ref("12").shown == "#12"
    assert corrections.is_record_ref("N12") and not corrections.is_record_ref("Nancy")
    with pytest.raises(BadInput):
        corrections.parse_ref("Nancy")


# -- promises as spoken ----------------------------------------------------------------------


def test_a_follow_up_option_takes_a_kind(ann: Cli) -> None:
    ann(
        "note",
        "ann",
        "Quoted the roof rack",
        "--follow-up",
        "fri:promise:Send the roof rack estimate",
    )
    (item,) = ann.json("brief", "ann")["followups"]
    assert (item["kind"], item["text"]) == ("promise", "Send the roof rack estimate")
    assert "Send the roof rack estimate" in ann("brief", "ann").stdout.split("What we owe them")[1]


def test_a_follow_up_line_in_a_note_takes_a_kind(ann: Cli) -> None:
    ann("note", "ann", input="Called.\nfollow-up: fri: promise: Send the estimate\n")
    (item,) = ann.json("brief", "ann")["followups"]
    assert (item["kind"], item["text"]) == ("promise", "Send the estimate")


def test_a_word_that_is_not_a_kind_stays_part_of_the_text(ann: Cli) -> None:
    ann("note", "ann", "Called", "--follow-up", "fri:Re: the roof rack")
    (item,) = ann.json("brief", "ann")["followups"]
    assert (item["kind"], item["text"]) == ("callback", "Re: the roof rack")


def test_every_kind_can_be_spoken(ann: Cli) -> None:
    for kind in ("callback", "promise", "deferred", "ask", "waiting"):
        ann("note", "ann", "Called", "--follow-up", f"fri:{kind}:About the {kind}")
    kinds = {f["text"]: f["kind"] for f in ann.json("brief", "ann")["followups"]}
    assert kinds == {
        f"About the {k}": k for k in ("callback", "promise", "deferred", "ask", "waiting")
    }


def test_a_spoken_promise_counts_in_the_track_record(ann: Cli) -> None:
    ann("note", "ann", "Called", "--follow-up", "tomorrow:promise:Send the estimate")
    (item,) = ann.json("brief", "ann")["followups"]
    ann("done", str(item["id"]))
    assert "we owe them nothing now · kept 1 of 1 promise on time" in ann("brief", "ann").stdout
