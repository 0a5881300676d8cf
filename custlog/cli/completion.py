"""Shell completion of customer names and follow-up ids, run by the shell on every TAB.

Typer calls these functions (see `NameArg` and `IdArg` in `custlog.cli`) while it parses a
half-typed command line. They must be quick and harmless: one read-only query, no
sqlite-utils, no migration, and never a file created; any problem means no completions.

Names are matched by the resolver's own rule (`custlog.parsing.names.matches`: Unicode case
folding, then accent-free; the full name, the called name, an alias left by `merge`, or any
word of the name), and the
full name is offered. bash inserts a completion exactly as
given, so for bash a name with spaces comes back shell-escaped (`Ann\\ Lee`), or bare inside
the quote the user opened; zsh and fish quote what they insert themselves (for zsh a name is
cut before any quote character in it, which its Typer script cannot carry).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, SupportsIndex

if TYPE_CHECKING:
    from custlog.storage.store import Store

MAX_CANDIDATES = 500
_BASH_SAFE = re.compile(r"[\w@%+,./-]")
_DOUBLE_QUOTED_SPECIAL = '\\"$`'


class Candidate(str):
    """A completion custlog has already matched against the typed text.

    Typer keeps only candidates that start with the typed text, compared case-sensitively
    and after shell unquoting. custlog's matches ignore case, may match a later word of the
    name, and are shell-escaped for bash, so they would be dropped: asked whether it starts
    with exactly the text it was matched against, a Candidate says yes.
    """

    matched: str

    def __new__(cls, value: str, typed: str) -> Candidate:
        candidate = super().__new__(cls, value)
        candidate.matched = typed
        return candidate

    def startswith(
        self,
        prefix: str | tuple[str, ...],
        start: SupportsIndex | None = None,
        end: SupportsIndex | None = None,
    ) -> bool:
        if prefix == self.matched and start is None and end is None:
            return True
        return super().startswith(prefix, start, end)


def match_names(typed: str, customers: Iterable[tuple[int, str, str | None]]) -> list[str]:
    """Full names the typed text could mean, best first, by the resolver's own rule
    (`custlog.parsing.names.matches`): exact names, then prefixes, then a later word of the
    name ("lee" for "Ann Lee"); each rank by name."""
    from custlog.parsing.names import fold, matches

    best: dict[str, int] = {}
    for rank, (_, name, _called) in matches(typed, customers):
        best[name] = min(rank, best.get(name, rank))
    ordered = sorted(best, key=lambda n: (best[n], fold(n), n))
    return ordered[:MAX_CANDIDATES]


def bash_word(value: str, opened: str) -> str:
    """`value` as bash must receive it to keep it one word: backslash-escaped, or, inside a
    quote the user already opened (`opened` is `"` or `'`), escaped for that quote."""
    if opened == '"':
        return "".join("\\" + c if c in _DOUBLE_QUOTED_SPECIAL else c for c in value)
    if opened == "'":
        return value.replace("'", "'\\''")
    return "".join(c if _BASH_SAFE.fullmatch(c) else "\\" + c for c in value)


def _shell() -> str:
    """The shell asking, from Typer's `_CUSTLOG_COMPLETE=complete_bash` variable."""
    for key, value in os.environ.items():
        if key.endswith("_COMPLETE") and value.startswith("complete_"):
            return value.removeprefix("complete_")
    return ""


def _bash_opened_quote() -> str:
    """The quote the word being completed starts with in bash (`"`, `'` or '')."""
    joined = os.environ.get("COMP_WORDS", "")
    words = joined.split("\n" if "\n" in joined else " ")  # Typer's script joins on newlines
    try:
        word = words[int(os.environ.get("COMP_CWORD", ""))]
    except (ValueError, IndexError):
        return ""
    return word[:1] if word[:1] in ("'", '"') else ""


def zsh_word(value: str) -> str:
    """`value` up to its first quote character: Typer's zsh script loses quotes from inside
    a candidate ("Pat O'Brien" would arrive as "Pat OBrien"), and a unique prefix of a name
    names the customer just as well."""
    cut = min((i for i, c in enumerate(value) if c in "'\""), default=len(value))
    return value[:cut].rstrip()


def for_shell(values: Sequence[str], typed: str) -> list[str]:
    """The candidates for `typed` as Typer should hand them to the shell asking."""
    shell = _shell()
    if shell == "bash":
        opened = _bash_opened_quote()
        return [Candidate(bash_word(value, opened), typed) for value in values]
    if shell == "zsh":
        words = dict.fromkeys(zsh_word(value) for value in values)
        return [Candidate(word, typed) for word in words if word]
    return [Candidate(value, typed) for value in values]


def _open_log(ctx: Any) -> Store | None:
    """The log named by `--db` on the line being completed, CUSTLOG_DB or the default,
    opened read-only; None when there is none."""
    from custlog.storage import paths
    from custlog.storage.store import Store

    option = None
    with contextlib.suppress(AttributeError):
        option = ctx.find_root().params.get("db")
    try:
        return Store.open_read_only(paths.db_path(option if isinstance(option, str) else None))
    except Exception:  # completion must never fail loudly
        return None


def complete_name(ctx: Any, incomplete: str) -> list[str]:
    """Customer names for a NAME argument."""
    import sqlite3

    store = _open_log(ctx)
    if store is None:
        return []
    try:
        try:
            found = store.customers.name_matches(incomplete)
        except sqlite3.OperationalError:  # a log from before m011_name_keys, not upgraded yet
            found = store.customers.all_names()  # (with aliases when the log has them)
        names = match_names(incomplete, found)
    except sqlite3.Error:
        return []
    finally:
        store.close()
    return for_shell(names, incomplete)


def complete_followup_id(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Open follow-up ids for an ID argument, each with who and what as its help text."""
    import sqlite3

    typed = incomplete.strip().removeprefix("#")
    store = _open_log(ctx)
    if store is None:
        return []
    try:
        labels = store.followups.open_labels()
    except sqlite3.Error:
        return []
    finally:
        store.close()
    found: list[tuple[str, str]] = [
        (Candidate(str(followup_id), incomplete), _help_text(f"{name}, due {due}: {text}"))
        for followup_id, name, text, due in labels
        if str(followup_id).startswith(typed)
    ]
    return found[:MAX_CANDIDATES]


def _help_text(text: str, limit: int = 60) -> str:
    """One short line (zsh and fish show it beside the id); no quotes, which Typer's zsh
    script cannot carry."""
    text = " ".join(text.split()).replace("'", "\u2019").replace('"', "\u201d")
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
