"""One home per rule: the follow-up kinds and the overdue/today/soon buckets."""

from __future__ import annotations

from datetime import date

import pytest

from custlog.domain import agenda, kinds
from custlog.domain.agenda import bucket
from custlog.errors import BadInput
from tests.conftest import TODAY, Cli


def test_every_kind_has_a_label_an_order_and_calendar_words() -> None:
    for name, kind in kinds.KINDS.items():
        assert kind.label and kind.ics and kind.hint
        assert kinds.order(name) == kind.order
    assert kinds.label("deferred") == "postponed work"
    assert kinds.order("promise") < kinds.order("callback") < kinds.order("deferred")
    assert kinds.order("ask") < kinds.order("touch") < kinds.order("birthday")


def test_an_unknown_kind_names_the_kinds_with_what_they_are_for() -> None:
    with pytest.raises(BadInput) as caught:
        kinds.parse_kind("maybe")
    assert "deferred (work they put off, to offer again)" in str(caught.value)
    assert kinds.parse_kind(None) == "callback"
    assert kinds.parse_kind(" Deferred ") == "deferred"


def test_remind_says_postponed_work_not_the_stored_word(cli: Cli) -> None:
    cli("add", "Ann Lee")
    result = cli("remind", "ann", "3m", "Rear brakes", "--kind", "deferred")
    assert "#1 postponed work for Ann Lee: Rear brakes" in result.stderr


def test_the_calendar_describes_postponed_work_in_the_same_words(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("remind", "ann", "3m", "Rear brakes", "--kind", "deferred")
    ics = cli("export", "--format", "ics").stdout
    assert "Postponed work\\, to offer again for Ann Lee." in ics.replace("\n ", "")


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 11, 23), "overdue"), (TODAY, "today"), (date(2026, 11, 25), "soon")],
)
def test_a_day_falls_in_one_bucket(day: date, expected: str) -> None:
    assert bucket(day, TODAY) == expected


def test_due_summary_counts_exactly_the_rows_under_each_heading(shop: Cli) -> None:
    screen = shop("due").stdout
    blocks = [b.splitlines() for b in screen.split("\n\n")[1:-1]]
    shown = [len([r for r in rows[1:] if "custlog due --all" not in r]) for rows in blocks]
    summary = screen.splitlines()[-1]
    assert [int(part.split()[0]) for part in summary.split(" · ")] == shown


def test_the_agenda_counts_stay_in_touch_and_dates_in_their_sections(shop: Cli, ctx) -> None:  # type: ignore[no-untyped-def]
    a = agenda.build(ctx)
    assert a.section("touch").total == len(a.going_cold) == 3
    assert a.section("dates").total == 6  # 4 dates and questions, 2 concerns alone


def _at(cli: Cli, monkeypatch: pytest.MonkeyPatch, day: str, *args: str) -> str:
    monkeypatch.setenv("CUSTLOG_TODAY", day)
    return str(cli(*args).stdout)


def test_a_30_day_period_is_due_on_day_31_in_plan_and_due_alike(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee", "--every", "30d")
    cli("note", "ann", "Oil change", "--on", "2026-11-01")
    day30 = "2026-12-01"
    assert "Ann Lee" not in _at(cli, monkeypatch, day30, "due", "--days", "0")
    plan = cli.json("plan", "ann")
    assert [i["date"] for i in plan["now"] if i["kind"] == "touch"] == []
    assert [i["date"] for m in plan["months"] for i in m["items"] if i["kind"] == "touch"] == [
        "2026-12-02"
    ]
    day31 = "2026-12-02"
    screen = _at(cli, monkeypatch, day31, "due", "--days", "0")
    assert (
        "People to get back in touch with\n"
        "  C1  Ann Lee — time to get in touch: no contact in 31 days" in screen
    )
    assert screen.splitlines()[-1] == "1 customer to get back in touch with"
