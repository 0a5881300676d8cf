"""Files custlog writes besides the log: exports and backups, private and whole."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from custlog.errors import StorageError
from custlog.storage import tempfiles


def write_private(path: Path, chunks: Iterable[str]) -> None:
    """Write `chunks` to `path` as 0600, atomically: a reader sees the old file or the new."""
    if path.exists() and not path.is_file() and not path.is_dir():
        # A device or a pipe (/dev/stdout, a FIFO) is written to, never replaced.
        try:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                for chunk in chunks:
                    handle.write(chunk)
        except OSError as exc:
            raise StorageError(f"cannot write {path}: {exc.strerror}") from None
        return
    directory = path.parent if str(path.parent) else Path(".")
    tempfiles.sweep(directory)  # whole copies left by an earlier run that was killed
    fd, tmp = tempfiles.create(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError(f"cannot write {path}: {exc.strerror}") from None
        raise
