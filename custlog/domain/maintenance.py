"""Looking after the log file itself: `doctor` checks it, `backup` copies it, `restore` puts a
copy back. Plain data in, plain data out; the SQL lives in `custlog.storage.logfile`.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from custlog.errors import BadInput, StorageError
from custlog.storage import logfile, paths, schema, tempfiles
from custlog.storage.store import Store

BACKUP_DIR = "backups"
WAL_SUFFIXES = ("-wal", "-shm")


def describe_counts(counts: dict[str, int] | None) -> str:
    """`12 customers, 90 notes, 42 facts, 33 follow-ups`."""
    if counts is None:
        return "no records"
    from custlog.render.words import counts as counted

    labels = {"customers": "customer", "notes": "note", "facts": "fact", "followups": "follow-up"}
    return counted((counts.get(t, 0), labels[t]) for t in schema.LOG_TABLES)


# -- doctor ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileMode:
    path: Path
    mode: int  # the permission bits, e.g. 0o600

    @property
    def private(self) -> bool:
        return not self.mode & 0o077


@dataclass
class DoctorReport:
    """What `custlog doctor` found. `problems` make it unhealthy; `warnings` do not."""

    path: Path
    exists: bool
    size: int | None = None  # bytes: the log and its write-ahead file
    files: list[FileMode] = field(default_factory=list)
    is_sqlite: bool = False
    is_custlog: bool = False
    journal_mode: str | None = None
    schema_version: int | None = None
    program_schema_version: int = schema.SCHEMA_VERSION
    counts: dict[str, int] | None = None
    integrity: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "exists": self.exists,
            "size": self.size,
            "files": [{"path": str(f.path), "mode": f"{f.mode:04o}"} for f in self.files],
            "sqlite": self.is_sqlite,
            "custlog": self.is_custlog,
            "journal_mode": self.journal_mode,
            "schema_version": self.schema_version,
            "program_schema_version": self.program_schema_version,
            "counts": self.counts,
            "integrity": list(self.integrity),
            "healthy": self.healthy,
            "problems": self.problems,
            "warnings": self.warnings,
        }


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in WAL_SUFFIXES]


def _permission_warnings(report: DoctorReport, log: Path) -> None:
    candidates = [log, *_companions(log)]
    backups = log.parent / BACKUP_DIR
    if backups.is_dir():
        candidates += sorted(p for p in backups.iterdir() if p.is_file())
    for path in candidates:
        mode = _mode(path)
        if mode is None:
            continue
        entry = FileMode(path, mode)
        if path.parent == log.parent:
            report.files.append(entry)
        if not entry.private:
            report.warnings.append(
                f"{path} can be read by other users (mode {mode:04o}): run chmod 600 {path}"
            )


def doctor(path: Path) -> DoctorReport:
    """Check the log at `path`: is it a custlog log, whole (SQLite's integrity check), of
    which schema version, with how many records, and private? Its records are not changed;
    doctor removes temporary copies left by killed commands, finishes an erasure `forget`
    could not complete, and records a failed integrity check (the log is then not written)."""
    report = DoctorReport(path=path, exists=path.exists())
    for folder in (path.parent, path.parent / BACKUP_DIR):
        for leftover in tempfiles.sweep(folder):
            report.warnings.append(
                f"removed {leftover}, a copy left by an export, backup or restore that was killed"
            )
    if not report.exists:
        report.warnings.append(f"there is no log at {path} yet: it is created on the first write")
        return report
    if path.is_dir():
        report.problems.append(f"{path} is a directory, not a custlog log")
        return report
    if not path.is_file():
        report.problems.append(paths.not_a_regular_file(path, "a custlog log"))
        return report
    _permission_warnings(report, path)
    report.size = sum(p.stat().st_size for p in (path, *_companions(path)[:1]) if p.exists())
    if report.size == 0:
        report.warnings.append(f"{path} is empty: custlog makes it a log on the first write")
        return report
    # SQLite reads the header itself (see Store.open on why custlog never does).
    try:
        if logfile.unfinished_erasure(path):
            _finish_erasure(report, path)
        facts = logfile.inspect_file(path)
    except StorageError as exc:
        report.problems.append(exc.message.removesuffix("; run `custlog doctor`"))
        return report
    report.is_sqlite = True
    report.integrity = facts.integrity
    if facts.integrity and facts.integrity != ("ok",):
        report.problems.append(f"the integrity check failed: {facts.integrity[0]}")
    if facts.application_id != schema.APPLICATION_ID:
        if facts.tables == 0 and facts.integrity == ("ok",):
            report.warnings.append(f"{path} is an empty SQLite database: no custlog log yet")
        else:
            report.problems.append(f"{path} is a SQLite database but not a custlog log")
        return report
    report.journal_mode = facts.journal_mode
    logfile.record_damage(path, facts.integrity)
    if facts.integrity != ("ok",):
        report.problems.append(
            "custlog does not write to this log until it is restored "
            "(`custlog restore BACKUP`) or passes this check again"
        )
    report.is_custlog = True
    report.schema_version = facts.schema_version
    report.counts = facts.counts
    newer = _unknown_migrations(facts.migrations)
    if facts.schema_version > schema.SCHEMA_VERSION or newer:
        what = f"unknown migration {newer[0]}" if newer else f"schema {facts.schema_version}"
        report.problems.append(
            f"{path} was written by a newer custlog ({what}; this one knows schema "
            f"{schema.SCHEMA_VERSION}): upgrade custlog"
        )
    elif facts.schema_version < schema.SCHEMA_VERSION:
        report.warnings.append(
            f"the log has schema {facts.schema_version}: custlog upgrades it to "
            f"{schema.SCHEMA_VERSION} the next time it is opened"
        )
    if facts.counts is None and facts.integrity == ("ok",):
        report.problems.append(f"{path} is marked as a custlog log but its tables are missing")
    elif facts.integrity == ("ok",) and facts.schema_version == schema.SCHEMA_VERSION:
        _mend_name_keys(report, path)
    return report


def _mend_name_keys(report: DoctorReport, path: Path) -> None:
    """Names changed by another program (a database browser) leave the keys custlog finds
    customers by behind: write them again, from the names."""
    from custlog.render.words import plural

    store = Store.open(path, create=False)
    try:
        stale = store.customers.stale_keys()
        if not stale:
            return
        with store.transaction(step=None):  # derived keys: nothing to undo
            store.customers.rekey(stale)
    except StorageError as exc:
        report.problems.append(
            f"{plural(len(stale), 'customer')} cannot be found by name until their name keys "
            f"are written again, and they could not be: {exc.message}"
        )
        return
    finally:
        store.close()
    report.warnings.append(
        f"wrote the name keys of {plural(len(stale), 'customer')} again: their names were "
        "changed by another program"
    )


def _finish_erasure(report: DoctorReport, path: Path) -> None:
    """`forget` could not wipe a customer's words from the file while another program read
    an older snapshot: finish it now."""
    if logfile.finish_erasure(path):
        report.warnings.append(
            "finished wiping a forgotten customer's words from the file (forget had left it "
            "to doctor)"
        )
    else:
        report.problems.append(
            f"a forgotten customer's words are still in the bytes of {path} and {path}-wal: "
            "another program (Datasette, Litestream, a long export?) is reading an older "
            "snapshot of the log. Close it, then run `custlog doctor` again"
        )


def _unknown_migrations(applied: tuple[str, ...]) -> list[str]:
    from custlog.storage.migrations import migrations

    known = {m.name for m in migrations._migrations}
    return [name for name in applied if name not in known]


# -- backup ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    counts: dict[str, int] | None


def default_backup_path(log: Path, now: datetime) -> Path:
    """`<log dir>/backups/custlog-YYYYMMDD-HHMMSS.db`, with -2, -3… if that name is taken."""
    return _unique(log.parent / BACKUP_DIR / _backup_name(now))


def _backup_name(now: datetime) -> str:
    return f"custlog-{now:%Y%m%d-%H%M%S}.db"


def backup(
    log: Store,
    dest: Path | None = None,
    *,
    overwrite: bool = False,
    now: datetime | None = None,
) -> BackupResult:
    """Write a consistent copy of the open log to `dest` (a file, or a folder to put it in),
    0600, while other programs may go on writing. An existing file is replaced only when
    `overwrite` is set; a half-written copy is never left under the final name."""
    if log.path is None:
        raise BadInput("there is no log yet: nothing to back up")
    moment = now or datetime.now()
    if dest is None:
        target = default_backup_path(log.path, moment)
        paths.make_private_folder(target.parent)
    elif dest.is_dir():
        target = _unique(dest / _backup_name(moment))
    else:
        target = dest
    if target.exists() and not overwrite:
        raise BadInput(f"{target} already exists: choose another name, or pass --force")
    if target.exists() and target.is_dir():
        raise BadInput(f"{target} is a directory")
    if target.exists() and not target.is_file():
        raise BadInput(paths.not_a_regular_file(target, "a place for a backup"))
    if target.exists() and _same_file(target, log.path):
        raise BadInput(f"{target} is the log itself: choose another name")
    if not target.parent.is_dir():
        raise BadInput(f"no such folder: {target.parent}")
    tempfiles.sweep(target.parent)  # copies left by a backup that was killed
    tmp = _private_temp(target)
    try:
        logfile.vacuum_into(log, tmp)
        _fsync(tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError(f"cannot write {target}: {exc.strerror}") from None
        raise
    _fsync_dir(target.parent)
    facts = logfile.inspect_file(target, integrity=False)
    return BackupResult(target, target.stat().st_size, facts.counts)


def _unique(candidate: Path) -> Path:
    stem, number = candidate.stem, 2
    while candidate.exists():
        candidate = candidate.with_name(f"{stem}-{number}{candidate.suffix}")
        number += 1
    return candidate


# -- restore -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    schema_version: int
    counts: dict[str, int]


@dataclass(frozen=True)
class RestoreResult:
    log: Path
    backup: Path
    kept_as: Path | None  # the previous log, set aside (None: there was none)
    counts: dict[str, int]


def check_backup(path: Path) -> BackupCheck:
    """Refuse anything but a whole custlog log this program can read."""
    if not path.exists():
        raise BadInput(f"no such file: {path}")
    if path.is_dir():
        raise BadInput(f"{path} is a directory, not a backup")
    if not path.is_file():
        raise BadInput(paths.not_a_regular_file(path, "a custlog backup") + ": not restored")
    if path.stat().st_size == 0:
        raise BadInput(f"{path} is empty, not a custlog backup: not restored")
    try:
        facts = logfile.inspect_file(path)
    except StorageError as exc:
        what = "not an SQLite database" if "not an SQLite" in exc.message else "damaged"
        raise BadInput(f"{path} is not a usable custlog backup ({what}): not restored") from None
    if facts.application_id != schema.APPLICATION_ID and not facts.integrity:
        raise BadInput(f"{path} is a SQLite database but not a custlog backup: not restored")
    if facts.integrity != ("ok",):
        raise BadInput(f"{path} is damaged ({facts.integrity[0]}): not restored")
    if facts.application_id != schema.APPLICATION_ID:
        raise BadInput(f"{path} is a SQLite database but not a custlog backup: not restored")
    newer = _unknown_migrations(facts.migrations)
    if facts.schema_version > schema.SCHEMA_VERSION or newer:
        what = f"unknown migration {newer[0]}" if newer else f"schema {facts.schema_version}"
        raise BadInput(
            f"{path} was written by a newer custlog ({what}; this one knows schema "
            f"{schema.SCHEMA_VERSION}): upgrade custlog to restore it"
        )
    if facts.counts is None:
        raise BadInput(f"{path} is marked as a custlog log but its tables are missing")
    return BackupCheck(path, facts.schema_version, facts.counts)


def aside_path(log: Path, now: datetime) -> Path:
    return _unique(log.with_name(f"{log.name}.before-restore-{now:%Y%m%d-%H%M%S}"))


def restore(log: Path, backup_path: Path, *, now: datetime | None = None) -> RestoreResult:
    """Put the backup at `backup_path` in place of the log at `log`, after checking it.

    The previous log is kept as `<log>.before-restore-YYYYMMDD-HHMMSS` (0600). A readable log
    is overwritten in one SQLite transaction (other custlog processes wait, then see the
    restored log); a damaged one is replaced with an atomic rename. Either way the log is the
    old one or the restored one, never a mix.
    """
    checked = check_backup(backup_path)
    if log.is_dir():
        raise StorageError(f"{log} is a directory, not a custlog log")
    if log.exists() and not log.is_file():
        raise StorageError(
            paths.not_a_regular_file(log, "a custlog log") + ": nothing was restored"
        )
    if log.exists() and _same_file(log, backup_path):
        raise BadInput(f"{backup_path} is the log itself: nothing to restore")
    if log.exists() and log.stat().st_size and _foreign(log):
        raise StorageError(
            f"{log} is a SQLite database but not a custlog log: nothing was restored"
        )
    paths.prepare_folder(log)
    moment = now or datetime.now()
    if not log.exists() or log.stat().st_size == 0:
        _install(log, backup_path, kept_as=None)
        return RestoreResult(log, backup_path, None, checked.counts)
    kept = aside_path(log, moment)
    if logfile.readable_database(log):
        _new_private_file(kept)
        try:
            logfile.copy_database(log, kept)
            logfile.set_journal_mode(kept, "delete")
            _fsync(kept)
            logfile.copy_database(backup_path, log)
        except BaseException:
            for path in (kept, *_companions(kept)):
                path.unlink(missing_ok=True)
            raise
    else:
        _private_copy(log, kept)
        _install(log, backup_path, kept_as=kept)
    logfile.clear_damage(log)
    return RestoreResult(log, backup_path, kept, checked.counts)


def _foreign(path: Path) -> bool:
    """Another program's database (a damaged custlog log is not: restore replaces it)."""
    try:
        return logfile.is_foreign(path)
    except StorageError:
        return False


def _install(log: Path, backup_path: Path, *, kept_as: Path | None) -> None:
    """Copy the backup to a temporary file beside the log, then rename it over the log."""
    tempfiles.sweep(log.parent)
    tmp = _private_temp(log)
    try:
        logfile.copy_database(backup_path, tmp)
        logfile.set_journal_mode(tmp, "wal")
        _fsync(tmp)
        # Write-ahead files of a damaged log would be applied to the new one: move them to
        # the copy kept aside (their content belongs with it).
        for suffix in WAL_SUFFIXES:
            stale = log.with_name(log.name + suffix)
            if stale.exists():
                if kept_as is not None and suffix == "-wal" and stale.stat().st_size:
                    os.replace(stale, kept_as.with_name(kept_as.name + suffix))
                else:
                    stale.unlink()
        os.replace(tmp, log)
    except BaseException as exc:
        for path in (tmp, *_companions(tmp)):
            path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError(f"cannot replace {log}: {exc.strerror}; it is unchanged") from None
        raise
    _fsync_dir(log.parent)


# -- files -------------------------------------------------------------------------------------


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _private_temp(beside: Path) -> Path:
    """A new empty 0600 file in the folder of `beside`, named after it (custlog's own
    temporary name: see `custlog.storage.tempfiles`)."""
    fd, path = tempfiles.create(beside)
    os.close(fd)
    return path


def _new_private_file(path: Path) -> None:
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise StorageError(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)


def _private_copy(source: Path, dest: Path) -> None:
    """A byte-for-byte copy, created 0600 (for a log SQLite can no longer read)."""
    _new_private_file(dest)
    try:
        with source.open("rb") as src, dest.open("wb") as out:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        dest.unlink(missing_ok=True)
        raise StorageError(f"cannot copy {source} to {dest}: {exc.strerror}") from None


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
