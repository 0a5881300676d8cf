"""The recap a business sends its customer: what was chosen, and how each format reads."""

from __future__ import annotations

from datetime import date, datetime, time

from custlog.domain.recap import assemble
from custlog.domain.settings import Settings
from custlog.models import Customer, Followup, Note
from custlog.render.recap import as_json, document, md_escape

TODAY = date(2026, 11, 24)
ANN = Customer(1, "Ann Lee", called="Annie", since=date(2024, 1, 5))


def _note(i: int, day: date, text: str, *, work: bool = True, amount: float | None = None) -> Note:
    return Note(i, 1, datetime.combine(day, time(10)), "visit", text, work, amount)


def _recap(notes: list[Note], followups: list[Followup], **kw):  # type: ignore[no-untyped-def]
    return assemble(
        ANN,
        notes,
        followups,
        kw.pop("settings", Settings(business="Lee's Garage")),
        today=TODAY,
        since=kw.pop("since", date(2025, 11, 24)),
        **kw,
    )


def test_recap_lists_work_notes_since_the_date_oldest_first() -> None:
    r = _recap(
        [
            _note(3, date(2026, 10, 1), "Replaced front struts", amount=900),
            _note(2, date(2026, 3, 2), "Oil change"),
            _note(1, date(2025, 6, 1), "Too old"),
            _note(4, date(2026, 11, 1), "Chatted about the kids", work=False),
        ],
        [],
    )
    assert [d.text for d in r.did] == ["Oil change", "Replaced front struts"]
    assert all(d.amount is None for d in r.did)  # no prices unless asked


def test_recap_amounts_only_with_prices() -> None:
    notes = [_note(1, date(2026, 10, 1), "Struts", amount=900)]
    followups = [Followup(7, 1, date(2027, 1, 10), "Timing belt", "deferred", estimate=480)]
    priced = _recap(notes, followups, prices=True)
    assert priced.did[0].amount == 900
    assert priced.coming_items[0].amount == 480
    assert "$900" in document(priced, "text") and "$480" in document(priced, "text")
    plain = _recap(notes, followups)
    for fmt in ("text", "md", "html"):
        assert "900" not in document(plain, fmt) and "480" not in document(plain, fmt)


def test_recap_coming_up_has_postponed_work_services_appointments_and_promises_only() -> None:
    followups = [
        Followup(1, 1, date(2027, 1, 10), "Timing belt", "deferred", estimate=480),
        Followup(2, 1, date(2026, 12, 15), "Oil change", "callback", every="3m"),
        Followup(3, 1, date(2026, 12, 1), "Send the roof rack quote", "promise"),
        Followup(4, 1, date(2026, 12, 2), "Call about the invoice", "callback"),
        Followup(5, 1, date(2026, 12, 3), "Ask how the trip went", "ask"),
        Followup(6, 1, date(2026, 12, 4), "Parts from the dealer", "waiting"),
        Followup(7, 1, date(2026, 12, 9), "Inspection", "callback", at_start=time(9, 30)),
        Followup(8, 1, date(2026, 12, 9), "Old", "deferred", done=date(2026, 11, 1)),
    ]
    r = _recap([], followups)
    texts = [(i.day.isoformat(), i.text) for i in r.coming_items]
    assert texts == [
        ("2026-12-01", "Send the roof rack quote"),
        ("2026-12-09", "Inspection"),
        ("2026-12-15", "Oil change"),
        ("2027-01-10", "Timing belt"),
        ("2027-03-15", "Oil change"),
    ]
    text = document(r, "text")
    assert "by Tue 1 Dec: Send the roof rack quote" in text
    assert "Wed 9 Dec, 9:30: Inspection" in text
    assert "suggested: Timing belt" in text


def test_recap_shows_postponed_work_that_is_late_this_month() -> None:
    r = _recap([], [Followup(1, 1, date(2026, 9, 1), "Brake pads", "deferred")])
    assert [(m.start, [i.text for i in m.items]) for m in r.coming] == [
        (date(2026, 11, 1), ["Brake pads"])
    ]


def test_recap_months_bound_the_coming_window() -> None:
    followups = [Followup(1, 1, date(2026, 12, 15), "Oil change", "callback", every="1m")]
    assert len(_recap([], followups, months=2).coming_items) == 1
    assert len(_recap([], followups, months=6).coming_items) == 5


def test_recap_greets_by_the_called_name_and_signs_with_the_business() -> None:
    r = _recap([], [])
    for fmt in ("text", "md", "html"):
        out = document(r, fmt)
        assert "Annie" in out and "Lee's Garage" in out.replace("&#x27;", "'").replace("\\'", "'")
        assert "Ann Lee" not in out  # the full name is for JSON only


def test_recap_json_has_the_spec_keys() -> None:
    r = _recap(
        [_note(1, date(2026, 10, 1), "Struts", amount=900)],
        [Followup(1, 1, date(2027, 1, 10), "Timing belt", "deferred", estimate=480)],
    )
    data = as_json(r)
    assert {"customer", "called", "since", "did", "coming"} <= set(data)
    assert data["customer"] == "Ann Lee" and data["called"] == "Annie"
    assert data["did"] == [{"date": "2026-10-01", "text": "Struts", "amount": None}]
    assert {"date": "2027-01-10", "text": "Timing belt", "amount": None}.items() <= data["coming"][
        0
    ].items()


def test_markdown_escapes_user_text() -> None:
    assert md_escape("*bold* [link](x) <b>") == r"\*bold\* \[link\](x) \<b\>"
    assert md_escape("- not a list") == r"\- not a list"
    assert md_escape("1. not a list") == r"1\. not a list"


def test_html_is_one_self_contained_page_without_scripts() -> None:
    r = _recap([_note(1, date(2026, 10, 1), "<script>alert(1)</script> & done")], [])
    page = document(r, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    for fetched in ("http:", "https:", "src=", "href=", "@import", "url("):
        assert fetched not in page
    assert "@media print" in page and "@page" in page and "viewport" in page
