"""Arguments and options that several commands share, written once (as `hf`'s `_cli_utils.py`).

Shell completion (custlog --install-completion) of names and ids: `custlog.cli.completion`
imports nothing heavy and opens the log read-only only when TAB is pressed.
"""

from __future__ import annotations

from typing import Annotated

import typer

from custlog.cli.completion import complete_followup_id, complete_name

NameArg = Annotated[
    str,
    typer.Argument(
        help="Full name, called name, a unique prefix, or #ID.",
        metavar="NAME",
        show_default=False,
        autocompletion=complete_name,
    ),
]
IdArg = Annotated[
    str,
    typer.Argument(
        help="The follow-up's id (12 or #12).",
        metavar="ID",
        show_default=False,
        autocompletion=complete_followup_id,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print one JSON document instead.", show_default=False)
]
EveryOpt = Annotated[
    str | None,
    typer.Option(
        "--every",
        metavar="PERIOD",
        help="How often: 30d, 2w, 3m, 1y, monthly, 'every 3 months'.",
        show_default=False,
    ),
]
TagsOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", metavar="TAG", help="A tag (repeat for several).", show_default=False),
]
YesOpt = Annotated[
    bool,
    typer.Option("--yes", "-y", help="Do not ask for confirmation.", show_default=False),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Customer since when (default today): 2021-03-12, '3y ago'.",
        metavar="WHEN",
    ),
]
