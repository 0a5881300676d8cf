"""Time custlog, as whole processes, on realistic logs of three sizes, against the floor.

    python benchmarks/run.py [--sizes small,medium,large] [--runs 7] [--keep] [--readme]

For each size: generate the log (`generate.py`), import it with `custlog import` (timed), then
run every command once per round, a warm-up round and `--runs` measured rounds, and report
the median wall-clock time and the peak memory (the child's own ru_maxrss, from os.wait4). The
floor, `python -c "import typer, rich.console, sqlite3"`, is measured in the same rounds by the
same interpreter, and every figure is also given as a ratio to it. The tables go to
benchmarks/out/results-<size>.md and benchmarks/out/results.md; `--readme` also puts them in
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import generate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
README = HERE / "README.md"
START_MARK = "<!-- results: start (written by `benchmarks/run.py --readme`) -->"
END_MARK = "<!-- results: end -->"
MIB = 1024 * 1024

NAME = generate.TARGET


@dataclass(frozen=True)
class Case:
    label: str  # as shown in the table
    args: tuple[str, ...]  # after `custlog` (or after `python` for the floors)
    limit: float | None = None  # the goal, as a ratio to the floor, on the large log
    writes: bool = False  # runs against a copy of the log, so reads always see the same log
    python: bool = False  # a floor: run by the interpreter, not by custlog
    flat: bool = True  # part of the "flat with size" goal

    @property
    def key(self) -> str:
        return self.label


PASS_CASE = Case("`python -c pass`", ("-c", "pass"), python=True, flat=False)
FLOOR_CASE = Case(
    '**floor**: `python -c "import typer, rich.console, sqlite3"`',
    ("-c", "import typer, rich.console, sqlite3"),
    python=True,
    flat=False,
)
CASES: tuple[Case, ...] = (
    PASS_CASE,
    FLOOR_CASE,
    Case("`--help`", ("--help",), limit=1.5),
    Case("`due`", ("due",), limit=1.25),
    Case("`due --all` (info: every row)", ("due", "--all"), flat=False),
    Case("`due --json` (info: every row)", ("due", "--json"), flat=False),
    Case(f'`brief "{NAME}"`', ("brief", NAME), limit=1.25),
    Case(
        f'`note "{NAME}" TEXT`',
        ("note", NAME, "Called about the van's brakes; booked her in for Friday at 8."),
        limit=1.25,
        writes=True,
    ),
    Case(
        f'`remind "{NAME}" friday TEXT`',
        ("remind", NAME, "friday", "Send the written estimate for the roof rack"),
        limit=1.25,
        writes=True,
    ),
    Case(f"`search {generate.RARE_WORD.lower()}`", ("search", generate.RARE_WORD.lower()), 1.25),
    Case(f"`list --tag {generate.RARE_TAG}`", ("list", "--tag", generate.RARE_TAG)),
    Case(f'`log "{NAME}"`', ("log", NAME)),
    Case(
        f"`search {generate.COMMON_WORD}` (info: a word in ~1% of notes)",
        ("search", generate.COMMON_WORD),
        flat=False,
    ),
)
MEMORY_LIMIT_MIB = 60.0
IMPORT_LIMIT_S = 30.0
FLAT_LIMIT = 1.2


@dataclass
class Sample:
    seconds: float
    maxrss: int  # bytes


@dataclass
class Measured:
    samples: list[Sample] = field(default_factory=list)
    failure: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak(self) -> int:
        return max(s.maxrss for s in self.samples)


@dataclass
class SizeResult:
    size: generate.Size
    generate_s: float
    import_sample: Sample | None
    import_failure: str | None
    db_bytes: int
    runs: int
    cases: dict[str, Measured] = field(default_factory=dict)

    @property
    def floor(self) -> float:
        return self.cases[FLOOR_CASE.key].median


# -- running a process -------------------------------------------------------------------------


def child_env(db: Path | None) -> dict[str, str]:
    """The environment of every measured process: no PYTHON* tuning, today pinned, plain."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CUSTLOG_"))}
    env.update(CUSTLOG_TODAY=generate.TODAY.isoformat(), NO_COLOR="1", COLUMNS="100")
    if db is not None:
        env["CUSTLOG_DB"] = str(db)
    return env


class Spawner:
    """A small helper process (`spawn.py`) that runs each command and reports its wall-clock
    time and its own peak memory (see spawn.py for why the fork happens there)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-S", str(HERE / "spawn.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env=child_env(None),
        )  # fmt: skip
        self.scratch = Path(tempfile.mkdtemp(prefix="custlog-bench-"))
        self.errors = self.scratch / "stderr"

    def run(self, argv: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[Sample, int, str]:
        """Run `argv` to completion: its time, peak memory, exit code and standard error."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        request = {"argv": list(argv), "env": env, "cwd": str(cwd), "stderr": str(self.errors)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise SystemExit("the spawner process died")
        result = json.loads(answer)
        stderr = self.errors.read_text(encoding="utf-8", errors="replace")
        return Sample(result["seconds"], result["maxrss"]), result["code"], stderr

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)


def first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no message)"


# -- one size ----------------------------------------------------------------------------------


def measure_size(
    spawner: Spawner,
    size: generate.Size,
    custlog: Path,
    runs: int,
    warmup: int,
    seed: int,
    workdir: Path,
) -> SizeResult:
    log = workdir / f"{size.name}.jsonl"
    db = workdir / f"{size.name}.db"
    writes_db = workdir / f"{size.name}-writes.db"
    for path in (db, writes_db):
        remove_db(path)

    say(f"{size.name}: generating {size.lines:,} lines… ")
    started = time.perf_counter()
    generate.generate(size, log, seed)
    generate_s = time.perf_counter() - started
    say(f"{generate_s:.1f} s; importing… ")

    sample, code, stderr = spawner.run([str(custlog), "import", str(log)], child_env(db), workdir)
    result = SizeResult(size, generate_s, sample, None, 0, runs)
    if code != 0:
        result.import_sample, result.import_failure = None, f"exit {code}: {first_line(stderr)}"
        say(f"FAILED ({result.import_failure})\n")
        return result
    say(f"{sample.seconds:.1f} s, {sample.maxrss / MIB:.0f} MiB\n")
    result.db_bytes = db.stat().st_size
    shutil.copyfile(db, writes_db)

    python = sys.executable
    plans = []
    for case in CASES:
        argv = [python, *case.args] if case.python else [str(custlog), *case.args]
        env = child_env(writes_db if case.writes else db)
        plans.append((case, argv, env))
        result.cases[case.key] = Measured()

    total = warmup + runs
    tty = sys.stderr.isatty()
    say(f"{size.name}: {len(plans)} commands × {total} rounds ({warmup} warm-up)")
    for round_no in range(total):
        if tty:
            say(f"\r{size.name}: {len(plans)} commands × round {round_no + 1}/{total}  ")
        for case, argv, env in plans:
            measured = result.cases[case.key]
            if measured.failure:
                continue
            sample, code, stderr = spawner.run(argv, env, workdir)
            if code != 0:
                measured.failure = f"exit {code}: {first_line(stderr)}"
            elif round_no >= warmup:
                measured.samples.append(sample)
    say("\n")
    return result


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def say(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


# -- the report --------------------------------------------------------------------------------


def machine(baseline: int) -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = []
    for package in ("typer", "click", "pydantic", "rich", "sqlite-utils", "python-dateutil"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue
    return [
        f"- machine: {cpus} CPUs (nproc), {cpu}{memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.executable}), SQLite {sqlite3.sqlite_version}",
        f"- {', '.join(versions)}",
        f"- custlog {revision()}, measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- time: wall clock, fork to exit; peak memory: the process's own ru_maxrss (wait4), "
        f"which cannot read below the spawner's {baseline / MIB:.1f} MiB (`/bin/true` reads that)",
    ]


def revision() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
            check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "(not a git checkout)"
    return f"at {commit}" + (" with local changes" if dirty else "")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def size_table(result: SizeResult, small: SizeResult | None) -> list[str]:
    s = result.size
    head = [
        f"### {s.name}: {s.customers:,} customers, {s.notes:,} notes, {s.facts:,} facts, "
        f"{s.followups:,} follow-ups ({s.lines:,} lines)",
        "",
    ]
    if result.import_sample is None:
        return [*head, f"Import FAILED: {result.import_failure}", ""]
    imp = result.import_sample
    head += [
        f"Generated in {result.generate_s:.1f} s; `custlog import` took {imp.seconds:.1f} s "
        f"(peak {imp.maxrss / MIB:.0f} MiB); the log is {result.db_bytes / MIB:.0f} MiB. "
        f"Medians of {result.runs} runs after a warm-up.",
        "",
        "| command | median | × floor | over floor | min – max | peak memory | × small |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    if not result.cases[FLOOR_CASE.key].samples:
        return [*head, f"The floor could not be measured: {result.cases[FLOOR_CASE.key].failure}"]
    floor = result.floor
    rows = []
    for case in CASES:
        m = result.cases[case.key]
        if m.failure or not m.samples:
            rows.append(f"| {case.label} | FAILED: {m.failure} | | | | | |")
            continue
        times = [x.seconds for x in m.samples]
        versus = ""
        if small is not None and small is not result and not case.python:
            other = small.cases.get(case.key)
            if other and other.samples and not other.failure:
                versus = f"{m.median / other.median:.2f}×"
        over = "" if case.python else f"{(m.median - floor) * 1000:+.0f} ms"
        rows.append(
            f"| {case.label} | {ms(m.median)} | {m.median / floor:.2f}× | {over} | "
            f"{min(times) * 1000:.0f} – {max(times) * 1000:.0f} ms | "
            f"{m.peak / MIB:.1f} MiB | {versus} |"
        )
    return [*head, *rows, ""]


@dataclass
class Goal:
    text: str
    measured: str
    ok: bool | None  # None: not measured


def measured_sizes(results: dict[str, SizeResult]) -> list[SizeResult]:
    return [
        r
        for r in results.values()
        if r.import_sample is not None and r.cases[FLOOR_CASE.key].samples
    ]


def goal_sizes(results: dict[str, SizeResult]) -> list[str]:
    """The sizes the goals are judged on: the largest tidy log and the neglected one."""
    measured = measured_sizes(results)
    tidy = [r for r in measured if r.size.profile == "tidy"]
    names = [max(tidy, key=lambda r: r.size.lines).size.name] if tidy else []
    return names + [r.size.name for r in measured if r.size.profile != "tidy"]


def goals(results: dict[str, SizeResult], on: str) -> list[Goal]:
    measured = measured_sizes(results)
    big = results[on]
    small = results.get("small")
    out: list[Goal] = []
    ok_cases = {
        k: m for k, m in big.cases.items() if m.samples and not m.failure
    }  # fmt: skip
    for case in CASES:
        if case.limit is None:
            continue
        m = ok_cases.get(case.key)
        ratio = m.median / big.floor if m else None
        out.append(
            Goal(
                f"{case.label} ≤ {case.limit:g}× the floor",
                f"{ratio:.2f}×" if ratio is not None else "failed",
                ratio is not None and ratio <= case.limit,
            )
        )
    for case in CASES:
        if not case.flat:
            continue
        larger = big.size.name if big.size.name != "small" else "large"
        text = f"{case.label} on {larger} ≤ {FLAT_LIMIT:g}× on small"
        m = ok_cases.get(case.key)
        other = small.cases.get(case.key) if small and small is not big else None
        if m is None or other is None or not other.samples:
            out.append(Goal(text, "not measured (needs small and large)", None))
            continue
        ratio = m.median / other.median
        out.append(Goal(text, f"{ratio:.2f}×", ratio <= FLAT_LIMIT))
    imp = big.import_sample
    out.append(
        Goal(
            f"import of {big.size.name} ({big.size.lines:,} lines) ≤ {IMPORT_LIMIT_S:g} s",
            f"{imp.seconds:.1f} s" if imp else f"failed: {big.import_failure}",
            imp is not None and imp.seconds <= IMPORT_LIMIT_S,
        )
    )
    custlog_cases = [
        (r.size.name, c.label, r.cases[c.key].peak)
        for r in measured
        if r.size.profile == big.size.profile
        for c in CASES
        if not c.python and r.cases[c.key].samples
    ]
    if custlog_cases:
        name, label, peak = max(custlog_cases, key=lambda x: x[2])
        out.append(
            Goal(
                f"peak memory of every command ≤ {MEMORY_LIMIT_MIB:g} MiB",
                f"{peak / MIB:.1f} MiB ({label}, {name})",
                peak <= MEMORY_LIMIT_MIB * MIB,
            )
        )
    if imp is not None:
        out.append(
            Goal(
                f"peak memory of `import` ({big.size.name}) ≤ {MEMORY_LIMIT_MIB:g} MiB",
                f"{imp.maxrss / MIB:.0f} MiB",
                imp.maxrss <= MEMORY_LIMIT_MIB * MIB,
            )
        )
    return out


def goal_table(on: str, found: list[Goal]) -> list[str]:
    if not found:
        return []
    lines = [
        f"### Goals (on {on}, ratios to the floor measured in the same run)",
        "",
        "| goal | measured | result |",
        "| --- | ---: | :---: |",
    ]
    for g in found:
        verdict = "n/a" if g.ok is None else ("PASS" if g.ok else "**FAIL**")
        lines.append(f"| {g.text} | {g.measured} | {verdict} |")
    passed = sum(1 for g in found if g.ok)
    failed = sum(1 for g in found if g.ok is False)
    return [*lines, "", f"{passed} goals met, {failed} missed.", ""]


def report(
    results: dict[str, SizeResult], command: str, baseline: int
) -> tuple[str, dict[str, str]]:
    small = results.get("small")
    header = ["## Latest results", "", f"`{command}`", "", *machine(baseline), ""]
    per_size = {}
    for name, result in results.items():
        per_size[name] = "\n".join([*header, *size_table(result, small)])
    body = list(header)
    for result in results.values():
        body += size_table(result, small)
    for on in goal_sizes(results):
        table = goal_table(on, goals(results, on))
        per_size[on] += "\n".join(table)
        body += table
    return "\n".join(body), per_size


def update_readme(text: str) -> None:
    current = README.read_text(encoding="utf-8")
    if START_MARK not in current or END_MARK not in current:
        raise SystemExit(f"{README} has no {START_MARK} … {END_MARK} section to replace")
    before, rest = current.split(START_MARK, 1)
    _old, after = rest.split(END_MARK, 1)
    README.write_text(f"{before}{START_MARK}\n{text.rstrip()}\n{END_MARK}{after}", encoding="utf-8")


# -- the command line --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="small,medium,large,neglected",
        help="comma-separated sizes among small, medium, large, neglected (default: all four)",
    )  # fmt: skip
    parser.add_argument("--runs", type=int, default=7, help="measured runs (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up rounds (default 1)")
    parser.add_argument(
        "--keep", action="store_true",
        help="keep the generated logs and databases in benchmarks/out/ (deleted otherwise)",
    )  # fmt: skip
    parser.add_argument(
        "--readme", action="store_true", help="also write the tables into benchmarks/README.md"
    )
    parser.add_argument("--seed", type=int, default=2026, help="the generator's seed")
    parser.add_argument(
        "--custlog", type=Path, default=Path(sys.executable).parent / "custlog",
        help="the custlog entry point (default: the one beside this Python)",
    )  # fmt: skip
    args = parser.parse_args(argv)

    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in generate.SIZES]
    if unknown or not sizes:
        parser.error(f"unknown size {', '.join(unknown)}: use {', '.join(generate.SIZES)}")
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    if args.runs < 7:
        say(f"note: medians of {args.runs} runs; the goals are judged on at least 7\n")
    custlog: Path = args.custlog
    if not custlog.exists():
        parser.error(f"{custlog} not found: install custlog first (make bench does)")

    OUT.mkdir(parents=True, exist_ok=True)
    order = [name for name in generate.SIZES if name in sizes]  # small first
    results: dict[str, SizeResult] = {}
    spawner = Spawner()
    try:
        baseline = spawner.run(["/bin/true"], child_env(None), OUT)[0].maxrss
        for name in order:
            workdir = OUT if args.keep else Path(tempfile.mkdtemp(prefix=f"custlog-bench-{name}-"))
            try:
                results[name] = measure_size(
                    spawner, generate.SIZES[name], custlog, args.runs, args.warmup, args.seed,
                    workdir,
                )  # fmt: skip
            finally:
                if not args.keep:
                    shutil.rmtree(workdir, ignore_errors=True)
    finally:
        spawner.close()

    command = "python benchmarks/run.py " + " ".join(
        [f"--sizes {','.join(order)}", f"--runs {args.runs}"]
    )
    text, per_size = report(results, command, baseline)
    for name, table in per_size.items():
        (OUT / f"results-{name}.md").write_text(table, encoding="utf-8")
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print(text)
    if args.readme:
        update_readme(text)
        say(f"wrote the results into {README.relative_to(ROOT)}\n")
    broken = any(r.import_failure for r in results.values()) or any(
        m.failure for r in results.values() for m in r.cases.values()
    )
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
