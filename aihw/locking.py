"""One run at a time per project folder and warehouse.

The main job, the check command and the benchmark write the same places (seeds/raw, target/, the warehouse
and its build folder, artifacts/): two of them at once publish a mix. Each takes an exclusive, non-blocking
``fcntl`` lock on ``<folder>/.run.lock`` for every folder it writes (the project's ``warehouse/`` and, when the
DuckDB file lives elsewhere, that file's folder). A second run fails at once with the holder's pid, command
and start time, and touches nothing. The kernel drops the lock when the holder dies, so a killed run never
leaves a stale lock behind (the file stays; only the lock matters).

A wrapper (``python -m aihw.locking --lock DIR -- CMD ...``, used by scripts/check.sh and
scripts/benchmark.sh) holds the lock for a whole command; the runs it starts see their folder in
``AIHW_RUN_LOCK_HELD`` (passed in the child's environment) and do not lock it again.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

LOCK_NAME = ".run.lock"
HELD_ENV = "AIHW_RUN_LOCK_HELD"


class RunLockedError(RuntimeError):
    """Another run holds a lock this run needs."""


def lock_file(folder: Path) -> Path:
    return Path(folder).resolve() / LOCK_NAME


def held_by_parent(folders: list[Path], held: str | None) -> set[Path]:
    """The lock files a parent process already holds for us (from the value of AIHW_RUN_LOCK_HELD)."""
    inherited = {Path(p).resolve() for p in (held or "").split(os.pathsep) if p}
    return {lock_file(f) for f in folders} & inherited


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "unknown holder"


@contextmanager
def _exclusive(path: Path, description: str) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunLockedError(
                f"another run is active ({_holder(path)}); lock {path}. Wait for it to finish, or stop it."
            ) from None
        os.ftruncate(fd, 0)
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
        os.write(fd, f"pid {os.getpid()}, {description}, since {stamp}\n".encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextmanager
def run_lock(folders: list[Path], description: str, held: str | None = None) -> Iterator[list[Path]]:
    """Hold the run lock of every folder (sorted, so two runs never wait on each other crosswise).

    ``held`` is the value of AIHW_RUN_LOCK_HELD the caller was started with (None when not inside a wrapper).
    Yields the lock files this call holds, for a child's AIHW_RUN_LOCK_HELD.
    """
    inherited = held_by_parent(folders, held)
    paths = sorted({lock_file(f) for f in folders})
    with ExitStack() as stack:
        for path in paths:
            if path not in inherited:
                stack.enter_context(_exclusive(path, description))
        yield paths


def child_env(paths: list[Path], base: dict[str, str]) -> dict[str, str]:
    """An environment for a child process that may use the locks this process holds."""
    return dict(base, **{HELD_ENV: os.pathsep.join(str(p) for p in paths)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aihw.locking",
                                     description="Run a command while holding the run lock of folders.")
    parser.add_argument("--lock", action="append", type=Path, required=True, help="folder to lock (repeatable)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- command and its arguments")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("a command to run is required after --")
    try:
        with run_lock(args.lock, " ".join(command), os.environ.get(HELD_ENV)) as paths:
            return subprocess.run(command, env=child_env(paths, dict(os.environ))).returncode
    except RunLockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
