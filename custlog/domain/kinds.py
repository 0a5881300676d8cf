"""What a follow-up can be: each kind's word on screens, its place in a day, its calendar text.

`--kind deferred` stores the word "deferred"; a person reads "postponed work" everywhere (the
screens, the plan, the editor template, the calendar). The timeline of `due` and `plan` also
holds things that are not follow-ups (the stay-in-touch date, a dated fact's event, birthdays
and anniversaries); their place in a day is here too, so that one order rules every list.
"""

from __future__ import annotations

from typing import NamedTuple


class Kind(NamedTuple):
    order: int  # within one day: what we owe first, questions last
    label: str  # what a person reads: "postponed work"
    ics: str  # the calendar event's description starts with this
    hint: str  # what the kind is for, in `--kind`'s help and in bad-input messages


DEFAULT_KIND = "callback"
KINDS: dict[str, Kind] = {
    "callback": Kind(1, "callback", "callback", "call them back"),
    "promise": Kind(0, "promise", "promise (we committed to this)", "something we owe them"),
    "deferred": Kind(
        2, "postponed work", "postponed work, to offer again", "work they put off, to offer again"
    ),
    "ask": Kind(3, "question to ask", "a question to ask", "a question for next time"),
    "waiting": Kind(1, "waiting on them", "waiting on the customer", "something they owe us"),
}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)

# Timeline rows that are not follow-ups, in the same order: the day contact falls due
# ("touch"), a dated fact's event, and the yearly dates.
OTHER_ORDER: dict[str, int] = {"touch": 4, "event": 5, "birthday": 6, "anniversary": 6}
OTHER_LABEL: dict[str, str] = {
    "touch": "stay in touch",
    "event": "event",
    "birthday": "birthday",
    "anniversary": "anniversary",
}


def order(kind: str) -> int:
    """Where a timeline row of this kind goes among the rows of one day."""
    if kind in KINDS:
        return KINDS[kind].order
    return OTHER_ORDER.get(kind, KINDS[DEFAULT_KIND].order)


def label(kind: str) -> str:
    """The words a person reads for a follow-up kind (or another timeline row)."""
    if kind in KINDS:
        return KINDS[kind].label
    return OTHER_LABEL.get(kind, kind)


def ics_text(kind: str) -> str:
    return KINDS[kind].ics if kind in KINDS else kind


def choices() -> str:
    """ "callback (call them back), promise (something we owe them), …" for messages."""
    return ", ".join(f"{name} ({k.hint})" for name, k in KINDS.items())


def parse_kind(text: str | None) -> str:
    """The stored word for `--kind TEXT` (the default is a callback)."""
    from custlog.errors import BadInput
    from custlog.render.words import quoted

    value = (text or DEFAULT_KIND).strip().lower()
    if value not in KINDS:
        raise BadInput(f"unknown kind {quoted(text or '')}: use one of {choices()}")
    return value


def split_spoken_kind(text: str) -> tuple[str | None, str]:
    """A follow-up's text as spoken in a note: `promise: Send the estimate` is a promise.

    Only a word that is exactly a kind counts; any other word before a colon stays part of
    the text (`Re: the roof rack` is a callback about "Re: the roof rack").
    """
    head, colon, rest = text.partition(":")
    word = head.strip().lower()
    if colon and word in KINDS and rest.strip():
        return word, rest.strip()
    return None, text
