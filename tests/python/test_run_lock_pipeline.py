"""Two main jobs in one project folder: the second fails at once naming the first and touches nothing; the
published warehouse is the first run's, complete (real DuckDB, real dbt)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import duckdb
import pytest

from conftest import copy_project, file_digest

pytestmark = pytest.mark.pipeline


PARTIAL = ("--no-train", "--select", "+stg_landing__manifest +stg_passmark__gpu_benchmarks")


def _start_job(project, raw_dir, *args):
    env = dict(os.environ, AIHW_RAW_DIR=str(raw_dir), PYTHONPATH=str(project), DBT_PROFILES_DIR=str(project))
    for name in ("AIHW_DUCKDB_PATH", "AIHW_ARTIFACTS_DIR", "AIHW_RUN_LOCK_HELD", "AIHW_TARGET"):
        env.pop(name, None)
    return subprocess.Popen([sys.executable, "-m", "aihw", "run", "--target", "duckdb", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_second_run_is_refused_and_the_first_publishes_alone(tmp_path, raw_dir, bad_raw_dir):
    project = copy_project(tmp_path / "project")
    lock = project / "warehouse" / ".run.lock"
    # the second run's raw folder differs: one PassMark row fewer, so a mix would show in the counts
    passmark = bad_raw_dir / "GPU_benchmarks_v7.csv"
    passmark.write_text("".join(passmark.read_text(encoding="utf-8-sig").splitlines(keepends=True)[:-1]),
                        encoding="utf-8")

    # the staging models the test reads (a partial run: the lock is the same for any selection)
    first = _start_job(project, raw_dir, *PARTIAL)
    deadline = time.monotonic() + 120
    while not (lock.exists() and "aihw run" in lock.read_text()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert first.poll() is None, "the first run ended before the second could start"
    seeds_before = {p.name: file_digest(p) for p in (project / "seeds" / "raw").glob("*.csv")}

    second = _start_job(project, bad_raw_dir, *PARTIAL)
    out2, err2 = second.communicate(timeout=120)
    assert second.returncode == 3, out2 + err2
    assert "another run is active" in err2 and f"pid {first.pid}" in err2
    assert "[aihw] land" not in out2  # refused before landing anything
    assert {p.name: file_digest(p) for p in (project / "seeds" / "raw").glob("*.csv")} == seeds_before

    out1, err1 = first.communicate(timeout=900)
    assert first.returncode == 0, out1[-2000:] + err1[-2000:]
    with duckdb.connect(str(project / "warehouse" / "aihw.duckdb"), read_only=True) as con:
        rows = dict(con.execute("select file_name, file_data_rows from staging.stg_landing__manifest").fetchall())
        passmark_rows = con.execute("select count(*) from staging.stg_passmark__gpu_benchmarks").fetchone()[0]
    assert rows["GPU_benchmarks_v7.csv"] == passmark_rows == 2317  # the first run's input, whole
    assert not (project / "warehouse" / ".building").exists()
