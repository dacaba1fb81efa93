"""Guards of the what-if CLI and of landing, without a warehouse: physical bounds, spreadsheet formulas, the
accelerator-count domain, artifacts written only on success, and double quotes a seed loader would misread."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from ml_fitting import fit, predict
from test_models import FAST, synthetic_frame

from aihw.config import PROJECT_ROOT, RAW_REGISTRY
from aihw.landing import ADDED_COLUMNS, LandingError, _write_seed, load_contract, parse_file
from python_ml import registry
from python_ml.modeling.outputs import spreadsheet_safe
from python_ml.specs_input import BOUNDS_SEED, PHYSICAL_BOUNDS, SEED, bound_violation, si_factor

CONTRACTS = {c.seed_name: c for c in load_contract(PROJECT_ROOT / RAW_REGISTRY)}


# ------------------------------------------------------------------------------------------ physical bounds
def test_every_numeric_input_column_has_one_physical_bound():
    numeric = {c.name for c in CONTRACTS[SEED].columns if c.raw_type in ("number", "integer")}
    assert set(PHYSICAL_BOUNDS) == numeric


def test_the_cli_bounds_are_the_warehouse_seed_in_the_raw_si_unit():
    """The CLI reads seeds/reference/physical_bounds.csv; its unit factors agree with the staging model's own
    conversion (the tera / giga argument of each bounded column in stg_epoch__ml_hardware)."""
    sql = (PROJECT_ROOT / "models" / "staging" / "epoch" / "stg_epoch__ml_hardware.sql").read_text()
    factors = {"tera": 1e12, "giga": 1e9}
    staged = re.findall(r"to_bounded_(?:double|int)\(bounds, '(\w+)', adapter\.quote\('([^']+)'\)(?:, (\w+))?\)", sql)
    assert len(staged) == len(PHYSICAL_BOUNDS)
    with (PROJECT_ROOT / BOUNDS_SEED).open(encoding="utf-8") as handle:
        seed = {r["raw_column"]: r for r in csv.DictReader(handle) if r["source_name"] == "epoch"}
    for column, raw_column, factor_name in staged:
        factor = factors.get(factor_name, 1.0)
        assert si_factor(column) == factor, column
        assert PHYSICAL_BOUNDS[raw_column].high == float(seed[raw_column]["max_value"]) * factor
        assert PHYSICAL_BOUNDS[raw_column].low == float(seed[raw_column]["min_value"]) * factor


@pytest.mark.parametrize(("column", "value", "why"), [
    ("Memory bandwidth (byte/s)", "-6e12", "must be >= 1e+09"),
    ("FP32 (single precision) performance (FLOP/s)", "0", "must be > 0"),
    ("Tensor-FP16/BF16 performance (FLOP/s)", "1e308", "must be <= 1e+16"),
    ("TDP (W)", "-700", "must be >= 1"),
    ("TDP (W)", "2500", "must be <= 2000"),
    ("Memory size per board (Byte)", "-80e9", "must be > 0"),
    ("Tensor cores", "-1", "must be >= 1"),
])
def test_impossible_values_are_refused_with_the_reason(column, value, why):
    reason = bound_violation(column, value)
    assert reason is not None and why in reason


@pytest.mark.parametrize(("column", "value"), [
    ("Memory bandwidth (byte/s)", "8.0e13"),  # the largest in ml_hardware.csv
    ("Tensor cores", "1"),
    ("FP32 (single precision) performance (FLOP/s)", "1e15"),  # the bound itself (inclusive)
    ("TDP (W)", ""),  # not given: not a bound's business
    ("Hardware name", "-anything"),  # text has no bound
])
def test_possible_values_pass(column, value):
    assert bound_violation(column, value) is None


def test_every_value_of_the_real_spec_file_is_within_its_bounds(raw_dir):
    text = (raw_dir / CONTRACTS[SEED].file_name).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    refused = [(column, row[column]) for row in rows for column in PHYSICAL_BOUNDS
               if bound_violation(column, row[column])]
    assert refused == []


# ------------------------------------------------------------------------------------ spreadsheet formulas
def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote_and_numbers_do_not():
    frame = pd.DataFrame({
        "name": ["=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "Plain", "-5", "1e3"],
        "value": [1.0, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
    })
    safe = spreadsheet_safe(frame)
    assert list(safe["name"]) == ["'=HYPERLINK(\"x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tTab", "'\rCR", "Plain",
                                  "-5", "1e3"]
    assert list(safe["value"]) == list(frame["value"])
    assert frame.loc[0, "name"] == "=HYPERLINK(\"x\")"  # the caller's frame is not changed


# ------------------------------------------------------------------------- accelerators beyond any training system
def test_more_accelerators_than_any_training_system_is_out_of_domain_with_its_reason():
    frame = synthetic_frame(n_hardware=6, seed=5)
    model = fit(frame, {**FAST, "features": ["log_peak_ops", "log_mem_bw"]})
    assert model.max_accelerators == frame["accelerator_count"].max() == 8
    row = frame[frame["benchmark_model"] == "resnet"].iloc[[0]]
    inside = predict(model, row.assign(accelerator_count=8))
    beyond = predict(model, row.assign(accelerator_count=1_000_000_000))
    assert not inside["is_out_of_domain"].iloc[0]
    assert beyond["is_out_of_domain"].iloc[0]
    assert beyond["out_of_domain_reason"].iloc[0] == (
        "n_accelerators given but beyond the training range (at most 8 accelerators in any measured system)"
    )


# ------------------------------------------------------------------------------ artifacts only on success
def test_a_training_run_publishes_its_artifact_and_report_only_when_asked_and_discards_them_otherwise(tmp_path):
    artifacts, reports = tmp_path / "artifacts", tmp_path / "reports"
    version = "m-20260101T000000-abcd"
    partial = registry.save_artifact({"a": 1}, artifacts, version)
    report_partial = registry.partial_path(reports / version)
    report_partial.mkdir(parents=True)
    (report_partial / "report.md").write_text("x")
    final = registry.artifact_path(artifacts, version)
    assert partial.is_file() and not final.exists()  # nothing under the version's name before publish
    registry.publish(final, reports / version)
    assert final.is_file() and (reports / version / "report.md").is_file()
    assert not partial.exists() and not report_partial.exists()
    # what a killed run leaves (partial names) is removed by the next main job; published files stay
    killed = registry.save_artifact({"a": 2}, artifacts, "m-20260102T000000-abcd")
    registry.partial_path(reports / "m-20260102T000000-abcd").mkdir()
    removed = registry.discard_partials(artifacts, reports)
    assert killed in removed and len(removed) == 2
    assert sorted(p.name for p in artifacts.iterdir()) == [final.name]
    assert sorted(p.name for p in reports.iterdir()) == [version]


# ---------------------------------------------------------------------------------- double quotes in a value
def _passmark_with(tmp_path: Path, raw_dir: Path, name_field: str, last: bool) -> Path:
    contract = CONTRACTS["raw_passmark__gpu_benchmarks"]
    lines = (raw_dir / contract.file_name).read_text(encoding="utf-8-sig").rstrip("\n").split("\n")
    row = name_field + "," + lines[1].split(",", 1)[1]
    body = [lines[0], *lines[1:], row] if last else [lines[0], row, *lines[1:]]
    path = tmp_path / contract.file_name
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return path


def _duckdb_seed_copy(seed: Path, header: list[str]) -> None:
    """What dbt-duckdb's seed does (its fast path): COPY the seed file with a sniffed dialect."""
    con = duckdb.connect()
    try:
        con.execute("create table t (" + ", ".join(f'"{c}" varchar' for c in [*ADDED_COLUMNS, *header]) + ")")
        con.execute(f"copy t from '{seed}' (format csv, header true, delimiter ',')")
    finally:
        con.close()


def test_the_duckdb_seed_loader_misreads_a_doubled_quote_after_its_sniffing_sample(tmp_path, raw_dir, monkeypatch):
    """Why landing refuses the double quote: written as csv does (`"Radeon ""Vega"" 64"`) it loads when it is
    in the first rows and fails dbt seed ("unterminated quote") in the last. If this starts passing, dbt-duckdb
    reads seeds reliably and landing's refusal (UNREADABLE_CHARACTERS) can go."""
    import aihw.landing as landing

    monkeypatch.setattr(landing, "UNREADABLE_CHARACTERS", {})  # what landing wrote before the guard
    contract = CONTRACTS["raw_passmark__gpu_benchmarks"]
    parsed = parse_file(_passmark_with(tmp_path, raw_dir, 'Radeon "Vega" 64', last=True), contract)
    _write_seed(parsed, tmp_path / "seed.csv")
    with pytest.raises(duckdb.Error, match="(?i)quote"):
        _duckdb_seed_copy(tmp_path / "seed.csv", parsed.header)


@pytest.mark.parametrize("name_field", ['Radeon "Vega" 64', '"Radeon ""Vega"" 64"', '"""Vega"" 64"',
                                        'Radeon "Vega"', 'Radeon 7" card'])
@pytest.mark.parametrize("last", [False, True])
def test_landing_refuses_a_double_quote_naming_file_line_and_column(tmp_path, raw_dir, name_field, last):
    contract = CONTRACTS["raw_passmark__gpu_benchmarks"]
    path = _passmark_with(tmp_path, raw_dir, name_field, last)
    line = len(path.read_text(encoding="utf-8").splitlines()) if last else 2
    with pytest.raises(LandingError) as caught:
        parse_file(path, contract)
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert problem.startswith(f"{contract.file_name}: line {line} ")
    assert "column 'gpuName'" in problem and "double quote" in problem


def test_a_quote_that_breaks_the_csv_itself_is_refused_with_its_line(tmp_path, raw_dir):
    contract = CONTRACTS["raw_passmark__gpu_benchmarks"]
    path = _passmark_with(tmp_path, raw_dir, '"Vega" 64', last=True)
    with pytest.raises(LandingError, match=rf"{contract.file_name}: line {len(path.read_text().splitlines())}: "
                                           "malformed CSV"):
        parse_file(path, contract)


def test_the_real_raw_files_have_no_refused_quote(raw_dir):
    rows = {path.name: len(parse_file(path, c).rows) for c in CONTRACTS.values() for path in c.paths(raw_dir)}  # raises
    assert all(n > 0 for n in rows.values()), rows


# -------------------------------------------------------------------------------- `aihw train` takes the run lock
def test_train_refuses_to_start_while_another_run_holds_the_warehouse(tmp_path):
    """A training run writes the warehouse and artifacts/ (and a main job's start removes partial artifacts):
    it waits for no one and touches nothing while another run holds the lock."""
    from aihw.locking import run_lock

    folder = tmp_path / "elsewhere"
    folder.mkdir()
    # (AIHW_RUN_LOCK_HELD is inherited: under scripts/check.sh the check holds the project's own lock)
    env = dict(os.environ, AIHW_DUCKDB_PATH=str(folder / "aihw.duckdb"), AIHW_ARTIFACTS_DIR=str(tmp_path / "art"))
    with run_lock([folder], "a test holding the lock"):
        proc = subprocess.run([sys.executable, "-m", "aihw", "train", "--target", "duckdb"], cwd=PROJECT_ROOT,
                              env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "a test holding the lock" in proc.stderr
    assert sorted(p.name for p in folder.iterdir()) == [".run.lock"] and not (tmp_path / "art").exists()


# ------------------------------------------------------------------------------------------ n_accelerators
@pytest.mark.parametrize(("given", "error"), [
    ("8", ""),
    ("1000000000", ""),  # possible: answered, out of domain (test above)
    ("0.5", "n_accelerators '0.5' must be a whole number >= 1"),
    ("0", "n_accelerators '0' must be a whole number >= 1"),
    ("-8", "n_accelerators '-8' must be a whole number >= 1"),
    ("1e308", "n_accelerators '1e308' is not physically possible (must be <= 1e+12)"),
    ("1_0", "n_accelerators '1_0' is not a number (ASCII digits, optional sign, point and exponent)"),
    ("١٠", "n_accelerators '١٠' is not a number (ASCII digits, optional sign, point and exponent)"),
    ("inf", "n_accelerators 'inf' is not a number (ASCII digits, optional sign, point and exponent)"),
    ("", "n_accelerators '' is not given"),
])
def test_n_accelerators_is_a_plain_whole_number_of_at_least_one_and_not_absurd(given, error):
    from python_ml.modeling.predict import _query_errors

    row = pd.Series({"benchmark": "resnet", "scenario": "Offline", "n_accelerators": given})
    assert _query_errors(row, {("resnet", "Offline")}) == error
