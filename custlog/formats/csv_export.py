"""The log as CSV for spreadsheets: one table per file.

Columns carry readable names and each record carries its customer's name beside the
`customer_id`; tags read "fleet, vip" and flags yes/no. Files written into a directory start
with a UTF-8 byte order mark so that Excel shows accented names correctly; standard output
gets plain UTF-8.

A text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a
tab or a line break) is written with a leading `'`, as OWASP's CSV-injection guidance says:
`+1 555 0100` reads `'+1 555 0100` (the spreadsheet shows the number as text, the digits all
there). Only the CSV export does this; the JSON Lines export keeps every value as it is.
Private facts are left out unless asked for (`export --all`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from custlog.domain import privacy
from custlog.errors import BadInput, StorageError
from custlog.storage.files import write_private
from custlog.storage.store import Store

TABLES = ("customers", "notes", "facts", "followups")
BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_cell(value: object) -> object:
    """A value made safe for a spreadsheet: text that would start a formula gets a leading
    `'` (numbers stay numbers; None is an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def table_chunks(store: Store, table: str, *, show_private: bool = False) -> Iterator[str]:
    """The table as CSV text (header first, CRLF line ends), a row at a time; private facts
    only with `show_private`."""
    columns, rows = store.tables.for_spreadsheet(table)
    private = columns.index("private") if table == "facts" else None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(columns)
    yield flush()
    for row in rows:
        if private is not None and not privacy.shareable(
            row[private] == "yes", show_private=show_private
        ):
            continue
        writer.writerow(spreadsheet_cell(value) for value in row)
        yield flush()


def write_directory(store: Store, directory: Path, *, show_private: bool = False) -> list[Path]:
    """Write customers.csv, notes.csv, facts.csv and followups.csv (0600) into `directory`,
    creating it (0700) when missing. Returns the files written."""
    if directory.exists() and not directory.is_dir():
        raise BadInput(f"{directory} is a file: give a directory for the CSV files, or --table")
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StorageError(f"cannot create the directory {directory}: {exc.strerror}") from None
    written: list[Path] = []
    for table in TABLES:
        path = directory / f"{table}.csv"
        write_private(path, _with_bom(table_chunks(store, table, show_private=show_private)))
        written.append(path)
    return written


def _with_bom(chunks: Iterator[str]) -> Iterator[str]:
    yield BOM
    yield from chunks


def write_table(store: Store, table: str, path: Path, *, show_private: bool = False) -> None:
    """One table into one file (0600)."""
    write_private(path, _with_bom(table_chunks(store, table, show_private=show_private)))
