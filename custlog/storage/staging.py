"""A new log built aside and put in place whole: what a long first import writes to.

An import checks its lines as it writes them, so a bad last line is found late. Written
straight into a new log, a failure would leave a file to delete, possibly after another
process had added to it. Built aside instead, under one of custlog's temporary names
(`custlog.storage.tempfiles`), the log appears only complete, and only if no other process
created one meanwhile; a failure removes the temporary file, and one left by a killed import
is swept by the next import or by `custlog doctor`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from custlog.errors import StorageError
from custlog.storage import tempfiles


@contextlib.contextmanager
def new_log_aside(path: Path) -> Iterator[Path]:
    """A private empty file beside `path` to build the log in; on a clean exit (the caller
    has closed its connection) it becomes `path`, unless `path` exists by then."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StorageError(f"cannot create the log at {path}: {exc.strerror}") from None
    tempfiles.sweep(folder)  # a log an earlier first import was building when it was killed
    fd, staged = tempfiles.create(path)
    os.close(fd)
    try:
        yield staged
        _publish(staged, path)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{staged}{suffix}").unlink(missing_ok=True)


def _publish(staged: Path, path: Path) -> None:
    try:
        os.link(staged, path)  # never replaces: fails if the log appeared meanwhile
    except FileExistsError:
        raise StorageError(
            f"another custlog created the log {path} while this ran: nothing was written "
            "by this command; run it again"
        ) from None
    except OSError as exc:
        raise StorageError(f"cannot create the log at {path}: {exc.strerror}") from None
