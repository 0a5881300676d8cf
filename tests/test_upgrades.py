"""Logs written by every released schema version open in this custlog with everything intact.

tests/fixtures/custlog-schema-vN.sql is a log as custlog wrote it at schema version N, and
custlog-schema-vN.jsonl is what `custlog export` printed for it then. Both are made by
tests/fixtures/make_schema_fixture.py, once per schema version, and never regenerated.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from custlog.cli.completion import complete_name
from custlog.storage.records import NAME_KEY_COLUMNS, name_keys
from custlog.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from custlog.storage.store import Store
from tests.conftest import Cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VERSIONS = range(1, SCHEMA_VERSION + 1)


def load(version: int, path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / f"custlog-schema-v{version}.sql").read_text(encoding="utf-8"))
    conn.close()
    path.chmod(0o600)


def records(export: str) -> dict[tuple[str, int | str], dict[str, Any]]:
    """Every exported line by type and id (a tag's cadence by its tag, a setting by its key)."""
    out: dict[tuple[str, int | str], dict[str, Any]] = {}
    by = {"cadence": "tag", "setting": "key"}
    for line in export.splitlines():
        record = json.loads(line)
        out[(record["type"], record[by.get(record["type"], "id")])] = record
    return out


def test_every_released_schema_version_has_a_fixture() -> None:
    for version in VERSIONS:
        assert (FIXTURES / f"custlog-schema-v{version}.sql").is_file(), version
        assert (FIXTURES / f"custlog-schema-v{version}.jsonl").is_file(), version


@pytest.mark.parametrize("version", VERSIONS)
def test_an_old_log_opens_with_every_record_intact(cli: Cli, db_path: Path, version: int) -> None:
    load(version, db_path)
    expected = records((FIXTURES / f"custlog-schema-v{version}.jsonl").read_text("utf-8"))

    cli("add", "After The Upgrade")  # a write: brings the log up to this schema
    found = records(cli("export").stdout)

    added = {k for k in found.keys() - expected.keys() if k[0] not in ("cadence", "setting")}
    assert [found[k]["name"] for k in added] == ["After The Upgrade"]
    assert found[("cadence", "fleet")]["every"] == "1m"  # tag cadences are exported too
    for key, old in expected.items():
        new = found[key]
        # A newer export may add keys; it may not change or drop any.
        assert {k: new.get(k) for k in old} == old, key
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_an_old_log_keeps_its_search_index_settings_and_history(
    cli: Cli, db_path: Path, version: int
) -> None:
    load(version, db_path)
    hits = cli.json("search", "Mustang")
    assert {h["customer"] for h in hits} == {"Marcus Bell"}
    assert [h["customer"] for h in cli.json("search", "Oslo")] == ["Zoë Ångström 🚗"]
    assert cli("cadence", "--tag", "fleet").stdout == "fleet: every month\n"
    brief = cli.json("brief", "zoë", "--all")
    assert brief["customer"]["called"] == "Zo"
    assert {f["text"] for f in brief["facts"]} >= {"Sister moved to Oslo", "--11-28"}
    assert "Sister in Tromsø" not in {f["text"] for f in brief["facts"]}  # superseded
    assert cli("doctor").exit_code == 0


def test_the_released_migrations_were_not_edited(tmp_path: Path) -> None:
    """The newest fixture's schema is exactly what the migrations build today: a change to
    the schema must be a new migration (and a new fixture), never an edit of a released one."""
    fresh = tmp_path / "fresh.db"
    Store.open(fresh, create=True).close()
    frozen = tmp_path / "frozen.db"
    load(SCHEMA_VERSION, frozen)

    def schema(path: Path) -> set[tuple[str, str, str]]:
        conn = sqlite3.connect(path)
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        found = {(t, n, " ".join(s.split())) for t, n, s in rows}
        conn.close()
        return found

    assert schema(fresh) == schema(frozen)


def test_a_log_from_before_work_and_money_gains_amounts_times_offers_and_settings(
    cli: Cli, db_path: Path
) -> None:
    load(3, db_path)
    assert cli.json("config")["currency"] == "$"  # a read upgrades too, in place
    conn = sqlite3.connect(db_path)
    columns = {
        t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")}
        for t in ("notes", "followups", "offers", "settings")
    }
    conn.close()
    assert "amount" in columns["notes"]
    assert {"at_start", "at_end"} <= columns["followups"]
    assert {"followup_id", "day", "outcome", "reason", "amount"} <= columns["offers"]
    assert {"key", "value"} <= columns["settings"]
    cli("config", "business", "Zoë's Garage")
    assert "Zoë's Garage" in cli("recap", "zoë").stdout


@pytest.mark.parametrize("version", VERSIONS)
def test_an_upgraded_log_never_hands_out_an_id_it_used_before(
    cli: Cli, db_path: Path, version: int
) -> None:
    load(version, db_path)
    before = records((FIXTURES / f"custlog-schema-v{version}.jsonl").read_text("utf-8"))
    kinds = ("customer", "note", "fact", "followup")
    highest = {kind: max(key[1] for key in before if key[0] == kind) for kind in kinds}
    assert all(isinstance(value, int) for value in highest.values())
    # Erase the newest record of every kind: forget whoever owns one.
    owners = {before[(kind, highest[kind])]["customer_id"] for kind in kinds[1:]}
    for owner in sorted(owners | {highest["customer"]}):
        cli("forget", f"#{owner}", "--yes")

    cli("add", "After The Upgrade")
    cli(
        "note",
        "after the upgrade",
        "First visit",
        "--fact",
        "car:Blue Golf",
        "--follow-up",
        "friday:Send the quote",
    )
    found = records(cli("export").stdout)
    added = [key for key in found.keys() - before.keys() if key[0] != "cadence"]
    assert sorted(key[0] for key in added) == sorted(kinds)
    for kind, new_id in added:
        assert isinstance(new_id, int) and new_id > highest[kind], (kind, new_id)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_a_log_from_before_people_gains_concerns_and_referrals(cli: Cli, db_path: Path) -> None:
    load(7, db_path)  # the last schema before m009_corrections_and_people
    before = records((FIXTURES / "custlog-schema-v7.jsonl").read_text("utf-8"))
    cli("fact", "zoë", "concern", "Worried about the cost")
    fact = max(k[1] for k in records(cli("export").stdout) if k[0] == "fact")
    cli("done", f"F{fact}", "--note", "Showed her the numbers")
    cli("add", "Ivan Petrov", "--referred-by", "zoë")
    conn = sqlite3.connect(db_path)
    columns = {
        t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")} for t in ("facts", "customers")
    }
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    assert {"addressed", "addressed_note_id"} <= columns["facts"]
    assert "referred_by" in columns["customers"]
    found = records(cli("export").stdout)
    assert found[("fact", fact)]["addressed"] == "2026-11-24"
    assert all("referred_by" not in found[k] for k in before if k[0] == "customer")
    assert (
        found[("customer", max(k[1] for k in found if k[0] == "customer"))]["referred_by"]
        == "Zoë Ångström 🚗"
    )
    assert cli.json("brief", "zoë")["referrals"] == [
        {"customer": "Ivan Petrov", "since": "2026-11-24"}
    ]


BEFORE_NAME_KEYS = range(1, MIGRATIONS.index("m011_name_keys") + 1)


@pytest.mark.parametrize("version", BEFORE_NAME_KEYS)
def test_a_log_from_before_name_keys_finds_its_customers_by_the_stored_keys(
    cli: Cli, db_path: Path, version: int
) -> None:
    load(version, db_path)
    before = cli("export").stdout  # a read upgrades the log in place
    assert cli.json("brief", "ZOË ÅNGSTRÖM 🚗")["customer"]["name"] == "Zoë Ångström 🚗"
    assert cli.json("brief", "angstrom")["customer"]["name"] == "Zoë Ångström 🚗"
    assert [h["customer"] for h in cli.json("search", "angst")][:1] == ["Zoë Ångström 🚗"]
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT * FROM customers").fetchall()
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM customers WHERE name_folded = 'ann lee'"
    ).fetchall()
    conn.close()
    assert len(rows) > 10
    for row in rows:
        stored = tuple(row[column] for column in NAME_KEY_COLUMNS)
        assert stored == name_keys(row["name"], row["called"], row["company"]), row["name"]
    assert "customers_name_folded" in " ".join(r["detail"] for r in plan)
    assert cli("export").stdout == before  # derived keys never leave the log


@pytest.mark.parametrize("version", VERSIONS)
def test_an_old_log_can_undo_its_first_write_after_the_upgrade(
    cli: Cli, db_path: Path, version: int
) -> None:
    load(version, db_path)
    before = cli("export").stdout
    steps = cli.json("undo", "--list")
    if version <= MIGRATIONS.index("m012_undo_history"):  # written before undo existed
        assert steps == []  # nothing written before the upgrade can be undone

    cli("note", "Marcus Bell", "After the upgrade", "--follow-up", "fri:Call him")
    assert cli("undo").stdout == "Undid: note for Marcus Bell (Tue 24 Nov)\n"

    assert cli("export").stdout == before
    assert cli.json("undo", "--list") == steps
    conn = sqlite3.connect(db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"undo_steps", "undo_rows"} <= tables
    conn.close()


def test_a_log_from_before_aliases_gains_them_and_merges_in_place(cli: Cli, db_path: Path) -> None:
    load(10, db_path)  # the last schema before m010_customer_aliases
    assert complete_name(None, "zo") == ["Zoë Ångström 🚗"]  # read-only, not upgraded yet
    cli("add", "Zoe Angstrom")
    cli("merge", "Zoe Angstrom", "zoë")
    conn = sqlite3.connect(db_path)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(customer_aliases)")}
    conn.close()
    assert columns == {"id", "alias", "alias_folded", "alias_plain", "customer_id"}
    assert cli.json("brief", "Zoe Angstrom")["customer"]["aliases"] == ["Zoe Angstrom"]


BEFORE_UNTIMED_NOTES = range(1, MIGRATIONS.index("m013_untimed_notes") + 1)


@pytest.mark.parametrize("version", BEFORE_UNTIMED_NOTES)
def test_the_notes_of_a_log_from_before_untimed_notes_count_as_timed(
    cli: Cli, db_path: Path, version: int
) -> None:
    load(version, db_path)
    expected = (FIXTURES / f"custlog-schema-v{version}.jsonl").read_text("utf-8")
    before = cli("export").stdout  # a read upgrades the log in place
    conn = sqlite3.connect(db_path)
    assert {r[0] for r in conn.execute("SELECT DISTINCT timed FROM notes")} == {1}
    conn.close()
    assert '"timed"' not in before
    found = records(before)
    for key, old in records(expected).items():
        if key[0] == "note":  # every note as it was: no "timed" key, the same "at"
            assert found[key] == {**found[key], **old} and "timed" not in found[key], key
    cli("note", "zoë", "Dropped off the winter tires", "--on", "2026-11-20")
    untimed = [r["text"] for r in records(cli("export").stdout).values() if "timed" in r]
    assert untimed == ["Dropped off the winter tires"]
