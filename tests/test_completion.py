"""Shell completion: customer names and follow-up ids from the log, on every TAB.

Checked three ways: the matching functions themselves, the completion functions against a
log, and the whole program through Typer's completion protocol, as bash, zsh and fish call
it (and, when bash is installed, in a real interactive bash).
"""

from __future__ import annotations

import os
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from custlog.cli.completion import (
    Candidate,
    bash_word,
    complete_followup_id,
    complete_name,
    match_names,
    zsh_word,
)
from tests.conftest import Cli

PEOPLE = [
    (1, "Ann Lee", "Annie"),
    (2, "David Kowalski", "Dave"),
    (3, "Annabel Ruiz", None),
    (4, "Pat O'Brien", "Pat"),
    (5, "ann lee", None),
]
CUSTLOG = Path(sys.executable).with_name("custlog")


# -- matching --------------------------------------------------------------------------------


def test_names_match_ignoring_case_full_names_first() -> None:
    assert match_names("an", PEOPLE) == ["Ann Lee", "ann lee", "Annabel Ruiz"]
    assert match_names("ANN L", PEOPLE) == ["Ann Lee", "ann lee"]


def test_called_names_and_later_words_offer_the_full_name() -> None:
    assert match_names("dave", PEOPLE) == ["David Kowalski"]
    assert match_names("ruiz", PEOPLE) == ["Annabel Ruiz"]
    assert match_names("o'b", PEOPLE) == ["Pat O'Brien"]
    assert match_names("zed", PEOPLE) == []


def test_nothing_typed_offers_everyone() -> None:
    assert len(match_names("", PEOPLE)) == 5


def test_bash_gets_names_escaped_or_inside_the_quote_the_user_opened() -> None:
    assert bash_word("Ann Lee", "") == "Ann\\ Lee"
    assert bash_word("Pat O'Brien", "") == "Pat\\ O\\'Brien"
    assert bash_word("Zoë Müller-Smith", "") == "Zoë\\ Müller-Smith"
    assert bash_word("Pat O'Brien", '"') == "Pat O'Brien"
    assert bash_word('Say "$hi"', '"') == 'Say \\"\\$hi\\"'
    assert bash_word("Pat O'Brien", "'") == "Pat O'\\''Brien"


def test_zsh_gets_names_cut_before_a_quote_which_its_script_cannot_carry() -> None:
    assert zsh_word("Ann Lee") == "Ann Lee"
    assert zsh_word("Pat O'Brien") == "Pat O"


def test_a_candidate_passes_typers_prefix_filter_only_for_the_text_it_matched() -> None:
    candidate = Candidate("Ann\\ Lee", "an")
    assert candidate.startswith("an")
    assert candidate.startswith("Ann")
    assert not candidate.startswith("bob")
    assert candidate == "Ann\\ Lee"


# -- against a log ---------------------------------------------------------------------------


def test_names_come_from_the_log(shop: Cli) -> None:
    assert complete_name(None, "an") == ["Ann Lee"]
    assert complete_name(None, "Mrs") == ["Gloria Nguyen"]
    assert len(complete_name(None, "")) == 12


def test_followup_ids_are_the_open_ones_with_who_and_what(shop: Cli) -> None:
    shop("done", "4")
    ids = dict(complete_followup_id(None, ""))
    assert len(ids) == 28
    assert "4" not in ids
    assert ids["2"].startswith("Ann Lee, due 2026-11-20: Text Annie the photos")
    assert [value for value, _ in complete_followup_id(None, "#1")] == [
        str(i) for i in sorted(int(k) for k in ids if k.startswith("1"))
    ]


def test_completion_without_a_log_offers_nothing_and_creates_nothing(db_path: Path) -> None:
    assert complete_name(None, "a") == []
    assert complete_followup_id(None, "") == []
    assert not db_path.exists()


def test_completion_offers_names_from_a_log_it_may_not_upgrade(db_path: Path) -> None:
    from tests.test_upgrades import load

    load(8, db_path)  # from before m011_name_keys: completion reads, it never upgrades
    before = db_path.read_bytes()
    assert complete_name(None, "ZOË") == ["Zoë Ångström 🚗"]
    assert complete_name(None, "angst") == ["Zoë Ångström 🚗"]
    assert db_path.read_bytes() == before


def test_completion_ignores_a_database_that_is_not_a_custlog_log(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE customers (id, name, called)")
        conn.execute("INSERT INTO customers VALUES (1, 'Ann Lee', NULL)")
    conn.close()
    assert complete_name(None, "a") == []


def test_completion_reads_without_writing_or_loading_sqlite_utils(db_path: Path) -> None:
    shop = Path(__file__).resolve().parent.parent / "examples" / "shop.jsonl"
    subprocess.run([sys.executable, "-m", "custlog", "import", str(shop)], check=True)
    files = sorted(db_path.parent.iterdir())
    assert files == [db_path]  # the import closed the log: no -wal or -shm file is left
    before = db_path.read_bytes()
    code = (
        "import sys\n"
        "from custlog.cli.completion import complete_name\n"
        "assert complete_name(None, 'ann') == ['Ann Lee']\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"
    assert db_path.read_bytes() == before
    assert sorted(db_path.parent.iterdir()) == files


# -- through Typer's completion protocol ----------------------------------------------------


def complete(env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(CUSTLOG)], env={**os.environ, **env}, capture_output=True, text=True, timeout=60
    )
    assert result.stderr == ""
    return result.stdout


def bash(*words: str) -> list[str]:
    out = complete(
        {
            "_CUSTLOG_COMPLETE": "complete_bash",
            "COMP_WORDS": "\n".join(words),  # the script joins the words on newlines
            "COMP_CWORD": str(len(words) - 1),
        }
    )
    return [line for line in out.splitlines() if line]


needs_entry_point = pytest.mark.skipif(not CUSTLOG.exists(), reason="custlog not installed")


@needs_entry_point
def test_bash_completes_names_with_spaces_as_one_word(shop: Cli) -> None:
    assert bash("custlog", "brief", "an") == ["Ann\\ Lee"]
    assert bash("custlog", "log", "dave") == ["David\\ Kowalski"]
    assert bash("custlog", "note", '"Ann L') == ["Ann Lee"]
    assert bash("custlog", "brief", "nobody") == []
    spaced = {"_CUSTLOG_COMPLETE": "complete_bash", "COMP_WORDS": "custlog brief an"}
    assert complete({**spaced, "COMP_CWORD": "2"}) == "Ann\\ Lee\n"


@needs_entry_point
def test_bash_completes_followup_ids(shop: Cli) -> None:
    open_ids = [value for value, _ in complete_followup_id(None, "")]
    assert bash("custlog", "snooze", "2") == [i for i in open_ids if i.startswith("2")]
    assert bash("custlog", "drop", "29") == ["29"]
    assert bash("custlog", "done", "29") == ["29"]


@needs_entry_point
def test_completion_uses_the_db_option_on_the_line(shop: Cli, tmp_path: Path) -> None:
    assert bash("custlog", "--db", str(tmp_path / "other.db"), "brief", "an") == []
    assert not (tmp_path / "other.db").exists()


@needs_entry_point
def test_zsh_completes_names(shop: Cli) -> None:
    out = complete(
        {"_CUSTLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "custlog brief An"}
    )
    assert out == "_arguments '*: :((\"Ann Lee\"))'\n"


@needs_entry_point
def test_fish_completes_names_and_ids_with_their_description(shop: Cli) -> None:
    env = {"_CUSTLOG_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    names = complete({**env, "_TYPER_COMPLETE_ARGS": "custlog brief lee"})
    assert names == "Ann Lee\n"
    ids = complete({**env, "_TYPER_COMPLETE_ARGS": "custlog drop 6"})
    assert ids.startswith("6\tAnn Lee, due 2027-03-15: Rear brake pads on the van")


# -- in a real shell ----------------------------------------------------------------------------


def run_in_bash(keys: str, expect: str, env: dict[str, str]) -> str:
    """Type `keys` into an interactive bash on a pseudo-terminal; return what it printed
    once `expect` appears (or after 20 s)."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], env)
    output = b""
    try:
        os.write(fd, keys.encode())
        deadline = time.monotonic() + 20
        while expect.encode() not in output and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    output += os.read(fd, 4096)
                except OSError:
                    break
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    return output.decode(errors="replace")


@pytest.mark.slow
@needs_entry_point
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_a_real_bash_completes_a_name_with_a_space_into_one_argument(
    shop: Cli, tmp_path: Path
) -> None:
    shop("add", "Pat O'Brien")
    script = tmp_path / "custlog-completion.bash"
    script.write_text(complete({"_CUSTLOG_COMPLETE": "source_bash"}), encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{CUSTLOG.parent}{os.pathsep}{os.environ['PATH']}",
        "PS1": "$ ",
        "INPUTRC": "/dev/null",
    }
    keys = (
        f"source {script}\n"
        "custlog brief lee\t --json | grep -m1 '\"name\"'; echo AN''SWERED\n"
        "custlog brief pat\t --json | grep -m1 '\"name\"'; echo DO''NE\n"
    )
    printed = run_in_bash(keys, "DONE", env)
    assert '"name": "Ann Lee"' in printed
    assert '"name": "Pat O\'Brien"' in printed
    assert "unexpected extra argument" not in printed
