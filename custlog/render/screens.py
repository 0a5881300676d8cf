"""The screens: `brief`, `due`, `list`, `log` and `search`, for a terminal or a pipe.

Each function turns the domain's plain data into parts from `render.output` (lines, labelled
rows, a header box, a table); the `Output` decides whether they become colour and panels or
plain lines. Every phrase a person reads is made here: "4 days overdue (due Fri 20 Nov)",
"learned 8 months ago", "no contact in 54 days; every 2 weeks".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from custlog.domain import concerns, kinds
from custlog.errors import BadInput
from custlog.models import record_id
from custlog.parsing import dates
from custlog.parsing.money import DEFAULT_CURRENCY, format_money
from custlog.render.output import Blank, Box, Grid, Line, Output, Para, Part, Row, Rows
from custlog.render.words import first_line, plural, quoted

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

    from custlog.domain.agenda import (
        Agenda,
        DueFollowup,
        DueRow,
        EventQuestion,
        GoingCold,
        OpenConcern,
    )
    from custlog.domain.briefing import Brief, FactView, YearlyView
    from custlog.domain.cadence import Cadence
    from custlog.domain.timeline import Entry, Timeline
    from custlog.models import Customer, CustomerRow, Fact, Followup, Note, Offer, SearchHit

VIA_LABEL = {"call": "by phone", "visit": "in person", "email": "by email", "text": "by text"}
# Personal topics first, in the order a person asks about them; any other topic follows,
# alphabetically.
TOPIC_ORDER = ("family", "work", "vacation", "hobbies", "health", "preferences")
YEARLY = ("birthday", "anniversary")
UPCOMING_DAYS = 30  # a birthday or anniversary this close goes in the brief's header
WORK_SHOWN = 10
EXACT_DAYS_UP_TO = 60  # "54 days ago" up to here, then "3 months ago"

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
    text = f"offered {times}, {word} {dates.short_date(last.on, on)}"
    return f"{text}: {last.reason}" if last.reason else text


def appointment_phrase(f: Followup) -> str:
    """ "9:30" or "7:00–9:00" for an appointment, else ""."""
    found = f.appointment
    return found.describe() if found else ""


def days_ago(day: date, on: date) -> str:
    """ "today", "yesterday", "14 days ago" (exact up to two months), then "3 months ago"."""
    n = (on - day).days
    if 1 < n <= EXACT_DAYS_UP_TO:
        return f"{n} days ago"
    return dates.relative_day(day, on)


def distance(day: date, on: date) -> str:
    """ "in 7 days", "10 days ago" (exact for two weeks either way), then "in 3 weeks"."""
    n = (day - on).days
    if 1 < abs(n) < 14:
        return f"in {n} days" if n > 0 else f"{-n} days ago"
    return dates.relative_day(day, on)


def day_phrase(day: date, on: date) -> str:
    """ "today", "tomorrow", "yesterday", or "Fri 27 Nov (in 3 days)"."""
    rel = distance(day, on)
    if rel in ("today", "tomorrow", "yesterday"):
        return rel
    return f"{dates.short_date(day, on)} ({rel})"


def day_and_distance(day: date, on: date) -> str:
    """ "Sat 21 Nov, 3 days ago", "Fri 27 Nov, in 3 days" (to sit inside parentheses)."""
    return f"{dates.short_date(day, on)}, {distance(day, on)}"


def due_when(due: date, on: date) -> tuple[str, str]:
    """How a due date reads, and its style: "4 days overdue (due Fri 20 Nov)", "due today",
    "due tomorrow (Wed 25 Nov)", "due Fri 27 Nov (in 3 days)"."""
    late = (on - due).days
    if late > 0:
        return f"{plural(late, 'day')} overdue (due {dates.short_date(due, on)})", OVERDUE
    if late == 0:
        return "due today", TODAY
    if late == -1:
        return f"due tomorrow ({dates.short_date(due, on)})", ""
    return f"due {day_phrase(due, on)}", ""


def every_phrase(period: str | None) -> str:
    return dates.parse_period(period).describe() if period else ""


def yearly_phrase(y: YearlyView, on: date) -> str:
    """ "birthday in 4 days (Sat 28 Nov), turns 44", "anniversary today, 25 years"."""
    if y.in_days == 0:
        when = "today"
    elif y.in_days == 1:
        when = f"tomorrow ({dates.short_date(y.date, on)})"
    else:
        when = f"in {plural(y.in_days, 'day')} ({dates.short_date(y.date, on)})"
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
    day = f"{y.day} {dates.MONTH_ABBR[y.month]}"
    if y.year is None:
        return f"{topic} {day}"
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


def brief(out: Output, b: Brief) -> None:
    c, on = b.customer, b.today
    parts: list[Part] = [Box(_brief_header(b))]
    if b.is_empty:
        parts += _nothing_recorded(c)
        out.render(parts)
        return
    owed = [_followup_row(f, on, currency=b.currency) for f in b.promises]
    _section(parts, "What we owe them", owed, OVERDUE if b.track.overdue else HEADING)
    _section(parts, "What we know about them", _fact_rows(b))
    _section(parts, "Ask them", _question_rows(b))
    _section(parts, "Other follow-ups", _other_rows(b.others + b.waiting, on))
    _section(parts, "Postponed work", _deferred_rows(b))
    _section(
        parts,
        "What we've done for them (last 12 months)",
        _work_rows(b.work_done, c, on, b.currency),
        "bold green",
    )
    title = "Last note" if len(b.notes) == 1 else f"Last {len(b.notes)} notes, newest first"
    _section(parts, title, [_note_row(n, on) for n in b.notes])
    out.render(parts)


def _brief_header(b: Brief) -> list[Line]:
    c, on = b.customer, b.today
    name = Line(c.name, "bold")
    if c.called and c.called.casefold() != c.name.casefold():
        name.add(" — call them ").add(c.called, "bold")
    lines = [name]
    lines += [_concern_line(f, on) for f in b.concerns]  # open concerns lead the card
    company = None if c.is_company else c.company  # its name is already the first line
    contact = [x for x in (company, c.phone, c.email) if x]
    if contact:
        lines.append(Line(" · ".join(contact)))
    if c.tags:
        lines.append(Line("tags: ").add(", ".join(c.tags), "magenta"))
    if c.since:
        lines.append(
            Line(f"customer since {dates.short_date(c.since, on)}")
            .add(" (")
            .add(dates.relative_day(c.since, on).removesuffix(" ago"))
            .add(")")
        )
    if b.referred_by is not None:
        lines.append(Line("sent to you by ").add(b.referred_by.name, "bold"))
    if b.referrals:
        sent = ", ".join(
            f"{r.name} ({dates.short_date(r.since, on)})" if r.since else r.name
            for r in b.referrals
        )
        lines.append(Line(f"sent you {plural(len(b.referrals), 'customer')}: ", "green").add(sent))
    last = b.last_contact
    if last is not None:
        how = VIA_LABEL.get(last.via, "")
        lines.append(
            Line("last contact ")
            .add(days_ago(last.at.date(), on), "bold")
            .add(f", {how}" if how else "")
            .add(f" ({dates.short_date(last.at.date(), on)})")
        )
    else:
        lines.append(Line("no contact logged yet", "yellow"))
    if b.cadence is not None:
        lines.append(_cadence_line(b.cadence))
    t = b.track
    if t.closed:
        record = f"promises: {t.kept} kept on time, {t.late} late, {t.open} open"
        if t.overdue:
            record += f" ({t.overdue} overdue)"
        lines.append(Line(record, "green" if t.kept == t.closed else "yellow"))
    for y in b.dates:
        if y.in_days <= UPCOMING_DAYS:
            style = "bold green" if y.in_days <= 7 else "green"
            lines.append(Line(yearly_phrase(y, on), style))
    return lines


def _cadence_line(cad: Cadence) -> Line:
    if cad.last_contact is None:
        since = never_contacted(cad)
    elif cad.days_since == 0:
        since = "the last contact was today"
    else:
        since = f"{plural(cad.days_since, 'day')} since the last contact"
    state, style = {
        "ok": ("on track", "green"),
        "due": ("time to get in touch", "yellow"),
        "overdue": ("going cold", OVERDUE),
    }[cad.status]
    source = f" (tag {cad.source[4:]})" if cad.source.startswith("tag:") else ""
    return Line(f"stay in touch {cad.describe()}{source}: ").add(state, style).add(f", {since}")


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
    when, style = due_when(f.due, on)
    body = Line(prefix, "italic").add(f.text)
    if f.estimate is not None:
        body.add(f" ({money(f.estimate, currency)})", "bold")
    body.add(" — ").add(when, style)
    if f.appointment is not None:
        body.add(f", {appointment_phrase(f)}", "bold")
    if f.every:
        body.add(f", {every_phrase(f.every)}", DIM)
    label_style = OVERDUE if f.due < on else "bold"
    return Row(Line(f"#{f.id}", label_style), [body])


def _topic_key(topic: str) -> tuple[int, str]:
    return (TOPIC_ORDER.index(topic) if topic in TOPIC_ORDER else len(TOPIC_ORDER), topic)


def _fact_rows(b: Brief) -> list[Row]:
    on = b.today
    by_topic: dict[str, list[Row]] = {}
    for view in b.facts:
        if view.fact.topic in YEARLY and _is_yearly(view.fact.text):
            continue  # shown with its next date below, or in the header when it is near
        if concerns.is_open(view.fact):
            continue  # an open concern leads the card
        by_topic.setdefault(view.fact.topic, []).append(Row(Line(), [_fact_line(view, on)]))
    for y in b.dates:
        if y.in_days > UPCOMING_DAYS:
            body = Line(f"next {dates.short_date(y.date, on)} ")
            body.add(f"({dates.relative_day(y.date, on)})", DIM)
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
    if b.hidden_private:
        hidden = f"{plural(b.hidden_private, 'private fact')} not shown: brief --all shows them"
        rows.append(Row(Line(), [Line(hidden, DIM)]))
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


def _concern_line(fact: Fact, on: date) -> Line:
    """ "Careful: worried about the van's cost (concern F7, 41 days open)"."""
    days = concerns.days_open(fact, on)
    age = "opened today" if days == 0 else f"{plural(days, 'day')} open"
    style = OVERDUE if concerns.overdue(fact, on) else "bold yellow"
    return Line("Careful: ", style).add(fact.text).add(f" (concern F{fact.id}, {age})", DIM)


def _fact_line(view: FactView, on: date) -> Line:
    fact = view.fact
    line = Line(fact.text)
    if fact.when is not None:
        line.add(f" ({day_and_distance(fact.when, on)})", "cyan")
    learned = dates.age_phrase(fact.learned, on)
    line.add(f" · learned {learned}", DIM)
    if fact.addressed is not None:
        line.add(f" · addressed {dates.short_date(fact.addressed, on)}", "green")
    if fact.private:
        line.add(" · private", "magenta")
    if view.stale:
        line.add(" · check this is still true", "yellow")
    return line


def _question_rows(b: Brief) -> list[Row]:
    rows = []
    for q in b.questions:
        # `custlog done 3` closes an ask follow-up; `custlog done F7` answers a fact's question.
        ref = f"#{q.followup_id}" if q.followup_id else f"F{q.fact_id}" if q.fact_id else "?"
        label = Line(ref, "bold")
        body = Line(q.text)
        if q.followup_id is None and q.since is not None:
            body.add(f" ({day_and_distance(q.since, b.today)})", DIM)
        rows.append(Row(label, [body]))
    return rows


def _other_rows(followups: list[Followup], on: date) -> list[Row]:
    rows = []
    for f in sorted(followups, key=lambda f: (f.due, f.id)):
        prefix = "they owe us: " if f.kind == "waiting" else ""
        rows.append(_followup_row(f, on, prefix=prefix))
    return rows


def _deferred_rows(b: Brief) -> list[Row]:
    on = b.today
    rows = []
    for f in b.deferred:
        body = Line(f.text)
        if f.estimate is not None:
            body.add(" — ").add(money(f.estimate, b.currency), "bold")
        if f.due <= on:
            when, style = due_when(f.due, on)
            body.add(" — offer again now, ").add(when, style)
        else:
            body.add(f" — offer again {day_phrase(f.due, on)}")
        declined = b.declined(f.id)
        if declined:
            style = "bold yellow" if len(declined) > 1 else DIM
            body.add(" — ").add(offers_phrase(declined, on), style)
        rows.append(Row(Line(f"#{f.id}", "bold"), [body]))
    if rows:
        total = Line(f"{money(b.deferred_total, b.currency)} of postponed work", "bold")
        missing = sum(1 for f in b.deferred if f.estimate is None)
        if missing:
            total.add(f" ({plural(missing, 'job')} without an estimate)", DIM)
        rows.append(Row(Line(), [total]))
    return rows


def _work_rows(
    notes: list[Note], c: Customer, on: date, currency: str = DEFAULT_CURRENCY
) -> list[Row]:
    rows = []
    for n in notes[:WORK_SHOWN]:
        body = Line(first_line(n.text))
        if n.amount is not None:
            body.add(" — ").add(money(n.amount, currency), "bold")
        rows.append(Row(Line(dates.short_date(n.at.date(), on), "green"), [body]))
    if len(notes) > WORK_SHOWN:
        more = f"and {len(notes) - WORK_SHOWN} more: custlog log {quoted(c.name)}"
        rows.append(Row(Line(), [Line(more, DIM)]))
    total = sum(n.amount or 0.0 for n in notes)
    if total:
        line = Line(f"{money(round(total, 2), currency)} of work in the last 12 months", "bold")
        rows.append(Row(Line(), [line]))
    return rows


def _note_row(n: Note, on: date) -> Row:
    how = VIA_LABEL.get(n.via)
    head = days_ago(n.at.date(), on) + (f", {how}" if how else "") + ": "
    return Row(
        Line(dates.short_date(n.at.date(), on), "bold"),
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
        "Birthdays, anniversaries and questions to ask",
        "with dates or questions",
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
                        f"Nothing due on {dates.short_date(on, on)}{ahead}, and nobody to get "
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
            _due_row(section.key, r, on, fit=not a.everything, currency=a.currency)
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
    title = Line(f"Due {dates.short_date(on, on)}", "bold")
    if a.days == 1:
        title.add(" and tomorrow", "bold")
    elif a.days > 1:
        end = on + timedelta(days=a.days)
        title.add(f" and the next {a.days} days, to {dates.short_date(end, on)}", "bold")
    return title


def _soon_title(a: Agenda) -> str:
    if a.days == 1:
        return "Tomorrow"
    return (
        f"Next {plural(a.days, 'day')}, to {dates.short_date(a.on + timedelta(days=a.days), a.on)}"
    )


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


def _due_row(key: str, r: DueRow, on: date, *, fit: bool, currency: str) -> Row:
    head = _who(r.customer, key in CALL_SECTIONS).add(" — ")
    reasons = [
        _due_reason(d, on, key, with_id=n > 0, currency=currency) for n, d in enumerate(r.followups)
    ]
    if r.cold is not None:
        reasons.append(_cold_reason(r.cold))
    # A birthday or anniversary leads its row (the row is ranked by it), then the questions.
    dated = [Line(yearly_phrase(y, on), "bold green") for y in r.dates]
    dated += [_event_reason(q, on) for q in r.questions]
    dated += [_concern_reason(c) for c in r.concerns]
    reasons = dated + reasons
    for n, reason in enumerate(reasons):
        if n:
            head.add("; ")
        head.extend(reason)
    if r.followups:
        first = r.followups[0].followup
        label = Line(f"#{first.id}", OVERDUE if first.due < on else "bold")
    elif r.cold is not None:
        label = Line(r.customer.ref, "bold")
    elif r.questions:
        label = Line(f"F{r.questions[0].fact.id}", "bold")
    elif r.concerns:
        label = Line(f"F{r.concerns[0].fact.id}", "bold")
    else:
        label = Line()
    return Row(label, [head], fit=fit)


def short_due(due: date, on: date) -> tuple[str, str]:
    """How a due date reads on the morning list, and its style: "4 days overdue", "due
    today", "due tomorrow", "due Fri 27 Nov" (the brief says more: `due_when`)."""
    late = (on - due).days
    if late > 0:
        return f"{plural(late, 'day')} overdue", OVERDUE
    if late == 0:
        return "due today", TODAY
    return ("due tomorrow" if late == -1 else f"due {dates.short_date(due, on)}"), ""


def _due_reason(
    d: DueFollowup, on: date, section: str, *, with_id: bool, currency: str = DEFAULT_CURRENCY
) -> Line:
    f = d.followup
    when, style = short_due(f.due, on)
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


def _event_reason(q: EventQuestion, on: date) -> Line:
    assert q.fact.when is not None
    text = q.fact.text.rstrip(".!")
    return Line(
        f"ask how it went: {text} ({q.fact.topic}, {day_and_distance(q.fact.when, on)})",
        "magenta",
    )


def _concern_reason(c: OpenConcern) -> Line:
    text = c.fact.text.rstrip(".!")
    return Line(f"concern open {plural(c.days_open, 'day')}: ", "yellow").add(text)


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
    line = Line(days_ago(at.date(), on))
    return line.add(", ").add(dates.short_date(at.date(), on), DIM) if dates_too else line


def _next_cell(day: date | None, on: date, dates_too: bool = True) -> Line:
    if day is None:
        return Line()
    late = (on - day).days
    if late > 0:
        line = Line(f"{plural(late, 'day')} overdue", OVERDUE)
    elif late == 0:
        line = Line("today", TODAY)
    else:
        line = Line(distance(day, on))
    return line.add(", ").add(dates.short_date(day, on), DIM) if dates_too else line


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
    head = Line(f"{distance(day, on)} · ", DIM)
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
            head.add(f", addressed {dates.short_date(date.fromisoformat(addressed), on)}", "green")
            how = e.detail.get("addressed_how")
            if how:
                return Row(
                    Line(dates.short_date(day, on), "bold"),
                    [head, Line(e.text.strip()).add(f" (how: {how.strip()})", "green")],
                )
        if yearly:
            return Row(Line(dates.short_date(day, on), "bold"), [head, Line(yearly)])
    else:
        kind = kinds.label(e.detail["kind"])
        if e.detail["done"]:
            head.add(f"{kind} #{e.id}, done", "magenta")
        elif day < on:
            head = Line(f"{plural((on - day).days, 'day')} overdue · ", OVERDUE)
            head.add(f"{kind} #{e.id}, open", "magenta")
        else:
            head.add(f"{kind} #{e.id}, open", "magenta")
    return Row(Line(dates.short_date(day, on), "bold"), [head, Line(e.text.strip())])


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
        head = Line(h.customer, "bold").add(f" · {SOURCE_LABEL.get(h.source, h.source)} #{h.id}")
        if h.private:
            head.add(" · private", "magenta")
        if not h.at:
            label = ""
        else:  # a customer's date is the day they became one: no "3 years ago" for them
            day = date.fromisoformat(h.at[:10])
            label = dates.short_date(day, today) if today is not None else day.isoformat()
            if today is not None and h.source != "customer":
                head.add(f" · {distance(day, today)}", DIM)
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
