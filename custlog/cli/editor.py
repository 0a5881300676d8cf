"""`custlog note NAME` with no text: write the note in $EDITOR, on a helpful template."""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from custlog.domain import kinds
from custlog.domain.context import Context
from custlog.errors import BadInput, CustlogError
from custlog.render.words import short_date

if TYPE_CHECKING:
    from custlog.render.output import Output

COMMENT = "#"


def template(ctx: Context, who: str) -> str:
    lines = [
        "",
        f"{COMMENT} Note for {who}, {short_date(ctx.today, ctx.today)}.",
        f"{COMMENT} Lines starting with {COMMENT} are ignored; an empty note writes nothing.",
        f"{COMMENT} Also understood:  fact: family: Daughter Emma plays soccer",
        f"{COMMENT}                   follow-up: friday: Call about the estimate",
        f"{COMMENT}                   follow-up: friday: promise: Send the estimate",
    ]
    try:
        customer = ctx.customer(who)
    except Exception:
        return "\n".join(lines) + "\n"
    open_items = ctx.store.followups.of_customer(customer.id)
    if open_items:
        lines.append(f"{COMMENT}")
        lines.append(f"{COMMENT} Open follow-ups:")
        for f in open_items[:15]:
            due = short_date(f.due, ctx.today)
            lines.append(f"{COMMENT}   #{f.id} {kinds.label(f.kind)}: {f.text} (due {due})")
    return "\n".join(lines) + "\n"


def strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith(COMMENT)).strip()


def edit_note(ctx: Context, who: str) -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="custlog-note-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(template(ctx, who))
        try:
            status = subprocess.call([*shlex.split(editor), str(path)])
        except OSError as exc:
            raise BadInput(f"cannot start the editor {editor!r}: {exc.strerror}") from None
        if status != 0:
            raise BadInput(f"the editor exited with status {status}: nothing was written")
        return strip_comments(path.read_text(encoding="utf-8"))
    finally:
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def kept_if_lost(text: str, out: Output) -> Iterator[None]:
    """When the note typed in the editor cannot be saved, keep it in a private file (0600)
    and say where, so nothing typed is lost."""
    try:
        yield
    except CustlogError:
        if text.strip():
            out.message(f"custlog: your note is kept in {keep(text)}")
        raise


def keep(text: str) -> Path:
    fd, name = tempfile.mkstemp(prefix="custlog-note-", suffix=".txt")  # 0600
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    return Path(name)
