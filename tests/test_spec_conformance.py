"""The command-line contract (docs: /work/shared/spec/cli.md), sentence by sentence, where an
audit found custlog short of the letter, and where only a real process shows the behaviour
(a terminal, standard input, file permissions, the user's data directory)."""

from __future__ import annotations

import json
import os
import pty
import select
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.safety import TODAY, custlog_env, one_error_line

ENTRY_POINT = Path(sys.executable).with_name("custlog")


def custlog(
    *args: str, env: dict[str, str], input: str = "", umask: int | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed console script, in its own process, stdout and stderr piped."""
    argv = [str(ENTRY_POINT)] if ENTRY_POINT.exists() else [sys.executable, "-m", "custlog"]

    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [*argv, *args],
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=set_umask,
    )


def on_a_terminal(*args: str, env: dict[str, str]) -> bytes:
    """What custlog writes when its standard output is a terminal."""
    argv = [str(ENTRY_POINT)] if ENTRY_POINT.exists() else [sys.executable, "-m", "custlog"]
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*argv, *args], stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=30)
    os.close(leader)
    return shown


@pytest.fixture
def env(db_path: Path) -> dict[str, str]:
    return custlog_env(db_path)


# -- Where the data lives ----------------------------------------------------------------------


def test_without_db_or_custlog_db_the_log_is_in_the_xdg_data_directory_and_where_prints_it(
    tmp_path: Path, env: dict[str, str]
) -> None:
    env.pop("CUSTLOG_DB")
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg"))
    expected = tmp_path / "xdg" / "custlog" / "custlog.db"
    assert custlog("where", env=env).stdout.strip() == str(expected)
    env.pop("XDG_DATA_HOME")
    home_default = tmp_path / "home" / ".local" / "share" / "custlog" / "custlog.db"
    assert custlog("where", env=env).stdout.strip() == str(home_default)


def test_db_before_the_command_wins_over_custlog_db(tmp_path: Path, env: dict[str, str]) -> None:
    chosen = tmp_path / "chosen.db"
    assert custlog("--db", str(chosen), "where", env=env).stdout.strip() == str(chosen)
    custlog("--db", str(chosen), "add", "Ann Lee", env=env)
    assert chosen.exists() and not Path(env["CUSTLOG_DB"]).exists()


def test_the_file_is_created_on_first_write_with_permissions_0600(
    tmp_path: Path, env: dict[str, str]
) -> None:
    env.pop("CUSTLOG_DB")
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg"))
    path = tmp_path / "xdg" / "custlog" / "custlog.db"
    for reading in (["due"], ["list", "--json"], ["search", "x"], ["export"], ["where"]):
        assert custlog(*reading, env=env).returncode == 0, reading
    assert not (tmp_path / "xdg").exists()
    assert custlog("add", "Ann Lee", env=env, umask=0).returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("umask", [0, 0o022, 0o277])
def test_the_default_data_folder_is_created_0700_whatever_the_umask(
    tmp_path: Path, env: dict[str, str], umask: int
) -> None:
    env.pop("CUSTLOG_DB")
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg" / "data"))
    assert custlog("add", "Ann Lee", env=env, umask=umask).returncode == 0
    assert stat.S_IMODE((tmp_path / "xdg" / "data" / "custlog").stat().st_mode) == 0o700


@pytest.mark.parametrize("how", ["--db", "CUSTLOG_DB"])
def test_an_explicit_log_path_in_a_missing_folder_is_refused_and_creates_nothing(
    tmp_path: Path, env: dict[str, str], how: str
) -> None:
    log = tmp_path / "typo" / "dir" / "custlog.db"
    args = ["--db", str(log)] if how == "--db" else []
    if how == "CUSTLOG_DB":
        env["CUSTLOG_DB"] = str(log)
    for command in (["add", "Ann Lee"], ["restore", str(tmp_path / "no.db"), "--yes"]):
        result = custlog(*args, *command, env=env)
        assert result.returncode == 1
    result = custlog(*args, "add", "Ann Lee", env=env)
    assert f"no such folder: {log.parent}" in one_error_line(result.stderr)
    assert not (tmp_path / "typo").exists()


def test_a_command_that_only_reads_creates_nothing(cli: Cli, db_path: Path) -> None:
    # `cadence --tag X` without a period only shows the tag's period.
    assert cli("cadence", "--tag", "fleet").stdout.strip() == "fleet: not set"
    assert not db_path.exists()


def test_a_first_write_that_fails_leaves_no_file_and_no_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the default data folder is ever created (an explicit --db folder must exist).
    monkeypatch.delenv("CUSTLOG_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "new" / "deeper"))
    cli("note", "Ann Lee", "Hello", code=1)
    cli("add", "Ann Lee", "--every", "fortnight", code=1)
    assert not (tmp_path / "new").exists()


def test_custlog_today_pins_the_date_only_and_the_time_comes_from_the_clock(
    env: dict[str, str],
) -> None:
    custlog("add", "Ann Lee", env=env)
    before = datetime.now().replace(microsecond=0)
    custlog("note", "ann", "Called", env=env)
    env.pop("CUSTLOG_TODAY")
    custlog("note", "ann", "Called again", env=env)
    after = datetime.now()
    if before.date() != after.date():
        pytest.skip("the clock passed midnight during the test")
    notes = {
        n["text"]: n["at"] for n in json.loads(custlog("log", "ann", "--json", env=env).stdout)
    }
    pinned = datetime.fromisoformat(notes["Called"])
    assert pinned.date().isoformat() == TODAY
    assert before.time() <= pinned.time() <= after.time()
    assert datetime.fromisoformat(notes["Called again"]).date() == after.date()


# -- A path that cannot hold a log: one line, exit 1, never a traceback --------------------------


def test_a_db_path_under_a_file_is_one_clear_error(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for where in (blocker / "custlog.db", blocker / "sub" / "custlog.db"):
        result = cli("--db", str(where), "add", "Ann Lee", code=1)
        assert "a file stands where a folder should be" in one_error_line(result.stderr)
    assert blocker.read_text() == "not a folder"


def test_a_db_path_that_is_not_a_regular_file_is_refused_for_writing(cli: Cli) -> None:
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null here")
    result = cli("--db", "/dev/null", "add", "Ann Lee", code=1)
    assert "is not a regular file" in one_error_line(result.stderr)


def test_a_db_name_too_long_for_the_file_system_is_one_clear_error(
    cli: Cli, tmp_path: Path
) -> None:
    too_long = tmp_path / ("x" * 300) / "custlog.db"
    for args in (["due"], ["add", "Ann Lee"]):
        result = cli("--db", str(too_long), *args, code=1)
        assert "cannot use the log at" in one_error_line(result.stderr)


def test_output_that_cannot_be_written_is_one_clear_error(env: dict[str, str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    custlog("add", "Ann Lee", env=env)
    argv = [str(ENTRY_POINT)] if ENTRY_POINT.exists() else [sys.executable, "-m", "custlog"]
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*argv, "export"], env=env, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert result.returncode == 1
    assert one_error_line(result.stderr) == "custlog: error: cannot write: No space left on device"


def test_export_to_a_pipe_writes_into_it_and_leaves_it_a_pipe(
    env: dict[str, str], tmp_path: Path
) -> None:
    custlog("add", "Ann Lee", env=env)
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = custlog("export", "-o", str(fifo), env=env)
        received = os.read(reader, 65536).decode()
    finally:
        os.close(reader)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received.splitlines()[0])["name"] == "Ann Lee"


# -- Naming a customer ---------------------------------------------------------------------------


def test_no_match_suggests_names_even_when_none_is_close(cli: Cli) -> None:
    cli("add", "Ann Lee")
    cli("add", "Robert Jones", "--called", "Bob")
    result = cli("brief", "Zyx", code=1)
    line = one_error_line(result.stderr)
    assert "did you mean" in line and ("Ann Lee" in line or "Robert Jones" in line)


def test_no_match_in_an_empty_log_says_there_is_no_customer_yet(cli: Cli) -> None:
    result = cli("brief", "Ann", code=1)
    assert "no customers yet" in one_error_line(result.stderr)


@pytest.mark.parametrize("ref", ["#99999999999999999999999", "#0"])
def test_an_id_that_names_no_customer_is_exit_1(cli: Cli, ref: str) -> None:
    cli("add", "Ann Lee")
    result = cli("brief", ref, code=1)
    assert "no customer with id" in one_error_line(result.stderr)


@pytest.mark.parametrize("ref", ["²", "#²"])
def test_a_follow_up_id_in_superscript_digits_is_not_an_id(cli: Cli, ref: str) -> None:
    cli("add", "Ann Lee")
    result = cli("done", ref, code=1)
    assert "is not a follow-up id" in one_error_line(result.stderr)


# -- Dates at the ends of the calendar -----------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"])
def test_due_on_a_day_outside_the_years_custlog_keeps_is_exit_1(cli: Cli, day: str) -> None:
    result = cli("due", "--on", day, code=1)
    assert "out of range (1900 to 2200)" in one_error_line(result.stderr)


def _far_followup(db: Path, every: str | None) -> None:
    """A follow-up on Dec 31, 9999, as an older custlog (or a hand edit) could store it."""
    from datetime import date

    from custlog.models import NewCustomer, NewFollowup
    from custlog.storage.store import Store

    store = Store.open(db, create=True)
    with store.transaction(step=None):
        ann = store.customers.add(NewCustomer("Ann Lee", since=date(2026, 1, 5))).id
        store.followups.add(ann, NewFollowup(date(9999, 12, 31), "Far away", every=every))
        store.followups.add(ann, NewFollowup(date(2026, 12, 1), "Near"))
    store.close()


def test_done_on_a_recurring_follow_up_that_cannot_recur_is_exit_1_and_keeps_it(
    cli: Cli, db_path: Path
) -> None:
    _far_followup(db_path, "1y")
    result = cli("done", "1", code=1)
    assert "cannot recur past the year 9999" in one_error_line(result.stderr)
    assert [f["done"] for f in cli.json("log", "ann")] == [None, None]


@pytest.mark.parametrize("every", [None, "1m"])
def test_a_follow_up_no_calendar_can_show_is_left_out_with_a_warning_and_the_rest_exported(
    cli: Cli, db_path: Path, every: str | None
) -> None:
    _far_followup(db_path, every)
    result = cli("export", "--format", "ics")
    assert "SUMMARY:Ann Lee: Near" in result.stdout
    if every is None:  # a one-off event on the last day of the calendar is still written
        assert "DTSTART;VALUE=DATE:99991231" in result.stdout
        assert result.stderr == ""
    else:
        assert "Far away" not in result.stdout
        (warning,) = result.stderr.splitlines()
        assert warning.startswith("custlog: warning: left out of the calendar: follow-up #1 ")
    assert result.stdout.endswith("END:VCALENDAR\n")  # (the runner reads CRLF as text)


# -- Output --------------------------------------------------------------------------------------


def test_rich_on_a_terminal_and_no_colour_codes_with_no_color(env: dict[str, str]) -> None:
    custlog("add", "Ann Lee", env=env)
    custlog("remind", "ann", "2026-11-20", "Send the estimate", "--kind", "promise", env=env)
    env.pop("NO_COLOR")
    env["TERM"] = "xterm-256color"
    assert b"\x1b[" in on_a_terminal("due", env=env)
    assert b"\x1b[" not in on_a_terminal("due", env={**env, "NO_COLOR": "1"})
    assert "\x1b[" not in custlog("due", env=env).stdout  # a pipe


def test_note_without_text_reads_standard_input_when_it_is_not_a_terminal(
    env: dict[str, str],
) -> None:
    custlog("add", "Ann Lee", env=env)
    assert custlog("note", "ann", "--via", "call", env=env, input="Talked brakes\n").returncode == 0
    empty = custlog("note", "ann", env=env, input="  \n")
    assert empty.returncode == 1 and one_error_line(empty.stderr)
    notes = json.loads(custlog("log", "ann", "--json", env=env).stdout)
    assert [(n["text"], n["via"]) for n in notes] == [("Talked brakes", "call")]


# -- JSON Lines interchange ----------------------------------------------------------------------


def test_only_customer_and_due_are_required_for_a_follow_up(cli: Cli, tmp_path: Path) -> None:
    lines = tmp_path / "minimal.jsonl"
    lines.write_text(
        '{"type": "customer", "name": "Ann Lee"}\n'
        '{"type": "followup", "customer": "Ann Lee", "due": "2026-12-01"}\n'
    )
    cli("import", str(lines))
    (followup,) = cli.json("due", "--days", "30")["followups"]
    assert (followup["customer"], followup["due"], followup["kind"]) == (
        "Ann Lee",
        "2026-12-01",
        "callback",
    )
    assert followup["estimate"] is None
    exported = tmp_path / "again.jsonl"
    cli("export", "-o", str(exported))
    fresh = tmp_path / "fresh.db"
    cli("--db", str(fresh), "import", str(exported))
    assert cli("--db", str(fresh), "export").stdout == exported.read_text()


def test_a_follow_up_line_without_due_is_a_bad_line(cli: Cli, tmp_path: Path) -> None:
    lines = tmp_path / "no-due.jsonl"
    lines.write_text(
        '{"type": "customer", "name": "Ann Lee"}\n'
        '{"type": "followup", "customer": "Ann Lee", "text": "Call"}\n'
    )
    result = cli("import", str(lines), code=1)
    assert 'line 2: "due" is required' in one_error_line(result.stderr)
    assert cli.json("list") == []
