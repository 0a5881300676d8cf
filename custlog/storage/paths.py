"""Where the log lives, and what day it is: the two facts every command starts from."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, time
from pathlib import Path

from custlog.errors import BadInput
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
    """`--db` wins, then `CUSTLOG_DB`, then the data directory."""
    chosen = option or os.environ.get("CUSTLOG_DB") or None
    if chosen:
        return Path(chosen).expanduser()
    return default_db_path()


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
