"""The command line: a thin layer over the domain.

`root` holds the Typer app, the root options and the one error boundary; `args` the shared
arguments; the commands are grouped by theme: `capture` (writing what happened), `reading`
(due, brief, log, list, search), `files` (export, import, backup, …), `insight` (plan,
stats) and `recap` (recap, config). Every command imports its domain and rendering modules
when it runs, and `main` registers only the command named on the command line, so start-up
stays fast.
"""

from __future__ import annotations

import sys

# The commands register on the app as they are imported, in the order `custlog --help` lists.
# isort: off
from custlog.cli import capture, reading, files, insight, recap  # noqa: F401

# isort: on
from custlog.cli.root import app, only_the_invoked_command, plain_usage

plain_usage()

__all__ = ["app", "main"]


def main() -> None:
    """The console script. SIGTERM and SIGHUP unwind the command like Ctrl-C (the boundary
    turns that into exit 130): transactions roll back and temporary copies are removed."""
    import signal

    from custlog.errors import Stopped

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    try:
        only_the_invoked_command(sys.argv[1:])
        app()
    except Stopped as exc:
        sys.stderr.write("\ncustlog: stopped; nothing was written\n")
        sys.exit(128 + exc.signum)
