"""The recap as the customer reads it: plain text (an email, a long text message), Markdown,
or one printable HTML page (`custlog.render.recap_html`, imported only for HTML).

Only what the domain put in the `Recap` is shown, and every word around it is written for the
customer: no ids, none of custlog's own words (callback, deferred, follow-up).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from custlog.domain.recap import PROMISE, SUGGESTED, ComingItem, Recap
from custlog.parsing.money import format_money
from custlog.render.output import clean
from custlog.render.words import MONTH_NAMES, short_date

FORMATS = ("text", "md", "html")
SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}


# -- the words, shared by every format ---------------------------------------------------------


def long_date(d: date) -> str:
    """ "2 December 2025": the date in a letter."""
    return f"{d.day} {MONTH_NAMES[d.month]} {d.year}"


def month_title(start: date) -> str:
    return f"{MONTH_NAMES[start.month]} {start.year}"


def greeting(r: Recap) -> str:
    return f"Hello {r.called},"


def opening(r: Recap) -> str:
    who = r.business or "we"
    return (
        f"Here is what {who} did for you since {long_date(r.since)}, "
        "and what is coming up in the months ahead."
    )


def nothing_done(r: Recap) -> str:
    return f"No work since {long_date(r.since)}."


def nothing_coming(r: Recap) -> str:
    return f"Nothing is planned before {long_date(r.until)}."


def closing(r: Recap) -> str:
    return "Thank you for your trust. Just reply if you have any questions."


def when_label(item: ComingItem, today: date) -> str:
    """ "Tue 12 Jan, 9:30", "by Fri 4 Dec", "suggested" (postponed work shows by month)."""
    if item.form == SUGGESTED:
        return "suggested"
    day = short_date(item.day, today)
    if item.at is not None:
        day += f", {item.at.describe()}"
    return f"by {day}" if item.form == PROMISE else day


def amount_text(amount: float | None, r: Recap) -> str:
    return format_money(amount, r.currency) if amount is not None else ""


def done_total(r: Recap) -> str | None:
    total = r.did_total
    return None if total is None else f"Total: {format_money(total, r.currency)}"


def coming_total(r: Recap) -> str | None:
    total = r.coming_total
    return None if total is None else f"Estimated total: {format_money(total, r.currency)}"


# -- plain text ----------------------------------------------------------------------------------


def _with_amount(text: str, amount: float | None, r: Recap) -> str:
    shown = amount_text(amount, r)
    return f"{text} ({shown})" if shown else text


def text_lines(r: Recap) -> Iterator[str]:
    yield clean(greeting(r))
    yield ""
    yield clean(opening(r))
    yield ""
    yield "What we did for you"
    if not r.did:
        yield f"  {nothing_done(r)}"
    for d in r.did:
        yield clean(f"  {short_date(d.day, r.today)}: {_with_amount(d.text, d.amount, r)}")
    if (total := done_total(r)) is not None:
        yield f"  {total}"
    yield ""
    yield "Coming up"
    if not r.coming:
        yield f"  {nothing_coming(r)}"
    for month in r.coming:
        yield f"  {month_title(month.start)}"
        for item in month.items:
            text = _with_amount(item.text, item.amount, r)
            yield clean(f"    {when_label(item, r.today)}: {text}")
    if (total := coming_total(r)) is not None:
        yield f"  {total}"
    yield ""
    yield closing(r)
    if r.business:
        yield ""
        yield clean(r.business)


# -- Markdown ------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")
_MD_LINE_START = re.compile(r"^(\s*(?:\d+)?)([-+=.)])")


def md_escape(text: str) -> str:
    """User text as literal Markdown: what Markdown could read as markup is escaped (inline
    marks everywhere; a list or heading mark at the start of a line)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", clean(text))
    return _MD_LINE_START.sub(lambda m: m[1] + "\\" + m[2], escaped)


def md_lines(r: Recap) -> Iterator[str]:
    yield md_escape(greeting(r))
    yield ""
    yield md_escape(opening(r))
    yield ""
    yield "## What we did for you"
    yield ""
    if not r.did:
        yield md_escape(nothing_done(r))
    for d in r.did:
        line = f"- **{md_escape(short_date(d.day, r.today))}**: {md_escape(d.text)}"
        if d.amount is not None:
            line += f" ({md_escape(amount_text(d.amount, r))})"
        yield line
    if (total := done_total(r)) is not None:
        yield ""
        yield f"**{md_escape(total)}**"
    yield ""
    yield "## Coming up"
    yield ""
    if not r.coming:
        yield md_escape(nothing_coming(r))
    for month in r.coming:
        yield f"### {md_escape(month_title(month.start))}"
        yield ""
        for item in month.items:
            line = f"- **{md_escape(when_label(item, r.today))}**: {md_escape(item.text)}"
            if item.amount is not None:
                line += f" ({md_escape(amount_text(item.amount, r))})"
            yield line
        yield ""
    if (total := coming_total(r)) is not None:
        yield f"**{md_escape(total)}**"
        yield ""
    yield md_escape(closing(r))
    if r.business:
        yield ""
        yield md_escape(r.business)


# -- the document and JSON ----------------------------------------------------------------------


def document(r: Recap, fmt: str) -> str:
    """The whole recap in one format, ending with a newline."""
    if fmt == "html":
        from custlog.render.recap_html import page

        return page(r)
    lines = md_lines(r) if fmt == "md" else text_lines(r)
    return "\n".join(lines) + "\n"


def as_json(r: Recap) -> dict[str, Any]:
    return {
        "customer": r.name,
        "called": r.called,
        "since": r.since.isoformat(),
        "until": r.until.isoformat(),
        "business": r.business,
        "currency": r.currency,
        "did": [{"date": d.day.isoformat(), "text": d.text, "amount": d.amount} for d in r.did],
        "coming": [
            {
                "date": i.day.isoformat(),
                "month": i.day.strftime("%Y-%m"),
                "text": i.text,
                "amount": i.amount,
                "at": i.at.iso() if i.at else None,
                "form": i.form,
            }
            for i in r.coming_items
        ],
    }
