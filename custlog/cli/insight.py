"""Commands that look across time: plan (one customer's next months) and stats (the book).

Each imports its domain and rendering modules when it runs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from custlog.cli.args import JsonOpt, NameArg
from custlog.cli.root import app, session


@app.command()
def plan(
    ctx: typer.Context,
    name: NameArg,
    months: Annotated[
        int,
        typer.Option(
            min=1, max=60, help="How many calendar months, this one included.", metavar="N"
        ),
    ] = 6,
    all_: Annotated[
        bool, typer.Option("--all", help="Show private facts too.", show_default=False)
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """A customer's next months on one timeline.

    Promises, postponed work and recurring services, month by month.
    """
    from custlog.domain import planning
    from custlog.render import insight

    s = session(ctx)
    c = s.read()
    result = planning.build(c, c.customer(name), months=months, show_private=all_)
    if json_:
        s.out.json(insight.plan_json(result))
        return
    insight.plan(s.out, result)


@app.command()
def stats(
    ctx: typer.Context,
    weeks: Annotated[
        int,
        typer.Option(min=1, max=520, help="How many weeks of contacts to chart.", metavar="N"),
    ] = 12,
    months: Annotated[
        int,
        typer.Option(min=1, max=60, help="How many months of postponed work ahead.", metavar="N"),
    ] = 6,
    json_: JsonOpt = False,
) -> None:
    """The whole book at a glance.

    Contacts by week, promises kept, customers going cold, work to offer.
    """
    from custlog.domain import stats as stats_
    from custlog.render import insight

    s = session(ctx)
    result = stats_.build(s.read(), weeks=weeks, months=months)
    if json_:
        s.out.json(insight.stats_json(result))
        return
    insight.stats(s.out, result)
