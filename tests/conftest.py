"""Every test runs against its own temporary log with today pinned: no test can touch a real log."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from custlog.cli import app
from custlog.domain.context import Context
from custlog.storage.store import Store

# In CI (CI=true) every property test draws the same examples on every run, so a red build is
# reproducible and a green one does not depend on luck; at a desk they stay random, to find
# new counterexamples.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

TODAY = date(2026, 11, 24)  # a Tuesday
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "shop.jsonl"


@pytest.fixture(autouse=True)
def private_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "custlog.db"
    monkeypatch.setenv("CUSTLOG_DB", str(path))
    monkeypatch.setenv("CUSTLOG_TODAY", TODAY.isoformat())
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    yield path


@pytest.fixture
def db_path(private_log: Path) -> Path:
    return private_log


class Cli:
    """Runs custlog as a user would, in-process; `run` fails the test on an unexpected code."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int | None = 0):  # type: ignore[no-untyped-def]
        result = self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, (
                f"custlog {' '.join(args)} exited {result.exit_code}, expected {code}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}"
            )
        return result

    def json(self, *args: str):  # type: ignore[no-untyped-def]
        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def shop(cli: Cli) -> Cli:
    """The example shop log from examples/, imported."""
    cli("import", str(EXAMPLES))
    return cli


@pytest.fixture
def ctx(db_path: Path) -> Iterator[Context]:
    store = Store.open(db_path, create=True)
    yield Context(store, TODAY, time(9, 30))
    store.close()
