"""Input that is probably a slip is taken, and custlog says so (issue #12, "Accepted silently")."""

from __future__ import annotations

from tests.conftest import Cli

# -- #12.13 / #15.4: the same fact twice ----------------------------------------------------


def test_the_same_fact_twice_is_already_known_and_written_once(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "family", "Daughter Emma plays soccer")
    again = cli("fact", "ann", "Family", "  daughter emma   plays SOCCER ")
    assert again.stdout == ("Already known: fact #1 for Ann Lee (family); nothing was written\n")
    assert [f["text"] for f in cli.json("brief", "ann")["facts"]] == ["Daughter Emma plays soccer"]


def test_the_same_text_under_another_topic_or_customer_is_a_new_fact(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("add", "Bob Stone")
    cli("fact", "ann", "family", "Plays soccer")
    assert cli("fact", "ann", "hobbies", "Plays soccer").stdout.startswith("Fact #2 ")
    assert cli("fact", "bob", "family", "Plays soccer").stdout.startswith("Fact #3 ")


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
    assert cli("fact", "ann", "birthday", "--11-28").stdout.startswith("Already known: fact #1")
