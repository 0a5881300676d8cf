"""The screens: `brief`, `due`, `list`, `log` and `search`, for a terminal or a pipe.

Each screen is a list of sections; a section is a title and lines of styled text. On a
terminal the header sits in a panel and styles become colour; piped or with NO_COLOR the
same lines print as plain text, one fact to a line, so that grep finds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from rich.text import Text

from custlog import dates
from custlog.agenda import Agenda, DueFollowup
from custlog.briefing import Brief, overdue_days
from custlog.models import Customer, Followup
from custlog.render.output import Output
from custlog.store import CustomerRow, SearchHit
from custlog.timeline import Entry

KIND_LABEL = {
    "promise": "promise",
    "callback": "callback",
    "deferred": "postponed work",
    "ask": "question",
    "waiting": "waiting on them",
}
VIA_LABEL = {"call": "by phone", "visit": "in person", "email": "by email", "text": "by text"}


@dataclass
class Section:
    title: str
    lines: list[Text] = field(default_factory=list)
    style: str = "bold cyan"


def money(amount: float) -> str:
    return f"${amount:,.0f}" if amount == int(amount) else f"${amount:,.2f}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def when_phrase(day: date, today: date) -> str:
    """ "Fri 27 Nov (in 3 days)", "today", "tomorrow"."""
    rel = dates.relative_day(day, today)
    if rel in ("today", "tomorrow", "yesterday"):
        return rel
    return f"{dates.short_date(day, today)} ({rel})"


def due_phrase(f: Followup, today: date) -> Text:
    late = overdue_days(f, today)
    if late:
        return Text(
            f"{plural(late, 'day')} overdue (was due {dates.short_date(f.due, today)})",
            style="bold red",
        )
    if f.due == today:
        return Text("due today", style="bold yellow")
    return Text(f"due {when_phrase(f.due, today)}")


def _bullet(mark: str, style: str = "") -> Text:
    return Text(f"  {mark} ", style=style)


def _print_sections(out: Output, sections: Sequence[Section]) -> None:
    for section in sections:
        if not section.lines:
            continue
        out.show(Text(""))
        out.show(Text(section.title, style="" if out.plain else section.style))
        for line in section.lines:
            out.show(line)


def _header(out: Output, title: Text, lines: list[Text]) -> None:
    if out.plain:
        out.show(title)
        for line in lines:
            out.show(line)
        return
    from rich.panel import Panel

    body = Text("\n").join(lines) if lines else Text("")
    out.show(Panel(body, title=title, title_align="left", border_style="cyan", expand=False))


# -- brief -----------------------------------------------------------------------------------


def brief(out: Output, b: Brief) -> None:
    c, today = b.customer, b.today
    title = Text(c.name, style="bold")
    if c.called and c.called.casefold() != c.name.casefold():
        title.append(f" (call them {c.called})", style="italic")
    head: list[Text] = []
    contact = [x for x in (c.company, c.phone, c.email) if x]
    if contact:
        head.append(Text(" · ".join(contact)))
    if c.tags:
        head.append(Text("tags: " + ", ".join(c.tags), style="magenta"))
    if c.since:
        head.append(
            Text(
                f"customer since {dates.short_date(c.since, today)}"
                f" ({dates.age_phrase(c.since, today)})"
            )
        )
    last = b.last_contact
    if last:
        how = VIA_LABEL.get(last.via, f"via {last.via}")
        head.append(
            Text(
                f"last contact {dates.age_phrase(last.at.date(), today)}, {how} "
                f"({dates.short_date(last.at.date(), today)})"
            )
        )
    else:
        head.append(Text("no contact logged yet", style="yellow"))
    if b.cadence:
        cad = b.cadence
        style = {"ok": "green", "due": "yellow", "overdue": "bold red"}[cad.status]
        state = {"ok": "on track", "due": "time to get in touch", "overdue": "overdue for contact"}[
            cad.status
        ]
        head.append(
            Text(
                f"stay in touch {cad.describe()}: {state} ({plural(cad.days_since, 'day')} since)",
                style=style,
            )
        )
    _header(out, title, head)

    sections: list[Section] = []
    owe = Section("What we owe them", style="bold red" if b.track.overdue else "bold cyan")
    for f in b.promises:
        late = overdue_days(f, today)
        line = _bullet("!" if late else "•", "bold red" if late else "")
        line.append(f"#{f.id} {f.text} — ").append_text(due_phrase(f, today))
        owe.lines.append(line)
    t = b.track
    if t.closed or t.open:
        owe.lines.append(
            Text(
                f"  track record: {plural(t.kept, 'promise')} kept on time, {t.late} late, "
                f"{t.open} open" + (f" ({t.overdue} overdue)" if t.overdue else ""),
                style="dim",
            )
        )
    if b.promises or t.closed:
        sections.append(owe)

    facts = Section("What we know")
    for view in b.facts:
        fact = view.fact
        if fact.topic in ("birthday", "anniversary") and any(
            d.topic == fact.topic for d in b.dates
        ):
            continue
        line = _bullet("•")
        line.append(f"{fact.topic}: ", style="bold")
        line.append(fact.text)
        line.append(f" (learned {dates.age_phrase(fact.learned, today)})", style="dim")
        if fact.when:
            line.append(f" [{dates.short_date(fact.when, today)}]", style="cyan")
        if fact.private:
            line.append(" private", style="magenta")
        if view.stale:
            line.append(" check this is still true", style="yellow")
        facts.lines.append(line)
    for y in b.dates:
        line = _bullet("🎂" if not out.plain and y.topic == "birthday" else "•")
        line.append(f"{y.topic}: ", style="bold")
        line.append(
            f"{dates.short_date(y.date, today)} ({dates.relative_day(y.date, today)})",
            style="bold green" if y.in_days <= 14 else "",
        )
        if y.years is not None:
            line.append(f", turns {y.years}" if y.topic == "birthday" else f", {y.years} years")
        facts.lines.append(line)
    if b.hidden_private:
        facts.lines.append(
            Text(
                f"  ({plural(b.hidden_private, 'private fact')} hidden: brief --all shows them)",
                style="dim",
            )
        )
    sections.append(facts)

    questions = Section("Ask them")
    for q in b.questions:
        line = _bullet("?", "bold")
        line.append(q.text)
        if q.followup_id:
            line.append(f"  #{q.followup_id}", style="dim")
        questions.lines.append(line)
    sections.append(questions)

    other = Section("Other follow-ups")
    for f in [*b.others, *b.waiting]:
        line = _bullet("•")
        line.append(f"#{f.id} ")
        if f.kind == "waiting":
            line.append("they owe us: ", style="italic")
        line.append(f"{f.text} — ").append_text(due_phrase(f, today))
        if f.every:
            line.append(f" ({dates.parse_period(f.every).describe()})", style="dim")
        other.lines.append(line)
    sections.append(other)

    deferred = Section("Postponed work")
    for f in b.deferred:
        line = _bullet("•")
        line.append(f"#{f.id} {f.text}")
        if f.estimate is not None:
            line.append(f" — {money(f.estimate)}", style="bold")
        line.append(" — offer again ").append_text(
            due_phrase(f, today) if f.due <= today else Text(when_phrase(f.due, today))
        )
        deferred.lines.append(line)
    if b.deferred:
        deferred.lines.append(
            Text(f"  {money(b.deferred_total)} of postponed work in all", style="bold")
        )
    sections.append(deferred)

    work = Section("What we've done for them (last 12 months)")
    for n in b.work_done[:8]:
        line = _bullet("✓" if not out.plain else "•", "green")
        line.append(f"{dates.short_date(n.at.date(), today)}: {first_line(n.text)}")
        work.lines.append(line)
    sections.append(work)

    notes = Section("Recent notes")
    for n in b.notes:
        line = Text(f"  {dates.short_date(n.at.date(), today)} ", style="bold")
        line.append(f"{n.via}: ", style="dim")
        line.append(n.text)
        notes.lines.append(line)
    sections.append(notes)

    if b.is_empty:
        sections.append(
            Section(
                "Nothing recorded yet",
                [
                    Text(
                        f'  After your next call: custlog note "{c.name}" "what you talked about"\n'
                        f'  Learn something personal: custlog fact "{c.name}" family "…"\n'
                        f'  Promise something: custlog remind "{c.name}" friday "…" --kind promise'
                    )
                ],
            )
        )
    _print_sections(out, sections)


def first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


# -- due -------------------------------------------------------------------------------------


def _reason(d: DueFollowup, today: date) -> Text:
    f = d.followup
    kind = KIND_LABEL.get(f.kind, f.kind)
    if d.bucket == "overdue":
        return Text(f"{kind}, {plural(d.overdue_days, 'day')} overdue", style="bold red")
    if d.bucket == "today":
        return Text(f"{kind} due today", style="bold yellow")
    return Text(f"{kind} due {when_phrase(f.due, today)}")


def due(out: Output, a: Agenda) -> None:
    today = a.on
    if a.is_empty:
        out.show(
            Text(
                f"Nothing due through {dates.short_date(a.on, today)}"
                f"{'' if a.days == 0 else ' + ' + plural(a.days, 'day')}: "
                "a good day to call someone you haven't heard from."
            )
        )
        return
    out.show(
        Text(
            f"Due for {dates.short_date(today, today)} and the next {plural(a.days, 'day')}",
            style="bold",
        )
    )
    sections = [
        Section("Overdue", style="bold red"),
        Section("Today", style="bold yellow"),
        Section(f"Next {plural(a.days, 'day')}"),
    ]
    for d in a.followups:
        f = d.followup
        target = sections[{"overdue": 0, "today": 1, "soon": 2}[d.bucket]]
        line = Text(f"  #{f.id} ", style="bold")
        line.append(f"{d.customer.name}: ", style="bold")
        line.append(f.text)
        if f.estimate is not None:
            line.append(f" ({money(f.estimate)})")
        line.append(" — ").append_text(_reason(d, today))
        target.lines.append(line)
    cold = Section("Going cold", style="bold blue")
    for g in a.going_cold:
        cad = g.cadence
        last = (
            f"no contact in {plural(cad.days_since, 'day')}"
            if cad.last_contact
            else f"never contacted ({plural(cad.days_since, 'day')} on the books)"
        )
        line = Text(f"  {g.customer.name}: ", style="bold")
        line.append(
            f"{last}; {cad.describe()}", style="bold red" if cad.status == "overdue" else ""
        )
        if cad.status == "overdue":
            line.append(" (well past)", style="red")
        cold.lines.append(line)
    days = Section("Birthdays and anniversaries", style="bold green")
    for y in a.dates:
        line = Text(f"  {y.customer.name}: ", style="bold")
        line.append(f"{y.topic} {when_phrase(y.date, today)}")
        if y.years is not None:
            line.append(f", turns {y.years}" if y.topic == "birthday" else f", {y.years} years")
        days.lines.append(line)
    asks = Section("Ask how it went", style="bold magenta")
    for q in a.questions:
        line = Text(f"  {q.customer.name}: ", style="bold")
        line.append(
            f"ask how {q.fact.text} went ({q.fact.topic}, "
            f"{dates.relative_day(q.fact.when or today, today)})"
        )
        asks.lines.append(line)
    _print_sections(out, [*sections, cold, days, asks])
    summary = [
        plural(a.count("overdue"), "overdue", "overdue"),
        f"{a.count('today')} today",
        f"{a.count('soon')} in the next {plural(a.days, 'day')}",
        f"{len(a.going_cold)} going cold",
    ]
    if a.dates:
        summary.append(plural(len(a.dates), "date"))
    out.show(Text(""))
    out.show(Text(" · ".join(summary), style="dim"))


# -- list, log, search -----------------------------------------------------------------------


def customer_list(out: Output, rows: list[CustomerRow], today: date) -> None:
    if not rows:
        out.show(Text('No customers yet: custlog add "Ann Lee" --called Annie'))
        return

    def cells(r: CustomerRow) -> list[str]:
        c: Customer = r.customer
        last = f"{dates.relative_day(r.last_contact.date(), today)}" if r.last_contact else "never"
        nxt = when_phrase(r.next_followup, today) if r.next_followup else "-"
        return [
            f"#{c.id}",
            c.name + (f" ({c.called})" if c.called else ""),
            c.company or "-",
            ", ".join(c.tags) or "-",
            last,
            nxt,
        ]

    headers = ["id", "name", "company", "tags", "last contact", "next follow-up"]
    if out.plain:
        for r in rows:
            out.line("\t".join(cells(r)))
        return
    from rich.table import Table

    table = Table(box=None, header_style="bold cyan", pad_edge=False)
    for h in headers:
        table.add_column(h, overflow="fold")
    for r in rows:
        table.add_row(*cells(r))
    out.show(table)


def timeline(out: Output, customer: Customer, entries: list[Entry], today: date) -> None:
    if not entries:
        out.show(Text(f"Nothing recorded for {customer.name} yet."))
        return
    out.show(Text(f"{customer.name}: {plural(len(entries), 'entry', 'entries')}", style="bold"))
    for e in entries:
        line = Text(f"{e.at.date().isoformat()} ", style="bold")
        line.append(f"({dates.relative_day(e.at.date(), today)}) ", style="dim")
        if e.type == "note":
            line.append(f"note {e.detail['via']}: ", style="cyan")
        elif e.type == "fact":
            line.append(f"fact {e.detail['topic']}: ", style="green")
        else:
            state = "done" if e.detail["done"] else "open"
            line.append(
                f"{KIND_LABEL.get(e.detail['kind'], e.detail['kind'])} #{e.id} ({state}): ",
                style="magenta",
            )
        line.append(e.text)
        out.show(line)


def search_results(out: Output, query: str, hits: list[SearchHit]) -> None:
    if not hits:
        out.show(Text(f'Nothing found for "{query}".'))
        return
    for h in hits:
        line = Text(f"{h.at[:10]} ", style="bold")
        line.append(f"{h.customer} ", style="bold cyan")
        line.append(f"[{h.source} #{h.id}] ", style="dim")
        line.append_text(_highlight(h.snippet, out.plain))
        out.show(line)


def _highlight(snippet: str, plain: bool) -> Text:
    text = Text()
    rest = snippet
    while "\x02" in rest and "\x03" in rest.split("\x02", 1)[1]:
        before, after = rest.split("\x02", 1)
        word, rest = after.split("\x03", 1)
        text.append(before)
        text.append(word, style="" if plain else "bold reverse yellow")
    text.append(rest)
    return text
