"""No partial publication (issue 16 item 5), on a copy of the project's own trained warehouse:
`--no-train` keeps the previous ML tables and rebuilds every ML mart on them; a DuckDB reader holding the
published file does not block the build (it keeps the old file until it reconnects); what killed training runs
left under partial names is removed, published artifacts stay. The same run is the re-run over a fully built
warehouse: its ML marts have foreign keys to the core dims the re-run rebuilds, and the re-run still succeeds
and keeps the model registry's history (the ml schema)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import duckdb
import pytest

from aihw import pipeline
from aihw.config import load_settings
from python_ml import registry

from conftest import WITHOUT_DBT_TESTS, copy_project, dbt_data_tests_run, file_digest, run_job

MARKER = "marts.reader_marker"  # only in the file as it was before the run (the run rebuilds marts)


def _tables(path: Path, schema: str) -> set[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("select table_name from information_schema.tables where table_schema = ?",
                           [schema]).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def _row_counts(path: Path, schema: str, tables: set[str]) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f'select count(*) from {schema}."{t}"').fetchone()[0] for t in sorted(tables)}
    finally:
        con.close()


def _frame(path: Path, sql: str):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


@pytest.fixture()
def trained_copy(tmp_path, published_warehouse) -> Path:
    """A project copy holding the project's published (trained) warehouse, its artifacts and a marker table."""
    project = copy_project(tmp_path / "project")
    warehouse = project / "warehouse" / "aihw.duckdb"
    warehouse.parent.mkdir()
    shutil.copy2(published_warehouse, warehouse)
    shutil.copytree(published_warehouse.parents[1] / "artifacts", project / "artifacts")
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(f"create table {MARKER} as select 1 as before_the_run")
    finally:
        con.close()
    return project


def test_no_train_keeps_the_ml_tables_and_every_ml_mart_and_a_reader_is_not_blocked(trained_copy, raw_dir):
    warehouse = trained_copy / "warehouse" / "aihw.duckdb"
    marts_before = _tables(warehouse, "marts") - {MARKER.split(".")[1]}
    counts_before = _row_counts(warehouse, "marts", marts_before)
    ml_before = {t: _frame(warehouse, f"select * from ml.{t} order by all") for t in _tables(warehouse, "ml")}
    assert "matrix_ai_performance" in marts_before and ml_before["model_versions"].shape[0] >= 1
    assert counts_before["dim_hardware"] > 0

    # leftovers of a killed training run (partial names) and a published artifact
    published = sorted((trained_copy / "artifacts").glob(f"*{registry.ARTIFACT_SUFFIX}"))
    assert published
    killed = registry.save_artifact({"killed": True}, trained_copy / "artifacts", "m-20260101T000000-dead")
    killed_report = registry.partial_path(trained_copy / "reports" / "m-20260101T000000-dead")
    killed_report.mkdir(parents=True)

    reader = duckdb.connect(str(warehouse), read_only=True)  # a BI tool holding the file
    try:
        # the data and unit tests are not run (WITHOUT_DBT_TESTS): the raw files are the published run's, whose
        # build ran them all on the same rows; this test is about what the re-run publishes and keeps
        proc = run_job(trained_copy, raw_dir, "--no-train", env_extra=WITHOUT_DBT_TESTS)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        assert dbt_data_tests_run(proc.stdout) == 0, proc.stdout[-3000:]
        # the reader still reads the file it opened (old marts), a new connection the new build
        assert reader.execute(f"select count(*) from {MARKER}").fetchone()[0] == 1
    finally:
        reader.close()
    assert MARKER.split(".")[1] not in _tables(warehouse, "marts")

    assert "ML marts: rebuilt on the previous training run's ML tables" in proc.stdout
    assert _tables(warehouse, "marts") == marts_before  # every mart, the ML ones included, with the same rows
    assert _row_counts(warehouse, "marts", marts_before) == counts_before
    for table, before in ml_before.items():
        after = _frame(warehouse, f"select * from ml.{table} order by all")
        assert after.equals(before), table
    assert not killed.exists() and not killed_report.exists()
    assert sorted((trained_copy / "artifacts").glob(f"*{registry.ARTIFACT_SUFFIX}")) == published


def _settings(project: Path, raw_dir: Path):
    return dataclasses.replace(
        load_settings("duckdb"), project_root=project, raw_dir=raw_dir,
        duckdb_path=project / "warehouse" / "aihw.duckdb",
        artifacts_dir=project / "artifacts", reports_dir=project / "reports",
    )


def _listing(project: Path) -> list[str]:
    return sorted(str(p.relative_to(project)) for folder in ("artifacts", "reports") if (project / folder).is_dir()
                  for p in (project / folder).iterdir())


# a training set of a few accelerators (two manufacturers, several architectures): these tests are about what a
# failed run leaves behind, not about the fit, and training time grows with the square of the accelerators
SMALL_TRAINING_SET = ("h100-sxm5-80gb", "h100-nvl", "l40s", "instinct-mi325x", "instinct-mi300x", "gh200")


@pytest.fixture()
def small_training(monkeypatch) -> None:
    """Training reads only the rows of SMALL_TRAINING_SET (the real read, then filtered)."""
    from python_ml import dataset

    real_read = dataset.read_inputs

    def read_subset(settings):
        inputs = real_read(settings)
        subset = inputs.training[inputs.training["physical_hardware_id"].isin(SMALL_TRAINING_SET)]
        assert subset["physical_hardware_id"].nunique() == len(SMALL_TRAINING_SET)
        return dataclasses.replace(inputs, training=subset)

    monkeypatch.setattr(dataset, "read_inputs", read_subset)


def test_a_training_run_that_fails_leaves_no_artifact_or_report(fresh_copy_of_built, raw_dir, monkeypatch,
                                                                small_training):
    from python_ml.modeling import train

    def failing_write_back(*args, **kwargs):
        raise RuntimeError("write-back failed (test)")

    before = _listing(fresh_copy_of_built)
    monkeypatch.setattr(train.dataset, "write_back", failing_write_back)
    with pytest.raises(RuntimeError, match="write-back failed"):
        train.train_and_write_back(_settings(fresh_copy_of_built, raw_dir))
    assert _listing(fresh_copy_of_built) == before


def test_a_main_job_that_fails_after_training_leaves_no_artifact_or_report_of_its_model(fresh_copy_of_built, raw_dir,
                                                                                         monkeypatch, small_training):
    """The model was trained into the build copy, which is never published: its artifact and report go too.
    (What the test is about starts after the first dbt build: the build copy keeps the built warehouse's layers
    instead of rebuilding the same input, then training runs for real and the ML marts' build fails.)"""
    from aihw import warehouse as warehouse_module

    real_run_dbt = pipeline.run_dbt
    builds = []

    def ml_marts_fail(settings, args):
        if tuple(args) == pipeline.BUILD_ARGS:
            builds.append(settings.duckdb_path)  # the copy's layers are the built warehouse's (kept below)
            return
        if pipeline.ML_SELECTOR in args and "--select" in args:
            raise pipeline.PipelineError("dbt build of the ML marts failed (test)")
        real_run_dbt(settings, args)

    before = _listing(fresh_copy_of_built)
    warehouse = fresh_copy_of_built / "warehouse" / "aihw.duckdb"
    published = file_digest(warehouse)
    monkeypatch.setattr(pipeline, "run_dbt", ml_marts_fail)
    monkeypatch.setattr(warehouse_module, "LAYER_SCHEMAS", ())  # the build copy keeps the built layers
    with pytest.raises(pipeline.PipelineError, match="ML marts failed"):
        pipeline.run_main_job(_settings(fresh_copy_of_built, raw_dir), train=True)
    assert builds and builds[0] != warehouse  # the job built into its copy
    assert _listing(fresh_copy_of_built) == before
    assert file_digest(warehouse) == published
