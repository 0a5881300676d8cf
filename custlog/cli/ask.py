"""A yes/no question before a command destroys something (`forget`, `restore`)."""

from __future__ import annotations

import sys


def confirm(question: str) -> bool:
    """Ask on standard error, then read the answer from standard input. From a pipe
    (`echo y | …`) the question is still written, on a line of its own, so a log of the run
    shows what was answered (and `forget` says it cannot be undone before it asks)."""
    from custlog.render.output import clean_line

    end = " " if sys.stdin.isatty() else "\n"  # from a pipe, the answer is not echoed
    sys.stderr.write(f"{clean_line(question)} [y/N]{end}")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")
