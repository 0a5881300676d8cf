"""Appointment times (`remind … --at 9:30`, `--at 7-9`): read, keep, show."""

from __future__ import annotations

import re
from datetime import time
from typing import NamedTuple

from custlog.errors import BadInput

AT_FORMS = "use 9:30, 14:00, 2pm, or a window such as 7-9 or 13:30-15:00"
_CLOCK = r"(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2}))?\s*(?:(?P<ap>[ap])\.?m\.?)?"


class Appointment(NamedTuple):
    """A time of day, or a window (`end` after `start`), in local time."""

    start: time
    end: time | None = None

    def stored(self) -> tuple[str, str | None]:
        """The two columns: "09:30", and "11:00" or None."""
        return _hhmm(self.start), _hhmm(self.end) if self.end else None

    def iso(self) -> str:
        """For JSON and export: "09:30" or "07:00-09:00"."""
        start, end = self.stored()
        return f"{start}-{end}" if end else start

    def describe(self) -> str:
        """For people: "9:30" or "7:00–9:00"."""
        start = f"{self.start.hour}:{self.start.minute:02d}"
        if self.end is None:
            return start
        return f"{start}–{self.end.hour}:{self.end.minute:02d}"


def _hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def _clock(text: str, whole: str, pm_hint: str | None = None) -> time:
    m = re.fullmatch(_CLOCK, text.strip())
    if m is None:
        raise BadInput(f'cannot read the time "{whole}": {AT_FORMS}')
    hour, minute = int(m["h"]), int(m["m"] or 0)
    ap = m["ap"] or pm_hint
    if ap:
        if not 1 <= hour <= 12:
            raise BadInput(f'cannot read the time "{whole}": with am/pm the hour is 1 to 12')
        hour = hour % 12 + (12 if ap == "p" else 0)
    if hour > 23 or minute > 59:
        raise BadInput(f'there is no time "{whole}": {AT_FORMS}')
    return time(hour, minute)


def parse_at(text: str) -> Appointment:
    """`9:30`, `14:00`, `2pm`, `7-9`, `13:30-15:00`, `1-3pm` (both in the afternoon)."""
    raw = text.strip().lower().replace("–", "-").replace("—", "-")
    if not raw:
        raise BadInput(f"no time given: {AT_FORMS}")
    first, sep, second = raw.partition("-")
    if not sep:
        return Appointment(_clock(first, text))
    end_ap = re.search(r"([ap])\.?m\.?\s*$", second)
    start_has_ap = re.search(r"[ap]\.?m\.?\s*$", first) is not None
    start = _clock(first, text, None if start_has_ap or end_ap is None else end_ap.group(1))
    end = _clock(second, text)
    if end <= start:
        raise BadInput(f'the window "{text.strip()}" ends before it starts: {AT_FORMS}')
    return Appointment(start, end)


def from_stored(start: str | None, end: str | None) -> Appointment | None:
    """The appointment kept in the two columns, or None."""
    if not start:
        return None
    return Appointment(time.fromisoformat(start), time.fromisoformat(end) if end else None)
