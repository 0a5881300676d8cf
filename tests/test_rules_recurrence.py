"""Repeating follow-ups: a series keeps its anchor day; a snooze moves one occurrence only."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from dateutil.rrule import rruleset, rrulestr

from custlog.domain import recurrence
from custlog.models import Followup
from custlog.parsing import dates
from custlog.storage.store import Store
from tests.conftest import Cli


def on(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("CUSTLOG_TODAY", day)


@pytest.fixture
def mileage(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Mike's monthly mileage check, done on Jan 31 and Feb 28: due Mar 31."""
    cli("add", "Mike Ross")
    cli("remind", "mike", "2027-01-31", "Check mileage log", "--every", "monthly")
    on(monkeypatch, "2027-01-31")
    assert "next due Sun 28 Feb" in cli("done", "1").stdout
    on(monkeypatch, "2027-02-28")
    assert "next due Wed 31 Mar" in cli("done", "1").stdout
    return cli


def test_snooze_moves_one_occurrence_only(mileage: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    on(monkeypatch, "2027-03-31")
    mileage("snooze", "1", "2027-04-02")
    on(monkeypatch, "2027-04-02")
    assert "next due Fri 30 Apr" in mileage("done", "1").stdout
    on(monkeypatch, "2027-04-30")
    assert "next due Mon 31 May" in mileage("done", "1").stdout


def test_a_snoozed_series_plans_the_days_done_will_give(
    mileage: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(monkeypatch, "2027-03-31")
    mileage("snooze", "1", "2027-04-02")
    plan = mileage.json("plan", "mike", "--months", "3")
    days = [i["date"] for m in plan["months"] for i in m["items"] if i.get("followup_id") == 1]
    assert days == ["2027-04-02", "2027-04-30", "2027-05-31"]


def _expand_ics(text: str, count: int) -> list[date]:
    """The first days of the one repeating event in an exported calendar."""
    lines = text.replace("\r\n ", "").splitlines()
    start = next(ln for ln in lines if ln.startswith("DTSTART"))[-8:]
    rule = next(ln for ln in lines if ln.startswith("RRULE:")).removeprefix("RRULE:")
    first = datetime.strptime(start, "%Y%m%d")
    found = rruleset()
    found.rrule(rrulestr(rule, dtstart=first))  # type: ignore[arg-type]
    for ln in lines:
        if ln.startswith("RDATE"):
            found.rdate(datetime.strptime(ln[-8:], "%Y%m%d"))
    return [d.date() for d in list(found)[:count]]


def test_the_calendar_of_a_snoozed_series_agrees_with_done(
    mileage: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(monkeypatch, "2027-03-31")
    mileage("snooze", "1", "2027-04-02")
    ics = mileage("export", "--format", "ics").stdout
    assert _expand_ics(ics, 4) == [
        date(2027, 4, 2),
        date(2027, 4, 30),
        date(2027, 5, 31),
        date(2027, 6, 30),
    ]


def test_the_calendar_of_a_series_on_its_rhythm_has_no_extra_date(mileage: Cli) -> None:
    ics = mileage("export", "--format", "ics").stdout
    assert "RDATE" not in ics
    assert _expand_ics(ics, 3) == [date(2027, 3, 31), date(2027, 4, 30), date(2027, 5, 31)]


def test_a_mid_month_series_snoozed_keeps_its_day(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Dave")
    cli("remind", "dave", "2027-01-15", "Statement", "--every", "monthly")
    on(monkeypatch, "2027-01-15")
    cli("snooze", "1", "2027-01-19")
    ics = cli("export", "--format", "ics").stdout
    assert _expand_ics(ics, 3) == [date(2027, 1, 19), date(2027, 2, 15), date(2027, 3, 15)]
    on(monkeypatch, "2027-01-19")
    assert "next due Mon 15 Feb" in cli("done", "1").stdout


# -- below the command line ------------------------------------------------------------------


def series(due: date, every: str, anchor: date, promised: date | None = None) -> Followup:
    return Followup(1, 1, due, "Check", every=every, anchor=anchor, promised=promised or due)


@pytest.mark.parametrize("every", ["1d", "3d", "1w", "2w", "1m", "3m", "1y"])
def test_first_after_is_the_first_day_of_the_series_after_the_day(every: str) -> None:
    period = dates.parse_period(every)
    start = date(2027, 1, 31)
    days = [period.step(start, n) for n in range(800)]
    for day in (date(2027, 1, 30), date(2027, 1, 31), date(2027, 3, 1), date(2028, 2, 29)):
        expected = next(d for d in days if d > day)
        assert recurrence.first_after(period, start, day) == expected


def test_occurrences_follow_the_anchor_not_the_clamped_due_date() -> None:
    f = series(date(2027, 2, 28), "1m", date(2027, 1, 31))
    assert recurrence.occurrences(f, date(2027, 2, 1), date(2027, 5, 31), 10) == [
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
    ]


def test_a_follow_up_without_a_stored_anchor_counts_from_its_due_date() -> None:
    f = Followup(1, 1, date(2027, 2, 28), "Check", every="1m")
    assert recurrence.next_due(f, date(2027, 2, 28)) == date(2027, 3, 28)


# -- the migration: existing logs ----------------------------------------------------------------


def test_an_existing_month_end_series_gets_its_anchor_back_from_its_closed_copies(
    tmp_path: Path,
) -> None:
    """A log from before m004_followup_series: Mike's series was done on Jan 31 (a closed
    copy) and is due Feb 28; the upgrade stores Jan 31 as its anchor."""
    path = tmp_path / "old.db"
    Store.open(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        INSERT INTO customers (id, name, tags, since) VALUES (1, 'Mike', '[]', '2027-01-01');
        INSERT INTO followups (customer_id, due, text, kind, every, done)
            VALUES (1, '2027-01-31', 'Check', 'callback', NULL, '2027-01-31');
        INSERT INTO followups (customer_id, due, text, kind, every)
            VALUES (1, '2027-02-28', 'Check', 'callback', '1m');
        INSERT INTO followups (customer_id, due, text, kind, every)
            VALUES (1, '2027-02-28', 'Other', 'callback', '1m');
        UPDATE followups SET anchor = NULL, promised = NULL;
        DELETE FROM _sqlite_migrations WHERE name = 'm004_followup_series';
        """
    )
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    store = Store.open(path, create=False)  # upgrades in place
    mike = {f.text: f for f in store.followups.of_customer(1)}
    store.close()
    assert (mike["Check"].anchor, mike["Check"].promised) == (date(2027, 1, 31), date(2027, 2, 28))
    assert mike["Other"].anchor == date(2027, 2, 28)  # no history: it began on the 28th
    assert recurrence.next_due(mike["Check"], date(2027, 2, 28)) == date(2027, 3, 31)
