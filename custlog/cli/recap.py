"""Commands that speak for the business: recap (a summary for the customer) and config.

`recap` imports its renderer when it runs, and the HTML page only when HTML is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from custlog.cli.args import JsonOpt, NameArg
from custlog.cli.root import app, session
from custlog.errors import BadInput


def recap_format(fmt: str | None, out_file: str | None) -> str:
    """The format asked for, else the one -o's extension names, else plain text."""
    from custlog.render.recap import FORMATS, SUFFIXES

    if fmt is None:
        suffix = Path(out_file or "").suffix.lower()
        return SUFFIXES.get(suffix, "text")
    value = fmt.strip().lower()
    value = {"markdown": "md", "txt": "text", "htm": "html"}.get(value, value)
    if value not in FORMATS:
        raise BadInput(f'unknown recap format "{fmt}": use text, md or html')
    return value


@app.command()
def recap(
    ctx: typer.Context,
    name: NameArg,
    since: Annotated[
        str | None,
        typer.Option(
            help="Work done since when (default 12 months ago).", metavar="WHEN", show_default=False
        ),
    ] = None,
    months: Annotated[
        int,
        typer.Option(
            min=1, max=60, help="How many calendar months of what is coming up.", metavar="N"
        ),
    ] = 6,
    prices: Annotated[
        bool, typer.Option("--prices", help="Show amounts.", show_default=False)
    ] = False,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text, md or html (default: from -o's extension, else text).",
            show_default=False,
        ),
    ] = None,
    out_file: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file (default stdout)."),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """A summary to send the customer: what we did, what is coming up."""
    from custlog.domain import recap as recap_
    from custlog.domain.exporting import refuse_the_log_itself
    from custlog.render import recap as render

    s = session(ctx)
    fmt = recap_format(format_, out_file)
    to_file = out_file not in (None, "-")
    if to_file:
        refuse_the_log_itself(Path(out_file or ""), s.path)
    since_day = recap_.parse_since(since, s.today)
    if since_day > s.today:
        raise BadInput(f'--since "{since}" is after today: a recap looks back')
    c = s.read()
    result = recap_.build(c, c.customer(name), since=since_day, months=months, prices=prices)
    if json_ and not to_file:
        s.out.json(render.as_json(result))
        return
    if json_:
        import json

        text = json.dumps(render.as_json(result), ensure_ascii=False, indent=2) + "\n"
    else:
        text = render.document(result, fmt)
    if to_file:
        from custlog.storage.files import write_private

        write_private(Path(out_file or ""), [text])
        s.out.message(f"Wrote the recap for {result.called} to {out_file}")
        return
    import sys

    sys.stdout.write(text)


@app.command()
def config(
    ctx: typer.Context,
    key: Annotated[
        str | None,
        typer.Argument(
            help="business, currency or check-in (none: print them all).",
            metavar="KEY",
            show_default=False,
        ),
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(
            help="The new value ('' puts the default back).", metavar="VALUE", show_default=False
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Settings kept in the log.

    Who signs a recap (business), the currency, check-ins after work.
    """
    from custlog.domain import settings

    s = session(ctx)
    chosen = settings.parse_key(key) if key is not None else None
    if chosen is not None and value is not None:
        stored = settings.parse_value(chosen, value)
        c = s.write(create=True)
        settings.change(c.store, chosen, stored)
        now = settings.load(c.store).as_dict()[chosen]
        if json_:
            s.out.json({chosen: now})
            return
        s.out.line(f"{chosen}: {settings.describe(chosen, now)}")
        return
    current = settings.load(s.read().store).as_dict()
    shown = {chosen: current[chosen]} if chosen is not None else current
    if json_:
        s.out.json(shown)
        return
    s.out.lines([f"{k}: {settings.describe(k, v)}" for k, v in shown.items()])
