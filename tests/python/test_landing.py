"""Landing and bad input, against real DuckDB warehouses built by the real pipeline.

Each bad-input case must: exit non-zero, name the file (and line/column where there is one), and leave the
previous warehouse file and the landed seeds byte-for-byte as they were.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import duckdb
import pytest
import yaml

from aihw.config import RAW_REGISTRY, load_settings
from aihw.landing import (
    MANIFEST_SEED,
    PARTIAL_SEED_NAME,
    LandingError,
    count_raw_rows,
    dedupe_header,
    land,
    load_contract,
)

from conftest import PROJECT, copy_raw_files, file_digest, raw_sources, run_job

FILES = {source.source: source.file_name for source in raw_sources()}  # raw file per source name


def _staging_model(seed_name: str) -> str:
    """Naming rule: seed raw_<source>__<entity> is staged by stg_<source>__<entity>."""
    return "stg_" + seed_name.removeprefix("raw_")


def _warehouse(project: Path) -> Path:
    return project / "warehouse" / "aihw.duckdb"


def _snapshot(project: Path) -> dict[str, str]:
    files = [_warehouse(project), *sorted((project / "seeds" / "raw").glob("*.csv"))]
    return {str(f.relative_to(project)): file_digest(f) for f in files}


def _rewrite(path: Path, transform) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows = transform(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


# ----------------------------------------------------------------------------------------------- good input
def test_every_raw_row_and_column_lands_and_reconciles(built_project, raw_dir):
    settings = dataclasses.replace(load_settings("duckdb"), project_root=built_project, raw_dir=raw_dir)
    contracts = load_contract(settings.raw_contract_path)
    independent = count_raw_rows(settings)
    assert set(independent) == {c.seed_name for c in contracts} and min(independent.values()) > 0
    con = duckdb.connect(str(_warehouse(built_project)), read_only=True)
    try:
        for contract in contracts:
            seed_rows = con.execute(f'select count(*) from raw."{contract.seed_name}"').fetchone()[0]
            staged = con.execute(f"select count(*) from staging.{_staging_model(contract.seed_name)}").fetchone()[0]
            assert seed_rows == staged == independent[contract.seed_name], contract.seed_name
            for path in contract.paths(raw_dir):
                header = path.read_bytes().decode("utf-8-sig").splitlines()[0]
                raw_columns = dedupe_header(next(csv.reader([header])))
                seed_columns = [r[0] for r in con.execute(f'describe raw."{contract.seed_name}"').fetchall()]
                added = ["_row_number", "_line_number", *(["_source_file"] if contract.is_multi_file else [])]
                assert seed_columns == [*added, *raw_columns]
        files = [path for contract in contracts for path in contract.paths(raw_dir)]
        recon = con.execute("select bool_and(is_reconciled), count(*) from marts.fct_row_reconciliation").fetchone()
        assert recon == (True, len(files)) and len(files) > len(contracts)  # the round files, one row each
    finally:
        con.close()


def test_mlperf_repeated_headers_are_kept_and_identical(built_project):
    con = duckdb.connect(str(_warehouse(built_project)), read_only=True)
    try:
        cols = [r[0] for r in con.execute('describe raw."raw_mlperf__inference_results"').fetchall()]
        for name in ["# of Nodes", "# of Accelerators", "Accelerator", "Availability", "Processor"]:
            assert name in cols and f"{name}_2" in cols
            differing = con.execute(
                f'select count(*) from raw."raw_mlperf__inference_results" '
                f'where "{name}" is distinct from "{name}_2"'
            ).fetchone()[0]
            assert differing == 0
    finally:
        con.close()


def test_big_values_and_multiline_fields_are_intact(built_project, raw_dir):
    import pandas as pd

    raw = pd.read_csv(raw_dir / FILES["epoch"], encoding="utf-8-sig")
    con = duckdb.connect(str(_warehouse(built_project)), read_only=True)
    try:
        staged = con.execute(
            "select hardware_name, memory_size_gb, fp32_tflops, ml_models from staging.stg_epoch__ml_hardware "
            "order by source_row_number"
        ).df()
    finally:
        con.close()
    assert staged["memory_size_gb"].max() * 1e9 == pytest.approx(raw["Memory size per board (Byte)"].max())
    fp32 = raw["FP32 (single precision) performance (FLOP/s)"]
    assert staged["fp32_tflops"].max() * 1e12 == pytest.approx(fp32.max())
    multiline = raw["ML models"].dropna()
    multiline = multiline[multiline.str.contains("\n")]
    assert len(multiline) > 0, f"fixture expectation: {FILES['epoch']} has multi-line fields"
    # staging collapses whitespace; the seed keeps the field byte-for-byte
    con = duckdb.connect(str(_warehouse(built_project)), read_only=True)
    try:
        seed_values = set(r[0] for r in con.execute('select "ML models" from raw."raw_epoch__ml_hardware"').fetchall())
    finally:
        con.close()
    assert set(multiline) <= seed_values


# ----------------------------------------------------------------------------------------------- bad input
def _break_missing_file(raw: Path) -> None:
    (raw / FILES["mlperf"]).unlink()


def _break_renamed_column(raw: Path) -> None:
    _rewrite(raw / FILES["passmark"], lambda rows: [["gpu_name", *rows[0][1:]], *rows[1:]])


def _break_missing_column(raw: Path) -> None:
    _rewrite(raw / FILES["gpu_api_scores"], lambda rows: [r[:-1] for r in rows])


def _break_non_utf8(raw: Path) -> None:
    path = raw / FILES["epoch"]
    data = path.read_bytes().replace(b"NVIDIA H100 NVL", "NVIDIA H100 NVL \xe9".encode("latin-1"), 1)
    path.write_bytes(data)


def _break_field_count(raw: Path) -> None:
    _rewrite(raw / FILES["mlperf"], lambda rows: [*rows[:10], rows[10][:-1], *rows[11:]])


def _break_text_in_number(raw: Path) -> None:
    def transform(rows):
        rows[3][rows[0].index("TDP")] = "about 250"
        return rows

    _rewrite(raw / FILES["passmark"], transform)


def _break_empty_file(raw: Path) -> None:
    (raw / FILES["gpu_api_scores"]).write_bytes(b"")


BAD_CASES = {
    "missing_file": (_break_missing_file, [FILES["mlperf"], "not found"]),
    "renamed_column": (_break_renamed_column, [FILES["passmark"], "line 1", "missing column(s) ['gpuName']",
                                               "unexpected column(s) ['gpu_name']"]),
    "missing_column": (_break_missing_column, [FILES["gpu_api_scores"], "line 1", "missing column(s) ['Vulkan']"]),
    "non_utf8": (_break_non_utf8, [FILES["epoch"], "not valid UTF-8", "line "]),
    "wrong_field_count": (_break_field_count, [FILES["mlperf"], "line 11 (row 10)", "expected 20 fields, found 19"]),
    "text_in_numeric_column": (_break_text_in_number, [FILES["passmark"], "line 4 (row 3)", "column 'TDP'",
                                                       "'about 250' is not a number"]),
    "empty_file": (_break_empty_file, [FILES["gpu_api_scores"], "file is empty"]),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_rejected_and_leaves_warehouse_intact(case, built_project, bad_raw_dir):
    breaker, expected_fragments = BAD_CASES[case]
    breaker(bad_raw_dir)
    before = _snapshot(built_project)
    proc = run_job(built_project, bad_raw_dir)
    assert proc.returncode == 2, proc.stdout[-2000:] + proc.stderr[-2000:]
    for fragment in expected_fragments:
        assert fragment in proc.stderr, f"{fragment!r} not in: {proc.stderr}"
    assert _snapshot(built_project) == before


def test_failing_build_after_landing_leaves_published_warehouse_intact(fresh_copy_of_built, bad_raw_dir):
    """Input that lands (valid CSV) but fails a dbt test must not replace the published warehouse."""

    def transform(rows):
        rows[1][rows[0].index("Scenario")] = "SingleStream"  # not an accepted scenario in this dataset
        return rows

    _rewrite(bad_raw_dir / FILES["mlperf"], transform)
    before = file_digest(_warehouse(fresh_copy_of_built))
    proc = run_job(fresh_copy_of_built, bad_raw_dir, "--no-train", "--select", "+fct_mlperf_results")
    assert proc.returncode != 0
    assert "dbt build" in proc.stderr
    assert file_digest(_warehouse(fresh_copy_of_built)) == before
    assert not (fresh_copy_of_built / "warehouse" / ".building").exists()


def test_suspect_rows_are_kept_and_flagged(fresh_copy_of_built, bad_raw_dir):
    def transform(rows):
        rows[5][rows[0].index("TDP")] = "-75"
        return rows

    _rewrite(bad_raw_dir / FILES["passmark"], transform)
    # the flags and the staging models they read (a partial run: the rest of the marts is not needed here)
    proc = run_job(fresh_copy_of_built, bad_raw_dir, "--no-train", "--select", "+fct_data_quality_flags")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    con = duckdb.connect(str(_warehouse(fresh_copy_of_built)), read_only=True)
    try:
        flags = con.execute(
            "select seed_name, source_row_number, check_name from marts.fct_data_quality_flags order by all"
        ).fetchall()
        staged = con.execute("select count(*) from staging.stg_passmark__gpu_benchmarks").fetchone()[0]
    finally:
        con.close()
    assert ("raw_passmark__gpu_benchmarks", 5, "implausible_tdp_watts") in flags  # seeds/reference/physical_bounds.csv
    # the duplicated product name already present in the API-score file is flagged on both of its rows
    dup = [f for f in flags if f[0] == "raw_gpu_api_scores__device_scores" and f[2] == "duplicate_name"]
    assert len(dup) == 2
    assert staged == 2317  # flagged, not dropped


# ----------------------------------------------------------------------------------------------- the registry
def _registry_with_extra_source(tmp_path: Path, raw_dir: Path, extra_csv: str):
    """A project whose registry has one more source than the real one (a tiny CSV and its contract)."""
    project = tmp_path / "project"
    registry = project / RAW_REGISTRY
    registry.parent.mkdir(parents=True)
    doc = yaml.safe_load((PROJECT / RAW_REGISTRY).read_text(encoding="utf-8"))
    doc["seeds"].append({
        "name": "raw_extra__widgets",
        "config": {"meta": {"source": "extra", "raw_file": "widgets.csv"}},
        "columns": [
            {"name": "_row_number", "meta": {"raw_type": "integer", "added_by_landing": True}},
            {"name": "_line_number", "meta": {"raw_type": "integer", "added_by_landing": True}},
            {"name": "widget", "meta": {"raw_type": "text"}},
            {"name": "watts", "meta": {"raw_type": "number"}},
        ],
    })
    registry.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    copy_raw_files(raw_dir, raw)
    (raw / "widgets.csv").write_text(extra_csv, encoding="utf-8")
    return dataclasses.replace(load_settings("duckdb"), project_root=project, raw_dir=raw)


def test_a_fifth_source_in_the_registry_lands_with_no_python_change(tmp_path, raw_dir):
    settings = _registry_with_extra_source(tmp_path, raw_dir, "widget,watts\nA,1.5\nB,\n")
    assert [s.source for s in settings.raw_sources()] == [*FILES, "extra"]
    landed = land(settings)
    assert list(dict.fromkeys(f.seed_name for f in landed)) == [s.seed_name for s in settings.raw_sources()]
    assert (landed[-1].file_name, landed[-1].rows, landed[-1].columns) == ("widgets.csv", 2, 2)
    seed = (settings.seeds_raw_dir / "raw_extra__widgets.csv").read_text(encoding="utf-8")
    assert seed == "_row_number,_line_number,widget,watts\n1,2,A,1.5\n2,3,B,\n"
    with (settings.seeds_raw_dir / f"{MANIFEST_SEED}.csv").open(encoding="utf-8") as fh:
        manifest = list(csv.DictReader(fh))
    assert [r["seed_name"] for r in manifest] == [f.seed_name for f in landed]
    assert count_raw_rows(settings)["raw_extra__widgets"] == 2


def test_a_fifth_source_is_checked_against_its_contract(tmp_path, raw_dir):
    settings = _registry_with_extra_source(tmp_path, raw_dir, "widget,watts\nA,lots\n")
    expected = r"widgets.csv: line 2 \(row 1\), column 'watts': value 'lots' is not a number"
    with pytest.raises(LandingError, match=expected):
        land(settings)
    assert not settings.seeds_raw_dir.joinpath("raw_extra__widgets.csv").exists()


def test_a_seed_being_written_is_never_read_as_a_seed_by_dbt(tmp_path):
    """The check parses and builds on one engine while the other engine's job lands the same seeds: a seed file
    being written (a temp file renamed over the seed when complete) must not match dbt's seed search."""
    import os
    import tempfile

    from dbt_common.clients.system import find_matching  # what dbt's parser lists a seed path with

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "raw_example.csv").write_text("a\n1\n", encoding="utf-8")
    fd, partial = tempfile.mkstemp(dir=seeds, **PARTIAL_SEED_NAME)
    os.close(fd)
    found = sorted(Path(match["absolute_path"]).name for match in find_matching(str(tmp_path), ["seeds"], "*.csv"))
    assert Path(partial).exists() and found == ["raw_example.csv"]

