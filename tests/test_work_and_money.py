"""Postponed work from offer to sale, work with amounts, check-ins and appointments, through
the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture
def ann(cli: Cli) -> Cli:
    cli("add", "Ann Lee", "--called", "Annie")
    return cli


def _remind(cli: Cli, *args: str) -> str:
    return cli("remind", "ann", *args).stdout.strip()


def _postponed(cli: Cli, text: str = "Rear brake pads", estimate: str = "480") -> str:
    return _remind(cli, "2026-12-15", text, "--kind", "deferred", "--estimate", estimate)


# -- offers ------------------------------------------------------------------------------------


def test_snooze_declined_keeps_each_offer_and_brief_shows_the_last_reason(ann: Cli) -> None:
    job = _postponed(ann)
    ann("snooze", job, "2027-01-15", "--declined", "money this month")
    ann("snooze", job, "2027-02-15", "--declined", "after the holidays")
    ann("snooze", job, "2027-03-15", "--declined", "money this month")
    brief = ann("brief", "ann").stdout
    assert "offered 3 times, last declined Tue 24 Nov: money this month" in brief
    (item,) = [f for f in ann.json("brief", "ann")["followups"] if f["id"] == int(job)]
    assert item["due"] == "2027-03-15"
    assert [(o["on"], o["reason"]) for o in item["offers"]] == [
        ("2026-11-24", "money this month"),
        ("2026-11-24", "after the holidays"),
        ("2026-11-24", "money this month"),
    ]


def test_snooze_without_declined_keeps_no_offer(ann: Cli) -> None:
    job = _postponed(ann)
    ann("snooze", job, "2027-01-15")
    (item,) = ann.json("brief", "ann")["followups"]
    assert item["offers"] == []
    assert "offered" not in ann("brief", "ann").stdout


def test_plan_marks_what_was_declined_twice_or_more(ann: Cli) -> None:
    once, twice = _postponed(ann, "Wipers", "40"), _postponed(ann, "Timing belt", "900")
    ann("snooze", once, "2027-01-10", "--declined", "later")
    ann("snooze", twice, "2027-01-12", "--declined", "money")
    ann("snooze", twice, "2027-01-12", "--declined", "money")
    plan = ann("plan", "ann").stdout
    (belt,) = [line for line in plan.splitlines() if "Timing belt" in line]
    (wipers,) = [line for line in plan.splitlines() if "Wipers" in line]
    assert "declined 2 times" in belt
    assert "declined" not in wipers
    items = [i for m in ann.json("plan", "ann")["months"] for i in m["items"]]
    assert {i["text"]: i["declined"] for i in items} == {"Wipers": 1, "Timing belt": 2}


def test_done_on_postponed_work_is_a_sale_logged_as_work_with_the_estimate(ann: Cli) -> None:
    job = _postponed(ann)
    result = ann("done", job)
    assert "Sold: $480" in result.stderr
    brief = ann.json("brief", "ann")
    (note,) = brief["notes"]
    assert (note["text"], note["work"], note["amount"]) == ("Rear brake pads", True, 480)
    assert [n["text"] for n in brief["work_done"]] == ["Rear brake pads"]
    assert brief["work_total"] == 480
    screen = ann("brief", "ann").stdout
    assert "Rear brake pads — $480" in screen
    assert "$480 of work in the last 12 months" in screen
    assert "Rear brake pads" in ann("recap", "ann").stdout


def test_done_amount_and_note_override_the_estimate_and_the_text(ann: Cli) -> None:
    job = _postponed(ann)
    ann("done", job, "--amount", "450", "--note", "Rear pads and a brake fluid flush")
    (note,) = ann.json("brief", "ann")["notes"]
    assert (note["text"], note["amount"]) == ("Rear pads and a brake fluid flush", 450)
    out = ann("recap", "ann", "--prices").stdout
    assert "Rear pads and a brake fluid flush ($450)" in out


def test_done_did_marks_the_note_of_any_follow_up_as_work(ann: Cli) -> None:
    call = _remind(ann, "friday", "Check the AC")
    ann("done", call, "--note", "Recharged the AC", "--did", "--amount", "165")
    (note,) = ann.json("brief", "ann")["notes"]
    assert (note["work"], note["amount"]) == (True, 165)
    plain = _remind(ann, "friday", "Call about the invoice")
    ann("done", plain, "--note", "Talked about the invoice")
    assert ann.json("brief", "ann")["notes"][0]["work"] is False


def test_drop_lost_to_keeps_the_loss_and_closes_the_work(ann: Cli) -> None:
    job = _postponed(ann)
    result = ann("drop", job, "--lost-to", "QuickLube")
    assert result.stdout == "Lost #1 (Rear brake pads) to QuickLube\n"
    assert ann.json("brief", "ann")["followups"] == []
    lines = [json.loads(line) for line in ann("export").stdout.splitlines()]
    (followup,) = [line for line in lines if line["type"] == "followup"]
    assert followup["done"] == "2026-11-24"
    assert followup["offers"] == [
        {"on": "2026-11-24", "outcome": "lost", "reason": "QuickLube", "amount": 480.0}
    ]


def test_stats_counts_postponed_work_offered_sold_and_lost_and_work_done(ann: Cli) -> None:
    sold, lost, declined = (
        _postponed(ann),
        _postponed(ann, "Roof rack", "600"),
        _postponed(ann, "Wipers", "40"),
    )
    ann("snooze", declined, "2027-01-10", "--declined", "later")
    ann("done", sold, "--amount", "500")
    ann("drop", lost, "--lost-to", "Rack World")
    ann("note", "ann", "Oil change", "--did", "--amount", "89.50")
    data = ann.json("stats")
    assert data["offered"] == {"count": 3, "amount": 1120.0}
    assert data["sold"] == {"count": 1, "amount": 500.0}
    assert data["lost"] == {"count": 1, "amount": 600.0}
    assert data["share_sold_percent"] == 33.3
    assert data["work_done"] == {"count": 2, "amount": 589.5}
    screen = ann("stats").stdout
    assert "$589.50 of work done (2 work notes)" in screen
    assert "sold: 1 job ($500), 33.3% of those offered" in screen
    assert "lost: 1 job ($600)" in screen


# -- work notes and check-ins -------------------------------------------------------------------


def test_note_did_amount_is_work_with_its_amount(ann: Cli) -> None:
    ann("note", "ann", "Replaced front struts", "--did", "--amount", "€900")
    (note,) = ann.json("brief", "ann")["notes"]
    assert (note["work"], note["amount"]) == (True, 900)


def test_note_check_in_adds_a_question_five_days_later(ann: Cli) -> None:
    result = ann("note", "ann", "Replaced front struts", "--did", "--check-in", "5d")
    assert "Check-in #1 on Sun 29 Nov" in result.stderr
    (ask,) = ann.json("brief", "ann")["followups"]
    assert ask["kind"] == "ask" and ask["due"] == "2026-11-29"
    assert ask["text"] == 'Check in: how is everything after "Replaced front struts"?'


def test_the_check_in_setting_is_the_default_and_no_check_in_skips_it(ann: Cli) -> None:
    ann("config", "check-in", "1w")
    ann("note", "ann", "Oil change", "--did")
    assert [f["due"] for f in ann.json("brief", "ann")["followups"]] == ["2026-12-01"]
    ann("note", "ann", "Wipers", "--did", "--no-check-in")
    ann("note", "ann", "Talked about the weather")  # not work: no check-in
    assert len(ann.json("brief", "ann")["followups"]) == 1


def test_a_later_note_answers_the_check_in(ann: Cli) -> None:
    ann("note", "ann", "Replaced front struts", "--did", "--check-in", "5d", "--on", "2026-11-10")
    assert len(ann.json("brief", "ann")["followups"]) == 1
    assert "Check in" in ann("due", "--days", "30").stdout
    ann("note", "ann", "She says the van rides like new", "--on", "2026-11-20")
    assert ann.json("brief", "ann")["followups"] == []
    assert "Check in" not in ann("due", "--days", "30").stdout
    assert "Check in" not in ann("plan", "ann").stdout


# -- appointments ---------------------------------------------------------------------------------


def test_due_lists_todays_appointments_first_in_time_order_with_the_time(ann: Cli) -> None:
    ann("add", "Bob Stone")
    _remind(ann, "today", "Brake check", "--kind", "promise")
    ann("remind", "bob", "today", "Drop-off", "--at", "13:30")
    _remind(ann, "today", "Early visit", "--at", "7-9")
    _remind(ann, "today", "Long past", "--at", "0:15")  # already past: still listed
    today = ann("due").stdout.split("Calls and work due: overdue, then today", 1)[1]
    # One row a customer: Ann's appointments in time order, then her promise; then Bob's
    # row, whose first appointment is later than Ann's first.
    order = [today.index(t) for t in ("0:15", "7:00–9:00", "Brake check", "13:30")]
    assert order == sorted(order)
    data = ann.json("due")
    assert [f["at"] for f in data["followups"]] == ["00:15", "07:00-09:00", "13:30", None]


def test_brief_and_plan_show_the_appointment_time(ann: Cli) -> None:
    _remind(ann, "2026-12-01", "Inspection", "--at", "9:30")
    assert "9:30" in ann("brief", "ann").stdout
    assert ann.json("brief", "ann")["followups"][0]["at"] == "09:30"
    assert "9:30" in ann("plan", "ann").stdout


def test_the_calendar_export_writes_an_appointment_as_a_timed_event(ann: Cli) -> None:
    job = _remind(ann, "2026-12-01", "Inspection", "--at", "7-9")
    _remind(ann, "2026-12-02", "Pick up", "--at", "16:00")
    ics = ann("export", "--format", "ics").stdout
    event = ics.split(f"UID:followup-{job}@custlog", 1)[1].split("END:VEVENT", 1)[0]
    assert "DTSTART:20261201T070000\n" in event and "DTEND:20261201T090000\n" in event
    assert "DTSTART:20261202T160000\nDTEND:20261202T170000\n" in ics.replace("\r", "")


@pytest.mark.parametrize("at", ["25:00", "9-7", "9:60", "soon"])
def test_an_impossible_time_is_a_clean_error(ann: Cli, at: str) -> None:
    result = ann("remind", "ann", "today", "Visit", "--at", at, code=1)
    assert result.stderr.startswith("custlog: error: ")
    assert ann.json("brief", "ann")["followups"] == []


# -- money -------------------------------------------------------------------------------------


def test_amounts_use_the_currency_setting_everywhere(ann: Cli) -> None:
    ann("config", "currency", "€")
    _postponed(ann)
    ann("note", "ann", "Oil change", "--did", "--amount", "89")
    for screen in (
        ann("brief", "ann").stdout,
        ann("plan", "ann").stdout,
        ann("stats").stdout,
        ann("due", "--days", "30").stdout,
    ):
        assert "€" in screen and "$" not in screen


# -- round trip ---------------------------------------------------------------------------------


def test_offers_amounts_and_times_travel_through_export_and_import(
    ann: Cli, tmp_path: Path, db_path: Path
) -> None:
    job = _postponed(ann)
    ann("snooze", job, "2027-01-15", "--declined", "money this month")
    sold = _postponed(ann, "Wipers", "40")
    ann("done", sold, "--amount", "35")
    _remind(ann, "2026-12-01", "Inspection", "--at", "7-9")
    ann("note", "ann", "Oil change", "--did", "--amount", "89.5")
    first = ann("export").stdout
    dump = tmp_path / "log.jsonl"
    dump.write_text(first, encoding="utf-8")
    other = tmp_path / "other.db"
    ann("--db", str(other), "import", str(dump))
    assert ann("--db", str(other), "export").stdout == first
    lines = [json.loads(line) for line in first.splitlines()]
    inspection = next(ln for ln in lines if ln.get("text") == "Inspection")
    assert inspection["at"] == "07:00-09:00"
    assert [ln["amount"] for ln in lines if ln["type"] == "note"] == [35.0, 89.5]
