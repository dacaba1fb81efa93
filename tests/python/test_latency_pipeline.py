"""The latency model's tables in the published DuckDB warehouse (issue 17): the inputs hold the measured latencies
with their bound, the forward-by-round validation rows of the latency protocols are written back with both
baselines on the same rows and trained on earlier rounds only, and the predictions (and fct_predicted_latency) are
never below the bound, recomputed here from the inputs. Skipped when warehouse/aihw.duckdb has not been built."""

from __future__ import annotations

import re

import duckdb
import numpy as np
import pandas as pd
import pytest

from python_ml import scoring
from python_ml.modeling import latency, validation

from conftest import PROJECT

RELATIONS = ("marts.ml_mlperf_latency_rows", "marts.ml_latency_bounds", "ml.validation_metrics",
             "ml.validation_predictions", "ml.latency_predictions", "marts.fct_predicted_latency",
             "marts.fct_mlperf_results")


@pytest.fixture(scope="module")
def tables(published_warehouse):
    with duckdb.connect(str(published_warehouse), read_only=True) as con:
        return {r: con.execute(f"select * from {r}").df() for r in RELATIONS}  # noqa: S608 (constant names)


def test_the_inputs_hold_every_bounded_latency_result_and_no_result_beats_its_bound(tables):
    rows, results = tables["marts.ml_mlperf_latency_rows"], tables["marts.fct_mlperf_results"]
    latency_ids = set(results.loc[results["metric_kind"] == "latency", "mlperf_result_id"])
    assert len(rows) > 100 and set(rows["mlperf_result_id"]) <= latency_ids
    assert set(rows["scenario"]) == {"SingleStream", "MultiStream"}
    assert (rows["latency_ms"] >= rows["latency_bound_ms"] / rows["accelerator_count"]).all()
    assert rows["round"].nunique() >= 2  # forward by round needs an earlier round


def test_forward_validation_rows_are_written_back_next_to_both_baselines(tables):
    metrics, oof = tables["ml.validation_metrics"], tables["ml.validation_predictions"]
    rows = latency.frame(tables["marts.ml_mlperf_latency_rows"])
    mine = metrics[metrics["protocol"].str.startswith(latency.PROTOCOL)]
    for subset in ("", ":new_chips", ":seen_chips"):
        methods = mine[mine["protocol"] == latency.PROTOCOL + subset]
        assert set(methods["model_or_baseline"]) == set(validation.METHODS)
        assert methods["n"].nunique() == 1 and methods["n"].iloc[0] > 0  # the same rows for every method
    held = oof[oof["protocol"] == latency.PROTOCOL]
    assert len(held) and set(held["mlperf_result_id"]) <= set(rows["mlperf_result_id"])
    # every held-out row is of a round after the first, and "seen" means measured in an earlier round
    first = rows["round_index"].min()
    assert (held["round_index"] > first).all()
    for _, part in held.groupby("fold"):
        earlier = set(rows.loc[rows["round_index"] < part["round_index"].iloc[0], latency.GROUP_COL])
        np.testing.assert_array_equal(part["is_seen_in_training"], part[latency.GROUP_COL].isin(earlier))
    scored = held[held["predicted"].notna()]
    assert (scored["predicted"] >= scored["latency_bound_ms"]).all()
    # the written model median error is the one of the written rows
    scorable = scored[scored[["baseline_flops", "baseline_bandwidth"]].notna().all(axis=1)]
    model = mine[(mine["protocol"] == latency.PROTOCOL) & (mine["model_or_baseline"] == "model")].iloc[0]
    assert model["median_ape"] == pytest.approx(float(np.median(scoring.ape(scorable["predicted"],
                                                                             scorable["actual"]))))


def test_predictions_are_never_below_the_bound_and_the_mart_puts_measured_next_to_them(tables):
    predicted, mart = tables["ml.latency_predictions"], tables["marts.fct_predicted_latency"]
    bounds = tables["marts.ml_latency_bounds"].set_index(["hardware_id", "benchmark_model", "scenario"])
    keyed = predicted.set_index(["hardware_id", "benchmark_model", "scenario"])
    assert len(keyed) > 100 and keyed.index.is_unique and keyed.index.isin(bounds.index).all()
    np.testing.assert_allclose(keyed["latency_bound_ms"], bounds.loc[keyed.index, "latency_bound_ms"])
    assert (keyed["predicted_latency_ms"] >= keyed["latency_bound_ms"]).all()
    assert (keyed["pi90_low_ms"] >= keyed["latency_bound_ms"]).all()
    assert keyed["latency_provenance"].eq("predicted:" + keyed["model_version"]).all()
    assert len(mart) == len(predicted)
    # measured next to predicted: the median of the latest round's measured latencies of the same key
    rows = tables["marts.ml_mlperf_latency_rows"]
    latest = rows[rows["round_order"] == rows.groupby(
        ["hardware_id", "benchmark_model", "scenario"])["round_order"].transform("max")]
    want = latest.groupby(["hardware_id", "benchmark_model", "scenario"])["latency_ms"].median()
    got = mart.set_index(["hardware_id", "benchmark_model", "scenario"])["measured_median_latency_ms"]
    assert len(want) > 20
    pd.testing.assert_series_equal(got.loc[want.index], want, check_names=False)


def test_the_readme_latency_query_answers(published_warehouse):
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## The latency model, honestly"):]
    section = section[: section.index("\n## ", 1)]
    queries = re.findall(r"```sql\n(.*?)```", section, re.S)
    assert len(queries) == 1
    with duckdb.connect(str(published_warehouse), read_only=True) as con:
        answer = con.execute(queries[0]).df()
    assert len(answer) > 0 and (answer["pi80_low_ms"] < 2).all()
    assert answer["latency_provenance"].str.startswith("predicted:").all()
