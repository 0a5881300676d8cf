"""`custlog due`: the morning list, ranked by what costs trust first, one screen at any size.

The example shop is small enough to be shown whole; the neglected book below (48 customers,
every one of them late on a promise, behind on a call, owed something, due again this week and
past their stay-in-touch period) is cut to the most pressing rows of each section.
"""

from __future__ import annotations

import json
import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custlog.domain import agenda
from custlog.domain.context import Context
from custlog.domain.kinds import KIND_NAMES as KINDS
from custlog.models import NewCustomer, NewFollowup
from tests.conftest import TODAY, Cli

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

DUE_SHOP = [
    "Due Tue 24 Nov and the next 7 days, to Tue 1 Dec",
    "",
    "Promises we're late on",
    "  #2   Ann Lee, 555-0142 — 4 days overdue: Text Annie the photos of the rear pads with "
    "the 4mm measurement",
    "  #28  Francesco DeLuca, 555-0135 — 3 days overdue: Find a reliable used car under $9k "
    "for the third delivery driver and call Frank",
    "",
    "Calls and work due: overdue, then today",
    "  #21  Gloria Nguyen, 555-0104 — callback, 12 days overdue: Call Mrs. Nguyen to book "
    "the 60k service on the Camry",
    "  #19  Thomas Becker, 555-0151 — callback, 7 days overdue: Call Tom about winterizing "
    "the trucks and plow prep (needed by Dec 1)",
    "  #8   David Kowalski, 555-0117 — callback, due today, every 3 months: Call Dave to "
    "schedule the fleet oil changes (all three vans)",
    "  #16  Priya Shah, 555-0189 — promise, due today: Call Priya before 5 with the timing "
    "belt + water pump price",
    "",
    "Next 7 days, to Tue 1 Dec",
    "  #26  Linda Park — promise, due tomorrow: Winter tires mounted and balanced before "
    "Linda picks up Wednesday",
    "  #23  Samuel Okafor — callback, due Thu 26 Nov: Remind Sam: both vans' inspection "
    "stickers expire Nov 30 — book them in",
    "  #4   Ann Lee — promise, due Fri 27 Nov: Send the written estimate for the van roof rack",
    "  #30  Hector Ruiz — postponed work ($390), due Tue 1 Dec: Offer again: windshield on "
    "truck #3 (season ends Dec 1)",
    "",
    "People to get back in touch with",
    "  C6   Thomas Becker, 555-0151 — going cold: no contact in 34 days; every 2 weeks",
    "  C10  Francesco DeLuca, 555-0135 — going cold: no contact in 46 days; every 30 days",
    "  C7   Gloria Nguyen, 555-0104 — time to get in touch: no contact in 111 days; every 3 months",
    "",
    "Birthdays, anniversaries, questions and concerns",
    "  #11  Rosa Martinez, 555-0163 — anniversary in 2 days (Thu 26 Nov); question to ask, "
    "due Mon 30 Nov: Ask how the Thanksgiving drive to Albany went",
    "  #3   Ann Lee, 555-0142 — birthday in 4 days (Sat 28 Nov), turns 44; concern F6, open "
    "41 days: Worried about the van's cost of ownership; wants to keep it two more years if "
    "it makes sense; question to ask, due tomorrow: Ask how Emma's soccer tournament went",
    "       David Kowalski, 555-0117 — anniversary in 6 days (Mon 30 Nov), 25 years",
    "       Marcus Bell, 555-0128 — birthday in 7 days (Tue 1 Dec)",
    "  F33  Linda Park, 555-0193 — concern open 74 days: First winter driving in snow — "
    "nervous about it",
    "  F20  Priya Shah, 555-0189 — concern open 48 days: Nervous about the check engine "
    "light; wants to know before anything gets expensive",
    "",
    "2 customers with late promises · 4 with calls or work due · 4 with something in the "
    "next 7 days · 3 to get back in touch with · 6 with dates, questions or concerns",
]

DUE_SHOP_DRAWN_80 = [
    "Due Tue 24 Nov and the next 7 days, to Tue 1 Dec",
    "",
    "Promises we're late on",
    "  #2   Ann Lee, 555-0142 — 4 days overdue: Text Annie the photos of the rear …",
    "  #28  Francesco DeLuca, 555-0135 — 3 days overdue: Find a reliable used car …",
    "",
    "Calls and work due: overdue, then today",
    "  #21  Gloria Nguyen, 555-0104 — callback, 12 days overdue: Call Mrs. Nguyen …",
    "  #19  Thomas Becker, 555-0151 — callback, 7 days overdue: Call Tom about …",
    "  #8   David Kowalski, 555-0117 — callback, due today, every 3 months: Call …",
    "  #16  Priya Shah, 555-0189 — promise, due today: Call Priya before 5 with the …",
    "",
    "Next 7 days, to Tue 1 Dec",
    "  #26  Linda Park — promise, due tomorrow: Winter tires mounted and balanced …",
    "  #23  Samuel Okafor — callback, due Thu 26 Nov: Remind Sam: both vans' …",
    "  #4   Ann Lee — promise, due Fri 27 Nov: Send the written estimate for the …",
    "  #30  Hector Ruiz — postponed work ($390), due Tue 1 Dec: Offer again: …",
    "",
    "People to get back in touch with",
    "  C6   Thomas Becker, 555-0151 — going cold: no contact in 34 days; every 2 …",
    "  C10  Francesco DeLuca, 555-0135 — going cold: no contact in 46 days; every …",
    "  C7   Gloria Nguyen, 555-0104 — time to get in touch: no contact in 111 days; …",
    "",
    "Birthdays, anniversaries, questions and concerns",
    "  #11  Rosa Martinez, 555-0163 — anniversary in 2 days (Thu 26 Nov); question …",
    "  #3   Ann Lee, 555-0142 — birthday in 4 days (Sat 28 Nov), turns 44; concern …",
    "       David Kowalski, 555-0117 — anniversary in 6 days (Mon 30 Nov), 25 years",
    "       Marcus Bell, 555-0128 — birthday in 7 days (Tue 1 Dec)",
    "  F33  Linda Park, 555-0193 — concern open 74 days: First winter driving in …",
    "  F20  Priya Shah, 555-0189 — concern open 48 days: Nervous about the check …",
    "",
    "2 customers with late promises · 4 with calls or work due · 4 with something in",
    "the next 7 days · 3 to get back in touch with · 6 with dates, questions or",
    "concerns",
]

NEGLECTED = 48  # customers, each in every section


def neglected_book(path: Path) -> Path:
    """A book that has fallen behind: every customer is late on a promise, overdue on a
    callback, waiting on something, due again this week and past a two-week period."""
    lines = []
    for n in range(1, NEGLECTED + 1):
        name = f"Customer {n:02d}"
        lines.append(
            {
                "type": "customer",
                "id": n,
                "name": name,
                "phone": f"555-{1000 + n}",
                "every": "2w",
                "since": "2025-01-06",
            }
        )
        lines.append(
            {
                "type": "note",
                "customer_id": n,
                "at": f"2026-{1 + n % 9:02d}-10T09:00:00",
                "via": "call",
                "text": "Last call",
            }
        )
        late = (TODAY - timedelta(days=n)).isoformat()
        soon = (TODAY + timedelta(days=1 + n % 7)).isoformat()
        for due, kind, text in (
            (late, "promise", f"Send {name} the estimate"),
            (late, "callback", f"Call {name} back"),
            (late, "waiting", f"{name} to approve the quote"),
            (soon, "callback", f"Book {name}'s service"),
        ):
            lines.append(
                {"type": "followup", "customer_id": n, "due": due, "kind": kind, "text": text}
            )
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def neglected(cli: Cli, tmp_path: Path) -> Cli:
    cli("import", str(neglected_book(tmp_path / "neglected.jsonl")))
    return cli


DUE_NEGLECTED = [
    "Due Tue 24 Nov and the next 7 days, to Tue 1 Dec",
    "",
    "Promises we're late on",
    "  #189  Customer 48, 555-1048 — 48 days overdue: Send Customer 48 the estimate",
    "  #185  Customer 47, 555-1047 — 47 days overdue: Send Customer 47 the estimate",
    "  #181  Customer 46, 555-1046 — 46 days overdue: Send Customer 46 the estimate",
    "        … and 45 more with late promises: custlog due --all",
    "",
    "Calls and work due: overdue, then today",
    "  #190  Customer 48, 555-1048 — callback, 48 days overdue: Call Customer 48 back",
    "  #186  Customer 47, 555-1047 — callback, 47 days overdue: Call Customer 47 back",
    "  #182  Customer 46, 555-1046 — callback, 46 days overdue: Call Customer 46 back",
    "        … and 45 more with calls or work due: custlog due --all",
    "",
    "Waiting on them: what they owe us",
    "  #191  Customer 48, 555-1048 — 48 days overdue: Customer 48 to approve the quote",
    "  #187  Customer 47, 555-1047 — 47 days overdue: Customer 47 to approve the quote",
    "  #183  Customer 46, 555-1046 — 46 days overdue: Customer 46 to approve the quote",
    "        … and 45 more owing us: custlog due --all",
    "",
    "Next 7 days, to Tue 1 Dec",
    "  #28  Customer 07 — callback, due tomorrow: Book Customer 07's service",
    "  #56  Customer 14 — callback, due tomorrow: Book Customer 14's service",
    "  #84  Customer 21 — callback, due tomorrow: Book Customer 21's service",
    "       … and 45 more with something in the next 7 days: custlog due --all",
    "",
    "People to get back in touch with",
    "  C9   Customer 09, 555-1009 — going cold: no contact in 318 days; every 2 weeks",
    "  C18  Customer 18, 555-1018 — going cold: no contact in 318 days; every 2 weeks",
    "  C27  Customer 27, 555-1027 — going cold: no contact in 318 days; every 2 weeks",
    "       … and 45 more to get back in touch with: custlog due --all",
    "",
    "48 customers with late promises · 48 with calls or work due · 48 owing us · 48 with"
    " something in the next 7 days · 48 to get back in touch with",
]


# -- whole screens -----------------------------------------------------------------------------


def test_due_on_the_example_shop_is_shown_whole_and_ranked(shop: Cli) -> None:
    assert shop("due").stdout.splitlines() == DUE_SHOP


def test_due_on_the_example_shop_drawn_at_80_columns_keeps_each_row_to_a_line(
    shop: Cli, colour: pytest.MonkeyPatch
) -> None:
    colour.setenv("COLUMNS", "80")
    assert ANSI.sub("", shop("due").stdout).splitlines() == DUE_SHOP_DRAWN_80


def test_due_on_a_neglected_book_shows_the_most_pressing_rows_of_each_section(
    neglected: Cli,
) -> None:
    assert neglected("due").stdout.splitlines() == DUE_NEGLECTED


def test_due_on_a_neglected_book_drawn_at_80_columns_is_one_screen(
    neglected: Cli, colour: pytest.MonkeyPatch
) -> None:
    colour.setenv("COLUMNS", "80")
    drawn = ANSI.sub("", neglected("due").stdout).splitlines()
    assert len(drawn) <= 40
    blank = len(drawn) - drawn[::-1].index("") - 1  # the summary line wraps after it
    rows, summary = drawn[: blank + 1], drawn[blank + 1 :]
    assert len(rows) == len(DUE_NEGLECTED) - 1
    for line, whole in zip(rows, DUE_NEGLECTED, strict=False):
        # A row takes one line: what does not fit is left off after a whole word.
        assert line == whole or (line.endswith(" …") and whole.startswith(line[:-2] + " "))
    assert " ".join(summary) == DUE_NEGLECTED[-1]


@pytest.fixture
def colour(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    return monkeypatch


# -- ranking, headings and counts ----------------------------------------------------------------


def headings_and_rows(screen: str) -> dict[str, list[str]]:
    """Each heading of a piped `due` screen and the rows under it ("… and N more" left out)."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in screen.splitlines()[1:-1]:
        if not line:
            current = None
        elif current is None:
            current = found.setdefault(line, [])
        elif "custlog due --all" not in line:
            current.append(line)
    return found


@pytest.mark.parametrize("book", ["shop", "neglected"])
def test_the_summary_counts_exactly_the_rows_of_each_heading(
    book: str, request: pytest.FixtureRequest
) -> None:
    cli: Cli = request.getfixturevalue(book)
    screen = cli("due", "--all").stdout
    sections = headings_and_rows(screen)
    counts = [int(part.split()[0]) for part in screen.splitlines()[-1].split(" · ")]
    assert counts == [len(rows) for rows in sections.values()]
    capped = cli("due").stdout
    more = re.findall(r"… and (\d+) more", capped)
    shown = headings_and_rows(capped)
    assert [len(rows) for rows in shown.values()] == [min(n, 3) for n in counts] or not more
    assert capped.splitlines()[-1] == screen.splitlines()[-1]


def test_due_ranks_what_costs_trust_first(neglected: Cli) -> None:
    headings = list(headings_and_rows(neglected("due").stdout))
    assert headings == [
        "Promises we're late on",
        "Calls and work due: overdue, then today",
        "Waiting on them: what they owe us",
        "Next 7 days, to Tue 1 Dec",
        "People to get back in touch with",
    ]


def test_a_customer_has_one_row_per_section_with_their_reasons_together(cli: Cli) -> None:
    cli("add", "Bo Chen", "--phone", "555-0199")
    cli("remind", "bo", "3 days ago", "Call about the chairs")
    cli("remind", "bo", "today", "Call about the desk")
    screen = cli("due").stdout
    (row,) = [line for line in screen.splitlines() if "Bo Chen" in line]
    assert row == (
        "  #1  Bo Chen, 555-0199 — callback, 3 days overdue: Call about the chairs; #2 callback,"
        " due today: Call about the desk"
    )


def test_call_rows_carry_the_phone_number_or_else_the_email(cli: Cli) -> None:
    cli("add", "Bo Chen", "--email", "bo@chen.example.com")
    cli("remind", "bo", "today", "Call about the chairs")
    assert "Bo Chen, bo@chen.example.com — callback, due today" in cli("due").stdout


def test_today_comes_after_the_overdue_callbacks(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("add", "Al Diaz")
    cli("remind", "bo", "today", "Today's call")
    cli("remind", "al", "2 days ago", "Late call")
    screen = cli("due").stdout
    assert screen.index("Late call") < screen.index("Today's call")


def test_due_all_shows_every_row_and_json_keeps_every_row(neglected: Cli) -> None:
    full = neglected("due", "--all").stdout
    assert "custlog due --all" not in full
    assert len(headings_and_rows(full)["Promises we're late on"]) == NEGLECTED
    data = neglected.json("due")
    assert len(data["followups"]) == NEGLECTED * 4
    assert len(data["going_cold"]) == NEGLECTED
    assert data["sections"] == {
        "late": NEGLECTED, "todo": NEGLECTED, "waiting": NEGLECTED, "soon": NEGLECTED,
        "touch": NEGLECTED, "dates": 0,
    }  # fmt: skip
    assert {c["handle"] for c in data["going_cold"]} == {f"C{n}" for n in range(1, 49)}
    first = data["followups"][0]
    assert set(first) >= {"id", "customer", "due", "text", "kind", "overdue_days"}


def test_due_help_states_the_rule_of_the_short_list(cli: Cli) -> None:
    text = " ".join(cli("due", "--help").stdout.split())
    assert "more than 20 rows, each section shows its 3 most pressing" in text


def test_an_empty_day_is_one_friendly_line(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("remind", "bo", "in 2 weeks", "Call about the new chairs")
    assert cli("due").stdout.splitlines() == [
        "Nothing due on Tue 24 Nov or in the 7 days after, and nobody to get back in touch "
        "with: a good day to call someone you haven't heard from."
    ]


def test_due_on_another_day_counts_lateness_from_that_day(shop: Cli) -> None:
    screen = shop("due", "--on", "friday", "--all").stdout
    assert screen.startswith("Due Fri 27 Nov and the next 7 days, to Fri 4 Dec")
    assert "#2   Ann Lee, 555-0142 — 7 days overdue: Text Annie" in screen
    assert "Ann Lee, 555-0142 — promise, due today: Send the written estimate" in screen


def test_due_with_one_day_ahead_calls_it_tomorrow(shop: Cli) -> None:
    screen = shop("due", "--days", "1").stdout
    assert screen.startswith("Due Tue 24 Nov and tomorrow\n")
    assert "\nTomorrow\n" in screen
    assert "#4 " not in screen  # due Friday, outside the window


def test_due_asks_about_a_past_event_with_its_reference(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("note", "bo", "Talked about the trip", "--on", "2 weeks ago")
    cli("fact", "bo", "vacation", "Trip to Rome", "--when", "3 days ago")
    (row,) = [line for line in cli("due").stdout.splitlines() if "Rome" in line]
    assert row == (
        "  F1  Bo Chen — ask how it went: Trip to Rome (vacation, Sat 21 Nov, 3 days ago)"
    )


# -- people to get back in touch with: C12 and `snooze C12` ---------------------------------------


def test_snooze_c12_quiets_the_nudge_until_the_day(shop: Cli) -> None:
    assert "C6 " in shop("due").stdout
    said = shop("snooze", "C6", "2w").stdout
    assert said == (
        "Thomas Becker (C6): no stay-in-touch nudge until Tue 8 Dec, or until a note is logged\n"
    )
    assert "C6 " not in shop("due").stdout
    assert "C6 " not in shop("due", "--on", "dec 7").stdout
    assert "C6 " in shop("due", "--on", "dec 8").stdout
    assert "Thomas Becker" not in {c["customer"] for c in shop.json("due")["going_cold"]}


def test_a_note_logged_before_then_ends_the_snooze(shop: Cli) -> None:
    shop("snooze", "C6", "6m")
    shop("note", "thomas", "Called about the plows", "--on", "today")
    assert "C6 " not in shop("due").stdout  # just talked
    assert "C6 " in shop("due", "--on", "in 3 weeks").stdout  # two weeks later: due again


@pytest.mark.parametrize(
    ("handle", "when", "message"),
    [
        ("C0", "2w", '"C0" is not a customer handle: use C and a number, such as C12'),
        ("Cabc", "2w", '"Cabc" is not a customer handle: use C and a number, such as C12'),
        ("C", "2w", '"C" is not a customer handle: use C and a number, such as C12'),
        ("C999", "2w", "no customer with handle C999 (see `custlog due`)"),
        ("C6", "yesterday", "Mon 23 Nov is not after today: snooze a customer until a later day"),
    ],
)
def test_snooze_with_a_bad_handle_or_day_is_one_clean_error(
    shop: Cli, handle: str, when: str, message: str
) -> None:
    before = shop("export").stdout
    result = shop("snooze", handle, when, code=1)
    assert result.stderr == f"custlog: error: {message}\n"
    assert result.stdout == ""
    assert shop("export").stdout == before


def test_the_snooze_travels_through_export_and_import(
    shop: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop("snooze", "C6", "2w")
    exported = shop("export").stdout
    (becker,) = [line for line in exported.splitlines() if '"name": "Thomas Becker"' in line]
    assert json.loads(becker)["quiet_until"] == "2026-12-08"
    file = tmp_path / "log.jsonl"
    file.write_text(exported, encoding="utf-8")
    monkeypatch.setenv("CUSTLOG_DB", str(tmp_path / "other.db"))
    shop("import", str(file))
    assert shop("export").stdout == exported
    assert "C6 " not in shop("due").stdout


# -- one rule, two evaluators: the SQL sections agree with the Python ones ------------------------


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(KINDS), st.integers(min_value=-20, max_value=10)),
        min_size=1,
        max_size=12,
    )
)
def test_sections_in_sql_are_the_sections_in_python(
    ctx: Context, rows: list[tuple[str, int]]
) -> None:
    store = ctx.store
    with store.transaction(step=None):
        store.conn.execute("DELETE FROM followups")
        store.conn.execute("DELETE FROM customers")
        ids = [store.customers.add(NewCustomer(f"C {n}", date(2026, 1, 1))).id for n in rows]
        for cid, (kind, offset) in zip(ids, rows, strict=True):
            due = TODAY + timedelta(days=offset)
            store.followups.add(cid, NewFollowup(due, "x", kind))
    end = TODAY + timedelta(days=7)
    expected: dict[str, set[int]] = {}
    for cid, (kind, offset) in zip(ids, rows, strict=True):
        due = TODAY + timedelta(days=offset)
        if due <= end:
            expected.setdefault(agenda.section_of(kind, due, TODAY), set()).add(cid)
    counts = store.followups.due_counts(TODAY, end, agenda.FOLLOWUP_RULES)
    assert {k: v[0] for k, v in counts.items()} == {k: len(v) for k, v in expected.items()}


def test_the_due_date_of_a_followup_is_in_one_section_only(ctx: Context) -> None:
    day = date(2026, 11, 24)
    assert agenda.section_of("promise", day - timedelta(days=1), day) == "late"
    assert agenda.section_of("promise", day, day) == "todo"
    assert agenda.section_of("waiting", day, day) == "waiting"
    assert agenda.section_of("ask", day - timedelta(days=9), day) == "dates"
    assert agenda.section_of("deferred", day + timedelta(days=1), day) == "soon"


def test_todays_appointments_come_first_in_time_order_after_the_overdue(
    cli: Cli, ctx: Context
) -> None:
    store = ctx.store
    with store.transaction(step=None):
        for name, offset, at, text in [
            ("Bo Chen", 0, None, "Plain call"),
            ("Al Diaz", 0, "14:00", "Afternoon visit"),
            ("Cy Ek", 0, "09:30", "Morning visit"),
            ("Di Fox", -3, None, "Late call"),
        ]:
            cid = store.customers.add(NewCustomer(name, date(2026, 1, 1))).id
            due = TODAY + timedelta(days=offset)
            start = time.fromisoformat(at) if at else None
            store.followups.add(cid, NewFollowup(due, text, at_start=start))
    rows = headings_and_rows(cli("due").stdout)["Calls and work due: overdue, then today"]
    assert [row.split(": ", 1)[1] for row in rows] == [
        "Late call",
        "Morning visit",
        "Afternoon visit",
        "Plain call",
    ]
    assert "Cy Ek — callback, due today at 9:30: Morning visit" in rows[1]
