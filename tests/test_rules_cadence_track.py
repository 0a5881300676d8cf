"""Stay in touch, the promise track record and the question of a past event: one rule each,
as a user meets it."""

from __future__ import annotations

from datetime import date

import pytest

from custlog.domain import agenda, questions
from custlog.domain.cadence import NEVER, cadence_of, parse_every
from custlog.models import Customer
from tests.conftest import Cli


def on(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("CUSTLOG_TODAY", day)


def test_a_promise_snoozed_and_done_after_the_day_promised_counts_as_late(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(monkeypatch, "2027-01-11")
    cli("add", "Ann Lee")
    cli("remind", "ann", "2027-01-14", "Send the quote", "--kind", "promise")
    on(monkeypatch, "2027-01-14")
    cli("snooze", "1", "friday")
    on(monkeypatch, "2027-01-15")
    cli("done", "1")
    assert "we owe them nothing now · kept 0 of 1 promise on time" in cli("brief", "ann").stdout
    assert cli.json("stats")["promises"]["late"] == 1


def test_a_promise_snoozed_and_done_by_the_day_promised_counts_as_kept(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(monkeypatch, "2027-01-11")
    cli("add", "Ann Lee")
    cli("remind", "ann", "2027-01-14", "Send the quote", "--kind", "promise")
    cli("snooze", "1", "2027-01-20")
    on(monkeypatch, "2027-01-13")
    cli("done", "1")
    assert "we owe them nothing now · kept 1 of 1 promise on time" in cli("brief", "ann").stdout


@pytest.fixture
def tom(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Tom is tagged fleet (fleet: every 30 days) and last heard from 60 days ago."""
    cli("cadence", "--tag", "fleet", "30d")
    cli("add", "Thomas Becker", "--called", "Tom", "--tag", "fleet")
    cli("note", "tom", "Winter tyres", "--on", "2026-09-25")
    return cli


def test_a_customers_own_never_stops_the_tags_period(tom: Cli) -> None:
    assert " · every 30 days (tag fleet): going cold\n" in tom("brief", "tom").stdout
    tom("edit", "tom", "--every", "never")
    assert "stay in touch" not in tom("brief", "tom").stdout
    assert "Thomas Becker" not in tom("due").stdout
    assert tom.json("brief", "tom")["cadence"] is None
    assert tom.json("stats")["stay_in_touch"]["none"] == 1
    assert not [i for i in tom.json("plan", "tom")["now"] if i["kind"] == "touch"]


def test_an_empty_every_gives_the_tags_period_back(tom: Cli) -> None:
    tom("edit", "tom", "--every", "never")
    tom("edit", "tom", "--every", "")
    assert " · every 30 days (tag fleet): " in tom("brief", "tom").stdout


def test_never_travels_through_export_and_import(tom: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tom("edit", "tom", "--every", "never")
    exported = tom("export").stdout
    assert '"every": "never"' in exported
    (tmp_path / "log.jsonl").write_text(exported, encoding="utf-8")
    tom("--db", str(tmp_path / "other.db"), "import", str(tmp_path / "log.jsonl"))
    assert "stay in touch" not in tom("--db", str(tmp_path / "other.db"), "brief", "tom").stdout


def test_parse_every_tells_a_period_never_and_nothing_apart() -> None:
    assert parse_every("monthly") == "1m"
    assert parse_every(" Never ") == NEVER
    assert parse_every("off") == NEVER
    assert parse_every("") is None


def test_the_customers_own_never_wins_over_every_tag() -> None:
    tom = Customer(1, "Tom", tags=("fleet",), every=NEVER, since=date(2026, 1, 1))
    assert cadence_of(tom, None, {"fleet": "30d"}, date(2026, 11, 24)) is None


def test_a_past_events_question_stays_open_as_long_in_due_as_in_brief() -> None:
    assert agenda.QUESTION_FOR_DAYS is questions.QUESTION_FOR_DAYS


def test_an_event_31_days_ago_is_no_longer_asked_about_anywhere(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(monkeypatch, "2026-10-01")
    cli("add", "Bo Chen")
    cli("note", "bo", "Talked about the trip")
    cli("fact", "bo", "vacation", "Trip to Oslo", "--when", "2026-10-10")
    on(monkeypatch, "2026-11-09")  # 30 days after: still asked
    assert "Trip to Oslo" in cli("due").stdout
    assert [q for q in cli.json("brief", "bo")["questions"] if q["fact_id"]]
    on(monkeypatch, "2026-11-10")  # 31 days after: no longer
    assert "Trip to Oslo" not in cli("due").stdout
    assert not [q for q in cli.json("brief", "bo")["questions"] if q["fact_id"]]
