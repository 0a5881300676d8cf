"""`custlog export`: which format a command line asks for, and writing it where it goes."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import NamedTuple, TextIO

from custlog.domain.context import Context
from custlog.errors import BadInput, BadOption

FORMATS = ("jsonl", "ics", "csv")
TABLES = ("customers", "notes", "facts", "followups")


class ExportPlan(NamedTuple):
    format: str  # one of FORMATS
    table: str | None  # csv: one table; None: every table, one file each
    target: Path | None  # None: standard output
    show_private: bool = False  # ics and csv: private facts too (jsonl always has everything)


class Exported(NamedTuple):
    plan: ExportPlan
    lines: int  # JSON Lines records, calendar events, CSV rows (headers not counted)
    files: list[Path]
    skipped: tuple[str, ...] = ()  # records left out of a calendar, each with why


def plan_export(
    out_file: str | None, format_: str | None, table: str | None, *, show_private: bool = False
) -> ExportPlan:
    """The format: `--format`, else csv for `--table`, else from -o's extension, else jsonl."""
    suffix = Path(out_file or "").suffix.lower().lstrip(".")
    guessed = "csv" if table is not None else (suffix if suffix in ("ics", "csv") else "jsonl")
    kind = format_.strip().lower() if format_ is not None else guessed
    if kind not in FORMATS:
        raise BadOption(f"{format_!r}: use jsonl, ics or csv", "'--format' / '-f'")
    if table is not None and kind != "csv":
        raise BadOption("goes with --format csv", "'--table'")
    name = table.strip().lower() if table is not None else None
    if name is not None and name not in TABLES:
        raise BadOption(f"{table!r}: use customers, notes, facts or followups", "'--table'")
    target = None if out_file in (None, "-") else Path(out_file or "")
    if kind == "csv" and name is None and (target is None or suffix == "csv"):
        raise BadOption(
            "csv writes one file per table: give -o DIRECTORY, or --table "
            "customers|notes|facts|followups",
            "'--table'",
        )
    return ExportPlan(kind, name, target, show_private)


def refuse_the_log_itself(target: Path | None, log: Path) -> None:
    """An export written over the log (or its -wal/-shm) would destroy it."""
    if target is None:
        return
    for name in (str(log), f"{log}-wal", f"{log}-shm", f"{log}-journal"):
        candidate = Path(name)
        same = target.resolve() == candidate.resolve()
        if not same and target.exists() and candidate.exists():
            same = os.path.samefile(target, candidate)
        if same:
            raise BadInput(f"{target} is the log itself: export to another file")


def export(ctx: Context, plan: ExportPlan, stdout: TextIO) -> Exported:
    """Write the export to `plan.target` (privately, whole or not at all) or to `stdout`."""
    skipped: tuple[str, ...] = ()
    if plan.format == "jsonl":
        from custlog.domain import interchange

        chunks: Iterable[str] = (line + "\n" for line in interchange.export_lines(ctx.store))
    elif plan.format == "ics":
        from custlog.domain import calendar_export

        made = calendar_export.calendar(
            ctx.store, ctx.today, ctx.now_dt.astimezone(), show_private=plan.show_private
        )
        chunks = [made.text]
        skipped = tuple(made.skipped)
    else:
        from custlog.formats import csv_export

        if plan.table is None:
            assert plan.target is not None
            files = csv_export.write_directory(
                ctx.store, plan.target, show_private=plan.show_private
            )
            return Exported(plan, 0, files)
        chunks = csv_export.table_chunks(ctx.store, plan.table, show_private=plan.show_private)
    counter = _Counter(plan.format)
    # Closed as soon as the export ends, even by an error: its cursor is done with the log
    # before the log is closed.
    with contextlib.closing(counter.count(chunks)) as counted:
        if plan.target is None:
            for chunk in counted:
                stdout.write(chunk)
            return Exported(plan, counter.lines, [], skipped)
        from custlog.storage.files import write_private

        with_bom: Iterable[str] = counted
        if plan.format == "csv":  # a spreadsheet reads the file as UTF-8 by its byte-order mark
            with_bom = itertools.chain([csv_export.BOM], counted)
        write_private(plan.target, with_bom)
        return Exported(plan, counter.lines, [plan.target], skipped)


class _Counter:
    """Counts what passes: records (jsonl), events (ics) or rows after the header (csv, one
    row a chunk)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.lines = -1 if kind == "csv" else 0

    def count(self, chunks: Iterable[str]) -> Generator[str, None, None]:
        try:
            for chunk in chunks:
                if self.kind == "ics":
                    self.lines += chunk.count("BEGIN:VEVENT")
                elif self.kind == "csv":
                    self.lines += 1
                else:
                    self.lines += chunk.count("\n")
                yield chunk
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
