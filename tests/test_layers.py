"""The layers show in the imports: output never reaches into storage, and only storage (and the
CLI's error boundary, which names sqlite3's errors) touches SQLite."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "custlog"


def imported_modules(folder: str) -> dict[str, set[str]]:
    """Every module each file under custlog/`folder` imports, at any depth."""
    found: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def test_render_never_imports_storage() -> None:
    for path, names in imported_modules("render").items():
        assert not {n for n in names if n.startswith("custlog.storage")}, path


def test_only_storage_speaks_to_sqlite() -> None:
    for folder in ("domain", "render", "formats", "parsing"):
        for path, names in imported_modules(folder).items():
            assert not {n for n in names if n.split(".")[0] in ("sqlite3", "sqlite_utils")}, path
