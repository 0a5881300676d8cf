"""The one place that writes to the terminal: it owns the Rich console and the JSON path.

Screens are built from a few small parts (`Line`, `Rows`, `Box`, `Grid`, `Blank`) that know
two ways to show themselves: plain lines for a pipe or `NO_COLOR` (no escape codes, one item
to a line, nothing cut), and Rich renderables for a terminal (colour, panels, wrapped to
the width). Rich is imported only when something is drawn on a terminal, so piped output,
`--json` and the error path never load it.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.measure import Measurement
    from rich.text import Text

# C0 and C1 control characters other than newline: a note imported from anywhere must not
# be able to move the cursor or change colours.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\s*\n\s*")
_BREAK = "\x00break"  # the style of a span that is a line break on a terminal only
# The end of a drawn line: spaces and escape codes, mixed.
_TAIL = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+$", re.MULTILINE)
_CODE = re.compile(r"\x1b\[[0-9;]*m")


def clean(text: str) -> str:
    """User text made safe to print: tabs become spaces, other control characters vanish."""
    return _CONTROL.sub(lambda m: " " if m.group() == "\t" else "", text)


def clean_line(text: str) -> str:
    """`clean`, on one line: a line break inside user text becomes " / "."""
    text = clean(text)
    return _NEWLINES.sub(" / ", text.strip()) if "\n" in text else text


def cell_width(text: str) -> int:
    """Columns the text takes on a terminal (wide East Asian characters count two)."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


class Line:
    """One line of text in styled pieces; a style is a Rich style string ("bold red")."""

    __slots__ = ("spans",)

    def __init__(self, text: str = "", style: str = "") -> None:
        self.spans: list[tuple[str, str]] = []
        self.add(text, style)

    def add(self, text: str, style: str = "") -> Line:
        if text:
            self.spans.append((clean(text), style))
        return self

    def brk(self, plain: str = " ") -> Line:
        """A line break on a terminal (to keep a table narrow); `plain` in a pipe."""
        self.spans.append((plain, _BREAK))
        return self

    def extend(self, other: Line) -> Line:
        self.spans.extend(other.spans)
        return self

    @property
    def plain(self) -> str:
        """The text on one line: a multi-line note is joined with " / "."""
        text = "".join(text for text, _style in self.spans)
        return _NEWLINES.sub(" / ", text.strip()) if "\n" in text else text

    def __bool__(self) -> bool:
        return bool(self.spans)

    def rich(self) -> Text:
        from rich.text import Text

        text = Text()
        for piece, style in self.spans:
            if style == _BREAK:
                text.append("\n")
            else:
                text.append(piece, style=style or None)
        return text


class Part:
    """A piece of a screen. (Plain classes, not dataclasses: they are imported on every
    rendered command, and each dataclass costs about half a millisecond to create.)"""

    __slots__ = ()

    def plain_lines(self) -> Iterator[str]:
        raise NotImplementedError

    def renderable(self) -> RenderableType:
        raise NotImplementedError


class Blank(Part):
    __slots__ = ()

    def plain_lines(self) -> Iterator[str]:
        yield ""

    def renderable(self) -> RenderableType:
        return ""


class Para(Part):
    """A single line on its own."""

    __slots__ = ("line",)

    def __init__(self, line: Line) -> None:
        self.line = line

    def plain_lines(self) -> Iterator[str]:
        yield self.line.plain

    def renderable(self) -> RenderableType:
        return self.line.rich()


class Row:
    """A label (an id, a topic, a date) and what it labels. On a terminal the body lines
    stack beside the label and wrap under themselves; piped, they join with `sep`. A row
    that must `fit` takes one line on a terminal: what does not fit is left off at a word,
    with "…" (piped, nothing is ever cut)."""

    __slots__ = ("body", "fit", "label", "sep")

    def __init__(self, label: Line, body: list[Line], sep: str = ": ", fit: bool = False) -> None:
        self.label = label
        self.body = body
        self.sep = sep
        self.fit = fit


class Rows(Part):
    """Labelled rows, the labels in one column."""

    __slots__ = ("indent", "rows")

    def __init__(self, rows: list[Row], indent: int = 2) -> None:
        self.rows = rows
        self.indent = indent

    def plain_lines(self) -> Iterator[str]:
        width = max((cell_width(r.label.plain) for r in self.rows), default=0)
        pad = " " * self.indent
        for row in self.rows:
            body = row.sep.join(line.plain for line in row.body if line)
            if width == 0:
                yield f"{pad}{body}"
                continue
            label = row.label.plain
            gap = " " * (width - cell_width(label) + 2)
            yield f"{pad}{label}{gap}{body}".rstrip()

    def renderable(self) -> RenderableType:
        from rich.padding import Padding
        from rich.table import Table
        from rich.text import Text

        grid = Table.grid(padding=(0, 2))
        labelled = any(r.label for r in self.rows)
        if labelled:
            grid.add_column(overflow="fold")
        grid.add_column(overflow="fold")
        for row in self.rows:
            body: RenderableType = Text("\n", end="").join(line.rich() for line in row.body if line)
            if row.fit:
                body = _OneLine(Text(" ", end="").join(line.rich() for line in row.body if line))
            grid.add_row(*((row.label.rich(), body) if labelled else (body,)))
        return Padding(grid, (0, 0, 0, self.indent), expand=False)


class _OneLine:
    """Rich text kept to `lines` lines of the width it is given (one by default), cut after
    a whole word with " …"."""

    FLOOR = 24  # a table may squeeze it this narrow, no more

    def __init__(self, text: Text, lines: int = 1) -> None:
        self.text = text
        self.lines = lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        width = self.text.cell_len
        return Measurement(min(width, self.FLOOR), width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = options.max_width
        if self.lines <= 1:
            yield fit_words(self.text, width)
            return
        wrapped = list(self.text.wrap(console, width))
        if len(wrapped) > self.lines:
            wrapped = _fit_lines(self.text, console, width, self.lines)
        yield from wrapped


def fit_words(text: Text, width: int) -> Text:
    """`text` if it fits in `width` cells, else its longest run of whole words that fits
    with " …" after it."""
    if text.cell_len <= width:
        return text
    plain = text.plain
    cut = 0
    for match in re.finditer(r"\S+", plain):
        if cell_width(plain[: match.end()]) + 2 > width:
            break
        cut = match.end()
    return _cut(text, cut)


def _cut(text: Text, end: int) -> Text:
    short = text[:end]
    short.rstrip()
    short.append(" …")
    return short


def _fit_lines(text: Text, console: Console, width: int, lines: int) -> list[Text]:
    """The longest run of whole words of `text` that, with " …" after it, wraps to at most
    `lines` lines of `width`."""
    best = fit_words(text, width)
    for match in re.finditer(r"\S+", text.plain):
        short = _cut(text, match.end())
        if len(short.wrap(console, width)) > lines:
            break
        best = short
    return list(best.wrap(console, width))


class Box(Part):
    """The header of a screen: a panel on a terminal, plain lines in a pipe. A box that must
    `fit` takes at most that many lines inside its panel on a terminal: each line one, cut
    after a word with "…", except line number `grow`, which may wrap onto the lines left
    (piped, nothing is cut)."""

    __slots__ = ("fit", "grow", "lines", "style")

    def __init__(
        self, lines: list[Line], style: str = "cyan", fit: int = 0, grow: int | None = None
    ) -> None:
        self.lines = lines
        self.style = style
        self.fit = fit
        self.grow = grow

    def plain_lines(self) -> Iterator[str]:
        for line in self.lines:
            yield line.plain

    def renderable(self) -> RenderableType:
        from rich.panel import Panel
        from rich.text import Text

        body: RenderableType = Text("\n", end="").join(line.rich() for line in self.lines)
        if self.fit:
            from rich.console import Group

            spare = max(1, self.fit - len(self.lines) + 1)
            body = Group(
                *(
                    _OneLine(line.rich(), spare if n == self.grow else 1)
                    for n, line in enumerate(self.lines)
                )
            )
        return Panel(body, border_style=self.style, expand=False, padding=(0, 1))


class Grid(Part):
    """A table with a header row: columns aligned with spaces in a pipe, a Rich table on a
    terminal. Cells wrap on a terminal; nothing is ever cut."""

    __slots__ = ("headers", "rows")

    def __init__(self, headers: list[str]) -> None:
        self.headers = headers
        self.rows: list[list[Line]] = []

    def plain_width(self) -> int:
        """The columns the table takes on a terminal, every cell on one line."""
        cells = [self.headers, *([c.plain or "-" for c in row] for row in self.rows)]
        widths = [max(cell_width(row[i]) for row in cells) for i in range(len(self.headers))]
        return sum(widths) + 3 * (len(widths) - 1)  # padding 1 + a separator + padding 1

    def plain_lines(self) -> Iterator[str]:
        cells = [self.headers, *([c.plain or "-" for c in row] for row in self.rows)]
        widths = [max(cell_width(row[i]) for row in cells) for i in range(len(self.headers))]
        for row in cells:
            padded = [
                text + " " * (widths[i] - cell_width(text)) for i, text in enumerate(row[:-1])
            ]
            yield "  ".join([*padded, row[-1]]).rstrip()

    def renderable(self) -> RenderableType:
        from rich import box
        from rich.table import Table

        table = Table(
            box=box.SIMPLE_HEAD,
            header_style="bold cyan",
            show_edge=False,
            pad_edge=False,
            padding=(0, 1),
        )
        for header in self.headers:
            table.add_column(header, overflow="fold")
        for row in self.rows:
            table.add_row(*(cell.rich() if cell else "-" for cell in row))
        return table


def _wants_plain(stream: Any) -> bool:
    if os.environ.get("NO_COLOR", "") != "":
        return True
    if os.environ.get("FORCE_COLOR", "") != "":
        return False
    if os.environ.get("TERM") == "dumb":
        return True
    isatty = getattr(stream, "isatty", None)
    return not (isatty and isatty())


class Output:
    """Data to stdout, messages to stderr; Rich on a terminal, plain lines elsewhere.

    Plain when standard output is not a terminal, when `NO_COLOR` is set, or for
    `TERM=dumb`; `FORCE_COLOR` asks for colour in a pipe (`custlog due | less -R`). Tests
    pass `plain=False` and a `width` to draw the terminal screens into a captured stdout.
    """

    def __init__(
        self,
        *,
        plain: bool | None = None,
        width: int | None = None,
        console: Console | None = None,
    ) -> None:
        """`console`: draw with this Rich console (tests pass one with a fixed width)."""
        self.plain = (_wants_plain(sys.stdout) if plain is None else plain) and console is None
        self._width = width
        self._console: Console | None = console

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            if self.plain:
                self._console = Console(
                    color_system=None,
                    force_terminal=False,
                    highlight=False,
                    markup=False,
                    emoji=False,
                    soft_wrap=True,
                    width=self._width or 10_000,
                )
            else:
                self._console = Console(
                    force_terminal=True,
                    highlight=False,
                    markup=False,
                    emoji=False,
                    width=self._width,
                )
        return self._console

    @property
    def width(self) -> int:
        return self.console.width

    def render(self, parts: Iterable[Part]) -> None:
        """Draw a screen: plain lines in a pipe, Rich renderables on a terminal."""
        if self.plain:
            for part in parts:
                for text in part.plain_lines():
                    sys.stdout.write(text + "\n")
            return
        console = self.console
        with console.capture() as captured:
            for part in parts:
                console.print(part.renderable())
        # Rich pads tables and panels to their width: no line ends in spaces.
        sys.stdout.write(_TAIL.sub(lambda m: "".join(_CODE.findall(m.group())), captured.get()))

    def show(self, *renderables: RenderableType) -> None:
        """Print Rich renderables as they are (no colour in plain mode)."""
        for item in renderables:
            self.console.print(item)

    def line(self, text: str) -> None:
        """A plain line on stdout (no markup is interpreted), made terminal-safe: every
        confirmation quotes user text, and that text may have come from an imported file."""
        sys.stdout.write(clean_line(text) + "\n")

    def lines(self, texts: Sequence[str]) -> None:
        for text in texts:
            self.line(text)

    def json(self, data: Any) -> None:
        """One JSON document: strict JSON, so NaN or Infinity is a bug, never output."""
        from custlog.formats.jsontext import dumps

        sys.stdout.write(dumps(data, indent=2) + "\n")

    def message(self, text: str) -> None:
        sys.stderr.write(clean_line(text) + "\n")

    def error(self, text: str) -> None:
        first = clean(" ".join(text.split("\n")))
        sys.stderr.write(f"custlog: error: {first}\n")
