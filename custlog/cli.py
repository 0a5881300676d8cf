"""The command line: parse, call the domain, hand the result to the renderer.

Module-level imports are only what every command needs (Typer and the error types); each
command imports its own domain and rendering modules, so that `custlog --help` and `custlog
note` load nothing they do not use.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from custlog.errors import BadInput, CustlogError

if TYPE_CHECKING:
    from custlog.context import Context
    from custlog.render.output import Output

app = typer.Typer(
    name="custlog",
    help="A customer log: remember people, keep every promise, call back on time.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state: dict[str, Any] = {"db": None}

F = TypeVar("F", bound=Callable[..., Any])

# -- shared argument types -------------------------------------------------------------------

NameArg = Annotated[
    str,
    typer.Argument(
        help="Full name, called name, a unique prefix, or #ID.",
        show_default=False,
    ),
]
IdArg = Annotated[str, typer.Argument(help="The follow-up's id (12 or #12).", show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document instead.")]
EveryOpt = Annotated[
    str | None,
    typer.Option("--every", help="How often: 30d, 2w, 3m, 1y, monthly, 'every 3 months'."),
]
TagsOpt = Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeat for several).")]


def output() -> Output:
    from custlog.render.output import Output

    out: Output | None = _state.get("out")
    if out is None:
        out = _state["out"] = Output()
    return out


def context(*, write: bool) -> Context:
    """Open the log (creating it on first write) and pin today's date."""
    from custlog import paths
    from custlog.context import Context
    from custlog.store import Store

    today = paths.today()
    store = Store.open(paths.db_path(_state["db"]), create=write)
    return Context(store, today, paths.now_time())


def command(name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
    """Register a command behind the one error boundary: a CustlogError becomes one line on
    stderr and exit 1."""

    def register(fn: F) -> F:
        @functools.wraps(fn)
        def guarded(*args: Any, **kw: Any) -> Any:
            try:
                return fn(*args, **kw)
            except CustlogError as exc:
                output().error(exc.message)
                raise typer.Exit(exc.exit_code) from None

        app.command(name, **kwargs)(guarded)
        return fn

    return register


@app.callback()
def _main(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="The log file to use (wins over CUSTLOG_DB).",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
) -> None:
    """A customer log: remember people, keep every promise, call back on time.

    custlog note NAME "…" after a call, custlog brief NAME before a visit,
    custlog due every morning.
    """
    _state["db"] = db


# -- capture ---------------------------------------------------------------------------------


@command()
def add(
    name: Annotated[str, typer.Argument(help="The customer's full name.", show_default=False)],
    called: Annotated[str | None, typer.Option(help="What they like to be called.")] = None,
    company: Annotated[str | None, typer.Option(help="Their company.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number.")] = None,
    email: Annotated[str | None, typer.Option(help="Email address.")] = None,
    tag: TagsOpt = None,
    every: EveryOpt = None,
    force: Annotated[bool, typer.Option(help="Add even if that exact name exists.")] = False,
) -> None:
    """Add a new customer."""
    from custlog import capture

    ctx = context(write=True)
    c = capture.add_customer(
        ctx,
        name,
        called=called,
        company=company,
        phone=phone,
        email=email,
        tags=tag,
        every=every,
        force=force,
    )
    output().line(f"Added {c.name} (#{c.id})")


def _read_note_text(ctx: Context, who: str, text: list[str] | None) -> str:
    if text:
        return " ".join(text)
    if not sys.stdin.isatty():
        return sys.stdin.read()
    from custlog.editor import edit_note

    return edit_note(ctx, who)


@command()
def note(
    name: NameArg,
    text: Annotated[
        list[str] | None,
        typer.Argument(
            help="What happened. None: read stdin, or open $EDITOR.", show_default=False
        ),
    ] = None,
    via: Annotated[
        str | None, typer.Option(help="call, visit, email, text or other.", show_default=False)
    ] = None,
    on: Annotated[
        str | None, typer.Option(help="When it happened (default now): yesterday, 'fri 14:30'.")
    ] = None,
    fact: Annotated[
        list[str] | None, typer.Option("--fact", help="TOPIC:TEXT, a personal fact learned.")
    ] = None,
    follow_up: Annotated[
        list[str] | None, typer.Option("--follow-up", help="WHEN:TEXT, a callback to make.")
    ] = None,
    did: Annotated[
        bool, typer.Option("--did", help="This note records work done for the customer.")
    ] = False,
    add_: Annotated[bool, typer.Option("--add", help="Create the customer if unknown.")] = False,
) -> None:
    """Log a call, visit, email or text."""
    from custlog import capture, dates
    from custlog.errors import NotFound

    ctx = context(write=True)
    who: Any
    try:
        who = ctx.customer(name)
    except NotFound:
        if not add_:
            raise
        who = name
    body = _read_note_text(ctx, who if isinstance(who, str) else who.name, text)
    result = capture.log_note(
        ctx, who, body, via=via, on=on, facts=fact, followups=follow_up, work=did
    )
    shown = who if isinstance(who, str) else who.name
    if result.created_customer:
        output().message(f"Added {shown} as a new customer")
    extra = []
    if result.fact_ids:
        extra.append(f"{len(result.fact_ids)} fact(s)")
    if result.followup_ids:
        extra.append("follow-up " + ", ".join(f"#{i}" for i in result.followup_ids))
    when = dates.short_date(result.at.date(), ctx.today)
    output().line(
        f"Noted for {shown} ({when})" + (f", with {' and '.join(extra)}" if extra else "")
    )


@command()
def fact(
    name: NameArg,
    topic: Annotated[str, typer.Argument(help="family, work, vacation, birthday, …")],
    text: Annotated[list[str], typer.Argument(help="The fact (a date for birthday/anniversary).")],
    on: Annotated[str | None, typer.Option(help="When you learned it (default today).")] = None,
    when: Annotated[
        str | None, typer.Option(help="The event it is about: ask how it went afterwards.")
    ] = None,
    private: Annotated[
        bool, typer.Option(help="Sensitive: hidden in brief without --all.")
    ] = False,
    replace: Annotated[
        str | None, typer.Option(help="The id of an older fact this one supersedes.")
    ] = None,
) -> None:
    """Record a personal fact under a topic."""
    from custlog import capture

    ctx = context(write=True)
    who = ctx.customer(name)
    fact_id = capture.add_fact(
        ctx, who, topic, " ".join(text), on=on, when=when, private=private, replace=replace
    )
    output().line(f"Fact #{fact_id} for {who.name}: {topic.strip().lower()}")


@command()
def remind(
    name: NameArg,
    when: Annotated[str, typer.Argument(help="When: friday, 'next week', 2026-12-01, 2w, …")],
    text: Annotated[list[str], typer.Argument(help="What to do.")],
    every: EveryOpt = None,
    kind: Annotated[
        str | None,
        typer.Option(help="callback (default), promise, deferred, ask or waiting."),
    ] = None,
    estimate: Annotated[
        str | None, typer.Option(help="The amount of postponed work, e.g. 480.")
    ] = None,
    from_done: Annotated[
        bool, typer.Option("--from-done", help="Recur from the day it is done, not the due date.")
    ] = False,
) -> None:
    """Add a follow-up; prints its id."""
    from custlog import capture, dates

    ctx = context(write=True)
    who = ctx.customer(name)
    f = capture.remind(
        ctx,
        who,
        when,
        " ".join(text),
        kind=kind,
        every=every,
        from_done=from_done,
        estimate=estimate,
    )
    output().line(str(f.id))
    output().message(
        f"#{f.id} {f.kind} for {who.name}: {f.text}, due {dates.short_date(f.due, ctx.today)}"
    )


@command()
def done(
    id: IdArg,
    note: Annotated[str | None, typer.Option(help="Also log this as a note dated today.")] = None,
    via: Annotated[str | None, typer.Option(help="The note's channel.")] = None,
) -> None:
    """Close a follow-up (a recurring one moves to its next date)."""
    from custlog import capture, dates

    ctx = context(write=True)
    result = capture.complete(ctx, id, note=note, via=via)
    f = result.followup
    if result.next_due:
        output().line(
            f"Done #{f.id} ({f.text}); next due {dates.short_date(result.next_due, ctx.today)}"
        )
    else:
        output().line(f"Done #{f.id} ({f.text})")


@command()
def snooze(id: IdArg, when: Annotated[str, typer.Argument(help="The new due date.")]) -> None:
    """Move a follow-up to another day."""
    from custlog import capture, dates

    ctx = context(write=True)
    f = capture.snooze(ctx, id, when)
    output().line(f"#{f.id} moved to {dates.short_date(f.due, ctx.today)}")


@command()
def drop(id: IdArg) -> None:
    """Delete a follow-up."""
    from custlog import capture

    f = capture.drop(context(write=True), id)
    output().line(f"Dropped #{f.id} ({f.text})")


@command()
def edit(
    name: NameArg,
    new_name: Annotated[str | None, typer.Option("--name", help="A new full name.")] = None,
    called: Annotated[str | None, typer.Option(help="What they like to be called.")] = None,
    company: Annotated[str | None, typer.Option(help="Their company ('' clears).")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number ('' clears).")] = None,
    email: Annotated[str | None, typer.Option(help="Email address ('' clears).")] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Replace the tags with these.")
    ] = None,
    add_tag: Annotated[list[str] | None, typer.Option("--add-tag", help="Add a tag.")] = None,
    remove_tag: Annotated[
        list[str] | None, typer.Option("--remove-tag", help="Remove a tag.")
    ] = None,
    every: Annotated[
        str | None, typer.Option(help="Stay-in-touch period, or 'never' to clear.")
    ] = None,
) -> None:
    """Change a customer."""
    from custlog import capture

    ctx = context(write=True)
    who = ctx.customer(name)
    c = capture.edit_customer(
        ctx,
        who,
        name=new_name,
        called=called,
        company=company,
        phone=phone,
        email=email,
        tags=tag,
        add_tags=add_tag,
        remove_tags=remove_tag,
        every=every,
    )
    output().line(f"Updated {c.name} (#{c.id})")


def _confirm(question: str) -> bool:
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not sys.stdin.isatty():
        sys.stderr.write("\n")
    return answer.strip().lower() in ("y", "yes")


@command()
def forget(
    name: NameArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase a customer and everything recorded about them."""
    from custlog import capture

    ctx = context(write=True)
    who = ctx.customer(name)
    if not yes and not _confirm(f"Erase {who.name} (#{who.id}) and everything about them?"):
        raise BadInput(f"{who.name} was not forgotten (pass --yes to skip the question)")
    capture.forget(ctx, who)
    output().line(f"Forgot {who.name}: every note, fact and follow-up is erased")


@command()
def cadence(
    tag: Annotated[str, typer.Option("--tag", help="The tag whose customers this applies to.")],
    every: Annotated[
        str | None, typer.Argument(help="The period (30d, monthly, …) or 'never'.")
    ] = None,
) -> None:
    """Set how often to stay in touch with every customer of a tag."""
    from custlog import capture, dates

    ctx = context(write=True)
    if every is None:
        current = ctx.store.tag_cadences().get(tag.strip().lower())
        shown = dates.parse_period(current).describe() if current else "not set"
        output().line(f"{tag}: {shown}")
        return
    period = capture.set_tag_cadence(ctx, tag, every)
    shown = dates.parse_period(period).describe() if period else "no default"
    output().line(f"Customers tagged {tag.strip().lower()}: stay in touch {shown}")


# -- views -----------------------------------------------------------------------------------


@command()
def due(
    on: Annotated[str | None, typer.Option(help="Show the list as of another day.")] = None,
    days: Annotated[int, typer.Option(min=0, max=3660, help="How many days ahead.")] = 7,
    json_: JsonOpt = False,
) -> None:
    """The morning list: overdue, today, the next days, going cold, birthdays."""
    from custlog import agenda, dates

    ctx = context(write=False)
    day = dates.parse_when(on, ctx.today, "future") if on else ctx.today
    result = agenda.build(ctx, on=day, days=days)
    if json_:
        from custlog.render import jsonout

        output().json(jsonout.agenda(result))
        return
    from custlog.render import screens

    screens.due(output(), result)


@command()
def brief(
    name: NameArg,
    notes: Annotated[int, typer.Option(min=0, max=10_000, help="How many recent notes.")] = 5,
    all_: Annotated[bool, typer.Option("--all", help="Show private facts too.")] = False,
    json_: JsonOpt = False,
) -> None:
    """The pre-visit briefing: who they are, what we know, what we owe."""
    from custlog import briefing

    ctx = context(write=False)
    result = briefing.build(ctx, ctx.customer(name), notes=notes, show_private=all_)
    if json_:
        from custlog.render import jsonout

        output().json(jsonout.brief(result))
        return
    from custlog.render import screens

    screens.brief(output(), result)


@command()
def log(name: NameArg, json_: JsonOpt = False) -> None:
    """The customer's whole timeline, newest first."""
    from custlog import timeline

    ctx = context(write=False)
    who = ctx.customer(name)
    entries = timeline.log(ctx, who)
    if json_:
        from custlog.render import jsonout

        output().json(jsonout.timeline(entries))
        return
    from custlog.render import screens

    screens.timeline(output(), who, entries, ctx.today)


@command("list")
def list_(
    tag: Annotated[str | None, typer.Option(help="Only customers with this tag.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Customers, with last contact and next follow-up."""
    ctx = context(write=False)
    rows = ctx.store.list_customers(tag.strip().lower() if tag else None)
    if json_:
        from custlog.render import jsonout

        output().json(jsonout.customer_rows(rows))
        return
    from custlog.render import screens

    screens.customer_list(output(), rows, ctx.today)


@command()
def search(
    query: Annotated[list[str], typer.Argument(help="Words to find (all must match).")],
    json_: JsonOpt = False,
) -> None:
    """Full-text search over notes, facts and follow-ups."""
    from custlog import timeline

    ctx = context(write=False)
    text = " ".join(query)
    hits = timeline.search(ctx, text)
    if json_:
        from custlog.render import jsonout

        output().json(jsonout.search_hits(hits))
        return
    from custlog.render import screens

    screens.search_results(output(), text, hits)


# -- the file --------------------------------------------------------------------------------


@command()
def where() -> None:
    """Print the path of the log in use."""
    from custlog import paths

    output().line(str(paths.db_path(_state["db"])))


@command("export")
def export_(
    out_file: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to FILE (default stdout).")
    ] = None,
) -> None:
    """The whole log as JSON Lines."""
    from custlog import interchange

    ctx = context(write=False)
    lines = interchange.export_lines(ctx.store)
    _write_lines(out_file, lines)


def _write_lines(out_file: str | None, lines: Any) -> None:
    if out_file in (None, "-"):
        for line in lines:
            sys.stdout.write(line + "\n")
        return
    assert out_file is not None
    from custlog.files import write_private

    write_private(Path(out_file), (line + "\n" for line in lines))


@command("import")
def import_(
    file: Annotated[str, typer.Argument(help="A custlog JSON Lines file ('-' for stdin).")],
) -> None:
    """Load a JSON Lines export into the log, all or nothing."""
    from custlog import interchange

    if file == "-":
        lines: Any = sys.stdin
    else:
        path = Path(file)
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except FileNotFoundError:
            raise BadInput(f"no such file: {file}") from None
        except IsADirectoryError:
            raise BadInput(f"{file} is a directory, not a file") from None
        except UnicodeDecodeError:
            raise BadInput(f"{file} is not UTF-8 text") from None
        except OSError as exc:
            raise BadInput(f"cannot read {file}: {exc.strerror}") from None
    ctx = context(write=True)
    report = interchange.import_lines(ctx.store, lines, ctx.today)
    output().line(report.summary().capitalize())


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


def main() -> None:
    """The console script: run the app, and never let a traceback reach the user."""
    import sqlite3

    try:
        only_the_invoked_command(sys.argv[1:])
        app()
    except CustlogError as exc:
        output().error(exc.message)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("\ncustlog: interrupted; nothing was written\n")
        sys.exit(130)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except sqlite3.Error as exc:
        output().error(f"the log could not be used: {exc}")
        sys.exit(1)
    except Exception as exc:  # pragma: no cover - a bug: still one line, with a way to see more
        if os.environ.get("CUSTLOG_DEBUG"):
            raise
        output().error(f"unexpected {type(exc).__name__}: {exc} (set CUSTLOG_DEBUG=1 for details)")
        sys.exit(1)
