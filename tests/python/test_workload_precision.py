"""Predicted throughput per workload x precision (python_ml.modeling.workload_precision): never above the roofline at
the precision, no throughput where the workload does not fit, no precision the chip lacks, the submitted precision
carried exactly and the others scaled by the roofline's own ratio."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from python_ml.modeling import workload_precision

MODEL = SimpleNamespace(conformal_quantiles={"0.80": 0.2, "0.90": 0.3},
                        class_quantiles={"same_architecture": {"0.80": 0.2, "0.90": 0.3}})
LOG_EFF = np.log(0.5)


def _grid() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two chips x two workloads at the submitted precision (8 bits): a compute-bound vision workload and a
    bandwidth-bound LLM of 70 B parameters (70 GB of weights at 8 bits)."""
    rows = []
    for chip, memory in (("big", 192.0), ("small", 80.0)):
        rows.append({"hardware_id": chip, "benchmark_model": "resnet", "scenario": "Offline", "units": "Samples/s",
                     "peak_ops_tops": 1000.0, "roofline_precision_bits": 8.0, "compute_precision_bits": 8.0,
                     "compute_bound_per_accelerator": 100.0, "bandwidth_bound_per_accelerator": np.nan,
                     "roofline_bound_per_accelerator": 100.0, "weight_bytes": 2.5e7,
                     "kv_cache_bytes_per_context_token": np.nan, "mean_output_tokens_per_sample": np.nan,
                     "memory_size_gb": memory, "accelerator_count": 1.0})
        rows.append({"hardware_id": chip, "benchmark_model": "llama", "scenario": "Offline", "units": "Tokens/s",
                     "peak_ops_tops": 1000.0, "roofline_precision_bits": 8.0, "compute_precision_bits": 8.0,
                     "compute_bound_per_accelerator": 500.0, "bandwidth_bound_per_accelerator": 50.0,
                     "roofline_bound_per_accelerator": 50.0, "weight_bytes": 7.0e10,
                     "kv_cache_bytes_per_context_token": 3.2e5, "mean_output_tokens_per_sample": 300.0,
                     "memory_size_gb": memory, "accelerator_count": 1.0})
    feats = pd.DataFrame(rows)
    bound = feats["roofline_bound_per_accelerator"]
    pred = bound * np.exp(LOG_EFF)
    scored = pd.DataFrame({
        "predicted_log_efficiency": LOG_EFF, "predicted_per_accelerator": pred, "units": feats["units"],
        "interval_class": "same_architecture", "is_out_of_domain": False, "out_of_domain_reason": "",
        "pi80_low": pred * np.exp(-0.2), "pi80_high": np.minimum(pred * np.exp(0.2), bound),
        "pi90_low": pred * np.exp(-0.3), "pi90_high": np.minimum(pred * np.exp(0.3), bound)}, index=feats.index)
    return feats, scored


CHIPS = pd.DataFrame({
    # "big" has FP32, FP16 and INT8 (its INT8 is the submitted 8-bit peak); "small" has no INT8 figure and no FP8
    "hardware_id": ["big", "big", "big", "small", "small"],
    "precision_id": ["fp32", "fp16_bf16", "int8", "fp32", "fp16_bf16"],
    "bits_per_value": [32.0, 16.0, 8.0, 32.0, 16.0],
    "peak_tera_ops_per_s": [60.0, 500.0, 1000.0, 60.0, 500.0],
})


def _table() -> pd.DataFrame:
    feats, scored = _grid()
    out = workload_precision.predictions(feats, scored, CHIPS, MODEL, {"model_version": "m1", "scored_at": "now"})
    return out.set_index(["hardware_id", "benchmark_model", "precision_id"])


def test_never_above_the_roofline_at_the_precision_and_intervals_ordered():
    out = _table()
    answered = out[out["predicted_per_accelerator"].notna()]
    assert len(answered) >= 5
    bound = answered["roofline_bound_per_accelerator"]
    assert (answered["predicted_per_accelerator"] <= bound * (1 + 1e-12)).all()
    assert (answered["pi90_high"] <= bound * (1 + 1e-12)).all()
    assert (answered["pi90_low"] <= answered["pi80_low"]).all()
    assert (answered["pi80_low"] <= answered["predicted_per_accelerator"]).all()
    assert (answered["predicted_per_accelerator"] <= answered["pi80_high"]).all()


def test_compute_bound_gains_the_flops_ratio_memory_bound_the_byte_ratio():
    out = _table()
    # compute-bound vision at FP16 on "big": 500 / 1000 of the INT8 bound, the efficiency kept
    vision = out.loc[("big", "resnet", "fp16_bf16")]
    assert vision["roofline_bound_per_accelerator"] == pytest.approx(50.0)
    assert vision["predicted_per_accelerator"] == pytest.approx(25.0)
    # bandwidth-bound LLM at FP16: twice the bytes per token -> half the bandwidth bound, not the FLOP/s ratio
    llm = out.loc[("big", "llama", "fp16_bf16")]
    assert llm["roofline_regime"] == "bandwidth"
    assert llm["precision_bound_ratio"] == pytest.approx(0.5)
    # FP32: the bandwidth bound (50 x 8 / 32 = 12.5) binds below the compute one (500 x 60 / 1000 = 30)
    assert out.loc[("big", "llama", "fp32"), "roofline_bound_per_accelerator"] == pytest.approx(12.5)


def test_submitted_precision_is_the_model_itself_others_widened_with_provenance():
    out = _table()
    feats, scored = _grid()
    sub = out.loc[("big", "resnet", "int8")]
    assert bool(sub["is_submitted_precision"])
    assert sub["predicted_per_accelerator"] == pytest.approx(scored.loc[0, "predicted_per_accelerator"])
    assert sub["pi80_low"] == pytest.approx(scored.loc[0, "pi80_low"])
    assert sub["throughput_provenance"] == "predicted:m1"
    other = out.loc[("big", "resnet", "fp16_bf16")]
    assert not other["is_submitted_precision"]
    assert other["throughput_provenance"] == "predicted:m1+derived:roofline_precision_ratio"
    assert other["interval_widening_log"] == pytest.approx(workload_precision.WIDENING * np.log(2.0))
    # wider on the log scale than the submitted precision's interval
    assert np.log(other["predicted_per_accelerator"] / other["pi80_low"]) > np.log(
        sub["predicted_per_accelerator"] / sub["pi80_low"]) + 0.1


def test_no_throughput_when_the_workload_does_not_fit_at_the_precision():
    out = _table()
    # 70 B parameters: 140 GB at FP16 on an 80 GB card: refused; 280 GB at FP32 on 192 GB: refused
    for key in (("small", "llama", "fp16_bf16"), ("small", "llama", "fp32"), ("big", "llama", "fp32")):
        row = out.loc[key]
        assert not row["fits_in_memory"], key
        assert np.isnan(row["predicted_per_accelerator"]) and np.isnan(row["pi90_high"]), key
        assert row["is_out_of_domain"]
    fits = out.loc[("big", "llama", "fp16_bf16")]
    assert fits["fits_in_memory"] and fits["predicted_per_accelerator"] > 0


def test_a_precision_the_chip_lacks_is_absent():
    out = _table().reset_index()
    assert set(out.loc[out["hardware_id"] == "small", "precision_id"]) == {"fp32", "fp16_bf16"}
    assert "fp8" not in set(out["precision_id"])
    # the chip without an INT8 figure has no row at the submitted precision
    assert not out.loc[out["hardware_id"] == "small", "is_submitted_precision"].any()


def test_an_efficiency_above_one_is_still_capped_at_the_bound_at_the_precision():
    feats, scored = _grid()
    scored["predicted_log_efficiency"] = 0.3  # as if a learned efficiency above the roofline reached this module
    out = workload_precision.predictions(feats, scored, CHIPS, MODEL, {"model_version": "m1", "scored_at": "now"})
    answered = out[out["predicted_per_accelerator"].notna()]
    assert (answered["predicted_per_accelerator"] <= answered["roofline_bound_per_accelerator"] * (1 + 1e-12)).all()
    assert (answered["pi80_high"] <= answered["roofline_bound_per_accelerator"] * (1 + 1e-12)).all()


def test_the_staging_view_and_its_yml_follow_the_declared_columns():
    import yaml

    from aihw.config import PROJECT_ROOT

    staging = PROJECT_ROOT / "models" / "staging" / "python_ml"
    models = yaml.safe_load((staging / "_python_ml__models.yml").read_text(encoding="utf-8"))["models"]
    node = next(m for m in models if m["name"] == "stg_python_ml__workload_precision_predictions")
    assert [c["name"] for c in node["columns"]] == ["workload_prediction_id", *workload_precision.COLUMNS]
    sql = (staging / "stg_python_ml__workload_precision_predictions.sql").read_text(encoding="utf-8")
    assert all(f"        {column}," in sql or f"{column}) as" in sql or f"as {column}" in sql
               for column in workload_precision.COLUMNS)


def test_the_memory_fit_is_judged_for_the_predicted_system_and_said_for_one_card():
    feats, scored = _grid()
    feats["accelerator_count"] = 2.0  # "small": 160 GB in two cards holds the 140 GB of FP16 weights, one card not
    out = workload_precision.predictions(feats, scored, CHIPS, MODEL, {"model_version": "m1", "scored_at": "now"})
    row = out.set_index(["hardware_id", "benchmark_model", "precision_id"]).loc[("small", "llama", "fp16_bf16")]
    assert row["fits_in_memory"] and not row["fits_on_one_accelerator"]
    assert row["accelerators"] == 2.0 and row["predicted_per_accelerator"] > 0
