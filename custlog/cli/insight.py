"""`custlog plan` and `custlog stats`, registered on the main app.

Like every command in `custlog.cli`, each imports its domain and rendering modules when it
runs, so that importing this module (which `custlog.cli` does at start-up) costs nothing.
"""

from __future__ import annotations

from typing import Annotated

import typer

from custlog.cli import JsonOpt, NameArg, command, context, output


@command()
def plan(
    name: NameArg,
    months: Annotated[
        int,
        typer.Option(min=1, max=60, help="How many calendar months, this one included."),
    ] = 6,
    all_: Annotated[bool, typer.Option("--all", help="Show private facts too.")] = False,
    json_: JsonOpt = False,
) -> None:
    """The customer's next months on one timeline: promises, postponed work, services."""
    from custlog.domain import planning

    ctx = context(write=False)
    result = planning.build(ctx, ctx.customer(name), months=months, show_private=all_)
    from custlog.render import insight

    if json_:
        output().json(insight.plan_json(result))
        return
    insight.plan(output(), result)


@command()
def stats(
    weeks: Annotated[
        int, typer.Option(min=1, max=520, help="How many weeks of contacts to chart.")
    ] = 12,
    months: Annotated[
        int, typer.Option(min=1, max=60, help="How many months of postponed work ahead.")
    ] = 6,
    json_: JsonOpt = False,
) -> None:
    """The whole book at a glance: contacts, promises kept, going cold, work to offer."""
    from custlog.domain import stats as stats_

    ctx = context(write=False)
    result = stats_.build(ctx, weeks=weeks, months=months)
    from custlog.render import insight

    if json_:
        output().json(insight.stats_json(result))
        return
    insight.stats(output(), result)
