"""The generic dbt tests that took over Great Expectations' per-row checks (macros/generic_tests/) fail on
real warehouse data broken on purpose: a DuckDB copy of the built warehouse whose tables get one defect per
test, then `dbt test` on the copy. Skipped when warehouse/aihw.duckdb has not been built."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from aihw.config import PROJECT_ROOT, load_settings
from aihw.pipeline import build_copy_path
from aihw.warehouse import load_manifest, model_relation, session, source_relation

from conftest import copy_partial_parse

pytestmark = pytest.mark.pipeline  # dbt tests on a copy of the published warehouse: not a unit test

PUBLISHED = PROJECT_ROOT / "warehouse" / "aihw.duckdb"


def _break_predictions(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    keys = ["hardware_id", "benchmark_model", "scenario"]
    out.loc[out.index[1], keys] = out.loc[out.index[0], keys].to_numpy()  # a duplicated key
    out.loc[out.index[2], "model_version"] = "another_model_version"  # two versions in one table
    out.loc[out.index[3], "scored_at"] = pd.Timestamp("2020-06-01")  # before the plausible bound
    return out


def _break_predicted_throughput(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.loc[out.index[0], "prediction_provenance"] = "guessed"  # not predicted:<model_version>
    out["pi90_high"] = out["pi90_high"].astype("float64")
    out.loc[out.index[1], "pi90_high"] = None  # one side of a pair missing fails, as in GX
    return out


# (resource, name) -> the defect, and the tests that must fail because of it: (test macro, column or a
# fragment of the expression)
BREAKS = {
    ("source", "predictions"): (_break_predictions, {
        ("unique_combination_of_columns", None), ("distinct_count_between", "model_version"),
        ("accepted_range", "scored_at"),
    }),
    ("model", "fct_predicted_throughput"): (_break_predicted_throughput, {
        ("matches_pattern", "prediction_provenance"), ("expression_is_true", "pi90_high >= predicted_per_accelerator"),
    }),
}


@pytest.fixture(scope="module")
def dbt_test_results(tmp_path_factory) -> tuple[dict, dict]:
    if not PUBLISHED.is_file():
        pytest.skip(f"{PUBLISHED} not built: run `python -m aihw run --target duckdb` first")
    tmp = tmp_path_factory.mktemp("dbt_data_tests")
    # dbt keeps its partial parse only while the profile's values are unchanged: the copy sits where the main job's
    # build copy sits relative to dbt's working folder, so `dbt test` below reuses the main job's parse of the
    # project (target/duckdb) instead of parsing it again (~6 s)
    relative = build_copy_path(PUBLISHED).relative_to(PROJECT_ROOT)
    copy = tmp / relative
    copy.parent.mkdir(parents=True)
    shutil.copy2(PUBLISHED, copy)
    target_path = tmp / "target"
    copy_partial_parse(target_path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AIHW_DUCKDB_PATH", str(copy))
        settings = load_settings("duckdb")
        manifest = load_manifest(settings)
        with session(settings) as wh:
            for (kind, name), (breaker, _) in BREAKS.items():
                relation = model_relation(manifest, name) if kind == "model" else source_relation(manifest, name)
                wh.write_tables(replace={relation: breaker(wh.read_relation(relation))})
    selection = [f"source:python_ml.{n}" if k == "source" else n for k, n in BREAKS]
    env = {**os.environ, "AIHW_DUCKDB_PATH": str(relative), "DBT_PROFILES_DIR": str(PROJECT_ROOT)}
    run = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "test", "--target", "duckdb", "--project-dir", str(PROJECT_ROOT),
         "--target-path", str(target_path), "--select", *selection, "--exclude", "test_type:unit"],
        check=False, env=env, cwd=tmp, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads((target_path / "run_results.json").read_text())
    manifest = json.loads((target_path / "manifest.json").read_text())
    tests = {r["unique_id"]: r["status"] for r in results["results"] if r["unique_id"].startswith("test.")}
    return tests, manifest["nodes"]  # (run hooks such as the BI-role grant are operations, not tests)


def _describe(node: dict) -> tuple[str, str | None]:
    meta = node["test_metadata"]
    return meta["name"], node.get("column_name") or meta["kwargs"].get("expression")


@pytest.mark.parametrize("key", sorted(BREAKS), ids=lambda k: k[1])
def test_each_defect_fails_its_dbt_test(key, dbt_test_results):
    statuses, nodes = dbt_test_results
    failed = [_describe(nodes[uid]) for uid, status in statuses.items() if status == "fail"]
    for name, target in BREAKS[key][1]:
        assert any(n == name and (target is None or target in (t or "")) for n, t in failed), (name, target, failed)


def test_only_the_defects_fail(dbt_test_results):
    statuses, nodes = dbt_test_results
    expected = {t for _, tests in BREAKS.values() for t in tests}
    for uid, status in statuses.items():
        if status != "pass":
            name, target = _describe(nodes[uid])
            assert any(n == name and (t is None or t in (target or "")) for n, t in expected), (uid, status)
