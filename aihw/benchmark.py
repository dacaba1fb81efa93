"""Benchmark: wall time per stage (landing, dbt build per engine, train + write-back) and peak memory.

Runs the real main job once per target into a throwaway DuckDB file and artifacts folder, so the user's
warehouse is untouched (the settings are copied with those paths; the environment is not touched).
Figures are printed, never asserted: targets live here, not in timed tests.
"""

from __future__ import annotations

import dataclasses
import resource
import tempfile
import time
from pathlib import Path

from aihw.config import Settings


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux reports KiB


def run_benchmark(settings: Settings, targets: list[str]) -> None:
    from aihw.pipeline import run_main_job

    rows = []
    with tempfile.TemporaryDirectory(prefix="aihw-bench-") as tmp:
        throwaway = dataclasses.replace(
            settings,
            duckdb_path=Path(tmp) / "aihw.duckdb",
            artifacts_dir=Path(tmp) / "artifacts",
            reports_dir=Path(tmp) / "reports",
        )
        for target in targets:
            if target == "postgres" and not settings.postgres.configured:
                print("postgres: skipped (no AIHW_PG_* settings; scripts/benchmark.sh starts a server)")
                continue
            start = time.perf_counter()
            report = run_main_job(throwaway.with_target(target))
            total = time.perf_counter() - start
            rows.append((target, report.timings, total))
    print()
    print("== benchmark (wall seconds; 2-core reference machine) ==")
    for target, timings, total in rows:
        parts = "  ".join(f"{k}: {v:6.1f}" for k, v in timings.items())
        print(f"{target:9s} total {total:6.1f}  |  {parts}")
    print(f"peak RSS: python_ml process {_peak_mb(resource.RUSAGE_SELF):.0f} MB, "
          f"largest child (dbt) {_peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
