"""What `custlog undo` prints: the step it took back, or the steps it can take back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from custlog.models import UndoStep
from custlog.render.output import Output, clean
from custlog.render.words import short_date


def undone(out: Output, step: UndoStep) -> None:
    out.line(clean(f"Undid: {step.what}"))


def when(step: UndoStep, today: date) -> str:
    """ "Tue 24 Nov 09:30" """
    return f"{short_date(step.at.date(), today)} {step.at:%H:%M}"


def steps(out: Output, found: Sequence[UndoStep], today: date) -> None:
    """Newest first, numbered as `undo` reaches them: 1 is what it takes back next."""
    if not found:
        out.line("Nothing to undo.")
        return
    width = len(str(len(found)))
    shown = [when(s, today) for s in found]
    pad = max(len(w) for w in shown)
    for number, (step, at) in enumerate(zip(found, shown, strict=True), start=1):
        out.line(clean(f"{number:>{width}}  {at:<{pad}}  {step.what}"))


def step_json(step: UndoStep, number: int = 1) -> dict[str, Any]:
    return {"number": number, "at": step.at.isoformat(timespec="seconds"), "what": step.what}


def steps_json(found: Sequence[UndoStep]) -> list[dict[str, Any]]:
    return [step_json(s, n) for n, s in enumerate(found, start=1)]
