"""Workload marts (issue 17) on the published DuckDB warehouse: the memory check agrees with every measured MLPerf
system, recomputed here from the seeds and the facts (not from the mart's own columns); a card too small for a
model gets no single-card figure; no precision a chip lacks; nothing measured above a comparable roofline; and the
README's three workload questions run and answer. Skipped when warehouse/aihw.duckdb has not been built."""

from __future__ import annotations

import math
import re

import duckdb
import pandas as pd
import pytest
from ml_fitting import WORKLOADS

from python_ml.roofline import normalize_workloads

from conftest import PROJECT

SEEDS = PROJECT / "seeds" / "reference"


def _table(con, relation: str) -> pd.DataFrame:
    return con.execute(f"select * from {relation}").df()  # noqa: S608 (relation names are constants below)


@pytest.fixture(scope="module")
def warehouse(published_warehouse):
    with duckdb.connect(str(published_warehouse), read_only=True) as con:
        yield {
            name: _table(con, f"marts.{name}")
            for name in (
                "fct_mlperf_results", "dim_hardware_specs", "dim_hardware", "fct_workload_roofline",
                "fct_workload_measured_vs_roofline", "fct_workload_memory_requirements",
            )
        }


def _required_bytes_at_submitted_precision() -> pd.Series:
    """Weights + KV cache (or input) of one sequence at the submitted precision, per workload, from the seeds."""
    workloads = pd.read_csv(SEEDS / "workloads.csv")
    bytes_per_value = pd.read_csv(SEEDS / "precisions.csv").set_index("precision_id")["bytes_per_value"]
    width = workloads["submitted_precision"].map(bytes_per_value)
    beams = workloads["beams"].fillna(1)
    kv_tokens = workloads["input_tokens"] + beams * workloads["output_tokens"]
    kv = 2 * workloads["layers"] * workloads["kv_heads"] * workloads["head_dim"] * kv_tokens
    per_sequence = kv.where(workloads["unit_of_work"] == "token", workloads["input_values_per_unit"]).fillna(0)
    return ((workloads["parameters"] + per_sequence) * width).set_axis(workloads["workload_id"])


def test_no_measured_mlperf_system_is_judged_does_not_fit(warehouse):
    results = warehouse["fct_mlperf_results"]
    benchmarks = pd.read_csv(SEEDS / "workload_benchmarks.csv")
    memory = warehouse["dim_hardware_specs"].set_index("hardware_id")["memory_size_gb"]
    systems = results.merge(benchmarks[["benchmark_model", "workload_id"]], on="benchmark_model")
    systems = systems[systems["hardware_id"].notna() & (systems["total_accelerators"] > 0)].copy()
    systems["required_bytes"] = systems["workload_id"].map(_required_bytes_at_submitted_precision())
    systems["system_memory_bytes"] = systems["hardware_id"].map(memory) * 1e9 * systems["total_accelerators"]
    judged = systems.dropna(subset=["required_bytes", "system_memory_bytes"])
    assert len(judged) > 500, "too few measured systems to judge"
    # the largest model measured (Llama 3.1 405B, ~0.4 TB at FP8) is among them
    assert judged["required_bytes"].max() > 4e11
    too_small = judged[judged["required_bytes"] > judged["system_memory_bytes"]]
    assert too_small.empty, too_small[["system_name", "benchmark_model", "total_accelerators"]].to_string()

    # the mart's own verdict agrees with the recomputation on every judged result
    mart = warehouse["fct_workload_measured_vs_roofline"].set_index("mlperf_result_id")
    verdict = mart.loc[judged["mlperf_result_id"].astype(str), "is_fit_consistent"]
    assert verdict.notna().all() and verdict.all()


def test_a_card_too_small_gets_no_single_card_llama_figure(warehouse):
    roofline = warehouse["fct_workload_roofline"]
    llama = roofline[(roofline["workload_id"] == "llama-2-70b") & (roofline["memory_size_gb"] <= 24)]
    assert len(llama) > 0, "no small card in the roofline"
    bytes_per_value = pd.read_csv(SEEDS / "precisions.csv").set_index("precision_id")["bytes_per_value"]
    parameters = pd.read_csv(SEEDS / "workloads.csv").set_index("workload_id").loc["llama-2-70b", "parameters"]
    weights_gb = parameters * llama["precision_id"].map(bytes_per_value) / 1e9
    assert (llama["fit_status"] == "does not fit on 1").all()
    assert (llama["accelerators"] >= (weights_gb / llama["memory_size_gb"]).apply(math.ceil)).all()
    # the throughput is the n-card system's, divided per card: never one card's
    per_card = llama["system_throughput_bound_per_s"] / llama["accelerators"]
    assert (per_card - llama["throughput_bound_per_accelerator_per_s"]).abs().max() < 1e-6 * per_card.max()


def test_no_precision_a_chip_lacks(warehouse):
    precisions = pd.read_csv(SEEDS / "precisions.csv").set_index("precision_id")
    specs = warehouse["dim_hardware_specs"].set_index("hardware_id")
    roofline = warehouse["fct_workload_roofline"].drop_duplicates(["hardware_id", "precision_id"])
    assert set(roofline["precision_id"]) - set(precisions.index) == set()
    for row in roofline.itertuples():
        columns = [precisions.loc[row.precision_id, key] for key in ("peak_spec_column", "fallback_spec_column")]
        peaks = [specs.loc[row.hardware_id, c] for c in columns if isinstance(c, str) and c in specs.columns]
        assert any(pd.notna(p) and p > 0 for p in peaks), (row.hardware_id, row.precision_id)


def test_nothing_measured_above_a_comparable_roofline(warehouse):
    mart = warehouse["fct_workload_measured_vs_roofline"]
    comparable = mart[mart["roofline_comparison"] == "comparable"].dropna(subset=["measured_per_accelerator_per_s"])
    assert len(comparable) > 300
    ratio = comparable["measured_per_accelerator_per_s"] / comparable["roofline_bound_per_accelerator_per_s"]
    assert (ratio <= 1).all(), comparable[ratio > 1].to_string()


def test_memory_requirements_grow_with_sequence_and_batch(warehouse):
    need = warehouse["fct_workload_memory_requirements"]
    for _, group in need.groupby(["workload_id", "precision_id", "batch_size"]):
        ordered = group.sort_values("sequence_length")["required_memory_gb"]
        assert ordered.is_monotonic_increasing and ordered.iloc[-1] > ordered.iloc[0]
    assert need["sequence_length"].min() == 512 and need["sequence_length"].max() == 131072
    assert need["batch_size"].min() == 1 and need["batch_size"].max() == 256


def _readme_queries() -> list[str]:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Workload questions"):]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def test_readme_workload_questions_answer(published_warehouse, warehouse):
    queries = _readme_queries()
    assert len(queries) == 3
    with duckdb.connect(str(published_warehouse), read_only=True) as con:
        fit, int8, bert = (con.execute(query).df() for query in queries)
    # Llama-2-70B at 32k on 4 x 48 GB: FP32 (297 GB) does not fit, INT8 does, and only what fits has a TPOT
    answers = fit.set_index("precision_id")["answer"]
    assert answers["fp32"] == "does not fit on 4" and answers["int8"] == "fits on 4"
    assert fit.loc[fit["answer"] == "fits on 4", "tpot_bound_ms"].gt(0).all()
    assert fit.loc[fit["answer"] != "fits on 4", "tpot_bound_ms"].isna().all()
    # INT8 halves the bytes of FP16 and at least does not slow the roofline
    assert len(int8) == 1 and int8.loc[0, "memory_saving_share"] == pytest.approx(0.5)
    assert int8.loc[0, "latency_speedup_batch_1"] >= 1
    # BERT on L4 from the measured results: the card count is 2,000 / the best measured per-card Server rate,
    # recomputed here from fct_mlperf_results (system result / accelerators of every L4 BERT-99 Server result)
    results, hardware = warehouse["fct_mlperf_results"], warehouse["dim_hardware"]
    l4 = hardware.loc[hardware["hardware_name"] == "NVIDIA L4", "hardware_id"]
    server = results[results["hardware_id"].isin(l4) & (results["benchmark_model"] == "bert-99")
                     & (results["scenario"] == "Server")]
    best = (server["system_result"] / server["total_accelerators"]).max()
    answer = bert.set_index(["benchmark_model", "scenario"])
    assert answer.loc[("bert-99", "Server"), "best_per_l4_per_s"] == pytest.approx(best)
    assert answer.loc[("bert-99", "Server"), "l4_cards"] == math.ceil(2000 / best) >= 2
    # measured, never above the L4's roofline; one query at a time is answered under 10 ms
    throughput = bert.dropna(subset=["best_per_l4_per_s"])
    assert set(throughput["scenario"]) == {"Offline", "Server"}
    assert (throughput["best_per_l4_per_s"] <= throughput["roofline_per_l4_per_s"]).all()
    assert answer.loc[("bert-99", "SingleStream"), "meets_10_ms"]
    assert pd.isna(answer.loc[("bert-99", "SingleStream"), "l4_cards"])  # a latency is no rate


def test_ml_workloads_fixture_is_the_mart(published_warehouse):
    """The ML unit tests read tests/python/fixtures/ml_mlperf_workloads.csv (they run without a warehouse); it must
    be exactly the contracted mart the pipeline derives from seeds/reference/workloads.csv. Regenerate with
    `python -c "import duckdb; duckdb.connect('warehouse/aihw.duckdb', read_only=True).sql('select * from
    marts.ml_mlperf_workloads order by benchmark_model').df().to_csv('tests/python/fixtures/ml_mlperf_workloads.csv',
    index=False)"` after the main job."""
    with duckdb.connect(str(published_warehouse), read_only=True) as con:
        mart = normalize_workloads(_table(con, "marts.ml_mlperf_workloads"))
    fixture = WORKLOADS.sort_values("benchmark_model").reset_index(drop=True)
    mart = mart.sort_values("benchmark_model").reset_index(drop=True)[fixture.columns]
    pd.testing.assert_frame_equal(fixture, mart, check_dtype=False, rtol=1e-12)
    # the benchmarks the rounds added to per-accelerator figures are in it, with their own classes
    classes = mart.set_index("benchmark_model")["workload_class"]
    assert classes[["bert-99", "bert-99.9"]].eq("encoder").all() and classes["rnnt"] == "speech"


def test_bert_and_rnnt_throughputs_are_per_accelerator_figures(warehouse):
    """Every BERT / RNN-T Offline or Server result on an identified accelerator has a per-accelerator figure (its
    units judged consistent against the workload reference); their SingleStream results stay latencies."""
    results = warehouse["fct_mlperf_results"]
    rows = results[results["benchmark_model"].isin(["bert-99", "bert-99.9", "rnnt"])]
    throughput = rows[rows["scenario"].isin(["Offline", "Server"]) & rows["hardware_id"].notna()
                      & rows["system_result"].notna() & (rows["total_accelerators"] > 0)]
    assert len(throughput) > 500
    assert throughput["per_accelerator_result"].notna().all(), throughput[throughput["per_accelerator_result"].isna()]
    expected = throughput["system_result"] / throughput["total_accelerators"]
    assert (throughput["per_accelerator_result"] - expected).abs().max() < 1e-9 * expected.max()
    latency = rows[rows["scenario"].isin(["SingleStream", "MultiStream"])]
    assert len(latency) > 50
    assert latency["per_accelerator_result"].isna().all() and (latency["metric_kind"] == "latency").all()
