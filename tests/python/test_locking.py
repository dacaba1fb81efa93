"""The run lock: a second run fails at once naming the first; the wrapper's children reuse its lock; a killed
holder leaves no stale lock. Real processes and real fcntl locks (no warehouse needed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aihw.locking import HELD_ENV, RunLockedError, child_env, lock_file, run_lock

PROJECT = Path(__file__).resolve().parents[2]
HOLD_SCRIPT = (
    "import os, sys, time; from pathlib import Path; from aihw.locking import HELD_ENV, run_lock\n"
    "with run_lock([Path(sys.argv[1])], 'holder under test', held=os.environ.get(HELD_ENV)):\n"
    "    print('locked', flush=True); time.sleep(60)\n"
)


def _python(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.Popen:
    env = dict(env or os.environ, PYTHONPATH=str(PROJECT))
    return subprocess.Popen([sys.executable, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=PROJECT, **kw)


def test_second_run_fails_at_once_naming_the_first(tmp_path):
    with run_lock([tmp_path], "python -m aihw run --target duckdb"):
        started = time.perf_counter()
        with pytest.raises(RunLockedError) as info, run_lock([tmp_path], "second run"):
            pass
        assert time.perf_counter() - started < 1.0  # no waiting
    message = str(info.value)
    assert f"pid {os.getpid()}" in message and "python -m aihw run --target duckdb" in message
    assert str(lock_file(tmp_path)) in message
    with run_lock([tmp_path], "after the first finished"):  # released on exit
        pass


def test_every_folder_is_locked(tmp_path):
    a, b = tmp_path / "warehouse", tmp_path / "elsewhere"
    with run_lock([a, b], "first"), pytest.raises(RunLockedError), run_lock([b], "second"):
        pass


def test_a_lock_held_by_the_parent_is_reused_not_taken_again(tmp_path):
    with run_lock([tmp_path], "wrapper") as paths:
        env = child_env(paths, {})
        with run_lock([tmp_path], "child of the wrapper", held=env[HELD_ENV]):
            pass
        other = tmp_path / "other"  # a folder the parent does not hold is still locked by the child
        with run_lock([other], "child", held=env[HELD_ENV]), pytest.raises(RunLockedError):
            with run_lock([other], "grandchild without the inheritance"):
                pass


def test_wrapper_holds_the_lock_for_its_command_and_another_process_is_refused(tmp_path):
    wrapper = _python("-m", "aihw.locking", "--lock", str(tmp_path), "--", sys.executable, "-c", HOLD_SCRIPT,
                      str(tmp_path), start_new_session=True)
    try:
        assert wrapper.stdout.readline().strip() == "locked"  # the child re-entered its parent's lock
        other = _python("-m", "aihw.locking", "--lock", str(tmp_path), "--", sys.executable, "-c", "print('ran')")
        out, err = other.communicate(timeout=30)
        assert other.returncode == 3 and "ran" not in out
        assert "another run is active" in err and "aihw.locking" not in err.split("(")[0]
    finally:
        os.killpg(wrapper.pid, signal.SIGKILL)  # the wrapper and the command it holds the lock for
        wrapper.communicate()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    holder = _python("-c", HOLD_SCRIPT, str(tmp_path), start_new_session=True)
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(RunLockedError):
        with run_lock([tmp_path], "while the holder lives"):
            pass
    os.killpg(holder.pid, signal.SIGKILL)
    holder.communicate()
    with run_lock([tmp_path], "after the holder was killed"):
        pass
