"""A yes/no question before a command destroys something (`forget`, `restore`)."""

from __future__ import annotations

import sys


def confirm(question: str) -> bool:
    """Ask on a terminal; from a pipe, read the answer without asking (`echo y | …`)."""
    if sys.stdin.isatty():
        from custlog.render.output import clean_line

        sys.stderr.write(f"{clean_line(question)} [y/N] ")
        sys.stderr.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")
