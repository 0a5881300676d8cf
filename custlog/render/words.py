"""Counts and quotes in words: the one home of "1 customer" / "2 customers" and of how a text a
person typed is shown back to them. Imports nothing, so every layer may use it."""

from __future__ import annotations

from collections.abc import Iterable


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 customer", "2 customers", "0 matches", "3 entries", "1 follow-up"."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {many or plural_form(word)}"


def plural_form(word: str) -> str:
    """The English plural of a word custlog counts: match → matches, entry → entries."""
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def counts(pairs: Iterable[tuple[int, str]]) -> str:
    """ "12 customers, 1 note, 0 facts" from (count, singular word) pairs."""
    return ", ".join(plural(n, word) for n, word in pairs)


def quoted(text: str) -> str:
    """A text as the person would type it in a shell: "Ann Lee", but '"quick" brakes' when the
    text holds a double quote itself (never ""quick"")."""
    if not any(ch in text for ch in '"$`\\!'):
        return f'"{text}"'
    import shlex

    return shlex.quote(text)


def first_line(text: str) -> str:
    """The first line of a text: what a one-line listing shows of it."""
    return text.strip().splitlines()[0] if text.strip() else ""
