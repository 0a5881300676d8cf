"""What a write command says when it is done: one line, the same style for every write.

Data a script may want (a new follow-up's id, a backup's path) goes to stdout; everything
else is a confirmation on stdout too, except where a command's stdout is its data (`remind`,
`backup`, `export`), where the sentence goes to stderr.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from custlog.models import Customer, Followup
from custlog.parsing import dates
from custlog.render.output import Output, clean
from custlog.render.words import first_line, plural, short_date

if TYPE_CHECKING:
    from collections.abc import Iterable

    from custlog.domain.capture import FactResult
    from custlog.domain.corrections import Corrected, RecordRef
    from custlog.domain.exporting import Exported
    from custlog.domain.importing import Imported
    from custlog.domain.maintenance import BackupResult, DoctorReport, RestoreResult
    from custlog.domain.merging import Merged
    from custlog.models import NewFact


def added(out: Output, customer: Customer) -> None:
    out.line(clean(f"Added {customer.name} (#{customer.id})"))


def referred(out: Output, sender: str, *, thanks: bool) -> None:
    """After `--referred-by`: who sent them, and the thank-you that is owed."""
    said = f"Sent by {sender}"
    out.line(clean(said + (": a callback to thank them is due today" if thanks else "")))


def noted(
    out: Output,
    name: str,
    *,
    at: date,
    today: date,
    created: bool,
    facts: int,
    followup_ids: list[int],
) -> None:
    if created:
        out.message(clean(f"Added {name} as a new customer"))
    extra = []
    if facts:
        extra.append(plural(facts, "fact"))
    if followup_ids:
        extra.append("follow-up " + ", ".join(f"#{i}" for i in followup_ids))
    when = short_date(at, today)
    with_ = f", with {' and '.join(extra)}" if extra else ""
    out.line(clean(f"Noted for {name} ({when}){with_}"))


def already_known(out: Output, facts: Iterable[NewFact]) -> None:
    for known in facts:
        out.message(clean(f"Already known, not added again: {known.topic}: {known.text}"))


def fact_added(out: Output, result: FactResult, customer: Customer, topic: str) -> None:
    if result.already_known:
        out.line(
            clean(
                f"Already known: fact F{result.fact_id} for {customer.name} ({topic}); "
                "nothing was written"
            )
        )
        return
    out.line(clean(f"Fact F{result.fact_id} for {customer.name}: {topic}"))


def reminded(
    out: Output, followup: Followup, customer: Customer, today: date, slip: str | None
) -> None:
    from custlog.domain.kinds import label

    out.line(str(followup.id))
    due = short_date(followup.due, today)
    out.message(
        clean(
            f"#{followup.id} {label(followup.kind)} for {customer.name}: {followup.text}, due {due}"
        )
    )
    if slip:
        out.message(clean(slip))


def done(out: Output, followup: Followup, next_due: date | None, today: date) -> None:
    if next_due:
        shown = short_date(next_due, today)
        out.line(clean(f"Done #{followup.id} ({followup.text}); next due {shown}"))
    else:
        out.line(clean(f"Done #{followup.id} ({followup.text})"))


def answered(out: Output, fact_id: int, fact_text: str, note_text: str) -> None:
    out.line(clean(f'Answered F{fact_id} ({fact_text}): noted "{note_text}"'))


def addressed(out: Output, fact_id: int, fact_text: str, note_text: str) -> None:
    out.line(clean(f'Addressed concern F{fact_id} ({fact_text}): noted "{note_text}"'))


def snoozed(out: Output, followup: Followup, today: date, slip: str | None) -> None:
    out.line(f"#{followup.id} moved to {short_date(followup.due, today)}")
    if slip:
        out.message(clean(slip))


def dropped(out: Output, followup: Followup) -> None:
    out.line(clean(f"Dropped #{followup.id} ({followup.text})"))


def lost(out: Output, followup: Followup, who: str) -> None:
    out.line(clean(f"Lost #{followup.id} ({followup.text}) to {who}"))


def offer_kept(out: Output) -> None:
    out.message("The offer is kept: brief shows how often it was declined, and why")


def sold(out: Output, amount: float, currency: str) -> None:
    from custlog.parsing.money import format_money

    shown = format_money(amount, currency) if amount else "no amount"
    out.message(f"Sold: {shown}, logged as work done today")


def check_in(out: Output, followup: Followup | None, today: date) -> None:
    if followup is not None:
        when = short_date(followup.due, today)
        out.message(clean(f"Check-in #{followup.id} on {when}: {followup.text}"))


def corrected(out: Output, result: Corrected) -> None:
    """`edit N12` / `edit F7`."""
    what = f"{result.ref.kind} {result.ref.shown} of {result.customer}"
    if result.changed:
        out.line(clean(f"Corrected {what}"))
    else:
        out.line(clean(f"Nothing changed: {what} already reads so"))


def dropped_record(out: Output, ref: RecordRef, text: str, customer: str) -> None:
    """`drop N12` / `drop F7`."""
    out.line(clean(f"Deleted {ref.kind} {ref.shown} of {customer} ({first_line(text)})"))


def updated(out: Output, customer: Customer, *, changed: bool) -> None:
    if changed:
        out.line(clean(f"Updated {customer.name} (#{customer.id})"))
    else:
        out.line(clean(f"Nothing changed: {customer.name} (#{customer.id}) already reads so"))


def forgot(out: Output, customer: Customer) -> None:
    out.line(clean(f"Forgot {customer.name}: every note, fact and follow-up is erased"))


def waiting_for_readers(out: Output, customer: Customer, seconds: float) -> None:
    """`forget` waits for a program reading an older snapshot to let go of the erased bytes."""
    out.message(
        clean(
            f"Waiting up to {seconds:g} s for another program reading the log to let go, to "
            f"wipe {customer.name}'s words from the file…"
        )
    )


def merged(out: Output, result: Merged) -> None:
    counts = [
        plural(result.moved.get(table, 0), word)
        for table, word in (("notes", "note"), ("facts", "fact"), ("followups", "follow-up"))
    ]
    into, gone = result.customer, result.gone
    out.line(
        clean(
            f"Merged {gone.name} (#{gone.id}) into {into.name} (#{into.id}): "
            f"{', '.join(counts)} moved"
        )
    )
    if result.aliases:
        shown = ", ".join(f'"{a}"' for a in result.aliases)
        out.line(clean(f"{into.name} is also found as {shown}"))


def cadence(out: Output, tag: str, period: str | None, *, asked: bool) -> None:
    """`asked`: the tag's period was only looked up, not set."""
    if asked:
        shown = dates.parse_period(period).describe() if period else "not set"
        out.line(clean(f"{tag}: {shown}"))
        return
    shown = dates.parse_period(period).describe() if period else "no default"
    out.line(clean(f"Customers tagged {tag}: stay in touch {shown}"))


def declined(out: Output, text: str) -> None:
    """The user answered no: nothing happened, and that is not an error."""
    out.message(text)


def exported(out: Output, result: Exported) -> None:
    """An export to a file says what it wrote; to stdout, the data speaks for itself."""
    plan = result.plan
    for problem in result.skipped:
        out.message(clean(f"custlog: warning: left out of the calendar: {problem}"))
    if plan.target is None:
        return
    if plan.format == "csv" and plan.table is None:
        out.message(clean(f"Wrote {', '.join(p.name for p in result.files)} to {plan.target}"))
        return
    what = {"jsonl": "line", "ics": "calendar event", "csv": "row"}[plan.format]
    out.message(
        clean(f"Wrote {result.lines} {what}{'' if result.lines == 1 else 's'} to {plan.target}")
    )


def imported(out: Output, result: Imported) -> None:
    if result.contacts is not None:
        report = result.contacts
        if result.dry_run:
            out.lines([clean(line) for line in report.lines])
            out.line(f"Would import {report.summary()}; nothing was written (dry run)")
        else:
            out.line(f"Imported contacts: {report.summary()}")
        return
    assert result.records is not None
    summary = result.records.summary()
    if result.dry_run:
        out.line(f"Would have {summary}; nothing was written (dry run)")
    else:
        out.line(summary[:1].upper() + summary[1:])


def backed_up(out: Output, result: BackupResult) -> None:
    from custlog.domain.maintenance import describe_counts

    out.line(str(result.path))
    out.message(
        clean(
            f"Backed up {describe_counts(result.counts)} ({result.size:,} bytes) to {result.path}"
        )
    )


def restored(out: Output, result: RestoreResult, counts: str, source: Path) -> None:
    kept = f"; the previous log is kept as {result.kept_as}" if result.kept_as else ""
    out.line(clean(f"Restored {counts} from {source}{kept}"))


def doctor_report(out: Output, report: DoctorReport) -> None:
    from custlog.domain.maintenance import describe_counts

    lines = [f"log          {report.path}"]
    if report.size is not None:
        lines.append(f"size         {report.size:,} bytes")
    if report.journal_mode is not None:
        lines.append(f"journal      {report.journal_mode}")
    if report.schema_version is not None:
        lines.append(
            f"schema       {report.schema_version} "
            f"(this custlog writes {report.program_schema_version})"
        )
    if report.counts is not None:
        lines.append(f"records      {describe_counts(report.counts)}")
    if report.integrity:
        lines.append(f"integrity    {'; '.join(report.integrity[:3])}")
    for entry in report.files:
        lines.append(f"permissions  {entry.mode:04o} {entry.path.name}")
    lines += [f"problem      {text}" for text in report.problems]
    lines += [f"warning      {text}" for text in report.warnings]
    if report.healthy:
        lines.append("healthy      yes")
    out.lines([clean(line) for line in lines])
