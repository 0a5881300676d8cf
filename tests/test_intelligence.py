"""Relationship intelligence: stay in touch, follow-ups that behave like the real thing, facts
that turn into questions, what we did for them, the six-month plan and the book at a glance.

The first tests are the issue's "how we will check it" list, through the command line with
today pinned; the planning and statistics below them are tested as plain functions too.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from custlog.domain import planning, recurrence, stats
from custlog.domain.cadence import cadence_of
from custlog.domain.track_record import track_record
from custlog.models import Customer, Fact, Followup
from custlog.render.insight import bar, sparkline
from tests.conftest import Cli


def on(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    """Move the pinned today."""
    monkeypatch.setenv("CUSTLOG_TODAY", day)


def followup_id(cli: Cli, *args: str) -> str:
    return str(cli("remind", *args).stdout.strip())


# -- the checks ----------------------------------------------------------------------


def test_a_visit_entered_today_but_dated_20_days_ago_makes_a_2_week_customer_go_cold(
    cli: Cli,
) -> None:
    cli("add", "Tom Becker", "--every", "2w")
    cli("add", "Ann Lee", "--every", "2w")
    cli("note", "tom", "Walked the yard, looked at the mowers", "--via", "visit", "--on", "20d ago")
    cli("note", "ann", "Called about the van", "--via", "call")

    cold = cli.json("due")["going_cold"]

    assert [(g["customer"], g["last_contact"], g["days_since"]) for g in cold] == [
        ("Tom Becker", "2026-11-04", 20)
    ]
    assert cold[0]["status"] == "due"
    shown = [line for line in cli("due").stdout.splitlines() if "Tom Becker" in line]
    assert len(shown) == 1 and "no contact in 20 days; every 2 weeks" in shown[0]


def test_going_cold_turns_overdue_past_one_and_a_half_periods(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Tom Becker", "--every", "2w")
    cli("note", "tom", "Visit", "--on", "2026-11-04")
    statuses = {}
    for day in ("2026-11-18", "2026-11-19", "2026-11-25", "2026-11-26"):
        on(monkeypatch, day)
        statuses[day] = cli.json("brief", "tom")["cadence"]["status"]
    assert statuses == {
        "2026-11-18": "ok",  # 14 days: the period, not yet past it
        "2026-11-19": "due",  # 15 days: past the period
        "2026-11-25": "due",  # 21 days: exactly 1.5 periods
        "2026-11-26": "overdue",  # 22 days: past 1.5 periods
    }


def test_a_from_done_follow_up_done_late_moves_from_the_completion_date(cli: Cli) -> None:
    cli("add", "Ann Lee")
    fid = followup_id(cli, "ann", "2026-11-01", "Oil change", "--every", "6w", "--from-done")

    result = cli("done", fid)  # 23 days late, on 24 Nov

    assert "next due Tue 5 Jan 2027" in result.stdout
    assert cli.json("brief", "ann")["followups"][0]["due"] == "2027-01-05"  # 24 Nov + 6 weeks


def test_a_fixed_schedule_follow_up_done_late_keeps_its_rhythm(cli: Cli) -> None:
    cli("add", "Ann Lee")
    fid = followup_id(cli, "ann", "2026-11-01", "Invoice", "--every", "monthly")
    cli("done", fid)
    assert cli.json("brief", "ann")["followups"][0]["due"] == "2026-12-01"


def test_a_month_end_monthly_follow_up_lands_on_feb_28_and_returns_to_the_31st(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    fid = followup_id(cli, "ann", "2027-01-31", "Month-end statement", "--every", "monthly")
    dues = []
    for day in ("2027-01-31", "2027-02-28", "2027-03-31"):
        on(monkeypatch, day)
        cli("done", fid)
        dues.append(cli.json("brief", "ann")["followups"][0]["due"])
    assert dues == ["2027-02-28", "2027-03-31", "2027-04-30"]


def test_a_dated_fact_becomes_a_question_the_day_after(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "vacation", "Florida with the kids", "--when", "dec 14")

    on(monkeypatch, "2026-12-14")
    assert cli.json("brief", "ann")["questions"] == []
    assert cli.json("due")["questions"] == []

    on(monkeypatch, "2026-12-15")
    brief = cli.json("brief", "ann")
    assert [(q["text"], q["fact_id"], q["done_ref"]) for q in brief["questions"]] == [
        ("Ask about: Florida with the kids", 1, "F1")
    ]
    asked = [line for line in cli("brief", "ann").stdout.splitlines() if "Ask about" in line]
    assert len(asked) == 1 and "F1" in asked[0] and "Florida with the kids" in asked[0]
    due = cli.json("due")["questions"]
    assert [(q["customer"], q["when"], q["days_ago"]) for q in due] == [
        ("Ann Lee", "2026-12-14", 1)
    ]


def test_a_note_after_the_event_answers_the_question(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "vacation", "Florida", "--when", "dec 14")
    on(monkeypatch, "2026-12-16")
    cli("note", "ann", "Dropped off the van", "--on", "2026-12-14")  # on the day: not after
    assert len(cli.json("brief", "ann")["questions"]) == 1
    cli("note", "ann", "She loved Florida")
    assert cli.json("brief", "ann")["questions"] == []
    assert cli.json("due")["questions"] == []


def test_done_f_id_answers_the_question_by_logging_a_note(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "vacation", "The Florida trip", "--when", "dec 14")
    assert "ask how it went after that day" in cli("done", "F1", code=1).stderr

    on(monkeypatch, "2026-12-20")
    result = cli("done", "F1", "--via", "call")

    assert 'noted "Asked about: The Florida trip"' in result.stdout
    brief = cli.json("brief", "ann")
    assert brief["questions"] == []
    assert brief["last_contact"]["via"] == "call"
    assert "already answered" in cli("done", "f1", code=1).stderr


def test_done_f_refuses_facts_without_an_event_and_unknown_facts(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "family", "Daughter Emma")
    assert "has no event date" in cli("done", "F1", code=1).stderr
    assert "no current fact F99" in cli("done", "F99", code=1).stderr
    assert "F7 for the question about fact F7" in cli("done", "Fx", code=1).stderr


def test_a_private_fact_never_shows_in_a_plain_brief(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "family", "Daughter Emma plays soccer")
    cli("fact", "ann", "health", "Knee surgery in January", "--private")
    cli("fact", "ann", "family", "Divorce hearing", "--private", "--when", "dec 1")
    cli("fact", "ann", "birthday", "1980-11-28", "--private")
    on(monkeypatch, "2026-12-02")  # the hearing has passed: a public fact would be a question

    for args in (("brief", "ann"), ("brief", "ann", "--json"), ("due",), ("due", "--json")):
        out = cli(*args).stdout
        assert "Knee" not in out and "Divorce" not in out, args
    assert "\nCareful: 3 private facts not shown: brief --all\n" in cli("brief", "ann").stdout
    assert cli.json("brief", "ann")["hidden_private"] == 3
    assert cli.json("brief", "ann")["dates"] == []

    shown = cli("brief", "ann", "--all", "--json").stdout
    assert "Knee surgery in January" in shown
    facts = {f["text"]: f["private"] for f in cli.json("brief", "ann", "--all")["facts"]}
    assert facts["Knee surgery in January"] is True
    assert facts["Daughter Emma plays soccer"] is False
    knee = [line for line in cli("brief", "ann", "--all").stdout.splitlines() if "Knee" in line]
    assert len(knee) == 1 and "private" in knee[0]


def test_search_finds_private_facts_and_marks_them(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "health", "Knee surgery in January", "--private")
    cli("note", "ann", "Asked about her knee")
    hits = {h["type"]: h["private"] for h in cli.json("search", "knee")}
    assert hits == {"fact": True, "note": False}


def test_postponed_work_is_listed_with_its_total_in_every_brief_until_done(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    belt = followup_id(
        cli, "ann", "2027-03-15", "Timing belt", "--kind", "deferred", "--estimate", "480"
    )
    followup_id(
        cli, "ann", "2027-05-01", "Rear shocks", "--kind", "deferred", "--estimate", "$1,230.50"
    )

    for day in ("2026-11-24", "2027-01-10", "2027-04-01"):  # before, long before, after due
        on(monkeypatch, day)
        brief = cli.json("brief", "ann")
        assert brief["deferred_total"] == 1710.5, day
        assert [f["text"] for f in brief["followups"]] == ["Timing belt", "Rear shocks"]
        assert "$1,710.50 of postponed work" in cli("brief", "ann").stdout

    cli("done", belt)
    brief = cli.json("brief", "ann")
    assert brief["deferred_total"] == 1230.5
    assert "$1,230.50 of postponed work" in cli("brief", "ann").stdout


def test_due_shows_postponed_work_only_when_it_comes_due(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    followup_id(cli, "ann", "2027-03-15", "Timing belt", "--kind", "deferred", "--estimate", "480")
    assert cli.json("due")["followups"] == []
    on(monkeypatch, "2027-03-15")
    assert [(f["text"], f["estimate"]) for f in cli.json("due")["followups"]] == [
        ("Timing belt", 480.0)
    ]


def test_the_track_record_counts_a_promise_done_after_its_due_date_as_late(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    on(monkeypatch, "2026-11-10")
    late = followup_id(cli, "ann", "2026-11-20", "Send the quote", "--kind", "promise")
    kept = followup_id(cli, "ann", "2026-11-20", "Order the part", "--kind", "promise")
    followup_id(cli, "ann", "2026-11-23", "Call back with the price", "--kind", "promise")
    followup_id(cli, "ann", "2026-12-01", "Bring the loaner", "--kind", "promise")
    on(monkeypatch, "2026-11-20")
    cli("done", kept)  # on the day: on time
    on(monkeypatch, "2026-11-24")
    cli("done", late)  # four days late

    record = cli.json("brief", "ann")["track_record"]

    assert record == {"kept": 1, "late": 1, "open": 2, "overdue": 1}
    shown = [line for line in cli("brief", "ann").stdout.splitlines() if "on time" in line]
    assert shown == ["we owe them 2 promises, 1 overdue · kept 1 of 2 promises on time"]


def test_waiting_is_what_they_owe_us_and_brief_shows_both_directions(cli: Cli) -> None:
    cli("add", "Ann Lee")
    followup_id(cli, "ann", "friday", "Send the quote", "--kind", "promise")
    followup_id(cli, "ann", "next week", "Call back after talking to his wife", "--kind", "waiting")
    out = cli("brief", "ann").stdout
    assert "Send the quote" in out.split("What we owe them")[1].split("Other follow-ups")[0]
    assert "they owe us: Call back after talking to his wife" in out
    kinds = [f["kind"] for f in cli.json("brief", "ann")["followups"]]
    assert kinds == ["promise", "waiting"]


# -- stay in touch: whose period applies ---------------------------------------------------


def test_a_tag_default_applies_and_the_customers_own_period_wins(cli: Cli) -> None:
    cli("add", "Ann Lee", "--tag", "fleet")
    cli("add", "Tom Becker", "--tag", "fleet", "--every", "2w")
    cli("add", "Rosa Martinez")
    cli("cadence", "--tag", "fleet", "30d")

    assert "fleet: every 30 days" in cli("cadence", "--tag", "fleet").stdout
    ann = cli.json("brief", "ann")["cadence"]
    tom = cli.json("brief", "tom")["cadence"]
    assert (ann["every_days"], ann["source"]) == (30, "tag:fleet")
    assert (tom["every_days"], tom["source"]) == (14, "customer")
    assert cli.json("brief", "rosa")["cadence"] is None

    cli("cadence", "--tag", "fleet", "never")
    assert cli.json("brief", "ann")["cadence"] is None


# -- facts age, get replaced, and come round every year ----------------------------------


def test_facts_older_than_a_year_ask_to_be_checked(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "work", "Manager at the bakery", "--on", "2025-11-20")
    cli("fact", "ann", "family", "Daughter Emma plays soccer", "--on", "2025-11-25")
    facts = {f["text"]: (f["age_days"], f["stale"]) for f in cli.json("brief", "ann")["facts"]}
    assert facts == {
        "Manager at the bakery": (369, True),
        "Daughter Emma plays soccer": (364, False),
    }
    lines = cli("brief", "ann").stdout.splitlines()
    assert [line for line in lines if "check this is still true" in line] == [
        next(line for line in lines if "Manager at the bakery" in line)
    ]


def test_fact_replace_supersedes_and_keeps_the_history(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "work", "Manager at the bakery")
    cli("fact", "ann", "work", "Owns the bakery now", "--replace", "1")

    assert [f["text"] for f in cli.json("brief", "ann")["facts"]] == ["Owns the bakery now"]
    assert {e["text"] for e in cli.json("log", "ann")} == {
        "Manager at the bakery",
        "Owns the bakery now",
    }
    assert (
        "already replaced by F2" in cli("fact", "ann", "work", "x", "--replace", "1", code=1).stderr
    )


def test_birthdays_and_anniversaries_with_or_without_a_year(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "birthday", "1980-11-28")
    cli("fact", "ann", "anniversary", "--06-02")  # vCard style, no `--` needed
    dates = {d["topic"]: (d["date"], d["years"]) for d in cli.json("brief", "ann")["dates"]}
    assert dates == {"birthday": ("2026-11-28", 46), "anniversary": ("2027-06-02", None)}
    assert "turns 46" in cli("brief", "ann").stdout


def test_fact_still_refuses_an_unknown_option(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("fact", "ann", "family", "--privte", "Emma", code=2)
    assert "no such option: --privte" in result.output
    assert cli.json("brief", "ann")["facts"] == []


# -- what we did for them --------------------------------------------------------------------


def test_work_done_in_the_last_12_months_is_listed(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("note", "ann", "Replaced the front pads", "--did", "--on", "2026-03-02")
    cli("note", "ann", "New wiper blades", "--kind", "work", "--on", "2026-11-20")
    cli("note", "ann", "Timing belt, long ago", "--did", "--on", "2025-11-01")
    cli("note", "ann", "Chatted about the weather")

    done = [n["text"] for n in cli.json("brief", "ann")["work_done"]]

    assert done == ["New wiper blades", "Replaced the front pads"]
    out = cli("brief", "ann").stdout
    assert "What we've done for them (last 12 months)" in out
    assert "New wiper blades" in out.split("What we've done for them")[1]


def test_a_notes_kind_can_only_be_work(cli: Cli) -> None:
    cli("add", "Ann Lee")
    assert 'can only be "work"' in cli("note", "ann", "Hi", "--kind", "call", code=1).stderr
    assert cli.json("brief", "ann")["notes"] == []


# -- plan: the next six months -----------------------------------------------------------


def test_plan_puts_promises_postponed_work_and_each_recurring_service_on_one_timeline(
    cli: Cli,
) -> None:
    cli("add", "Ann Lee", "--every", "30d")
    cli("note", "ann", "Inspection", "--on", "2026-11-18")
    followup_id(cli, "ann", "2026-11-20", "Send the quote", "--kind", "promise")
    followup_id(cli, "ann", "2026-12-20", "Timing belt", "--kind", "deferred", "--estimate", "480")
    followup_id(cli, "ann", "2027-02-10", "Rear shocks", "--kind", "deferred", "--estimate", "640")
    followup_id(cli, "ann", "2026-12-05", "Oil change", "--every", "2 months", "--estimate", "90")
    cli("fact", "ann", "birthday", "--03-14")
    cli("fact", "ann", "vacation", "Florida", "--when", "2027-01-10")
    cli("fact", "ann", "health", "Knee surgery", "--private", "--when", "2027-01-20")

    plan = cli.json("plan", "ann")

    assert plan["customer"] == "Ann Lee"
    assert (plan["date"], plan["end"]) == ("2026-11-24", "2027-04-30")
    assert [m["month"] for m in plan["months"]] == [
        "2026-11",
        "2026-12",
        "2027-01",
        "2027-02",
        "2027-03",
        "2027-04",
    ]
    assert [(i["kind"], i["text"], i["overdue_days"]) for i in plan["now"]] == [
        ("promise", "Send the quote", 4)
    ]
    timeline = [(i["date"], i["kind"], i["text"]) for m in plan["months"] for i in m["items"]]
    assert timeline == [
        ("2026-12-05", "callback", "Oil change"),
        ("2026-12-19", "touch", "Get in touch (every 30 days)"),
        ("2026-12-20", "deferred", "Timing belt"),
        ("2027-01-10", "event", "vacation: Florida"),
        ("2027-02-05", "callback", "Oil change"),
        ("2027-02-10", "deferred", "Rear shocks"),
        ("2027-03-14", "birthday", "birthday"),
        ("2027-04-05", "callback", "Oil change"),
    ]
    projected = [
        i["projected"] for m in plan["months"] for i in m["items"] if i["followup_id"] == 4
    ]
    assert projected == [False, True, True]
    assert [m["deferred_total"] for m in plan["months"]] == [0.0, 480.0, 0.0, 640.0, 0.0, 0.0]
    assert [m["total"] for m in plan["months"]] == [0.0, 570.0, 0.0, 730.0, 0.0, 90.0]
    assert (plan["deferred_total"], plan["hidden_private"]) == (1120.0, 1)
    assert "Knee" not in cli("plan", "ann").stdout
    assert "Knee" in cli("plan", "ann", "--all").stdout


def test_plan_screen_reads_month_by_month_with_totals(cli: Cli) -> None:
    cli("add", "Ann Lee")
    followup_id(cli, "ann", "2026-12-20", "Timing belt", "--kind", "deferred", "--estimate", "480")
    followup_id(cli, "ann", "2026-11-30", "Check the van", "--every", "monthly")

    out = cli("plan", "ann", "--months", "3").stdout

    assert out.splitlines()[:2] == ["Ann Lee: the next 3 months", "Tue 24 Nov to Sun 31 Jan 2027"]
    assert "December 2026 — $480 postponed work" in out
    assert "  Sun 20 Dec  #1 postponed work: Timing belt — $480\n" in out
    assert "  Sat 30 Jan 2027  callback: Check the van, every month\n" in out
    assert "Postponed work to offer: $480 (1 offer)" in out
    assert "\x1b[" not in out


def test_plan_for_a_customer_with_nothing_planned_says_how_to_start(cli: Cli) -> None:
    cli("add", "Ann Lee")
    assert "Nothing planned yet" in cli("plan", "ann").stdout
    assert cli.json("plan", "ann")["now"] == []


def test_plan_refuses_an_unknown_customer(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("plan", "zed", code=1)
    assert result.stderr.startswith("custlog: error:")


# -- stats: the book at a glance ------------------------------------------------------------


def test_stats_json_gives_the_figures(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("add", "Ann Lee", "--every", "2w")
    cli("add", "Tom Becker", "--every", "2w")
    cli("add", "Rosa Martinez", "--every", "30d")
    cli("add", "Priya Shah")
    cli("note", "ann", "Call", "--on", "2026-11-23")  # this week (Mon 23 Nov)
    cli("note", "ann", "Visit", "--on", "2026-11-22")  # last week (Sun 22 Nov)
    cli("note", "tom", "Visit", "--on", "2026-11-04")  # 20 days: due
    cli("note", "rosa", "Visit", "--on", "2026-09-01")  # 84 days: overdue; before the 12 weeks
    on(monkeypatch, "2026-11-10")
    a = followup_id(cli, "ann", "2026-11-12", "Quote", "--kind", "promise")
    b = followup_id(cli, "ann", "2026-11-12", "Part", "--kind", "promise")
    followup_id(cli, "ann", "2026-11-13", "Loaner", "--kind", "promise")
    cli("done", a)
    on(monkeypatch, "2026-11-24")
    cli("done", b)  # late
    followup_id(
        cli, "tom", "2026-12-05", "Hydraulic line", "--kind", "deferred", "--estimate", "850"
    )
    followup_id(cli, "tom", "2026-12-20", "Tyres", "--kind", "deferred", "--estimate", "400")
    followup_id(cli, "ann", "2027-03-01", "Belt", "--kind", "deferred", "--estimate", "480")
    followup_id(cli, "ann", "2027-09-01", "Paint", "--kind", "deferred", "--estimate", "2000")

    s = cli.json("stats")

    weeks = s["contacts_per_week"]
    assert len(weeks) == 12 and s["weeks"] == 12
    assert (weeks[0]["week"], weeks[-1]["week"]) == ("2026-09-07", "2026-11-23")
    assert [w["count"] for w in weeks[-3:]] == [0, 1, 1]
    assert s["contacts"] == 3
    assert s["promises"] == {
        "kept": 1,
        "late": 1,
        "open": 1,
        "overdue": 1,
        "on_time_percent": 50.0,
    }
    assert s["stay_in_touch"] == {"ok": 1, "due": 1, "overdue": 1, "none": 1}
    assert s["customers"] == 4
    months = {m["month"]: (m["count"], m["total"]) for m in s["deferred"]["months"]}
    assert months == {
        "2026-11": (0, 0.0),
        "2026-12": (2, 1250.0),
        "2027-01": (0, 0.0),
        "2027-02": (0, 0.0),
        "2027-03": (1, 480.0),
        "2027-04": (0, 0.0),
    }
    assert s["deferred"]["total"] == 1730.0
    assert cli.json("stats", "--weeks", "4")["contacts_per_week"][0]["week"] == "2026-11-02"


def test_stats_draws_plain_bars_when_piped(shop: Cli) -> None:
    out = shop("stats").stdout
    assert "\x1b[" not in out and "█" not in out
    assert out.startswith("The book on Tue 24 Nov: 12 customers\n")
    weeks = out.split("Contacts per week, last 12 weeks\n")[1].split("\n\n")[0].splitlines()
    assert len(weeks) == 13  # the total, then a bar a week
    assert weeks[1].startswith("  7 Sep ") and weeks[1].endswith("#" * 19)
    assert "% kept on time" in out
    assert "Postponed work to offer, next 6 months" in out
    assert out.rstrip().endswith("in all")


def test_stats_on_an_empty_log(cli: Cli) -> None:
    s = cli.json("stats")
    assert s["contacts"] == 0 and s["promises"]["on_time_percent"] is None
    assert s["stay_in_touch"] == {"ok": 0, "due": 0, "overdue": 0, "none": 0}
    assert "no promise closed yet" in cli("stats").stdout


# -- below the command line: recurrence, planning and statistics as functions ---------------


def fu(due: date, every: str | None = None, *, from_done: bool = False, **kw: object) -> Followup:
    return Followup(1, 1, due, "Service", every=every, from_done=from_done, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("due", "every", "anchor", "expected"),
    [
        (date(2027, 1, 31), "1m", None, date(2027, 2, 28)),
        (date(2028, 1, 31), "1m", None, date(2028, 2, 29)),
        (date(2027, 2, 28), "1m", date(2027, 1, 31), date(2027, 3, 31)),
        (date(2027, 4, 30), "1m", date(2027, 1, 31), date(2027, 5, 31)),
        (date(2027, 2, 28), "3m", date(2026, 8, 31), date(2027, 5, 31)),
        (date(2027, 2, 28), "1m", None, date(2027, 3, 28)),  # it began on the 28th
        (date(2027, 2, 28), "2w", None, date(2027, 3, 14)),
    ],
)
def test_next_due_on_a_fixed_schedule_keeps_month_ends(
    due: date, every: str, anchor: date | None, expected: date
) -> None:
    assert recurrence.next_due(fu(due, every, anchor=anchor), due) == expected


def test_next_due_skips_the_occurrences_missed_on_a_fixed_schedule() -> None:
    late = fu(date(2026, 9, 15), "1m")
    assert recurrence.next_due(late, date(2026, 11, 24)) == date(2026, 12, 15)
    assert recurrence.next_due(late, date(2026, 9, 1)) == date(2026, 10, 15)


def test_next_due_from_done_counts_from_the_day_it_was_done() -> None:
    f = fu(date(2026, 11, 1), "6w", from_done=True)
    assert recurrence.next_due(f, date(2026, 11, 24)) == date(2027, 1, 5)
    assert recurrence.next_due(fu(date(2026, 11, 1)), date(2026, 11, 24)) is None


def test_a_snooze_moves_one_occurrence_and_the_series_keeps_its_anchor_day() -> None:
    snoozed = fu(date(2027, 4, 2), "1m", anchor=date(2027, 1, 31), promised=date(2027, 3, 31))
    assert recurrence.next_due(snoozed, date(2027, 4, 2)) == date(2027, 4, 30)
    early = fu(date(2027, 3, 20), "1m", anchor=date(2027, 1, 31), promised=date(2027, 3, 31))
    assert recurrence.next_due(early, date(2027, 3, 20)) == date(2027, 4, 30)


TODAY = date(2026, 11, 24)


def test_the_window_is_calendar_months_starting_with_this_one() -> None:
    assert planning.month_starts(TODAY, 3) == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
    ]
    assert planning.window_end(TODAY, 6) == date(2027, 4, 30)
    assert planning.window_end(date(2026, 12, 31), 1) == date(2026, 12, 31)


def test_occurrences_of_a_fixed_schedule_skip_what_has_passed() -> None:
    f = fu(date(2026, 10, 31), "1m")
    assert planning.occurrences(f, TODAY, date(2027, 2, 28)) == [
        date(2026, 10, 31),  # the overdue one itself
        date(2026, 11, 30),
        date(2026, 12, 31),
        date(2027, 1, 31),
        date(2027, 2, 28),
    ]


def test_occurrences_from_done_are_projected_from_today_when_late() -> None:
    late = fu(date(2026, 11, 1), "6w", from_done=True)
    assert planning.occurrences(late, TODAY, date(2027, 2, 28)) == [
        date(2026, 11, 1),
        date(2027, 1, 5),
        date(2027, 2, 16),
    ]
    ahead = fu(date(2026, 12, 1), "6w", from_done=True)
    assert planning.occurrences(ahead, TODAY, date(2027, 1, 31)) == [
        date(2026, 12, 1),
        date(2027, 1, 12),
    ]


def test_occurrences_outside_the_window_are_left_out() -> None:
    assert planning.occurrences(fu(date(2027, 6, 1), "1m"), TODAY, date(2027, 4, 30)) == []
    assert planning.occurrences(fu(date(2027, 1, 1)), TODAY, date(2027, 4, 30)) == [
        date(2027, 1, 1)
    ]


def test_a_daily_follow_up_over_five_years_stays_bounded() -> None:
    days = planning.occurrences(fu(TODAY, "1d"), TODAY, date(2031, 11, 30))
    assert len(days) == planning.MAX_OCCURRENCES


def test_yearly_items_know_the_age_or_years_when_the_year_is_known() -> None:
    born = Fact(1, 1, "birthday", "1980-02-29", TODAY)
    married = Fact(2, 1, "anniversary", "--06-02", TODAY)
    assert [(i.day, i.years) for i in planning.yearly_items(born, TODAY, date(2028, 3, 1))] == [
        (date(2027, 2, 28), 47),
        (date(2028, 2, 29), 48),
    ]
    assert [(i.day, i.years) for i in planning.yearly_items(married, TODAY, date(2027, 6, 2))] == [
        (date(2027, 6, 2), None)
    ]


def test_arrange_puts_late_things_first_and_adds_up_each_month() -> None:
    ann = Customer(1, "Ann Lee")
    items = [
        planning.PlanItem(date(2026, 12, 3), "deferred", "Belt", followup_id=1, estimate=480),
        planning.PlanItem(date(2026, 12, 1), "callback", "Oil", followup_id=2, estimate=90),
        planning.PlanItem(
            date(2026, 11, 20), "deferred", "Shocks", followup_id=3, estimate=640, overdue_days=4
        ),
        planning.PlanItem(date(2026, 11, 20), "promise", "Quote", followup_id=4, overdue_days=4),
        planning.PlanItem(date(2027, 9, 1), "deferred", "Paint", followup_id=5, estimate=2000),
    ]
    plan = planning.arrange(ann, TODAY, 2, items)
    assert [i.text for i in plan.now] == ["Quote", "Shocks"]
    assert [[i.text for i in m.items] for m in plan.months] == [[], ["Oil", "Belt"]]
    assert (plan.months[1].deferred_total, plan.months[1].total) == (480.0, 570.0)
    assert (plan.deferred_total, plan.now_deferred_total) == (1120.0, 640.0)


def test_touch_item_falls_when_the_period_runs_out() -> None:
    ann = Customer(1, "Ann Lee", every="2w")
    cadence = cadence_of(ann, datetime(2026, 11, 4, 9, 0), {}, TODAY)
    assert cadence is not None
    item = planning.touch_item(cadence, TODAY)
    assert (item.day, item.overdue_days) == (date(2026, 11, 19), 5)


def test_contacts_per_week_run_monday_to_sunday_ending_this_week() -> None:
    counts = {
        date(2026, 11, 23): 2,
        date(2026, 11, 22): 1,
        date(2026, 11, 16): 4,
        date(2026, 11, 15): 9,
    }
    weeks = stats.contacts_per_week(counts, TODAY, 2)
    assert [(w.start, w.count) for w in weeks] == [(date(2026, 11, 16), 5), (date(2026, 11, 23), 2)]


def test_deferred_by_month_puts_late_offers_apart() -> None:
    work = [
        Followup(1, 1, date(2026, 11, 1), "Late", kind="deferred", estimate=100),
        Followup(2, 1, date(2026, 12, 9), "Soon", kind="deferred", estimate=200),
        Followup(3, 1, date(2026, 12, 10), "No price", kind="deferred"),
        Followup(4, 1, date(2026, 12, 11), "Done", kind="deferred", estimate=50, done=TODAY),
        Followup(5, 1, date(2026, 12, 12), "A promise", kind="promise", estimate=75),
    ]
    late, months = stats.deferred_by_month(work, TODAY, 2)
    assert (late.count, late.total) == (1, 100.0)
    assert [(m.start, m.count, m.total) for m in months] == [
        (date(2026, 11, 1), 0, 0.0),
        (date(2026, 12, 1), 2, 200.0),
    ]


def test_on_time_percent_is_kept_over_closed_promises() -> None:
    history = [
        Followup(1, 1, date(2026, 11, 1), "a", kind="promise", done=date(2026, 11, 1)),
        Followup(2, 1, date(2026, 11, 1), "b", kind="promise", done=date(2026, 11, 2)),
        Followup(3, 1, date(2026, 11, 1), "c", kind="promise", done=date(2026, 10, 30)),
        Followup(4, 1, date(2026, 11, 1), "d", kind="callback", done=date(2026, 11, 9)),
        Followup(5, 1, date(2026, 12, 1), "e", kind="promise"),
    ]
    record = track_record(history, TODAY)
    assert (record.kept, record.late, record.open, record.overdue) == (2, 1, 1, 0)
    figures = stats.Stats(TODAY, [], record, {}, stats.Amount(0, 0.0), [], 0)
    assert figures.on_time_percent == 66.7


def test_bars_and_sparklines_scale_to_the_largest_value() -> None:
    assert bar(5, 10, plain=True, width=10) == "#####"
    assert bar(0.1, 10, plain=True, width=10) == "#"  # anything above zero shows
    assert bar(0, 10, plain=False) == ""
    assert sparkline([0, 1, 2, 4, 8]) == "▁▂▃▅█"
    assert sparkline([0, 0]) == "▁▁"
