"""`custlog note NAME` with no text: write the note in $EDITOR; and what a note's text may
carry (fact: and follow-up: lines, a jrnl-style leading date)."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from custlog.cli.editor import edit_note, template
from custlog.domain.context import Context
from custlog.errors import BadInput
from tests.conftest import Cli

WRITTEN = (
    "yesterday: Called about the van's brakes; she'll bring it in.\n"
    "fact: family: Son Leo starts college in the fall\n"
    "follow-up: friday: Call back with the brake quote\n"
)


def editor(tmp_path: Path, body: str, *, status: int = 0) -> str:
    """An $EDITOR that keeps a copy of the template it was given and appends `body`."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import shutil, sys\n"
        f"shutil.copy(sys.argv[-1], {str(tmp_path / 'template.txt')!r})\n"
        "with open(sys.argv[-1], 'a', encoding='utf-8') as handle:\n"
        f"    handle.write({body!r})\n"
        f"sys.exit({status})\n"
    )
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def test_the_template_names_the_customer_the_date_and_the_open_followups(
    shop: Cli, ctx: Context
) -> None:
    lines = template(ctx, "Ann Lee").splitlines()
    assert "# Note for Ann Lee, Tue 24 Nov." in lines
    assert (
        "#   #2 promise: Text Annie the photos of the rear pads with the 4mm measurement "
        "(due Fri 20 Nov)" in lines
    )
    assert (
        "#   #6 postponed work: Rear brake pads on the van (at 4mm in November) "
        "(due Mon 15 Mar 2027)" in lines
    )
    assert all(line.startswith("#") for line in lines if line)


def test_the_editor_text_comes_back_without_the_comments(
    shop: Cli, ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor(tmp_path, WRITTEN))
    assert edit_note(ctx, "Ann Lee") == WRITTEN.strip()
    assert "# Note for Ann Lee" in (tmp_path / "template.txt").read_text()


def test_visual_wins_over_editor(
    shop: Cli, ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    monkeypatch.setenv("VISUAL", editor(tmp_path, "From VISUAL"))
    assert edit_note(ctx, "Ann Lee") == "From VISUAL"


def test_an_editor_that_fails_or_cannot_start_writes_nothing(
    shop: Cli, ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor(tmp_path, "half a note", status=3))
    with pytest.raises(BadInput, match="the editor exited with status 3: nothing was written"):
        edit_note(ctx, "Ann Lee")
    monkeypatch.setenv("EDITOR", "/nonexistent/editor --wait")
    with pytest.raises(BadInput, match="cannot start the editor"):
        edit_note(ctx, "Ann Lee")


# -- end to end, on a terminal ----------------------------------------------------------------

CUSTLOG = Path(sys.executable).with_name("custlog")


def on_a_terminal(*args: str) -> tuple[int, str]:
    """Run the installed `custlog` with a pseudo-terminal as its standard input and output,
    as when a person types the command; returns the exit code and what it printed."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execv(str(CUSTLOG), [str(CUSTLOG), *args])
    output = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal closes when the program exits
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


needs_entry_point = pytest.mark.skipif(not CUSTLOG.exists(), reason="custlog not installed")


@needs_entry_point
def test_note_without_text_on_a_terminal_opens_the_editor(
    shop: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor(tmp_path, WRITTEN))
    code, printed = on_a_terminal("note", "annie")
    assert code == 0, printed
    assert "Noted for Ann Lee (Mon 23 Nov), with 1 fact and follow-up #34" in printed
    brief: Any = shop.json("brief", "ann")
    assert brief["notes"][0]["text"] == "Called about the van's brakes; she'll bring it in."
    assert brief["notes"][0]["at"].startswith("2026-11-23T")
    assert {"topic": "family", "text": "Son Leo starts college in the fall"} in [
        {"topic": f["topic"], "text": f["text"]} for f in brief["facts"]
    ]
    assert {"id": 34, "due": "2026-11-27", "text": "Call back with the brake quote"} in [
        {"id": f["id"], "due": f["due"], "text": f["text"]} for f in brief["followups"]
    ]


@needs_entry_point
def test_an_untouched_template_writes_nothing(
    shop: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = shop("export").stdout
    monkeypatch.setenv("EDITOR", editor(tmp_path, ""))
    code, printed = on_a_terminal("note", "ann")
    assert code == 1
    assert "the note is empty: nothing was written" in printed
    assert shop("export").stdout == before


# -- what a note's text may carry ---------------------------------------------------------------


def test_a_leading_date_dates_the_note(shop: Cli) -> None:
    shop("note", "ann", "yesterday: called about the van")
    note = shop.json("brief", "ann")["notes"][0]
    assert note["at"].startswith("2026-11-23T")
    assert note["text"] == "called about the van"


@pytest.mark.parametrize("text", ["Re: the van is ready", "brakes: done", "3/4: ambiguous"])
def test_a_leading_word_that_is_not_a_date_stays_in_the_note(shop: Cli, text: str) -> None:
    shop("note", "ann", text)
    note = shop.json("brief", "ann")["notes"][0]
    assert note["at"].startswith("2026-11-24T")
    assert note["text"] == text


def test_fact_and_follow_up_lines_on_standard_input_are_picked_up(shop: Cli) -> None:
    result = shop("note", "marcus", input="Dropped off the Mustang.\n" + WRITTEN.split("\n", 1)[1])
    assert "with 1 fact and follow-up #34" in result.stdout
    brief = shop.json("brief", "marcus")
    assert brief["notes"][0]["text"] == "Dropped off the Mustang."
    assert any(f["text"] == "Son Leo starts college in the fall" for f in brief["facts"])
