"""The main job: land -> dbt build (up to the marts) -> train + write back -> dbt build (marts on predictions).

On DuckDB the whole job builds into a copy of the warehouse (warehouse/.building/) and only replaces the
published file when every step has passed, so a failure at any step leaves the previous warehouse and
predictions exactly as they were. On PostgreSQL, bad input is rejected before anything is written and each
dbt model / python_ml table is swapped in its own transaction.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from aihw.config import Settings
from aihw.landing import LandedFile, land

ML_SELECTOR = "source:python_ml+"


class PipelineError(RuntimeError):
    pass


@dataclass
class JobReport:
    target: str
    landed: list[LandedFile] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    layer_rows: dict[str, int] = field(default_factory=dict)
    warehouse_location: str = ""
    model_version: str = ""

    def summary(self) -> str:
        lines = [f"== aihw main job: target {self.target} =="]
        lines.append("landed: " + ", ".join(f"{f.file_name} {f.rows:,} rows" for f in self.landed))
        lines.append("rows per layer: " + ", ".join(f"{k} {v:,}" for k, v in self.layer_rows.items()))
        lines.append(f"warehouse: {self.warehouse_location}")
        lines.append(f"model version: {self.model_version}")
        lines.append("timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.timings.items()))
        return "\n".join(lines)


def dbt_executable() -> str:
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(settings: Settings, args: list[str], env: dict[str, str]) -> None:
    cmd = [
        dbt_executable(), *args,
        "--project-dir", str(settings.project_root),
        "--profiles-dir", str(settings.project_root),
        "--target", settings.target,
        "--target-path", str(settings.dbt_target_path),
    ]
    print(f"[aihw] $ dbt {' '.join(args)} (target {settings.target})", flush=True)
    proc = subprocess.run(cmd, env=env, cwd=settings.project_root)
    if proc.returncode != 0:
        raise PipelineError(f"dbt {' '.join(args)} failed on target {settings.target} (exit {proc.returncode})")


def _timed(report: JobReport, name: str):
    class _T:
        def __enter__(self):
            self.t = time.perf_counter()
            print(f"[aihw] {name} ...", flush=True)

        def __exit__(self, *exc):
            report.timings[name] = time.perf_counter() - self.t
            return False

    return _T()


def run_main_job(settings: Settings, train: bool = True) -> JobReport:
    from aihw.warehouse import LAYER_SCHEMAS, layer_row_counts, session

    report = JobReport(target=settings.target)
    env = dict(os.environ, AIHW_TARGET=settings.target, DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    with _timed(report, "land"):
        report.landed = land(settings.raw_dir, settings.seeds_raw_dir, settings.raw_contract_path)

    published = settings.duckdb_path
    building = published.parent / ".building" / published.name
    previous_path_env = os.environ.get("AIHW_DUCKDB_PATH")
    if settings.target == "duckdb":
        shutil.rmtree(building.parent, ignore_errors=True)
        building.parent.mkdir(parents=True, exist_ok=True)
        env["AIHW_DUCKDB_PATH"] = str(building)
        os.environ["AIHW_DUCKDB_PATH"] = str(building)
    try:
        if settings.target == "duckdb" and published.exists():
            # keep the ML schema (the model registry's history); every dbt layer is rebuilt from scratch
            shutil.copy2(published, building)
            with session(settings) as wh:
                wh.drop_schemas(LAYER_SCHEMAS)
        with _timed(report, f"dbt build {settings.target}"):
            run_dbt(settings, ["build", "--full-refresh", "--exclude", ML_SELECTOR], env)
        if train:
            from python_ml.modeling.train import train_and_write_back  # scikit-learn only when training

            with _timed(report, "train + write-back"):
                result = train_and_write_back(settings)
                report.model_version = result.model_version
            with _timed(report, f"dbt build ml marts {settings.target}"):
                run_dbt(settings, ["build", "--select", ML_SELECTOR], env)
        with session(settings) as wh:
            report.layer_rows = layer_row_counts(wh)
        if settings.target == "duckdb":
            os.replace(building, published)
            report.warehouse_location = str(published)
        else:
            report.warehouse_location = f"postgres {env.get('AIHW_PG_HOST', '127.0.0.1')}:{env.get('AIHW_PG_PORT', '5432')}"
        if train:
            from python_ml.registry import promote

            promote(settings.artifacts_dir, report.model_version)
    finally:
        if settings.target == "duckdb":
            if previous_path_env is None:
                os.environ.pop("AIHW_DUCKDB_PATH", None)
            else:
                os.environ["AIHW_DUCKDB_PATH"] = previous_path_env
            shutil.rmtree(building.parent, ignore_errors=True)
    return report

