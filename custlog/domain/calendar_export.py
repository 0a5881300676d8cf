"""The log's dates as a calendar: open follow-ups, birthdays and anniversaries.

Every event has a stable UID (`followup-12@custlog`, `fact-7@custlog`), so a calendar that
imports or subscribes to a newer export updates its events instead of adding copies.

- An open follow-up is an all-day event on its due date, titled "Ann Lee: Call about
  brakes", repeating (RRULE) when the follow-up recurs; its kind is a category. An
  appointment (`remind … --at 9:30`, `--at 7-9`) is a timed event instead, in floating local
  time (no time zone: the calendar shows it at 9:30 wherever it is), an hour long unless a
  window gives its end.
- A birthday or anniversary is a yearly all-day event: from the real date when the year is
  known (so calendars can count the years), else from its next occurrence.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from custlog.domain import kinds, privacy, recurrence
from custlog.errors import BadInput, CustlogError
from custlog.formats.ics import CalendarEvent, render_calendar, render_event, rrule_for
from custlog.models import YEARLY_TOPICS, Customer, Fact, Followup
from custlog.parsing import dates
from custlog.render.words import short_date
from custlog.storage.store import Store

# The last day of February: Feb 29 in leap years, Feb 28 in the others.
_END_OF_FEBRUARY = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"


def followup_rrule(followup: Followup) -> str | None:
    """The RRULE for a repeating follow-up, falling on the days `done` moves it to.

    custlog clamps month ends against the series' anchor (Jan 31, Feb 28, Mar 31), where a
    plain monthly RRULE would skip the short months: from the 29th on, each month takes the
    anchor day or, when the month is shorter, its last day. A follow-up that repeats from
    the day it is done has no fixed dates: it is one event, moved by the next export.
    """
    if not followup.every or followup.from_done:
        return None
    period = dates.parse_period(followup.every)
    rule = rrule_for(period.count, period.unit)
    anchor = recurrence.anchor(followup)
    if period.unit in ("month", "year") and anchor.day >= 29:
        if period.unit == "year":
            rule += f";BYMONTH={anchor.month}"
        rule += f";BYMONTHDAY={anchor.day},-1;BYSETPOS=1"
    return rule


def followup_event(followup: Followup, customer: Customer, today: date) -> CalendarEvent:
    """One open follow-up as an all-day event on its due date.

    A snoozed occurrence of a series is off its rhythm: the series starts (DTSTART, in step
    with the RRULE as RFC 5545 asks) at the day `done` would move it to, and the snoozed day
    is one more date of it (RDATE).
    """
    details = [f"{kinds.ics_text(followup.kind).capitalize()} for {customer.name}."]
    if followup.due < today:
        details.append(f"Overdue since {short_date(followup.due, today)}.")
    if followup.estimate is not None:
        details.append(f"Estimate: {followup.estimate:,.2f}".removesuffix(".00") + ".")
    if followup.every:
        details.append(f"Repeats {dates.parse_period(followup.every).describe()}.")
    if customer.phone:
        details.append(f"Phone: {customer.phone}.")
    details.append(f"When done: custlog done {followup.id}")
    rrule = followup_rrule(followup)
    start, rdate = followup.due, None
    if rrule is not None:
        # A series that cannot step on (past the year 9999) raises here: it is left out.
        following = recurrence.next_due(followup, followup.due)
        if following is not None and followup.due != recurrence.promised(followup):
            start, rdate = following, followup.due
    return CalendarEvent(
        uid=f"followup-{followup.id}@custlog",
        summary=f"{customer.name}: {followup.text}",
        start=start,
        rrule=rrule,
        description="\n".join(details),
        categories=("custlog", followup.kind),
        rdate=rdate,
        start_time=followup.at_start,
        end_time=followup.at_end,
    )


def yearly_event(fact: Fact, customer: Customer, today: date) -> CalendarEvent | None:
    """A birthday or anniversary as a yearly event; None when its date cannot be read."""
    try:
        day = dates.parse_yearly(fact.text)
    except (BadInput, ValueError):  # a hand-edited log: leave it out, export the rest
        return None
    start = (
        date(day.year, day.month, day.day) if day.year is not None else day.next_occurrence(today)
    )
    leap_day = day.month == 2 and day.day == 29
    description = f"{customer.name}'s {fact.topic}"
    if day.year is not None:
        description += f" ({day.year})"
    return CalendarEvent(
        uid=f"fact-{fact.id}@custlog",
        summary=f"{customer.name}: {fact.topic}",
        start=start,
        rrule=_END_OF_FEBRUARY if leap_day else "FREQ=YEARLY",
        description=description + ".",
        categories=("custlog", fact.topic),
    )


# What a hand-edited or older log can hold that no event can show (a date at the very end of
# the calendar, a period that cannot be read): such a record is skipped, never the export.
_ODD = (CustlogError, ValueError, OverflowError)


class Calendar(NamedTuple):
    text: str  # the iCalendar file (CRLF line ends)
    skipped: list[str]  # the records left out, and why: "follow-up #12: year 9999 …"


def calendar(store: Store, today: date, stamp: datetime, *, show_private: bool = False) -> Calendar:
    """Open follow-ups by due date, then birthdays and anniversaries by customer, as an
    iCalendar file; `stamp` is the export's time (DTSTAMP). Private birthdays and
    anniversaries only with `show_private`. Each record is made into an event on its own:
    one that cannot be (a hand-edited date at the end of the calendar) is left out and
    named in `skipped`, and the rest is still exported."""
    followups = store.followups.all(open_only=True)
    facts, _ = privacy.visible(
        store.facts.current_of_topics(YEARLY_TOPICS), show_private=show_private
    )
    customers = store.customers.by_id(
        [f.customer_id for f in followups] + [f.customer_id for f in facts]
    )
    blocks: list[str] = []
    skipped: list[str] = []
    for f in followups:
        try:
            event = followup_event(f, customers[f.customer_id], today)
            blocks.append(render_event(event, stamp))
        except _ODD as exc:
            skipped.append(f"follow-up #{f.id} ({short_date(f.due, today)}): {exc}")
    for fact in facts:
        try:
            yearly = yearly_event(fact, customers[fact.customer_id], today)
            if yearly is not None:
                blocks.append(render_event(yearly, stamp))
        except _ODD as exc:
            skipped.append(f"{fact.topic} fact F{fact.id}: {exc}")
    return Calendar(render_calendar(blocks), skipped)
