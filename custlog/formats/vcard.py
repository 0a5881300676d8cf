"""Read contacts from vCard files (2.1, 3.0, 4.0).

The reader is deliberately small: it understands what phones, Google, Apple and Outlook
actually write (quoted-printable 2.1 cards, folded and escaped 3.0 cards, 4.0 URIs and
truncated dates) and ignores every property it has no use for. Unfolding is linear in the
size of the file, so a card with a large PHOTO reads as fast as its bytes.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from custlog.errors import BadInput
from custlog.formats.contacts import (
    Contact,
    bad_day,
    decode_bytes,
    make_contact,
    one_line,
    parse_day,
)
from custlog.render.words import quoted

_ANNIVERSARY_PROPERTIES = ("ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY")

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


def _is_quoted_printable(head: str) -> bool:
    return "QUOTED-PRINTABLE" in head.upper()


def _is_card_edge(line: str) -> bool:
    return len(line) < 40 and line.strip().upper() in ("BEGIN:VCARD", "END:VCARD")


_HEAD_LIMIT = 4096  # a property's name and parameters (before its colon) are short


class _Unfolding:
    """One logical line being put together from physical lines: the pieces are joined once,
    at the end, so unfolding is linear in the size of the line (a PHOTO of many megabytes
    is thousands of continuation lines)."""

    def __init__(self, number: int, first: str) -> None:
        self.number = number
        self.pieces = [first]
        self.head, colon, _ = first.partition(":")
        self.head_done = bool(colon)
        self.quoted_printable = _is_quoted_printable(self.head)

    def add(self, piece: str) -> None:
        self.pieces.append(piece)
        if not self.head_done and len(self.head) < _HEAD_LIMIT:
            # A property name folded before its colon: the parameters are still arriving.
            before, colon, _ = piece.partition(":")
            self.head += before
            self.head_done = bool(colon)
            self.quoted_printable = _is_quoted_printable(self.head)

    def soft_break(self) -> bool:
        """A quoted-printable value ending in "=": the next physical line continues it."""
        return self.quoted_printable and self.pieces[-1].endswith("=")

    def drop_soft_break(self) -> None:
        self.pieces[-1] = self.pieces[-1][:-1]

    def line(self) -> _Line:
        return _Line(self.number, "".join(self.pieces))


def _logical_lines(text: str) -> Iterator[_Line]:
    """Unfold the text: continuation lines (space or tab) and 2.1 soft line breaks (``=``)."""
    current: _Unfolding | None = None
    for number, physical in enumerate(_LINE_BREAK.split(text), start=1):
        if current is not None and current.soft_break() and not _is_card_edge(physical):
            current.drop_soft_break()
            current.add(physical)
        elif current is not None and physical[:1] in (" ", "\t"):
            current.add(physical[1:])
        else:
            if current is not None:
                yield current.line()
                current = None
            if physical.strip():
                current = _Unfolding(number, physical)
    if current is not None:
        yield current.line()


def _split_outside_quotes(text: str, separator: str, limit: int = -1) -> list[str]:
    """Split on `separator` outside double quotes, at most `limit` times (-1: no limit)."""
    parts: list[str] = []
    start = 0
    quoted = False
    for index, char in enumerate(text):
        if limit == 0:
            break  # the rest is one part: never walk a long value character by character
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
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
    return decode_bytes(data, _param(prop, "CHARSET")).replace("\r\n", "\n")


def _text(prop: _Property) -> str:
    return unescape_text(_decoded(prop))


# ------------------------------------------------------------------------- vCard


def _vcard_day(prop: _Property, origin: str, what: str) -> str | None:
    value = _text(prop).strip()
    if not value:
        return None
    omit = _param(prop, "X-APPLE-OMIT-YEAR")
    omit_year = int(omit) if re.fullmatch(r"[0-9]{1,4}", omit) else None
    day = parse_day(value, omit_year=omit_year)
    if day is None and _param(prop, "VALUE").lower() != "text":
        raise bad_day(origin, what, value)
    return day  # None for a free-text 4.0 date ("BDAY;VALUE=text:circa 1960")


def _name_from_n(prop: _Property) -> str:
    """N is Family;Given;Additional;Prefix;Suffix → "Prefix Given Additional Family Suffix"."""
    parts = [
        " ".join(unescape_text(item) for item in _split_escaped(component, ","))
        for component in _split_escaped(_decoded(prop), ";")
    ]
    parts += [""] * (5 - len(parts))
    family, given, additional, prefix, suffix = parts[:5]
    return one_line(" ".join((prefix, given, additional, family, suffix)))


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
            full_name = one_line(_text(prop))
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
    return make_contact(
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
        edge = (
            prop.name if prop and len(prop.raw) < 40 and prop.raw.strip().upper() == "VCARD" else ""
        )
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
