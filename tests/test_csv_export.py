"""`custlog export --format csv`: the log's tables for a spreadsheet, one table per file."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from tests.conftest import Cli

HEADERS = {
    "customers": "id,name,called,company,phone,email,tags,every,since,last_contact",
    "notes": "id,customer_id,customer,at,via,text,work",
    "facts": "id,customer_id,customer,topic,text,learned,when,private,superseded_by",
    "followups": "id,customer_id,customer,due,kind,text,every,from_done,estimate,done,created",
}


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_a_directory_gets_one_private_file_per_table(shop: Cli, tmp_path: Path) -> None:
    target = tmp_path / "spreadsheets"
    result = shop("export", "--format", "csv", "-o", str(target))
    assert result.stdout == ""
    assert "Wrote customers.csv, notes.csv, facts.csv, followups.csv" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == [
        "customers.csv",
        "facts.csv",
        "followups.csv",
        "notes.csv",
    ]
    for table, header in HEADERS.items():
        path = target / f"{table}.csv"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        # a byte order mark, so that Excel reads the file as UTF-8
        assert path.read_bytes().startswith(b"\xef\xbb\xbf" + header.encode() + b"\r\n")
    counts = {t: len(rows((target / f"{t}.csv").read_text("utf-8-sig"))) for t in HEADERS}
    assert counts == {"customers": 12, "notes": 90, "facts": 42, "followups": 33}


def test_customers_read_like_a_spreadsheet(shop: Cli) -> None:
    dave = rows(shop("export", "--table", "customers").stdout)[1]
    assert dave == {
        "id": "2",
        "name": "David Kowalski",
        "called": "Dave",
        "company": "Kowalski Plumbing & Heating",
        "phone": "555-0117",
        "email": "dave@kowalskiplumbing.example.com",
        "tags": "fleet, commercial, vip",
        "every": "30d",
        "since": "2019-04-02",
        "last_contact": "2026-11-19T08:50:00",
    }


def test_each_record_names_its_customer_and_flags_read_yes_or_no(shop: Cli) -> None:
    followups = rows(shop("export", "-f", "csv", "--table", "followups").stdout)
    brakes = next(r for r in followups if r["id"] == "6")
    assert (brakes["customer"], brakes["kind"], brakes["estimate"], brakes["from_done"]) == (
        "Ann Lee",
        "deferred",
        "480.0",
        "no",
    )
    assert brakes["done"] == ""


def test_commas_quotes_and_line_breaks_survive(cli: Cli) -> None:
    cli("add", 'Ann "Annie" Lee, Jr.')
    text = 'Said: "the van, again".\nSecond line; café ☕'
    cli("note", "ann", text)
    (note,) = rows(cli("export", "--table", "notes").stdout)
    assert (note["customer"], note["text"]) == ('Ann "Annie" Lee, Jr.', text)


def test_one_table_to_a_file(shop: Cli, tmp_path: Path) -> None:
    path = tmp_path / "facts.csv"
    shop("export", "--table", "facts", "-o", str(path))
    facts = rows(path.read_text("utf-8-sig"))
    assert len(facts) == 42
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_csv_needs_a_directory_or_a_table(cli: Cli, tmp_path: Path) -> None:
    assert "give -o DIRECTORY, or --table" in cli("export", "-f", "csv", code=2).stderr
    assert "--table" in cli("export", "-o", str(tmp_path / "all.csv"), code=2).stderr
    assert not (tmp_path / "all.csv").exists()


def test_an_unknown_table_or_a_table_without_csv_is_a_usage_error(cli: Cli) -> None:
    assert "'people': use customers" in cli("export", "--table", "people", code=2).stderr
    assert "goes with --format csv" in cli("export", "-f", "ics", "--table", "notes", code=2).stderr


def test_json_lines_stay_the_default(shop: Cli) -> None:
    lines = shop("export").stdout.splitlines()
    first = next(line for line in lines if '"type": "setting"' not in line)
    assert first.startswith('{"type": "customer", "id": 1, "name": "Ann Lee"')
    assert shop("export", "--format", "jsonl").stdout == shop("export").stdout


# -- cells a spreadsheet would run as formulas (#11.5) ------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example")', "+1 555 0100", "-2+3", "@SUM(A1)", "\tTab"]


def test_cells_that_would_start_a_formula_get_a_leading_quote(cli: Cli) -> None:
    cli("add", "=cmd|' /C calc'!A0", "--phone", "+1 555 0100", "--company", "@Acme")
    cli("note", "#1", "--", "-2+3 off the invoice")
    (customer,) = rows(cli("export", "--table", "customers").stdout)
    assert customer["name"] == "'=cmd|' /C calc'!A0"
    assert customer["phone"] == "'+1 555 0100"  # shown as text, every digit kept
    assert customer["company"] == "'@Acme"
    (note,) = rows(cli("export", "--table", "notes").stdout)
    assert note["text"] == "'-2+3 off the invoice"
    assert note["customer"] == "'=cmd|' /C calc'!A0"


def test_the_json_lines_export_keeps_such_values_as_they_are(cli: Cli) -> None:
    cli("add", "Ann Lee", "--phone", "+1 555 0100")
    assert '"phone": "+1 555 0100"' in cli("export").stdout


def test_numbers_and_plain_text_are_not_touched(cli: Cli) -> None:
    cli("add", "Ann Lee", "--phone", "555-0100")
    cli("remind", "ann", "friday", "Brakes", "--kind", "deferred", "--estimate", "480")
    (customer,) = rows(cli("export", "--table", "customers").stdout)
    assert (customer["name"], customer["phone"]) == ("Ann Lee", "555-0100")
    (followup,) = rows(cli("export", "--table", "followups").stdout)
    assert followup["estimate"] == "480.0"


def test_imported_contacts_cannot_smuggle_a_formula_into_the_csv(cli: Cli, tmp_path: Path) -> None:
    card = tmp_path / "evil.vcf"
    card.write_text(
        'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:=HYPERLINK("http://evil.example"\\,"Ann")\r\n'
        "ORG:+SUM(1)\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    cli("import", str(card))
    (customer,) = rows(cli("export", "--table", "customers").stdout)
    assert all(not value.startswith(("=", "+", "-", "@")) for value in customer.values())
    assert customer["name"].startswith("'=HYPERLINK")


def test_spreadsheet_cell_quotes_every_formula_start() -> None:
    from custlog.formats.csv_export import spreadsheet_cell

    for text in [*FORMULAS, "\rCR", "\nLF"]:
        assert spreadsheet_cell(text) == "'" + text
    assert spreadsheet_cell(None) == ""
    assert spreadsheet_cell(-5) == -5
    assert spreadsheet_cell("José") == "José"
