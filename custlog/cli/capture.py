"""Commands that write what happened: add, note, fact, remind, done, snooze, drop, edit,
forget, merge, cadence, undo.

Each checks every input that does not need the log first, then opens the log for writing,
calls one domain function and hands the result to `custlog.render.confirm`. Domain and
rendering modules are imported inside the command, so start-up loads only what it runs.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from custlog.cli.args import EveryOpt, IdArg, JsonOpt, NameArg, SinceOpt, TagsOpt, YesOpt
from custlog.cli.completion import complete_followup_id, complete_name
from custlog.cli.root import Session, app, session

if TYPE_CHECKING:
    from custlog.domain.capture import NoteResult, PlannedNote
    from custlog.domain.context import Context
    from custlog.models import Customer


ReferredByOpt = Annotated[
    str | None,
    typer.Option(
        "--referred-by",
        help="The customer who sent them (a thank-you callback is added; '' clears on edit).",
        metavar="NAME",
    ),
]
NoThanksOpt = Annotated[
    bool,
    typer.Option(
        "--no-thanks", help="No thank-you callback for --referred-by.", show_default=False
    ),
]


@app.command()
def add(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="The customer's full name.", metavar="NAME", show_default=False)
    ],
    called: Annotated[
        str | None, typer.Option(help="What they like to be called.", metavar="NAME")
    ] = None,
    company: Annotated[str | None, typer.Option(help="Their company.", metavar="TEXT")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number.", metavar="TEXT")] = None,
    email: Annotated[str | None, typer.Option(help="Email address.", metavar="TEXT")] = None,
    tag: TagsOpt = None,
    every: EveryOpt = None,
    since: SinceOpt = None,
    force: Annotated[
        bool, typer.Option(help="Add even if that exact name exists.", show_default=False)
    ] = False,
    referred_by: ReferredByOpt = None,
    no_thanks: NoThanksOpt = False,
) -> None:
    """Add a new customer."""
    from custlog.domain import capture, referrals
    from custlog.render import confirm

    s = session(ctx)
    plan = capture.plan_customer(
        s.today,
        name,
        called=called,
        company=company,
        phone=phone,
        email=email,
        tags=tag,
        every=every,
        since=since,
    )
    if referred_by is not None:
        referrals.check_not_self(referred_by, plan.name)
    # The one who sent them must be in the log already: no log, nothing to create.
    c = s.write(create=referred_by is None)
    customer = capture.add_customer(
        c,
        plan,
        force=force,
        referred_by=referred_by,
        thanks=not no_thanks,
    )
    confirm.added(s.out, customer)
    sender = referrals.sender_of(c, customer)
    if sender is not None:
        confirm.referred(s.out, sender.name, thanks=not no_thanks)


@app.command()
def note(
    ctx: typer.Context,
    name: NameArg,
    text: Annotated[
        list[str] | None,
        typer.Argument(
            help="What happened. None: read stdin, or open $EDITOR.",
            metavar="TEXT...",
            show_default=False,
        ),
    ] = None,
    via: Annotated[
        str | None,
        typer.Option(help="call, visit, email, text or other.", metavar="HOW", show_default=False),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            help="When it happened (default now): yesterday, 'fri 14:30'.", metavar="WHEN"
        ),
    ] = None,
    fact: Annotated[
        list[str] | None,
        typer.Option("--fact", metavar="TOPIC:TEXT", help="A personal fact learned."),
    ] = None,
    follow_up: Annotated[
        list[str] | None,
        typer.Option(
            "--follow-up",
            metavar="WHEN:[KIND:]TEXT",
            help="A follow-up: fri:Call about it, or fri:promise:Send the estimate.",
        ),
    ] = None,
    did: Annotated[
        bool,
        typer.Option(
            "--did", help="This note records work done for the customer.", show_default=False
        ),
    ] = False,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="work: the same as --did.", metavar="KIND", show_default=False),
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option(help="With --did: what the work came to.", metavar="AMOUNT"),
    ] = None,
    check_in: Annotated[
        str | None,
        typer.Option(
            "--check-in",
            metavar="PERIOD",
            help="With --did: ask how it is going this long after (default: config check-in).",
        ),
    ] = None,
    no_check_in: Annotated[
        bool,
        typer.Option(
            "--no-check-in",
            help="No check-in, whatever config check-in says.",
            show_default=False,
        ),
    ] = False,
    add_: Annotated[
        bool,
        typer.Option(
            "--add",
            help="Create the customer unless the name is exactly a customer's.",
            show_default=False,
        ),
    ] = False,
) -> None:
    """Log a call, visit, email or text."""
    from custlog.domain import capture
    from custlog.render import confirm

    s = session(ctx)
    options = capture.plan_note_options(
        s.today,
        s.now,
        via=via,
        on=on,
        facts=fact,
        followups=follow_up,
        work=capture.note_is_work(did, kind),
        amount=amount,
        check_in=check_in,
        no_check_in=no_check_in,
    )
    c = s.write(create=False)
    target = capture.note_target(c, name, add=add_)  # before any text is read or typed
    shown = target if isinstance(target, str) else target.name
    if text or not sys.stdin.isatty():
        if text:
            body = " ".join(text)
        else:
            from custlog.cli.stdin import read_text

            body = read_text("the note")
        result = _log_note(s, c, name, target, capture.plan_note(options, body))
    else:
        from custlog.cli import editor

        typed = editor.edit_note(c, shown)
        with editor.kept_if_lost(typed, s.out):  # what was typed is never thrown away
            result = _log_note(s, c, name, target, capture.plan_note(options, typed))
    confirm.noted(
        s.out,
        shown,
        at=result.at.date(),
        today=s.today,
        created=result.created_customer,
        facts=len(result.fact_ids),
        followup_ids=result.followup_ids,
    )
    confirm.already_known(s.out, result.known_facts)
    confirm.check_in(s.out, result.check_in, s.today)


def _log_note(
    s: Session, c: Context, name: str, target: Customer | str, planned: PlannedNote
) -> NoteResult:
    from custlog.domain import capture

    if isinstance(target, str):  # a new customer: this note may be the log's first write
        c = s.write(create=True)
        target = capture.note_target(c, name, add=True)
    return capture.log_note(c, target, planned)


@app.command(context_settings={"ignore_unknown_options": True})
def fact(
    ctx: typer.Context,
    name: NameArg,
    topic: Annotated[
        str, typer.Argument(help="family, work, vacation, birthday, …", metavar="TOPIC")
    ],
    text: Annotated[
        list[str],
        typer.Argument(help="The fact (a date for birthday/anniversary).", metavar="TEXT..."),
    ],
    on: Annotated[
        str | None, typer.Option(help="When you learned it (default today).", metavar="WHEN")
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(help="The event it is about: ask how it went afterwards.", metavar="WHEN"),
    ] = None,
    private: Annotated[
        bool, typer.Option(help="Sensitive: hidden in brief without --all.", show_default=False)
    ] = False,
    replace: Annotated[
        str | None,
        typer.Option(help="An older fact this one supersedes (F7).", metavar="F7"),
    ] = None,
) -> None:
    """Record a personal fact under a topic."""
    from custlog.domain import capture
    from custlog.render import confirm

    # A yearly date without a year is written --11-28 (as in vCard): let it through as text,
    # and refuse any other unknown option as Typer would.
    for word in text:
        if re.fullmatch(r"--?[A-Za-z][\w-]*(=.*)?", word):
            raise typer.BadParameter(f"no such option: {word}", param_hint="TEXT")
    s = session(ctx)
    plan = capture.plan_fact(s.today, topic, " ".join(text), on=on, when=when, private=private)
    if replace is not None:
        capture.fact_id_of(replace)
    c = s.write(create=False)
    who = c.customer(name)
    result = capture.add_fact(c, who, plan, replace=replace)
    confirm.fact_added(s.out, result, who, plan.topic)


@app.command()
def remind(
    ctx: typer.Context,
    name: NameArg,
    when: Annotated[
        str,
        typer.Argument(help="When: friday, 'next week', 2026-12-01, 2w, …", metavar="WHEN"),
    ],
    text: Annotated[list[str], typer.Argument(help="What to do.", metavar="TEXT...")],
    every: EveryOpt = None,
    kind: Annotated[
        str | None,
        typer.Option(help="callback (default), promise, deferred, ask or waiting.", metavar="KIND"),
    ] = None,
    estimate: Annotated[
        str | None, typer.Option(help="The amount of postponed work, e.g. 480.", metavar="AMOUNT")
    ] = None,
    from_done: Annotated[
        bool,
        typer.Option(
            "--from-done",
            help="Recur from the day it is done, not the due date.",
            show_default=False,
        ),
    ] = False,
    at: Annotated[
        str | None,
        typer.Option(help="An appointment: its time (9:30, 2pm) or window (7-9).", metavar="TIME"),
    ] = None,
) -> None:
    """Add a follow-up; prints its id."""
    from custlog.domain import capture
    from custlog.render import confirm

    s = session(ctx)
    plan = capture.plan_followup(
        s.today,
        when,
        " ".join(text),
        kind=kind,
        every=every,
        from_done=from_done,
        estimate=estimate,
        at=at,
    )
    c = s.write(create=False)
    who = c.customer(name)
    followup = capture.remind(c, who, plan)
    confirm.reminded(s.out, followup, who, s.today, capture.due_slip(when, followup.due, s.today))


@app.command()
def done(
    ctx: typer.Context,
    id: Annotated[
        str,
        typer.Argument(
            help=(
                "The follow-up's id (12 or #12), or F7 for the question about fact F7 "
                "(or, for a concern, how it was addressed: --note)."
            ),
            metavar="ID",
            show_default=False,
            autocompletion=complete_followup_id,
        ),
    ],
    note: Annotated[
        str | None, typer.Option(help="Also log this as a note dated today.", metavar="TEXT")
    ] = None,
    via: Annotated[str | None, typer.Option(help="The note's channel.", metavar="HOW")] = None,
    amount: Annotated[
        str | None,
        typer.Option(
            help="What the work came to (postponed work: default its estimate).", metavar="AMOUNT"
        ),
    ] = None,
    did: Annotated[
        bool,
        typer.Option(
            "--did", help="The note records work done for the customer.", show_default=False
        ),
    ] = False,
) -> None:
    """Close a follow-up, or answer a question.

    A recurring follow-up moves to its next date.
    """
    from custlog.domain import capture
    from custlog.render import confirm

    s = session(ctx)
    closing = capture.plan_done(id, note=note, via=via, amount=amount, did=did)
    if closing.fact_id is not None:
        answered = capture.answer_question(s.write(create=False), closing)
        if answered.concern:
            confirm.addressed(s.out, closing.fact_id, answered.fact.text, answered.text)
        else:
            confirm.answered(s.out, closing.fact_id, answered.fact.text, answered.text)
        return
    c = s.write(create=False)
    result = capture.complete(c, closing)
    confirm.done(s.out, result.followup, result.next_due, s.today)
    if result.sold is not None:
        from custlog.domain.settings import load

        confirm.sold(s.out, result.sold, load(c.store).currency)
    confirm.check_in(s.out, result.check_in, s.today)


@app.command()
def snooze(
    ctx: typer.Context,
    id: IdArg,
    when: Annotated[str, typer.Argument(help="The new due date.", metavar="WHEN")],
    declined: Annotated[
        str | None,
        typer.Option(
            metavar="REASON", help="Postponed work: offered today and declined, for this reason."
        ),
    ] = None,
) -> None:
    """Move a follow-up to another day, or quiet a customer.

    `custlog snooze 12 friday` moves follow-up 12. `custlog snooze C12 2w` quiets the "get
    back in touch" row of customer 12 (the handle `due` shows) for two weeks; a note logged
    before then ends it.
    """
    from custlog.domain import capture
    from custlog.parsing import dates, names
    from custlog.render import confirm
    from custlog.render.words import short_date

    s = session(ctx)
    if names.is_customer_handle(id):
        customer_id = names.parse_customer_handle(id)
        until = dates.parse_when(when, s.today, "future")
        who = capture.quiet_customer(s.write(create=False), customer_id, until)
        s.out.line(
            f"{who.name} ({who.ref}): no stay-in-touch nudge until "
            f"{short_date(until, s.today)}, or until a note is logged"
        )
        return
    followup_id = names.parse_id(id, "follow-up id")
    due = dates.parse_when(when, s.today, "future")
    reason = capture.clean_reason(declined)
    followup = capture.snooze(s.write(create=False), followup_id, due, declined=reason)
    confirm.snoozed(s.out, followup, s.today, capture.due_slip(when, followup.due, s.today))
    if reason is not None:
        confirm.offer_kept(s.out)


@app.command()
def drop(
    ctx: typer.Context,
    id: Annotated[
        str,
        typer.Argument(
            help="A follow-up (12 or #12), a note (N12) or a fact (F7).",
            metavar="ID",
            show_default=False,
            autocompletion=complete_followup_id,
        ),
    ],
    lost_to: Annotated[
        str | None,
        typer.Option(
            "--lost-to",
            metavar="WHO",
            help="Postponed work the customer will not do, or had done elsewhere (by WHO).",
        ),
    ] = None,
) -> None:
    """Delete a follow-up, a note (N12) or a fact (F7).

    Postponed work dropped with --lost-to keeps the loss, for stats.
    """
    from custlog.domain import capture, corrections
    from custlog.render import confirm

    s = session(ctx)
    ref = corrections.parse_ref(id)
    who = capture.clean_lost_to(lost_to)
    if ref.kind == "followup":
        followup = capture.drop(s.write(create=False), ref.id, lost_to=who)
        if who is not None:
            confirm.lost(s.out, followup, who)
        else:
            confirm.dropped(s.out, followup)
        return
    if who is not None:
        from custlog.errors import BadOption

        raise BadOption(
            f"--lost-to is for postponed work, not a {ref.kind} ({ref.shown})", "--lost-to"
        )
    c = s.write(create=False)
    if ref.kind == "note":
        note, owner = corrections.drop_note(c, ref.id)
        confirm.dropped_record(s.out, ref, note.text, owner)
    else:
        fact, owner = corrections.drop_fact(c, ref.id)
        confirm.dropped_record(s.out, ref, f"{fact.topic}: {fact.text}", owner)


@app.command()
def edit(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="A customer (name or #ID), a note (N12) or a fact (F7).",
            metavar="NAME|N12|F7",
            show_default=False,
            autocompletion=complete_name,
        ),
    ],
    text: Annotated[
        list[str] | None,
        typer.Argument(help="A note's or a fact's new text.", metavar="TEXT", show_default=False),
    ] = None,
    new_name: Annotated[
        str | None, typer.Option("--name", help="A new full name.", metavar="NAME")
    ] = None,
    called: Annotated[
        str | None, typer.Option(help="What they like to be called.", metavar="NAME")
    ] = None,
    company: Annotated[
        str | None, typer.Option(help="Their company ('' clears).", metavar="TEXT")
    ] = None,
    phone: Annotated[
        str | None, typer.Option(help="Phone number ('' clears).", metavar="TEXT")
    ] = None,
    email: Annotated[
        str | None, typer.Option(help="Email address ('' clears).", metavar="TEXT")
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", help="Replace the tags with these.", metavar="TAG"),
    ] = None,
    add_tag: Annotated[
        list[str] | None, typer.Option("--add-tag", help="Add a tag.", metavar="TAG")
    ] = None,
    remove_tag: Annotated[
        list[str] | None, typer.Option("--remove-tag", help="Remove a tag.", metavar="TAG")
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(help="Stay-in-touch period, or 'never' to clear.", metavar="PERIOD"),
    ] = None,
    since: SinceOpt = None,
    force: Annotated[
        bool,
        typer.Option(help="Allow a --name that another customer already has.", show_default=False),
    ] = False,
    on: Annotated[
        str | None, typer.Option(help="A note's date: when it happened.", metavar="WHEN")
    ] = None,
    via: Annotated[str | None, typer.Option(help="A note's channel.", metavar="HOW")] = None,
    did: Annotated[
        bool, typer.Option("--did", help="The note records work done.", show_default=False)
    ] = False,
    not_did: Annotated[
        bool, typer.Option("--not-did", help="The note is not work done.", show_default=False)
    ] = False,
    topic: Annotated[str | None, typer.Option(help="A fact's topic.", metavar="TOPIC")] = None,
    private: Annotated[
        bool, typer.Option("--private", help="Keep the fact private.", show_default=False)
    ] = False,
    not_private: Annotated[
        bool, typer.Option("--not-private", help="The fact may be shown.", show_default=False)
    ] = False,
    referred_by: ReferredByOpt = None,
    no_thanks: NoThanksOpt = False,
) -> None:
    """Change a customer, or correct a note (N12) or fact (F7)."""
    from custlog.domain import capture, corrections
    from custlog.render import confirm

    s = session(ctx)
    record_options = {
        "--on": on is not None,
        "--via": via is not None,
        "--did": did,
        "--not-did": not_did,
        "--topic": topic is not None,
        "--private": private,
        "--not-private": not_private,
    }
    customer_options = {
        "--name": new_name is not None,
        "--called": called is not None,
        "--company": company is not None,
        "--phone": phone is not None,
        "--email": email is not None,
        "--tag": bool(tag),
        "--add-tag": bool(add_tag),
        "--remove-tag": bool(remove_tag),
        "--every": every is not None,
        "--since": since is not None,
        "--force": force,
        "--referred-by": referred_by is not None,
        "--no-thanks": no_thanks,
    }
    words = " ".join(text) if text else None
    given = {o for o, yes in {**record_options, **customer_options}.items() if yes}
    ref = corrections.edit_target(name, given, has_text=words is not None)
    if ref is not None:
        if ref.kind == "note":
            plan = corrections.plan_note_edit(
                s.today, s.now, text=words, on=on, via=via, did=did, not_did=not_did
            )
            corrected = corrections.edit_note(s.write(create=False), ref.id, plan)
        else:
            fact_plan = corrections.plan_fact_edit(
                text=words, topic=topic, private=private, not_private=not_private
            )
            corrected = corrections.edit_fact(s.write(create=False), ref.id, fact_plan)
        confirm.corrected(s.out, corrected)
        return
    changes = capture.plan_changes(
        name=new_name,
        called=called,
        company=company,
        phone=phone,
        email=email,
        tags=tag,
        add_tags=add_tag,
        remove_tags=remove_tag,
        every=every,
        since=since,
        today=s.today,
        referred_by=referred_by,
        thanks=not no_thanks,
    )
    c = s.write(create=False)
    result = capture.edit_customer(c, c.customer(name), changes, force=force)
    confirm.updated(s.out, result.customer, changed=result.changed)


@app.command()
def forget(ctx: typer.Context, name: NameArg, yes: YesOpt = False) -> None:
    """Erase a customer and everything recorded about them."""
    from custlog.cli.ask import confirm as ask
    from custlog.domain import capture
    from custlog.render import confirm

    s = session(ctx)
    c = s.write(create=False)
    who = c.customer(name)
    question = f"Erase {who.name} (#{who.id}) and everything about them? This cannot be undone."
    if not yes and not ask(question):
        confirm.declined(s.out, "Nothing was forgotten.")
        return
    from custlog.storage.database import FORGET_PATIENCE_S

    capture.forget(
        c, who, waiting=lambda: confirm.waiting_for_readers(s.out, who, FORGET_PATIENCE_S)
    )
    confirm.forgot(s.out, who)


@app.command()
def merge(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="The customer to merge (deleted; the name stays as an alias).",
            metavar="NAME",
            show_default=False,
            autocompletion=complete_name,
        ),
    ],
    into: Annotated[
        str,
        typer.Argument(
            help="The customer who keeps everything.",
            metavar="INTO",
            show_default=False,
            autocompletion=complete_name,
        ),
    ],
    json_out: JsonOpt = False,
) -> None:
    """Merge two records of one customer: NAME's records move to INTO."""
    from custlog.domain import merging
    from custlog.render import confirm

    s = session(ctx)
    result = merging.merge(s.write(create=False), name, into)
    if json_out:
        from custlog.render import jsonout

        s.out.json(jsonout.merged(result))
    else:
        confirm.merged(s.out, result)


@app.command()
def cadence(
    ctx: typer.Context,
    tag: Annotated[
        str,
        typer.Option("--tag", help="The tag whose customers this applies to.", metavar="TAG"),
    ],
    every: Annotated[
        str | None,
        typer.Argument(help="The period (30d, monthly, …) or 'never'.", metavar="PERIOD"),
    ] = None,
) -> None:
    """Set how often to stay in touch with every customer of a tag."""
    from custlog.domain import capture
    from custlog.render import confirm

    s = session(ctx)
    if every is None:
        shown = capture.clean_tag(tag)
        confirm.cadence(s.out, shown, capture.tag_cadence(s.read(), shown), asked=True)
        return
    plan = capture.plan_tag_cadence(tag, every)
    done = capture.set_tag_cadence(s.write(create=True), plan)
    confirm.cadence(s.out, done.tag, done.period, asked=False)


@app.command()
def undo(
    ctx: typer.Context,
    list_: Annotated[
        bool,
        typer.Option(
            "--list", help="Show what undo can take back, newest first.", show_default=False
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Take back the last change; run it again to go further back.

    Each write (add, note, fact, remind, done, snooze, drop, edit, merge, cadence,
    config, an import) is one step; the last 100 are kept. forget cannot be undone.
    """
    from custlog.domain import undoing
    from custlog.render import undo as shown

    s = session(ctx)
    if list_:
        found = undoing.steps(s.read())
        if json_:
            s.out.json(shown.steps_json(found))
        else:
            shown.steps(s.out, found, s.today)
        return
    step = undoing.undo(s.write(create=False))
    if json_:
        s.out.json(shown.step_json(step))
    else:
        shown.undone(s.out, step)
