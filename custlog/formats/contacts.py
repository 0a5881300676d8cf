"""Read contacts from vCard files (2.1, 3.0, 4.0) and from contact CSV exports.

The vCard reader is deliberately small: it understands what phones, Google, Apple and
Outlook actually write (quoted-printable 2.1 cards, folded and escaped 3.0 cards, 4.0 URIs
and truncated dates) and ignores every property it has no use for. CSV files are read as
a Google Contacts export, an Outlook export, or a plain table with a ``name`` column.

Anything that cannot be read raises :class:`~custlog.errors.BadInput` naming where it
is: ``card 3 (line 41)`` in a vCard file, ``line 7`` in a CSV file.
"""

from __future__ import annotations

import binascii
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from urllib.parse import unquote

from custlog.errors import BadInput
from custlog.render.words import quoted


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
_OUTLOOK_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_DOTTED_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


def _day_text(year: int | None, month: int, day: int) -> str | None:
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
        return _day_text(year, int(match[3]), int(match[4]))
    match = _YEARLESS_DATE.fullmatch(text)
    if match:
        return _day_text(None, int(match[1]), int(match[2]))
    return None


# ------------------------------------------------------------------ vCard escaping

_UNESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}
_ESCAPED = re.compile(r"\\([nN\\,;:])")


def escape_text(value: str) -> str:
    r"""Escape a text value for a vCard: ``\`` ``,`` ``;`` and newlines."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def unescape_text(value: str) -> str:
    r"""Undo vCard escapes: ``\n``/``\N``, ``\\``, ``\,``, ``\;`` (and Outlook's ``\:``).

    Any other backslash is kept as it is (``C:\Temp`` survives a 2.1 card).
    """
    return _ESCAPED.sub(lambda match: _UNESCAPES[match[1]], value)


def _split_escaped(value: str, separators: str) -> list[str]:
    """Split on the separators that are not escaped; the parts stay escaped."""
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            current.append(value[index : index + 2])
            index += 2
            continue
        if char in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


# -------------------------------------------------------------------- vCard lines

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class _Line:
    number: int  # the physical line the logical line starts on
    text: str


@dataclass
class _Property:
    group: str  # "item1" in "item1.EMAIL", upper-cased; "" without a group
    name: str  # upper-cased
    params: dict[str, list[str]]  # upper-cased names; TYPE collects bare 2.1 types
    raw: str  # the value as written (still encoded and escaped)


def _is_quoted_printable(line: str) -> bool:
    return "QUOTED-PRINTABLE" in line.partition(":")[0].upper()


def _is_card_edge(line: str) -> bool:
    return line.strip().upper() in ("BEGIN:VCARD", "END:VCARD")


def _logical_lines(text: str) -> Iterator[_Line]:
    """Unfold the text: continuation lines (space or tab) and 2.1 soft line breaks (``=``)."""
    current: _Line | None = None
    soft_break = False  # the current line is quoted-printable and ends with "="
    for number, physical in enumerate(_LINE_BREAK.split(text), start=1):
        if current is not None and soft_break and not _is_card_edge(physical):
            current.text = current.text[:-1] + physical
            soft_break = physical.endswith("=")
            continue
        if current is not None and physical[:1] in (" ", "\t"):
            current.text += physical[1:]
        else:
            if current is not None:
                yield current
                current = None
            if not physical.strip():
                soft_break = False
                continue
            current = _Line(number, physical)
        soft_break = current.text.endswith("=") and _is_quoted_printable(current.text)
    if current is not None:
        yield current


def _split_outside_quotes(text: str, separator: str, limit: int = -1) -> list[str]:
    parts: list[str] = []
    start = 0
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted and limit != 0:
            parts.append(text[start:index])
            start = index + 1
            limit -= 1
    parts.append(text[start:])
    return parts


_BARE_ENCODINGS = ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT")


def _parse_property(text: str) -> _Property | None:
    """``item1.EMAIL;type=INTERNET:a@b.c`` → a property; None for a line without ``:``."""
    if ":" not in text:
        return None
    head_and_value = _split_outside_quotes(text, ":", limit=1)
    if len(head_and_value) < 2:  # an unbalanced quote: take the first colon
        head_and_value = text.split(":", 1)
    head, raw = head_and_value
    name_part, *param_parts = _split_outside_quotes(head, ";")
    group, _, name = name_part.strip().rpartition(".")
    params: dict[str, list[str]] = {}
    for part in param_parts:
        key, equals, values = part.partition("=")
        key = key.strip().upper()
        if not equals:  # vCard 2.1 bare parameters: TEL;CELL;PREF, NOTE;QUOTED-PRINTABLE
            key, values = ("ENCODING" if key in _BARE_ENCODINGS else "TYPE"), key
        for value in _split_outside_quotes(values, ","):
            params.setdefault(key, []).append(value.strip().strip('"'))
    return _Property(group.strip().upper(), name.strip().upper(), params, raw)


def _param(prop: _Property, key: str) -> str:
    values = prop.params.get(key)
    return values[0] if values else ""


def _preferred(prop: _Property) -> bool:
    types = {kind.lower() for value in prop.params.get("TYPE", []) for kind in value.split(",")}
    return "pref" in types or "PREF" in prop.params


def _decode_bytes(data: bytes, charset: str) -> str:
    for encoding in (charset or "utf-8", "utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except (LookupError, ValueError):
            continue
    return data.decode("latin-1")


def _decoded(prop: _Property) -> str:
    """The value with ENCODING (quoted-printable, base64) and CHARSET applied, still escaped."""
    encoding = _param(prop, "ENCODING").upper()
    if encoding in ("QUOTED-PRINTABLE", "QP"):
        data = binascii.a2b_qp(prop.raw.encode("utf-8"))
    elif encoding in ("B", "BASE64"):
        try:
            data = binascii.a2b_base64(prop.raw.encode("utf-8"))
        except binascii.Error:
            return ""
    else:
        return prop.raw
    return _decode_bytes(data, _param(prop, "CHARSET")).replace("\r\n", "\n")


def _text(prop: _Property) -> str:
    return unescape_text(_decoded(prop))


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------- contacts

_SYSTEM_GROUPS = ("mycontacts", "starred")
_ANNIVERSARY_PROPERTIES = ("ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY")


def _category(label: str) -> str | None:
    """A lower-cased tag, or None for Google's system groups (``* myContacts``)."""
    tag = _one_line(label).lower()
    if tag.startswith("* "):
        tag = tag[2:]
    if tag.replace(" ", "") in _SYSTEM_GROUPS or tag.startswith("system group:"):
        return None
    return tag or None


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)


def _contact(
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
    email_list = _unique(email.strip() for email in emails)
    company = _one_line(company)
    name = _one_line(name) or company or (email_list[0] if email_list else "")
    if not name:
        return None
    note = note.replace("\r\n", "\n").replace("\r", "\n").strip()
    tags = (_category(category) for category in categories)
    return Contact(
        name=name,
        company=company or None,
        phones=_unique(_one_line(phone) for phone in phones),
        emails=email_list,
        birthday=birthday,
        anniversary=anniversary,
        note=note or None,
        categories=_unique(tag for tag in tags if tag),
        origin=origin,
        called=_one_line(called) or None,
    )


def _bad_day(origin: str, what: str, value: str) -> BadInput:
    shown = value if len(value) <= 40 else value[:37] + "..."
    return BadInput(f"{origin}: cannot read the {what} {quoted(shown)}")


# ------------------------------------------------------------------------- vCard


def _vcard_day(prop: _Property, origin: str, what: str) -> str | None:
    value = _text(prop).strip()
    if not value:
        return None
    omit = _param(prop, "X-APPLE-OMIT-YEAR")
    omit_year = int(omit) if re.fullmatch(r"[0-9]{1,4}", omit) else None
    day = parse_day(value, omit_year=omit_year)
    if day is None and _param(prop, "VALUE").lower() != "text":
        raise _bad_day(origin, what, value)
    return day  # None for a free-text 4.0 date ("BDAY;VALUE=text:circa 1960")


def _name_from_n(prop: _Property) -> str:
    """N is Family;Given;Additional;Prefix;Suffix → "Prefix Given Additional Family Suffix"."""
    parts = [
        " ".join(unescape_text(item) for item in _split_escaped(component, ","))
        for component in _split_escaped(_decoded(prop), ";")
    ]
    parts += [""] * (5 - len(parts))
    family, given, additional, prefix, suffix = parts[:5]
    return _one_line(" ".join((prefix, given, additional, family, suffix)))


def _phone(prop: _Property) -> str:
    value = _text(prop).strip()
    if value[:4].lower() == "tel:":  # 4.0: TEL;VALUE=uri:tel:+1-555-0123;ext=12
        number, *uri_params = value[4:].split(";")
        extensions = [param[4:] for param in uri_params if param[:4].lower() == "ext="]
        value = unquote(number) + (f" ext. {extensions[0]}" if extensions else "")
    return value


def _email(prop: _Property) -> str:
    value = _text(prop).strip()
    return value[7:] if value[:7].lower() == "mailto:" else value


def _is_anniversary_label(label: str | None) -> bool:
    """Apple labels dates in item groups: ``item2.X-ABLabel:_$!<Anniversary>!$_``."""
    return label is not None and label.strip("_$!<> ").lower() == "anniversary"


def _card_contact(props: list[_Property], origin: str) -> Contact | None:
    labels = {prop.group: _text(prop) for prop in props if prop.name == "X-ABLABEL" and prop.group}
    full_name = n_name = company = called = ""
    phones: list[tuple[bool, str]] = []
    emails: list[tuple[bool, str]] = []
    birthday: str | None = None
    anniversary: str | None = None
    notes: list[str] = []
    categories: list[str] = []
    for prop in props:
        if prop.name == "FN" and not full_name:
            full_name = _one_line(_text(prop))
        elif prop.name == "N" and not n_name:
            n_name = _name_from_n(prop)
        elif prop.name == "ORG" and not company:
            company = unescape_text(_split_escaped(_decoded(prop), ";")[0])
        elif prop.name == "NICKNAME" and not called:
            called = unescape_text(_split_escaped(_decoded(prop), ",")[0])
        elif prop.name == "TEL":
            phones.append((_preferred(prop), _phone(prop)))
        elif prop.name == "EMAIL":
            emails.append((_preferred(prop), _email(prop)))
        elif prop.name == "BDAY" and birthday is None:
            birthday = _vcard_day(prop, origin, "birthday")
        elif anniversary is None and (
            prop.name in _ANNIVERSARY_PROPERTIES
            or (prop.name == "X-ABDATE" and _is_anniversary_label(labels.get(prop.group)))
        ):
            anniversary = _vcard_day(prop, origin, "anniversary")
        elif prop.name == "NOTE":
            notes.append(_text(prop).strip())
        elif prop.name == "CATEGORIES":
            categories += (unescape_text(c) for c in _split_escaped(_decoded(prop), ",;"))
    return _contact(
        origin=origin,
        name=full_name or n_name,
        company=company,
        phones=(phone for _, phone in sorted(phones, key=lambda item: not item[0])),
        emails=(email for _, email in sorted(emails, key=lambda item: not item[0])),
        birthday=birthday,
        anniversary=anniversary,
        note="\n".join(note for note in notes if note),
        categories=categories,
        called=called,
    )


def _snippet(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 30 else text[:27] + "..."


def read_vcards(text: str) -> list[Contact]:
    """Every contact in a vCard file; cards without any usable name are skipped."""
    contacts: list[Contact] = []
    card: list[_Property] | None = None
    card_number = 0
    card_line = 0
    for line in _logical_lines(text.removeprefix("\ufeff")):
        prop = _parse_property(line.text)
        edge = prop.name if prop and prop.raw.strip().upper() == "VCARD" else ""
        if edge == "BEGIN":
            if card is not None:
                raise BadInput(
                    f"card {card_number} (line {card_line}): BEGIN:VCARD without END:VCARD"
                )
            card_number += 1
            card_line = line.number
            card = []
        elif edge == "END":
            if card is None:
                raise BadInput(f"line {line.number}: END:VCARD without BEGIN:VCARD")
            contact = _card_contact(card, f"card {card_number} (line {card_line})")
            if contact is not None:
                contacts.append(contact)
            card = None
        elif card is None:
            if card_number == 0:
                raise BadInput(f"line {line.number}: not a vCard file: expected BEGIN:VCARD")
            raise BadInput(
                f"line {line.number}: expected BEGIN:VCARD after card {card_number}, "
                f"found {quoted(_snippet(line.text))}"
            )
        elif prop is not None:  # lines without a colon (2.1 picture data) are ignored
            card.append(prop)
    if card is not None:
        raise BadInput(f"card {card_number} (line {card_line}): BEGIN:VCARD without END:VCARD")
    return contacts


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
    return _one_line(cell.replace("\ufeff", "")).lower()


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
            day = _day_text(int(us_style[3]), int(us_style[1]), int(us_style[2]))
        elif dotted:
            day = _day_text(int(dotted[3]), int(dotted[2]), int(dotted[1]))
    if day is None:
        raise _bad_day(origin, what, value)
    return day


def _google_contact(row: _Row, origin: str) -> Contact | None:
    anniversary: str | None = None
    for column, label in row.items():
        event = _GOOGLE_EVENT_LABEL.fullmatch(column)
        if event and anniversary is None and _category(label) == "anniversary":
            anniversary = _csv_day(row, f"event {event[1]} - value", origin, "anniversary")
    company = _google_values(_get(row, "organization 1 - name", "organization name"))
    return _contact(
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
    return _contact(
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
    return _contact(
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


# ------------------------------------------------------------------------- files

_BOMS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _decode_file(data: bytes) -> str:
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
    head = _decode_file(data[:256]).lstrip("\ufeff \t\r\n")
    if head[:11].upper() == "BEGIN:VCARD":
        return "vcard"
    return None


def read_contacts(path_name: str, data: bytes, kind: str | None = None) -> list[Contact]:
    """Read a vCard or contacts CSV file's bytes (`kind` as `contacts_format` names it, by
    default from the name and content); errors name the file."""
    kind = kind or contacts_format(path_name, data)
    if kind == "vcard":
        reader = read_vcards
    elif kind == "csv":
        reader = read_contacts_csv
    else:
        raise BadInput(
            f"{path_name}: cannot tell the contacts format: expected a .vcf, .vcard or .csv file"
        )
    try:
        return reader(_decode_file(data))
    except BadInput as error:
        raise BadInput(f"{path_name}: {error.message}") from error
