"""Files custlog must refuse, and files it may not write: one clear line on stderr, exit 1, and
the file exactly as it was (bytes, modification time and permissions)."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.safety import Fingerprint, integrity, one_error_line, run_custlog

# Reading, writing and maintenance commands: every one must refuse a bad file the same way.
COMMANDS = [
    ("brief", "ann"),
    ("export",),
    ("add", "Zoe Quinn"),
    ("note", "ann", "Called about the van"),
    ("import", str(EXAMPLES)),
    ("backup",),
    ("doctor",),
]


def real_log(path: Path) -> Path:
    """The example shop log, folded into one file (no write-ahead log beside it)."""
    assert run_custlog(path, "import", str(EXAMPLES)).returncode == 0
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def zeros(path: Path) -> None:
    path.write_bytes(bytes(4096))


def blank_lines(path: Path) -> None:
    path.write_text("\n\n   \n")


def text_file(path: Path) -> None:
    path.write_text("Ann Lee, 555-0101, called about the van\n")


def truncated(path: Path) -> None:
    real_log(path)
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def header_only(path: Path) -> None:
    real_log(path)
    with path.open("r+b") as handle:
        handle.truncate(100)


def another_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()


def future_schema(path: Path) -> None:
    real_log(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


def unknown_migration(path: Path) -> None:
    """A newer custlog that added a migration (user_version is what this one expects)."""
    real_log(path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('custlog', 'm002_from_the_future', '2030-01-01 00:00:00')"
    )
    conn.commit()
    conn.close()


BAD_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "garbage": (garbage, "not a custlog log"),
    "zeros": (zeros, "not a custlog log"),
    "blank lines": (blank_lines, "not a custlog log"),
    "text file": (text_file, "not a custlog log"),
    "truncated log": (truncated, "damaged"),
    "log cut after its header": (header_only, "not a custlog log"),
    "another program's database": (another_program, "not a custlog log"),
    "newer schema version": (future_schema, "newer custlog"),
    "unknown migration": (unknown_migration, "newer custlog (unknown migration m002"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_refused_by_every_command_and_never_changed(
    tmp_path: Path, kind: str
) -> None:
    make, expected = BAD_FILES[kind]
    db = tmp_path / "custlog.db"
    make(db)
    before = Fingerprint.of(db)
    for args in COMMANDS:
        result = run_custlog(db, *args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        line = one_error_line(result.stderr)
        assert expected in line, (args, line)
        assert Fingerprint.of(db) == before, args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["custlog.db"]


def test_a_directory_where_the_log_should_be_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "custlog.db"
    db.mkdir()
    (db / "keep.txt").write_text("mine")
    for args in COMMANDS:
        result = run_custlog(db, *args)
        assert result.returncode == 1, args
        assert "is a directory" in one_error_line(result.stderr)
    assert [p.name for p in db.iterdir()] == ["keep.txt"]


def test_an_empty_file_is_read_as_an_empty_log_and_only_a_write_makes_it_one(
    tmp_path: Path,
) -> None:
    db = tmp_path / "custlog.db"
    db.touch(mode=0o644)
    db.chmod(0o644)
    before = Fingerprint.of(db)
    assert run_custlog(db, "list", "--json").stdout.strip() == "[]"
    assert Fingerprint.of(db) == before
    assert run_custlog(db, "add", "Ann Lee").returncode == 0
    assert (db.stat().st_mode & 0o777) == 0o600  # it holds personal data now
    assert integrity(db) == "ok"


# -- files custlog may not write ---------------------------------------------------------------


PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3


def without_root_powers() -> None:
    """In the child, before exec: root keeps its uid but loses the capabilities that ignore
    permission bits, so it meets read-only files and folders like anybody else."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


class Stranger:
    """Runs custlog as an ordinary user would, for whom permission bits count."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.preexec = without_root_powers if os.geteuid() == 0 else None

    def run(self, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return run_custlog(db, *args, preexec_fn=self.preexec)


@pytest.fixture
def stranger(tmp_path: Path) -> Iterator[Stranger]:
    folder = tmp_path / "logs"
    folder.mkdir()
    who = Stranger(folder)
    probe = folder / "probe"
    probe.write_text("")
    probe.chmod(0o400)
    try:
        written = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}, 'a')"],
            preexec_fn=who.preexec,
            capture_output=True,
        )
    except (OSError, subprocess.SubprocessError):
        pytest.skip("cannot run a process without the power to ignore file permissions")
    probe.unlink()
    if written.returncode == 0:
        pytest.skip("this user may write read-only files (root without PR_CAPBSET_DROP)")
    yield who
    folder.chmod(0o755)


def stranger_log(stranger: Stranger) -> Path:
    return real_log(stranger.folder / "custlog.db")


def test_a_read_only_log_can_be_read_but_not_written(stranger: Stranger) -> None:
    db = stranger_log(stranger)
    db.chmod(0o400)
    before = Fingerprint.of(db)
    listed = stranger.run(db, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "Ann Lee" in listed.stdout
    new = stranger.folder.parent / "new.jsonl"
    new.write_text('{"type": "customer", "name": "Zoe Quinn"}\n')
    for args in (("add", "Zoe Quinn"), ("note", "ann", "Called"), ("import", str(new))):
        result = stranger.run(db, *args)
        assert result.returncode == 1, args
        assert "read-only" in one_error_line(result.stderr)
    assert Fingerprint.of(db) == before


def test_a_log_in_a_read_only_folder_can_be_read_but_not_written(stranger: Stranger) -> None:
    db = stranger_log(stranger)
    db.parent.chmod(0o555)
    before = Fingerprint.of(db)
    for args in (("list", "--json"), ("brief", "ann", "--json"), ("due", "--json"), ("doctor",)):
        result = stranger.run(db, *args)
        assert result.returncode == 0, (args, result.stderr)
    result = stranger.run(db, "note", "ann", "Called")
    assert result.returncode == 1
    assert "read-only" in one_error_line(result.stderr)
    assert Fingerprint.of(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["custlog.db"]


# -- a full disk -------------------------------------------------------------------------------


def disk_full_at(size: int) -> Callable[[], None]:
    """A process in which no file may grow past `size` bytes: writes fail as on a full disk."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.mark.parametrize(
    "args",
    [
        ("note", "ann", "x" * 19_000, "--fact", "family:Daughter Emma plays soccer"),
        ("import", "BIG"),
        ("forget", "ann", "--yes"),
    ],
    ids=["note", "import", "forget"],
)
def test_a_full_disk_writes_nothing_and_says_so(tmp_path: Path, args: tuple[str, ...]) -> None:
    db = real_log(tmp_path / "custlog.db")
    before = Fingerprint.of(db)
    exported = run_custlog(db, "export").stdout
    if args == ("import", "BIG"):
        big = tmp_path / "big.jsonl"
        big.write_text(exported.replace('"name": "', '"name": "Copy of '))
        args = ("import", str(big))
    result = run_custlog(db, *args, preexec_fn=disk_full_at(40_000))
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert "full" in line
    assert "nothing was written" in line
    assert Fingerprint.of(db) == before
    assert integrity(db) == "ok"
    assert run_custlog(db, "export").stdout == exported


def test_a_new_log_on_a_full_disk_is_refused_and_can_be_made_later(tmp_path: Path) -> None:
    db = tmp_path / "custlog.db"
    result = run_custlog(db, "add", "Ann Lee", preexec_fn=disk_full_at(8192))
    assert result.returncode == 1
    assert "full" in one_error_line(result.stderr)
    assert run_custlog(db, "list", "--json").stdout.strip() == "[]"
    assert run_custlog(db, "add", "Ann Lee").returncode == 0
    assert integrity(db) == "ok"
