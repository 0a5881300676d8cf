"""The screens people read: `brief`, `due`, `list`, `log` and `search`, piped and on a terminal.

Whole screens are compared piped (the conftest pins NO_COLOR, COLUMNS=100 and today, Tue 24
Nov 2026). Terminal screens are drawn in colour at 80 and 120 columns and checked for escape
codes, for their width, and that nothing was cut.
"""

from __future__ import annotations

import io
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from custlog.domain import agenda
from custlog.domain.context import Context
from custlog.parsing import dates
from custlog.render import screens
from custlog.render.output import Output
from tests.conftest import TODAY, Cli

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def plain(text: str) -> str:
    return ANSI.sub("", text)


def flat(text: str) -> str:
    """A terminal screen with its wrapping undone: every run of whitespace becomes a space."""
    return " ".join(plain(text).split())


def row_of(screen: str, ref: str) -> str:
    """The one line of a piped screen that starts with an id such as #21."""
    found = [line for line in screen.splitlines() if re.match(rf"\s*{re.escape(ref)}\s", line)]
    assert len(found) == 1, f"{ref} on {len(found)} lines:\n{screen}"
    return found[0]


def lines_with(screen: str, *words: str) -> list[str]:
    return [line for line in screen.splitlines() if all(w in line for w in words)]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def colour(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Ask for colour although the test's stdout is not a terminal."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    return monkeypatch


BRIEF_ANN = [
    "Ann Lee — call them Annie",
    "Lee Bakery · 555-0142 · ann@leebakery.example.com",
    "tags: fleet",
    "customer since Fri 12 Mar 2021 (5 years)",
    "last contact 6 days ago, by text (Wed 18 Nov)",
    "stay in touch every 30 days: on track, 6 days since the last contact",
    "birthday in 4 days (Sat 28 Nov), turns 44",
    "",
    "What we owe them",
    "  #2  Text Annie the photos of the rear pads with the 4mm measurement — 4 days"
    " overdue (due Fri 20 Nov)",
    "  #4  Send the written estimate for the van roof rack — due Fri 27 Nov (in 3 days)",
    "",
    "What we know about them",
    "  family       Daughter Emma (11) plays travel soccer · learned 1 year ago · check"
    " this is still true",
    "  vacation     Florida trip with the family in December (leaving Dec 12) · learned 6 days ago",
    "  preferences  Prefers texts to calls — she's in the kitchen from 4am · learned 2 months ago",
    "  competitor   Got a quote from QuickLube for fleet oil changes · learned 8 weeks ago",
    "  concerns     Worried about the van's cost of ownership; wants to keep it two more"
    " years if it makes sense · learned 5 weeks ago",
    "  vehicle      2018 Ford Transit Connect, white, Lee Bakery lettering — the"
    " delivery van · learned 1 year ago · check this is still true",
    "",
    "Ask them",
    "  #3  Ask how Emma's soccer tournament went",
    "",
    "Other follow-ups",
    "  #5  Van oil change (fleet schedule) — she's back from Florida — due Tue 5 Jan"
    " 2027 (in 6 weeks), every 3 months",
    "",
    "Postponed work",
    "  #6  Rear brake pads on the van (at 4mm in November) — $480 — offer again Mon 15"
    " Mar 2027 (in 3 months) — offered 2 times, last declined Tue 10 Nov: money this month;"
    " in spring",
    "      $480 of postponed work",
    "",
    "What we've done for them (last 12 months)",
    "  Tue 10 Nov  Replaced front pads and rotors on the van, told her rear pads at 4mm — she'll do"
    " them in spring. Asked about a roof rack for the new catering boxes. — $540",
    "  Thu 24 Sep  AC recharge on the van; found a leaking Schrader valve and replaced it. $165."
    " She asked whether I'd match QuickLube's fleet oil change price. — $165",
    "              $705 of work in the last 12 months",
    "",
    "Last 5 notes, newest first",
    "  Wed 18 Nov  6 days ago, by text: Annie texted that the brakes feel great. Told"
    " her the roof rack estimate is coming. Emma's tournament is this weekend.",
    "  Tue 10 Nov  14 days ago, in person: Replaced front pads and rotors on the van,"
    " told her rear pads at 4mm — she'll do them in spring. Asked about a roof rack for"
    " the new catering boxes.",
    "  Fri 6 Nov   18 days ago, by text: Texted to say the parts arrived. Booked for"
    " Tuesday the 10th, 7am.",
    "  Tue 27 Oct  28 days ago, by text: Texted Annie to book the front brakes. Ordered"
    " pads and rotors from the parts house.",
    "  Wed 14 Oct  41 days ago, by phone: Went through the brake quote with her. She's"
    " worried about what the van costs her a year — wants to keep it two more years if"
    " that makes sense.",
]
BRIEF_EMPTY = [
    "Bo Chen",
    "Chen Dental · 555-0199",
    "customer since Tue 24 Nov (today)",
    "no contact logged yet",
    "",
    "Nothing recorded about Bo yet. Start with:",
    '  after a call        custlog note "Bo Chen" "what you talked about" --via call',
    '  something personal  custlog fact "Bo Chen" family "Daughter Emma plays soccer"',
    '  a promise           custlog remind "Bo Chen" friday "Send the estimate" --kind promise',
    '  work they put off   custlog remind "Bo Chen" 3m "Rear brakes" --kind deferred',
]


# -- whole screens -----------------------------------------------------------------------------


def test_brief_for_ann_lee_reads_as_the_whole_briefing(shop: Cli) -> None:
    assert shop("brief", "ann").stdout.splitlines() == BRIEF_ANN


def test_brief_for_a_customer_with_nothing_recorded_says_what_to_record(cli: Cli) -> None:
    cli("add", "Bo Chen", "--company", "Chen Dental", "--phone", "555-0199")
    assert cli("brief", "bo").stdout.splitlines() == BRIEF_EMPTY


# -- brief: every fact, promise, follow-up and postponed job ------------------------------------


def _shop_customers(shop: Cli) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = shop.json("list")
    assert len(rows) == 12
    return rows


def test_brief_shows_every_fact_under_its_topic_with_its_age(shop: Cli) -> None:
    for customer in _shop_customers(shop):
        ref = f"#{customer['id']}"
        screen = shop("brief", ref).stdout
        for fact in shop.json("brief", ref)["facts"]:
            if fact["topic"] in ("birthday", "anniversary"):
                continue
            (line,) = lines_with(screen, fact["text"])
            learned = date.fromisoformat(fact["learned"])
            assert f"learned {dates.relative_day(learned, TODAY)}" in line
            stale = (TODAY - learned).days > 365
            assert ("check this is still true" in line) == stale, line
            topic_line = next(
                earlier
                for earlier in reversed([*screen[: screen.index(line)].splitlines(), line])
                if earlier.startswith("  ") and not earlier.startswith("   ")
            )
            assert topic_line.split()[0] == fact["topic"]


def test_brief_shows_every_open_followup_with_its_id(shop: Cli) -> None:
    for customer in _shop_customers(shop):
        ref = f"#{customer['id']}"
        screen = shop("brief", ref).stdout
        for f in shop.json("brief", ref)["followups"]:
            row = row_of(screen, f"#{f['id']}")
            assert f["text"] in row
            if f["estimate"] is not None:
                assert screens.money(f["estimate"]) in row


def test_brief_puts_what_we_owe_first_and_flags_overdue_promises(shop: Cli) -> None:
    screen = shop("brief", "ann").stdout
    sections = [line for line in screen.splitlines() if line and not line.startswith(" ")]
    assert sections.index("What we owe them") < sections.index("What we know about them")
    assert "#2  Text Annie the photos" in screen
    assert "— 4 days overdue (due Fri 20 Nov)" in row_of(screen, "#2")


def test_brief_adds_up_postponed_work(shop: Cli) -> None:
    shop("remind", "ann", "6m", "Roof rack install", "--kind", "deferred", "--estimate", "750")
    screen = shop("brief", "ann").stdout
    assert "      $1,230 of postponed work\n" in screen


def test_brief_says_when_a_postponed_job_has_no_estimate(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("remind", "bo", "3m", "Timing belt", "--kind", "deferred", "--estimate", "480.5")
    cli("remind", "bo", "4m", "Tyres", "--kind", "deferred")
    screen = cli("brief", "bo").stdout
    assert "$480.50 of postponed work (1 job without an estimate)" in screen


def test_brief_shows_every_birthday_with_its_next_date(shop: Cli) -> None:
    rosa = shop("brief", "rosa").stdout
    assert "anniversary in 2 days (Thu 26 Nov)" in rosa.split("\n\n")[0]  # in the header
    assert "birthday next Sun 14 Mar 2027 (in 3 months)" in flat(rosa)
    gloria = shop("brief", "gloria").stdout
    assert "birthday next Fri 9 Jul 2027 (in 7 months), turns 76" in flat(gloria)


def test_brief_groups_facts_by_topic_naming_the_topic_once(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("fact", "bo", "family", "Son Max starts college in fall")
    cli("fact", "bo", "hobbies", "Plays golf on Saturdays")
    cli("fact", "bo", "family", "Wife Lin is a nurse", "--on", "8 months ago")
    lines = cli("brief", "bo").stdout.splitlines()
    start = lines.index("What we know about them")
    assert lines[start + 1 : start + 4] == [
        "  family   Son Max starts college in fall · learned today",
        "           Wife Lin is a nurse · learned 8 months ago",
        "  hobbies  Plays golf on Saturdays · learned today",
    ]


def test_brief_says_what_to_call_them_and_how_we_last_spoke(cli: Cli) -> None:
    cli("add", "Margaret Olsen", "--called", "Peggy", "--every", "2w", "--tag", "vip")
    cli("note", "margaret", "Called about the quote", "--via", "call", "--on", "15 days ago")
    header = cli("brief", "peggy").stdout.split("\n\n")[0].splitlines()
    assert header == [
        "Margaret Olsen — call them Peggy",
        "tags: vip",
        "customer since Mon 9 Nov (2 weeks)",
        "last contact 15 days ago, by phone (Mon 9 Nov)",
        "stay in touch every 2 weeks: time to get in touch, 15 days since the last contact",
    ]


def test_brief_leaves_empty_sections_out(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("note", "bo", "Asked about a quote for the fence", "--via", "email")
    assert cli("brief", "bo").stdout.splitlines() == [
        "Bo Chen",
        "customer since Tue 24 Nov (today)",
        "last contact today, by email (Tue 24 Nov)",
        "",
        "Last note",
        "  Tue 24 Nov  today, by email: Asked about a quote for the fence",
    ]


def test_brief_lists_work_done_in_the_last_twelve_months(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("note", "bo", "Replaced the water heater", "--did", "--on", "2026-03-02")
    cli("note", "bo", "Old job", "--did", "--on", "2025-06-01")
    screen = cli("brief", "bo").stdout
    assert (
        "What we've done for them (last 12 months)\n  Mon 2 Mar  Replaced the water heater\n"
        in screen
    )
    assert "Old job" not in screen.split("Last 2 notes")[0]


def test_brief_shows_the_last_notes_newest_first_with_date_and_channel(shop: Cli) -> None:
    screen = shop("brief", "ann", "--notes", "2").stdout
    assert screen.endswith(
        "Last 2 notes, newest first\n"
        "  Wed 18 Nov  6 days ago, by text: Annie texted that the brakes feel great. Told her "
        "the roof rack estimate is coming. Emma's tournament is this weekend.\n"
        "  Tue 10 Nov  14 days ago, in person: Replaced front pads and rotors on the van, told "
        "her rear pads at 4mm — she'll do them in spring. Asked about a roof rack for the new "
        "catering boxes.\n"
    )
    assert "Last note" not in shop("brief", "ann", "--notes", "0").stdout


def test_brief_keeps_private_facts_out_unless_asked(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("fact", "bo", "health", "Bad back", "--private")
    cli("fact", "bo", "family", "Two kids")
    assert "1 private fact not shown: brief --all shows them" in cli("brief", "bo").stdout
    assert "Bad back · learned today · private" in cli("brief", "bo", "--all").stdout


def test_brief_shows_our_promise_track_record(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("remind", "bo", "3 days ago", "Send the quote", "--kind", "promise")
    cli("remind", "bo", "2 days ago", "Call with the price", "--kind", "promise")
    cli("remind", "bo", "friday", "Bring the samples", "--kind", "promise")
    cli("done", "1")
    header = cli("brief", "bo").stdout.split("\n\n")[0]
    assert header.endswith("\npromises: 0 kept on time, 1 late, 2 open (1 overdue)")


# -- list, log, search -----------------------------------------------------------------------------


def test_list_shows_relative_and_absolute_dates_one_customer_a_line(shop: Cli) -> None:
    lines = shop("list").stdout.splitlines()
    assert lines[0].split() == [
        "id",
        "name",
        "company",
        "tags",
        "last",
        "contact",
        "next",
        "follow-up",
    ]
    assert len(lines) == 13
    (ann,) = lines_with("\n".join(lines), "Ann Lee (Annie)")
    assert "6 days ago, Wed 18 Nov" in ann and "4 days overdue, Fri 20 Nov" in ann


def test_log_is_newest_first_with_relative_and_absolute_dates(shop: Cli) -> None:
    lines = shop("log", "ann").stdout.splitlines()
    assert lines[0] == "Ann Lee: 24 entries, newest first"
    assert lines[1].startswith("Mon 15 Mar 2027  in 3 months · postponed work #6, open: Rear")
    assert "Fri 20 Nov       4 days overdue · promise #2, open: Text Annie the photos" in lines[5]
    assert lines[6].startswith("Wed 18 Nov       6 days ago · note N11, by text: Annie texted")


def test_search_shows_each_hit_on_one_line_without_markers(shop: Cli) -> None:
    screen = shop("search", "brake", "pads").stdout
    assert screen.splitlines() == [
        '3 matches for "brake pads"',
        "Tue 27 Oct       Ann Lee · note #8 · 4 weeks ago: Texted Annie to book the front "
        "brakes. Ordered pads and rotors from…",
        "Mon 15 Mar 2027  Ann Lee · follow-up #6 · in 3 months: Rear brake pads on the van "
        "(at 4mm in November)",
        "Tue 12 May       Gloria Nguyen · note #56 · 6 months ago: …Showed her the brake pads "
        "— about half left, nothing needed yet.",
    ]
    assert "\x02" not in screen and "\x03" not in screen


def test_search_highlights_the_matching_words_on_a_terminal(shop: Cli, colour: object) -> None:
    screen = shop("search", "rotors").stdout
    assert re.search(r"\x1b\[[0-9;]*mrotors\x1b\[0m", screen)


def test_search_finding_nothing_says_so(shop: Cli) -> None:
    assert shop("search", "zeppelin").stdout == 'Nothing found for "zeppelin".\n'


# -- plain, colour, width --------------------------------------------------------------------------

EVERY_SCREEN = [("due",), ("brief", "ann"), ("list",), ("log", "ann"), ("search", "brakes")]


@pytest.mark.parametrize("args", EVERY_SCREEN)
def test_piped_screens_have_no_escape_codes(
    shop: Cli, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b" not in shop(*args).stdout


@pytest.mark.parametrize("args", EVERY_SCREEN)
def test_no_color_wins_over_force_color(
    shop: Cli, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b" not in shop(*args).stdout


def test_a_terminal_gets_colour_unless_no_color_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", FakeTerminal())
    assert Output().plain
    monkeypatch.delenv("NO_COLOR")
    assert not Output().plain
    monkeypatch.setenv("TERM", "dumb")
    assert Output().plain


def test_due_on_a_real_terminal_is_drawn_in_colour(
    shop: Cli, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("COLUMNS", "80")
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    screens.due(Output(), agenda.build(ctx))
    drawn = terminal.getvalue()
    assert "\x1b[" in drawn
    assert "Gloria Nguyen, 555-0104 — callback, 12 days overdue" in plain(drawn)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("args", EVERY_SCREEN)
def test_terminal_screens_are_coloured_and_fit_the_width(
    shop: Cli, colour: pytest.MonkeyPatch, width: int, args: tuple[str, ...]
) -> None:
    colour.setenv("COLUMNS", str(width))
    screen = shop(*args).stdout
    assert "\x1b[" in screen
    widths = [cell_len(line) for line in plain(screen).splitlines()]
    assert max(widths) <= width
    if width == 120 and args[0] != "list":
        assert max(widths) > 80  # the room is used, not wasted


def test_due_all_at_80_columns_wraps_but_cuts_nothing(
    shop: Cli, colour: pytest.MonkeyPatch
) -> None:
    colour.setenv("COLUMNS", "80")
    screen = flat(shop("due", "--all").stdout)
    data = shop.json("due")
    for f in data["followups"]:
        assert f"{f['customer']}" in screen
        assert " ".join(f["text"].split()) in screen
    for c in data["going_cold"]:
        assert f"{c['handle']} {c['customer']}, {c['contact']} — " in screen
        assert f"no contact in {c['days_since']} days" in screen
    for d in data["dates"]:
        assert f"{d['topic']} in {d['in_days']} days" in screen


def test_brief_at_80_columns_wraps_but_cuts_nothing(shop: Cli, colour: pytest.MonkeyPatch) -> None:
    colour.setenv("COLUMNS", "80")
    screen = flat(shop("brief", "ann").stdout)
    for line in BRIEF_ANN[7:]:
        assert " ".join(line.split()) in screen
    for words in ("Ann Lee — call them Annie", "last contact 6 days ago, by text (Wed 18 Nov)"):
        assert words in screen


def test_list_at_80_columns_keeps_every_name_and_date(
    shop: Cli, colour: pytest.MonkeyPatch
) -> None:
    colour.setenv("COLUMNS", "80")
    cells = set(plain(shop("list").stdout).split())
    words = ["Francesco", "DeLuca", "Pizzeria", "Kowalski", "Plumbing", "Heating", "Apr", "2027"]
    for word in words:
        assert word in cells


def test_json_is_never_coloured(shop: Cli, colour: pytest.MonkeyPatch) -> None:
    for args in EVERY_SCREEN:
        out = shop(*args, "--json").stdout
        assert "\x1b" not in out
        json.loads(out)


def test_control_characters_in_a_stored_note_never_reach_the_screen(
    cli: Cli, db_path: Path
) -> None:
    """Import refuses them now (tests/test_bad_input.py); a log written before may hold them."""
    from datetime import datetime

    from custlog.models import NewCustomer, NewNote
    from custlog.storage.store import Store

    store = Store.open(db_path, create=True)
    with store.transaction():
        bo = store.customers.add(NewCustomer("Bo Chen", since=date(2026, 1, 5))).id
        store.notes.add(
            bo, NewNote(datetime(2026, 11, 24, 9), "call", "Paid \x1b[31mcash\x1b[0m\tthanks\x07")
        )
    store.close()
    screen = cli("brief", "bo").stdout
    assert "\x1b" not in screen and "\x07" not in screen and "\t" not in screen
    assert "today, by phone: Paid [31mcash[0m thanks\n" in screen


def test_a_note_of_several_lines_stays_on_one_line_when_piped(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("note", "bo", "--via", "call", input="First line\nsecond line\n")
    assert "  Tue 24 Nov  today, by phone: First line / second line\n" in cli("brief", "bo").stdout


def test_the_timeline_marks_private_facts_it_shows_with_all(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("fact", "ann", "health", "Knee surgery in January", "--private")
    (line,) = lines_with(cli("log", "ann", "--all").stdout, "Knee surgery")
    assert "fact F1, health, private" in line


# -- on any terminal: words are never broken, lines never end in spaces ------------------------

_BOX = "│╭╮╰╯─━┃┏┓┗┛┡┩└┘┌┐├┤┬┴┼═║╔╗╚╝"
_ENDS = ",;:()·—….!?\"'"


def _words(text: str) -> list[str]:
    """The words of a screen: its borders gone, punctuation at either end of a word dropped."""
    text = plain(text)
    for ch in _BOX:
        text = text.replace(ch, " ")
    return [w.strip(_ENDS) for w in text.split() if w.strip(_ENDS)]


@pytest.mark.parametrize("width", [50, 80, 120])
@pytest.mark.parametrize(
    "args",
    [*EVERY_SCREEN, ("due", "--all"), ("brief", "ann", "--all")],
)
def test_no_screen_breaks_a_word_or_ends_a_line_in_spaces_at_any_width(
    shop: Cli, monkeypatch: pytest.MonkeyPatch, width: int, args: tuple[str, ...]
) -> None:
    content = set(_words(shop(*args).stdout))  # piped: every word whole, on one line
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(width))
    drawn = shop(*args).stdout
    assert "\x1b[" in drawn  # drawn by Rich
    broken = [word for word in _words(drawn) if word not in content]
    assert broken == [], f"{' '.join(args)} at {width} columns breaks words: {broken[:5]}"
    lines = plain(drawn).splitlines()
    assert [line for line in lines if line != line.rstrip()] == []
    assert max(cell_len(line) for line in lines) <= width


@pytest.mark.parametrize("width", [100, 120])
def test_list_takes_one_line_per_customer_from_100_columns(
    shop: Cli, colour: pytest.MonkeyPatch, width: int
) -> None:
    colour.setenv("COLUMNS", str(width))
    lines = plain(shop("list").stdout).splitlines()
    assert len(lines) == 2 + 12  # the header, its rule, and one line per customer
