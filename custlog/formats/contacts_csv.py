"""Read contacts from CSV files: a Google Contacts export, an Outlook export, or a plain table
with a ``name`` column (``name,company,phone,email``, tags, birthday, …)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from custlog.errors import BadInput
from custlog.formats.contacts import (
    Contact,
    bad_day,
    category,
    day_text,
    make_contact,
    one_line,
    parse_day,
)

_OUTLOOK_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_DOTTED_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")

# --------------------------------------------------------------------------- CSV

_Row = dict[str, str]  # normalised header → stripped, non-empty cell
_Layout = Callable[[_Row, str], Contact | None]

_GOOGLE_MULTI = " ::: "
_GOOGLE_EMAIL = re.compile(r"e-mail [0-9]+ - value")
_GOOGLE_PHONE = re.compile(r"phone [0-9]+ - value")
_GOOGLE_EVENT_LABEL = re.compile(r"event ([0-9]+) - (?:label|type)")
_GOOGLE_NUMBERED = re.compile(r"(?:e-mail|phone|organization|event|address) [0-9]+ - ")
_GOOGLE_COLUMNS = (
    "given name",
    "family name",
    "group membership",
    "labels",
    "organization name",
    "file as",
)
_OUTLOOK_COLUMNS = ("e-mail address", "business phone", "mobile phone", "home phone", "company")
_OUTLOOK_PHONES = (
    "primary phone",
    "mobile phone",
    "business phone",
    "home phone",
    "business phone 2",
    "home phone 2",
    "other phone",
    "company main phone",
    "car phone",
)
_OUTLOOK_EMAILS = ("e-mail address", "e-mail 2 address", "e-mail 3 address")
_UNKNOWN_LAYOUT = (
    "unknown CSV layout: expected a Google or Outlook contacts export, "
    "or columns name,company,phone,email"
)


def _column(cell: str) -> str:
    return one_line(cell.replace("\ufeff", "")).lower()


def _get(row: _Row, *columns: str) -> str:
    """The first of the columns that has a value."""
    return next((row[column] for column in columns if column in row), "")


def _joined(row: _Row, *columns: str) -> str:
    return " ".join(row[column] for column in columns if column in row)


def _google_values(cell: str) -> list[str]:
    return [value.strip() for value in cell.split(_GOOGLE_MULTI) if value.strip()]


def _csv_day(
    row: _Row, column: str, origin: str, what: str, *, outlook: bool = False
) -> str | None:
    value = row.get(column, "")
    if not value:
        return None
    day = parse_day(value)
    if day is None and outlook:
        # Outlook writes M/D/YYYY ("0/0/00" for none, or 1/1/4501 from older versions);
        # localised Outlook writes D.M.YYYY.
        us_style = _OUTLOOK_DATE.fullmatch(value)
        dotted = _DOTTED_DATE.fullmatch(value)
        if re.fullmatch(r"0+/0+/0+", value) or (us_style and us_style[3] == "4501"):
            return None
        if us_style:
            day = day_text(int(us_style[3]), int(us_style[1]), int(us_style[2]))
        elif dotted:
            day = day_text(int(dotted[3]), int(dotted[2]), int(dotted[1]))
    if day is None:
        raise bad_day(origin, what, value)
    return day


def _google_contact(row: _Row, origin: str) -> Contact | None:
    anniversary: str | None = None
    for column, label in row.items():
        event = _GOOGLE_EVENT_LABEL.fullmatch(column)
        if event and anniversary is None and category(label) == "anniversary":
            anniversary = _csv_day(row, f"event {event[1]} - value", origin, "anniversary")
    company = _google_values(_get(row, "organization 1 - name", "organization name"))
    return make_contact(
        origin=origin,
        name=_get(row, "name")
        or _joined(
            row,
            "name prefix",
            "first name",
            "given name",
            "middle name",
            "additional name",
            "last name",
            "family name",
            "name suffix",
        ),
        company=company[0] if company else "",
        phones=(
            phone
            for column, cell in row.items()
            if _GOOGLE_PHONE.fullmatch(column)
            for phone in _google_values(cell)
        ),
        emails=(
            email
            for column, cell in row.items()
            if _GOOGLE_EMAIL.fullmatch(column)
            for email in _google_values(cell)
        ),
        birthday=_csv_day(row, "birthday", origin, "birthday"),
        anniversary=anniversary,
        note=_get(row, "notes"),
        categories=_google_values(_get(row, "labels", "group membership")),
        called=_get(row, "nickname"),
    )


def _outlook_contact(row: _Row, origin: str) -> Contact | None:
    return make_contact(
        origin=origin,
        name=_joined(row, "first name", "middle name", "last name", "suffix"),
        company=_get(row, "company"),
        phones=(row[column] for column in _OUTLOOK_PHONES if column in row),
        emails=(row[column] for column in _OUTLOOK_EMAILS if column in row),
        birthday=_csv_day(row, "birthday", origin, "birthday", outlook=True),
        anniversary=_csv_day(row, "anniversary", origin, "anniversary", outlook=True),
        note=_get(row, "notes"),
        categories=_get(row, "categories").split(";"),
        called=_get(row, "nickname"),
    )


def _natural_order(name: str) -> str:
    """ "DeLuca, Francesco" (a sheet sorted by surname) as "Francesco DeLuca"."""
    last, comma, first = name.partition(",")
    if comma and last.strip() and first.strip() and "," not in first:
        return f"{first.strip()} {last.strip()}"
    return name


def _plain_contact(row: _Row, origin: str) -> Contact | None:
    email = _get(row, "email", "e-mail")
    if not _get(row, "name") and not email:
        return None
    return make_contact(
        origin=origin,
        name=_natural_order(_get(row, "name")),
        company=_get(row, "company"),
        phones=[_get(row, "phone")],
        emails=[email],
        birthday=_csv_day(row, "birthday", origin, "birthday"),
        anniversary=_csv_day(row, "anniversary", origin, "anniversary"),
        note=_get(row, "notes", "note"),
        categories=re.split(r"[,;]", _get(row, "tags")),
        called=_get(row, "called"),
    )


def _layout(header: list[str]) -> _Layout | None:
    columns = set(header)
    if any(_GOOGLE_NUMBERED.match(column) for column in header) or columns.intersection(
        _GOOGLE_COLUMNS
    ):
        return _google_contact
    if "first name" in columns and columns.intersection(_OUTLOOK_COLUMNS):
        return _outlook_contact
    if "name" in columns:
        return _plain_contact
    return None


def _delimiter(text: str) -> str:
    """Comma, unless the header line clearly uses semicolons or tabs (localised Excel)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {separator: first.count(separator) for separator in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def read_contacts_csv(text: str) -> list[Contact]:
    """Every contact in a Google, Outlook or plain CSV file; empty rows are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    contacts: list[Contact] = []
    header: list[str] = []
    layout: _Layout | None = None
    last_line = 0
    try:
        for cells in reader:
            start, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if layout is None:
                header = [_column(cell) for cell in cells]
                layout = _layout(header)
                if layout is None:
                    raise BadInput(f"line {start}: {_UNKNOWN_LAYOUT}")
                continue
            row: _Row = {}
            for column, cell in zip(header, cells, strict=False):
                if column and cell.strip() and column not in row:
                    row[column] = cell.strip()
            contact = layout(row, f"line {start}")
            if contact is not None:
                contacts.append(contact)
    except csv.Error as error:
        raise BadInput(f"line {reader.line_num}: cannot read the CSV: {error}") from error
    return contacts
