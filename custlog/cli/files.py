"""Commands about the file itself: where, export, import, doctor, backup, restore.

Each imports what it uses when it runs, so that importing this module at start-up costs
nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from custlog.cli.args import JsonOpt, YesOpt
from custlog.cli.root import app, session


@app.command()
def where(ctx: typer.Context) -> None:
    """Print the path of the log in use."""
    s = session(ctx)
    s.out.line(str(s.path))


@app.command("export")
def export_(
    ctx: typer.Context,
    out_file: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file (default stdout); for csv without --table, a directory.",
            show_default=False,
        ),
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="jsonl (the whole log), ics (follow-ups and birthdays for a calendar) "
            "or csv (tables for a spreadsheet). Default: from -o's extension or --table, "
            "else jsonl.",
            show_default=False,
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            metavar="TABLE",
            help="csv: only this table (customers, notes, facts or followups).",
            show_default=False,
        ),
    ] = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help="ics and csv: include private facts (jsonl always has everything).",
            show_default=False,
        ),
    ] = False,
) -> None:
    """The whole log as JSON Lines, a calendar or CSV tables.

    jsonl: everything, to import again; ics: follow-ups and birthdays for a calendar;
    csv: tables for a spreadsheet.
    """
    from custlog.domain import exporting
    from custlog.render import confirm

    s = session(ctx)
    plan = exporting.plan_export(out_file, format_, table, show_private=all_)
    exporting.refuse_the_log_itself(plan.target, s.path)
    confirm.exported(s.out, exporting.export(s.read(), plan, sys.stdout))


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            help="A custlog JSON Lines export, or contacts: a vCard file (.vcf, .vcard) or a "
            "Google, Outlook or name,company,phone,email CSV; '-' for stdin.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Show what would be imported; write nothing.", show_default=False
        ),
    ] = False,
) -> None:
    """Load a JSON Lines export or contacts; all or nothing.

    Contacts: a vCard file from a phone, or a Google or Outlook CSV.
    """
    from custlog.domain import importing
    from custlog.render import confirm

    s = session(ctx)
    source = importing.open_source(file, getattr(sys.stdin, "buffer", None))
    if dry_run:
        result = importing.import_source(s.read(), source, dry_run=True)
    else:
        with s.write_whole() as c:
            result = importing.import_source(c, source, dry_run=False)
    confirm.imported(s.out, result)


@app.command()
def doctor(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Check the log: integrity, schema, records, permissions."""
    from custlog.domain import maintenance
    from custlog.errors import StorageError
    from custlog.render import confirm

    s = session(ctx)
    report = maintenance.doctor(s.path)
    if json_:
        s.out.json(report.as_dict())
    else:
        confirm.doctor_report(s.out, report)
    if not report.healthy:
        raise StorageError(report.problems[0])


@app.command()
def backup(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            help="Where to write the copy: a file, or a folder to put it in "
            "(default: backups/ beside the log).",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace PATH if it exists.", show_default=False)
    ] = False,
) -> None:
    """Copy the log consistently; prints the copy's path.

    Safe while custlog is in use.
    """
    from custlog.domain import maintenance
    from custlog.render import confirm

    s = session(ctx)
    dest = Path(path).expanduser() if path else None
    result = maintenance.backup(s.read().store, dest, overwrite=force)
    s.close()
    confirm.backed_up(s.out, result)


@app.command()
def restore(
    ctx: typer.Context,
    path: Annotated[
        str, typer.Argument(help="The backup to restore.", metavar="PATH", show_default=False)
    ],
    yes: YesOpt = False,
) -> None:
    """Replace the log with a checked backup.

    The current log is kept aside.
    """
    from custlog.cli.ask import confirm as ask
    from custlog.domain import maintenance
    from custlog.render import confirm

    s = session(ctx)
    source = Path(path).expanduser()
    checked = maintenance.check_backup(source)
    counts = maintenance.describe_counts(checked.counts)
    question = f"Replace the log {s.path} with {source} ({counts}), keeping the old one aside?"
    if not yes and s.path.exists() and not ask(question):
        confirm.declined(s.out, "Nothing was restored.")
        return
    confirm.restored(s.out, maintenance.restore(s.path, source), counts, source)
