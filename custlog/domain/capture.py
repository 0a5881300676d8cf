"""Writing to the log: customers, notes, facts and follow-ups.

Every use case validates all of its input first and then writes inside one transaction, so a
bad value anywhere means nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import NamedTuple, cast

from custlog.domain import concerns, recurrence
from custlog.domain.cadence import parse_every
from custlog.domain.context import Context
from custlog.domain.kinds import parse_kind
from custlog.errors import BadInput, NotFound, StorageError
from custlog.models import (
    VIAS,
    YEARLY_TOPICS,
    Customer,
    CustomerChanges,
    Fact,
    Followup,
    NewCustomer,
    NewFact,
    NewFollowup,
    NewNote,
)
from custlog.parsing import dates
from custlog.parsing.money import parse_amount
from custlog.parsing.times import parse_at
from custlog.render.words import first_line, quoted, relative_day, short_date

MAX_TEXT = 20_000
MAX_FIELD = 300
MAX_FACT = 2_000
MAX_TOPIC = 60
# C0 and C1 control characters other than tab and newline (a carriage return is a line end):
# text with them could move a terminal's cursor, retitle it or hide what follows.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str, what: str = "the note", limit: int = MAX_TEXT) -> str:
    """Normalise line ends and Unicode (NFC: an accent typed as its own mark joins its
    letter, so the log holds one form of "Cancún" for search and names to find), and refuse
    empty, oversized or control-character text."""
    from custlog.parsing.names import nfc

    value = nfc(text.replace("\r\n", "\n").replace("\r", "\n").strip())
    if not value:
        raise BadInput(f"{what} is empty: nothing was written")
    if len(value) > limit:
        raise BadInput(f"{what} is {len(value):,} characters long; the limit is {limit:,}")
    if _CONTROL.search(value):
        raise BadInput(f"{what} contains control characters: nothing was written")
    return value


def blank_controls(text: str) -> str:
    """The control characters `clean_text` refuses, as spaces: for contacts files, whose
    programs use them inside values (Outlook's vertical tab for a line break)."""
    return _CONTROL.sub(" ", text)


def short_text(text: str, limit: int = 40) -> str:
    """The start of a record's text, for the one line that names a step (`undo --list`)."""
    line = first_line(text)
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def clean_field(value: str | None, what: str) -> str | None:
    """A one-line field: `None` stays unset, an empty string clears it."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return ""
    if "\n" in text or "\r" in text:
        raise BadInput(f"{what} must be on one line")
    return clean_text(text, what, MAX_FIELD)


def clean_name(value: str, what: str = "the name") -> str:
    """A customer's full name: one line, not empty, and not something that reads as an id
    (`#12` names customer 12 wherever a NAME is taken, so such a name could never be used)."""
    from custlog.parsing.names import looks_like_id

    name = clean_field(value, what)
    if not name:
        raise BadInput(f"{what} is empty: nothing was written")
    if looks_like_id(name):
        raise BadInput(
            f"{what} {quoted(name)} reads as a customer id: give a name that is not #NUMBER"
        )
    return name


def clean_topic(topic: str) -> str:
    return clean_text(topic, "the topic", MAX_TOPIC).lower()


def clean_tags(tags: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for tag in tags:
        for part in tag.split(","):
            value = part.strip().lower()
            if value:
                value = clean_text(value, "a tag", 60)
                if value not in out:
                    out.append(value)
    return tuple(out)


def parse_via(via: str | None) -> str:
    value = (via or "other").strip().lower()
    aliases = {"phone": "call", "sms": "text", "meeting": "visit", "mail": "email"}
    value = aliases.get(value, value)
    if value not in VIAS:
        raise BadInput(f"unknown channel {quoted(via or '')}: use one of {', '.join(VIAS)}")
    return value


def check_note_date(at: datetime, today: date, shown: str) -> datetime:
    """A note records what happened: it cannot be dated after today."""
    if at.date() > today:
        raise BadInput(
            f"a note records what happened, and {quoted(shown)} is after today: "
            "use `custlog remind` for what is still to come"
        )
    return at


class NoteMoment(NamedTuple):
    """When a note happened, from `--on WHEN` or a leading date."""

    at: datetime  # the day, at the time given, else at the current time (as the spec says)
    timed: bool  # whether a time of day was given: False for `--on 2026-11-20`


def note_moment(on: str, today: date, now: time) -> NoteMoment:
    """When a note happened, from `--on WHEN` (past-looking; never after today)."""
    day, clock = dates.parse_when_moment(on, today, now, "past")
    at = datetime.combine(day, clock or now.replace(microsecond=0, tzinfo=None))
    return NoteMoment(check_note_date(at, today, on), clock is not None)


# -- customers -------------------------------------------------------------------------------


def new_name(name: str) -> str:
    """A new customer's full name, checked."""
    return clean_name(name)


def plan_customer(
    today: date,
    name: str,
    *,
    called: str | None = None,
    company: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    tags: list[str] | None = None,
    every: str | None = None,
    since: str | None = None,
) -> NewCustomer:
    """Check everything about a new customer that does not need the log."""
    return NewCustomer(
        name=new_name(name),
        called=clean_field(called, "the called name") or None,
        company=clean_field(company, "the company") or None,
        phone=clean_field(phone, "the phone") or None,
        email=clean_field(email, "the email") or None,
        tags=clean_tags(tags or []),
        every=parse_every(every) if every else None,
        since=parse_since(today, since) if since else today,
    )


def parse_since(today: date, when: str) -> date:
    """The day someone became a customer (a past-looking WHEN): not after today."""
    day = dates.parse_when(when, today, "past")
    if day > today:
        raise BadInput(f"--since {quoted(when)} is after today: a customer since when?")
    return day


def add_customer(
    ctx: Context,
    plan: NewCustomer,
    *,
    force: bool = False,
    referred_by: str | None = None,
    thanks: bool = True,
) -> Customer:
    """Add a customer; with `referred_by`, who sent them, and (unless not `thanks`) a
    callback to thank the sender, due today, in the same transaction."""
    from custlog.domain import referrals

    existing = ctx.store.customers.named(plan.name)
    if existing and not force:
        raise BadInput(
            f"{quoted(existing[0].name)} is already in the log as #{existing[0].id}; "
            "use --force to add another customer of that name"
        )
    sender = referrals.sender(ctx, referred_by) if referred_by is not None else None
    if sender is not None:
        plan = plan._replace(referred_by=sender.id)
    if not force:
        refuse_an_alias(ctx, plan.name, "use --force to add another customer of that name")
    with ctx.store.transaction(step=f"add {plan.name}"):
        customer = ctx.store.customers.add(plan)
        if sender is not None and thanks:
            _thank(ctx, sender, plan.name)
    return customer


def _thank(ctx: Context, sender: Customer, sent_name: str) -> None:
    from custlog.domain import referrals

    thanks = referrals.thanks_text(sender, sent_name)
    ctx.store.followups.add(
        sender.id,
        NewFollowup(
            ctx.today, thanks, referrals.THANKS_KIND, created=ctx.today, promised=ctx.today
        ),
    )


def refuse_an_alias(ctx: Context, name: str, force: str) -> None:
    """A name that is already another name of a customer (from `merge`) would find two."""
    owner = ctx.store.customers.alias_owner(name)
    found = ctx.store.customers.get(owner) if owner is not None else None
    if found is not None:
        raise BadInput(
            f"{quoted(name)} is another name of {found.name} (#{found.id}, merged into them); "
            f"{force}"
        )


class Changes(NamedTuple):
    """What `edit` changes, checked; the tag operations apply to the customer's tags."""

    name: str | None
    values: CustomerChanges
    tags: tuple[str, ...] | None
    add_tags: tuple[str, ...]
    remove_tags: tuple[str, ...]
    referred_by: str | None = None  # who sent them (a NAME); "" clears it
    thanks: bool = True  # a new sender gets a thank-you callback


class EditResult(NamedTuple):
    customer: Customer
    changed: bool


def plan_changes(
    *,
    name: str | None = None,
    called: str | None = None,
    company: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    tags: list[str] | None = None,
    add_tags: list[str] | None = None,
    remove_tags: list[str] | None = None,
    every: str | None = None,
    since: str | None = None,
    today: date | None = None,
    referred_by: str | None = None,
    thanks: bool = True,
) -> Changes:
    """Check the new values; an empty string clears an optional field."""
    values: CustomerChanges = {}
    if since is not None:
        assert today is not None, "--since needs today"
        values["since"] = parse_since(today, since)
    new = None
    if name is not None:
        if not name.strip():
            raise BadInput("the name cannot be empty")
        new = clean_name(name)
    if called is not None:
        values["called"] = clean_field(called, "the called name") or None
    if company is not None:
        values["company"] = clean_field(company, "company") or None
    if phone is not None:
        values["phone"] = clean_field(phone, "phone") or None
    if email is not None:
        values["email"] = clean_field(email, "the email") or None
    if every is not None:
        values["every"] = parse_every(every)
    changes = Changes(
        new,
        values,
        clean_tags(tags) if tags is not None else None,
        clean_tags(add_tags or []),
        clean_tags(remove_tags or []),
        referred_by.strip() if referred_by is not None else None,
        thanks,
    )
    if (
        new is None
        and not values
        and tags is None
        and not add_tags
        and not remove_tags
        and referred_by is None
    ):
        raise BadInput("nothing to change: give at least one option such as --phone")
    return changes


def edit_customer(
    ctx: Context, customer: Customer, changes: Changes, *, force: bool = False
) -> EditResult:
    """Apply checked changes; `changed` is False when every value was already so."""
    values = changes.values.copy()
    first_note = ctx.store.notes.first_day(customer.id) if "since" in values else None
    if first_note is not None and values["since"] > first_note:
        raise BadInput(
            f"--since {short_date(values['since'], ctx.today)} is after the first note "
            f"({short_date(first_note, ctx.today)}): a customer since that day at the latest"
        )
    if changes.name is not None:
        taken = [c for c in ctx.store.customers.named(changes.name) if c.id != customer.id]
        if taken and not force:
            raise BadInput(
                f"{quoted(taken[0].name)} is already in the log as #{taken[0].id}; "
                "use --force to give another customer the same name"
            )
        if not force and ctx.store.customers.alias_owner(changes.name) != customer.id:
            refuse_an_alias(ctx, changes.name, "use --force to give it to this customer too")
        values["name"] = changes.name
    if changes.tags is not None or changes.add_tags or changes.remove_tags:
        current = list(changes.tags if changes.tags is not None else customer.tags)
        current += [t for t in changes.add_tags if t not in current]
        values["tags"] = tuple(t for t in current if t not in set(changes.remove_tags))
    sender = None
    if changes.referred_by:
        from custlog.domain import referrals

        sender = referrals.sender(ctx, changes.referred_by, customer.id)
        values["referred_by"] = sender.id
    elif changes.referred_by == "":
        values["referred_by"] = None
    # Only what differs (a TypedDict filtered by key is still one: its keys are a subset).
    different = cast(
        CustomerChanges, {k: v for k, v in values.items() if getattr(customer, k) != v}
    )
    if not different:
        return EditResult(customer, False)
    with ctx.store.transaction(step=f"edit {customer.name}"):
        ctx.store.customers.update(customer.id, different)
        if "name" in different:
            from custlog.domain import referrals

            referrals.rename_in_thanks(ctx, customer, different["name"])
        if sender is not None and "referred_by" in different and changes.thanks:
            _thank(ctx, sender, values.get("name", customer.name))
    found = ctx.store.customers.get(customer.id)
    assert found is not None
    return EditResult(found, True)


def forget(ctx: Context, customer: Customer, *, waiting: Callable[[], None] | None = None) -> None:
    """Erase the customer, then wipe their words from the file's bytes as well. A program
    reading an older snapshot of the log holds those bytes: wait for it a few seconds
    (`waiting` is called once if so), then say exactly what is left and how to finish.
    The one who sent them stays whole: the thank-you for sending them stays, no longer
    naming them; those they sent stay, no longer linked."""
    from custlog.domain import referrals, undoing

    with ctx.store.transaction(step=None):  # forget cannot be undone
        undoing.forget_steps(ctx, customer)
        referrals.rename_in_thanks(ctx, customer, referrals.FORGOTTEN)
        ctx.store.customers.delete(customer.id)
    if not ctx.store.scrub(waiting=waiting):
        path = ctx.store.path
        raise StorageError(
            f"{customer.name} is erased from the log, but their words are still in the bytes of "
            f"{path} and {path}-wal: another program (Datasette, Litestream, a long export?) is "
            "reading an older snapshot of the log. Close it, then run `custlog doctor` to "
            "finish the erasure"
        )


class TagCadence(NamedTuple):
    tag: str
    period: str | None  # None: no default period for the tag


def clean_tag(tag: str) -> str:
    """One tag, as `--tag` names it for `cadence` (a comma would name several)."""
    clean = clean_tags([tag])
    if not clean:
        raise BadInput("a tag is needed")
    if len(clean) > 1:
        raise BadInput(
            f"{quoted(tag)} names {len(clean)} tags ({', '.join(clean)}): "
            "set one tag at a time, e.g. --tag " + clean[0]
        )
    return clean[0]


def tag_cadence(ctx: Context, tag: str) -> str | None:
    """The stay-in-touch period set for a tag (`clean_tag`), or None."""
    return ctx.store.cadence.tag_cadences().get(tag)


def plan_tag_cadence(tag: str, every: str) -> TagCadence:
    clean = [clean_tag(tag)]
    period = None
    if every.strip().lower() not in ("never", "none", "off", ""):
        period = dates.parse_period(every).canonical()
    return TagCadence(clean[0], period)


def set_tag_cadence(ctx: Context, plan: TagCadence) -> TagCadence:
    with ctx.store.transaction(step=f"cadence --tag {plan.tag} {plan.period or 'never'}"):
        ctx.store.cadence.set_tag_cadence(plan.tag, plan.period)
    return plan


# -- notes -----------------------------------------------------------------------------------


@dataclass
class NoteParts:
    """A note's text with the facts, follow-ups and date found inside it."""

    text: str
    facts: list[str] = field(default_factory=list)
    followups: list[str] = field(default_factory=list)
    on: str | None = None


_INLINE = re.compile(r"^\s*(fact|follow-?up)\s*:\s*(.+)$", re.IGNORECASE)


def split_note(text: str, today: date, now: time, *, date_prefix: bool) -> NoteParts:
    """Pick `fact: topic: …` and `follow-up: when: …` lines out of a note, and a jrnl-style
    leading date (`yesterday: called about the van`) when `date_prefix` is set."""
    kept: list[str] = []
    parts = NoteParts(text="")
    for line in text.splitlines():
        match = _INLINE.match(line)
        if match:
            target = parts.facts if match.group(1).lower() == "fact" else parts.followups
            target.append(match.group(2).strip())
        else:
            kept.append(line)
    body = "\n".join(kept).strip()
    if date_prefix and ":" in body:
        head, rest = body.split(":", 1)
        if head.strip() and "\n" not in head and len(head) <= 30:
            try:
                said = dates.parse_when_datetime(head.strip(), today, now, "past")
            except BadInput:
                said = None
            if said is not None and said.date() <= today:  # "tomorrow: …" is not a date
                parts.on = head.strip()
                body = rest.strip()
    parts.text = body
    return parts


def _split_pair(value: str, what: str, example: str) -> tuple[str, str]:
    if ":" not in value:
        raise BadInput(f"{what} {quoted(value)} needs a colon, e.g. {example}")
    left, right = value.split(":", 1)
    if not left.strip() or not right.strip():
        raise BadInput(f"{what} {quoted(value)} needs both sides of the colon, e.g. {example}")
    return left.strip(), right.strip()


class NoteResult(NamedTuple):
    note_id: int
    at: datetime
    fact_ids: list[int]
    followup_ids: list[int]
    created_customer: bool = False
    known_facts: tuple[NewFact, ...] = ()  # facts the customer already had: not written again
    check_in: Followup | None = None  # the check-in added after work


class FactResult(NamedTuple):
    fact_id: int
    already_known: bool  # the customer already had this fact (#fact_id): nothing was written


def fact_key(topic: str, text: str) -> tuple[str, str]:
    """Two facts say the same thing when topic and text match, ignoring case and spacing."""
    return " ".join(topic.split()).casefold(), " ".join(text.split()).casefold()


def known_fact(facts: Iterable[Fact], plan: NewFact) -> Fact | None:
    """The current fact among `facts` that already says what `plan` says, if any."""
    key = fact_key(plan.topic, plan.text)
    return next(
        (f for f in facts if f.superseded_by is None and fact_key(f.topic, f.text) == key), None
    )


def _new_facts(
    ctx: Context, customer_id: int | None, planned: list[NewFact]
) -> tuple[list[NewFact], list[NewFact]]:
    """`planned` split into the facts to write and those already known (in the log, or
    earlier in the same list)."""
    known: list[Fact | NewFact] = []
    if customer_id is not None:
        known += ctx.store.facts.of_customer(customer_id)
    keys = {fact_key(f.topic, f.text) for f in known}
    fresh: list[NewFact] = []
    repeated: list[NewFact] = []
    for plan in planned:
        key = fact_key(plan.topic, plan.text)
        (repeated if key in keys else fresh).append(plan)
        keys.add(key)
    return fresh, repeated


def fact_text(topic: str, text: str) -> str:
    """A fact's text as stored under its topic: a birthday or anniversary is a yearly date."""
    return dates.parse_yearly(text).iso() if topic in YEARLY_TOPICS else text


def plan_fact(
    today: date,
    topic: str,
    text: str,
    *,
    on: str | None = None,
    when: str | None = None,
    private: bool = False,
) -> NewFact:
    topic_name = clean_topic(topic)
    value = fact_text(topic_name, clean_text(text, "the fact", MAX_FACT))
    learned = dates.parse_when(on, today, "past") if on else today
    event = dates.parse_when(when, today, "future") if when else None
    return NewFact(topic=topic_name, text=value, learned=learned, when=event, private=private)


def plan_followup(
    today: date,
    when: str,
    text: str,
    *,
    kind: str | None = None,
    every: str | None = None,
    from_done: bool = False,
    estimate: str | None = None,
    at: str | None = None,
) -> NewFollowup:
    due = dates.parse_when(when, today, "future")
    period = dates.parse_period(every).canonical() if every else None
    if from_done and period is None:
        raise BadInput("--from-done needs --every PERIOD")
    appointment = parse_at(at) if at is not None else None
    return NewFollowup(
        due=due,
        text=clean_text(text, "the follow-up", MAX_FACT),
        kind=parse_kind(kind),
        every=period,
        from_done=from_done,
        estimate=parse_amount(estimate),
        at_start=appointment.start if appointment else None,
        at_end=appointment.end if appointment else None,
        created=today,
        anchor=due if period and not from_done else None,
        promised=due,
    )


def plan_spoken_followup(today: date, value: str, what: str, example: str) -> NewFollowup:
    """A follow-up written inside a note, `WHEN:[KIND:]TEXT`: `fri:promise:Send the estimate`
    is a promise; without a kind word it is a callback."""
    from custlog.domain.kinds import split_spoken_kind

    when, rest = _split_pair(value, what, example)
    kind, text = split_spoken_kind(rest)
    return plan_followup(today, when, text, kind=kind)


FAR_AHEAD_DAYS = 300  # a month-day that lands further ahead than ~10 months was likely a slip


def due_slip(when: str, due: date, today: date) -> str | None:
    """What to tell the person when a follow-up's date is probably not what they meant: a day
    already past, or a month-day without a year that lands almost a year ahead."""
    if due < today:
        return f"that was {relative_day(due, today)}, {short_date(due, today)}: it is overdue now"
    if (due - today).days > FAR_AHEAD_DAYS and dates.is_month_day(when):
        last = due.replace(year=due.year - 1) if (due.month, due.day) != (2, 29) else None
        before = (
            f" ({short_date(last, today)} was {relative_day(last, today)})"
            if last is not None and last < today
            else ""
        )
        return (
            f"{quoted(when.strip())} is {short_date(due, today)}, "
            f"{relative_day(due, today)}{before}: give the year if you meant another day"
        )
    return None


# -- work and check-ins ------------------------------------------------------------------------

_CHECK_IN_SHOWN = 60


def check_in_text(work: str) -> str:
    """ "Check in: how is everything after "Replaced front struts"?" """
    from custlog.domain.questions import CHECK_IN_PREFIX

    first = " ".join(work.split())
    if len(first) > _CHECK_IN_SHOWN:
        first = first[: _CHECK_IN_SHOWN - 1].rstrip() + "…"
    return f'{CHECK_IN_PREFIX}how is everything after "{first}"?'


class CheckIn(NamedTuple):
    """`--check-in PERIOD` / `--no-check-in`, checked: `period` None and `skip` off means the
    `check-in` setting decides."""

    period: str | None = None
    skip: bool = False


def plan_check_in(check_in: str | None, no_check_in: bool, *, work: bool) -> CheckIn:
    if check_in is not None and no_check_in:
        raise BadInput("--check-in and --no-check-in cannot go together")
    if check_in is not None and not work:
        raise BadInput("--check-in goes with work done (--did)")
    period = dates.parse_period(check_in).canonical() if check_in is not None else None
    return CheckIn(period, no_check_in)


def check_in_period(ctx: Context, plan: CheckIn, *, work: bool) -> dates.Period | None:
    """How long after this work to check in: `--check-in`, else the `check-in` setting."""
    if not work or plan.skip:
        return None
    if plan.period is not None:
        return dates.parse_period(plan.period)
    from custlog.domain.settings import load

    stored = load(ctx.store).check_in
    return dates.parse_period(stored) if stored else None


def _write_check_in(
    ctx: Context, customer_id: int, work_day: date, text: str, period: dates.Period
) -> int:
    """An `ask` follow-up PERIOD after the work; created on the day of the work, so that a
    note dated after that day answers it (`questions.check_in_answered`)."""
    due = period.step(work_day)
    check_in = NewFollowup(due, check_in_text(text), "ask", created=work_day, promised=due)
    return ctx.store.followups.add(customer_id, check_in).id


def work_amount(amount: str | None, *, work: bool) -> float | None:
    value = parse_amount(amount)
    if value is not None and not work:
        raise BadInput("--amount goes with work done (--did)")
    return value


class NoteOptions(NamedTuple):
    """A note's options, checked before its text is read (so before `$EDITOR` opens)."""

    today: date
    now: time
    channel: str
    at: NoteMoment | None  # from --on; None: now, or a date the text starts with
    on: str | None
    facts: list[NewFact]
    followups: list[NewFollowup]
    work: bool
    amount: float | None = None
    check_in: CheckIn = CheckIn()


class PlannedNote(NamedTuple):
    body: str
    at: datetime
    channel: str
    work: bool
    facts: list[NewFact]
    followups: list[NewFollowup]
    amount: float | None = None
    check_in: CheckIn = CheckIn()
    timed: bool = True  # False: dated by a day alone


def note_is_work(did: bool, kind: str | None) -> bool:
    """`--did`, or its older spelling `--kind work`."""
    if kind is None:
        return did
    if kind.strip().lower() != "work":
        raise BadInput(
            f'a note\'s --kind can only be "work" (the same as --did), not {quoted(kind)}'
        )
    return True


def plan_note_options(
    today: date,
    now: time,
    *,
    via: str | None = None,
    on: str | None = None,
    facts: list[str] | None = None,
    followups: list[str] | None = None,
    work: bool = False,
    amount: str | None = None,
    check_in: str | None = None,
    no_check_in: bool = False,
) -> NoteOptions:
    """Check every option of `custlog note`; none of them needs the log."""
    value = work_amount(amount, work=work)
    checking = plan_check_in(check_in, no_check_in, work=work)
    channel = parse_via(via)
    at = note_moment(on, today, now) if on else None
    planned_facts = [
        plan_fact(today, *_split_pair(f, "--fact", '--fact "family:Daughter Emma plays soccer"'))
        for f in facts or []
    ]
    planned_followups = [
        plan_spoken_followup(today, f, "--follow-up", '--follow-up "friday:Call about it"')
        for f in followups or []
    ]
    return NoteOptions(
        today, now, channel, at, on, planned_facts, planned_followups, work, value, checking
    )


def plan_note(options: NoteOptions, text: str) -> PlannedNote:
    """The note's text read with its options: inline `fact:`/`follow-up:` lines and a leading
    date are picked out, and everything is checked."""
    today, now = options.today, options.now
    parts = split_note(text, today, now, date_prefix=options.on is None)
    body = clean_text(parts.text)
    moment = options.at
    if moment is None and parts.on:
        moment = note_moment(parts.on, today, now)
    facts = options.facts + [
        plan_fact(
            today, *_split_pair(f, "the line fact:", "fact: family: Daughter Emma plays soccer")
        )
        for f in parts.facts
    ]
    followups = options.followups + [
        plan_spoken_followup(today, f, "the line follow-up:", "follow-up: friday: Call")
        for f in parts.followups
    ]
    return PlannedNote(
        body,
        moment.at if moment else datetime.combine(today, now),
        options.channel,
        options.work,
        facts,
        followups,
        options.amount,
        options.check_in,
        moment.timed if moment else True,
    )


def note_target(ctx: Context, name: str, *, add: bool) -> Customer | str:
    """The customer a note is for; with `add`, a name that is not exactly a customer's full or
    called name is a new customer (returned as its checked name), never a prefix match."""
    if not add:
        return ctx.customer(name)
    exact = ctx.exact_customer(name)
    return exact if exact is not None else new_name(name)


def log_note(ctx: Context, customer: Customer | str, note: PlannedNote) -> NoteResult:
    """Write a checked note; `customer` given as a string is a new customer to create. Facts
    the customer already has are not written again (`known_facts`)."""
    facts, known = _new_facts(
        ctx, None if isinstance(customer, str) else customer.id, list(note.facts)
    )
    period = check_in_period(ctx, note.check_in, work=note.work)
    check_in_id = None
    name = customer if isinstance(customer, str) else customer.name
    with ctx.store.transaction(step=f"note for {name} ({ctx.day(note.at.date())})"):
        if isinstance(customer, str):
            customer_id = ctx.store.customers.add(
                NewCustomer(name=customer, since=min(ctx.today, note.at.date()))
            ).id
        else:
            customer_id = customer.id
            if customer.since is not None and note.at.date() < customer.since:
                # A customer since their first contact at the latest.
                ctx.store.customers.update(customer_id, {"since": note.at.date()})
        new_note = NewNote(
            note.at, note.channel, note.body, note.work, note.amount, timed=note.timed
        )
        note_id = ctx.store.notes.add(customer_id, new_note).id
        fact_ids = [ctx.store.facts.add(customer_id, f).id for f in facts]
        followup_ids = [ctx.store.followups.add(customer_id, f).id for f in note.followups]
        if period is not None:
            check_in_id = _write_check_in(ctx, customer_id, note.at.date(), note.body, period)
    check = ctx.store.followups.get(check_in_id) if check_in_id is not None else None
    return NoteResult(
        note_id,
        note.at,
        fact_ids,
        followup_ids,
        isinstance(customer, str),
        tuple(known),
        check_in=check,
    )


def add_fact(ctx: Context, customer: Customer, plan: NewFact, *, replace: str | None) -> FactResult:
    """Record a fact; one the customer already has (see `fact_key`) is not written again."""
    old_id = None
    if replace is not None:
        old_id = _own_fact(ctx, customer, replace)
    else:
        same = known_fact(ctx.store.facts.of_customer(customer.id), plan)
        if same is not None:
            return FactResult(same.id, already_known=True)
        if plan.topic in YEARLY_TOPICS:
            # A person has one birthday: a new one corrects the old, kept in the history.
            current = [f for f in ctx.store.facts.of_customer(customer.id) if f.topic == plan.topic]
            old_id = current[0].id if current else None
    with ctx.store.transaction(step=f"fact for {customer.name} ({plan.topic})"):
        fact_id = ctx.store.facts.add(customer.id, plan).id
        if old_id is not None:
            ctx.store.facts.supersede(old_id, fact_id)
    return FactResult(fact_id, already_known=False)


def _own_fact(ctx: Context, customer: Customer, ref: str) -> int:
    from custlog.errors import NotFound

    fact_id = fact_id_of(ref)
    fact = ctx.store.facts.get(fact_id)
    if fact is None or fact.customer_id != customer.id:
        raise NotFound(f"{customer.name} has no fact F{fact_id} (see `custlog log NAME`)")
    if fact.superseded_by is not None:
        raise BadInput(f"fact F{fact_id} was already replaced by F{fact.superseded_by}")
    return fact_id


# -- follow-ups ------------------------------------------------------------------------------


def remind(ctx: Context, customer: Customer, plan: NewFollowup) -> Followup:
    step = f"remind {customer.name} ({ctx.day(plan.due)}): {short_text(plan.text)}"
    with ctx.store.transaction(step=step):
        return ctx.store.followups.add(customer.id, plan)


class DoneResult(NamedTuple):
    followup: Followup
    next_due: date | None
    note_id: int | None
    sold: float | None = None  # postponed work sold: its amount (0 when none is known)
    work: bool = False  # the note logged is work done
    check_in: Followup | None = None


def _open(followup: Followup, today: date) -> None:
    if followup.done is not None:
        done = short_date(followup.done, today)
        raise BadInput(f"follow-up #{followup.id} is already done (on {done})")


class Closing(NamedTuple):
    """`done ID [--note TEXT] [--via HOW]`, checked: a follow-up, or a fact's question."""

    followup_id: int | None
    fact_id: int | None
    note: str | None
    channel: str
    amount: float | None = None
    did: bool = False


def plan_done(
    ref: str,
    *,
    note: str | None = None,
    via: str | None = None,
    amount: str | None = None,
    did: bool = False,
) -> Closing:
    from custlog.parsing.names import parse_id

    fact_id = parse_fact_ref(ref)
    followup_id = parse_id(ref, "follow-up id") if fact_id is None else None
    body = clean_text(note) if note is not None else None
    value = parse_amount(amount)
    if fact_id is not None and (value is not None or did):
        raise BadInput(f"--amount and --did close follow-ups, not the question about F{fact_id}")
    return Closing(followup_id, fact_id, body, parse_via(via), value, did)


def complete(ctx: Context, closing: Closing) -> DoneResult:
    """Close a follow-up. Postponed work that is done was sold: a work note (the `--note`, or
    the work's own text) is logged today with the amount (default the estimate). `did` makes
    the note of any other follow-up a note of work done."""
    assert closing.followup_id is not None
    followup = ctx.followup(closing.followup_id)
    _open(followup, ctx.today)
    body, channel, value = closing.note, closing.channel, closing.amount
    sale = followup.kind == "deferred"
    work = sale or closing.did
    if value is not None and not work:
        raise BadInput(
            "--amount goes with postponed work (a sale) or with --did (the note is work done)"
        )
    if work and body is None:
        body = followup.text
    if sale and value is None:
        value = followup.estimate
    period = check_in_period(ctx, CheckIn(), work=work)
    try:
        moved_to = recurrence.next_due(followup, ctx.today)
    except (OverflowError, ValueError):
        raise BadInput(
            f"follow-up #{followup.id} cannot recur past the year 9999: "
            "snooze it to an earlier date, or drop it"
        ) from None
    with ctx.store.transaction(step=f"done #{followup.id} for {ctx.name_of(followup.customer_id)}"):
        if moved_to is not None:
            # Keep the history of this occurrence as a closed copy; the follow-up moves on.
            closed = NewFollowup(
                due=followup.due,
                text=followup.text,
                kind=followup.kind,
                estimate=followup.estimate,
                done=ctx.today,
                created=followup.created,
                promised=recurrence.promised(followup),
            )
            ctx.store.followups.add(followup.customer_id, closed)
            ctx.store.followups.move_on(followup.id, moved_to)
        else:
            ctx.store.followups.close(followup.id, ctx.today)
        note_id = (
            ctx.store.notes.add(
                followup.customer_id, NewNote(ctx.now_dt, channel, body, work, value)
            ).id
            if body is not None
            else None
        )
        if sale:
            ctx.store.offers.add(followup.id, ctx.today, "sold", amount=value)
        check_in_id = None
        if period is not None and body is not None:
            check_in_id = _write_check_in(ctx, followup.customer_id, ctx.today, body, period)
    check = ctx.store.followups.get(check_in_id) if check_in_id is not None else None
    sold = (value or 0.0) if sale else None
    return DoneResult(followup, moved_to, note_id, sold, work and body is not None, check)


class AnswerResult(NamedTuple):
    fact: Fact
    note_id: int
    text: str
    concern: bool = False  # a concern addressed, rather than a question answered


def parse_fact_ref(ref: str) -> int | None:
    """`F7` (or `f7`, `F#7`) names the question about fact #7; anything else is not one."""
    raw = ref.strip()
    if raw[:1] not in ("f", "F"):
        return None
    from custlog.parsing import names

    if not names.is_number(raw[1:].lstrip("#")):
        raise BadInput(
            f"{quoted(ref)} is not an id: use 12 for follow-up #12, "
            "or F7 for the question about fact F7"
        )
    return names.parse_id(raw[1:], "fact id")


def fact_id_of(ref: str) -> int:
    """A fact's id where only a fact can be meant (`fact --replace`): `F7`, `7` or `#7`."""
    from custlog.parsing.names import parse_id

    fact_id = parse_fact_ref(ref)
    return fact_id if fact_id is not None else parse_id(ref, "fact id")


def answer_question(ctx: Context, closing: Closing) -> AnswerResult:
    """Close the "ask how it went" question of a dated fact by logging a note dated today.

    A question is open while no note is dated after the event, so the note is the answer;
    without `note` it says what was asked.
    """
    from custlog.domain.questions import asked_text
    from custlog.errors import NotFound

    fact_id = closing.fact_id
    assert fact_id is not None
    fact = ctx.store.facts.get(fact_id)
    if fact is None or fact.superseded_by is not None:
        raise NotFound(f"no current fact F{fact_id} (see `custlog brief NAME --json`)")
    if concerns.is_concern(fact):
        return _address_concern(ctx, fact, closing)
    if fact.when is None:
        raise BadInput(
            f"fact F{fact_id} has no event date (fact --when): there is no question; "
            f"only a fact under the topic {concerns.TOPIC!r} is addressed with --note"
        )
    if fact.when >= ctx.today:
        raise BadInput(
            f"fact F{fact_id} is about {short_date(fact.when, ctx.today)}: "
            "ask how it went after that day"
        )
    last = ctx.store.notes.last(fact.customer_id)
    if last is not None and last.at.date() > fact.when:
        # The answer is the first note after the event (the last one may be much later).
        notes = ctx.store.notes.of_customer(fact.customer_id)
        answer = min(n.at for n in notes if n.at.date() > fact.when).date()
        raise BadInput(
            f"the question about fact F{fact_id} is already answered by the note of "
            f"{short_date(answer, ctx.today)}: add more with `custlog note`"
        )
    body = closing.note if closing.note is not None else asked_text(fact)
    channel = closing.channel
    with ctx.store.transaction(step=f"done F{fact.id} for {ctx.name_of(fact.customer_id)}"):
        note_id = ctx.store.notes.add(fact.customer_id, NewNote(ctx.now_dt, channel, body)).id
    return AnswerResult(fact, note_id, body)


def _address_concern(ctx: Context, fact: Fact, closing: Closing) -> AnswerResult:
    """A concern is closed by saying how it was addressed: the note, dated today, is kept
    with the concern (`addressed`, `addressed_note_id`)."""
    if fact.addressed is not None:
        raise BadInput(
            f"concern F{fact.id} was already addressed on "
            f"{short_date(fact.addressed, ctx.today)}: "
            "add more with `custlog note`"
        )
    if closing.note is None:
        raise BadInput(f'say how concern F{fact.id} was addressed: done F{fact.id} --note "…"')
    with ctx.store.transaction(step=f"done F{fact.id} for {ctx.name_of(fact.customer_id)}"):
        note = ctx.store.notes.add(
            fact.customer_id, NewNote(ctx.now_dt, closing.channel, closing.note)
        )
        ctx.store.facts.address(fact.id, ctx.today, note.id)
    return AnswerResult(fact, note.id, closing.note, concern=True)


def _postponed_work(followup: Followup, option: str) -> None:
    if followup.kind != "deferred":
        raise BadInput(
            f"{option} is for postponed work, and follow-up #{followup.id} is a "
            f"{followup.kind} (remind … --kind deferred)"
        )


def clean_reason(declined: str | None) -> str | None:
    """`--declined REASON`, checked: None when not given, "" when given empty."""
    return clean_field(declined, "the reason") if declined is not None else None


def clean_lost_to(lost_to: str | None) -> str | None:
    """`--lost-to WHO`, checked: None when not given."""
    who = clean_field(lost_to, "--lost-to") if lost_to is not None else None
    if lost_to is not None and not who:
        raise BadInput('--lost-to needs who it went to (or "nobody")')
    return who


def snooze(ctx: Context, followup_id: int, due: date, *, declined: str | None = None) -> Followup:
    """Move a follow-up. `declined` (a checked reason, "" for none): postponed work was
    offered today and the customer said not yet; the offer is kept."""
    followup = ctx.followup(followup_id)
    _open(followup, ctx.today)
    if declined is not None:
        _postponed_work(followup, "--declined")
    step = f"snooze #{followup.id} for {ctx.name_of(followup.customer_id)} to {ctx.day(due)}"
    with ctx.store.transaction(step=step):
        ctx.store.followups.set_due(followup.id, due)
        if declined is not None:
            ctx.store.offers.add(followup.id, ctx.today, "declined", declined or None)
    found = ctx.store.followups.get(followup.id)
    assert found is not None
    return found


def quiet_customer(ctx: Context, customer_id: int, until: date) -> Customer:
    """`snooze C12 WHEN`: no stay-in-touch nudge for the customer before `until` (a note
    logged before then ends it: `Notes.add`)."""
    customer = ctx.store.customers.get(customer_id)
    if customer is None:
        raise NotFound(f"no customer with handle C{customer_id} (see `custlog due`)")
    if until <= ctx.today:
        raise BadInput(
            f"{short_date(until, ctx.today)} is not after today: "
            "snooze a customer until a later day"
        )
    with ctx.store.transaction(step=f"snooze {customer.ref} ({customer.name}) to {ctx.day(until)}"):
        ctx.store.customers.update(customer.id, {"quiet_until": until})
    found = ctx.store.customers.get(customer.id)
    assert found is not None
    return found


def drop(ctx: Context, followup_id: int, *, lost_to: str | None = None) -> Followup:
    """Delete a follow-up; with `lost_to` (checked by `clean_lost_to`), postponed work the
    customer will not do, or had done elsewhere: it is closed, and the loss kept for `stats`."""
    followup = ctx.followup(followup_id)
    if lost_to is not None:
        _postponed_work(followup, "--lost-to")
        _open(followup, ctx.today)
    with ctx.store.transaction(step=f"drop #{followup.id} for {ctx.name_of(followup.customer_id)}"):
        if lost_to is None:
            ctx.store.followups.delete(followup.id)
        else:
            ctx.store.followups.close(followup.id, ctx.today)
            ctx.store.offers.add(followup.id, ctx.today, "lost", lost_to, followup.estimate)
    return followup
