"""The log's settings: one row a key (`custlog config`)."""

from __future__ import annotations

import sqlite3


class SettingsTable:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def all(self) -> dict[str, str]:
        rows = self.conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
        return {r[0]: r[1] for r in rows}

    def set(self, key: str, value: str | None) -> None:
        """Keep `value` for `key`; None removes it (the key is back to its default)."""
        if value is None:
            self.conn.execute("DELETE FROM settings WHERE key = ?", (key,))
        else:
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
