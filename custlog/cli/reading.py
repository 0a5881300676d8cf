"""Commands that only read: due, brief, log, list, search.

None of them creates the log: before the first write they see an empty one. Each imports
its domain and rendering modules when it runs; `--json` never loads Rich.
"""

from __future__ import annotations

from typing import Annotated

import typer

from custlog.cli.args import JsonOpt, NameArg
from custlog.cli.root import app, session


@app.command()
def due(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option(help="Show the list as of another day.", metavar="WHEN")
    ] = None,
    days: Annotated[
        int, typer.Option(min=0, max=3660, help="How many days ahead.", metavar="N")
    ] = 7,
    all_: Annotated[
        bool, typer.Option("--all", help="Show every row of every section.", show_default=False)
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """The morning list, ranked by what costs trust first.

    Promises we're late on; calls and work due (overdue, then today, appointments first);
    what customers owe us; the next days; people to get back in touch with (C12: `custlog
    snooze C12 2w` quiets one); birthdays, anniversaries and questions to ask. One row per
    customer in each section.

    One screen: when the list has more than 20 rows, each section shows its 3 most pressing
    (the oldest, or the furthest past their stay-in-touch period) and says how many more
    there are. --all shows every row; --json always has every row.
    """
    from custlog.domain import agenda
    from custlog.parsing import dates

    s = session(ctx)
    day = dates.parse_when(on, s.today, "future") if on else s.today
    result = agenda.build(s.read(), on=day, days=days, everything=all_ or json_)
    if json_:
        from custlog.render import jsonout

        s.out.json(jsonout.agenda(result))
        return
    from custlog.render import screens

    screens.due(s.out, result)


@app.command()
def brief(
    ctx: typer.Context,
    name: NameArg,
    notes: Annotated[
        int, typer.Option(min=0, max=10_000, help="How many recent notes.", metavar="N")
    ] = 5,
    all_: Annotated[
        bool, typer.Option("--all", help="Show private facts too.", show_default=False)
    ] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Show every section in full, every line whole.", show_default=False
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """The pre-visit briefing: a card, then what we owe, know and did.

    The card (at most 8 lines): the name to use, how to reach them, how long since you
    spoke, the dates coming up, one personal thread to ask about, what we owe them, postponed
    work ready to offer again, and what to be careful about (open concerns first, private
    facts left out). Then the sections, 3 rows each and one line a row on a terminal, and the
    last N notes; --full shows every row, whole. Nothing is printed twice.
    """
    from custlog.domain import briefing

    s = session(ctx)
    c = s.read()
    result = briefing.build(c, c.customer(name), notes=notes, show_private=all_)
    if json_:
        from custlog.render import jsonout

        s.out.json(jsonout.brief(result))
        return
    from custlog.render import screens

    screens.brief(s.out, result, full=full)


@app.command()
def log(
    ctx: typer.Context,
    name: NameArg,
    all_: Annotated[
        bool, typer.Option("--all", help="Show private facts too.", show_default=False)
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """The customer's whole timeline, newest first."""
    from custlog.domain import timeline

    s = session(ctx)
    c = s.read()
    who = c.customer(name)
    story = timeline.log(c, who, show_private=all_)
    if json_:
        from custlog.render import jsonout

        s.out.json(jsonout.timeline(story.entries))
        return
    from custlog.render import screens

    screens.timeline(s.out, who, story, s.today)


@app.command("list")
def list_(
    ctx: typer.Context,
    tag: Annotated[
        str | None, typer.Option(help="Only customers with this tag.", metavar="TAG")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Customers, with last contact and next follow-up."""
    from custlog.domain import timeline

    s = session(ctx)
    shown = tag.strip().lower() if tag else None
    rows = timeline.customers(s.read(), shown)
    if json_:
        from custlog.render import jsonout

        s.out.json(jsonout.customer_rows(rows))
        return
    from custlog.render import screens

    screens.customer_list(s.out, rows, s.today, shown)


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str], typer.Argument(help="Words to find (all must match).", metavar="WORDS...")
    ],
    json_: JsonOpt = False,
) -> None:
    """Full-text search over notes, facts and follow-ups."""
    from custlog.domain import timeline

    s = session(ctx)
    text = " ".join(query)
    hits = timeline.search(s.read(), text)
    if json_:
        from custlog.render import jsonout

        s.out.json(jsonout.search_hits(hits))
        return
    from custlog.render import screens

    screens.search_results(s.out, text, hits, s.today)
