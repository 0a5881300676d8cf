"""Input that is probably a slip is taken, and custlog says so (issue #12, "Accepted silently")."""

from __future__ import annotations

import pytest

from tests.conftest import Cli

# -- #12.13 / #15.4: the same fact twice ----------------------------------------------------


def test_the_same_fact_twice_is_already_known_and_written_once(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "family", "Daughter Emma plays soccer")
    again = cli("fact", "ann", "Family", "  daughter emma   plays SOCCER ")
    assert again.stdout == ("Already known: fact F1 for Ann Lee (family); nothing was written\n")
    assert [f["text"] for f in cli.json("brief", "ann")["facts"]] == ["Daughter Emma plays soccer"]


def test_the_same_text_under_another_topic_or_customer_is_a_new_fact(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("add", "Bob Stone")
    cli("fact", "ann", "family", "Plays soccer")
    assert cli("fact", "ann", "hobbies", "Plays soccer").stdout.startswith("Fact F2 ")
    assert cli("fact", "bob", "family", "Plays soccer").stdout.startswith("Fact F3 ")


def test_note_fact_already_known_is_said_and_the_note_is_still_logged(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "family", "Daughter Emma plays soccer")
    result = cli(
        "note", "ann", "Chat at the counter",
        "--fact", "family:daughter Emma plays soccer",
        "--fact", "work:Opening a second bakery",
    )  # fmt: skip
    assert result.stdout.endswith(", with 1 fact\n")
    assert result.stderr == ("Already known, not added again: family: daughter Emma plays soccer\n")
    facts = cli.json("brief", "ann")["facts"]
    assert sorted(f["text"] for f in facts) == [
        "Daughter Emma plays soccer",
        "Opening a second bakery",
    ]
    assert len(cli.json("brief", "ann")["notes"]) == 1


def test_a_note_fact_line_already_known_is_not_added_again(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "family", "Daughter Emma plays soccer")
    text = "Chat at the counter\nfact: family: Daughter Emma plays soccer\n"
    result = cli("note", "ann", input=text)
    assert "Already known, not added again: family: Daughter Emma plays soccer" in result.stderr
    assert len(cli.json("brief", "ann")["facts"]) == 1


def test_one_fact_given_twice_in_one_note_is_written_once(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("note", "ann", "Chat", "--fact", "work:Bakery", "--fact", "WORK: bakery")
    assert result.stdout.endswith(", with 1 fact\n")
    assert result.stderr == "Already known, not added again: work: bakery\n"


def test_the_same_birthday_again_is_already_known(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "birthday", "nov 28")
    assert cli("fact", "ann", "birthday", "--11-28").stdout.startswith("Already known: fact F1")


# -- #12.11: a follow-up in the past ----------------------------------------------------------


def test_remind_yesterday_is_taken_and_says_it_is_overdue_now(cli: Cli) -> None:
    cli("add", "Tom Becker")
    result = cli("remind", "tom", "yesterday", "Call about the plow")
    assert result.stdout == "1\n"
    assert result.stderr.splitlines()[-1] == "that was yesterday, Mon 23 Nov: it is overdue now"
    assert cli.json("due")["followups"][0]["overdue_days"] == 1


def test_snooze_to_a_past_day_is_taken_and_says_it_is_overdue_now(cli: Cli) -> None:
    cli("add", "Tom Becker")
    cli("remind", "tom", "friday", "Call about the plow")
    result = cli("snooze", "1", "3 days ago")
    assert result.stdout == "#1 moved to Sat 21 Nov\n"
    assert result.stderr == "that was 3 days ago, Sat 21 Nov: it is overdue now\n"


def test_a_follow_up_today_or_later_says_nothing_more(cli: Cli) -> None:
    cli("add", "Tom Becker")
    assert cli("remind", "tom", "today", "Call").stderr.count("\n") == 1
    assert cli("snooze", "1", "tomorrow").stderr == ""


# -- #12.12: a month-day that lands almost a year ahead --------------------------------------


def test_a_month_day_just_past_says_it_lands_next_year(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUSTLOG_TODAY", "2027-03-20")
    cli("add", "Hank Moody")
    result = cli("remind", "hank", "mar 18", "Send the invoice")
    said = result.stderr.splitlines()[-1]
    assert said.startswith('"mar 18" is Sat 18 Mar 2028, in ')
    assert said.endswith("(Thu 18 Mar was 2 days ago): give the year if you meant another day")
    assert cli.json("brief", "hank")["followups"][0]["due"] == "2028-03-18"


def test_a_month_day_a_few_months_ahead_or_with_its_year_says_nothing_more(
    cli: Cli,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("CUSTLOG_TODAY", "2027-03-20")
    cli("add", "Hank Moody")
    assert len(cli("remind", "hank", "dec 18", "Invoice").stderr.splitlines()) == 1
    assert len(cli("remind", "hank", "march 18 2028", "Invoice").stderr.splitlines()) == 1
    assert len(cli("remind", "hank", "in 11 months", "Invoice").stderr.splitlines()) == 1
