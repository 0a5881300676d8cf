"""The screens: `brief`, `due`, `list`, `log` and `search`, for a terminal or a pipe.

Each function turns the domain's plain data into parts from `render.output` (lines, labelled
rows, a header box, a table); the `Output` decides whether they become colour and panels or
plain lines. Every phrase a person reads is made here: "4 days overdue (due Fri 20 Nov)",
"learned 8 months ago", "no contact in 54 days; every 2 weeks".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from custlog.domain import concerns, kinds
from custlog.errors import BadInput
from custlog.models import record_id
from custlog.parsing import dates
from custlog.parsing.money import DEFAULT_CURRENCY, format_money
from custlog.render.output import Blank, Box, Grid, Line, Output, Para, Part, Row, Rows
from custlog.render.words import MONTH_ABBR, first_line, plural, quoted, relative_day, short_date

if TYPE_CHECKING:
    from custlog.domain.agenda import (
        Agenda,
        DueFollowup,
        DueRow,
        EventQuestion,
        GoingCold,
        OpenConcern,
    )
    from custlog.domain.briefing import Brief, FactView
    from custlog.domain.cadence import Cadence
    from custlog.domain.questions import Question, YearlyView
    from custlog.domain.timeline import Entry, Timeline
    from custlog.models import Customer, CustomerRow, Fact, Followup, Note, Offer, SearchHit

VIA_LABEL = {"call": "by phone", "visit": "in person", "email": "by email", "text": "by text"}
# Personal topics first, in the order a person asks about them; any other topic follows,
# alphabetically.
TOPIC_ORDER = ("family", "work", "vacation", "hobbies", "health", "preferences")
YEARLY = ("birthday", "anniversary")
UPCOMING_DAYS = 30  # a birthday or anniversary this close goes in the brief's card
WORK_SHOWN = 10

COLD_STATE = {"due": "time to get in touch", "overdue": "going cold, well past"}

OVERDUE = "bold red"
TODAY = "bold yellow"
HEADING = "bold cyan"
DIM = "dim"


# -- phrases ---------------------------------------------------------------------------------


def money(amount: float, currency: str = DEFAULT_CURRENCY) -> str:
    """An amount in the log's currency (the one formatter: `parsing.money.format_money`)."""
    return format_money(amount, currency)


def offers_phrase(declined: list[Offer], on: date) -> str:
    """ "offered 3 times, last declined Tue 12 Jan: money this month" """
    if not declined:
        return ""
    last = declined[-1]
    times = "once" if len(declined) == 1 else f"{len(declined)} times"
    word = "declined" if len(declined) == 1 else "last declined"
    text = f"offered {times}, {word} {short_date(last.on, on)}"
    return f"{text}: {last.reason}" if last.reason else text


def appointment_phrase(f: Followup) -> str:
    """ "9:30" or "7:00–9:00" for an appointment, else ""."""
    found = f.appointment
    return found.describe() if found else ""


def day_phrase(day: date, on: date) -> str:
    """ "today", "tomorrow", "yesterday", or "Fri 27 Nov (in 3 days)"."""
    rel = relative_day(day, on)
    if rel in ("today", "tomorrow", "yesterday"):
        return rel
    return f"{short_date(day, on)} ({rel})"


def day_and_distance(day: date, on: date, today: date | None = None) -> str:
    """ "Sat 21 Nov, 3 days ago", "Fri 27 Nov, in 3 days" (to sit inside parentheses). `on`:
    the day the screen is for; `today` (when it differs, as in `due --on`): the real today,
    which decides whether the year shows."""
    return f"{short_date(day, today or on)}, {relative_day(day, on)}"


def due_when(due: date, on: date) -> tuple[str, str]:
    """How a due date reads, and its style: "4 days overdue (due Fri 20 Nov)", "due today",
    "due tomorrow (Wed 25 Nov)", "due Fri 27 Nov (in 3 days)"."""
    late = (on - due).days
    if late > 0:
        return f"{plural(late, 'day')} overdue (due {short_date(due, on)})", OVERDUE
    if late == 0:
        return "due today", TODAY
    if late == -1:
        return f"due tomorrow ({short_date(due, on)})", ""
    return f"due {day_phrase(due, on)}", ""


def every_phrase(period: str | None) -> str:
    return dates.parse_period(period).describe() if period else ""


def yearly_phrase(y: YearlyView, today: date) -> str:
    """ "birthday in 4 days (Sat 28 Nov), turns 44", "anniversary today, 25 years"."""
    if y.in_days == 0:
        when = "today"
    elif y.in_days == 1:
        when = f"tomorrow ({short_date(y.date, today)})"
    else:
        when = f"in {plural(y.in_days, 'day')} ({short_date(y.date, today)})"
    years = ""
    if y.years is not None:
        years = f", turns {y.years}" if y.topic == "birthday" else f", {plural(y.years, 'year')}"
    return f"{y.topic} {when}{years}"


def never_contacted(cad: Cadence) -> str:
    """ "no contact yet, a customer for 12 days" ("… since today": never "in 0 days")."""
    if cad.days_since == 0:
        return "no contact yet, a customer since today"
    return f"no contact yet, a customer for {plural(cad.days_since, 'day')}"


def yearly_fact_phrase(topic: str, text: str, on: date) -> str | None:
    """A stored birthday or anniversary as a person reads it: "birthday 14 Feb",
    "anniversary 25 Jan 2002 (24 years)", "birthday 28 Nov 1982 (age 43)". None when the
    text is not a yearly date."""
    try:
        y = dates.parse_yearly(text)
    except (BadInput, ValueError):
        return None
    day = f"{y.day} {MONTH_ABBR[y.month]}"
    if y.year is None:
        return f"{topic} {day}"
    from dateutil.relativedelta import relativedelta  # here: `due` never needs it

    completed = relativedelta(on, date(y.year, y.month, y.day)).years
    if completed < 0:
        return f"{topic} {day} {y.year}"
    years = f"age {completed}" if topic == "birthday" else plural(completed, "year")
    return f"{topic} {day} {y.year} ({years})"


def cold_phrase(cad: Cadence) -> str:
    """ "no contact in 54 days; every 2 weeks"."""
    if cad.last_contact is not None:
        gap = f"no contact in {plural(cad.days_since, 'day')}"
    else:
        gap = never_contacted(cad)
    source = f" (tag {cad.source[4:]})" if cad.source.startswith("tag:") else ""
    return f"{gap}; {cad.describe()}{source}"


def _section(parts: list[Part], title: str, rows: list[Row], style: str = HEADING) -> None:
    """A heading and its rows; an empty section is left out."""
    if not rows:
        return
    parts += [Blank(), Para(Line(title, style)), Rows(rows)]


# -- brief -----------------------------------------------------------------------------------


CARD_LINES = 8  # the brief's card, at most
BRIEF_SHOWN = 3  # rows of a section in the default brief (`--full`: all)
# Facts the card shows on its "careful" line (after the open concerns), not under the facts:
# free-form topics of older logs and the example shop.
CAREFUL_TOPICS = ("concerns", "competitor")
# Topics a personal thread is picked from when there is no question to ask.
PERSONAL_TOPICS = ("family", "vacation", "hobbies", "work", "health")
NEAR_DAYS = 30  # a dated fact this close to today is the thread to pick up


class _Card:
    """The brief's card, and what it shows that the sections below leave out."""

    __slots__ = (
        "careful_ids",
        "grow",
        "lines",
        "offered_id",
        "thread_fact_id",
        "thread_question",
    )

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.grow: int | None = None  # the line that may wrap onto the card's spare lines
        self.thread_question: Question | None = None
        self.thread_fact_id: int | None = None
        self.careful_ids: set[int] = set()
        self.offered_id: int | None = None


def brief(out: Output, b: Brief, *, full: bool = False) -> None:
    """A card (at most 8 lines), then the sections. By default each section is short (its
    first rows, one line each on a terminal); `full` shows every row whole. Nothing is
    printed twice: what the card shows is left out of the sections below it, and a work note
    shown under the work done is not repeated under the last notes."""
    c, on = b.customer, b.today
    card = _brief_card(b)
    parts: list[Part] = [Box(card.lines, fit=0 if full else CARD_LINES, grow=card.grow)]
    if b.is_empty:
        parts += _nothing_recorded(c)
        out.render(parts)
        return

    def section(
        title: str,
        rows: list[Row],
        style: str = HEADING,
        noun: str = "",
        tail: list[Row] | None = None,
        cut: bool = True,
    ) -> None:
        if cut and not full and len(rows) > BRIEF_SHOWN:
            more = plural(len(rows) - BRIEF_SHOWN, f"more {noun}")
            rows = [*rows[:BRIEF_SHOWN], Row(Line(), [Line(f"… and {more}: brief --full", DIM)])]
        rows = rows + (tail or []) if rows else []
        for row in rows:
            row.fit = not full
        _section(parts, title, rows, style)

    owed = [_followup_row(f, on, currency=b.currency) for f in b.promises]
    section("What we owe them", owed, OVERDUE if b.track.overdue else HEADING, "promise")
    questions = [q for q in b.questions if q is not card.thread_question]
    asked = {q.fact_id for q in questions if q.fact_id is not None}  # shown under "Ask them"
    section("What we know about them", _fact_rows(b, card, asked), noun="fact")
    section("Ask them", _question_rows(b, questions), noun="question")
    section("Referrals", _referral_rows(b))
    others = _other_rows(b.others + b.waiting, on, b.currency)
    section("Other follow-ups", others, noun="follow-up")
    deferred = _deferred_rows(b, [f for f in b.deferred if f.id != card.offered_id])
    section("Postponed work", deferred, noun="job", tail=_deferred_total(b))
    work = b.work_done if full else b.work_done[:BRIEF_SHOWN]
    section(
        "What we've done for them (last 12 months)",
        _work_rows(work, b.currency, on),
        "bold green",
        tail=_work_tail(b, len(work)),
    )
    shown_work = {n.id for n in work}
    notes = [n for n in b.notes if n.id not in shown_work]  # a work note is shown once
    title = "Last note" if len(b.notes) == 1 else f"Last {len(b.notes)} notes, newest first"
    if len(notes) < len(b.notes):
        above = len(b.notes) - len(notes)
        title += f" ({plural(above, 'work note')} above)" if notes else " (the work done above)"
    section(title, [_note_row(n, on) for n in notes], cut=False)  # --notes N says how many
    out.render(parts)


def _brief_card(b: Brief) -> _Card:
    """Who they are and what to keep in mind, in at most 8 lines: the name to use, how to
    reach them, how long since we spoke, the dates coming up, one personal thread to ask
    about, what we owe them, postponed work ready to offer again, what to be careful about."""
    c, on = b.customer, b.today
    card = _Card()
    name = Line(c.name, "bold")
    if c.called and c.called.casefold() != c.name.casefold():
        name.add(" — call them ").add(c.called, "bold")
    if c.since:
        name.add(f" · {_customer_for(c.since, on)}", DIM)
    if b.referred_by is not None:
        name.add(" · sent to you by ", DIM).add(b.referred_by.name, "bold")
    if b.aliases:  # the names merged into them
        name.add(" · also known as ", DIM).add(", ".join(b.aliases))
    card.lines.append(name)
    careful = _careful_line(b, card)  # open concerns stay at the top of the brief
    if careful:
        card.grow = len(card.lines)
        card.lines.append(careful)
    company = None if c.is_company else c.company  # its name is already the first line
    reach = Line(" · ".join(x for x in (company, c.phone, c.email) if x))
    if c.tags:
        reach.add(" · " if reach else "").add(", ".join(c.tags), "magenta")
    if reach:
        card.lines.append(reach)
    card.lines.append(_contact_line(b))
    near = [y for y in b.dates if y.in_days <= UPCOMING_DAYS]
    if near:
        dated = Line()
        for n, y in enumerate(near):
            dated.add(" · " if n else "").add(
                yearly_phrase(y, on), "bold green" if y.in_days <= 7 else "green"
            )
        card.lines.append(dated)
    thread = _thread(b, card)
    if thread:
        card.lines.append(thread)
    owed = _owed_line(b)
    if owed:
        card.lines.append(owed)
    offer = _offer_line(b, card)
    if offer:
        card.lines.append(offer)
    return card


def _customer_for(since: date, on: date) -> str:
    """ "customer for 5 years", "customer since today"."""
    rel = relative_day(since, on)
    return (
        f"customer for {rel[: -len(' ago')]}" if rel.endswith(" ago") else f"customer since {rel}"
    )


def _contact_line(b: Brief) -> Line:
    """ "last contact 6 days ago, by text · every 30 days: on track"."""
    on = b.today
    line = Line()
    last = b.last_contact
    if last is not None:
        how = VIA_LABEL.get(last.via, "")
        line.add("last contact ").add(relative_day(last.at.date(), on), "bold")
        line.add(f", {how}" if how else "")
    else:
        line.add("no contact logged yet", "yellow")
    cad = b.cadence
    if cad is not None:
        state, style = _cadence_state(cad)
        source = f" (tag {cad.source[4:]})" if cad.source.startswith("tag:") else ""
        line.add(f" · {cad.describe()}{source}: ").add(state, style)
    return line


def _thread(b: Brief, card: _Card) -> Line | None:
    """One personal thread to pick up: a question to ask, else a dated fact near today, else
    the newest personal fact still believed true."""
    on = b.today
    if b.questions:
        q = card.thread_question = b.questions[0]
        card.thread_fact_id = q.fact_id
        ref = f"#{q.followup_id}" if q.followup_id else f"F{q.fact_id}"
        text = q.text if q.text[:4].casefold() == "ask " else f"Ask: {q.text}"
        line = Line(f"{ref} ", "bold").add(text, "bold")
        if q.followup_id is None and q.since is not None:
            line.add(f" ({day_and_distance(q.since, on)})", "cyan")
        return line
    near = [
        v for v in b.facts if v.fact.when is not None and abs((v.fact.when - on).days) <= NEAR_DAYS
    ]
    near.sort(key=lambda v: abs((v.fact.when or on) - on))
    personal = sorted(
        (v for v in b.facts if v.fact.topic in PERSONAL_TOPICS and not v.stale),
        key=lambda v: v.age_days,
    )
    for found in (near, personal):
        if found:
            fact = found[0].fact
            card.thread_fact_id = fact.id
            line = Line("Ask about: ", "bold").add(fact.text)
            if fact.when is not None:
                line.add(f" ({day_and_distance(fact.when, on)})", "cyan")
            return line.add(f" ({fact.topic})", DIM)
    return None


def _owed_line(b: Brief) -> Line | None:
    """ "we owe them 2 promises, 1 overdue · kept 3 of 4 on time"."""
    promises, t = b.promises, b.track
    if not promises and not t.closed:
        return None
    line = Line("we owe them ", "bold")
    if promises:
        line.add(plural(len(promises), "promise"), "bold")
        if t.overdue:
            line.add(f", {t.overdue} overdue", OVERDUE)
    else:
        line.add("nothing now")
    if t.closed:
        style = "green" if t.kept == t.closed else "yellow"
        line.add(f" · kept {t.kept} of {plural(t.closed, 'promise')} on time", style)
    return line


def _offer_line(b: Brief, card: _Card) -> Line | None:
    """ "ready to offer again: #6 Rear brake pads ($480), offered twice · and 1 more"."""
    on = b.today
    ready = [f for f in b.deferred if f.due <= on]
    if not ready:
        return None
    first = ready[0]
    card.offered_id = first.id
    line = Line("ready to offer again: ", "bold").add(f"#{first.id} ", "bold")
    line.add(first_line(first.text))
    if first.estimate is not None:
        line.add(f" ({money(first.estimate, b.currency)})", "bold")
    declined = b.declined(first.id)
    if declined:
        line.add(f", {offers_phrase(declined, on)}", DIM)
    if len(ready) > 1:
        line.add(f" · and {len(ready) - 1} more below")
    return line


def _careful_line(b: Brief, card: _Card) -> Line | None:
    """ "Careful: Worried about the cost (concern F7, 41 days open) · Got a quote from
    QuickLube · 3 private facts not shown: brief --all": the open concerns first (oldest
    first), then the other facts to be careful about, then the private facts left out."""
    on = b.today
    others = [v.fact for topic in CAREFUL_TOPICS for v in b.facts if v.fact.topic == topic]
    card.careful_ids = {f.id for f in [*b.concerns, *others]}
    hidden = b.hidden_private
    if not b.concerns and not others and not hidden:
        return None
    late = any(concerns.overdue(f, on) for f in b.concerns)
    line = Line("Careful: ", OVERDUE if late else "bold yellow")
    items = [_concern_item(f, on) for f in b.concerns]
    items += [Line(f.text.strip().rstrip(".")) for f in others]
    if hidden:
        items.append(Line(f"{plural(hidden, 'private fact')} not shown: brief --all", DIM))
    for n, item in enumerate(items):
        line.add(" · " if n else "").extend(item)
    return line


def _concern_item(fact: Fact, on: date) -> Line:
    """ "Worried about the van's cost (concern F7, 41 days open)"."""
    days = concerns.days_open(fact, on)
    age = "opened today" if days == 0 else f"{plural(days, 'day')} open"
    return Line(fact.text.strip().rstrip(".")).add(f" (concern F{fact.id}, {age})", DIM)


def _cadence_state(cad: Cadence) -> tuple[str, str]:
    return {
        "ok": ("on track", "green"),
        "due": ("time to get in touch", "yellow"),
        "overdue": ("going cold", OVERDUE),
    }[cad.status]


def _nothing_recorded(c: Customer) -> list[Part]:
    who = quoted(c.name)
    hints = [
        ("after a call", f'custlog note {who} "what you talked about" --via call'),
        ("something personal", f'custlog fact {who} family "Daughter Emma plays soccer"'),
        ("a promise", f'custlog remind {who} friday "Send the estimate" --kind promise'),
        ("work they put off", f'custlog remind {who} 3m "Rear brakes" --kind deferred'),
    ]
    return [
        Blank(),
        Para(Line(f"Nothing recorded about {c.handle} yet. Start with:", HEADING)),
        Rows([Row(Line(label, DIM), [Line(command)]) for label, command in hints]),
    ]


def _followup_row(
    f: Followup, on: date, *, prefix: str = "", currency: str = DEFAULT_CURRENCY
) -> Row:
    # When first: on a terminal the row takes one line, and a long text is what gives way.
    when, style = due_when(f.due, on)
    body = Line(when[:1].upper() + when[1:], style)
    if f.appointment is not None:
        body.add(f", {appointment_phrase(f)}", "bold")
    if f.every:
        body.add(f", {every_phrase(f.every)}", DIM)
    body.add(": ").add(prefix, "italic").add(f.text)
    if f.estimate is not None:
        body.add(f" ({money(f.estimate, currency)})", "bold")
    label_style = OVERDUE if f.due < on else "bold"
    return Row(Line(f"#{f.id}", label_style), [body])


def _topic_key(topic: str) -> tuple[int, str]:
    return (TOPIC_ORDER.index(topic) if topic in TOPIC_ORDER else len(TOPIC_ORDER), topic)


def _fact_rows(b: Brief, card: _Card, asked: set[int]) -> list[Row]:
    """Facts by topic, without those shown elsewhere: on the card (the thread, the careful
    ones) or as a question to ask."""
    on = b.today
    shown = {card.thread_fact_id, *card.careful_ids, *asked}
    by_topic: dict[str, list[Row]] = {}
    for view in b.facts:
        if view.fact.id in shown:
            continue
        if view.fact.topic in YEARLY and _is_yearly(view.fact.text):
            continue  # shown with its next date below, or on the card when it is near
        by_topic.setdefault(view.fact.topic, []).append(Row(Line(), [_fact_line(view, on)]))
    for y in b.dates:
        if y.in_days > UPCOMING_DAYS:
            body = Line(f"next {short_date(y.date, on)} ")
            body.add(f"({relative_day(y.date, on)})", DIM)
            if y.years is not None:
                body.add(
                    f", turns {y.years}"
                    if y.topic == "birthday"
                    else f", {plural(y.years, 'year')}"
                )
            by_topic.setdefault(y.topic, []).append(Row(Line(), [body]))
    rows: list[Row] = []
    for topic in sorted(by_topic, key=_topic_key):
        group = by_topic[topic]
        group[0].label = Line(topic, "bold")
        rows += group
    return rows


def _is_yearly(text: str) -> bool:
    """Whether a birthday or anniversary fact reads as a date (a hand-edited one may not;
    the briefing then shows it as a plain fact)."""
    from custlog.errors import CustlogError

    try:
        dates.parse_yearly(text)
    except (CustlogError, ValueError):
        return False
    return True


def _fact_line(view: FactView, on: date) -> Line:
    fact = view.fact
    line = Line(fact.text)
    if fact.when is not None:
        line.add(f" ({day_and_distance(fact.when, on)})", "cyan")
    learned = relative_day(fact.learned, on)
    line.add(f" · learned {learned}", DIM)
    if fact.addressed is not None:
        line.add(f" · addressed {short_date(fact.addressed, on)}", "green")
    if fact.private:
        line.add(" · private", "magenta")
    if view.stale:
        line.add(" · check this is still true", "yellow")
    return line


def _referral_rows(b: Brief) -> list[Row]:
    """ "sent you 2 customers: Bob Ray (Tue 3 Nov), Zoë Ødegaard" (one line)."""
    if not b.referrals:
        return []
    on = b.today
    sent = ", ".join(
        f"{r.name} ({short_date(r.since, on)})" if r.since else r.name for r in b.referrals
    )
    line = Line(f"sent you {plural(len(b.referrals), 'customer')}: ", "green").add(sent)
    return [Row(Line(), [line])]


def _question_rows(b: Brief, questions: list[Question]) -> list[Row]:
    rows = []
    for q in questions:
        # `custlog done 3` closes an ask follow-up; `custlog done F7` answers a fact's question.
        ref = f"#{q.followup_id}" if q.followup_id else f"F{q.fact_id}" if q.fact_id else "?"
        label = Line(ref, "bold")
        body = Line(q.text)
        if q.followup_id is None and q.since is not None:
            body.add(f" ({day_and_distance(q.since, b.today)})", DIM)
        rows.append(Row(label, [body]))
    return rows


def _other_rows(followups: list[Followup], on: date, currency: str) -> list[Row]:
    rows = []
    for f in sorted(followups, key=lambda f: (f.due, f.id)):
        prefix = "they owe us: " if f.kind == "waiting" else ""
        rows.append(_followup_row(f, on, prefix=prefix, currency=currency))
    return rows


def _deferred_rows(b: Brief, deferred: list[Followup]) -> list[Row]:
    on = b.today
    rows = []
    for f in deferred:
        if f.due <= on:
            when, style = due_when(f.due, on)
            body = Line("Offer again now, ").add(when, style)
        else:
            body = Line(f"Offer again {day_phrase(f.due, on)}")
        body.add(": ").add(f.text)
        if f.estimate is not None:
            body.add(" — ").add(money(f.estimate, b.currency), "bold")
        declined = b.declined(f.id)
        if declined:
            style = "bold yellow" if len(declined) > 1 else DIM
            body.add(" — ").add(offers_phrase(declined, on), style)
        rows.append(Row(Line(f"#{f.id}", "bold"), [body]))
    return rows


def _deferred_total(b: Brief) -> list[Row]:
    """ "$480 of postponed work (1 job without an estimate)", under the postponed work."""
    if not b.deferred:
        return []
    total = Line(f"{money(b.deferred_total, b.currency)} of postponed work", "bold")
    missing = sum(1 for f in b.deferred if f.estimate is None)
    if missing:
        total.add(f" ({plural(missing, 'job')} without an estimate)", DIM)
    return [Row(Line(), [total])]


def _work_rows(notes: list[Note], currency: str, on: date) -> list[Row]:
    rows = []
    for n in notes:
        body = Line(first_line(n.text))
        if n.amount is not None:
            body.add(" — ").add(money(n.amount, currency), "bold")
        rows.append(Row(Line(short_date(n.at.date(), on), "green"), [body]))
    return rows


def _work_tail(b: Brief, shown: int) -> list[Row]:
    """Under the work done: how many more ("custlog log" shows them), and what it came to."""
    rows = []
    if len(b.work_done) > shown:
        more = plural(len(b.work_done) - shown, "more work note")
        rows.append(Row(Line(), [Line(f"… and {more}: brief --full", DIM)]))
    if b.work_total:
        line = Line(f"{money(b.work_total, b.currency)} of work in the last 12 months", "bold")
        rows.append(Row(Line(), [line]))
    return rows


def _note_row(n: Note, on: date) -> Row:
    how = VIA_LABEL.get(n.via)
    head = relative_day(n.at.date(), on) + (f", {how}" if how else "") + ": "
    return Row(
        Line(short_date(n.at.date(), on), "bold"),
        [Line(head, DIM).add(n.text.strip())],
    )


# -- due -------------------------------------------------------------------------------------

# Each section's heading, and what its count says in the summary line and the "… and N more"
# line: the count is of rows, one per customer.
DUE_SECTIONS = {
    "late": ("Promises we're late on", "with late promises", OVERDUE),
    "todo": ("Calls and work due: overdue, then today", "with calls or work due", TODAY),
    "waiting": ("Waiting on them: what they owe us", "owing us", HEADING),
    "soon": ("", "with something in the next days", HEADING),  # titled by `_soon_title`
    "touch": ("People to get back in touch with", "to get back in touch with", "yellow"),
    "dates": (
        "Birthdays, anniversaries, questions and concerns",
        "with dates, questions or concerns",
        "bold magenta",
    ),
}
# The sections whose rows carry the customer's phone number (or email): calls to make.
CALL_SECTIONS = ("late", "todo", "waiting", "touch", "dates")
# Sections whose heading names the kind of every row in it: the rows do not repeat it.
KIND_IN_HEADING = {"late": "promise", "waiting": "waiting"}


def count(n: int) -> str:
    return f"{n:,}"


def due(out: Output, a: Agenda) -> None:
    on = a.on
    if a.is_empty:
        ahead = {0: "", 1: " or tomorrow"}.get(a.days, f" or in the {a.days} days after")
        out.render(
            [
                Para(
                    Line(
                        f"Nothing due on {short_date(on, a.today)}{ahead}, and nobody to get "
                        "back in touch with: a good day to call someone you haven't heard from."
                    )
                )
            ]
        )
        return
    parts: list[Part] = [Para(_due_title(a))]
    for section in a.sections:
        title, phrase, style = DUE_SECTIONS[section.key]
        if section.key == "soon":
            title, phrase = _soon_title(a), _soon_phrase(a)
        rows = [
            _due_row(section.key, r, on, a.today, fit=not a.everything, currency=a.currency)
            for r in section.rows
        ]
        if section.more:
            more = f"… and {count(section.more)} more {phrase}: custlog due --all"
            rows.append(Row(Line(), [Line(more, DIM)]))
        _section(parts, title, rows, style)
    parts += [Blank(), Para(Line(_due_summary(a), "bold"))]
    out.render(parts)


def _due_title(a: Agenda) -> Line:
    on = a.on
    title = Line(f"Due {short_date(on, a.today)}", "bold")
    if a.days == 1:
        title.add(" and tomorrow", "bold")
    elif a.days > 1:
        end = on + timedelta(days=a.days)
        title.add(f" and the next {a.days} days, to {short_date(end, a.today)}", "bold")
    return title


def _soon_title(a: Agenda) -> str:
    if a.days == 1:
        return "Tomorrow"
    return f"Next {plural(a.days, 'day')}, to {short_date(a.on + timedelta(days=a.days), a.today)}"


def _soon_phrase(a: Agenda) -> str:
    return (
        "with something due tomorrow"
        if a.days == 1
        else f"with something in the next {plural(a.days, 'day')}"
    )


def _who(c: Customer, contact: bool) -> Line:
    line = Line(c.name, "bold")
    reach = c.phone or c.email
    if contact and reach:
        line.add(f", {reach}")
    return line


def _due_row(key: str, r: DueRow, on: date, today: date, *, fit: bool, currency: str) -> Row:
    head = _who(r.customer, key in CALL_SECTIONS).add(" — ")
    reasons = [
        _due_reason(d, on, today, key, with_id=n > 0, currency=currency)
        for n, d in enumerate(r.followups)
    ]
    if r.cold is not None:
        reasons.append(_cold_reason(r.cold))
    # A birthday or anniversary leads its row (the row is ranked by it), then the questions.
    dated = [Line(yearly_phrase(y, today), "bold green") for y in r.dates]
    dated += [_event_reason(q, on, today) for q in r.questions]
    if r.followups:
        first = r.followups[0].followup
        label = Line(f"#{first.id}", OVERDUE if first.due < on else "bold")
    elif r.cold is not None:
        label = Line(r.customer.ref, "bold")
    elif r.questions:
        label = Line(record_id("fact", r.questions[0].fact.id), "bold")
    elif r.concerns:
        label = Line(record_id("fact", r.concerns[0].fact.id), "bold")
    else:
        label = Line()
    # A concern says its id unless the row's label is that id (`done F7 --note` closes it).
    dated += [
        _concern_reason(c, with_id=label.plain != record_id("fact", c.fact.id)) for c in r.concerns
    ]
    reasons = dated + reasons
    for n, reason in enumerate(reasons):
        if n:
            head.add("; ")
        head.extend(reason)
    return Row(label, [head], fit=fit)


def short_due(due: date, on: date, today: date) -> tuple[str, str]:
    """How a due date reads on the morning list of `on`, and its style: "4 days overdue",
    "due today", "due tomorrow", "due Fri 27 Nov" (the brief says more: `due_when`)."""
    late = (on - due).days
    if late > 0:
        return f"{plural(late, 'day')} overdue", OVERDUE
    if late == 0:
        return "due today", TODAY
    return ("due tomorrow" if late == -1 else f"due {short_date(due, today)}"), ""


def _due_reason(
    d: DueFollowup,
    on: date,
    today: date,
    section: str,
    *,
    with_id: bool,
    currency: str = DEFAULT_CURRENCY,
) -> Line:
    f = d.followup
    when, style = short_due(f.due, on, today)
    line = Line(f"#{f.id} ", "bold") if with_id else Line()
    why = "" if KIND_IN_HEADING.get(section) == f.kind else kinds.label(f.kind)
    if f.estimate is not None:
        price = money(f.estimate, currency)
        why += f" ({price})" if why else price
    line.add(f"{why}, {when}" if why else when, style or "cyan")
    if f.appointment is not None:
        line.add(f" at {f.appointment.describe()}", style or "cyan")
    if f.every:
        line.add(f", {every_phrase(f.every)}", DIM)
    return line.add(": ").add(f.text.strip())


def _cold_reason(g: GoingCold) -> Line:
    cad = g.cadence
    # Past the period: time to get in touch; past 1.5x: going cold. Said in words, so that
    # piped output keeps the difference colour shows on a terminal.
    state = "going cold" if cad.status == "overdue" else "time to get in touch"
    style = OVERDUE if cad.status == "overdue" else "yellow"
    return Line(f"{state}: {cold_phrase(cad)}", style)


def _event_reason(q: EventQuestion, on: date, today: date) -> Line:
    assert q.fact.when is not None
    text = q.fact.text.rstrip(".!")
    return Line(
        f"ask how it went: {text} ({q.fact.topic}, {day_and_distance(q.fact.when, on, today)})",
        "magenta",
    )


def _concern_reason(c: OpenConcern, *, with_id: bool) -> Line:
    text = c.fact.text.rstrip(".!")
    ref = f" F{c.fact.id}," if with_id else ""
    return Line(f"concern{ref} open {plural(c.days_open, 'day')}: ", "yellow").add(text)


def _due_summary(a: Agenda) -> str:
    """The rows of each section shown, counted: "2 customers with late promises · 4 with
    calls or work due · …" (the first names the unit)."""
    parts: list[str] = []
    for section in a.sections:
        if not section.total:
            continue
        phrase = _soon_phrase(a) if section.key == "soon" else DUE_SECTIONS[section.key][1]
        unit = "" if parts else (" customer" if section.total == 1 else " customers")
        parts.append(f"{count(section.total)}{unit} {phrase}")
    return " · ".join(parts)


# -- list, log, search -----------------------------------------------------------------------


def _contact_cell(at: datetime | None, on: date, dates_too: bool = True) -> Line:
    if at is None:
        return Line("never", "yellow")
    line = Line(relative_day(at.date(), on))
    return line.add(", ").add(short_date(at.date(), on), DIM) if dates_too else line


def _next_cell(day: date | None, on: date, dates_too: bool = True) -> Line:
    if day is None:
        return Line()
    late = (on - day).days
    if late > 0:
        line = Line(f"{plural(late, 'day')} overdue", OVERDUE)
    elif late == 0:
        line = Line("today", TODAY)
    else:
        line = Line(relative_day(day, on))
    return line.add(", ").add(short_date(day, on), DIM) if dates_too else line


LIST_ONE_LINE_FROM = 100  # columns: narrower terminals get two lines a customer


def customer_list(
    out: Output, rows: list[CustomerRow], today: date, tag: str | None = None
) -> None:
    """Piped: a table, one customer a line, every column. On a terminal of 100 columns or
    more: one customer a line, with as many columns as fit (the dates, then the tags, give
    way first); narrower: two lines a customer, wrapped at words."""
    if not rows:
        message = (
            f"No customer is tagged {tag} (custlog list shows every tag)"
            if tag
            else 'No customers yet: custlog add "Ann Lee" --called Annie'
        )
        out.render([Para(Line(message))])
        return
    if out.plain:
        out.render([_list_grid(rows, today, dates_too=True, tags=True)])
        return
    width = out.width
    if width < LIST_ONE_LINE_FROM:
        out.render([Rows([_list_row(r, today) for r in rows], indent=0)])
        return
    for dates_too, tags in ((True, True), (False, True), (False, False)):
        grid = _list_grid(rows, today, dates_too=dates_too, tags=tags)
        if grid.plain_width() <= width:
            break
    out.render([grid])


def _list_name(c: Customer) -> Line:
    name = Line(c.name, "bold")
    if c.called and c.called.casefold() != c.name.casefold():
        name.add(f" ({c.called})")
    return name


def _list_grid(rows: list[CustomerRow], today: date, *, dates_too: bool, tags: bool) -> Grid:
    headers = ["id", "name", "company", "tags", "last contact", "next follow-up"]
    grid = Grid(headers if tags else [h for h in headers if h != "tags"])
    for r in rows:
        c = r.customer
        cells = [
            Line(f"#{c.id}", DIM),
            _list_name(c),
            Line(c.company or ""),
            Line(", ".join(c.tags), "magenta"),
            _contact_cell(r.last_contact, today, dates_too),
            _next_cell(r.next_followup, today, dates_too),
        ]
        grid.rows.append(cells if tags else cells[:3] + cells[4:])
    return grid


def _list_row(r: CustomerRow, today: date) -> Row:
    c = r.customer
    head = _list_name(c)
    for extra, style in ((c.company, ""), (", ".join(c.tags), "magenta")):
        if extra:
            head.add(" · ").add(extra, style)
    when = Line("last contact ", DIM).extend(_contact_cell(r.last_contact, today, True))
    if r.next_followup is not None:
        when.add(" · next follow-up ", DIM).extend(_next_cell(r.next_followup, today, True))
    return Row(Line(f"#{c.id}", DIM), [head, when])


def timeline(out: Output, customer: Customer, story: Timeline, today: date) -> None:
    entries = story.entries
    hidden: list[Part] = []
    if story.hidden_private:
        note = f"{plural(story.hidden_private, 'private fact')} not shown: log --all shows them"
        hidden = [Para(Line(note, DIM))]
    if not entries:
        out.render([Para(Line(f"Nothing recorded for {customer.name} yet.")), *hidden])
        return
    title = f"{customer.name}: {plural(len(entries), 'entry')}, newest first"
    rows = [_entry_row(e, today) for e in entries]
    out.render([Para(Line(title, "bold")), Rows(rows, indent=0), *hidden])


def _entry_row(e: Entry, on: date) -> Row:
    """ "Fri 20 Nov  4 days overdue · promise #2, open: Text Annie the photos…"."""
    day = e.at.date()
    head = Line(f"{relative_day(day, on)} · ", DIM)
    if e.type == "note":
        how = VIA_LABEL.get(e.detail["via"], e.detail["via"])
        head.add(f"note {record_id('note', e.id)}, {how}", "cyan")
        if e.detail.get("work"):
            head.add(", work done", "green")
    elif e.type == "fact":
        topic = e.detail["topic"]
        yearly = yearly_fact_phrase(topic, e.text, on) if topic in YEARLY else None
        fact = f"fact {record_id('fact', e.id)}"
        head.add(fact if yearly else f"{fact}, {topic}", "green")
        if e.detail.get("private"):
            head.add(", private", "magenta")
        if e.detail.get("open"):
            head.add(", open", "yellow")
        addressed = e.detail.get("addressed")
        if addressed:
            head.add(f", addressed {short_date(date.fromisoformat(addressed), on)}", "green")
            how = e.detail.get("addressed_how")
            if how:
                return Row(
                    Line(short_date(day, on), "bold"),
                    [head, Line(e.text.strip()).add(f" (how: {how.strip()})", "green")],
                )
        if yearly:
            return Row(Line(short_date(day, on), "bold"), [head, Line(yearly)])
    else:
        kind = kinds.label(e.detail["kind"])
        if e.detail["done"]:
            head.add(f"{kind} #{e.id}, done", "magenta")
        elif day < on:
            head = Line(f"{plural((on - day).days, 'day')} overdue · ", OVERDUE)
            head.add(f"{kind} #{e.id}, open", "magenta")
        else:
            head.add(f"{kind} #{e.id}, open", "magenta")
    return Row(Line(short_date(day, on), "bold"), [head, Line(e.text.strip())])


SOURCE_LABEL = {"note": "note", "fact": "fact", "followup": "follow-up", "customer": "customer"}


def search_results(
    out: Output, query: str, hits: list[SearchHit], today: date | None = None
) -> None:
    """Hits best first; the matching words are highlighted on a terminal. Without `today`
    the dates are ISO."""
    if not hits:
        out.render([Para(Line(f"Nothing found for {quoted(query)}."))])
        return
    rows = []
    for h in hits:
        ref = record_id(h.source, h.id) if h.source in ("note", "fact") else f"#{h.id}"
        head = Line(h.customer, "bold").add(f" · {SOURCE_LABEL.get(h.source, h.source)} {ref}")
        if h.private:
            head.add(" · private", "magenta")
        if not h.at:
            label = ""
        else:  # a customer's date is the day they became one: no "3 years ago" for them
            day = date.fromisoformat(h.at[:10])
            label = short_date(day, today) if today is not None else day.isoformat()
            if today is not None and h.source != "customer":
                head.add(f" · {relative_day(day, today)}", DIM)
        rows.append(Row(Line(label, "bold"), [head, _marked(h.snippet)]))
    title = f"{plural(len(hits), 'match')} for {quoted(query)}"
    out.render([Para(Line(title, "bold")), Rows(rows, indent=0)])


def _marked(snippet: str) -> Line:
    """The store marks matching words with \\x02 … \\x03; they become a highlight."""
    line = Line()
    rest = snippet
    while "\x02" in rest:
        before, after = rest.split("\x02", 1)
        word, _, rest = after.partition("\x03")
        line.add(before).add(word, "bold black on yellow")
    return line.add(rest.replace("\x03", ""))
