"""The build scales with the data (issue 15 items 2 and 3): on 3 x copies of the raw files and of the curated
reference rows (aihw/scale.py) the main job's build (conftest.WHOLE_BUILD) passes every data test (row-count
bounds are relative to the raw counts, curated-coverage tests are scoped to curated rows), and hardware-name rules
are matched as one expression of literal patterns per model, not as a name x rule join that compiles a regex for
every pair."""

from __future__ import annotations

import csv
import io
import re

import duckdb
import pytest
from scaled_raw import scale_reference, write_scaled_sources

from conftest import WHOLE_BUILD, copy_project, raw_file_paths, run_job

pytestmark = pytest.mark.scale  # a whole build on 3 x the data: scripts/benchmark.sh runs it, not the check

FACTOR = 3
RULE_MODELS = ("int_hardware__names_normalized", "int_hardware__architecture_inferred")


@pytest.fixture(scope="module")
def scaled_project(raw_dir, tmp_path_factory):
    scaled_raw = tmp_path_factory.mktemp("scaled_raw")
    write_scaled_sources(raw_dir, scaled_raw, FACTOR)
    project = copy_project(tmp_path_factory.mktemp("scaled") / "project")
    scale_reference(project / "seeds" / "reference", FACTOR)  # the curated rows of every copy's names
    proc = run_job(project, scaled_raw, *WHOLE_BUILD)
    return project, proc


def test_scaled_build_passes_every_data_test(scaled_project, raw_dir):
    project, proc = scaled_project
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    with duckdb.connect(str(project / "warehouse" / "aihw.duckdb"), read_only=True) as con:
        staged = dict(con.execute("select file_name, staged_rows from marts.fct_row_reconciliation").fetchall())
        listed = con.execute("select count(*) from marts.fct_mlperf_training_reconciliation").fetchone()[0]
        results = con.execute("select count(*) from marts.fct_mlperf_results").fetchone()[0]
    for path in raw_file_paths(raw_dir):
        text = path.read_text(encoding="utf-8-sig")
        data_rows = len(list(csv.reader(io.StringIO(text, newline="")))) - 1
        assert staged[path.relative_to(raw_dir).as_posix()] == FACTOR * data_rows  # every copy staged
    assert listed == results


@pytest.mark.parametrize("model", RULE_MODELS)
def test_rules_compile_to_literal_patterns(scaled_project, model):
    project, proc = scaled_project
    assert proc.returncode == 0
    compiled = next((project / "target").rglob(f"compiled/**/{model}.sql")).read_text(encoding="utf-8")
    assert "name_pattern" not in compiled  # no regex whose pattern is a column (one compile per row)
    assert len(re.findall(r"regexp_matches\(name_norm, '", compiled)) >= 20  # the rules, as literals
