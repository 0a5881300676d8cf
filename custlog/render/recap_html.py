"""The recap as one printable HTML page: inline CSS, no scripts, nothing fetched.

Imported only when HTML is asked for. The page is one column that reads on a phone and prints
on one A4 or Letter sheet per page of content (`@page` margins fit both), black on white.
"""

from __future__ import annotations

from html import escape

from custlog.domain.recap import Recap
from custlog.render import recap as words
from custlog.render.output import clean
from custlog.render.words import short_date

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f1ec; color: #1d1d1f;
  font: 16px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 42rem; margin: 1.5rem auto; padding: 2rem 2.25rem; background: #fff;
  border-radius: 10px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
header { border-bottom: 2px solid #1d1d1f; padding-bottom: .75rem; margin-bottom: 1.25rem; }
header .business { font-size: 1.35rem; font-weight: 700; letter-spacing: .01em; }
header .date { color: #5f5f66; font-size: .9rem; }
h1 { font-size: 1.25rem; margin: 0 0 .5rem; }
h2 { font-size: 1.05rem; text-transform: uppercase; letter-spacing: .06em; color: #3b5b7a;
  margin: 1.75rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
ul { list-style: none; margin: 0; padding: 0; }
li { display: flex; gap: 1rem; padding: .4rem 0; border-bottom: 1px solid #ecebe8;
  break-inside: avoid; }
li .when { flex: 0 0 8.5rem; color: #5f5f66; }
li .what { flex: 1 1 auto; overflow-wrap: anywhere; }
li .amount { flex: 0 0 auto; font-variant-numeric: tabular-nums; }
.total { text-align: right; font-weight: 600; margin: .5rem 0 0; }
.empty { color: #5f5f66; }
footer { margin-top: 2rem; }
footer .signature { font-weight: 700; margin-top: .5rem; }
@media (max-width: 36rem) {
  body { font-size: 15px; }
  main { margin: 0; padding: 1.25rem 1rem; border-radius: 0; box-shadow: none; }
  li { flex-wrap: wrap; gap: .1rem .75rem; }
  li .when { flex-basis: 100%; font-size: .9rem; }
}
@page { size: auto; margin: 16mm 15mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; border-radius: 0; }
  h2 { color: #1d1d1f; break-after: avoid; }
  h3 { break-after: avoid; }
}
"""


def _e(text: str) -> str:
    return escape(clean(text), quote=True)


def _item(when: str, what: str, amount: str) -> str:
    cell = f'<span class="amount">{_e(amount)}</span>' if amount else ""
    return (
        f'<li><span class="when">{_e(when)}</span><span class="what">{_e(what)}</span>{cell}</li>'
    )


def _body(r: Recap) -> list[str]:
    out = ["<header>"]
    if r.business:
        out.append(f'<div class="business">{_e(r.business)}</div>')
    out.append(f'<div class="date">{_e(words.long_date(r.today))}</div></header>')
    out.append(f"<h1>{_e(words.greeting(r))}</h1>")
    out.append(f"<p>{_e(words.opening(r))}</p>")
    out.append("<h2>What we did for you</h2>")
    if r.did:
        out.append("<ul>")
        for d in r.did:
            day = short_date(d.day, r.today)
            out.append(_item(day, d.text, words.amount_text(d.amount, r)))
        out.append("</ul>")
    else:
        out.append(f'<p class="empty">{_e(words.nothing_done(r))}</p>')
    if (total := words.done_total(r)) is not None:
        out.append(f'<p class="total">{_e(total)}</p>')
    out.append("<h2>Coming up</h2>")
    if not r.coming:
        out.append(f'<p class="empty">{_e(words.nothing_coming(r))}</p>')
    for month in r.coming:
        out.append(f"<h3>{_e(words.month_title(month.start))}</h3><ul>")
        for item in month.items:
            label = words.when_label(item, r.today)
            out.append(_item(label, item.text, words.amount_text(item.amount, r)))
        out.append("</ul>")
    if (total := words.coming_total(r)) is not None:
        out.append(f'<p class="total">{_e(total)}</p>')
    out.append(f"<footer><p>{_e(words.closing(r))}</p>")
    if r.business:
        out.append(f'<p class="signature">{_e(r.business)}</p>')
    out.append("</footer>")
    return out


def page(r: Recap) -> str:
    title = f"{r.business}: " if r.business else ""
    title += f"for {r.called}, {words.long_date(r.today)}"
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body><main>",
    ]
    return "\n".join([*head, *_body(r), "</main></body>", "</html>"]) + "\n"
