"""Error messages say a date the way the screens do (#12.9)."""

from __future__ import annotations

import pytest

from tests.conftest import Cli


def on(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("CUSTLOG_TODAY", day)


def test_done_twice_names_the_day_in_the_screens_style(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(monkeypatch, "2027-01-13")
    cli("add", "Ann Lee")
    cli("remind", "ann", "today", "Call back")
    cli("done", "1")
    assert "already done (on Wed 13 Jan)" in cli("done", "1", code=1).stderr
    on(monkeypatch, "2028-02-01")
    assert "already done (on Wed 13 Jan 2027)" in cli("done", "1", code=1).stderr


def test_an_answered_question_names_the_note_that_answered_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(monkeypatch, "2027-01-05")
    cli("add", "Ann Lee")
    cli("fact", "ann", "vacation", "Trip to Oslo", "--when", "2027-01-10")
    on(monkeypatch, "2027-01-19")
    cli("note", "ann", "Back from Oslo, loved it")
    on(monkeypatch, "2027-02-19")
    cli("note", "ann", "Oil change")
    result = cli("done", "F1", code=1)
    assert "already answered by the note of Tue 19 Jan" in result.stderr
