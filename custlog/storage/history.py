"""What `custlog undo` takes back: each write's step, recorded by the database as it happens.

A write opened with a step (`Store.transaction(step="note for Ann Lee (Tue 1 Dec)")`) adds a
row to `undo_steps`; while it runs, triggers on every table in `schema.UNDONE_TABLES` write
to `undo_rows`, in the same transaction, how to take each row change back:

- `I`: row `rid` was inserted; undo deletes it.
- `D`: row `rid` was deleted (`before`: the row); undo puts it back, same rowid.
- `U`: row `rid` was updated (`before`, `after`); undo puts back each column the step
  changed, unless a later change that stays (one `forget` made) changed it again.
- `R`: rows `rid` < rowid <= `upto` were inserted in bulk (an import); undo deletes them.

Images are JSON objects of SQL literals (`quote()`), so a value comes back with its type and
every bit of a REAL. The triggers are TEMP triggers made from the tables' current columns on
the connection that writes (a column a later migration adds is recorded without anyone
remembering to), gated by `temp.undo_now`: nothing is recorded outside a step, by undo
itself, by migrations, or by another program writing to the log. The search indexes and each
customer's last contact are kept by their own triggers while undo replays.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from custlog.models import UndoStep
from custlog.storage.schema import UNDO_STEPS_KEPT, UNDONE_TABLES
from custlog.storage.sql import Repository, chunks, marks


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f"PRAGMA main.table_info({table})")]


def _image(ref: str, columns: list[str]) -> str:
    return "json_object(" + ", ".join(f"'{c}', quote({ref}.\"{c}\")" for c in columns) + ")"


_OPEN = "(SELECT step FROM temp.undo_now)"


def _insert_trigger(table: str) -> str:
    return (
        f"CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_insert AFTER INSERT ON main.{table} "
        f"WHEN {_OPEN} IS NOT NULL BEGIN "
        f"INSERT INTO undo_rows (step, tbl, op, rid) VALUES ({_OPEN}, '{table}', 'I', new.rowid); "
        "END"
    )


def _triggers(conn: sqlite3.Connection) -> list[str]:
    made = []
    for table in UNDONE_TABLES:
        columns = _columns(conn, table)
        if not columns:
            continue
        changed = " OR ".join(f'old."{c}" IS NOT new."{c}"' for c in columns)
        made.append(_insert_trigger(table))
        made.append(
            f"CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_delete AFTER DELETE ON main.{table} "
            f"WHEN {_OPEN} IS NOT NULL BEGIN "
            "INSERT INTO undo_rows (step, tbl, op, rid, before) "
            f"VALUES ({_OPEN}, '{table}', 'D', old.rowid, {_image('old', columns)}); END"
        )
        made.append(
            f"CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_update AFTER UPDATE ON main.{table} "
            f"WHEN {_OPEN} IS NOT NULL AND ({changed}) BEGIN "
            "INSERT INTO undo_rows (step, tbl, op, rid, before, after) "
            f"VALUES ({_OPEN}, '{table}', 'U', old.rowid, {_image('old', columns)}, "
            f"{_image('new', columns)}); END"
        )
    return made


def _armed(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_temp_master WHERE type = 'table' AND name = 'undo_now'"
    ).fetchone()
    return found is not None


def open_step(conn: sqlite3.Connection) -> int | None:
    """The step this connection's write is recording, if any."""
    if not _armed(conn):
        return None
    row = conn.execute("SELECT step FROM temp.undo_now").fetchone()
    return None if row is None or row[0] is None else int(row[0])


def _literal(text: str) -> Any:
    """The value an SQL literal made by `quote()` stands for."""
    if text == "NULL":
        return None
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    if text[:2] in ("X'", "x'"):
        return bytes.fromhex(text[2:-1])
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return float(text)  # 3.0e-01, 480.0, 9.0e+999 (infinity)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def image(text: str | None) -> dict[str, Any]:
    """A recorded row: column → value."""
    if not text:
        return {}
    return {column: _literal(value) for column, value in json.loads(text).items()}


class History(Repository):
    """The steps `custlog undo` can take back, newest last."""

    def start(self, what: str, at: datetime) -> None:
        """Inside a write transaction: record what follows as one step."""
        assert self.conn.in_transaction, "a step is recorded inside store.transaction()"
        if not _armed(self.conn):
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS undo_now (step INTEGER)")
            self.conn.execute("INSERT INTO temp.undo_now (step) VALUES (NULL)")
            for sql in _triggers(self.conn):
                self.conn.execute(sql)
        cur = self.conn.execute(
            "INSERT INTO undo_steps (at, what) VALUES (?, ?)",
            (at.isoformat(timespec="seconds"), what),
        )
        self.conn.execute("UPDATE temp.undo_now SET step = ?", (cur.lastrowid,))

    def finish(self) -> None:
        """The step is complete: keep it if it changed anything, and only the newest
        `UNDO_STEPS_KEPT` steps."""
        step = open_step(self.conn)
        if step is None:
            return
        self.conn.execute("UPDATE temp.undo_now SET step = NULL")
        # A row inside a range the step inserted goes with the range: what else the step
        # recorded about it (an import's last contacts, say) is not needed to take it back.
        for r in self._all(
            "SELECT tbl, rid, upto FROM undo_rows WHERE step = ? AND op = 'R'", (step,)
        ):
            self.conn.execute(
                "DELETE FROM undo_rows WHERE step = ? AND tbl = ? AND op != 'R' "
                "AND rid > ? AND rid <= ?",
                (step, r["tbl"], r["rid"], r["upto"]),
            )
        if self._one("SELECT 1 FROM undo_rows WHERE step = ? LIMIT 1", (step,)) is None:
            self.conn.execute("DELETE FROM undo_steps WHERE id = ?", (step,))
            return
        oldest_kept = self._one(
            "SELECT id FROM undo_steps ORDER BY id DESC LIMIT 1 OFFSET ?", (UNDO_STEPS_KEPT - 1,)
        )
        if oldest_kept is not None:
            self._erase_below(int(oldest_kept[0]))

    def steps(self, limit: int = UNDO_STEPS_KEPT) -> list[UndoStep]:
        """The steps, newest first."""
        return [
            UndoStep(int(r[0]), datetime.fromisoformat(r[1]), r[2])
            for r in self._all(
                "SELECT id, at, what FROM undo_steps ORDER BY id DESC LIMIT ?", (limit,)
            )
        ]

    def take_back(self, step: UndoStep) -> None:
        """Inside a transaction without a step: undo `step`'s changes, newest first, and
        forget the step."""
        assert open_step(self.conn) is None, "undo is not itself recorded"
        # Rows come back in the reverse order they went, so a follow-up's offers may return
        # before the follow-up: the references are checked at the commit instead.
        self.conn.execute("PRAGMA defer_foreign_keys = ON")
        rows = self._all(
            "SELECT tbl, op, rid, upto, before, after FROM undo_rows WHERE step = ? "
            "ORDER BY id DESC",
            (step.id,),
        )
        columns: dict[str, list[str]] = {}
        for r in rows:
            table = r["tbl"]
            if table not in UNDONE_TABLES:  # not written by custlog: leave it alone
                continue
            if table not in columns:
                columns[table] = _columns(self.conn, table)
            self._reverse(table, columns[table], r)
        self.erase([step.id])

    def _reverse(self, table: str, columns: list[str], r: sqlite3.Row) -> None:
        op, rid = r["op"], r["rid"]
        if op == "I":
            self.conn.execute(f"DELETE FROM {table} WHERE rowid = ?", (rid,))
        elif op == "R":
            self.conn.execute(
                f"DELETE FROM {table} WHERE rowid > ? AND rowid <= ?", (rid, r["upto"])
            )
        elif op == "D":
            before = {c: v for c, v in image(r["before"]).items() if c in columns}
            names = ["rowid", *before]
            self.conn.execute(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks(len(names))})",
                [rid, *before.values()],
            )
        elif op == "U":
            now = self._one(f"SELECT * FROM {table} WHERE rowid = ?", (rid,))
            if now is None:  # gone since (forget): nothing to put back
                return
            before, after = image(r["before"]), image(r["after"])
            back = {
                c: v
                for c, v in before.items()
                if c in columns and not _same(v, after.get(c)) and _same(now[c], after.get(c))
            }
            if back:
                sets = ", ".join(f'"{c}" = ?' for c in back)
                self.conn.execute(
                    f"UPDATE {table} SET {sets} WHERE rowid = ?", [*back.values(), rid]
                )

    def erase(self, step_ids: Iterable[int]) -> None:
        """Forget these steps (secure_delete zeroes their bytes)."""
        for chunk in chunks(step_ids):
            self.conn.execute(f"DELETE FROM undo_rows WHERE step IN ({marks(len(chunk))})", chunk)
            self.conn.execute(f"DELETE FROM undo_steps WHERE id IN ({marks(len(chunk))})", chunk)

    def erase_about(self, customer_id: int, mentions: Callable[[str], bool]) -> int:
        """Before `forget` deletes the customer: erase every step that holds any of their
        data, so that nothing forgotten survives in what undo keeps. A step holds their data
        when it changed a row of theirs (their customer row, and every row that would go with
        it: their notes, facts, follow-ups and those follow-ups' offers, now or as recorded
        then), when a recorded row points at one of those (a referral), or when its words or
        any recorded value `mentions` them (a thank-you in another customer's name; given
        each of their names, current and former). How many steps were erased."""
        links = _links(self.conn)
        owned: dict[str, set[int]] = {t: set() for t in UNDONE_TABLES}
        owned["customers"].add(customer_id)
        records = [
            (r["step"], r["tbl"], r["op"], r["rid"], image(r["before"]), image(r["after"]))
            for r in self._all(
                "SELECT step, tbl, op, rid, before, after FROM undo_rows WHERE op != 'R'"
            )
        ]
        grew = True
        while grew:  # what goes with what is theirs, in the log now and in the records
            grew = False
            for child, column, parent, cascade in links:
                if not cascade or not owned[parent]:
                    continue
                found = set()
                for chunk in chunks(owned[parent]):
                    found |= {
                        int(r[0])
                        for r in self._all(
                            f"SELECT rowid FROM {child} WHERE {column} IN ({marks(len(chunk))})",
                            chunk,
                        )
                    }
                for _, table, _, rid, before, after in records:
                    if table == child and (
                        before.get(column) in owned[parent] or after.get(column) in owned[parent]
                    ):
                        found.add(rid)
                if not found <= owned[child]:
                    owned[child] |= found
                    grew = True
        pointers = {(child, column): parent for child, column, parent, _ in links}

        def theirs(table: str, column: str, value: Any) -> bool:
            parent = pointers.get((table, column))
            if parent is not None and value in owned[parent]:
                return True
            return isinstance(value, str) and mentions(value)

        # A row any record of which is theirs or names them (a note of Ann's about Bob, since
        # dropped): every step that touched it goes, the one that added it too.
        named = {
            (table, rid)
            for _, table, _, rid, before, after in records
            if rid in owned.get(table, ())
            or any(theirs(table, c, v) for values in (before, after) for c, v in values.items())
        }
        doomed = {step for step, table, _, rid, _, _ in records if (table, rid) in named}
        steps = self._all("SELECT id, what FROM undo_steps")
        doomed |= {int(r["id"]) for r in steps if mentions(r["what"])}
        self.erase(doomed)
        return len(doomed)

    def former_names(self, customer_id: int) -> set[str]:
        """Every name and called name the customer's row had in the recorded steps."""
        found: set[str] = set()
        for r in self._all(
            "SELECT before, after FROM undo_rows WHERE tbl = 'customers' AND rid = ? "
            "AND op IN ('U', 'D')",
            (customer_id,),
        ):
            for values in (image(r["before"]), image(r["after"])):
                found |= {v for k, v in values.items() if k in ("name", "called") and v}
        return found

    def _erase_below(self, step_id: int) -> None:
        self.conn.execute("DELETE FROM undo_rows WHERE step < ?", (step_id,))
        self.conn.execute("DELETE FROM undo_steps WHERE id < ?", (step_id,))


@contextmanager
def inserts_as_ranges(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside a step: rows inserted in bulk are recorded as one range per table ("rowids
    N+1 to M"), not one record each. Ids only grow (AUTOINCREMENT; an import keeps a file's
    ids only into empty tables), so the range holds exactly the rows inserted meanwhile."""
    step = open_step(conn)
    if step is None:
        yield
        return
    tables = [t for t in UNDONE_TABLES if _columns(conn, t)]
    before = {t: _last_rowid(conn, t) for t in tables}
    for table in tables:
        conn.execute(f"DROP TRIGGER IF EXISTS temp.undo_{table}_insert")
    yield
    for table in tables:
        upto = _last_rowid(conn, table)
        if upto > before[table]:
            conn.execute(
                "INSERT INTO undo_rows (step, tbl, op, rid, upto) VALUES (?, ?, 'R', ?, ?)",
                (step, table, before[table], upto),
            )
        conn.execute(_insert_trigger(table))


def _last_rowid(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0])


def _links(conn: sqlite3.Connection) -> list[tuple[str, str, str, bool]]:
    """The references between undone tables: (table, column, the table it points at, whether
    a row goes with the row it points at: ON DELETE CASCADE)."""
    found = []
    for table in UNDONE_TABLES:
        for r in conn.execute(f"PRAGMA main.foreign_key_list({table})"):
            parent, column, on_delete = str(r[2]), str(r[3]), str(r[6])
            if parent in UNDONE_TABLES:
                found.append((table, column, parent, on_delete.upper() == "CASCADE"))
    return found
