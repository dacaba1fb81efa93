"""Flagged means excluded (issue 16, items 2 and 3), on the real pipeline and real DuckDB.

Two builds of the main job (conftest.WHOLE_BUILD: every dbt node) on copies of the raw files, both holding one
duplicated MLPerf row that enters training and two PassMark rows named only in non-Latin script:
  clean    the cells under test left blank (a run "without them"); its data tests are not run (conftest.
           WITHOUT_DBT_TESTS): the bad build holds every anomaly the clean one holds, and runs them all
  bad      the same cells holding non-physical values: 1e308 in the H100's FP32 and memory bandwidth
           (ml_hardware.csv), 1e308 in a PassMark TDP and G3D Mark, -350 W in another PassMark TDP; every data
           test must pass
Every mart except the quality models must be identical between clean and bad (staging turns each value into
NULL, seeds/reference/physical_bounds.csv), the quality model lists each value with its raw text and reason,
the duplicated MLPerf row enters the training rows once (its copy is flagged and kept without a result), and the
non-Latin names get a stable, non-empty hardware id from an md5 of the full name plus the flag no_latin_name.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from conftest import (
    PROJECT,
    WHOLE_BUILD,
    WITHOUT_DBT_TESTS,
    copy_project,
    copy_raw_files,
    dbt_data_tests_run,
    run_job,
)

pytestmark = pytest.mark.pipeline

ML_HARDWARE, PASSMARK, MLPERF = "ml_hardware.csv", "GPU_benchmarks_v7.csv", "mlperf.csv"
H100 = "NVIDIA H100 SXM5 80GB"
H100_COLUMNS = ("FP32 (single precision) performance (FLOP/s)", "Memory bandwidth (byte/s)")
HUGE_ROW, NEGATIVE_ROW = 1, 2  # PassMark data rows (1-based): RTX 3090 Ti, RTX 3080 Ti
NON_LATIN_NAMES = ("昇腾", "🚀🔥")
QUALITY_MODELS = frozenset(path.stem for path in (PROJECT / "models" / "marts" / "quality").glob("*.sql"))

# (file, data row or H100 name, raw column) -> (value in the bad run, staging column)
BAD_CELLS = {
    (ML_HARDWARE, H100, H100_COLUMNS[0]): ("1e308", "fp32_tflops"),
    (ML_HARDWARE, H100, H100_COLUMNS[1]): ("1e308", "memory_bandwidth_gb_per_s"),
    (PASSMARK, HUGE_ROW, "TDP"): ("1e308", "tdp_watts"),
    (PASSMARK, HUGE_ROW, "G3Dmark"): ("1e308", "g3d_mark"),
    (PASSMARK, NEGATIVE_ROW, "TDP"): ("-350", "tdp_watts"),
}


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])


def _set_cells(raw: Path, bad: bool) -> None:
    """Each cell of BAD_CELLS blank (clean) or holding its non-physical value (bad)."""
    for file_name in {file_name for file_name, _, _ in BAD_CELLS}:
        header, rows = _read(raw / file_name)
        for (cell_file, row_key, column), (value, _) in BAD_CELLS.items():
            if cell_file != file_name:
                continue
            if isinstance(row_key, int):
                row = rows[row_key - 1]
            else:
                (row,) = [r for r in rows if r[header.index("Hardware name")] == row_key]
            row[header.index(column)] = value if bad else ""
        _write(raw / file_name, header, rows)


# MLPerf rows that enter training, by their data row (1-based) in mlperf.csv
TRAINING_ROWS_SQL = (
    "select staged.source_row_number from marts.ml_mlperf_training_rows as training "
    "inner join marts.fct_mlperf_results as results on training.mlperf_result_id = results.mlperf_result_id "
    "inner join staging.stg_mlperf__inference_results as staged "
    "on results.source_file = 'mlperf.csv' and results.source_line_number = staged.source_line_number"
)


@pytest.fixture(scope="module")
def duplicated_result(built_project) -> int:
    """An MLPerf data row (1-based) that enters the training rows of the real build."""
    with duckdb.connect(str(built_project / "warehouse" / "aihw.duckdb"), read_only=True) as con:
        (row_number,) = con.execute(f"select min(source_row_number) from ({TRAINING_ROWS_SQL})").fetchone()
    return int(row_number)


def _add_copies(raw: Path, duplicated_result: int) -> None:
    """The duplicated MLPerf row (appended as the last data row) and the PassMark rows named in non-Latin script."""
    header, rows = _read(raw / MLPERF)
    _write(raw / MLPERF, header, [*rows, list(rows[duplicated_result - 1])])
    header, rows = _read(raw / PASSMARK)
    template = rows[-1]
    extra = [[name if column == "gpuName" else value for column, value in zip(header, template, strict=True)]
             for name in NON_LATIN_NAMES]
    _write(raw / PASSMARK, header, [*rows, *extra])


def _build(tmp_path_factory, raw_dir: Path, duplicated_result: int, bad: bool) -> Path:
    base = tmp_path_factory.mktemp("bad" if bad else "clean")
    raw = copy_raw_files(raw_dir, base / "raw")
    _set_cells(raw, bad=bad)
    _add_copies(raw, duplicated_result)
    project = copy_project(base / "project")
    proc = run_job(project, raw, *WHOLE_BUILD, env_extra=None if bad else WITHOUT_DBT_TESTS)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    if bad:  # the build that must pass every data test did run them
        assert dbt_data_tests_run(proc.stdout) > 0, proc.stdout[-3000:]
    else:  # and the clean build did not
        assert dbt_data_tests_run(proc.stdout) == 0, proc.stdout[-3000:]
    return project / "warehouse" / "aihw.duckdb"


@pytest.fixture(scope="module")
def clean_warehouse(tmp_path_factory, raw_dir, duplicated_result) -> Path:
    return _build(tmp_path_factory, raw_dir, duplicated_result, bad=False)


@pytest.fixture(scope="module")
def bad_warehouse(tmp_path_factory, raw_dir, duplicated_result) -> Path:
    return _build(tmp_path_factory, raw_dir, duplicated_result, bad=True)


def _tables(con, schema: str) -> list[str]:
    return sorted(name for (name,) in con.execute(
        "select table_name from information_schema.tables where table_schema = ?", [schema]).fetchall())


def _frame(con, table: str) -> pd.DataFrame:
    frame = con.execute(f'select * from marts."{table}"').df()
    # run metadata (timestamps, the dbt run that loaded an MLPerf round) differs between two builds by design
    frame = frame[[c for c in frame.columns if not c.endswith(("_at", "_invocation_id"))]]
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_non_physical_values_leave_every_mart_but_quality_unchanged(clean_warehouse, bad_warehouse):
    with duckdb.connect(str(clean_warehouse), read_only=True) as clean, \
            duckdb.connect(str(bad_warehouse), read_only=True) as bad:
        tables = _tables(clean, "marts")
        assert tables == _tables(bad, "marts")
        compared = [t for t in tables if t not in QUALITY_MODELS]
        assert len(compared) > 30 and "ml_mlperf_training_rows" in compared
        for table in compared:
            pd.testing.assert_frame_equal(_frame(clean, table), _frame(bad, table), check_dtype=False,
                                          rtol=1e-9, atol=1e-12, obj=table)


def test_quality_model_lists_each_nullified_value_with_raw_text_and_reason(bad_warehouse):
    with duckdb.connect(str(bad_warehouse), read_only=True) as con:
        flags = con.execute(
            "select seed_name, source_row_number, check_name, column_name, raw_value, reason "
            "from marts.fct_data_quality_flags where check_name like 'implausible_%'").df()
        h100_row = con.execute("select source_row_number from staging.stg_epoch__ml_hardware where hardware_name = ?",
                               [H100]).fetchone()[0]
        epoch = con.execute("select fp32_tflops, memory_bandwidth_gb_per_s from staging.stg_epoch__ml_hardware "
                            "where source_row_number = ?", [h100_row]).fetchone()
        passmark = con.execute("select source_row_number, tdp_watts, g3d_mark "
                               "from staging.stg_passmark__gpu_benchmarks where source_row_number in (?, ?) order by 1",
                               [HUGE_ROW, NEGATIVE_ROW]).fetchall()
    assert epoch == (None, None)
    assert [(row, tdp) for row, tdp, _ in passmark] == [(HUGE_ROW, None), (NEGATIVE_ROW, None)]
    assert passmark[0][2] is None and passmark[1][2] > 0  # the huge G3D is NULL, the row's neighbour keeps its own
    expected = set()
    for (file_name, row_key, column), (value, staging_column) in BAD_CELLS.items():
        seed = "raw_epoch__ml_hardware" if file_name == ML_HARDWARE else "raw_passmark__gpu_benchmarks"
        row = h100_row if file_name == ML_HARDWARE else row_key
        expected.add((seed, row, f"implausible_{staging_column}", column, value))
    found = set(flags[["seed_name", "source_row_number", "check_name", "column_name", "raw_value"]]
                .itertuples(index=False, name=None))
    assert found == expected  # these five and nothing else
    assert flags["reason"].str.contains(" must be ").all()


def test_a_duplicated_mlperf_row_does_not_enter_training_twice(clean_warehouse, duplicated_result):
    with duckdb.connect(str(clean_warehouse), read_only=True) as copies:
        trained = [row for (row,) in copies.execute(TRAINING_ROWS_SQL).fetchall()]
        copy_id = copies.execute("select count(*) from staging.stg_mlperf__inference_results").fetchone()[0]
        flagged = copies.execute(
            "select source_row_number from marts.fct_data_quality_flags "
            "where seed_name = 'raw_mlperf__inference_results' and check_name = 'duplicate_result' "
            "order by 1").fetchall()
        kept = copies.execute(
            "select count(*), max(results.system_result) from marts.fct_mlperf_results as results "
            "inner join staging.stg_mlperf__inference_results as staged "
            "on results.source_file = 'mlperf.csv' and results.source_line_number = staged.source_line_number "
            "where staged.source_row_number = ?", [copy_id]).fetchone()
    assert trained.count(duplicated_result) == 1 and copy_id not in trained  # the original once, never its copy
    assert len(trained) == len(set(trained))
    assert flagged == [(duplicated_result,), (copy_id,)]
    assert kept == (1, None)  # the copy's row stays (reconciliation), without a result


def test_non_latin_names_get_a_stable_non_empty_id_and_a_flag(clean_warehouse):
    with duckdb.connect(str(clean_warehouse), read_only=True) as con:
        keys = con.execute(
            "select names.name_as_published, crosswalk.hardware_key, crosswalk.source_row_number "
            "from intermediate.int_hardware__crosswalk as crosswalk "
            "inner join intermediate.int_hardware__names_normalized as names "
            "on crosswalk.source = names.source and crosswalk.source_row_number = names.source_row_number "
            "where crosswalk.source = 'passmark' and names.name_as_published in (?, ?)",
            list(NON_LATIN_NAMES)).fetchall()
        flagged = {row for (row,) in con.execute(
            "select source_row_number from marts.fct_data_quality_flags "
            "where seed_name = 'raw_passmark__gpu_benchmarks' and check_name = 'no_latin_name'").fetchall()}
        empty = con.execute("select count(*) from marts.dim_hardware where hardware_id = ''").fetchone()[0]
    assert {name: key for name, key, _ in keys} == {
        name: "name-md5-" + hashlib.md5(name.encode()).hexdigest()[:12] for name in NON_LATIN_NAMES}
    assert flagged == {row for _, _, row in keys}
    assert empty == 0
