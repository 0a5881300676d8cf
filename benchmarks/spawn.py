"""Run commands for `run.py` and report each one's wall-clock time and its own peak memory.

Started once as `python -S spawn.py`; reads one JSON request a line on stdin
(`{"argv": [...], "env": {...}, "cwd": "...", "stderr": "FILE"}`) and answers one JSON line
(`{"seconds": ..., "maxrss": BYTES, "code": ...}`).

Why a separate, small process: on Linux a child's ru_maxrss starts from the resident size of
the process that forked it (exec keeps the high-water mark of the memory it replaces), so
forking from the benchmark itself (~25 MiB) would report 25 MiB for `python -c pass`. This
process stays at ~6 MiB, below anything measured. wait4 gives that one child's own rusage,
unlike RUSAGE_CHILDREN, which is a high-water mark over every child so far.
"""

from __future__ import annotations

import json
import os
import sys
import time


def run(argv: list[str], env: dict[str, str], cwd: str, stderr: str) -> dict[str, float | int]:
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: plain stdin/stdout, stderr to a file, then become the command
        try:
            os.chdir(cwd)
            devnull = os.open(os.devnull, os.O_RDWR)
            err = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)
            os.dup2(err, 2)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    _pid, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "maxrss": usage.ru_maxrss * 1024,  # KiB on Linux
        "code": os.waitstatus_to_exitcode(status),
    }


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        answer = run(request["argv"], request["env"], request["cwd"], request["stderr"])
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
