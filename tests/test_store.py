"""Storage: one place opens the log, migrates it and owns every query."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from custlog.errors import StorageError
from custlog.models import (
    Customer,
    Fact,
    Followup,
    NewCustomer,
    NewFact,
    NewFollowup,
    NewNote,
    Note,
)
from custlog.storage import paths
from custlog.storage.customers import like_prefix
from custlog.storage.migrations import migrations
from custlog.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from custlog.storage.store import Store


def test_the_schema_module_names_every_migration_in_order() -> None:
    assert tuple(m.name for m in migrations._migrations) == MIGRATIONS


def test_migrating_an_empty_database_builds_every_table() -> None:
    db = Database(memory=True)
    migrations.apply(db)
    tables = set(db.table_names())
    assert {"customers", "notes", "facts", "followups", "tag_cadence"} <= tables
    assert {"notes_fts", "facts_fts", "followups_fts"} <= tables
    assert db.table("followups").columns_dict["estimate"] is float
    assert db.table("notes").columns_dict["at"] is str


def test_a_new_log_is_private_wal_and_marked_as_custlog(db_path: Path) -> None:
    s = Store.open(db_path, create=True)
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert s.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    s.close()


def test_opening_for_reading_creates_nothing(db_path: Path) -> None:
    s = Store.open(db_path, create=False)
    assert not s.customers.any()
    assert not db_path.exists()


def test_a_current_log_opens_without_loading_sqlite_utils(db_path: Path) -> None:
    Store.open(db_path, create=True).close()
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from custlog.storage.store import Store; "
        f"Store.open(Path({str(db_path)!r}), create=False); "
        "print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_last_contact_follows_the_newest_note_date(ctx) -> None:  # type: ignore[no-untyped-def]
    s = ctx.store
    with s.transaction(step=None):
        cid = s.customers.add(NewCustomer("Ann Lee", since=date(2026, 1, 1))).id
        s.notes.add(cid, NewNote(datetime(2026, 11, 1, 9, 0), "call", "later note"))
        s.notes.add(cid, NewNote(datetime(2026, 10, 1, 9, 0), "call", "earlier note, typed later"))
    (row,) = s.customers.listing()
    assert row.last_contact == datetime(2026, 11, 1, 9, 0)


def test_a_failed_transaction_writes_nothing(ctx) -> None:  # type: ignore[no-untyped-def]
    s = ctx.store
    with pytest.raises(RuntimeError), s.transaction(step=None):
        s.customers.add(NewCustomer("Ann Lee", since=date(2026, 1, 1)))
        raise RuntimeError("boom")
    assert not s.customers.any()


def test_deleting_a_customer_erases_their_records_and_search_entries(ctx) -> None:  # type: ignore[no-untyped-def]
    s = ctx.store
    with s.transaction(step=None):
        cid = s.customers.add(NewCustomer("Ann Lee", since=date(2026, 1, 1))).id
        s.notes.add(cid, NewNote(datetime(2026, 11, 1, 9, 0), "call", "zanzibar trip"))
        s.facts.add(cid, NewFact("vacation", "zanzibar", date(2026, 11, 1)))
        s.followups.add(cid, NewFollowup(date(2026, 12, 1), "ask zanzibar"))
    with s.transaction(step=None):
        s.customers.delete(cid)
    assert s.tables.counts() == {"customers": 0, "notes": 0, "facts": 0, "followups": 0}
    assert s.search.find('"zanzibar"*') == []
    for table in ("notes_fts", "facts_fts", "followups_fts"):
        assert s.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"just some text, not a database\n")
    before = path.read_bytes()
    with pytest.raises(StorageError, match="not a custlog log"):
        Store.open(path, create=True)
    assert path.read_bytes() == before


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="not a custlog log"):
        Store.open(path, create=True)
    assert path.read_bytes() == before


def test_a_log_from_a_newer_custlog_is_refused(db_path: Path) -> None:
    Store.open(db_path, create=True).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StorageError, match="newer custlog"):
        Store.open(db_path, create=False)


def test_like_prefix_escapes_wildcards() -> None:
    assert like_prefix("50%_\\") == "50\\%\\_\\\\%"


def test_a_new_record_written_comes_back_as_the_record_read() -> None:
    """What `add` returns is what a read of the row gives: one shape from capture to row."""
    store = Store.open(Path("/nonexistent/never-created.db"), create=False)  # in memory
    with store.transaction(step=None):
        ann = store.customers.add(NewCustomer("Ann Lee", since=date(2026, 1, 1), tags=("vip",)))
        note = store.notes.add(ann.id, NewNote(datetime(2026, 11, 1, 9, 0), "call", "Hi", True))
        fact = store.facts.add(ann.id, NewFact("car", "Blue Golf", date(2026, 11, 1)))
        followup = store.followups.add(
            ann.id, NewFollowup(date(2026, 12, 1), "Call", "promise", "3m", estimate=80.0)
        )
    assert store.customers.get(ann.id) == ann
    assert store.notes.of_customer(ann.id) == [note]
    assert store.facts.get(fact.id) == fact
    assert store.followups.get(followup.id) == followup


def test_the_clock_gives_the_time_of_day_in_whole_seconds() -> None:
    assert paths.now_time().microsecond == 0


def test_each_new_record_has_the_fields_of_the_record_read_back() -> None:
    """A `New…` record is the record read back without its id and owner: one shape."""
    assert set(NewCustomer._fields) == set(Customer._fields) - {"id"}
    assert set(NewNote._fields) == set(Note._fields) - {"id", "customer_id"}
    # Set later on the stored fact: `fact --replace` supersedes it, `done F7` addresses a concern.
    later = {"superseded_by", "addressed", "addressed_note_id"}
    assert set(NewFact._fields) == set(Fact._fields) - {"id", "customer_id", *later}
    assert set(NewFollowup._fields) == set(Followup._fields) - {"id", "customer_id"}
