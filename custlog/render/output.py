"""The one place that writes to the terminal: it owns the Rich consoles and the JSON path.

Rich is imported only when something is drawn, so `--json` and the error path stay light.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def _wants_plain(stream: Any) -> bool:
    if os.environ.get("NO_COLOR", "") != "":
        return True
    if os.environ.get("TERM") == "dumb":
        return True
    isatty = getattr(stream, "isatty", None)
    return not (isatty and isatty())


class Output:
    """Data to stdout, messages to stderr; Rich on a terminal, plain lines elsewhere."""

    def __init__(self) -> None:
        self.plain = _wants_plain(sys.stdout)
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            if self.plain:
                width = int(os.environ.get("COLUMNS", "0") or 0) or 10_000
                self._console = Console(
                    color_system=None,
                    force_terminal=False,
                    highlight=False,
                    emoji=False,
                    width=width,
                    soft_wrap=width >= 10_000,
                )
            else:
                self._console = Console(highlight=False, emoji=False)
        return self._console

    @property
    def width(self) -> int:
        return self.console.width

    def show(self, *renderables: RenderableType) -> None:
        for item in renderables:
            self.console.print(item)

    def line(self, text: str) -> None:
        """A plain line of data on stdout (no markup is interpreted)."""
        sys.stdout.write(text + "\n")

    def json(self, data: Any) -> None:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    def message(self, text: str) -> None:
        sys.stderr.write(text + "\n")

    def error(self, text: str) -> None:
        first = " ".join(text.split("\n"))
        sys.stderr.write(f"custlog: error: {first}\n")
