"""The README's sample screens, checked against the real output (and rewritten from it).

A sample is a fenced block in README.md whose first line is `$ custlog …`: every `$ custlog …`
line in it is a command, and the lines up to the next `$` line are what it prints. The commands
run, in README order, as real processes on one throw-away log holding the example shop
(examples/shop.jsonl), with today pinned to the Makefile's DEMO_TODAY, piped and with NO_COLOR
set, at a fixed width: exactly what `make demo` shows.

    python -m tests.readme_samples           # check: exit 1 naming every sample that differs
    python -m tests.readme_samples --write   # rewrite the README's samples from the real output
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples" / "shop.jsonl"
WIDTH = "100"
REGENERATE = "python -m tests.readme_samples --write"

_BLOCK = re.compile(r"^```\n(\$ custlog .*?)^```$", re.S | re.M)


def demo_today() -> str:
    """The day `make demo` pins, read from the Makefile so the two cannot disagree."""
    match = re.search(
        r"^DEMO_TODAY \?= (\d{4}-\d{2}-\d{2})$", (ROOT / "Makefile").read_text(), re.M
    )
    if match is None:
        raise RuntimeError("the Makefile does not set DEMO_TODAY ?= YYYY-MM-DD")
    return match.group(1)


@dataclass
class Sample:
    command: str  # as shown, without the "$ "
    shown: str  # the output the README shows, lines joined with "\n", no trailing newline
    actual: str = ""


def parse(readme: str) -> list[Sample]:
    samples: list[Sample] = []
    for block in _BLOCK.finditer(readme):
        for chunk in re.split(r"^(?=\$ )", block.group(1), flags=re.M):
            if not chunk:
                continue
            command, _, shown = chunk.partition("\n")
            samples.append(Sample(command.removeprefix("$ "), shown.rstrip("\n")))
    return samples


def run_all(samples: list[Sample]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.update(
            CUSTLOG_DB=str(Path(tmp) / "custlog.db"),
            CUSTLOG_TODAY=demo_today(),
            NO_COLOR="1",
            COLUMNS=WIDTH,
            HOME=tmp,
        )
        env.pop("CUSTLOG_DEBUG", None)
        _run(["import", str(EXAMPLES)], env)
        for sample in samples:
            args = shlex.split(sample.command)
            if args[0] != "custlog":
                raise ValueError(f"a README sample runs something other than custlog: {args[0]}")
            sample.actual = _run(args[1:], env).rstrip("\n")


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "custlog", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"custlog {shlex.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def differences(samples: list[Sample]) -> str:
    """A report naming each sample whose README text is not the real output, with a diff."""
    parts = []
    for sample in samples:
        if sample.shown != sample.actual:
            diff = difflib.unified_diff(
                sample.shown.splitlines(),
                sample.actual.splitlines(),
                "README.md",
                "real output",
                lineterm="",
            )
            parts.append(f"README sample `$ {sample.command}` differs:\n" + "\n".join(diff))
    if not parts:
        return ""
    return "\n\n".join(parts) + f"\n\nIf the new output is right, regenerate with: {REGENERATE}"


def rewrite(readme: str, samples: list[Sample]) -> str:
    actual = iter(samples)

    def block(match: re.Match[str]) -> str:
        lines = []
        for chunk in re.split(r"^(?=\$ )", match.group(1), flags=re.M):
            if chunk:
                sample = next(actual)
                output = f"{sample.actual}\n" if sample.actual else ""
                lines.append(f"$ {sample.command}\n{output}")
        return "```\n" + "".join(lines) + "```"

    return _BLOCK.sub(block, readme)


def main(argv: list[str]) -> int:
    readme = README.read_text(encoding="utf-8")
    samples = parse(readme)
    run_all(samples)
    if "--write" in argv:
        README.write_text(rewrite(readme, samples), encoding="utf-8")
        print(f"Rewrote {len(samples)} README samples from the real output.")
        return 0
    report = differences(samples)
    if report:
        print(report, file=sys.stderr)
        return 1
    print(f"All {len(samples)} README samples match the real output.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
