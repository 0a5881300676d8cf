"""One way to say a date and how far it is (#12.9, #12.10): "Fri 27 Nov", with the year
whenever it is not this year, in screens and error messages alike; distances rounded to the
nearest unit. Both live in `custlog.render.words`."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custlog.parsing.dates import parse_when
from custlog.render.words import relative_day, short_date
from tests.conftest import TODAY, Cli

PROPERTY = settings(database=None, max_examples=300, deadline=None)
SOME_DAY = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))
UNIT_DAYS = {"day": 1, "week": 7, "month": 365.25 / 12, "year": 365.25}


def on(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("CUSTLOG_TODAY", day)


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


# -- the year whenever it is not this year (#12.9) ---------------------------------------------


def test_due_on_a_day_in_another_year_shows_the_year(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("remind", "ann", "2028-03-01", "Call about the van")
    screen = cli("due", "--on", "2028-03-01", "--days", "0").stdout
    assert screen.startswith("Due Wed 1 Mar 2028\n")
    later = cli("due", "--on", "2028-02-27", "--days", "3").stdout
    assert later.startswith("Due Sun 27 Feb 2028 and the next 3 days, to Wed 1 Mar 2028\n")
    assert "due Wed 1 Mar 2028: Call about the van" in later


def test_due_on_a_day_this_year_shows_no_year(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("remind", "ann", "2026-12-03", "Call about the van")
    assert cli("due", "--on", "2026-12-01").stdout.startswith(
        "Due Tue 1 Dec and the next 7 days, to Tue 8 Dec\n"
    )


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


def test_snoozing_a_customer_into_the_past_names_the_day_as_screens_do(cli: Cli) -> None:
    cli("add", "Ann Lee", "--every", "2w")
    result = cli("snooze", "C1", "2025-12-01", code=1)
    assert result.stderr == (
        "custlog: error: Mon 1 Dec 2025 is not after today: snooze a customer until a later day\n"
    )


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (d(11, 27), "Fri 27 Nov"),
        (d(12, 1), "Tue 1 Dec"),
        (d(1, 1), "Thu 1 Jan"),
        (d(11, 27, 2027), "Sat 27 Nov 2027"),
        (d(12, 3, 2025), "Wed 3 Dec 2025"),
    ],
)
def test_short_date_shows_the_year_only_when_it_is_not_this_one(day: date, text: str) -> None:
    assert short_date(day, TODAY) == text


def test_no_date_for_people_is_written_outside_the_one_function() -> None:
    """Every date a person reads goes through `short_date`: no other module spells a
    weekday or formats a date with strftime for a person."""
    from pathlib import Path

    import custlog

    root = Path(custlog.__file__).parent
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if path.name == "words.py":
            continue
        assert "WEEKDAY_ABBR" not in source, path
        for fmt in re.findall(r"strftime\(\"([^\"]*)\"\)", source):
            assert fmt in ("%m-%d", "%Y-%m", "%H:%M"), (path, fmt)


# -- rounding to the nearest unit (#12.10) -----------------------------------------------------


@pytest.mark.parametrize(
    ("days", "phrase"),
    [
        (88, "in 3 months"),  # the numbers: they read "in 2 months", "in 5 weeks",
        (41, "in 6 weeks"),  # "in 2 weeks"
        (18, "in 3 weeks"),
        (0, "today"),
        (1, "tomorrow"),
        (-1, "yesterday"),
        (2, "in 2 days"),
        (-3, "3 days ago"),
        (7, "in 7 days"),  # exact under two weeks
        (-13, "13 days ago"),
        (14, "in 2 weeks"),
        (17, "in 2 weeks"),
        (-21, "3 weeks ago"),
        (-41, "6 weeks ago"),
        (59, "in 8 weeks"),
        (62, "in 2 months"),  # from 60 days: calendar months
        (-64, "2 months ago"),  # Sep 21
        (-245, "8 months ago"),  # Mar 24
        (200, "in 7 months"),  # Jun 12 2027: 6 months 19 days
        (364, "in 1 year"),
        (-365, "1 year ago"),
        (-800, "2 years ago"),  # 2 years 2 months
        (3 * 365 + 1, "in 3 years"),
    ],
)
def test_distances_round_to_the_nearest_unit(days: int, phrase: str) -> None:
    assert relative_day(TODAY + timedelta(days=days), TODAY) == phrase


def test_a_follow_up_typed_in_3_months_still_reads_in_3_months_two_days_later(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Ann Lee")
    cli("remind", "ann", "in 3 months", "Rear brakes", "--kind", "deferred")
    on(monkeypatch, "2026-11-26")
    assert "Offer again Wed 24 Feb 2027 (in 3 months): Rear brakes" in cli("brief", "ann").stdout


def test_the_screens_say_how_long_ago_in_the_one_style(shop: Cli) -> None:
    brief = shop("brief", "ann").stdout
    assert "Wed 14 Oct  6 weeks ago, by phone: Went through the brake quote" in brief
    assert "41 days ago" not in brief and "5 weeks" not in brief


def _amount(phrase: str) -> tuple[int, str]:
    m = re.fullmatch(r"(?:in )?([0-9]+) (day|week|month|year)s?(?: ago)?", phrase)
    assert m is not None, phrase
    return int(m[1]), m[2]


@PROPERTY
@given(
    SOME_DAY,
    st.integers(min_value=1, max_value=30),
    st.sampled_from(["weeks", "months"]),
    st.integers(min_value=0, max_value=3),
)
def test_an_offset_typed_in_weeks_or_months_is_not_under_stated_days_later(
    typed_on: date, n: int, unit: str, later: int
) -> None:
    """Typed as "in N weeks/months" and viewed up to 3 days later, the phrase never says a
    whole unit less than what is left; in the typed unit it says N (3 months stay 3)."""
    due = parse_when(f"in {n} {unit}", typed_on, "future")
    viewed = typed_on + timedelta(days=later)
    phrase = relative_day(due, viewed)
    left = (due - viewed).days
    if phrase in ("today", "tomorrow"):
        return
    count, said = _amount(phrase)
    assert count * UNIT_DAYS[said] > left - UNIT_DAYS[said], (phrase, left)
    if said == unit.removesuffix("s"):
        assert count == n, (phrase, left)


@PROPERTY
@given(SOME_DAY, st.integers(min_value=-4000, max_value=4000))
def test_relative_day_is_the_distance_to_the_nearest_unit(today: date, days: int) -> None:
    phrase = relative_day(today + timedelta(days=days), today)
    if abs(days) <= 1:
        assert phrase == {0: "today", 1: "tomorrow", -1: "yesterday"}[days]
        return
    assert phrase.endswith(" ago") if days < 0 else phrase.startswith("in ")
    count, unit = _amount(phrase)
    # to the nearest unit: never off by more than half a unit, give or take the calendar
    # (months are 28 to 31 days: measured over every day of 8 years, 3.1 days at most)
    slack = {"day": 0, "week": 0.5, "month": 3.5, "year": 20}[unit]
    assert abs(count * UNIT_DAYS[unit] - abs(days)) <= UNIT_DAYS[unit] / 2 + slack, phrase
