"""Bad input, tried systematically on every command.

Each refusal is one clear line on stderr with exit 1 (or Typer's own usage message with exit 2),
never a traceback, and the log is exactly as it was: `custlog export` is the same before and
after. SQL-looking text and emoji are not bad input: they are stored as typed.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from custlog.cli import app
from tests.conftest import EXAMPLES, Cli
from tests.safety import run_custlog

AMBIGUOUS = "m"  # Marcus Bell ("Marcus") and Gloria Nguyen ("Mrs. Nguyen")
OPEN_FOLLOWUP = "21"  # Gloria Nguyen's overdue call
DONE_FOLLOWUP = "1"  # Ann Lee's text about the brake parts, done on 2026-11-06
SQL = "'; DROP TABLE customers; --"


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: int
    says: str = ""  # a piece of the error line
    input: str | None = None

    @property
    def command(self) -> str:
        return self.args[0]


def case(*args: str, code: int = 1, says: str = "", input: str | None = None) -> Case:
    return Case(args, code, says, input)


ZED = '{"type": "customer", "id": 1, "name": "Zed"}\n'

# Files the cases name as {name}; written into the test's folder.
FILES: dict[str, str | bytes] = {
    "not-json.jsonl": '{"type": "customer", "name": "Zed"}\n{"type": "note", "text": \n',
    "array.jsonl": "[1, 2, 3]\n",
    "no-type.jsonl": '{"name": "Zed"}\n',
    "bad-type.jsonl": '{"type": "invoice", "name": "Zed"}\n',
    "name-number.jsonl": '{"type": "customer", "name": 5}\n',
    "tags-string.jsonl": '{"type": "customer", "name": "Zed", "tags": "fleet"}\n',
    "estimate-text.jsonl": (
        '{"type": "customer", "id": 1, "name": "Zed"}\n'
        '{"type": "followup", "customer_id": 1, "due": "2026-12-01", "text": "Call", '
        '"estimate": "lots"}\n'
    ),
    "bad-date.jsonl": (
        '{"type": "customer", "id": 1, "name": "Zed"}\n'
        '{"type": "followup", "customer_id": 1, "due": "tomorrow-ish", "text": "Call"}\n'
    ),
    "orphan.jsonl": '{"type": "note", "customer": "Nobody At All", "text": "hello"}\n',
    "duplicate-id.jsonl": (
        '{"type": "customer", "id": 1, "name": "Zed"}\n{"type": "customer", "id": 1, "name": "Y"}\n'
    ),
    "id-text.jsonl": '{"type": "customer", "id": "one", "name": "Zed"}\n',
    "empty-text.jsonl": (
        '{"type": "customer", "id": 1, "name": "Zed"}\n'
        '{"type": "note", "customer_id": 1, "text": "   "}\n'
    ),
    "huge-text.jsonl": (
        '{"type": "customer", "id": 1, "name": "Zed"}\n'
        + json.dumps({"type": "note", "customer_id": 1, "text": "x" * 20_001})
        + "\n"
    ),
    "nul.jsonl": '{"type": "customer", "name": "Zed\\u0000"}\n',
    "good-then-bad.jsonl": (
        '{"type": "customer", "name": "Zed Good"}\n{"type": "customer", "name": ""}\n'
    ),
    "latin1.jsonl": '{"type": "customer", "name": "Zoë"}\n'.encode("latin-1"),
    # Import accepts exactly what the commands accept (#11.6, #11.9, #11.10).
    "esc-name.jsonl": '{"type": "customer", "name": "Zed\\u001b]0;owned\\u0007"}\n',
    "c1-text.jsonl": ZED + '{"type": "note", "customer_id": 1, "text": "csi \\u009b31m red"}\n',
    "newline-name.jsonl": '{"type": "customer", "name": "Zed\\nLee"}\n',
    "newline-phone.jsonl": '{"type": "customer", "name": "Zed", "phone": "555\\r\\n0100"}\n',
    "id-name.jsonl": '{"type": "customer", "name": "#12"}\n',
    "basic-date.jsonl": ZED + '{"type": "followup", "customer_id": 1, "due": "20261201"}\n',
    "week-date.jsonl": ZED + '{"type": "followup", "customer_id": 1, "due": "2026-W48-2"}\n',
    "far-date.jsonl": ZED + '{"type": "followup", "customer_id": 1, "due": "9999-12-31"}\n',
    "old-since.jsonl": '{"type": "customer", "name": "Zed", "since": "0001-01-01"}\n',
    "zone-moment.jsonl": (
        ZED + '{"type": "note", "customer_id": 1, "at": "2026-11-20T10:00:00+02:00", "text": "x"}\n'
    ),
    "future-note.jsonl": (
        ZED + '{"type": "note", "customer_id": 1, "at": "2026-12-24T10:00:00", "text": "x"}\n'
    ),
    "nan-estimate.jsonl": ZED + '{"type": "followup", "customer_id": 1, "due": "2026-12-01", '
    '"estimate": NaN}\n',
    "infinite-estimate.jsonl": ZED + '{"type": "followup", "customer_id": 1, "due": "2026-12-01", '
    '"estimate": Infinity}\n',
    "huge-estimate.jsonl": ZED + '{"type": "followup", "customer_id": 1, "due": "2026-12-01", '
    '"estimate": 1e308}\n',
    "self-superseded.jsonl": ZED + '{"type": "fact", "customer_id": 1, "id": 4, "topic": "work", '
    '"text": "x", "superseded_by": 4}\n',
    "bad-via.jsonl": ZED + '{"type": "note", "customer_id": 1, "via": "pigeon", "text": "x"}\n',
    "esc-tag.jsonl": '{"type": "customer", "name": "Zed", "tags": ["\\u001b[31mred"]}\n',
    "garbage.db": b"this is not a backup at all\n" * 100,
    "bad-offer.jsonl": (
        '{"type": "customer", "id": 1, "name": "Zed"}\n'
        '{"type": "followup", "customer_id": 1, "due": "2026-12-01", "text": "Brakes", '
        '"kind": "deferred", "offers": [{"on": "2026-11-01", "outcome": "won"}]}\n'
    ),
    "bad-at.jsonl": (
        '{"type": "customer", "id": 1, "name": "Zed"}\n'
        '{"type": "followup", "customer_id": 1, "due": "2026-12-01", "text": "Visit", '
        '"at": "25:00"}\n'
    ),
    "bad-setting.jsonl": '{"type": "setting", "key": "colour", "value": "red"}\n',
    "self-referral.jsonl": '{"type": "customer", "id": 1, "name": "Zed", "referred_by_id": 1}\n',
    "unknown-referrer.jsonl": '{"type": "customer", "name": "Zed", "referred_by": "Nobody"}\n',
    "addressed-fact.jsonl": ZED + '{"type": "fact", "customer_id": 1, "topic": "work", '
    '"text": "x", "addressed": "2026-11-01"}\n',
    "addressed-no-note.jsonl": ZED + '{"type": "fact", "customer_id": 1, "topic": "concern", '
    '"text": "x", "addressed": "2026-11-01", "addressed_note_id": 7}\n',
}

CASES: list[Case] = [
    # -- add
    case("add", "", says="empty"),
    case("add", "   ", says="empty"),
    case("add", "Ann Lee", says="already in the log as #1"),
    case("add", "Two\nLines", says="one line"),
    case("add", "A" * 301, says="limit"),
    case("add", "Bell\x07Ringer", says="control characters"),
    case("add", "Zed", "--every", "fortnightly-ish", says="cannot read the period"),
    case("add", "Zed", "--tag", "\x1b[31mred", says="control characters"),
    case("add", "Bell\x9bRinger", says="control characters"),  # a C1 control (CSI)
    case("add", "#12", says="reads as a customer id"),
    case("add", "# 7", says="reads as a customer id"),
    case("add", "Zed", "--referred-by", "zzz", says='no customer named "zzz"'),
    case("add", "Zed", "--referred-by", AMBIGUOUS, says="matches 2 customers"),
    case("add", "Zed", "--referred-by", "#999", says="no customer with id #999"),
    case("add", "Zed Zed", "--referred-by", "zed zed", says="referred by themselves"),
    case("add", "Zoë Ødegaard", "--referred-by", "ZOE\u0308 ØDEGAARD", says="by themselves"),
    # -- note
    case("note", "zzz", "hello", says='no customer named "zzz"'),
    case("note", "anne", "hello", says="did you mean Ann Lee?"),
    case("note", AMBIGUOUS, "hello", says="matches 2 customers"),
    case("note", SQL, "hello", says="no customer named"),
    case("note", "#999", "hello", says="no customer with id #999"),
    case("note", "", "hello", says="customer name is needed"),
    case("note", "ann", "", says="empty"),
    case("note", "ann", "   ", says="empty"),
    case("note", "ann", input="", says="empty"),
    case("note", "ann", "x" * 20_001, says="limit"),
    case("note", "ann", "esc \x1b[31m red", says="control characters"),
    case("note", "ann", "nul \x00 byte", says="control characters"),
    case("note", "ann", "hello", "--on", "someday", says="cannot read"),
    case("note", "ann", "hello", "--on", "3/4", says="ambiguous"),
    case("note", "ann", "hello", "--on", "2026-02-30", says="February 30"),
    case("note", "ann", "hello", "--via", "pigeon", says="unknown channel"),
    case("note", "ann", "hello", "--fact", "no colon here", says="needs a colon"),
    case("note", "ann", "hello", "--fact", "family:", says="both sides"),
    case("note", "ann", "hello", "--follow-up", "blursday:call", says="cannot read"),
    case("note", "ann", "hello", "--kind", "gossip", says="--kind"),
    case("note", "ann", "hello", "--on", "1850-01-01", says="out of range (1900 to 2200)"),
    case("note", "ann", "osc \x1b]0;owned\x07 title", says="control characters"),
    # -- fact
    case("fact", "zzz", "family", "Has twins", says="no customer named"),
    case("fact", "ann", "family", "", says="empty"),
    case("fact", "ann", "", "Has twins", says="empty"),
    case("fact", "ann", "birthday", "not a date", says="yearly date"),
    case("fact", "ann", "birthday", "1850-01-01", says="out of range"),
    case("fact", "ann", "family", "x" * 2_001, says="limit"),
    case("fact", "ann", "family", "Has twins", "--on", "later", says="cannot read"),
    case("fact", "ann", "family", "Has twins", "--replace", "99999", says="has no fact F99999"),
    case("fact", "ann", "family", "Has twins", "--replace", "abc", says="not a fact id"),
    # -- remind
    case("remind", "zzz", "friday", "Call", says="no customer named"),
    case("remind", "ann", "blursday", "Call", says="cannot read"),
    case("remind", "ann", "friday", "", says="empty"),
    case("remind", "ann", "friday", "Call", "--every", "sometimes", says="cannot read the period"),
    case("remind", "ann", "friday", "Call", "--every", "0d", says="from 1 to 1000"),
    case("remind", "ann", "friday", "Call", "--kind", "maybe", says="unknown kind"),
    case("remind", "ann", "friday", "Call", "--estimate", "lots", says="cannot read the amount"),
    case("remind", "ann", "friday", "Call", "--estimate", "1e308", says="too large"),
    case("remind", "ann", "friday", "Call", "--estimate", "1000000000.01", says="too large"),
    case("remind", "ann", "friday", "Call", "--estimate", "nan", says="not a number"),
    case("remind", "ann", "friday", "Call", "--estimate", "inf", says="not a number"),
    case("remind", "ann", "friday", "Call", "--estimate", "-5", says="positive"),
    case("remind", "ann", "9999-12-31", "x", "--every", "monthly", says="out of range"),
    case("remind", "ann", "in 500 years", "x", says="too far away"),
    case("remind", "ann", "friday", "Call", "--from-done", says="--every"),
    # -- done, snooze, drop
    case("done", "99999", says="no follow-up with id #99999"),
    case("done", "abc", says="not a follow-up id"),
    case("done", "#0", says="not a follow-up id"),
    case("done", SQL, says="not a follow-up id"),
    case("done", DONE_FOLLOWUP, says="already done"),
    case("done", "F1", "--note", "Fixed it", says="only a fact under the topic 'concern'"),
    case("done", OPEN_FOLLOWUP, "--note", "", says="empty"),
    case("done", OPEN_FOLLOWUP, "--via", "pigeon", "--note", "ok", says="unknown channel"),
    case("snooze", "99999", "friday", says="no follow-up"),
    case("snooze", OPEN_FOLLOWUP, "never", says="cannot read"),
    case("snooze", DONE_FOLLOWUP, "friday", says="already done"),
    case("drop", "abc", says="is not an id"),
    case("drop", "N999999", says="no note with id N999999"),
    case("drop", "Fx", says="is not an id"),
    case("edit", "N999999", "x", says="no note with id N999999"),
    case("edit", "F999999", "--private", says="no fact with id F999999"),
    case("edit", "N1", "--did", "--not-did", says="contradict"),
    case("note", "ann", "x", "--follow-up", "fridy:promise:x", says="fridy"),
    case("drop", "99999", says="no follow-up"),
    # work and money
    case("note", "ann", "Oil change", "--amount", "89", says="--amount goes with work done"),
    case("note", "ann", "Oil change", "--did", "--amount", "lots", says="cannot read the amount"),
    case("note", "ann", "Oil change", "--did", "--amount", "-5", says="positive"),
    case("note", "ann", "Oil change", "--check-in", "5d", says="--check-in goes with"),
    case("note", "ann", "Oil", "--did", "--check-in", "soon", says="cannot read the period"),
    case("note", "ann", "Oil", "--did", "--check-in", "5d", "--no-check-in", says="together"),
    case("remind", "ann", "friday", "Visit", "--at", "25:00", says="no time"),
    case("remind", "ann", "friday", "Visit", "--at", "9-7", says="ends before it starts"),
    case("remind", "ann", "friday", "Visit", "--at", "noonish", says="cannot read the time"),
    case("done", OPEN_FOLLOWUP, "--amount", "50", says="--amount goes with postponed work"),
    case("done", OPEN_FOLLOWUP, "--did", "--amount", "lots", says="cannot read the amount"),
    case("snooze", OPEN_FOLLOWUP, "friday", "--declined", "money", says="is for postponed work"),
    case("snooze", "99999", "friday", "--declined", "money", says="no follow-up"),
    case("drop", OPEN_FOLLOWUP, "--lost-to", "QuickLube", says="is for postponed work"),
    case("drop", OPEN_FOLLOWUP, "--lost-to", "", says="--lost-to needs who"),
    case("drop", DONE_FOLLOWUP, "--lost-to", "QuickLube", says="is for postponed work"),
    case("import", "{bad-offer.jsonl}", says="line 2"),
    case("import", "{bad-at.jsonl}", says="line 2"),
    case("import", "{bad-setting.jsonl}", says="unknown setting"),
    case("import", "{self-referral.jsonl}", says="referred by themselves"),
    case("import", "{unknown-referrer.jsonl}", says="matches no customer"),
    case("import", "{addressed-fact.jsonl}", says="only a concern"),
    case("import", "{addressed-no-note.jsonl}", says="not a note of this customer"),
    # recap and config
    case("recap", "zzz", says="no customer named"),
    case("recap", "ann", "--since", "someday", says="cannot read"),
    case("recap", "ann", "--since", "tomorrow", says="after today"),
    case("recap", "ann", "--format", "pdf", says="use text, md or html"),
    case("recap", "ann", "--months", "0", code=2),
    case("recap", "ann", "-o", "{missing}/recap.html", says="cannot write"),
    case("config", "colour", says="unknown setting"),
    case("config", "colour", "red", says="unknown setting"),
    case("config", "currency", "12", says="cannot use"),
    case("config", "currency", "dollars", says="at most 5"),
    case("config", "check-in", "soonish", says="cannot read the period"),
    case("config", "business", "Bell\x07Garage", says="control characters"),
    # -- edit, forget, merge, cadence
    case("edit", "zzz", "--phone", "555", says="no customer named"),
    case("edit", "ann", says="nothing to change"),
    case("edit", "ann", "--name", "", says="cannot be empty"),
    case("edit", "ann", "--every", "bogus", says="cannot read the period"),
    case("edit", "ann", "--email", "two\nlines", says="one line"),
    case("edit", "ann", "--name", "#3", says="reads as a customer id"),
    case("edit", "ann", "--referred-by", "ann lee", says="referred by themselves"),
    case("edit", "ann", "--referred-by", "#1", says="referred by themselves"),
    case("edit", "ann", "--referred-by", "zzz", says='no customer named "zzz"'),
    case("edit", "ann", "--referred-by", AMBIGUOUS, says="matches 2 customers"),
    case("snooze", OPEN_FOLLOWUP, "9999-12-31", says="out of range"),
    case("forget", "zzz", "--yes", says="no customer named"),
    case("forget", AMBIGUOUS, "--yes", says="matches 2 customers"),
    case("undo", "3", code=2),  # no steps to name: undo takes back the latest
    case("undo", "--list", "--all", code=2),
    case("merge", "ann", "annie", says="are the same customer"),
    case("merge", "#1", "lee", says="are the same customer"),
    case("merge", "zzz", "ann", says="no customer named"),
    case("merge", "ann", "zzz", says="no customer named"),
    case("merge", AMBIGUOUS, "ann", says="matches 2 customers"),
    case("merge", "ann", AMBIGUOUS, says="matches 2 customers"),
    case("merge", "ann", "#999", says="no customer with id"),
    case("merge", "", "ann", says="a customer name is needed"),
    case("merge", "ann", code=2),
    case("cadence", "--tag", "fleet", "bogus", says="cannot read the period"),
    case("cadence", "--tag", "", "30d", says="tag"),
    # -- views
    case("due", "--on", "nonsense", says="cannot read"),
    case("due", "--days", "-1", code=2),
    case("due", "--days", "lots", code=2),
    case("brief", "zzz", says="no customer named"),
    case("brief", AMBIGUOUS, says="matches 2 customers"),
    case("brief", "%", says="no customer named"),
    case("brief", "_", says="no customer named"),
    case("brief", "ann", "--notes", "-1", code=2),
    case("log", "zzz", says="no customer named"),
    case("log", "#abc", says="no customer named"),
    case("list", "--tag", code=2),
    case("search", "", says="nothing to search for"),
    case("search", '"', says="nothing to search for"),
    case("search", code=2),
    case("plan", "zzz", says="no customer named"),
    case("plan", "ann", "--months", "0", code=2),
    case("stats", "--weeks", "0", code=2),
    case("stats", "--months", "many", code=2),
    case("where", "extra", code=2),
    # -- files
    case("import", "{missing}", says="no such file"),
    case("import", "{folder}", says="is a directory"),
    case("import", "{not-json.jsonl}", says="line 2: not valid JSON"),
    case("import", "{array.jsonl}", says="line 1: expected a JSON object"),
    case("import", "{no-type.jsonl}", says='line 1: unknown "type"'),
    case("import", "{bad-type.jsonl}", says='unknown "type" "invoice"'),
    case("import", "{name-number.jsonl}", says='"name" must be a string'),
    case("import", "{tags-string.jsonl}", says='"tags" must be a list'),
    case("import", "{estimate-text.jsonl}", says='"estimate" must be a positive number'),
    case("import", "{bad-date.jsonl}", says='"due" must be an ISO date'),
    case("import", "{orphan.jsonl}", says="matches no customer line"),
    case("import", "{duplicate-id.jsonl}", says="appears twice"),
    case("import", "{id-text.jsonl}", says='"id" must be a positive whole number'),
    case("import", "{empty-text.jsonl}", says='"text" is required'),
    case("import", "{huge-text.jsonl}", says="the limit is 20,000"),
    case("import", "{nul.jsonl}", says="NUL"),
    case("import", "{good-then-bad.jsonl}", says="line 2"),
    case("import", "{latin1.jsonl}", says="UTF-8"),
    case("import", "{esc-name.jsonl}", says='line 1: "name" contains control characters'),
    case("import", "{c1-text.jsonl}", says='line 2: "text" contains control characters'),
    case("import", "{newline-name.jsonl}", says='"name" must be on one line'),
    case("import", "{newline-phone.jsonl}", says='"phone" must be on one line'),
    case("import", "{id-name.jsonl}", says="reads as a customer id"),
    case("import", "{basic-date.jsonl}", says='line 2: "due" must be an ISO date (YYYY-MM-DD)'),
    case("import", "{week-date.jsonl}", says='"due" must be an ISO date (YYYY-MM-DD)'),
    case("import", "{far-date.jsonl}", says="from 1900 to 2200"),
    case("import", "{old-since.jsonl}", says='"since" must be an ISO date'),
    case("import", "{zone-moment.jsonl}", says='"at" must be an ISO date-time'),
    case("import", "{future-note.jsonl}", says="is after today"),
    case("import", "{nan-estimate.jsonl}", says="is not a number"),
    case("import", "{infinite-estimate.jsonl}", says="is not a number"),
    case("import", "{huge-estimate.jsonl}", says="too large"),
    case("import", "{self-superseded.jsonl}", says="itself"),
    case("import", "{bad-via.jsonl}", says='unknown channel "pigeon"'),
    case("import", "{esc-tag.jsonl}", says="control characters"),
    case("import", "-", input='{"type": "customer"}\n', says='"name" is required'),
    case("export", "-o", "{missing}/out.jsonl", says="cannot write"),
    case("export", "--format", "pdf", code=2),
    case("backup", "{missing}/copy.db", says="no such folder"),
    case("backup", "{not-json.jsonl}", says="already exists"),
    case("restore", "{missing}", "--yes", says="no such file"),
    case("restore", "{folder}", "--yes", says="is a directory"),
    case("restore", "{garbage.db}", "--yes", says="not a usable custlog backup"),
    case("restore", "{not-json.jsonl}", "--yes", says="not a usable custlog backup"),
    case("doctor", "extra", code=2),
    # -- where the log is: named paths, devices, pipes
    case("--db", "", "list", says="not an empty name"),
    case("--db", "", "add", "Zed", says="not an empty name"),
    case("--db", "~nouser-custlog/x.db", "add", "Zed", says='no user "nouser-custlog"'),
    case("--db", "{missing}/sub/custlog.db", "add", "Zed", says="no such folder"),
    case("--db", "{missing}/sub/custlog.db", "restore", "{missing}", "--yes", says="no such"),
    case("--db", "/dev/null", "doctor", says="not a regular file"),
    case("--db", "/dev/null", "list", says="not a regular file"),
    case("--db", "/dev/null", "add", "Zed", says="not a regular file"),
    case("--db", "{fifo}", "doctor", says="not a regular file"),
    case("--db", "{fifo}", "due", says="not a regular file"),
    case("--db", "{fifo}", "backup", says="not a regular file"),
    case("restore", "{fifo}", "--yes", says="not a regular file"),
    case("--db", "{foreign.db}", "list", says="not a custlog log"),
    case("--db", "{foreign.db}", "doctor", says="not a custlog log"),
    case("--db", "{foreign.db}", "note", "ann", "hi", "--add", says="not a custlog log"),
    case("--db", "{foreign.db}", "restore", "{missing}", "--yes", says="no such file"),
    case("restore", "{foreign.db}", "--yes", says="not a custlog backup"),
    case("restore", "/dev/null", "--yes", says="not a regular file"),
    case("backup", "/dev/null", "--force", says="not a regular file"),
    case("backup", "{fifo}", "--force", says="not a regular file"),
]


def fill(args: tuple[str, ...], folder: Path) -> list[str]:
    names = {
        "missing": str(folder / "missing"),
        "folder": str(folder),
        "fifo": str(folder / "fifo"),
        "foreign.db": str(folder / "foreign.db"),
    }
    names.update({name: str(folder / name) for name in FILES})
    out = []
    for arg in args:
        if arg.startswith("{") and "}" in arg:
            key, rest = arg[1:].split("}", 1)
            arg = names[key] + rest
        out.append(arg)
    return out


def label(c: Case) -> str:
    text = " ".join(a if len(a) < 30 else a[:12] + "…" for a in c.args)
    return text.encode("unicode_escape").decode("ascii")


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    for name, content in FILES.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    os.mkfifo(folder / "fifo")
    other = sqlite3.connect(folder / "foreign.db")  # another program's database
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("CREATE TABLE notes_fts (text)")
    other.close()
    return folder


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The example shop log, built once, and its export."""
    path = tmp_path_factory.mktemp("shop") / "custlog.db"
    assert run_custlog(path, "import", str(EXAMPLES)).returncode == 0
    return path, run_custlog(path, "export").stdout


@pytest.fixture
def shop_log(shop_file: tuple[Path, str], db_path: Path, cli: Cli) -> tuple[Cli, str]:
    shutil.copyfile(shop_file[0], db_path)
    return cli, shop_file[1]


@pytest.mark.parametrize("c", CASES, ids=[label(c) for c in CASES])
def test_bad_input_is_refused_cleanly_and_changes_nothing(
    shop_log: tuple[Cli, str], files: Path, c: Case
) -> None:
    cli, before = shop_log
    result = cli(*fill(c.args, files), input=c.input, code=None)

    assert result.exit_code == c.code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    if c.code == 1:
        if c.input is not None and lines and lines[0].endswith("[y/N] "):
            lines = lines[1:]  # the question that was answered "no"
        assert len(lines) == 1, lines
        assert lines[0].startswith("custlog: error: ")
        assert c.says in lines[0]
    else:
        assert lines[-1].startswith("Error: "), lines  # Typer's own usage message
    assert cli("export").stdout == before


def test_every_command_is_tried_with_bad_input() -> None:
    commands = {info.name or info.callback.__name__ for info in app.registered_commands}  # type: ignore[union-attr]
    tried = {c.command for c in CASES}
    assert commands <= tried, sorted(commands - tried)


# -- what looks bad but is not: stored exactly as typed ----------------------------------------

LITERALS = [
    SQL,
    "Robert'); DROP TABLE notes;--",
    "1 OR 1=1; SELECT * FROM customers",
    '"quoted" \\backslash\\ %percent% _under_',
    "🎉 Emma's party 🎂 — señor Müller, 東京",
    "Tabs\tinside\tare\tfine",
]


@pytest.mark.parametrize("text", LITERALS, ids=range(len(LITERALS)))
def test_sql_looking_text_and_emoji_are_stored_as_typed(shop: Cli, text: str) -> None:
    shop("note", "ann", text)
    shop("fact", "ann", "family", text)
    shop("remind", "ann", "friday", text)
    shop("add", text)
    brief = shop.json("brief", "ann")
    assert brief["notes"][0]["text"] == text
    assert text in [f["text"] for f in brief["facts"]]
    assert text in [f["text"] for f in brief["followups"]]
    names = [c["name"] for c in shop.json("list")]
    assert text in names
    assert len(names) == 13
    assert (
        shop.json("brief", f"#{max(c['id'] for c in shop.json('list'))}")["customer"]["name"]
        == text
    )


def test_sql_looking_searches_find_nothing_and_break_nothing(shop: Cli) -> None:
    before = shop("export").stdout
    for query in (SQL, "AND", "NEAR(", "x OR y", "col:umn", "^", "'"):
        result = shop("search", query, "--json", code=None)
        assert result.exit_code in (0, 1), query
        assert "Traceback" not in result.stderr
        if result.exit_code == 0:
            json.loads(result.stdout)
        else:
            assert len(result.stderr.splitlines()) == 1
    assert shop("export").stdout == before
