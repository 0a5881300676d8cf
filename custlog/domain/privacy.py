"""What may leave the log: the one rule every output a user might share asks.

A fact marked private (`fact … --private`) is the user's own: it stays out of `brief`,
`log`, `plan`, `due`, the calendar and the spreadsheet export unless the user asks with
`--all`. `search` finds it, marked private (the user typed the words), and the JSON Lines
export keeps it: that file is the log itself, for backup and moving, not for sharing.
"""

from __future__ import annotations

from collections.abc import Iterable

from custlog.models import Fact


def shareable(private: bool, *, show_private: bool) -> bool:
    """Whether a record marked `private` may be shown: only when the user asked (`--all`)."""
    return show_private or not private


def visible(facts: Iterable[Fact], *, show_private: bool) -> tuple[list[Fact], list[Fact]]:
    """The facts that may be shown, and the private ones held back."""
    shown: list[Fact] = []
    held: list[Fact] = []
    for fact in facts:
        (shown if shareable(fact.private, show_private=show_private) else held).append(fact)
    return shown, held
