"""python_ml.imputation: FP32 / FP16 estimates for benchmark-only GPUs, with grouped cross-validation.

Synthetic frames pin the method down (exact recovery, grouping, provenance); the real frame is read read-only
from a DuckDB warehouse built by the real pipeline (conftest.built_project) through the dbt manifest.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from aihw.config import PROJECT_ROOT
from python_ml.config import ml_settings
from python_ml.imputation import CV_COLUMNS, ESTIMATE_COLUMNS, RatioRule, fit_and_estimate

RULE = RatioRule.from_settings(ml_settings(PROJECT_ROOT))  # the dbt vars the SQL imputation reads too

STAMP = datetime(2025, 1, 1)


def synthetic_inputs(n_per_group: int = 8, groups: int = 5, seed: int = 0) -> pd.DataFrame:
    """Products whose FP32 is exactly 1e-3 x G3D (TFLOP/s), FP16 = 2 x FP32, in `groups` architectures."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(groups):
        for i in range(n_per_group):
            g3d = float(10 ** rng.uniform(3, 4.5))
            rows.append({
                "hardware_id": f"gpu-{g}-{i}", "architecture_id": f"arch-{g}", "manufacturer_id": "nvidia",
                "reference_year": 2015 + (i % 3), "g3d_mark": g3d, "g2d_mark": None, "cuda_score": g3d * 10,
                "opencl_score": None, "vulkan_score": None, "metal_score": None,
                "fp32_tflops": g3d * 1e-3, "fp16_tflops": g3d * 2e-3,
            })
    return pd.DataFrame(rows)


def test_outputs_have_the_documented_columns_and_exact_recovery():
    frame = synthetic_inputs()
    unknown = frame.index[frame["hardware_id"].str.endswith("-0")]
    truth = frame.loc[unknown, "fp32_tflops"].to_numpy()
    frame.loc[unknown, ["fp32_tflops", "fp16_tflops"]] = np.nan
    estimates, cv = fit_and_estimate(frame, RULE, estimated_at=STAMP)
    assert list(estimates.columns) == ESTIMATE_COLUMNS and list(cv.columns) == CV_COLUMNS
    fp32 = estimates[estimates["quantity"] == "fp32_tflops"].set_index("hardware_id")
    np.testing.assert_allclose(fp32.loc[frame.loc[unknown, "hardware_id"], "estimated_value"], truth, rtol=0.05)
    fp16 = estimates[estimates["quantity"] == "fp16_tflops"].set_index("hardware_id")
    assert set(fp16["method"]) == {"regression_g3d_architecture_ratio"}  # every architecture has FP16/FP32 pairs
    np.testing.assert_allclose(fp16.loc[fp32.index, "estimated_value"], 2 * fp32["estimated_value"], rtol=1e-9)
    assert cv.set_index("throughput_estimate_cv_id").loc["fp32_tflops:regression_g3d",
                                                         "median_absolute_percentage_error"] < 0.05


def test_nothing_reported_is_estimated_and_every_estimate_is_flagged():
    frame = synthetic_inputs()
    frame.loc[frame.index[:5], ["fp32_tflops", "fp16_tflops"]] = np.nan
    estimates, _ = fit_and_estimate(frame, RULE, estimated_at=STAMP)
    reported = set(frame.loc[frame["fp32_tflops"].notna(), "hardware_id"])
    assert not reported & set(estimates["hardware_id"])
    assert estimates["value_provenance"].str.startswith("imputed:regression_g3d").all()
    assert (estimates["value_provenance"] == "imputed:" + estimates["method"]).all()
    assert estimates["expected_absolute_percentage_error"].notna().all()
    assert ((estimates["interval_80_low"] <= estimates["estimated_value"])
            & (estimates["estimated_value"] <= estimates["interval_80_high"])).all()
    assert estimates["throughput_estimate_id"].is_unique


def test_cross_validation_is_grouped_by_architecture():
    """One architecture runs at 10x the others' FP32 per G3D point. Grouped CV can never learn that from the
    architecture itself, so those products are ~10x off out of fold; a row-wise split would have hidden it."""
    frame = synthetic_inputs(n_per_group=10, groups=5)
    odd = frame["architecture_id"] == "arch-0"
    frame.loc[odd, ["fp32_tflops", "fp16_tflops"]] *= 10
    _, cv = fit_and_estimate(frame, RULE, estimated_at=STAMP)
    row = cv.set_index("throughput_estimate_cv_id").loc["fp32_tflops:regression_g3d"]
    assert row["cv_scheme"] == "leave_one_architecture_out"
    assert row["group_count"] == 5 and row["evaluated_count"] == 50
    # the odd architecture (a fifth of the products) is estimated ~10x too low out of fold: never learnt from itself
    assert row["log10_error_p10"] < -0.8
    assert row["share_within_25_percent"] <= 0.8


def test_products_without_architecture_are_their_own_group_and_missing_columns_are_refused():
    frame = synthetic_inputs()
    frame.loc[frame.index[:3], "architecture_id"] = None
    _, cv = fit_and_estimate(frame, RULE, estimated_at=STAMP)
    assert cv.set_index("throughput_estimate_cv_id").loc["fp32_tflops:regression_g3d", "group_count"] == 5 - 0 + 3
    with pytest.raises(ValueError, match="lacks column"):
        fit_and_estimate(frame.drop(columns=["g3d_mark"]), RULE)


# --------------------------------------------------------------------------- on the real warehouse
@pytest.fixture(scope="module")
def hardware_inputs(built_project) -> pd.DataFrame:
    """dim_hardware_specs of a warehouse built by the real pipeline, read read-only."""
    import json

    import duckdb

    manifest = json.loads((built_project / "target" / "duckdb" / "manifest.json").read_text())
    node = next(n for n in manifest["nodes"].values() if n["name"] == "dim_hardware_specs")
    con = duckdb.connect(str(built_project / "warehouse" / "aihw.duckdb"), read_only=True)
    try:
        return con.sql(f'select * from "{node["schema"]}"."{node["alias"]}"').df()
    finally:
        con.close()


def test_real_estimates_are_honest_and_reproducible(hardware_inputs):
    estimates, cv = fit_and_estimate(hardware_inputs, RULE, estimated_at=STAMP)
    again, cv_again = fit_and_estimate(hardware_inputs, RULE, estimated_at=STAMP)
    pd.testing.assert_frame_equal(estimates, again)
    pd.testing.assert_frame_equal(cv, cv_again)

    reported_fp32 = set(hardware_inputs.loc[hardware_inputs["fp32_tflops"].notna(), "hardware_id"])
    assert not reported_fp32 & set(estimates["hardware_id"])
    assert estimates["hardware_id"].isin(hardware_inputs["hardware_id"]).all()
    assert np.isfinite(estimates["estimated_value"]).all() and (estimates["estimated_value"] > 0).all()
    assert estimates["estimated_value"].max() < 1000  # TFLOP/s: no benchmark-only GPU is a data-centre part
    assert set(estimates["quantity"]) == {"fp32_tflops", "fp16_tflops"}

    by_id = cv.set_index("throughput_estimate_cv_id")
    fp32 = by_id.loc["fp32_tflops:regression_g3d"]
    assert fp32["evaluated_count"] >= 30 and fp32["group_count"] >= 5
    assert 0 < fp32["median_absolute_percentage_error"] < 1.0
    # the direct FP16 regression is reported for comparison but never used
    assert not by_id.loc["fp16_tflops:regression_g3d", "is_used"]
    assert "regression_g3d" not in set(estimates.loc[estimates["quantity"] == "fp16_tflops", "method"])
    used = set(cv.loc[cv["is_used"], "throughput_estimate_cv_id"])
    assert set(estimates["quantity"] + ":" + estimates["method"]) <= used
