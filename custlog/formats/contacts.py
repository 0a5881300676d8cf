"""Contacts read from a phone or a mail program, before they become customers: the record both
readers return, what they share (dates, names, tags, text decoding), and the entry point that
picks the reader by the file's name or first line.

The readers are `custlog.formats.vcard` (vCard 2.1, 3.0, 4.0) and
`custlog.formats.contacts_csv` (Google, Outlook and plain CSV). Anything that cannot be read
raises :class:`~custlog.errors.BadInput` naming where it is: ``card 3 (line 41)`` in a vCard
file, ``line 7`` in a CSV file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from custlog.errors import BadInput
from custlog.render.words import quoted

MAX_FILE_BYTES = 64 * 1024 * 1024  # a phone's whole address book with photos is far less


@dataclass
class Contact:
    """One person read from a contacts file, before it becomes a customer."""

    name: str  # full display name (FN; else built from N; else ORG; else first email)
    company: str | None
    phones: list[str]  # preferred first
    emails: list[str]  # preferred first
    birthday: str | None  # "1980-11-28" when the year is known, "--11-28" without
    anniversary: str | None  # same form
    note: str | None
    categories: list[str]  # lower-cased tags
    origin: str  # for messages: "card 3 (line 41)" or "line 7"
    called: str | None = None  # a nickname (NICKNAME, a "Nickname" or "called" column)


# --------------------------------------------------------------------------- dates

# Apple writes a birthday without a year as 1604-MM-DD (and says so in X-APPLE-OMIT-YEAR).
_NO_YEAR = 1604
_TIME = r"(?:T[0-9:.,+\-Z]*)?"
_FULL_DATE = re.compile(r"([0-9]{4})(-?)([0-9]{2})\2([0-9]{2})" + _TIME)
_YEARLESS_DATE = re.compile(r"--([0-9]{2})-?([0-9]{2})" + _TIME)


def day_text(year: int | None, month: int, day: int) -> str | None:
    """``1980-11-28`` or ``--11-28`` (year None), or None for an impossible date."""
    try:
        if year is None:
            date(2000, month, day)  # a leap year, so that --02-29 is allowed
            return f"--{month:02d}-{day:02d}"
        date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_day(value: str, *, omit_year: int | None = None) -> str | None:
    """Read a vCard/ISO date: ``1980-11-28``, ``19801128``, ``--11-28``, ``--1128``.

    A time part (``T000000Z``) is ignored. The years 0 and 1604 (Apple), and ``omit_year``
    when given, mean the year is unknown. Returns the canonical form, or None when the
    value is not such a date.
    """
    text = value.strip()
    match = _FULL_DATE.fullmatch(text)
    if match:
        year: int | None = int(match[1])
        if year in (0, _NO_YEAR, omit_year):
            year = None
        return day_text(year, int(match[3]), int(match[4]))
    match = _YEARLESS_DATE.fullmatch(text)
    if match:
        return day_text(None, int(match[1]), int(match[2]))
    return None


def one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------- contacts

_SYSTEM_GROUPS = ("mycontacts", "starred")


def category(label: str) -> str | None:
    """A lower-cased tag, or None for Google's system groups (``* myContacts``)."""
    tag = one_line(label).lower()
    if tag.startswith("* "):
        tag = tag[2:]
    if tag.replace(" ", "") in _SYSTEM_GROUPS or tag.startswith("system group:"):
        return None
    return tag or None


def unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)


def make_contact(
    *,
    origin: str,
    name: str,
    company: str,
    phones: Iterable[str],
    emails: Iterable[str],
    birthday: str | None,
    anniversary: str | None,
    note: str,
    categories: Iterable[str],
    called: str,
) -> Contact | None:
    """Clean the fields and fall back to company, then email, for the name."""
    email_list = unique(email.strip() for email in emails)
    company = one_line(company)
    name = one_line(name) or company or (email_list[0] if email_list else "")
    if not name:
        return None
    note = note.replace("\r\n", "\n").replace("\r", "\n").strip()
    tags = (category(label) for label in categories)
    return Contact(
        name=name,
        company=company or None,
        phones=unique(one_line(phone) for phone in phones),
        emails=email_list,
        birthday=birthday,
        anniversary=anniversary,
        note=note or None,
        categories=unique(tag for tag in tags if tag),
        origin=origin,
        called=one_line(called) or None,
    )


def bad_day(origin: str, what: str, value: str) -> BadInput:
    shown = value if len(value) <= 40 else value[:37] + "..."
    return BadInput(f"{origin}: cannot read the {what} {quoted(shown)}")


def decode_bytes(data: bytes, charset: str) -> str:
    for encoding in (charset or "utf-8", "utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except (LookupError, ValueError):
            continue
    return data.decode("latin-1")


# ------------------------------------------------------------------------- files

_BOMS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_file(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252, else Latin-1."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def contacts_format(path_name: str, data: bytes) -> str | None:
    """``"vcard"`` or ``"csv"`` for a contacts file, by its extension (``.vcf``, ``.vcard``,
    ``.csv``) or, for any other name (standard input), a vCard by its first line; None when
    it is neither."""
    suffix = PurePath(path_name).suffix.lower()
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    if suffix == ".csv":
        return "csv"
    head = decode_file(data[:256]).lstrip("\ufeff \t\r\n")
    if head[:11].upper() == "BEGIN:VCARD":
        return "vcard"
    return None


def read_contacts(path_name: str, data: bytes, kind: str | None = None) -> list[Contact]:
    """Read a vCard or contacts CSV file's bytes (`kind` as `contacts_format` names it, by
    default from the name and content); errors name the file."""
    kind = kind or contacts_format(path_name, data)
    reader: Callable[[str], list[Contact]]
    if kind == "vcard":
        from custlog.formats.vcard import read_vcards

        reader = read_vcards
    elif kind == "csv":
        from custlog.formats.contacts_csv import read_contacts_csv

        reader = read_contacts_csv
    else:
        raise BadInput(
            f"{path_name}: cannot tell the contacts format: expected a .vcf, .vcard or .csv file"
        )
    if len(data) > MAX_FILE_BYTES:
        raise BadInput(
            f"{path_name}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; "
            "nothing was imported"
        )
    try:
        return reader(decode_file(data))
    except BadInput as error:
        raise BadInput(f"{path_name}: {error.message}") from error
