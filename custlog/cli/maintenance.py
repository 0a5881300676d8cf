"""`custlog doctor`, `custlog backup` and `custlog restore`, registered on the main app.

Like every command in `custlog.cli`, each imports what it uses when it runs, so that importing
this module (which `custlog.cli` does at start-up) costs nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from custlog.cli import JsonOpt, _confirm, _state, command, context, output
from custlog.errors import BadInput, StorageError

if TYPE_CHECKING:
    from custlog.domain.maintenance import DoctorReport


def _log_path() -> Path:
    from custlog.storage import paths

    return paths.db_path(_state["db"])


@command()
def doctor(json_: JsonOpt = False) -> None:
    """Check the log: integrity, schema version, records and file permissions."""
    from custlog.domain import maintenance

    report = maintenance.doctor(_log_path())
    if json_:
        output().json(report.as_dict())
    else:
        for line in _report_lines(report):
            output().line(line)
    if not report.healthy:
        raise StorageError(report.problems[0])


def _report_lines(report: DoctorReport) -> list[str]:
    from custlog.domain import maintenance

    lines = [f"log          {report.path}"]
    if report.size is not None:
        lines.append(f"size         {report.size:,} bytes")
    if report.journal_mode is not None:
        lines.append(f"journal      {report.journal_mode}")
    if report.schema_version is not None:
        lines.append(
            f"schema       {report.schema_version} "
            f"(this custlog writes {report.program_schema_version})"
        )
    if report.counts is not None:
        lines.append(f"records      {maintenance.describe_counts(report.counts)}")
    if report.integrity:
        lines.append(f"integrity    {'; '.join(report.integrity[:3])}")
    for entry in report.files:
        lines.append(f"permissions  {entry.mode:04o} {entry.path.name}")
    lines += [f"problem      {text}" for text in report.problems]
    lines += [f"warning      {text}" for text in report.warnings]
    if report.healthy:
        lines.append("healthy      yes")
    return lines


@command()
def backup(
    path: Annotated[
        str | None,
        typer.Argument(
            help="Where to write the copy: a file, or a folder to put it in "
            "(default: backups/ beside the log).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Write a consistent copy of the log (safe while custlog is in use); prints its path."""
    from custlog.domain import maintenance

    log = _log_path()
    ctx = context(write=False)
    if ctx.store.path is None:
        raise BadInput(f"there is no log at {log} yet: nothing to back up")
    dest = Path(path).expanduser() if path else None
    result = maintenance.backup(ctx.store, dest, overwrite=force)
    ctx.store.close()
    output().line(str(result.path))
    output().message(
        f"Backed up {maintenance.describe_counts(result.counts)} "
        f"({result.size:,} bytes) to {result.path}"
    )


@command()
def restore(
    path: Annotated[str, typer.Argument(help="The backup to restore.", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the log with a backup, once it is checked; the current log is kept aside."""
    from custlog.domain import maintenance

    log = _log_path()
    source = Path(path).expanduser()
    checked = maintenance.check_backup(source)
    counts = maintenance.describe_counts(checked.counts)
    if (
        not yes
        and log.exists()
        and not _confirm(
            f"Replace the log {log} with {source} ({counts}), keeping the old one aside?"
        )
    ):
        raise BadInput("nothing was restored (pass --yes to skip the question)")
    result = maintenance.restore(log, source)
    kept = f"; the previous log is kept as {result.kept_as}" if result.kept_as else ""
    output().line(f"Restored {counts} from {source}{kept}")
