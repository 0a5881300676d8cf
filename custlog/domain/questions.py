"""Dates that come back and questions to ask: a birthday's next occurrence, a dated fact whose
event has passed, a check-in after work. The rules `brief`, `due` and `plan` share (kept apart
from the briefing so that `due` loads only these)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from custlog.models import Customer, Fact, Followup, Note
from custlog.parsing import dates

# How long after a dated fact's event we ask how it went (in `brief`, `due` and `plan`).
QUESTION_FOR_DAYS = 30


class YearlyView(NamedTuple):
    customer: Customer
    topic: str
    date: date  # the next occurrence
    in_days: int
    years: int | None  # the age or number of years turned on that day, when known


class Question(NamedTuple):
    """A question to ask: an `ask` follow-up, or a dated fact whose event has passed."""

    text: str
    followup_id: int | None = None
    fact_id: int | None = None
    since: date | None = None


def yearly_view(customer: Customer, fact: Fact, on: date) -> YearlyView | None:
    try:
        yearly = dates.parse_yearly(fact.text)
    except Exception:  # a hand-edited value: show it as a plain fact instead
        return None
    when = yearly.next_occurrence(on)
    return YearlyView(customer, fact.topic, when, (when - on).days, yearly.age_on(on))


def answered(fact: Fact, last_note: Note | None) -> bool:
    """A question about an event is answered once we have talked after it."""
    return last_note is not None and fact.when is not None and last_note.at.date() > fact.when


CHECK_IN_PREFIX = "Check in: "


def is_check_in(followup: Followup) -> bool:
    """A check-in after work (`note --did --check-in`): an `ask` whose `created` is the day
    of the work."""
    return followup.kind == "ask" and followup.text.startswith(CHECK_IN_PREFIX)


def check_in_answered(followup: Followup, last_note: Note | None) -> bool:
    """A check-in is answered, as a dated fact's question is, once we have talked after the
    day of the work."""
    return (
        is_check_in(followup)
        and followup.created is not None
        and last_note is not None
        and last_note.at.date() > followup.created
    )


def dated_fact_questions(facts: list[Fact], last_note: Note | None, on: date) -> list[Question]:
    """A fact about an event that has passed turns into a question until we talk again."""
    questions = []
    for fact in facts:
        if fact.when is None or fact.when >= on:
            continue
        if (on - fact.when).days > QUESTION_FOR_DAYS:
            continue
        if answered(fact, last_note):
            continue
        questions.append(Question(question_text(fact), fact_id=fact.id, since=fact.when))
    return questions


def question_text(fact: Fact) -> str:
    """The question a dated fact turns into, whatever its text: "Ask about: Knee surgery
    scheduled, out for 6 weeks" (the screens add the date)."""
    return f"Ask about: {fact.text.strip()}"


def asked_text(fact: Fact) -> str:
    """The note `done F7` logs when no --note is given."""
    return f"Asked about: {fact.text.strip()}"
