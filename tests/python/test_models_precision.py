"""The precision-aware roofline: submission precision per benchmark x chip family x round, FP8/FP4 peaks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ml_fitting import WORKLOADS

from python_ml import precisions, roofline
from python_ml.features import build_features

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RULES = precisions.load_rules(PROJECT_ROOT)


def test_the_seed_is_sourced_and_names_known_benchmarks():
    seed = pd.read_csv(PROJECT_ROOT / precisions.SEED, dtype=str, keep_default_na=False)
    assert seed["source_url"].str.startswith("https://").all()
    assert set(seed["benchmark_model"]) <= set(WORKLOADS["benchmark_model"])
    assert set(seed["compute_precision_bits"].astype(int)) <= {4, 8, 16}
    assert not seed.duplicated(["benchmark_model", "architecture_name", "first_round"]).any()


def test_the_latest_rule_not_after_the_rows_round_applies():
    frame = pd.DataFrame({
        "benchmark_model": ["llama2-70b-99"] * 4 + ["resnet", "llama2-70b-99"],
        "architecture_name": ["Blackwell", "Blackwell", "Blackwell", "Hopper", "Blackwell", None],
        "round_order": [400.0, 401.0, np.nan, 500.0, 500.0, 500.0],
    })
    bits = precisions.annotate(frame, RULES)[precisions.COLUMN]
    # before v4.1 no Blackwell rule; from v4.1 FP4; no stated round: the latest rule; Hopper FP8; no rule: NaN
    np.testing.assert_array_equal(bits.to_numpy(), [np.nan, 4.0, 4.0, 8.0, np.nan, np.nan])
    assert precisions.round_order("v4.1") == 401.0


def test_peak_ops_reads_the_precision_and_fills_it_from_fp8_or_fp4():
    frame = pd.DataFrame({"int8_tops": [np.nan, np.nan, 2000.0, 2000.0, 2000.0],
                          "fp8_tflops": [4500.0, np.nan, np.nan, np.nan, np.nan],
                          "fp4_tflops": [np.nan, 9000.0, 9000.0, np.nan, np.nan],
                          "tensor_fp16_bf16_tflops": [np.nan, np.nan, 1000.0, 1000.0, 1000.0]})
    value, source = roofline.peak_ops(frame, pd.Series([8.0, 8.0, 4.0, 4.0, 8.0]))
    assert list(value) == [4500.0, 4500.0, 9000.0, 4000.0, 2000.0]
    assert list(source) == ["fp8_tflops", "half_fp4_tflops", "fp4_tflops", "2x_8bit", "int8_tops"]


@pytest.mark.parametrize("round_order", [401.0, 500.0])
def test_an_fp4_submission_doubles_the_compute_bound_and_halves_the_weights(round_order):
    chip = {"hardware_id": "b", "physical_hardware_id": "b", "hardware_name": "B", "manufacturer_name": "NVIDIA",
            "release_year": 2024.0, "benchmark_model": "llama2-70b-99", "scenario": "Offline", "units": "Tokens/s",
            "accelerator_count": 1, "node_count": 1, "int8_tops": 4500.0, "tensor_fp16_bf16_tflops": 2250.0,
            "memory_bandwidth_gb_per_s": 8000.0, "memory_size_gb": 50.0, "tdp_watts": 1000.0,
            "round_order": round_order}
    rows = pd.DataFrame([{**chip, "architecture_name": "Blackwell"}, {**chip, "architecture_name": "Hopper"}])
    feats = build_features(precisions.annotate(rows, RULES), WORKLOADS)
    assert list(feats["roofline_precision_bits"]) == [4.0, 8.0]
    assert feats["compute_bound_per_accelerator"][0] == pytest.approx(2 * feats["compute_bound_per_accelerator"][1])
    assert list(feats["peak_ops_source"]) == ["2x_8bit", "int8_tops"]
    # 70 GB of 8-bit weights do not fit a 50 GB card; 35 GB of 4-bit weights (plus one sequence's KV cache) do
    assert list(roofline.does_not_fit(feats)) == [False, True]
