"""Great Expectations suites (what dbt tests cannot say) on a real DuckDB warehouse: every suite passes as a
checkpoint and writes Data Docs, every single expectation fails on a copy of its frame broken on purpose, and
the CLI exits non-zero when the warehouse itself breaks an expectation.

Works on a private copy of the project's built warehouse/aihw.duckdb (skipped when it has not been built)
and the project's dbt manifest (target/duckdb/manifest.json).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from aihw.config import PROJECT_ROOT, load_settings
from aihw.quality import (
    CheckpointRunner,
    SuiteDefinitionError,
    SuiteSpec,
    check_specs,
    check_suites,
    load_suite,
    read_relation,
    resolve_relation,
    run_suites,
    suite_files,
)
from aihw.warehouse import load_manifest, session

PUBLISHED = PROJECT_ROOT / "warehouse" / "aihw.duckdb"
SUITES = suite_files(PROJECT_ROOT / "expectations" / "suites")


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def warehouse_copy(tmp_path_factory) -> Path:
    if not PUBLISHED.is_file():
        pytest.skip(f"{PUBLISHED} not built: run `python -m aihw run --target duckdb` first")
    dest = tmp_path_factory.mktemp("gx_warehouse") / "aihw.duckdb"
    shutil.copy2(PUBLISHED, dest)
    return dest


@pytest.fixture()
def settings(warehouse_copy, monkeypatch):
    monkeypatch.setenv("AIHW_DUCKDB_PATH", str(warehouse_copy))
    return load_settings("duckdb")


@pytest.fixture(scope="session")
def frames(warehouse_copy) -> dict[str, pd.DataFrame]:
    """Every suite's relation read once from the warehouse copy."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AIHW_DUCKDB_PATH", str(warehouse_copy))
        settings = load_settings("duckdb")
        manifest = load_manifest(settings)
        return {name: read_relation(settings, resolve_relation(manifest, load_suite(path)))
                for name, path in SUITES.items()}


@pytest.fixture(scope="session")
def runner() -> CheckpointRunner:
    return CheckpointRunner()


# --------------------------------------------------------------------------- breaking a frame on purpose
def _rows_where(frame: pd.DataFrame, condition: dict | None) -> pd.Index:
    """Index of the rows a GX row_condition (a serialised `==` comparison, the only kind the suites use) selects."""
    if not condition:
        return frame.index
    assert condition["type"] == "comparison" and condition["operator"] == "==", f"teach _rows_where {condition}"
    return frame.index[frame[condition["column"]["name"]] == condition["parameter"]]


def break_frame(item: dict, frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` that violates expectation `item` (type + kwargs) and nothing on purpose else."""
    kind, kw = item["type"], item["kwargs"]
    if kind != "expect_column_values_to_be_between":
        pytest.fail(f"no way to break {kind} yet: teach break_frame() in {__file__}")
    df = frame.copy()
    rows = _rows_where(df, kw.get("row_condition"))
    assert len(rows) >= 1, f"{kind} {kw}: no row to break"
    lo, hi = kw.get("min_value"), kw.get("max_value")
    df.loc[rows[0], kw["column"]] = lo - 1 if lo is not None else hi + 1
    return df


# --------------------------------------------------------------------------- the suites as files
def test_the_suites_hold_what_dbt_cannot_say():
    """Model monitoring and statistics only; keys, value sets, row counts and per-row ranges are dbt tests."""
    assert {"fct_model_validation", "analysis_metric_correlations", "analysis_doubling_times"} <= set(SUITES)
    dbt_kinds = {"expect_column_values_to_not_be_null", "expect_column_values_to_be_unique",
                 "expect_column_values_to_be_in_set", "expect_table_row_count_to_be_between",
                 "expect_compound_columns_to_be_unique", "expect_column_values_to_match_regex"}
    for name, path in SUITES.items():
        used = {e["type"] for e in load_suite(path).expectations}
        assert not used & dbt_kinds, f"{name}: {used & dbt_kinds} belong in the model's dbt tests"


@pytest.mark.parametrize("name", sorted(SUITES))
def test_suite_file_is_valid_and_names_a_relation_in_the_manifest(name):
    spec = load_suite(SUITES[name])  # builds every expectation with GX: unknown types or kwargs raise here
    assert spec.name == name and spec.expectations
    resolve_relation(load_manifest(load_settings("duckdb")), spec)


def test_bad_suite_files_and_names_are_reported(settings, tmp_path):
    (tmp_path / "unknown_type.yml").write_text(
        "relation: {model: dim_hardware}\nexpectations:\n  - {type: expect_moon_to_be_cheese, kwargs: {}}\n"
    )
    (tmp_path / "bad_kwargs.yml").write_text(
        "relation: {model: dim_hardware}\nexpectations:\n"
        "  - {type: expect_column_values_to_be_between, kwargs: {colum: tdp_watts, min_value: 1}}\n"
    )
    (tmp_path / "no_relation.yml").write_text("expectations:\n  - {type: expect_table_row_count_to_be_between}\n")
    results = {r.name: r for r in check_suites(settings, directory=tmp_path)}
    assert set(results) == {"unknown_type", "bad_kwargs", "no_relation"}
    for result in results.values():
        assert not result.success and result.error.startswith("invalid suite file"), result.report()
    with pytest.raises(SuiteDefinitionError, match="no suite named"):
        check_suites(settings, ["no_such_suite"])
    with pytest.raises(SuiteDefinitionError, match="frames given for"):  # a typo must not silently validate nothing
        check_suites(settings, ["fct_model_validation"], frames={"fct_model_validaton": pd.DataFrame()})


def test_a_suite_whose_relation_is_missing_fails_not_skips(settings, tmp_path, monkeypatch, capsys):
    not_in_manifest = SuiteSpec("ghost", None, "model", "no_such_model",
                                expectations=({"type": "expect_table_row_count_to_be_between",
                                               "kwargs": {"min_value": 1}},))
    [result] = check_specs(settings, [not_in_manifest])
    assert not result.success and "not in the dbt manifest" in result.error

    # in the manifest, but not built in the warehouse (an empty DuckDB file)
    from aihw.warehouse import DuckDBWarehouse

    monkeypatch.setenv("AIHW_DUCKDB_PATH", str(tmp_path / "empty.duckdb"))
    empty = load_settings("duckdb")
    DuckDBWarehouse(empty).close()
    assert run_suites(empty, ["fct_model_validation"], docs_dir=tmp_path / "docs") is False
    out = capsys.readouterr().out
    assert "[FAIL] fct_model_validation" in out and "not in the duckdb warehouse" in out


# --------------------------------------------------------------------------- on the real warehouse
def test_every_suite_passes_as_a_checkpoint_and_writes_data_docs(settings, tmp_path, capsys):
    docs = tmp_path / "gx_data_docs"
    ok = run_suites(settings, docs_dir=docs)
    out = capsys.readouterr().out
    assert ok, out
    for name in SUITES:
        assert f"[PASS] {name} (" in out
    assert f"{len(SUITES)}/{len(SUITES)} suites passed" in out
    index = docs / "index.html"
    assert f"Data Docs: {index}" in out
    html = index.read_text(encoding="utf-8")
    pages = list((docs / "validations").rglob("*.html"))
    assert len(pages) == len(SUITES), pages  # one validation result page per checkpoint run
    for name in SUITES:
        assert name in html


def test_data_docs_show_a_failing_checkpoint(settings, frames, tmp_path, capsys):
    frame = frames["fct_model_validation"].copy()
    frame.loc[frame["protocol"] == "loao", "coverage_80"] = 0.5
    docs = tmp_path / "gx_data_docs"
    assert run_suites(settings, ["fct_model_validation"], frames={"fct_model_validation": frame},
                      docs_dir=docs) is False
    out = capsys.readouterr().out
    assert "    x expect_column_values_to_be_between(coverage_80 where protocol == 'loao')" in out, out
    assert "0/1 suites passed" in out
    [page] = (docs / "validations").rglob("*.html")
    assert "coverage_80" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SUITES))
def test_each_expectation_fails_on_a_frame_broken_for_it(name, frames, runner):
    """Every expectation of every suite fails (and does not merely raise) on a frame broken for it alone.

    The unbroken frames pass every expectation (test_every_suite_passes_as_a_checkpoint_and_writes_data_docs),
    so the break is what makes it fail."""
    spec = load_suite(SUITES[name])
    for item in spec.expectations:
        result = runner.validate(dataclasses.replace(spec, expectations=(item,)), break_frame(item, frames[name]))
        [outcome] = result.outcomes
        assert not result.success and not outcome.success, f"{name}: {item} did not fail on a frame broken for it"
        assert not outcome.detail.startswith("raised"), f"{name}: {item} raised: {outcome.detail}"


def test_the_cli_exits_non_zero_when_the_warehouse_breaks_an_expectation(frames, tmp_path):
    """The check command's own step (`python -m aihw expect`) on a warehouse copy whose validation table
    breaks the interval-coverage goal: exit code 1, the failing expectation named, Data Docs still written."""
    project = tmp_path / "project"  # a copy, so that the project's own Data Docs site is left alone
    shutil.copytree(PROJECT_ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", ".git", "target", "warehouse", "artifacts", "reports", "logs", "__pycache__", ".pytest_cache"))
    manifest = project / "target" / "duckdb" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    shutil.copy2(PROJECT_ROOT / "target" / "duckdb" / "manifest.json", manifest)
    broken_copy = tmp_path / "aihw.duckdb"
    shutil.copy2(PUBLISHED, broken_copy)
    env = {**os.environ, "AIHW_DUCKDB_PATH": str(broken_copy), "PYTHONPATH": str(project)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AIHW_DUCKDB_PATH", str(broken_copy))
        settings = load_settings("duckdb")
        relation = resolve_relation(load_manifest(settings), load_suite(SUITES["fct_model_validation"]))
        frame = frames["fct_model_validation"].copy()
        frame.loc[frame["protocol"] == "loao", "coverage_90"] = 0.99
        with session(settings) as wh:
            wh.write_tables(replace={relation: frame})
    run = subprocess.run([sys.executable, "-m", "aihw", "expect", "--target", "duckdb"], check=False, cwd=project,
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "[FAIL] fct_model_validation" in run.stdout
    assert "x expect_column_values_to_be_between(coverage_90 where protocol == 'loao')" in run.stdout
    assert f"Data Docs: {project / 'target' / 'gx_data_docs' / 'duckdb' / 'index.html'}" in run.stdout


@pytest.mark.postgres
@pytest.mark.skipif(
    os.environ.get("AIHW_TEST_POSTGRES") != "1", reason="needs the PostgreSQL started by scripts/check.sh"
)
def test_every_suite_passes_on_postgres(tmp_path, capsys):
    ok = run_suites(load_settings("postgres"), docs_dir=tmp_path / "gx_data_docs")
    assert ok, capsys.readouterr().out
