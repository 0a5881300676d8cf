"""The log's settings: one row a key (`custlog config`)."""

from __future__ import annotations

from custlog.storage.sql import Repository


class Settings(Repository):
    def all(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._all("SELECT key, value FROM settings ORDER BY key")}

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
