"""Recurring follow-ups ("repeat"): where a series goes next, and the days it falls on.

A series on a fixed schedule counts from its anchor day, stored with the follow-up (column
`anchor`): `remind dave 2027-01-31 … --every monthly` falls on Jan 31, Feb 28, Mar 31, Apr 30,
each month end clamped against the anchor, never against the month before. Each occurrence is
promised for one day of the series (column `promised`); `snooze` moves the day it is due and
nothing else, so a Mar 31 occurrence snoozed to Apr 2 and done then is followed by Apr 30.
Done late, the series skips what has already passed.

A follow-up that repeats "from done" (`--from-done`) has no series: the next one is a period
after the day it is done.
"""

from __future__ import annotations

from datetime import date

from custlog.models import Followup
from custlog.parsing import dates
from custlog.parsing.dates import Period


def anchor(followup: Followup) -> date:
    """The day the series counts from (a follow-up written before anchors were stored, and
    not back-filled, counts from its due date)."""
    return followup.anchor or followup.due


def promised(followup: Followup) -> date:
    """The day this occurrence was first promised for, whatever snoozes did to it since."""
    return followup.promised or followup.due


def first_after(period: Period, start: date, day: date) -> date:
    """The first day of the series `start`, `start + period`, … that comes after `day`."""
    if period.unit in ("month", "year"):
        months = (day.year - start.year) * 12 + day.month - start.month
        times = months // (period.count * (12 if period.unit == "year" else 1))
    else:
        times = (day - start).days // period.approx_days()
    times = max(times - 1, 0)  # an estimate from below: the loop walks the rest
    candidate = period.step(start, times)
    while candidate <= day:
        times += 1
        candidate = period.step(start, times)
    return candidate


def next_due(followup: Followup, done_on: date) -> date | None:
    """Where a follow-up moves once done on `done_on`; None when it does not repeat.

    On a fixed schedule: the first day of the series after both the day it was done and the
    day this occurrence was promised for. From done: a period after `done_on`.
    """
    if not followup.every:
        return None
    period = dates.parse_period(followup.every)
    if followup.from_done:
        return period.step(done_on)
    return first_after(period, anchor(followup), max(done_on, promised(followup)))


def occurrences(followup: Followup, today: date, end: date, limit: int) -> list[date]:
    """The days an open follow-up falls on up to `end` (at most `limit` of them): its due
    date (even when that has passed), then the later ones, as if each were done on the day
    it falls (or today, when it is already late)."""
    found = [followup.due] if followup.due <= end else []
    if not followup.every or not found:
        return found
    period = dates.parse_period(followup.every)
    done_on = max(followup.due, today)
    if followup.from_done:
        times = 1
        day = period.step(done_on, times)
        while day <= end and len(found) < limit:
            found.append(day)
            times += 1
            day = period.step(done_on, times)
        return found
    start = anchor(followup)
    day = first_after(period, start, max(done_on, promised(followup)))
    while day <= end and len(found) < limit:
        found.append(day)
        day = first_after(period, start, day)
    return found
