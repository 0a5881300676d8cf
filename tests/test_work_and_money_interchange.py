"""0.2's work and money travel through export and import: settings, amounts, offers, times."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli


def _reimport(cli: Cli, tmp_path: Path, db_path: Path) -> str:
    first = cli("export").stdout
    dump = tmp_path / "log.jsonl"
    dump.write_text(first, encoding="utf-8")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    cli("import", str(dump))
    assert cli("export").stdout == first
    return first


def test_settings_travel_with_the_export(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli("config", "business", "Lee's Garage")
    cli("config", "currency", "€")
    cli("config", "check-in", "5d")
    first = _reimport(cli, tmp_path, db_path)
    lines = [json.loads(line) for line in first.splitlines()]
    assert {"type": "setting", "key": "currency", "value": "€"} in lines
    assert cli.json("config") == {"business": "Lee's Garage", "currency": "€", "check-in": "5d"}


def test_a_bad_setting_line_is_named_and_nothing_is_imported(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"type": "customer", "name": "Zed"}\n'
        '{"type": "setting", "key": "currency", "value": "12"}\n',
        encoding="utf-8",
    )
    result = cli("import", str(bad), code=1)
    assert "line 2" in result.stderr and "currency" in result.stderr
    assert cli.json("list") == []
