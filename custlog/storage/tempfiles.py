"""custlog's own temporary files: whole copies (an export, a backup, a restore) written under a
hidden name beside their destination and renamed into place once complete.

Their names say whose they are, `.NAME.custlog-PID-XXXXXXXX.tmp`: a command stopped by a signal
removes its own (see `custlog.cli.main`), and after a `kill -9` the next run of the command, or
`custlog doctor`, removes those whose process has ended. No other file is ever touched.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from custlog.errors import StorageError

_NAME = re.compile(r"^\..+\.custlog-(?P<pid>[0-9]+)-[A-Za-z0-9_]+\.tmp(?:-wal|-shm|-journal)?$")


def create(beside: Path) -> tuple[int, Path]:
    """A new empty 0600 file in the folder of `beside`, named after it: its descriptor (open
    for writing) and its path."""
    folder = beside.parent if str(beside.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(
            dir=folder, prefix=f".{beside.name}.custlog-{os.getpid()}-", suffix=".tmp"
        )
    except OSError as exc:
        raise StorageError(f"cannot write in {folder}: {exc.strerror}") from None
    return fd, Path(name)


def is_ours(name: str) -> bool:
    return _NAME.match(name) is not None


def sweep(folder: Path) -> list[Path]:
    """Remove custlog's temporary files in `folder` left by a process that has ended (a
    killed export, backup or restore). Returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _NAME.match(entry.name)
        if found is None or _alive(int(found["pid"])):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            os.unlink(entry.path)
        except OSError:
            continue  # gone already, or not ours to remove
        removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # this process's own files are removed where they are made
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
