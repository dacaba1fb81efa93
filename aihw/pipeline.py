"""The main job: land -> dbt build (up to the marts) -> train + write back -> dbt build (marts on predictions).

On DuckDB the whole job builds into a copy of the warehouse (warehouse/.building/) and only replaces the
published file when every step has passed, so a failure at any step leaves the previous warehouse and
predictions exactly as they were (the build runs on a copy of the settings pointing at that copy; the
environment is never rewritten). On PostgreSQL, bad input is rejected before anything is written and each
dbt model / python_ml table is swapped in its own transaction.

`--no-train` never publishes a warehouse without its ML marts when a model exists: the python_ml tables of the
previous run are kept (DuckDB: the copy keeps the ML schema) and the ML marts are rebuilt on them. Only a
warehouse that has never been trained is published without ML marts, and the summary says so.

`--select SELECTOR` (with --no-train; for tests that need a few models of a real run, not all of them): the
first build is limited to the dbt selection (its models and their tests) and the ML marts are not rebuilt, so
the published warehouse holds only the selected layer models (the python_ml tables are kept).

A DuckDB reader that holds the published file open does not block the build: os.replace swaps the file, the
reader keeps reading the old one until it reconnects (a new connection sees the new build).

Artifacts and reports: a training run writes them under partial names and moves them into place when it has
succeeded (python_ml.registry.publish); this job removes partial leftovers of killed runs when it starts, and on
DuckDB the artifact and report of a run whose warehouse was not published.
"""

from __future__ import annotations

import dataclasses
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
# the two dbt stages of the main job (and of the benchmark): everything not downstream of python_ml's tables,
# then the marts on them
BUILD_ARGS = ("build", "--full-refresh", "--exclude", ML_SELECTOR)
ML_MARTS_ARGS = ("build", "--select", ML_SELECTOR)
# the docs site: every model, seed and source with its catalog (columns, types, row counts) and compiled SQL; data
# and unit tests are listed from the manifest but not compiled again (the build has just run them; compiling
# 1,165 tests was three quarters of this step)
DOCS_ARGS = ("docs", "generate", "--exclude", "resource_type:test", "resource_type:unit_test")


def build_copy_path(published: Path) -> Path:
    """Where the main job builds a DuckDB warehouse before publishing it over ``published``."""
    return published.parent / ".building" / published.name


def partial_build_args(select: str) -> tuple[str, ...]:
    """The selection of a partial build and only the tests whose every parent it builds (`cautious`: a test
    that also reads a model outside it, e.g. a relationship, is left out instead of failing on a missing table)."""
    return ("--select", *select.split(), "--indirect-selection", "cautious")


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
    ml_marts: str = ""
    report_path: str = ""

    def summary(self) -> str:
        lines = [f"== aihw main job: target {self.target} =="]
        lines.append("landed: " + ", ".join(f"{f.file_name} {f.rows:,} rows" for f in self.landed))
        lines.append("rows per layer: " + ", ".join(f"{k} {v:,}" for k, v in self.layer_rows.items()))
        lines.append(f"warehouse: {self.warehouse_location}")
        lines.append(f"model version: {self.model_version}")
        if self.ml_marts:
            lines.append(f"ML marts: {self.ml_marts}")
        if self.report_path:
            lines.append(f"report: {self.report_path}")
        lines.append("timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.timings.items()))
        return "\n".join(lines)


def dbt_executable() -> str:
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def dbt_env(settings: Settings) -> dict[str, str]:
    """The dbt subprocess's environment: the inherited one plus what the settings decide (never the reverse)."""
    return {**os.environ, **settings.dbt_env()}


def run_dbt(settings: Settings, args: list[str]) -> None:
    cmd = [
        dbt_executable(), *args,
        "--project-dir", str(settings.project_root),
        "--profiles-dir", str(settings.project_root),
        "--target", settings.target,
        "--target-path", str(settings.dbt_target_path),
    ]
    print(f"[aihw] $ dbt {' '.join(args)} (target {settings.target})", flush=True)
    proc = subprocess.run(cmd, env=dbt_env(settings), cwd=settings.project_root)
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


def run_main_job(settings: Settings, train: bool = True, select: str | None = None) -> JobReport:
    """The main job under the run lock of every folder it writes: a second run fails at once, naming this one."""
    from aihw.locking import run_lock

    if select and train:
        raise PipelineError("--select builds part of the warehouse: it needs --no-train (training reads every mart)")
    with run_lock(settings.run_lock_folders, f"aihw run --target {settings.target}", settings.run_lock_held):
        return _main_job(settings, train, select)


def ml_tables_present(settings: Settings) -> bool:
    """Whether the warehouse holds every python_ml source table (a previous training run's outputs)."""
    from aihw.warehouse import ML_SOURCE, Relation, load_manifest, session

    sources = [s for s in load_manifest(settings)["sources"].values() if s["source_name"] == ML_SOURCE]
    with session(settings) as wh:
        return all(wh.table_exists(Relation(s["schema"], s.get("identifier") or s["name"])) for s in sources)


def _discard_unpublished_model(settings: Settings, version: str) -> None:
    """The artifact and report of a trained model whose DuckDB warehouse was not published (its version is in
    no published registry)."""
    from python_ml import registry

    if version:
        registry.discard(registry.artifact_path(settings.artifacts_dir, version), settings.reports_dir / version)


def _ml_stage(build: Settings, train: bool, report: JobReport) -> None:
    """Train and write back (or keep the previous run's ML tables with --no-train), then the ML marts on them."""
    if train:
        from python_ml.modeling.train import train_and_write_back  # scikit-learn only when training

        with _timed(report, "train + write-back"):
            result = train_and_write_back(build)
            report.model_version = result.model_version
        report.ml_marts = f"built on model {report.model_version}"
    elif ml_tables_present(build):  # no training: the ML marts are rebuilt on the previous run's ML tables
        report.ml_marts = "rebuilt on the previous training run's ML tables (--no-train)"
    if report.ml_marts:
        with _timed(report, f"dbt build ml marts {build.target}"):
            run_dbt(build, list(ML_MARTS_ARGS))
    else:
        report.ml_marts = "none: no model trained in this warehouse yet (run without --no-train)"


def _main_job(settings: Settings, train: bool, select: str | None = None) -> JobReport:
    from aihw.warehouse import LAYER_SCHEMAS, layer_row_counts, session
    from python_ml import registry

    report = JobReport(target=settings.target)
    for stale in registry.discard_partials(settings.artifacts_dir, settings.reports_dir):
        print(f"[aihw] removed {stale} (left by a training run that did not finish)", flush=True)
    with _timed(report, "land"):
        report.landed = land(settings)

    published = settings.duckdb_path
    building = build_copy_path(published)
    # the whole job runs against `build` settings: on DuckDB a copy of the warehouse, published at the end
    build = dataclasses.replace(settings, duckdb_path=building) if settings.target == "duckdb" else settings
    if settings.target == "duckdb":
        shutil.rmtree(building.parent, ignore_errors=True)
        building.parent.mkdir(parents=True, exist_ok=True)
    try:
        if settings.target == "duckdb" and published.exists():
            # keep the ML schema (the model registry's history); every dbt layer is rebuilt from scratch
            shutil.copy2(published, building)
            with session(build) as wh:
                wh.drop_schemas(LAYER_SCHEMAS)
        with _timed(report, f"dbt build {settings.target}"):
            run_dbt(build, [*BUILD_ARGS, *(partial_build_args(select) if select else ())])
        if select:  # the ML marts read marts outside a partial build
            report.ml_marts = f"none: partial build (--select {select})"
        else:
            _ml_stage(build, train, report)
            with _timed(report, f"dbt docs generate {settings.target}"):  # the docs site (python -m aihw docs)
                run_dbt(build, list(DOCS_ARGS))
            with _timed(report, "report"):  # the HTML report on the marts (python_ml.report)
                from python_ml.report import write_warehouse_report

                report.report_path = str(write_warehouse_report(build))
        with session(build) as wh:
            report.layer_rows = layer_row_counts(wh)
        if settings.target == "duckdb":
            os.replace(building, published)
            report.warehouse_location = str(published)
        else:
            report.warehouse_location = f"postgres {settings.postgres.host}:{settings.postgres.port}"
    except BaseException:
        if settings.target == "duckdb":
            _discard_unpublished_model(settings, report.model_version)
        raise
    finally:
        if settings.target == "duckdb":
            shutil.rmtree(building.parent, ignore_errors=True)
    return report
