"""What the program knows about the log's schema, without loading sqlite-utils (~80 ms).

`MIGRATIONS` names every migration in `custlog.storage.migrations`, in order; opening a log
refuses to migrate when the two disagree, and a test compares them, so the schema version
(their count) cannot drift from the migrations themselves.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    "m001_initial",
    "m002_fact_events_index",
    "m003_indexes_for_stats",
    "m008_work_and_money",
    "m005_ids_never_reused",
    "m004_followup_series",
    "m007_customer_snooze",
    "m009_corrections_and_people",
    "m011_name_keys",
    "m012_undo_history",
    "m010_customer_aliases",
    "m013_untimed_notes",
)
SCHEMA_VERSION = len(MIGRATIONS)
APPLICATION_ID = 0x43534C47  # "CSLG": marks a file as a custlog log
LOG_TABLES = ("customers", "notes", "facts", "followups")
FTS_TABLES = ("notes_fts", "facts_fts", "followups_fts")
# The tables `custlog undo` takes back (storage/history.py). Every other table is either
# derived from these by triggers (the search indexes), or custlog's own bookkeeping;
# tests/test_undo.py fails for a table that is in neither list.
UNDONE_TABLES = (*LOG_TABLES, "offers", "settings", "tag_cadence", "customer_aliases")
NOT_UNDONE_TABLES = ("_sqlite_migrations", "undo_steps", "undo_rows")
UNDO_STEPS_KEPT = 100  # `undo` goes this many steps back; older ones are pruned as new ones come
