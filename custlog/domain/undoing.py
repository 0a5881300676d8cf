"""`custlog undo`: take back the last write, then the one before it.

Every write names its step when it opens its transaction (`Store.transaction(step=...)`), and
storage records how to take it back in that same transaction (`custlog.storage.history`);
here are the use cases: the steps, newest first, and taking back the newest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from custlog.domain.context import Context
from custlog.errors import NotFound
from custlog.models import Customer, UndoStep
from custlog.parsing.names import plain

NOTHING = "nothing to undo: no change is recorded in this log (see `custlog undo --list`)"


def steps(ctx: Context) -> list[UndoStep]:
    """What `undo` can take back, newest first."""
    return ctx.store.history.steps()


def undo(ctx: Context) -> UndoStep:
    """Take back the newest step: the log is again exactly as it was before it (ids and
    search index included); the step is gone from the list. NotFound when there is none."""
    with ctx.store.transaction(step=None):  # undo itself is not a step
        found = ctx.store.history.steps(limit=1)
        if not found:
            raise NotFound(NOTHING)
        ctx.store.history.take_back(found[0])
    return found[0]


def mentions(names: Iterable[str]) -> Callable[[str], bool]:
    """Whether a text names someone by any of `names`: as a whole word or words, in any case,
    with or without accents ("Thank Ann Lee for sending Zoe Berg" names Zoë Berg)."""
    patterns = [
        re.compile(r"(?<!\w)" + re.escape(plain(n).strip()) + r"(?!\w)")
        for n in names
        if plain(n).strip()
    ]
    return lambda text: any(p.search(plain(text)) for p in patterns)


def forget_steps(ctx: Context, customer: Customer) -> int:
    """Inside forget's transaction, before the customer is deleted: erase every step that
    holds any of their data or names them (by their name or called name, now or before an
    `edit --name`, or a name merged into theirs), so that undo keeps nothing of them; the
    other steps stay undoable. How many steps were erased."""
    history = ctx.store.history
    names = {customer.name, customer.called or "", *history.former_names(customer.id)}
    names |= set(ctx.store.customers.aliases(customer.id))
    return history.erase_about(customer.id, mentions(names))
