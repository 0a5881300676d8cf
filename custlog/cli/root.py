"""The Typer app, its root options, what travels to each command, and the one error boundary.

The log path, today's date and the output travel on Typer's context object (`ctx.obj`, a
`Session`), as hatch does it: no module-level state, so the app can run twice in one process.
Every command module registers on `app`; nothing here imports them.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from datetime import date, time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import ClickException  # Typer's own usage errors (bundled Click)
from typer.core import TyperCommand, TyperGroup

from custlog.errors import BadOption, CustlogError

if TYPE_CHECKING:
    from custlog.domain.context import Context
    from custlog.render.output import Output
    from custlog.storage.store import Store


class Session:
    """One run of custlog: where the log is, what day it is, and where output goes. (A plain
    class, not a dataclass: every command creates one.)"""

    def __init__(self, db: str | None = None) -> None:
        self.db = db
        self.stores: list[Store] = []

    @cached_property
    def path(self) -> Path:
        from custlog.storage import paths

        return paths.db_path(self.db)

    @cached_property
    def today(self) -> date:
        from custlog.storage import paths

        return paths.today()

    @cached_property
    def out(self) -> Output:
        from custlog.render.output import Output

        return Output()

    def read(self) -> Context:
        """The log as it is; an empty one (in memory, nothing created) when there is none."""
        return self._open(create=False)

    def write(self, *, create: bool) -> Context:
        """The log, to write to. Call it only once every input that can be checked without the
        log has been checked. `create=False` (the command needs records the log already holds):
        when there is no log yet, the empty view `read` gives, where every lookup fails
        before anything is written; `create=True`: the log is created on the spot."""
        return self._open(create=create)

    @contextlib.contextmanager
    def write_whole(self) -> Iterator[Context]:
        """The log, for a write that finds its errors only while writing (an import). With
        no log yet, the work is built aside and becomes the log only once it succeeds
        (`custlog.storage.staging`): a failure leaves nothing behind."""
        if self.path.exists():
            yield self.write(create=True)
            return
        from custlog.storage.staging import new_log_aside

        with new_log_aside(self.path) as staged:
            context = self._open(create=True, path=staged)
            yield context
            self.stores.remove(context.store)
            context.store.close()

    @cached_property
    def now(self) -> time:
        from custlog.storage import paths

        return paths.now_time()

    def _open(self, *, create: bool, path: Path | None = None) -> Context:
        from custlog.domain.context import Context
        from custlog.storage.store import Store

        today = self.today
        store = Store.open(path or self.path, create=create)
        self.stores.append(store)
        return Context(store, today, self.now)

    def close(self) -> None:
        while self.stores:
            self.stores.pop().close()


def session(ctx: typer.Context) -> Session:
    """The `Session` the root callback put on the context."""
    found = ctx.find_object(Session)
    if found is None:  # a command invoked without the root callback (never from the CLI)
        found = ctx.ensure_object(Session)
    return found


@contextlib.contextmanager
def boundary(ctx: typer.Context | None = None) -> Iterator[None]:
    """The one place errors become what a user sees: one line on stderr, never a traceback.

    Expected errors (`CustlogError`) keep their exit code; a broken log, a full disk or a bug
    give one line and exit 1; a closed pipe (`custlog log ann | head`) ends quietly with 0;
    Typer's own usage errors and exits pass through untouched.
    """
    try:
        yield
        sys.stdout.flush()  # a closed pipe shows here, inside the boundary
    except (typer.Exit, typer.Abort, ClickException):
        raise
    except BadOption as exc:
        raise typer.BadParameter(exc.message, param_hint=exc.option) from None
    except CustlogError as exc:
        _error(ctx, exc.message)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        sys.stderr.write("\ncustlog: interrupted; nothing was written\n")
        raise typer.Exit(130) from None
    except BrokenPipeError:
        _quiet_closed_pipe()
        raise typer.Exit(0) from None
    except Exception as exc:
        import sqlite3

        if isinstance(exc, sqlite3.Error):
            _error(ctx, f"the log could not be used: {exc}")
        elif isinstance(exc, OSError):  # standard output on a full disk, …
            _error(ctx, f"cannot write: {exc.strerror or exc}")
        elif os.environ.get("CUSTLOG_DEBUG"):
            raise
        else:  # a bug: still one line, with a way to see more
            _error(ctx, f"unexpected {type(exc).__name__}: {exc} (set CUSTLOG_DEBUG=1 for details)")
        raise typer.Exit(1) from None
    finally:
        if ctx is not None and isinstance(ctx.obj, Session):
            ctx.obj.close()


def _error(ctx: typer.Context | None, text: str) -> None:
    from custlog.render.output import Output

    out = ctx.obj.out if ctx is not None and isinstance(ctx.obj, Session) else Output()
    try:
        out.error(text)
    except BrokenPipeError:
        _quiet_closed_pipe()


def _quiet_closed_pipe() -> None:
    """The reader went away: send whatever is still buffered nowhere, and say nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(devnull, stream.fileno())
    os.close(devnull)


class _Command(TyperCommand):
    """A command whose usage line reads like a manual: `custlog note NAME [TEXT]...`, not
    Typer's `{NAME}` for a required argument."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [
            piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]


def plain_usage() -> None:
    """Every registered command uses `_Command` (call once the commands are registered)."""
    for info in app.registered_commands:
        info.cls = _Command


class _Group(TyperGroup):
    """custlog's command group: every command runs inside `boundary`."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        with boundary(ctx):
            return super().invoke(ctx)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except BrokenPipeError:  # while Typer printed usage or help into a closed pipe
            _quiet_closed_pipe()
            sys.exit(0)


app = typer.Typer(
    name="custlog",
    cls=_Group,
    help="A customer log: remember people, keep every promise, call back on time.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    """`custlog --version`: the installed package's version (read only when asked)."""
    if not value:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        shown = version("custlog")
    except PackageNotFoundError:  # running from a source tree that is not installed
        from custlog import __version__ as shown
    sys.stdout.write(f"custlog {shown}\n")
    raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="The log file to use (wins over CUSTLOG_DB).",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print custlog's version and exit.",
            callback=_version,
            is_eager=True,
            show_default=False,
        ),
    ] = False,
) -> None:
    """A customer log: remember people, keep every promise, call back on time.

    custlog note NAME "…" after a call, custlog brief NAME before a visit,
    custlog due every morning.
    """
    ctx.obj = Session(db=db)


def _command_word(argv: list[str]) -> str | None:
    """The command named on the command line, after the global options."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
        elif not word.startswith("--db="):
            return None  # --help, --install-completion, …: Typer needs every command
    return None


def only_the_invoked_command(argv: list[str]) -> None:
    """Typer inspects the signature of every registered command at each start (about 1 ms
    a command); when the command line names one, register only that one."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return
    word = _command_word(argv)
    if word is None:
        return
    chosen = [
        info
        for info in app.registered_commands
        if (info.name or typer.main.get_command_name(info.callback.__name__)) == word  # type: ignore[union-attr]
    ]
    if chosen:
        app.registered_commands = chosen
