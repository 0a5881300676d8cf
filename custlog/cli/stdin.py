"""Text piped into a command (`echo "…" | custlog note ann`), read as UTF-8."""

from __future__ import annotations

import sys

from custlog.errors import BadInput


def read_text(what: str) -> str:
    """All of standard input as text; bytes that are not UTF-8 are refused, not guessed."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text-only stream (tests)
        return str(sys.stdin.read())
    data: bytes = stream.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadInput(
            f"{what} on standard input is not UTF-8 text (line {line}): nothing was written"
        ) from None
