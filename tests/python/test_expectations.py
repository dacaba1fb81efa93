"""Great Expectations suites on a real DuckDB warehouse: every suite passes on the built warehouse, and every
suite (indeed every single expectation in it) fails on a copy of its frame broken on purpose.

Works on a private copy of the project's built warehouse/aihw.duckdb (skipped when it has not been built)
and the project's dbt manifest (target/duckdb/manifest.json).
"""

from __future__ import annotations

import dataclasses
import operator
import os
import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from aihw.config import PROJECT_ROOT, load_settings
from aihw.quality import (
    FrameValidator,
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
from aihw.warehouse import load_manifest

PUBLISHED = PROJECT_ROOT / "warehouse" / "aihw.duckdb"
SUITES = suite_files(PROJECT_ROOT / "expectations" / "suites")


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def warehouse_copy(tmp_path_factory) -> Path:
    if not PUBLISHED.is_file():
        pytest.skip(f"{PUBLISHED} not built: run `python -m python_ml run --target duckdb --no-train` first")
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
def validator() -> FrameValidator:
    return FrameValidator()


# --------------------------------------------------------------------------- breaking a frame on purpose
_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _rows_where(frame: pd.DataFrame, condition: dict | None) -> pd.Index:
    """Index of the rows a GX row_condition (serialised Condition) selects."""
    if not condition:
        return frame.index
    kind = condition["type"]
    if kind in ("and", "or"):
        parts = [frame.index.isin(_rows_where(frame, c)) for c in condition["conditions"]]
        mask = parts[0]
        for p in parts[1:]:
            mask = (mask & p) if kind == "and" else (mask | p)
        return frame.index[mask]
    column = frame[condition["column"]["name"]]
    if kind == "nullity":
        mask = column.isna() if condition["is_null"] else column.notna()
    else:
        mask = _OPS[condition["operator"]](column, condition["parameter"])
    return frame.index[mask.fillna(False).astype(bool)]


def _set(frame: pd.DataFrame, row, column: str, value) -> None:
    if value is None and frame[column].dtype.kind in "iub":
        frame[column] = frame[column].astype("float64" if frame[column].dtype.kind in "iu" else object)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            frame.loc[row, column] = value
    except (TypeError, ValueError, FutureWarning):
        frame[column] = frame[column].astype(object)
        frame.loc[row, column] = value


def _outside(kwargs: dict, series: pd.Series):
    """A value outside [min_value, max_value] of the column's kind."""
    lo, hi = kwargs.get("min_value"), kwargs.get("max_value")
    if series.dtype.kind == "M":
        return pd.Timestamp(lo) - pd.Timedelta(days=1) if lo is not None else pd.Timestamp(hi) + pd.Timedelta(days=1)
    return lo - 1 if lo is not None else hi + 1


def break_frame(item: dict, frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` that violates expectation `item` (type + kwargs) and nothing on purpose else."""
    kind, kw = item["type"], item["kwargs"]
    df = frame.copy()
    column = kw.get("column")
    rows = _rows_where(df, kw.get("row_condition"))
    assert len(rows) >= 2, f"{kind} {kw}: fewer than two rows to break"
    if kind == "expect_table_row_count_to_be_between":
        if kw.get("min_value"):
            return df.iloc[: kw["min_value"] - 1]
        return pd.concat([df] * (kw["max_value"] // len(df) + 2), ignore_index=True)
    if kind == "expect_column_values_to_not_be_null":
        _set(df, rows[0], column, None)
    elif kind == "expect_column_values_to_be_null":
        filled = df[column].dropna()
        _set(df, rows[0], column, filled.iloc[0] if len(filled) else 1)
    elif kind == "expect_column_values_to_be_unique":
        filled = [r for r in rows if pd.notna(df.at[r, column])]
        _set(df, filled[1], column, df.at[filled[0], column])
    elif kind == "expect_compound_columns_to_be_unique":
        for c in kw["column_list"]:
            _set(df, rows[1], c, df.at[rows[0], c])
    elif kind == "expect_column_values_to_be_between":
        _set(df, rows[0], column, _outside(kw, df[column]))
    elif kind == "expect_column_values_to_be_in_set":
        values = kw["value_set"]
        bad = "__outside_the_set__" if all(isinstance(v, str) for v in values) else max(values) + 1
        _set(df, rows[0], column, bad)
    elif kind == "expect_column_values_to_match_regex":
        bad = "#not matching#"
        assert not re.search(kw["regex"], bad)
        _set(df, rows[0], column, bad)
    elif kind == "expect_column_unique_value_count_to_be_between":
        if kw.get("max_value") is not None:  # more distinct values than allowed
            numeric = df[column].dtype.kind in "iuf"
            for i, row in enumerate(rows[: kw["max_value"] + 1]):
                _set(df, row, column, (df[column].max() + 1 + i) if numeric else f"__distinct_{i}__")
        else:  # fewer distinct values than required
            for row in rows:
                _set(df, row, column, df.at[rows[0], column])
    elif kind == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b = kw["column_A"], kw["column_B"]
        both = [r for r in rows if pd.notna(df.at[r, a]) and pd.notna(df.at[r, b])]
        _set(df, both[0], a, df.at[both[0], b] - 1)
    else:
        pytest.fail(f"no way to break {kind} yet: teach break_frame() in {__file__}")
    return df


# --------------------------------------------------------------------------- the suites as files
def test_there_are_suites_for_the_staging_views_and_marts():
    expected = {
        "stg_passmark__gpu_benchmarks", "stg_gpu_api_scores__device_scores", "stg_epoch__ml_hardware",
        "stg_mlperf__inference_results", "dim_hardware", "fct_mlperf_results", "predictions",
        "fct_predicted_throughput",
    }
    assert expected <= set(SUITES)


@pytest.mark.parametrize("name", sorted(SUITES))
def test_suite_file_is_valid_and_names_a_relation_in_the_manifest(name):
    spec = load_suite(SUITES[name])  # builds every expectation with GX: unknown types or kwargs raise here
    assert spec.name == name and spec.expectations
    resolve_relation(load_manifest(load_settings("duckdb")), spec)


@pytest.mark.parametrize("name", sorted(SUITES))
def test_provenance_columns_are_checked_against_a_value_set(name, frames):
    spec = load_suite(SUITES[name])
    checked = {
        (e["type"], e["kwargs"].get("column")) for e in spec.expectations if not e["kwargs"].get("row_condition")
    }
    not_null = {
        e["kwargs"].get("column") for e in spec.expectations if e["type"] == "expect_column_values_to_not_be_null"
    }
    for column in (c for c in frames[name].columns if c.endswith("_provenance")):
        # a fixed value set, or a pattern where the value embeds a version (predicted:<model_version>)
        allowed = {("expect_column_values_to_be_in_set", column), ("expect_column_values_to_match_regex", column)}
        assert allowed & checked, f"{name}.{column} needs a value set (or a pattern) on every row"
        # not null on every row, or on the rows that carry the value it describes (row_condition)
        assert column in not_null, f"{name}.{column} needs a not_null expectation"


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
        check_suites(settings, ["dim_hardware"], frames={"dim_hardwar": pd.DataFrame()})


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
    assert run_suites(empty, ["dim_hardware"]) is False
    out = capsys.readouterr().out
    assert "[FAIL] dim_hardware" in out and "not in the duckdb warehouse" in out


# --------------------------------------------------------------------------- on the real warehouse
def test_every_suite_passes_on_the_built_warehouse(settings, capsys):
    ok = run_suites(settings)
    out = capsys.readouterr().out
    assert ok, out
    for name in SUITES:
        assert f"[PASS] {name} (" in out
    assert f"{len(SUITES)}/{len(SUITES)} suites passed" in out


# one deliberate, realistic break per suite, through the public entry point (frames= injection)
def _drop_rows(df: pd.DataFrame, keep: int) -> pd.DataFrame:
    return df.iloc[:keep].copy()


def _with(df: pd.DataFrame, column: str, value, row: int = 0) -> pd.DataFrame:
    out = df.copy()
    _set(out, out.index[row], column, value)
    return out


def _duplicate_key(df: pd.DataFrame, column: str) -> pd.DataFrame:
    return _with(df, column, df[column].iloc[0], row=1)


BREAKS = {
    "stg_passmark__gpu_benchmarks": (lambda df: _with(df, "tdp_watts", -75.0),
                                     "expect_column_values_to_be_between(tdp_watts)"),
    "stg_gpu_api_scores__device_scores": (lambda df: _duplicate_key(df, "source_row_number"),
                                          "expect_column_values_to_be_unique(source_row_number)"),
    "dim_hardware": (lambda df: _with(df, "hardware_id", None),
                     "expect_column_values_to_not_be_null(hardware_id)"),
    "fct_mlperf_results": (lambda df: _with(df, "per_accelerator_provenance", "estimated:guess"),
                           "expect_column_values_to_be_in_set(per_accelerator_provenance)"),
    "fct_compute_throughput": (lambda df: _drop_rows(df, 100), "expect_table_row_count_to_be_between"),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_run_suites_reports_a_realistic_break(name, settings, frames, capsys):
    breaker, failing = BREAKS[name]
    assert run_suites(settings, [name], frames={name: breaker(frames[name])}) is False
    out = capsys.readouterr().out
    assert f"[FAIL] {name} (" in out and f"    x {failing}" in out, out
    assert "0/1 suites passed" in out


def _condition_columns(condition: dict | None) -> set[str]:
    if not condition:
        return set()
    if condition["type"] in ("and", "or"):
        return set().union(*(_condition_columns(c) for c in condition["conditions"]))
    return {condition["column"]["name"]}


def _columns_read(item: dict) -> set[str] | None:
    """Columns an expectation reads (None: the whole table)."""
    kw = item["kwargs"]
    if item["type"].startswith("expect_table_"):
        return None
    columns = {kw[k] for k in ("column", "column_A", "column_B") if k in kw} | set(kw.get("column_list") or [])
    return columns | _condition_columns(kw.get("row_condition"))


def _column_disjoint_groups(items: tuple[dict, ...]) -> list[list[dict]]:
    """Expectations grouped so that no two in a group read a common column: breaking a frame for each of
    them (a break only touches the columns its expectation reads) cannot make another one of the group fail."""
    groups: list[tuple[set[str] | None, list[dict]]] = []
    for item in items:
        columns = _columns_read(item)
        for used, members in groups:
            if columns is not None and used is not None and not used & columns:
                used |= columns
                members.append(item)
                break
        else:
            groups.append((None if columns is None else set(columns), [item]))
    return [members for _, members in groups]


@pytest.mark.parametrize("name", sorted(SUITES))
def test_each_suite_fails_on_frames_broken_for_each_of_its_expectations(name, frames, validator):
    """Every expectation of every suite fails (and does not merely raise) on a frame broken for it.

    The unbroken frames pass every expectation (test_every_suite_passes_on_the_built_warehouse), so the
    break is what makes it fail. To stay fast, expectations reading disjoint columns share one broken frame."""
    spec = load_suite(SUITES[name])
    for group in _column_disjoint_groups(spec.expectations):
        broken = frames[name]
        for item in group:
            broken = break_frame(item, broken)
        result = validator.validate(dataclasses.replace(spec, expectations=tuple(group)), broken, details=False)
        assert not result.success
        assert len(result.outcomes) == len(group)
        for item, outcome in zip(group, result.outcomes):
            assert not outcome.success, f"{name}: {item} did not fail on a frame broken for it"
            assert not outcome.detail.startswith("raised"), f"{name}: {item} raised: {outcome.detail}"


@pytest.mark.postgres
@pytest.mark.skipif(
    os.environ.get("AIHW_TEST_POSTGRES") != "1", reason="needs the PostgreSQL started by scripts/check.sh"
)
def test_every_suite_passes_on_postgres(capsys):
    ok = run_suites(load_settings("postgres"))
    assert ok, capsys.readouterr().out
