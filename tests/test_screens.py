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
from custlog.render import screens
from custlog.render.output import Output
from custlog.render.words import relative_day
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
    "Ann Lee — call them Annie · customer for 6 years",
    "Careful: Worried about the van's cost of ownership; wants to keep it two more years if "
    "it makes sense (concern F6, 41 days open) · Got a quote from QuickLube for fleet oil "
    "changes",
    "Lee Bakery · 555-0142 · ann@leebakery.example.com · fleet",
    "last contact 6 days ago, by text · every 30 days: on track",
    "birthday in 4 days (Sat 28 Nov), turns 44",
    "#3 Ask how Emma's soccer tournament went",
    "we owe them 2 promises, 1 overdue",
    "",
    "What we owe them",
    "  #2  4 days overdue (due Fri 20 Nov): Text Annie the photos of the rear pads with the "
    "4mm measurement",
    "  #4  Due Fri 27 Nov (in 3 days): Send the written estimate for the van roof rack",
    "",
    "What we know about them",
    "  family       Daughter Emma (11) plays travel soccer · learned 1 year ago · check this "
    "is still true",
    "  vacation     Florida trip with the family in December (leaving Dec 12) · learned 6 days ago",
    "  preferences  Prefers texts to calls — she's in the kitchen from 4am · learned 3 months ago",
    "               … and 1 more fact: brief --full",
    "",
    "Other follow-ups",
    "  #5  Due Tue 5 Jan 2027 (in 6 weeks), every 3 months: Van oil change (fleet schedule) "
    "— she's back from Florida",
    "",
    "Postponed work",
    "  #6  Offer again Mon 15 Mar 2027 (in 4 months): Rear brake pads on the van (at 4mm in "
    "November) — $480 — offered 2 times, last declined Tue 10 Nov: money this month; in "
    "spring",
    "      $480 of postponed work",
    "",
    "What we've done for them (last 12 months)",
    "  Tue 10 Nov  Replaced front pads and rotors on the van, told her rear pads at 4mm — "
    "she'll do them in spring. Asked about a roof rack for the new catering boxes. — $540",
    "  Thu 24 Sep  AC recharge on the van; found a leaking Schrader valve and replaced it. "
    "$165. She asked whether I'd match QuickLube's fleet oil change price. — $165",
    "              $705 of work in the last 12 months",
    "",
    "Last 5 notes, newest first (1 work note above)",
    "  Wed 18 Nov  6 days ago, by text: Annie texted that the brakes feel great. Told her "
    "the roof rack estimate is coming. Emma's tournament is this weekend.",
    "  Fri 6 Nov   3 weeks ago, by text: Texted to say the parts arrived. Booked for Tuesday "
    "the 10th, 7am.",
    "  Tue 27 Oct  4 weeks ago, by text: Texted Annie to book the front brakes. Ordered pads "
    "and rotors from the parts house.",
    "  Wed 14 Oct  6 weeks ago, by phone: Went through the brake quote with her. She's "
    "worried about what the van costs her a year — wants to keep it two more years if that "
    "makes sense.",
]
# --full: every section whole (here the fact the default leaves for --full).
BRIEF_ANN_FULL = [
    "Ann Lee — call them Annie · customer for 6 years",
    "Careful: Worried about the van's cost of ownership; wants to keep it two more years if "
    "it makes sense (concern F6, 41 days open) · Got a quote from QuickLube for fleet oil "
    "changes",
    "Lee Bakery · 555-0142 · ann@leebakery.example.com · fleet",
    "last contact 6 days ago, by text · every 30 days: on track",
    "birthday in 4 days (Sat 28 Nov), turns 44",
    "#3 Ask how Emma's soccer tournament went",
    "we owe them 2 promises, 1 overdue",
    "",
    "What we owe them",
    "  #2  4 days overdue (due Fri 20 Nov): Text Annie the photos of the rear pads with the "
    "4mm measurement",
    "  #4  Due Fri 27 Nov (in 3 days): Send the written estimate for the van roof rack",
    "",
    "What we know about them",
    "  family       Daughter Emma (11) plays travel soccer · learned 1 year ago · check this "
    "is still true",
    "  vacation     Florida trip with the family in December (leaving Dec 12) · learned 6 days ago",
    "  preferences  Prefers texts to calls — she's in the kitchen from 4am · learned 3 months ago",
    "  vehicle      2018 Ford Transit Connect, white, Lee Bakery lettering — the delivery "
    "van · learned 2 years ago · check this is still true",
    "",
    "Other follow-ups",
    "  #5  Due Tue 5 Jan 2027 (in 6 weeks), every 3 months: Van oil change (fleet schedule) "
    "— she's back from Florida",
    "",
    "Postponed work",
    "  #6  Offer again Mon 15 Mar 2027 (in 4 months): Rear brake pads on the van (at 4mm in "
    "November) — $480 — offered 2 times, last declined Tue 10 Nov: money this month; in "
    "spring",
    "      $480 of postponed work",
    "",
    "What we've done for them (last 12 months)",
    "  Tue 10 Nov  Replaced front pads and rotors on the van, told her rear pads at 4mm — "
    "she'll do them in spring. Asked about a roof rack for the new catering boxes. — $540",
    "  Thu 24 Sep  AC recharge on the van; found a leaking Schrader valve and replaced it. "
    "$165. She asked whether I'd match QuickLube's fleet oil change price. — $165",
    "              $705 of work in the last 12 months",
    "",
    "Last 5 notes, newest first (1 work note above)",
    "  Wed 18 Nov  6 days ago, by text: Annie texted that the brakes feel great. Told her "
    "the roof rack estimate is coming. Emma's tournament is this weekend.",
    "  Fri 6 Nov   3 weeks ago, by text: Texted to say the parts arrived. Booked for Tuesday "
    "the 10th, 7am.",
    "  Tue 27 Oct  4 weeks ago, by text: Texted Annie to book the front brakes. Ordered pads "
    "and rotors from the parts house.",
    "  Wed 14 Oct  6 weeks ago, by phone: Went through the brake quote with her. She's "
    "worried about what the van costs her a year — wants to keep it two more years if that "
    "makes sense.",
]
# Drawn by Rich at 80 columns: the card in a panel, each row on one line, cut after a word.
BRIEF_ANN_80 = [
    "╭──────────────────────────────────────────────────────────────────────────────╮",
    "│ Ann Lee — call them Annie · customer for 6 years                             │",
    "│ Careful: Worried about the van's cost of ownership; wants to keep it two     │",
    "│ more years if it makes sense (concern F6, 41 days open) · Got a quote from … │",
    "│ Lee Bakery · 555-0142 · ann@leebakery.example.com · fleet                    │",
    "│ last contact 6 days ago, by text · every 30 days: on track                   │",
    "│ birthday in 4 days (Sat 28 Nov), turns 44                                    │",
    "│ #3 Ask how Emma's soccer tournament went                                     │",
    "│ we owe them 2 promises, 1 overdue                                            │",
    "╰──────────────────────────────────────────────────────────────────────────────╯",
    "",
    "What we owe them",
    "  #2  4 days overdue (due Fri 20 Nov): Text Annie the photos of the rear pads …",
    "  #4  Due Fri 27 Nov (in 3 days): Send the written estimate for the van roof …",
    "",
    "What we know about them",
    "  family       Daughter Emma (11) plays travel soccer · learned 1 year ago · …",
    "  vacation     Florida trip with the family in December (leaving Dec 12) · …",
    "  preferences  Prefers texts to calls — she's in the kitchen from 4am · …",
    "               … and 1 more fact: brief --full",
    "",
    "Other follow-ups",
    "  #5  Due Tue 5 Jan 2027 (in 6 weeks), every 3 months: Van oil change (fleet …",
    "",
    "Postponed work",
    "  #6  Offer again Mon 15 Mar 2027 (in 4 months): Rear brake pads on the van …",
    "      $480 of postponed work",
    "",
    "What we've done for them (last 12 months)",
    "  Tue 10 Nov  Replaced front pads and rotors on the van, told her rear pads at …",
    "  Thu 24 Sep  AC recharge on the van; found a leaking Schrader valve and …",
    "              $705 of work in the last 12 months",
    "",
    "Last 5 notes, newest first (1 work note above)",
    "  Wed 18 Nov  6 days ago, by text: Annie texted that the brakes feel great. …",
    "  Fri 6 Nov   3 weeks ago, by text: Texted to say the parts arrived. Booked …",
    "  Tue 27 Oct  4 weeks ago, by text: Texted Annie to book the front brakes. …",
    "  Wed 14 Oct  6 weeks ago, by phone: Went through the brake quote with her. …",
]
BRIEF_ANN_FULL_80 = [
    "╭──────────────────────────────────────────────────────────────────────────────╮",
    "│ Ann Lee — call them Annie · customer for 6 years                             │",
    "│ Careful: Worried about the van's cost of ownership; wants to keep it two     │",
    "│ more years if it makes sense (concern F6, 41 days open) · Got a quote from   │",
    "│ QuickLube for fleet oil changes                                              │",
    "│ Lee Bakery · 555-0142 · ann@leebakery.example.com · fleet                    │",
    "│ last contact 6 days ago, by text · every 30 days: on track                   │",
    "│ birthday in 4 days (Sat 28 Nov), turns 44                                    │",
    "│ #3 Ask how Emma's soccer tournament went                                     │",
    "│ we owe them 2 promises, 1 overdue                                            │",
    "╰──────────────────────────────────────────────────────────────────────────────╯",
    "",
    "What we owe them",
    "  #2  4 days overdue (due Fri 20 Nov): Text Annie the photos of the rear pads",
    "      with the 4mm measurement",
    "  #4  Due Fri 27 Nov (in 3 days): Send the written estimate for the van roof",
    "      rack",
    "",
    "What we know about them",
    "  family       Daughter Emma (11) plays travel soccer · learned 1 year ago ·",
    "               check this is still true",
    "  vacation     Florida trip with the family in December (leaving Dec 12) ·",
    "               learned 6 days ago",
    "  preferences  Prefers texts to calls — she's in the kitchen from 4am · learned",
    "               3 months ago",
    "  vehicle      2018 Ford Transit Connect, white, Lee Bakery lettering — the",
    "               delivery van · learned 2 years ago · check this is still true",
    "",
    "Other follow-ups",
    "  #5  Due Tue 5 Jan 2027 (in 6 weeks), every 3 months: Van oil change (fleet",
    "      schedule) — she's back from Florida",
    "",
    "Postponed work",
    "  #6  Offer again Mon 15 Mar 2027 (in 4 months): Rear brake pads on the van (at",
    "      4mm in November) — $480 — offered 2 times, last declined Tue 10 Nov: money",
    "      this month; in spring",
    "      $480 of postponed work",
    "",
    "What we've done for them (last 12 months)",
    "  Tue 10 Nov  Replaced front pads and rotors on the van, told her rear pads at",
    "              4mm — she'll do them in spring. Asked about a roof rack for the",
    "              new catering boxes. — $540",
    "  Thu 24 Sep  AC recharge on the van; found a leaking Schrader valve and",
    "              replaced it. $165. She asked whether I'd match QuickLube's fleet",
    "              oil change price. — $165",
    "              $705 of work in the last 12 months",
    "",
    "Last 5 notes, newest first (1 work note above)",
    "  Wed 18 Nov  6 days ago, by text: Annie texted that the brakes feel great. Told",
    "              her the roof rack estimate is coming. Emma's tournament is this",
    "              weekend.",
    "  Fri 6 Nov   3 weeks ago, by text: Texted to say the parts arrived. Booked for",
    "              Tuesday the 10th, 7am.",
    "  Tue 27 Oct  4 weeks ago, by text: Texted Annie to book the front brakes.",
    "              Ordered pads and rotors from the parts house.",
    "  Wed 14 Oct  6 weeks ago, by phone: Went through the brake quote with her.",
    "              She's worried about what the van costs her a year — wants to keep",
    "              it two more years if that makes sense.",
]
BRIEF_EMPTY = [
    "Bo Chen · customer since today",
    "Chen Dental · 555-0199",
    "no contact logged yet",
    "",
    "Nothing recorded about Bo yet. Start with:",
    '  after a call        custlog note "Bo Chen" "what you talked about" --via call',
    '  something personal  custlog fact "Bo Chen" family "Daughter Emma plays soccer"',
    '  a promise           custlog remind "Bo Chen" friday "Send the estimate" --kind promise',
    '  work they put off   custlog remind "Bo Chen" 3m "Rear brakes" --kind deferred',
]


# -- whole screens -----------------------------------------------------------------------------


def test_brief_for_ann_lee_reads_as_a_card_then_short_sections(shop: Cli) -> None:
    assert shop("brief", "ann").stdout.splitlines() == BRIEF_ANN


def test_brief_full_for_ann_lee_shows_every_section_whole(shop: Cli) -> None:
    assert shop("brief", "ann", "--full").stdout.splitlines() == BRIEF_ANN_FULL


def test_brief_for_ann_lee_drawn_at_80_columns(shop: Cli, colour: pytest.MonkeyPatch) -> None:
    colour.setenv("COLUMNS", "80")
    assert plain(shop("brief", "ann").stdout).splitlines() == BRIEF_ANN_80


def test_brief_full_for_ann_lee_drawn_at_80_columns(shop: Cli, colour: pytest.MonkeyPatch) -> None:
    colour.setenv("COLUMNS", "80")
    assert plain(shop("brief", "ann", "--full").stdout).splitlines() == BRIEF_ANN_FULL_80


def test_brief_for_ann_lee_fits_one_80_by_40_screen(shop: Cli, colour: pytest.MonkeyPatch) -> None:
    colour.setenv("COLUMNS", "80")
    lines = plain(shop("brief", "ann").stdout).splitlines()
    assert len(lines) <= 40
    assert max(cell_len(line) for line in lines) <= 80


def test_brief_for_a_customer_with_nothing_recorded_says_what_to_record(cli: Cli) -> None:
    cli("add", "Bo Chen", "--company", "Chen Dental", "--phone", "555-0199")
    assert cli("brief", "bo").stdout.splitlines() == BRIEF_EMPTY


# -- the card ----------------------------------------------------------------------------------


def card_of(screen: str) -> list[str]:
    """The card: the lines before the first blank line (piped), or the panel (drawn)."""
    lines = plain(screen).split("\n\n")[0].splitlines()
    if lines and lines[0].startswith("╭"):
        return [line.strip("│ ") for line in lines[1:-1]]
    return lines


def _everything_at_once(cli: Cli) -> None:
    """A customer with something for every line of the card, and more."""
    cli(
        "add", "Margaret Olsen", "--called", "Peggy", "--company", "Olsen Farms", "--phone",
        "555-0111", "--email", "peggy@olsen.example", "--tag", "vip", "--every", "2w",
        "--since", "2020-03-01",
    )  # fmt: skip
    cli("note", "peggy", "Called about the tractor", "--via", "call", "--on", "20 days ago")
    cli("fact", "peggy", "birthday", "1970-12-01")
    cli("fact", "peggy", "anniversary", "--12-10")
    cli("fact", "peggy", "family", "Son Erik takes over the farm next year")
    cli("fact", "peggy", "concern", "Thinks we overcharged for the last service")
    cli("fact", "peggy", "competitor", "Her neighbour uses Valley Motors")
    cli("fact", "peggy", "health", "Hip replacement", "--private")
    cli("remind", "peggy", "2 days ago", "Send the invoice copy", "--kind", "promise")
    cli("remind", "peggy", "friday", "Bring the loaner", "--kind", "promise")
    cli("remind", "peggy", "monday", "Ask about the harvest", "--kind", "ask")
    cli("remind", "peggy", "3 days ago", "New tyres on the pickup", "--kind", "deferred",
        "--estimate", "900")  # fmt: skip
    cli("remind", "peggy", "yesterday", "Trailer hitch", "--kind", "deferred")
    cli("remind", "peggy", "1 week ago", "Call about the grain truck", "--kind", "callback")


def test_the_brief_card_says_everything_to_keep_in_mind_in_8_lines(cli: Cli) -> None:
    _everything_at_once(cli)
    assert card_of(cli("brief", "peggy").stdout) == [
        "Margaret Olsen — call them Peggy · customer for 7 years",
        "Careful: Thinks we overcharged for the last service (concern F4, opened today) · "
        "Her neighbour uses Valley Motors · 1 private fact not shown: brief --all",
        "Olsen Farms · 555-0111 · peggy@olsen.example · vip",
        "last contact 3 weeks ago, by phone · every 2 weeks: time to get in touch",
        "birthday in 7 days (Tue 1 Dec), turns 56 · anniversary in 16 days (Thu 10 Dec)",
        "#3 Ask about the harvest",
        "we owe them 2 promises, 1 overdue",
        "ready to offer again: #4 New tyres on the pickup ($900) · and 1 more below",
    ]


@pytest.mark.parametrize("width", [50, 80, 120])
def test_the_brief_card_is_never_more_than_8_lines(
    shop: Cli, colour: pytest.MonkeyPatch, width: int
) -> None:
    _everything_at_once(shop)
    colour.setenv("COLUMNS", str(width))
    for customer in [*_shop_customers(shop, 13), {"id": 13}]:
        drawn = shop("brief", f"#{customer['id']}").stdout
        assert len(card_of(drawn)) <= 8, drawn
        with colour.context() as piped:
            piped.setenv("NO_COLOR", "1")
            assert len(card_of(shop("brief", f"#{customer['id']}").stdout)) <= 8


def test_the_card_leads_what_to_be_careful_about_with_open_concerns(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("fact", "bo", "competitor", "Got a quote from QuickLube")
    cli("fact", "bo", "concern", "Worried the brakes squeal")
    cli("fact", "bo", "family", "Two kids", "--private")
    screen = cli("brief", "bo").stdout
    assert card_of(screen)[1] == (
        "Careful: Worried the brakes squeal (concern F2, opened today) · Got a quote from "
        "QuickLube · 1 private fact not shown: brief --all"
    )
    assert screen.count("Worried the brakes squeal") == 1  # not again under the facts


def test_the_card_picks_one_personal_thread(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("add", "Bo Chen")
    cli("fact", "bo", "vehicle", "Drives a 2012 Civic")
    assert "Ask about" not in cli("brief", "bo").stdout  # not a personal fact
    cli("fact", "bo", "family", "Daughter Mia started college", "--on", "3 months ago")
    cli("fact", "bo", "hobbies", "Plays golf on Saturdays", "--on", "2 weeks ago")
    assert card_of(cli("brief", "bo").stdout)[-1] == (
        "Ask about: Plays golf on Saturdays (hobbies)"  # the newest personal fact
    )
    cli("fact", "bo", "vacation", "Skiing in Banff", "--when", "dec 5")
    assert card_of(cli("brief", "bo").stdout)[-1] == (
        "Ask about: Skiing in Banff (Sat 5 Dec, in 11 days) (vacation)"  # a date near today
    )
    monkeypatch.setenv("CUSTLOG_TODAY", "2026-12-08")
    screen = cli("brief", "bo").stdout
    assert "F4 Ask about: Skiing in Banff (Sat 5 Dec, 3 days ago)" in card_of(screen)
    assert screen.count("Skiing in Banff") == 1


def test_the_card_offers_postponed_work_again_once_it_is_due(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("remind", "bo", "2 days ago", "Timing belt", "--kind", "deferred", "--estimate", "480")
    cli("snooze", "1", "yesterday", "--declined", "money this month")
    cli("remind", "bo", "3m", "Tyres", "--kind", "deferred")
    screen = cli("brief", "bo").stdout
    assert card_of(screen)[-1] == (
        "ready to offer again: #1 Timing belt ($480), offered once, declined Tue 24 Nov: "
        "money this month"
    )
    assert screen.count("Timing belt") == 1
    assert "  #2  Offer again Wed 24 Feb 2027 (in 3 months): Tyres\n" in screen
    assert "      $480 of postponed work (1 job without an estimate)\n" in screen


# -- brief: nothing twice, short by default, every row with --full ------------------------------


@pytest.mark.parametrize("full", [(), ("--full",)])
def test_brief_prints_nothing_twice(shop: Cli, full: tuple[str, ...]) -> None:
    for customer in _shop_customers(shop):
        ref = f"#{customer['id']}"
        screen = shop("brief", ref, *full).stdout
        lines = [line.strip() for line in screen.splitlines() if line.strip()]
        assert len(lines) == len(set(lines)), screen
        data = shop.json("brief", ref)
        texts = [f["text"] for f in data["facts"]] + [f["text"] for f in data["followups"]]
        texts += [" ".join(n["text"].split()) for n in data["notes"]]
        for text in texts:
            assert screen.count(text) <= 1, f"{text!r} twice in brief {ref}:\n{screen}"


def test_brief_does_not_repeat_work_notes_under_the_last_notes(shop: Cli) -> None:
    screen = shop("brief", "ann", "--full").stdout
    assert screen.count("Replaced front pads and rotors on the van") == 1
    assert "Last 5 notes, newest first (1 work note above)\n" in screen


def test_brief_sections_show_3_rows_and_say_how_many_more(cli: Cli) -> None:
    cli("add", "Bo Chen")
    for n in range(1, 6):
        cli("remind", "bo", f"{n}d", f"Send part {n}", "--kind", "promise")
    owed = cli("brief", "bo").stdout.split("What we owe them\n")[1].split("\n\n")[0]
    assert owed.splitlines() == [
        "  #1  Due tomorrow (Wed 25 Nov): Send part 1",
        "  #2  Due Thu 26 Nov (in 2 days): Send part 2",
        "  #3  Due Fri 27 Nov (in 3 days): Send part 3",
        "      … and 2 more promises: brief --full",
    ]
    full = cli("brief", "bo", "--full").stdout
    assert "Send part 5" in full and "more promises" not in full


def _shop_customers(shop: Cli, count: int = 12) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = shop.json("list")
    assert len(rows) == count
    return rows


# -- brief: every fact, promise, follow-up and postponed job ------------------------------------


def test_brief_full_shows_every_fact_once_under_its_topic_with_its_age(shop: Cli) -> None:
    for customer in _shop_customers(shop):
        ref = f"#{customer['id']}"
        screen = shop("brief", ref, "--full").stdout
        for fact in shop.json("brief", ref)["facts"]:
            if fact["topic"] in ("birthday", "anniversary"):
                continue
            # Once: on the card (the thread, careful), as a question, or under its topic.
            (line,) = lines_with(screen, fact["text"])
            if " · learned " not in line:
                continue
            learned = date.fromisoformat(fact["learned"])
            assert f"learned {relative_day(learned, TODAY)}" in line
            stale = (TODAY - learned).days > 365
            assert ("check this is still true" in line) == stale, line
            topic_line = next(
                earlier
                for earlier in reversed([*screen[: screen.index(line)].splitlines(), line])
                if earlier.startswith("  ") and not earlier.startswith("   ")
            )
            assert topic_line.split()[0] == fact["topic"]


def test_brief_full_shows_every_open_followup_once_with_its_id(shop: Cli) -> None:
    for customer in _shop_customers(shop):
        ref = f"#{customer['id']}"
        screen = shop("brief", ref, "--full").stdout
        for f in shop.json("brief", ref)["followups"]:
            start = rf"\s*(ready to offer again: )?#{f['id']}\s"
            (row,) = [line for line in screen.splitlines() if re.match(start, line)]
            assert f["text"].splitlines()[0] in row
            if f["estimate"] is not None:
                assert screens.money(f["estimate"]) in row


def test_brief_puts_what_we_owe_first_and_flags_overdue_promises(shop: Cli) -> None:
    screen = shop("brief", "ann").stdout
    sections = [line for line in screen.splitlines() if line and not line.startswith(" ")]
    assert sections.index("What we owe them") < sections.index("What we know about them")
    assert row_of(screen, "#2").startswith("  #2  4 days overdue (due Fri 20 Nov): Text Annie")


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
    assert "birthday next Sun 14 Mar 2027 (in 4 months)" in flat(
        shop("brief", "rosa", "--full").stdout
    )
    gloria = shop("brief", "gloria", "--full").stdout
    assert "birthday next Fri 9 Jul 2027 (in 8 months), turns 76" in flat(gloria)


def test_brief_groups_facts_by_topic_naming_the_topic_once(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("fact", "bo", "family", "Son Max starts college in fall")
    cli("fact", "bo", "hobbies", "Plays golf on Saturdays")
    cli("fact", "bo", "family", "Wife Lin is a nurse", "--on", "8 months ago")
    cli("fact", "bo", "family", "Daughter Mia plays violin", "--on", "2 months ago")
    lines = cli("brief", "bo", "--full").stdout.splitlines()
    assert "Ask about: Son Max starts college in fall (family)" in lines  # the card's thread
    start = lines.index("What we know about them")
    assert lines[start + 1 : start + 4] == [
        "  family   Daughter Mia plays violin · learned 2 months ago",
        "           Wife Lin is a nurse · learned 8 months ago",
        "  hobbies  Plays golf on Saturdays · learned today",
    ]


def test_brief_says_what_to_call_them_and_how_we_last_spoke(cli: Cli) -> None:
    cli("add", "Margaret Olsen", "--called", "Peggy", "--every", "2w", "--tag", "vip")
    cli("note", "margaret", "Called about the quote", "--via", "call", "--on", "15 days ago")
    assert card_of(cli("brief", "peggy").stdout) == [
        "Margaret Olsen — call them Peggy · customer for 2 weeks",
        "vip",
        "last contact 2 weeks ago, by phone · every 2 weeks: time to get in touch",
    ]


def test_brief_leaves_empty_sections_out(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("note", "bo", "Asked about a quote for the fence", "--via", "email")
    assert cli("brief", "bo").stdout.splitlines() == [
        "Bo Chen · customer since today",
        "last contact today, by email",
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
    screen = shop("brief", "ann", "--notes", "3").stdout
    assert screen.endswith(
        "Last 3 notes, newest first (1 work note above)\n"
        "  Wed 18 Nov  6 days ago, by text: Annie texted that the brakes feel great. Told her "
        "the roof rack estimate is coming. Emma's tournament is this weekend.\n"
        "  Fri 6 Nov   3 weeks ago, by text: Texted to say the parts arrived. Booked for "
        "Tuesday the 10th, 7am.\n"
    )
    assert "Last note" not in shop("brief", "ann", "--notes", "0").stdout


def test_brief_keeps_private_facts_out_unless_asked(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("fact", "bo", "health", "Bad back", "--private")
    cli("fact", "bo", "family", "Two kids")
    assert "\nCareful: 1 private fact not shown: brief --all\n" in cli("brief", "bo").stdout
    assert "Bad back · learned today · private" in cli("brief", "bo", "--all").stdout


def test_brief_shows_our_promise_track_record(cli: Cli) -> None:
    cli("add", "Bo Chen")
    cli("remind", "bo", "3 days ago", "Send the quote", "--kind", "promise")
    cli("remind", "bo", "2 days ago", "Call with the price", "--kind", "promise")
    cli("remind", "bo", "friday", "Bring the samples", "--kind", "promise")
    cli("done", "1")
    card = card_of(cli("brief", "bo").stdout)
    assert card[-1] == "we owe them 2 promises, 1 overdue · kept 0 of 1 promise on time"


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
    assert lines[1].startswith("Mon 15 Mar 2027  in 4 months · postponed work #6, open: Rear")
    assert "Fri 20 Nov       4 days overdue · promise #2, open: Text Annie the photos" in lines[5]
    assert lines[6].startswith("Wed 18 Nov       6 days ago · note N11, by text: Annie texted")


def test_search_shows_each_hit_on_one_line_without_markers(shop: Cli) -> None:
    screen = shop("search", "brake", "pads").stdout
    assert screen.splitlines() == [
        '3 matches for "brake pads"',
        "Tue 27 Oct       Ann Lee · note N8 · 4 weeks ago: Texted Annie to book the front "
        "brakes. Ordered pads and rotors from…",
        "Mon 15 Mar 2027  Ann Lee · follow-up #6 · in 4 months: Rear brake pads on the van "
        "(at 4mm in November)",
        "Tue 12 May       Gloria Nguyen · note N56 · 6 months ago: …Showed her the brake pads "
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


def test_brief_full_at_80_columns_wraps_but_cuts_nothing(
    shop: Cli, colour: pytest.MonkeyPatch
) -> None:
    colour.setenv("COLUMNS", "80")
    screen = flat(shop("brief", "ann", "--full").stdout.replace("│", " "))
    for line in BRIEF_ANN_FULL:
        assert " ".join(line.split()) in screen


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
    with store.transaction(step=None):
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
    [*EVERY_SCREEN, ("due", "--all"), ("brief", "ann", "--all"), ("brief", "ann", "--full")],
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
