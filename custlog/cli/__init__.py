"""The command line: parse, call the domain, hand the result to the renderer.

Module-level imports are only what every command needs (Typer and the error types); each
command imports its own domain and rendering modules, so that `custlog --help` and `custlog
note` load nothing they do not use.
"""

from __future__ import annotations

import functools
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from custlog.errors import BadInput, CustlogError
from custlog.render.words import quoted

if TYPE_CHECKING:
    from custlog.domain.context import Context
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

# Shell completion (custlog --install-completion) of names and ids; custlog.cli.completion
# imports nothing heavy and opens the log read-only only when TAB is pressed.
from custlog.cli.completion import complete_followup_id, complete_name  # noqa: E402

NameArg = Annotated[
    str,
    typer.Argument(
        help="Full name, called name, a unique prefix, or #ID.",
        show_default=False,
        autocompletion=complete_name,
    ),
]
IdArg = Annotated[
    str,
    typer.Argument(
        help="The follow-up's id (12 or #12).",
        show_default=False,
        autocompletion=complete_followup_id,
    ),
]
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
    from custlog.domain.context import Context
    from custlog.errors import StorageError
    from custlog.storage import paths
    from custlog.storage.store import Store

    today = paths.today()
    path = paths.db_path(_state["db"])
    try:
        fresh = write and not path.exists()
    except OSError as exc:  # a name too long for the file system, …
        raise StorageError(f"cannot use the log at {path}: {exc.strerror}") from None
    if fresh:
        _state["created"] = path
        _state["created_dirs"] = [p for p in path.parents if not p.exists()]
    store = Store.open(path, create=write)
    _state["store"] = store
    return Context(store, today, paths.now_time())


def _undo_creation() -> None:
    """A command that failed leaves no trace: a log it created for the occasion is removed."""
    created: Path | None = _state.pop("created", None)
    folders: list[Path] = _state.pop("created_dirs", [])
    store = _state.pop("store", None)
    if created is None:
        return
    if store is not None:
        store.close()
    try:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{created}{suffix}").unlink(missing_ok=True)
        for folder in folders:  # innermost first; only the ones this command made
            folder.rmdir()
    except OSError:
        pass  # nothing of the log is left to remove, or a folder is no longer empty


def command(name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
    """Register a command behind the one error boundary: a CustlogError becomes one line on
    stderr and exit 1."""

    def register(fn: F) -> F:
        @functools.wraps(fn)
        def guarded(*args: Any, **kw: Any) -> Any:
            _state.pop("created", None)
            _state.pop("created_dirs", None)
            _state.pop("store", None)
            try:
                return fn(*args, **kw)
            except CustlogError as exc:
                _undo_creation()
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
    from custlog.domain import capture

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
    from custlog.cli.editor import edit_note

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
    kind: Annotated[
        str | None, typer.Option("--kind", help="work: the same as --did.", show_default=False)
    ] = None,
    add_: Annotated[bool, typer.Option("--add", help="Create the customer if unknown.")] = False,
) -> None:
    """Log a call, visit, email or text."""
    from custlog.domain import capture
    from custlog.errors import NotFound
    from custlog.parsing import dates
    from custlog.render.words import plural

    if kind is not None:
        if kind.strip().lower() != "work":
            raise BadInput(
                f'a note\'s --kind can only be "work" (the same as --did), not {quoted(kind)}'
            )
        did = True
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
        extra.append(plural(len(result.fact_ids), "fact"))
    if result.followup_ids:
        extra.append("follow-up " + ", ".join(f"#{i}" for i in result.followup_ids))
    when = dates.short_date(result.at.date(), ctx.today)
    output().line(
        f"Noted for {shown} ({when})" + (f", with {' and '.join(extra)}" if extra else "")
    )
    for known in result.known_facts:
        output().message(f"Already known, not added again: {known.topic}: {known.text}")


@command(context_settings={"ignore_unknown_options": True})
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
    from custlog.domain import capture

    # A yearly date without a year is written --11-28 (as in vCard): let it through as text,
    # and refuse any other unknown option as Typer would.
    for word in text:
        if re.fullmatch(r"--?[A-Za-z][\w-]*(=.*)?", word):
            raise typer.BadParameter(f"no such option: {word}", param_hint="TEXT")
    ctx = context(write=True)
    who = ctx.customer(name)
    result = capture.add_fact(
        ctx, who, topic, " ".join(text), on=on, when=when, private=private, replace=replace
    )
    if result.already_known:
        output().line(
            f"Already known: fact #{result.fact_id} for {who.name} ({topic.strip().lower()}); "
            "nothing was written"
        )
        return
    output().line(f"Fact #{result.fact_id} for {who.name}: {topic.strip().lower()}")


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
    from custlog.domain import capture
    from custlog.parsing import dates

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
    from custlog.domain.kinds import label

    output().message(
        f"#{f.id} {label(f.kind)} for {who.name}: {f.text}, "
        f"due {dates.short_date(f.due, ctx.today)}"
    )
    slip = capture.due_slip(when, f.due, ctx.today)
    if slip:
        output().message(slip)


@command()
def done(
    id: Annotated[
        str,
        typer.Argument(
            help="The follow-up's id (12 or #12), or F7 for the question about fact #7.",
            show_default=False,
            autocompletion=complete_followup_id,
        ),
    ],
    note: Annotated[str | None, typer.Option(help="Also log this as a note dated today.")] = None,
    via: Annotated[str | None, typer.Option(help="The note's channel.")] = None,
) -> None:
    """Close a follow-up (a recurring one moves to its next date), or answer a question."""
    from custlog.domain import capture
    from custlog.parsing import dates

    fact_id = capture.parse_fact_ref(id)
    if fact_id is not None:
        answered = capture.answer_question(context(write=True), fact_id, note=note, via=via)
        output().line(f'Answered F{fact_id} ({answered.fact.text}): noted "{answered.text}"')
        return
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
    from custlog.domain import capture
    from custlog.parsing import dates

    ctx = context(write=True)
    f = capture.snooze(ctx, id, when)
    output().line(f"#{f.id} moved to {dates.short_date(f.due, ctx.today)}")
    slip = capture.due_slip(when, f.due, ctx.today)
    if slip:
        output().message(slip)


@command()
def drop(id: IdArg) -> None:
    """Delete a follow-up."""
    from custlog.domain import capture

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
    force: Annotated[
        bool, typer.Option(help="Allow a --name that another customer already has.")
    ] = False,
) -> None:
    """Change a customer."""
    from custlog.domain import capture

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
        force=force,
    )
    output().line(f"Updated {c.name} (#{c.id})")


def _confirm(question: str) -> bool:
    """Ask on a terminal; from a pipe, read the answer without asking (`echo y | …`)."""
    if sys.stdin.isatty():
        from custlog.render.output import clean_line

        sys.stderr.write(f"{clean_line(question)} [y/N] ")
        sys.stderr.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


@command()
def forget(
    name: NameArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase a customer and everything recorded about them."""
    from custlog.domain import capture

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
    from custlog.domain import capture
    from custlog.parsing import dates

    ctx = context(write=every is not None)
    if every is None:
        current = ctx.store.cadence.tag_cadences().get(tag.strip().lower())
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
    from custlog.domain import agenda
    from custlog.parsing import dates

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
    from custlog.domain import briefing

    ctx = context(write=False)
    result = briefing.build(ctx, ctx.customer(name), notes=notes, show_private=all_)
    if json_:
        from custlog.render import jsonout

        output().json(jsonout.brief(result))
        return
    from custlog.render import screens

    screens.brief(output(), result)


@command()
def log(
    name: NameArg,
    all_: Annotated[bool, typer.Option("--all", help="Show private facts too.")] = False,
    json_: JsonOpt = False,
) -> None:
    """The customer's whole timeline, newest first."""
    from custlog.domain import timeline

    ctx = context(write=False)
    who = ctx.customer(name)
    story = timeline.log(ctx, who, show_private=all_)
    if json_:
        from custlog.render import jsonout

        output().json(jsonout.timeline(story.entries))
        return
    from custlog.render import screens

    screens.timeline(output(), who, story, ctx.today)


@command("list")
def list_(
    tag: Annotated[str | None, typer.Option(help="Only customers with this tag.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Customers, with last contact and next follow-up."""
    ctx = context(write=False)
    rows = ctx.store.customers.listing(tag.strip().lower() if tag else None)
    if json_:
        from custlog.render import jsonout

        output().json(jsonout.customer_rows(rows))
        return
    from custlog.render import screens

    screens.customer_list(output(), rows, ctx.today, tag.strip().lower() if tag else None)


@command()
def search(
    query: Annotated[list[str], typer.Argument(help="Words to find (all must match).")],
    json_: JsonOpt = False,
) -> None:
    """Full-text search over notes, facts and follow-ups."""
    from custlog.domain import timeline

    ctx = context(write=False)
    text = " ".join(query)
    hits = timeline.search(ctx, text)
    if json_:
        from custlog.render import jsonout

        output().json(jsonout.search_hits(hits))
        return
    from custlog.render import screens

    screens.search_results(output(), text, hits, ctx.today)


# -- the file --------------------------------------------------------------------------------


@command()
def where() -> None:
    """Print the path of the log in use."""
    from custlog.storage import paths

    output().line(str(paths.db_path(_state["db"])))


@command("export")
def export_(
    out_file: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write to this file (default stdout); for csv without --table, a directory.",
        ),
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="jsonl (the whole log), ics (follow-ups and birthdays for a calendar) "
            "or csv (tables for a spreadsheet). Default: from -o's extension or --table, "
            "else jsonl.",
            show_default=False,
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            metavar="TABLE",
            help="csv: only this table (customers, notes, facts or followups).",
            show_default=False,
        ),
    ] = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help="ics and csv: include private facts (jsonl always has everything).",
        ),
    ] = False,
) -> None:
    """The whole log as JSON Lines; or a calendar (ics), or spreadsheet tables (csv)."""
    suffix = Path(out_file or "").suffix.lower().lstrip(".")
    guessed = "csv" if table is not None else (suffix if suffix in ("ics", "csv") else "jsonl")
    kind = format_.strip().lower() if format_ is not None else guessed
    if kind not in ("jsonl", "ics", "csv"):
        raise typer.BadParameter(
            f"{format_!r}: use jsonl, ics or csv", param_hint="'--format' / '-f'"
        )
    if table is not None and kind != "csv":
        raise typer.BadParameter("goes with --format csv", param_hint="'--table'")
    tables = ("customers", "notes", "facts", "followups")
    if table is not None and table.strip().lower() not in tables:
        raise typer.BadParameter(
            f"{table!r}: use customers, notes, facts or followups", param_hint="'--table'"
        )
    to_stdout = out_file in (None, "-")
    if kind == "csv" and table is None and (to_stdout or suffix == "csv"):
        raise typer.BadParameter(
            "csv writes one file per table: give -o DIRECTORY, or --table "
            "customers|notes|facts|followups",
            param_hint="'--table'",
        )
    if not to_stdout:
        _refuse_the_log_itself(Path(out_file or ""))
    ctx = context(write=False)
    if kind == "jsonl":
        from custlog.domain import interchange

        _write_lines(out_file, interchange.export_lines(ctx.store))
    elif kind == "ics":
        from custlog.domain import calendar_export

        made = calendar_export.calendar(
            ctx.store, ctx.today, ctx.now_dt.astimezone(), show_private=all_
        )
        for problem in made.skipped:
            output().message(f"custlog: warning: left out of the calendar: {problem}")
        _write_lines(out_file, [made.text], end="")
    else:
        from custlog.formats import csv_export

        if table is None:
            assert out_file is not None
            written = csv_export.write_directory(ctx.store, Path(out_file), show_private=all_)
            output().message(f"Wrote {', '.join(p.name for p in written)} to {out_file}")
            return
        name = table.strip().lower()
        if to_stdout:
            chunks = csv_export.table_chunks(ctx.store, name, show_private=all_)
            _write_lines(out_file, chunks, end="")
        else:
            assert out_file is not None
            csv_export.write_table(ctx.store, name, Path(out_file), show_private=all_)


def _refuse_the_log_itself(target: Path) -> None:
    """An export written over the log (or its -wal/-shm) would destroy it."""
    from custlog.storage import paths

    log = paths.db_path(_state["db"])
    for name in (str(log), f"{log}-wal", f"{log}-shm", f"{log}-journal"):
        candidate = Path(name)
        same = target.resolve() == candidate.resolve()
        if not same and target.exists() and candidate.exists():
            same = os.path.samefile(target, candidate)
        if same:
            raise BadInput(f"{target} is the log itself: export to another file")


def _write_lines(out_file: str | None, lines: Any, end: str = "\n") -> None:
    """Write each line followed by `end` to stdout ('-' or None) or, privately, to a file."""
    if out_file in (None, "-"):
        for line in lines:
            sys.stdout.write(line + end)
        return
    assert out_file is not None
    from custlog.storage.files import write_private

    write_private(Path(out_file), (line + end for line in lines))


@command("import")
def import_(
    file: Annotated[
        str,
        typer.Argument(
            help="A custlog JSON Lines export, or contacts: a vCard file (.vcf, .vcard) or a "
            "Google, Outlook or name,company,phone,email CSV; '-' for stdin.",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")
    ] = False,
) -> None:
    """Load a JSON Lines export, or the contacts of a phone or mail program; all or nothing."""
    from custlog.formats.contacts import contacts_format

    handle = _open_binary(file)
    shown = "standard input" if file == "-" else file
    # Peek at the start to tell a contacts file from JSON Lines; JSON Lines then streams,
    # so a file of any size imports in flat memory.
    kind = contacts_format(file, handle.peek(256)[:256])
    if kind is not None:
        from custlog.domain import contacts_import
        from custlog.formats.contacts import MAX_FILE_BYTES, read_contacts

        contacts = read_contacts(shown, handle.read(MAX_FILE_BYTES + 1), kind)
        if not contacts:
            raise BadInput(f"{shown}: no contacts found; nothing was imported")
        contacts_import.check(contacts, source=shown)
        ctx = context(write=not dry_run)
        report = contacts_import.import_contacts(ctx, contacts, dry_run=dry_run, source=shown)
        if dry_run:
            output().lines(report.lines)
            output().line(f"Would import {report.summary()}; nothing was written (dry run)")
        else:
            output().line(f"Imported contacts: {report.summary()}")
        return

    from custlog.domain import interchange

    lines = _text_lines(handle, shown)

    class _DryRun(Exception):
        """Raised inside the transaction to roll a dry run back."""

    ctx = context(write=not dry_run)
    try:
        with ctx.store.transaction():
            imported = interchange.import_lines(ctx.store, lines, ctx.today)
            if dry_run:
                raise _DryRun
    except _DryRun:
        output().line(f"Would have {imported.summary()}; nothing was written (dry run)")
        return
    output().line(imported.summary().capitalize())


def _open_binary(file: str) -> io.BufferedReader:
    if file == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if isinstance(stream, io.BufferedReader):
            return stream
        data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
        return io.BufferedReader(io.BytesIO(data))
    try:
        return open(file, "rb")
    except FileNotFoundError:
        raise BadInput(f"no such file: {file}") from None
    except IsADirectoryError:
        raise BadInput(f"{file} is a directory, not a file") from None
    except OSError as exc:
        raise BadInput(f"cannot read {file}: {exc.strerror}") from None


def _text_lines(handle: io.BufferedReader, shown: str) -> Iterator[str]:
    """The lines of a UTF-8 stream, one at a time, each of bounded size."""
    from custlog.domain.interchange import read_lines

    return read_lines(handle, shown)


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


from custlog.cli import insight  # noqa: E402,F401  (registers plan, stats)


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
    except OSError as exc:  # standard output on a full disk, …
        output().error(f"cannot write: {exc.strerror or exc}")
        sys.exit(1)
    except Exception as exc:  # pragma: no cover - a bug: still one line, with a way to see more
        if os.environ.get("CUSTLOG_DEBUG"):
            raise
        output().error(f"unexpected {type(exc).__name__}: {exc} (set CUSTLOG_DEBUG=1 for details)")
        sys.exit(1)


from custlog.cli import (  # noqa: E402
    maintenance,  # noqa: F401  (registers doctor, backup, restore)
    recap,  # noqa: F401  (registers recap, config)
)
