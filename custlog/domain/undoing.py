"""`custlog undo`: take back the last write, then the one before it.

Every write names its step when it opens its transaction (`Store.transaction(step=...)`), and
storage records how to take it back in that same transaction (`custlog.storage.history`);
here are the use cases: the steps, newest first, and taking back the newest.
"""

from __future__ import annotations

from custlog.domain.context import Context
from custlog.errors import NotFound
from custlog.models import UndoStep

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
