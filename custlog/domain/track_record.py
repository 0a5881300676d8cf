"""The track record of our promises: kept on time, late, open, overdue.

A promise is kept on time when it was done on or before the day first promised (`promised`,
which `snooze` leaves alone): a promise due Thu 14 Jan, snoozed to Friday and done Friday, was
late. `storage.followups.Followups.promise_outcomes` counts the same in SQL for the whole book;
tests/test_rules_sql_twins.py proves the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from custlog.domain import recurrence
from custlog.models import Followup


class TrackRecord(NamedTuple):
    kept: int
    late: int
    open: int
    overdue: int

    @property
    def closed(self) -> int:
        return self.kept + self.late


def on_time(promise: Followup) -> bool:
    """Done on or before the day first promised (False while open)."""
    return promise.done is not None and promise.done <= recurrence.promised(promise)


def track_record(history: Iterable[Followup], on: date) -> TrackRecord:
    """The record of the promises in `history` as of `on` (other kinds do not count)."""
    promises = [f for f in history if f.kind == "promise"]
    done = [f for f in promises if f.done is not None]
    kept = sum(1 for f in done if on_time(f))
    still_open = [f for f in promises if f.done is None]
    overdue = sum(1 for f in still_open if f.due < on)
    return TrackRecord(kept, len(done) - kept, len(still_open), overdue)
