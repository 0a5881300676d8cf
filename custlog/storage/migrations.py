"""Every schema change, in order. The next change is one more function at the bottom.

Imported only when a log is created or is older than this program (sqlite-utils costs ~80 ms
to import, so the everyday path never loads it). Name each new migration in
`custlog.storage.schema.MIGRATIONS` too: the schema version is their count, and a log is not
migrated while the two lists differ.
"""

from __future__ import annotations

import re
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("custlog")


@migrations()
def m001_initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            called TEXT,
            company TEXT,
            phone TEXT,
            email TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            every TEXT,
            since TEXT NOT NULL,
            last_contact TEXT
        )
        """
    )
    db.execute("CREATE INDEX customers_name ON customers(name COLLATE NOCASE)")
    db.execute("CREATE INDEX customers_called ON customers(called COLLATE NOCASE)")
    db.execute(
        """
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            via TEXT NOT NULL DEFAULT 'other',
            text TEXT NOT NULL,
            work INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute("CREATE INDEX notes_customer_at ON notes(customer_id, at)")
    db.execute(
        """
        CREATE TABLE facts (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            topic TEXT NOT NULL,
            text TEXT NOT NULL,
            learned TEXT NOT NULL,
            event TEXT,
            private INTEGER NOT NULL DEFAULT 0,
            superseded_by INTEGER REFERENCES facts(id) ON DELETE SET NULL
        )
        """
    )
    db.execute("CREATE INDEX facts_customer ON facts(customer_id, topic)")
    db.execute("CREATE INDEX facts_topic ON facts(topic) WHERE superseded_by IS NULL")
    db.execute(
        """
        CREATE TABLE followups (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            due TEXT NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'callback',
            every TEXT,
            from_done INTEGER NOT NULL DEFAULT 0,
            estimate REAL,
            done TEXT,
            created TEXT
        )
        """
    )
    db.execute("CREATE INDEX followups_customer ON followups(customer_id, due)")
    db.execute("CREATE INDEX followups_open_due ON followups(due) WHERE done IS NULL")
    db.execute("CREATE TABLE tag_cadence (tag TEXT PRIMARY KEY, every TEXT NOT NULL)")
    # A customer's last contact is the newest note's date, kept by the database itself so
    # that `due` and `list` never scan the notes.
    for event, ref in (("INSERT", "new"), ("DELETE", "old")):
        db.execute(
            f"""
            CREATE TRIGGER notes_last_contact_{event.lower()} AFTER {event} ON notes BEGIN
                UPDATE customers SET last_contact =
                    (SELECT max(at) FROM notes WHERE customer_id = {ref}.customer_id)
                WHERE id = {ref}.customer_id;
            END
            """
        )
    db.execute(
        """
        CREATE TRIGGER notes_last_contact_update AFTER UPDATE OF at, customer_id ON notes BEGIN
            UPDATE customers SET last_contact =
                (SELECT max(at) FROM notes WHERE customer_id = customers.id)
            WHERE id IN (old.customer_id, new.customer_id);
        END
        """
    )
    table: Any
    for name, columns in (
        ("notes", ["text"]),
        ("facts", ["topic", "text"]),
        ("followups", ["text"]),
    ):
        table = db.table(name)
        table.enable_fts(columns, create_triggers=True, tokenize="porter")


@migrations()
def m002_fact_events_index(db: Database) -> None:
    """`due` asks about events of the last days: find them without reading every fact."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS facts_event ON facts(event) "
        "WHERE event IS NOT NULL AND superseded_by IS NULL"
    )


@migrations()
def m003_indexes_for_stats(db: Database) -> None:
    """`stats` counts notes by day and promises by outcome: index both."""
    db.execute("CREATE INDEX IF NOT EXISTS notes_at ON notes(at)")
    db.execute("CREATE INDEX IF NOT EXISTS followups_kind ON followups(kind, due)")


@migrations()
def m008_work_and_money(db: Database) -> None:
    """0.2's work and money: what work came to, appointment times, the offers of postponed
    work (declined, sold, lost), and the log's settings."""
    notes = {c.name for c in db["notes"].columns}
    if "amount" not in notes:
        db.execute("ALTER TABLE notes ADD COLUMN amount REAL")
    followups = {c.name for c in db["followups"].columns}
    for column in ("at_start", "at_end"):  # "09:30", local time; at_end only for a window
        if column not in followups:
            db.execute(f"ALTER TABLE followups ADD COLUMN {column} TEXT")
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS offers (
            id INTEGER PRIMARY KEY,
            followup_id INTEGER NOT NULL REFERENCES followups(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT,
            amount REAL
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS offers_followup ON offers(followup_id, day)")
    db.execute("CREATE INDEX IF NOT EXISTS offers_day ON offers(day, outcome)")
    db.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations()
def m005_ids_never_reused(db: Database) -> None:
    """A dropped follow-up's id (or a forgotten customer's, note's, fact's, offer's) is never
    handed out again: `done 28` must never close another item. Each table is rebuilt in place with
    AUTOINCREMENT, every row keeping its id, so the search indexes (which point at the ids)
    stay whole; the tables' indexes and triggers are put back as they were.

    Runs with foreign keys off (`database._migrate` turns them off around every migration):
    dropping `customers` with them on would delete every note, fact and follow-up.
    """
    conn = db.conn
    if conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        raise RuntimeError("m005_ids_never_reused must run with foreign keys off")
    tables = tuple(
        name
        for name in ("customers", "notes", "facts", "followups", "offers")
        if name in set(db.table_names())
    )
    marks = ", ".join("?" * len(tables))
    kept = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        f"AND tbl_name IN ({marks}) AND sql IS NOT NULL ORDER BY rowid",
        tables,
    ).fetchall()
    for kind, name, _ in kept:
        if kind == "trigger":  # a trigger naming a table being rebuilt would stop the rename
            conn.execute(f"DROP TRIGGER {name}")
    for table in tables:
        (create,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        rebuilt, found = re.subn(
            r"^CREATE TABLE \"?" + table + r"\"? \((\s*)id INTEGER PRIMARY KEY,",
            f"CREATE TABLE _new_{table} (\\1id INTEGER PRIMARY KEY AUTOINCREMENT,",
            create,
        )
        if found != 1:
            raise RuntimeError(f"m005_ids_never_reused: unexpected schema for {table}")
        columns = ", ".join(r[1] for r in conn.execute(f"PRAGMA table_info({table})"))
        conn.execute(rebuilt)
        conn.execute(f"INSERT INTO _new_{table} ({columns}) SELECT {columns} FROM {table}")
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE _new_{table} RENAME TO {table}")
    for _, _, sql in kept:
        conn.execute(sql)


@migrations()
def m004_followup_series(db: Database) -> None:
    """A repeating follow-up keeps the day its series counts from (`anchor`), and each
    follow-up the day it was first due (`promised`), which `snooze` leaves alone.

    Existing logs: `promised` is the due date (earlier snoozes left no trace). `anchor` is the
    due date too, except where a month-end series was clamped: a Feb 28 follow-up whose closed
    copies (same customer, kind and text) include a Jan 31 in its rhythm counts from Jan 31.
    """
    followups = {c.name for c in db["followups"].columns}
    for column in ("anchor", "promised"):
        if column not in followups:
            db.execute(f"ALTER TABLE followups ADD COLUMN {column} TEXT")
    db.execute("UPDATE followups SET promised = due WHERE promised IS NULL")
    db.execute(
        "UPDATE followups SET anchor = due "
        "WHERE anchor IS NULL AND every IS NOT NULL AND NOT from_done AND done IS NULL"
    )
    for row in db.query(
        "SELECT id, customer_id, kind, text, due, every FROM followups "
        "WHERE every IS NOT NULL AND NOT from_done AND done IS NULL"
    ):
        earlier = [
            r["due"]
            for r in db.query(
                "SELECT due FROM followups WHERE customer_id = ? AND kind = ? AND text = ? "
                "AND done IS NOT NULL AND due < ? ORDER BY due",
                [row["customer_id"], row["kind"], row["text"], row["due"]],
            )
        ]
        found = _clamped_anchor(row["due"], row["every"], earlier)
        if found != row["due"]:
            db.execute("UPDATE followups SET anchor = ? WHERE id = ?", [found, row["id"]])


def _clamped_anchor(due_text: str, every: str, earlier: list[str]) -> str:
    """The back-fill of `anchor` for a month-end series (see m004_followup_series)."""
    from datetime import date, timedelta

    from custlog.parsing.dates import parse_period

    due = date.fromisoformat(due_text)
    try:
        period = parse_period(every)
    except Exception:  # a hand-edited period: the series counts from its due date
        return due_text
    if period.unit not in ("month", "year") or (due + timedelta(days=1)).month == due.month:
        return due_text
    each = period.count * (12 if period.unit == "year" else 1)
    best = due
    for text in earlier:
        day = date.fromisoformat(text)
        if day.day <= due.day or day.day < best.day:
            continue
        months = (due.year - day.year) * 12 + due.month - day.month
        if months > 0 and months % each == 0 and period.step(day, months // each) == due:
            best = day
    return best.isoformat()


@migrations()
def m007_customer_snooze(db: Database) -> None:
    """`custlog snooze C12 WHEN`: a customer's stay-in-touch nudge is quiet until a day."""
    if "quiet_until" not in db.table("customers").columns_dict:
        db.execute("ALTER TABLE customers ADD COLUMN quiet_until TEXT")


@migrations()
def m009_corrections_and_people(db: Database) -> None:
    """0.2's people: how a concern was addressed (the day, and the note that says how), and
    who sent a customer (`referred_by`; forgetting the one who sent them leaves them whole)."""
    facts = {c.name for c in db["facts"].columns}
    if "addressed" not in facts:
        db.execute("ALTER TABLE facts ADD COLUMN addressed TEXT")
    if "addressed_note_id" not in facts:
        db.execute(
            "ALTER TABLE facts ADD COLUMN addressed_note_id INTEGER "
            "REFERENCES notes(id) ON DELETE SET NULL"
        )
    customers = {c.name for c in db["customers"].columns}
    if "referred_by" not in customers:
        db.execute(
            "ALTER TABLE customers ADD COLUMN referred_by INTEGER "
            "REFERENCES customers(id) ON DELETE SET NULL"
        )
    db.execute("CREATE INDEX IF NOT EXISTS customers_referred_by ON customers(referred_by)")
    db.execute(
        "CREATE INDEX IF NOT EXISTS facts_open_concerns ON facts(customer_id) "
        "WHERE topic = 'concern' AND addressed IS NULL AND superseded_by IS NULL"
    )


@migrations()
def m011_name_keys(db: Database) -> None:
    """Each customer's names in the forms lookups compare (`custlog.storage.records.name_keys`:
    case-folded, accent-free, search words), stored beside them so that naming a customer is an
    indexed lookup or a scan in SQL, never a call into Python for every customer."""
    from custlog.storage.customers import Customers
    from custlog.storage.records import NAME_KEY_COLUMNS

    columns = db.table("customers").columns_dict
    for column in NAME_KEY_COLUMNS:
        if column not in columns:
            db.execute(f"ALTER TABLE customers ADD COLUMN {column} TEXT")
    Customers(db.conn).rekey()
    db.execute("CREATE INDEX IF NOT EXISTS customers_name_folded ON customers(name_folded)")


@migrations()
def m012_undo_history(db: Database) -> None:
    """`custlog undo`: each write's step, and how to take back each row it changed (see
    `custlog.storage.history`; the triggers that fill them are made per connection)."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS undo_steps (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            what TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS undo_rows (
            id INTEGER PRIMARY KEY,
            step INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,
            tbl TEXT NOT NULL,
            op TEXT NOT NULL,
            rid INTEGER NOT NULL,
            upto INTEGER,
            before TEXT,
            after TEXT
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS undo_rows_step ON undo_rows(step, id)")
    # Undoing an import deletes a range of facts and notes: without these, each deleted row
    # makes SQLite read every fact for one that points at it (20,000 facts: 25 s, not 0.1 s).
    db.execute(
        "CREATE INDEX IF NOT EXISTS facts_superseded_by ON facts(superseded_by) "
        "WHERE superseded_by IS NOT NULL"
    )
    if "addressed_note_id" in db.table("facts").columns_dict:
        db.execute(
            "CREATE INDEX IF NOT EXISTS facts_addressed_note ON facts(addressed_note_id) "
            "WHERE addressed_note_id IS NOT NULL"
        )


@migrations()
def m010_customer_aliases(db: Database) -> None:
    """`merge NAME INTO` keeps NAME as another name of INTO: the name lookups (NAME arguments,
    completion, an exact name) find INTO by it, by the keys stored beside it as beside a
    customer's names (`custlog.parsing.names.keys`: folded, accent-free; written by the
    program): one alias per folded name in the whole log. An alias goes with its customer when
    they are forgotten."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS customer_aliases (
            id INTEGER PRIMARY KEY,
            alias TEXT NOT NULL,
            alias_folded TEXT NOT NULL UNIQUE,
            alias_plain TEXT NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE
        )
        """
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS customer_aliases_customer ON customer_aliases(customer_id)"
    )


@migrations()
def m013_untimed_notes(db: Database) -> None:
    """notes.timed: 0 for a note dated by a day alone (`note --on 2026-11-20`), whose stored
    time is only the time it was written, so that no screen shows it. Notes already in the log
    count as timed."""
    if "timed" not in db.table("notes").columns_dict:
        db.execute("ALTER TABLE notes ADD COLUMN timed INTEGER NOT NULL DEFAULT 1")
