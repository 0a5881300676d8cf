"""Every command is documented: it has help text, and the README names it."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from custlog.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = [
    info.name or typer.main.get_command_name(info.callback.__name__)  # type: ignore[union-attr]
    for info in app.registered_commands
]


def test_the_app_has_every_command_of_the_spec() -> None:
    spec = {"add", "note", "fact", "remind", "done", "snooze", "drop", "due", "brief", "log"}
    spec |= {"list", "search", "edit", "forget", "export", "import", "where"}
    assert spec <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str) -> None:
    (info,) = [
        i
        for i in app.registered_commands
        if (i.name or typer.main.get_command_name(i.callback.__name__)) == name  # type: ignore[union-attr]
    ]
    assert info.callback is not None and (info.callback.__doc__ or "").strip()


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"custlog {name}" in README
