"""The command-line layer: check everything, then open; one error boundary; what a write says.

Real processes where only they show the behaviour (a race between two custlog processes, a
closed pipe, a terminal for $EDITOR); the in-process runner elsewhere.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.safety import one_error_line
from tests.test_editor import editor, needs_entry_point, on_a_terminal

CUSTLOG = Path(sys.executable).with_name("custlog")


def custlog_argv() -> list[str]:
    return [str(CUSTLOG)] if CUSTLOG.exists() else [sys.executable, "-m", "custlog"]


# -- validate, then open ------------------------------------------------------------------------


def test_a_failed_first_import_never_removes_what_another_process_wrote(
    tmp_path: Path,
) -> None:
    """A long import of a file whose last line is bad, into a new log; meanwhile another
    process adds Bob to the same path. The add reported success, so Bob must survive."""
    db = tmp_path / "data" / "custlog.db"
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"type": "customer", "name": "Ann Lee"}) + "\n")
        for i in range(60_000):
            line = {"type": "note", "customer": "Ann Lee", "at": "2026-01-05T10:00:00"}
            handle.write(json.dumps({**line, "text": f"Visit {i}"}) + "\n")
        handle.write('{"type": "note", "customer": "Nobody", "text": "bad last line"}\n')
    env = {**os.environ, "CUSTLOG_DB": str(db)}
    importing = subprocess.Popen(
        [*custlog_argv(), "import", str(big)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(db.parent.glob(".custlog.db.*")) and time.monotonic() < deadline:
        assert importing.poll() is None, importing.communicate()
        time.sleep(0.01)
    added = subprocess.run(
        [*custlog_argv(), "add", "Bob"], env=env, capture_output=True, text=True, check=False
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout == "Added Bob (#1)\n"
    _, err = importing.communicate(timeout=120)
    assert importing.returncode == 1
    assert "Nobody" in one_error_line(err)
    listed = subprocess.run(
        [*custlog_argv(), "list", "--json"], env=env, capture_output=True, text=True, check=True
    )
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Bob"]
    assert sorted(p.name for p in db.parent.iterdir()) == ["custlog.db"] or not list(
        db.parent.glob(".custlog.db.*")
    )


def test_a_first_import_that_fails_leaves_no_log_and_no_temporary_file(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "customer", "name": "Ann Lee"}\n{"type": "note"}\n')
    result = cli("import", str(bad), code=1)
    assert "line 2" in one_error_line(result.stderr)
    assert list(db_path.parent.iterdir()) == [bad]


def test_a_first_import_that_succeeds_becomes_the_log_privately(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"type": "customer", "name": "Ann Lee"}\n')
    cli("import", str(good))
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert [c["name"] for c in cli.json("list")] == ["Ann Lee"]


BAD_FIRST_COMMANDS = [
    ("note", "ann", "hello"),  # nobody to write to: the log is not created for it
    ("note", "Ann", "hello", "--add", "--via", "phoen"),
    ("note", "Ann", "hello", "--add", "--on", "yesterdy"),
    ("note", "Ann", "hello", "--add", "--follow-up", "fridy:x"),
    ("note", "Ann", "hello", "--add", "--fact", "no colon"),
    ("note", "#1", "hello", "--add"),
    ("add", "Ann", "--every", "fortnightly-ish"),
    ("add", "#12"),
    ("add", "#١٢"),
    ("remind", "ann", "friday", "call"),
    ("done", "١٢"),
    ("done", str(2**63)),
    ("snooze", "1", "friday"),
    ("drop", "#" + str(2**63)),
    ("fact", "ann", "family", "x"),
    ("edit", "ann", "--phone", "1"),
    ("forget", "ann", "--yes"),
    ("cadence", "--tag", "a,b", "30d"),
    ("cadence", "--tag", "vip", "sometimes"),
    ("brief", "#" + str(2**63)),
]


@pytest.mark.parametrize("args", BAD_FIRST_COMMANDS, ids=" ".join)
def test_a_failed_first_command_creates_nothing(cli: Cli, db_path: Path, args: tuple[str]) -> None:
    result = cli(*args, input="", code=1)
    assert one_error_line(result.stderr).startswith("custlog: error: ")
    assert not db_path.exists()
    assert list(db_path.parent.iterdir()) == []


def test_non_utf8_standard_input_is_one_clear_line_and_creates_nothing(db_path: Path) -> None:
    result = subprocess.run(
        [*custlog_argv(), "note", "X", "--add"],
        input=b"fine\n\xff\n",
        capture_output=True,
        env={**os.environ, "CUSTLOG_DB": str(db_path)},
        check=False,
    )
    assert result.returncode == 1
    assert one_error_line(result.stderr.decode()) == (
        "custlog: error: the note on standard input is not UTF-8 text (line 2): nothing was written"
    )
    assert not db_path.exists()


def test_ids_are_ascii_digits_only(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("remind", "ann", "friday", "Call")
    for ref in ("١", "#١", "¹", "F١"):
        result = cli("done", ref, code=1)
        assert "is not" in one_error_line(result.stderr)
    assert cli.json("due", "--days", "30")["followups"][0]["id"] == 1
    assert "no customer named" in one_error_line(cli("brief", "#١", code=1).stderr)


def test_an_id_too_large_for_the_log_is_a_clear_error(cli: Cli) -> None:
    cli("add", "Ann Lee")
    huge = str(2**63)
    assert "is not a follow-up id" in one_error_line(cli("done", huge, code=1).stderr)
    assert "no customer with id" in one_error_line(cli("brief", "#" + huge, code=1).stderr)


def test_a_name_that_reads_as_an_id_is_refused(cli: Cli) -> None:
    for name in ("#1", "# 12", "#١٢"):
        assert "reads as a customer id" in one_error_line(cli("add", name, code=1).stderr)
    cli("add", "Ann Lee")
    result = cli("edit", "ann", "--name", "#7", code=1)
    assert "reads as a customer id" in one_error_line(result.stderr)


def test_cadence_refuses_a_tag_with_a_comma(cli: Cli) -> None:
    result = cli("cadence", "--tag", "a,b", "30d", code=1)
    assert one_error_line(result.stderr) == (
        'custlog: error: "a,b" names 2 tags (a, b): set one tag at a time, e.g. --tag a'
    )
    cli("cadence", "--tag", "a", "30d")
    assert cli("cadence", "--tag", "a").stdout == "a: every 30 days\n"


def test_note_add_creates_a_customer_unless_the_name_is_exactly_one(cli: Cli) -> None:
    cli("add", "Annabelle Lee", "--called", "Bella")
    result = cli("note", "Ann", "Asked about brakes", "--add")
    assert result.stderr == "Added Ann as a new customer\n"
    assert sorted(c["name"] for c in cli.json("list")) == ["Ann", "Annabelle Lee"]
    cli("note", "bella", "By her called name", "--add")
    cli("note", "annabelle lee", "By her full name", "--add")
    assert len(cli.json("log", "Annabelle Lee")) == 2
    assert len(cli.json("list")) == 2


# -- the editor -----------------------------------------------------------------------------------


@needs_entry_point
@pytest.mark.parametrize(
    "option", [("--via", "phoen"), ("--on", "yesterdy"), ("--follow-up", "fridy:x")]
)
def test_a_bad_note_option_fails_before_the_editor_opens(
    shop: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: tuple[str, str]
) -> None:
    monkeypatch.setenv("EDITOR", editor(tmp_path, "A long note typed for nothing"))
    code, printed = on_a_terminal("note", "ann", *option)
    assert code == 1
    assert "custlog: error:" in printed
    assert not (tmp_path / "template.txt").exists()  # the editor never ran


@needs_entry_point
def test_a_note_typed_in_the_editor_that_cannot_be_saved_is_kept(
    shop: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = "Long talk about the van\nfollow-up: fridy: call back\n"
    monkeypatch.setenv("EDITOR", editor(tmp_path, typed))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    code, printed = on_a_terminal("note", "ann")
    assert code == 1
    kept = [p for p in tmp_path.glob("custlog-note-*.txt")]
    assert len(kept) == 1
    assert f"your note is kept in {kept[0]}" in printed
    assert kept[0].read_text(encoding="utf-8") == typed.strip() + "\n"
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600


# -- what a write says ---------------------------------------------------------------------------


def test_edit_says_nothing_changed_when_nothing_changed(cli: Cli) -> None:
    cli("add", "Ann Lee", "--phone", "555-0100")
    assert cli("edit", "ann", "--phone", "555-0100").stdout == (
        "Nothing changed: Ann Lee (#1) already reads so\n"
    )
    assert cli("edit", "ann", "--phone", "555-0199").stdout == "Updated Ann Lee (#1)\n"


def test_export_to_a_file_says_what_it_wrote(shop: Cli, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    result = shop("export", "-o", str(out))
    lines = len(out.read_text(encoding="utf-8").splitlines())
    assert result.stderr == f"Wrote {lines} lines to {out}\n"
    assert result.stdout == ""
    rows = shop("export", "--table", "customers", "-o", str(tmp_path / "c.csv")).stderr
    assert rows == f"Wrote 12 rows to {tmp_path / 'c.csv'}\n"


def test_restore_declined_is_not_an_error(cli: Cli, tmp_path: Path) -> None:
    cli("add", "Ann Lee")
    copy = tmp_path / "copy.db"
    cli("backup", str(copy))
    result = cli("restore", str(copy), input="n\n", code=0)
    assert result.stderr.splitlines()[-1] == "Nothing was restored."


# -- a closed pipe -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "{custlog} search -foo 2>&1 | head -1",
        "{custlog} log ann | head -1",
        "{custlog} export | head -1",
        "{custlog} --help | head -1",
    ],
)
def test_a_closed_pipe_ends_quietly(shop: Cli, db_path: Path, command: str) -> None:
    for i in range(300):  # a timeline longer than a pipe's buffer
        shop("note", "ann", f"Visit number {i} about the van")
    script = f"set -o pipefail; {command.format(custlog=' '.join(custlog_argv()))} >/dev/null"
    result = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "CUSTLOG_DB": str(db_path)},
        check=False,
    )
    assert result.stderr == ""
    assert result.returncode in (0, 2)  # 2: the usage error `search -foo` is


# -- help that reads like a manual ---------------------------------------------------------------


def command_names(cli: Cli) -> list[str]:
    text = cli("--help").stdout
    listed = text.split("Commands:", 1)[1].splitlines()
    return [line.split()[0] for line in listed if line.startswith("  ") and line.split()]


def test_help_reads_like_a_manual(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    for columns in ("80", "100"):
        monkeypatch.setenv("COLUMNS", columns)
        summaries = cli("--help").stdout.split("Commands:", 1)[1].splitlines()
        assert not [line for line in summaries if line.rstrip().endswith("...")]
        names = command_names(cli)
        assert len(names) > 20
        for name in names:
            text = cli(name, "--help").stdout
            for placeholder in ("{", "<str>", "<int", "<float", "<path>", "<text>"):
                assert placeholder not in text, (name, placeholder, text)
            assert "[default: no-" not in text and "[default: False]" not in text, (name, text)
            assert not [line for line in text.splitlines() if line.strip().startswith("[default")]


def test_usage_lines_name_their_arguments_as_a_manual_does(cli: Cli) -> None:
    assert cli("note", "--help").stdout.startswith("Usage: custlog note [OPTIONS] NAME [TEXT...]")
    assert cli("search", "--help").stdout.startswith("Usage: custlog search [OPTIONS] WORDS...")
    assert cli("done", "--help").stdout.startswith("Usage: custlog done [OPTIONS] ID")


def test_version_comes_from_the_package_metadata(cli: Cli) -> None:
    from importlib.metadata import version

    assert cli("--version").stdout == f"custlog {version('custlog')}\n"


@pytest.mark.parametrize(
    "args",
    [
        ("remind", "ann", "in ٣ days", "Call"),
        ("remind", "ann", "٢٠٢٦-١٢-٠١", "Call"),
        ("remind", "ann", "friday", "Call", "--estimate", "١٢٠"),
        ("remind", "ann", "friday", "Call", "--every", "٣m"),
        ("note", "ann", "Called", "--on", "٣ days ago"),
    ],
    ids=" ".join,
)
def test_numbers_in_dates_periods_and_amounts_are_ascii_digits(cli: Cli, args: tuple[str]) -> None:
    cli("add", "Ann Lee")
    assert one_error_line(cli(*args, code=1).stderr).startswith("custlog: error: ")
    assert cli.json("log", "ann") == []
