"""File formats custlog reads and writes: contacts (vCard, CSV) and calendars (iCalendar)."""
