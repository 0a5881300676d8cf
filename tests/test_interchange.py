"""JSON Lines: export → import → export is identical; bad lines are named, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES, Cli


def test_export_import_export_is_identical(shop: Cli, tmp_path: Path) -> None:
    first = shop("export").stdout
    other = tmp_path / "other.db"
    shop("--db", str(other), "import", "-", input=first)
    second = shop("--db", str(other), "export").stdout
    assert first == second


def test_export_keeps_the_spec_keys(shop: Cli) -> None:
    lines = [json.loads(line) for line in shop("export").stdout.splitlines()]
    first_of = {}
    for obj in lines:
        first_of.setdefault(obj["type"], obj)
    assert set(first_of) == {"setting", "customer", "note", "fact", "followup"}
    assert {"id", "name", "called", "company", "phone", "email", "tags", "every", "since"} <= set(
        first_of["customer"]
    )
    for kind in ("note", "fact", "followup"):
        assert {"customer", "customer_id", "text"} <= set(first_of[kind])
    assert {"due", "kind", "every", "estimate", "done"} <= set(first_of["followup"])
    types = [obj["type"] for obj in lines]
    assert types.index("note") > max(i for i, t in enumerate(types) if t == "customer")


def test_export_to_a_file_is_private(shop: Cli, tmp_path: Path) -> None:
    out = tmp_path / "log.jsonl"
    shop("export", "-o", str(out))
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert out.read_text() == shop("export").stdout


def test_minimal_lines_take_defaults(cli: Cli, tmp_path: Path) -> None:
    src = tmp_path / "min.jsonl"
    src.write_text(
        '{"type": "customer", "name": "Ann Lee"}\n'
        '{"type": "note", "customer": "Ann Lee", "text": "Hello"}\n'
        '{"type": "followup", "customer": "Ann Lee", "due": "2026-12-01"}\n'.replace(
            '"due": "2026-12-01"}', '"due": "2026-12-01", "text": "Call"}'
        )
    )
    cli("import", str(src))
    data = cli.json("brief", "ann")
    assert data["followups"][0]["kind"] == "callback"
    assert data["notes"][0]["via"] == "other"


def test_a_bad_line_is_named_and_nothing_is_imported(cli: Cli, tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text(
        '{"type": "customer", "name": "Ann Lee"}\n'
        '{"type": "note", "customer": "Ann Lee", "text": "ok"}\n'
        '{"type": "followup", "customer": "Ann Lee", "due": "someday", "text": "x"}\n'
    )
    result = cli("import", str(src), code=1)
    assert result.stderr.startswith("custlog: error: line 3:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert cli.json("list") == []


def test_a_record_must_name_a_customer_line_of_the_file(cli: Cli, tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text('{"type": "note", "customer": "Nobody", "text": "x"}\n')
    assert "line 1" in cli("import", str(src), code=1).stderr


def test_invalid_json_is_reported_with_its_line(cli: Cli, tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text('{"type": "customer", "name": "Ann Lee"}\n{not json\n')
    assert "line 2: not valid JSON" in cli("import", str(src), code=1).stderr


def test_a_missing_file_is_one_clear_error(cli: Cli) -> None:
    assert "no such file" in cli("import", "/nonexistent/x.jsonl", code=1).stderr


def test_importing_the_same_file_twice_adds_nothing_twice(cli: Cli) -> None:
    cli("import", str(EXAMPLES))
    before = cli("export").stdout
    report = cli("import", str(EXAMPLES)).stdout
    assert "12 customers" in report and "already there" in report
    assert cli("export").stdout == before


def test_tag_cadences_travel_with_the_export(cli: Cli, tmp_path: Path) -> None:
    cli("add", "Ann Lee", "--tag", "fleet")
    cli("cadence", "--tag", "fleet", "2w")
    exported = cli("export").stdout
    assert exported.splitlines()[0] == '{"type": "cadence", "tag": "fleet", "every": "2w"}'
    other = tmp_path / "other.db"
    cli("--db", str(other), "import", "-", input=exported)
    assert cli("--db", str(other), "export").stdout == exported
    assert cli.json("--db", str(other), "brief", "ann")["cadence"]["source"] == "tag:fleet"
