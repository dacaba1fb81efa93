"""The scale generator (aihw/scale.py): N x the rows of every registered raw file, still accepted by landing's
contract check; product names suffixed per copy and distinct; measured numbers within +-5 % of the original,
everything else kept; the curated reference rows keyed by a product name scaled the same way, never in the repo."""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
from pathlib import Path

import pytest

from aihw import scale
from aihw.config import RAW_REGISTRY, load_settings
from aihw.landing import load_contract, parse_file

from conftest import PROJECT, copy_project

FACTOR = 3
WITHIN = 0.05  # numbers move by at most 5 % (issue 15)
CONTRACTS = load_contract(PROJECT / RAW_REGISTRY)


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    return rows[0], [row for row in rows[1:] if row]


def _relative_files(contract, raw_dir: Path) -> list[Path]:
    """The contract's file(s) relative to the raw folder (a multi-file source: every round file)."""
    files = [path.relative_to(raw_dir) for path in contract.paths(raw_dir)]
    assert files, contract.file_name
    return files


@pytest.fixture(scope="module")
def scaled_raw(raw_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scaled_raw")
    scale.write_scaled_raw(raw_dir, out, FACTOR, CONTRACTS)
    return out


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.source)
def test_rows_times_factor_and_contract_still_satisfied(contract, raw_dir, scaled_raw):
    for relative in _relative_files(contract, raw_dir):
        original = parse_file(raw_dir / relative, contract)
        scaled = parse_file(scaled_raw / relative, contract)  # landing's check: raises on any bad value
        assert len(scaled.rows) == FACTOR * len(original.rows)


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.source)
def test_names_suffixed_per_copy_and_distinct(contract, raw_dir, scaled_raw):
    for relative in _relative_files(contract, raw_dir):
        _check_names_suffixed(contract, raw_dir / relative, scaled_raw / relative)


def _check_names_suffixed(contract, original_path: Path, scaled_path: Path) -> None:
    header, original = _rows(original_path)
    _, scaled = _rows(scaled_path)
    for column in scale.NAME_COLUMNS[contract.file_name]:
        i = header.index(column)
        blocks = [[row[i] for row in scaled[k * len(original):(k + 1) * len(original)]] for k in range(FACTOR)]
        assert blocks[0] == [row[i] for row in original]  # copy 0 unchanged
        for k in range(1, FACTOR):
            for before, after in zip(blocks[0], blocks[k], strict=True):
                if not before or before.upper() == "N/A":  # no name, or a CPU-only MLPerf system: stays one
                    assert after == before
                else:
                    assert after == before + scale.suffix(k)
        named = [{name for name in block if name and name.strip().upper() not in scale.NO_NAME} for block in blocks]
        assert len(set().union(*named)) == sum(len(names) for names in named)  # no name shared between copies


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.source)
def test_measured_numbers_within_five_percent_and_the_rest_kept(contract, raw_dir, scaled_raw):
    for relative in _relative_files(contract, raw_dir):
        _check_numbers_perturbed(contract, raw_dir / relative, scaled_raw / relative)


def _check_numbers_perturbed(contract, original_path: Path, scaled_path: Path) -> None:
    header, original = _rows(original_path)
    _, scaled = _rows(scaled_path)
    types = {c.name: c.raw_type for c in contract.columns}
    names = set(scale.NAME_COLUMNS[contract.file_name])
    kept = set(scale.KEPT_NUMBERS.get(contract.file_name, ()))
    changed = compared = 0
    for k in range(1, FACTOR):
        for before, after in zip(original, scaled[k * len(original):(k + 1) * len(original)], strict=True):
            for column, old, new in zip(header, before, after, strict=True):
                if column in names:
                    continue
                if types.get(column) != "number" or column in kept or not old.strip() or float(old) == 0:
                    assert new == old, (column, old, new)  # dates, counts, ids, text: unchanged
                    continue
                ratio, rounding = float(new) / float(old), 0.5 / abs(float(old))  # integers are rounded
                bound = WITHIN + rounding
                assert 1 - bound <= ratio <= 1 + bound, (column, old, new)
                compared += 1
                changed += new != old
    if compared:
        assert changed > compared / 2  # the numbers are perturbed, not copied


@pytest.fixture()
def reference_copy(tmp_path) -> Path:
    destination = tmp_path / "reference"
    shutil.copytree(PROJECT / "seeds" / "reference", destination)
    return destination


def test_reference_rows_scaled_with_the_same_suffixes(reference_copy, raw_dir, scaled_raw):
    originals = {name: _rows(reference_copy / name) for name in scale.REFERENCE_NAME_COLUMNS}
    counts = scale.scale_reference(reference_copy, FACTOR)
    raw_names = set()
    for contract in CONTRACTS:
        for path in contract.paths(scaled_raw):
            header, rows = _rows(path)
            for column in scale.NAME_COLUMNS[contract.file_name]:
                raw_names |= {row[header.index(column)] for row in rows}
    for name, columns in scale.REFERENCE_NAME_COLUMNS.items():
        header, before = originals[name]
        _, after = _rows(reference_copy / name)
        assert counts[name] == len(after) == FACTOR * len(before)
        i = header.index(columns[0])
        for k in range(1, FACTOR):
            copy_rows = after[k * len(before):(k + 1) * len(before)]
            assert [row[i] for row in copy_rows] == [scale.suffixed(row[i], k) for row in before]
            # a curated name found in the raw files is found there with the copy's suffix too
            assert {r[i] for r in before if r[i] in raw_names} == {
                r[i] for r, s in zip(before, copy_rows, strict=True) if s[i] in raw_names}


def test_reference_of_the_repository_is_never_scaled():
    path = PROJECT / "seeds" / "reference" / "hardware_aliases.csv"
    before = path.read_bytes()
    with pytest.raises(ValueError, match="throwaway copy"):
        scale.scale_reference(PROJECT / "seeds" / "reference", FACTOR)
    assert path.read_bytes() == before


def test_a_raw_file_without_declared_name_columns_is_refused(raw_dir, tmp_path):
    contract = CONTRACTS[0]
    unknown = type(contract)(contract.source, contract.seed_name, "unregistered.csv", contract.columns)
    with pytest.raises(KeyError, match="NAME_COLUMNS"):
        scale.scale_raw_file(raw_dir / contract.file_name, tmp_path / "out.csv", unknown, FACTOR)


def test_benchmark_never_drops_a_stage_silently():
    from aihw.benchmark import TRAIN, Measure, Outcome, _train_estimate, format_table

    measured = [Outcome("duckdb", 1, TRAIN, Measure(40.0, 40.0, 300.0))]
    # linear in the data (outer folds capped: docs/decisions/2026-11-30-outer-folds-at-scale.md)
    assert _train_estimate(measured, "duckdb", 10) == pytest.approx(400.0)
    assert _train_estimate(measured, "duckdb", 100) == pytest.approx(4000.0)
    reason = "skipped: estimated 4000 s > cap 600 s"
    table = format_table([*measured, Outcome("duckdb", 100, TRAIN, None, reason)])
    assert reason in table and "100x" in table


def _burn(seconds: float) -> float:
    import time

    start = time.process_time()
    while time.process_time() - start < seconds:
        pass
    return seconds


def test_benchmark_counts_the_cpu_of_parallel_worker_processes():
    """Training's validation folds run on joblib's reusable worker pool, which outlives the call: the stage's
    CPU time counts those workers only once they are stopped and waited for (aihw.benchmark)."""
    import resource

    from joblib import Parallel, delayed

    from aihw.benchmark import _join_worker_processes

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    before = children_cpu()
    Parallel(n_jobs=2)(delayed(_burn)(0.3) for _ in range(4))
    _join_worker_processes()
    assert children_cpu() - before >= 1.0  # 4 x 0.3 s of work in the workers


def test_benchmark_starts_every_scale_from_an_empty_warehouse(monkeypatch, tmp_path):
    """PostgreSQL is one database for every scale and the MLPerf rounds load incrementally: a scale that found
    the previous scale's layers would keep its rounds (seen at 10x: fct_mlperf_results held the 1x rows)."""
    import dataclasses

    import duckdb

    from aihw import benchmark
    from aihw.config import load_settings

    warehouse = tmp_path / "aihw.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("create schema intermediate; create table intermediate.int_mlperf__results_loaded as select 1 as x")
    con.close()
    settings = dataclasses.replace(load_settings("duckdb"), duckdb_path=warehouse)
    monkeypatch.setattr(scale, "scaled_project", lambda base, factor, workdir: settings)
    seen = []

    def stage_in_process(stage_settings, stage, cap, log):
        con = duckdb.connect(str(stage_settings.duckdb_path), read_only=True)
        seen.append(con.execute("select count(*) from information_schema.tables where table_schema = "
                                "'intermediate'").fetchone()[0])
        con.close()
        return None, "stopped at the cap (here: after the first stage)"

    monkeypatch.setattr(benchmark, "_stage_in_process", stage_in_process)
    benchmark.run_benchmark(settings, ["duckdb"], [1])
    assert seen == [0]


def test_the_what_if_benchmark_input_is_what_the_cli_reads(raw_dir, tmp_path):
    """WHAT_IF_ROWS distinct query rows with the columns the what-if CLI requires, every workload and count asked."""
    import pandas as pd

    from aihw.benchmark import WHAT_IF_ACCELERATORS, WHAT_IF_ROWS, WHAT_IF_WORKLOADS, write_what_if_input
    from python_ml.specs_input import QUERY_COLUMNS

    project = copy_project(tmp_path / "project")  # the input is written into the (benchmark's) project copy
    settings = dataclasses.replace(load_settings("duckdb"), project_root=project, raw_dir=raw_dir)
    rows = pd.read_csv(write_what_if_input(settings), dtype=str, keep_default_na=False)
    assert len(rows) == WHAT_IF_ROWS and rows["Hardware name"].is_unique
    assert set(QUERY_COLUMNS) <= set(rows.columns)
    assert set(rows[["benchmark", "scenario"]].itertuples(index=False, name=None)) == set(WHAT_IF_WORKLOADS)
    assert set(rows["n_accelerators"]) == set(WHAT_IF_ACCELERATORS)
