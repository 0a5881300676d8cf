"""`custlog recap` and `custlog config` through the command line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Cli

FORMATS = ("text", "md", "html")
# Everything below must never reach the customer.
SECRETS = (
    "Divorce is going through",  # a private fact
    "Daughter Emma plays soccer",  # a plain fact
    "Loves fly fishing",
    "Talking to QuickLube too",  # a competitor (a fact)
    "Complained about the bill",  # a note that is not work
    "Call back about the overdue invoice",  # a callback
    "Ask how the surgery went",  # a question to ask
    "Waiting on her insurer",  # what we wait on
)
INTERNAL_WORDS = ("callback", "deferred", "follow-up", "followup", "overdue")
IDS = re.compile(r"(?<![&\w])#\d|\b[NFC]\d+\b")  # #12, N12, F7, C3


@pytest.fixture
def rosa(cli: Cli) -> Cli:
    cli("add", "Rosa Díaz", "--called", "Rosie", "--company", "Díaz Catering")
    cli("config", "business", "Lee's Garage")
    cli("fact", "rosa", "family", "Divorce is going through", "--private")
    cli("fact", "rosa", "family", "Daughter Emma plays soccer")
    cli("fact", "rosa", "hobbies", "Loves fly fishing")
    cli("fact", "rosa", "competitor", "Talking to QuickLube too")
    cli("fact", "rosa", "birthday", "--03-14")
    cli("fact", "rosa", "health", "Knee surgery", "--when", "2026-11-10")
    cli("note", "rosa", "Complained about the bill", "--on", "2026-10-02")
    cli("note", "rosa", "Replaced the timing belt", "--did", "--on", "2026-06-12")
    cli("note", "rosa", "Fitted winter tyres", "--did", "--on", "2026-11-02")
    cli("note", "rosa", "Old work", "--did", "--on", "2025-01-02")
    cli("remind", "rosa", "2026-12-01", "Call back about the overdue invoice")
    cli("remind", "rosa", "2026-12-02", "Ask how the surgery went", "--kind", "ask")
    cli("remind", "rosa", "2026-12-03", "Waiting on her insurer", "--kind", "waiting")
    cli(
        "remind", "rosa", "2027-02-10", "Rear brake pads", "--kind", "deferred", "--estimate", "480"
    )
    cli("remind", "rosa", "2026-12-15", "Van oil change", "--every", "3m", "--estimate", "89")
    cli("remind", "rosa", "2026-12-04", "Send the roof rack quote", "--kind", "promise")
    return cli


@pytest.mark.parametrize("fmt", FORMATS)
def test_recap_never_shows_facts_private_notes_or_internal_words(rosa: Cli, fmt: str) -> None:
    for extra in ((), ("--prices",), ("--since", "2020-01-01", "--months", "24")):
        out = rosa("recap", "rosa", "--format", fmt, *extra).stdout
        out = re.sub(r"<style>.*</style>", "", out, flags=re.S)  # colours are not ids
        for secret in SECRETS:
            assert secret not in out, (fmt, secret)
        lowered = out.lower()
        for word in INTERNAL_WORDS:
            assert word not in lowered, (fmt, word)
        assert not IDS.search(out), (fmt, IDS.search(out))
        assert "Emma" not in out and "surgery" not in out.lower() and "March 14" not in out


def test_recap_json_never_shows_them_either(rosa: Cli) -> None:
    data = rosa.json("recap", "rosa", "--prices", "--since", "2020-01-01")
    text = json.dumps(data, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in text
    assert "id" not in {k for item in data["did"] + data["coming"] for k in item}


def test_recap_has_what_we_did_and_what_is_coming(rosa: Cli) -> None:
    out = rosa("recap", "rosa").stdout
    assert out.startswith("Hello Rosie,\n")
    assert out.index("Replaced the timing belt") < out.index("Fitted winter tyres")
    assert "Old work" not in out  # older than twelve months
    for coming in ("Rear brake pads", "Van oil change", "Send the roof rack quote"):
        assert coming in out
    assert out.count("Van oil change") == 2  # December and March, within six months
    assert out.rstrip().endswith("Lee's Garage")
    assert "$" not in out  # no prices unless asked


def test_recap_since_and_months_and_prices(rosa: Cli) -> None:
    out = rosa("recap", "rosa", "--since", "2020-01-01", "--months", "12", "--prices").stdout
    assert "Old work" in out
    assert out.count("Van oil change") == 4
    assert "$480" in out and "$89" in out


def test_recap_json_keys(rosa: Cli) -> None:
    data = rosa.json("recap", "rosa")
    assert data["customer"] == "Rosa Díaz" and data["called"] == "Rosie"
    assert data["since"] == "2025-11-24"
    assert [d["text"] for d in data["did"]] == ["Replaced the timing belt", "Fitted winter tyres"]
    assert all(set(d) >= {"date", "text", "amount"} for d in data["did"] + data["coming"])
    assert all(d["amount"] is None for d in data["did"] + data["coming"])
    priced = rosa.json("recap", "rosa", "--prices")
    assert 480 in [c["amount"] for c in priced["coming"]]


def test_recap_amounts_use_the_currency_setting(rosa: Cli) -> None:
    rosa("config", "currency", "€")
    out = rosa("recap", "rosa", "--prices").stdout
    assert "€480" in out and "$" not in out


def test_recap_writes_a_private_file_in_the_format_its_name_says(rosa: Cli, tmp_path: Path) -> None:
    target = tmp_path / "rosa.html"
    result = rosa("recap", "rosa", "-o", str(target))
    assert result.stdout == ""
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o777 == 0o600
    rosa("recap", "rosa", "-o", str(tmp_path / "rosa.md"))
    assert "## What we did for you" in (tmp_path / "rosa.md").read_text(encoding="utf-8")


def test_recap_refuses_to_write_over_the_log(rosa: Cli, db_path: Path) -> None:
    result = rosa("recap", "rosa", "-o", str(db_path), code=1)
    assert "is the log itself" in result.stderr


def test_recap_of_a_new_customer_says_there_is_nothing_yet(cli: Cli) -> None:
    cli("add", "Zoë Ødegaard")
    out = cli("recap", "zoë").stdout
    assert "Hello Zoë," in out and "No work since" in out and "Nothing is planned" in out


def test_recap_does_not_load_the_html_page_for_text(rosa: Cli) -> None:
    import sys

    sys.modules.pop("custlog.render.recap_html", None)
    rosa("recap", "rosa")
    assert "custlog.render.recap_html" not in sys.modules
    rosa("recap", "rosa", "--format", "html")
    assert "custlog.render.recap_html" in sys.modules


# -- config -----------------------------------------------------------------------------------


def test_config_prints_every_setting_with_its_default(cli: Cli) -> None:
    assert cli("config").stdout == "business: not set\ncurrency: $\ncheck-in: not set\n"
    assert cli.json("config") == {"business": None, "currency": "$", "check-in": None}


def test_config_keeps_a_setting_in_the_log_and_resets_it(cli: Cli) -> None:
    assert cli("config", "currency", "€").stdout == "currency: €\n"
    assert cli("config", "currency").stdout == "currency: €\n"
    cli("config", "check-in", "1 week")
    assert cli.json("config", "check-in") == {"check-in": "1w"}
    cli("config", "currency", "")
    assert cli.json("config")["currency"] == "$"


def test_config_reading_creates_no_log(cli: Cli, db_path: Path) -> None:
    cli("config")
    assert not db_path.exists()


# -- a real browser (skipped where there is none) ----------------------------------------------


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None, reason="no chromium here (see README: recap)")
def test_recap_page_renders_in_headless_chromium(rosa: Cli, tmp_path: Path) -> None:
    page = tmp_path / "rosa.html"
    rosa("recap", "rosa", "--prices", "-o", str(page))
    shot = tmp_path / "rosa.png"
    browser = _chromium()
    assert browser is not None
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=800,1100",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
