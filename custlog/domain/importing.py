"""`custlog import`: read a file (custlog's JSON Lines, or contacts), check what can be checked
without the log, then import it all or nothing, or rehearse it (`--dry-run`)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from custlog.domain.context import Context
from custlog.errors import BadInput

if TYPE_CHECKING:
    from custlog.domain.contacts_import import ContactsReport
    from custlog.domain.interchange import ImportReport
    from custlog.formats.contacts import Contact


class Source(NamedTuple):
    """A file to import: its contacts (read and checked), or its JSON Lines (streamed)."""

    shown: str  # the file's name, or "standard input"
    contacts: list[Contact] | None
    lines: Iterator[str] | None


class Imported(NamedTuple):
    source: Source
    dry_run: bool
    contacts: ContactsReport | None
    records: ImportReport | None


def open_source(file: str, stdin: BinaryIO | None) -> Source:
    """Open FILE ('-': `stdin`) and tell contacts from JSON Lines by a peek at the start;
    contacts are read and checked whole here, JSON Lines stream (any size, flat memory)."""
    from custlog.formats.contacts import contacts_format

    handle = _open_binary(file, stdin)
    shown = "standard input" if file == "-" else file
    kind = contacts_format(file, handle.peek(256)[:256])
    if kind is None:
        from custlog.domain.interchange import read_lines

        return Source(shown, None, read_lines(handle, shown))
    from custlog.domain import contacts_import
    from custlog.formats.contacts import MAX_FILE_BYTES, read_contacts

    contacts = read_contacts(shown, handle.read(MAX_FILE_BYTES + 1), kind)
    if not contacts:
        raise BadInput(f"{shown}: no contacts found; nothing was imported")
    contacts_import.check(contacts, source=shown)
    return Source(shown, contacts, None)


def import_source(ctx: Context, source: Source, *, dry_run: bool) -> Imported:
    """Import everything or nothing; with `dry_run`, do it in a transaction that is rolled
    back, and report what would have happened."""
    if source.contacts is not None:
        from custlog.domain import contacts_import

        report = contacts_import.import_contacts(
            ctx, source.contacts, dry_run=dry_run, source=source.shown
        )
        return Imported(source, dry_run, report, None)
    from custlog.domain import interchange

    assert source.lines is not None
    if dry_run:
        with ctx.store.rehearsal():
            records = interchange.import_lines(ctx.store, source.lines, ctx.today, source.shown)
    else:
        records = interchange.import_lines(ctx.store, source.lines, ctx.today, source.shown)
    return Imported(source, dry_run, None, records)


def _open_binary(file: str, stdin: BinaryIO | None) -> io.BufferedReader:
    if file == "-":
        if isinstance(stdin, io.BufferedReader):
            return stdin
        data = stdin.read() if stdin is not None else b""
        return io.BufferedReader(io.BytesIO(data))
    try:
        return open(file, "rb")
    except FileNotFoundError:
        raise BadInput(f"no such file: {file}") from None
    except IsADirectoryError:
        raise BadInput(f"{file} is a directory, not a file") from None
    except OSError as exc:
        raise BadInput(f"cannot read {file}: {exc.strerror}") from None
