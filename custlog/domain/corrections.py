"""Correcting what was recorded: a note or a fact changed (`edit N12`, `edit F7`) or deleted
(`drop N12`, `drop F7`).

Records are named by their ids as `log` shows them: `N12` a note, `F7` a fact, `12` (or `#12`)
a follow-up. Every change is checked before the log is opened for writing, and written in one
transaction. What depends on a note's date (the last contact, the questions a note answers,
the stay-in-touch status) is read from the notes themselves, so a corrected date counts at once.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, NamedTuple

from custlog.errors import BadInput, BadOption, NotFound
from custlog.models import ID_PREFIX, Fact, Note, record_id
from custlog.parsing import names
from custlog.render.words import quoted

if TYPE_CHECKING:
    from custlog.domain.context import Context

# The letter before a record's id, and what it names.
PREFIXES: dict[str, str] = {ID_PREFIX[kind].lower(): kind for kind in ("note", "fact")}
REF_FORMS = "use N12 for a note, F7 for a fact, or 12 for a follow-up"


class RecordRef(NamedTuple):
    kind: str  # "note", "fact" or "followup"
    id: int

    @property
    def shown(self) -> str:
        """The id as `log` shows it: N12, F7, #12."""
        return record_id(self.kind, self.id)


def is_record_ref(text: str) -> bool:
    """`N12` or `F7` (any case, `N#12` too): a note's or a fact's id, not a customer's name."""
    raw = text.strip()
    return raw[:1].lower() in PREFIXES and names.is_number(raw[1:].lstrip("#"))


def parse_ref(text: str) -> RecordRef:
    """`N12`, `F7`, `12` or `#12` as the record it names."""
    raw = text.strip()
    head = raw[:1].lower()
    if head in PREFIXES:
        body = raw[1:].lstrip("#")
        if not names.is_number(body):
            raise BadInput(f"{quoted(text)} is not an id: {REF_FORMS}")
        return RecordRef(PREFIXES[head], names.parse_id(body, f"{PREFIXES[head]} id"))
    if not names.is_number(raw.removeprefix("#")):
        raise BadInput(f"{quoted(text)} is not an id: {REF_FORMS}")
    return RecordRef("followup", names.parse_id(raw, "follow-up id"))


# The options of `edit` that correct a note or a fact; the others change a customer.
EDIT_OPTIONS: dict[str, frozenset[str]] = {
    "note": frozenset({"--on", "--via", "--did", "--not-did"}),
    "fact": frozenset({"--topic", "--private", "--not-private"}),
}


def edit_target(name: str, options: set[str], *, has_text: bool) -> RecordRef | None:
    """What `edit NAME|N12|F7 [TEXT] [options]` corrects: a note or a fact (its ref), or a
    customer (None). Options meant for another kind of record are refused."""
    if not is_record_ref(name):
        for_records = sorted(options & (EDIT_OPTIONS["note"] | EDIT_OPTIONS["fact"]))
        if has_text or for_records:
            shown = for_records[0] if for_records else "TEXT"
            raise BadOption(
                f"{shown} is for correcting a note or a fact (edit N12, edit F7), not a customer",
                shown,
            )
        return None
    ref = parse_ref(name)
    wrong = sorted(options - EDIT_OPTIONS[ref.kind])
    if wrong:
        raise BadOption(f"{wrong[0]} does not apply to a {ref.kind} ({ref.shown})", wrong[0])
    return ref


# -- notes -----------------------------------------------------------------------------------


class NoteEdit(NamedTuple):
    """What `edit N12` changes; None leaves a field as it is."""

    text: str | None = None
    at: datetime | None = None
    via: str | None = None
    work: bool | None = None
    timed: bool | None = None  # with `at`: whether --on gave a time of day

    @property
    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self._asdict().items() if v is not None}


def plan_note_edit(
    today: date,
    now: time,
    *,
    text: str | None = None,
    on: str | None = None,
    via: str | None = None,
    did: bool = False,
    not_did: bool = False,
) -> NoteEdit:
    """Check `edit N12 [TEXT] [--on WHEN] [--via X] [--did|--not-did]` without the log."""
    from custlog.domain import capture

    if did and not_did:
        raise BadInput("--did and --not-did contradict each other: give one")
    moment = capture.note_moment(on, today, now) if on is not None else None
    edit = NoteEdit(
        text=capture.clean_text(text) if text is not None else None,
        at=moment.at if moment else None,
        via=capture.parse_via(via) if via is not None else None,
        work=True if did else False if not_did else None,
        timed=moment.timed if moment else None,
    )
    if not edit.values:
        raise BadInput("nothing to change: give the new TEXT, --on, --via, --did or --not-did")
    return edit


class Corrected(NamedTuple):
    ref: RecordRef
    customer: str  # the customer's full name
    changed: bool  # False: the record already said that


def _note(ctx: Context, note_id: int) -> Note:
    found = ctx.store.notes.get(note_id)
    if found is None:
        raise NotFound(f"no note with id N{note_id} (see `custlog log NAME`)")
    return found


def _fact(ctx: Context, fact_id: int) -> Fact:
    found = ctx.store.facts.get(fact_id)
    if found is None:
        raise NotFound(f"no fact with id F{fact_id} (see `custlog log NAME`)")
    return found


def _owner(ctx: Context, customer_id: int) -> str:
    customer = ctx.store.customers.get(customer_id)
    assert customer is not None
    return customer.name


def edit_note(ctx: Context, note_id: int, edit: NoteEdit) -> Corrected:
    note = _note(ctx, note_id)
    values = {k: v for k, v in edit.values.items() if getattr(note, k) != v}
    ref, owner = RecordRef("note", note.id), _owner(ctx, note.customer_id)
    if values:
        with ctx.store.transaction(step=f"edit {ref.shown} for {owner}"):
            ctx.store.notes.update(note.id, values)
    return Corrected(ref, owner, bool(values))


def drop_note(ctx: Context, note_id: int) -> tuple[Note, str]:
    note = _note(ctx, note_id)
    owner = _owner(ctx, note.customer_id)
    with ctx.store.transaction(step=f"drop {record_id('note', note.id)} for {owner}"):
        ctx.store.notes.delete(note.id)
    return note, owner


# -- facts -----------------------------------------------------------------------------------


class FactEdit(NamedTuple):
    """What `edit F7` changes; None leaves a field as it is."""

    text: str | None = None
    topic: str | None = None
    private: bool | None = None


def plan_fact_edit(
    *,
    text: str | None = None,
    topic: str | None = None,
    private: bool = False,
    not_private: bool = False,
) -> FactEdit:
    """Check `edit F7 [TEXT] [--topic T] [--private|--not-private]` without the log; the text
    is checked again against the fact's topic once the fact is read (`edit_fact`)."""
    from custlog.domain import capture

    if private and not_private:
        raise BadInput("--private and --not-private contradict each other: give one")
    edit = FactEdit(
        text=capture.clean_text(text, "the fact", capture.MAX_FACT) if text is not None else None,
        topic=capture.clean_topic(topic) if topic is not None else None,
        private=True if private else False if not_private else None,
    )
    if edit == FactEdit():
        raise BadInput("nothing to change: give the new TEXT, --topic, --private or --not-private")
    return edit


def edit_fact(ctx: Context, fact_id: int, edit: FactEdit) -> Corrected:
    fact = _fact(ctx, fact_id)
    topic = edit.topic if edit.topic is not None else fact.topic
    text = edit.text if edit.text is not None else fact.text
    from custlog.domain.capture import fact_text

    values: dict[str, Any] = {"topic": topic, "text": fact_text(topic, text)}
    if edit.private is not None:
        values["private"] = edit.private
    values = {k: v for k, v in values.items() if getattr(fact, k) != v}
    ref, owner = RecordRef("fact", fact.id), _owner(ctx, fact.customer_id)
    if values:
        with ctx.store.transaction(step=f"edit {ref.shown} for {owner}"):
            ctx.store.facts.update(fact.id, values)
    return Corrected(ref, owner, bool(values))


def drop_fact(ctx: Context, fact_id: int) -> tuple[Fact, str]:
    fact = _fact(ctx, fact_id)
    owner = _owner(ctx, fact.customer_id)
    with ctx.store.transaction(step=f"drop {record_id('fact', fact.id)} for {owner}"):
        ctx.store.facts.delete(fact.id)
    return fact, owner
