"""Where the log lives, and what day it is: the two facts every command starts from."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, time
from pathlib import Path

from custlog.errors import BadInput, StorageError
from custlog.render.words import quoted

APP = "custlog"


def default_db_path() -> Path:
    """The platform's usual data directory (XDG on Linux), without importing platformdirs."""
    home = Path.home()
    if sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share"
    return base / APP / f"{APP}.db"


def db_path(option: str | None) -> Path:
    """`--db` wins, then `CUSTLOG_DB` (unless empty), then the data directory."""
    if option is not None:
        return _chosen_path(option, "--db")
    chosen = os.environ.get("CUSTLOG_DB", "")
    if chosen:
        return _chosen_path(chosen, "CUSTLOG_DB")
    return default_db_path()


def _chosen_path(text: str, source: str) -> Path:
    """A path the user named: not empty, and a `~user` that names a real user."""
    if not text.strip():
        raise BadInput(f"{source} needs the path of a log file, not an empty name")
    if "\x00" in text:
        raise BadInput(f"{source} cannot contain a NUL character")
    expanded = os.path.expanduser(text)
    if expanded.startswith("~"):
        who = expanded.split(os.sep, 1)[0]
        raise BadInput(
            f"{source} {quoted(text)}: there is no user {quoted(who[1:])} for {quoted(who)} to name"
        )
    return Path(expanded)


def not_a_regular_file(path: Path, what: str = "a custlog log") -> str:
    """Devices, pipes and sockets are never logs, backups or copies: refused by name."""
    return f"{path} is not a regular file (a device, a pipe or a socket), not {what}"


def prepare_folder(log: Path) -> None:
    """Make sure the folder of `log` exists before the log is created in it.

    custlog creates only its own data folder (0700 whatever the umask, its parents as usual);
    a folder named with `--db` or `CUSTLOG_DB` must exist already, so a typo creates nothing.
    """
    folder = log.parent
    if folder.is_dir():
        return
    nearest = next((p for p in folder.parents if p.exists()), None)
    if folder.exists() or (nearest is not None and not nearest.is_dir()):
        raise StorageError(
            f"cannot create the log at {log}: a file stands where a folder should be"
        )
    if log != default_db_path():
        raise StorageError(
            f"no such folder: {folder} (custlog creates only its own data folder: "
            "create it first, or check the path)"
        )
    make_private_folder(folder)


def make_private_folder(folder: Path) -> None:
    """`folder` (and any missing parents), a new folder itself 0700 whatever the umask."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
    except (FileExistsError, NotADirectoryError):
        raise StorageError(
            f"cannot create {folder}: a file stands where a folder should be"
        ) from None
    except OSError as exc:
        raise StorageError(f"cannot create {folder}: {exc.strerror}") from None


def today() -> date:
    """`CUSTLOG_TODAY` (YYYY-MM-DD) pins the date; otherwise the local date."""
    pinned = os.environ.get("CUSTLOG_TODAY", "").strip()
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        raise BadInput(
            f"CUSTLOG_TODAY must be a date as YYYY-MM-DD, not {quoted(pinned)}"
        ) from None


def now_time() -> time:
    """The time of day from the clock, to the second (the date may be pinned)."""
    return datetime.now().time().replace(microsecond=0)
