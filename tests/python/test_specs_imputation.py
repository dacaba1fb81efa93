"""python_ml.imputation measures the error of its FP32 estimates per market segment (issue 14, item 4).

Synthetic frame: desktop products whose FP32 follows the score exactly and mobile products that are noisy
around it. The cv table gets one row per segment, and each estimate carries its own segment's error and
interval instead of one constant for every product. The interval's coverage is measured nested by group (not on
the errors its quantiles come from) and corrected by a conformal margin when it is off.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from test_imputation import RULE, STAMP, synthetic_inputs

from python_ml.imputation import COVERAGE_TOLERANCE, NOMINAL_COVERAGE, fit_and_estimate, interval_calibration


def _segmented(seed: int = 1) -> pd.DataFrame:
    frame = synthetic_inputs(n_per_group=12, groups=5, seed=seed)
    rng = np.random.default_rng(seed)
    mobile = frame.index % 2 == 1
    frame["segment"] = np.where(mobile, "mobile", "desktop")
    noise = 10 ** rng.uniform(-0.4, 0.4, size=int(mobile.sum()))
    frame.loc[mobile, "fp32_tflops"] = frame.loc[mobile, "fp32_tflops"] * noise
    return frame


def test_cv_has_one_row_per_segment_and_the_noisy_segment_is_worse():
    _, cv = fit_and_estimate(_segmented(), RULE, estimated_at=STAMP)
    errors = cv.set_index("method").loc[lambda t: t["quantity"] == "fp32_tflops", "median_absolute_percentage_error"]
    assert {"regression_g3d", "regression_g3d@desktop", "regression_g3d@mobile"} <= set(errors.index)
    assert errors["regression_g3d@mobile"] > 2 * errors["regression_g3d@desktop"]


def test_each_estimate_takes_its_segments_error_and_interval():
    frame = _segmented()
    unknown = frame.index[frame["hardware_id"].str.endswith(("-0", "-1"))]
    frame.loc[unknown, ["fp32_tflops", "fp16_tflops"]] = np.nan
    estimates, cv = fit_and_estimate(frame, RULE, estimated_at=STAMP)
    errors = cv.set_index("method")
    fp32 = estimates[estimates["quantity"] == "fp32_tflops"].merge(frame[["hardware_id", "segment"]], on="hardware_id")
    assert set(fp32["segment"]) == {"desktop", "mobile"}
    for segment, rows in fp32.groupby("segment"):
        expected = errors.loc[f"regression_g3d@{segment}", "median_absolute_percentage_error"]
        np.testing.assert_allclose(rows["expected_absolute_percentage_error"], expected)
        ratio = rows["interval_80_high"] / rows["estimated_value"]
        row = errors.loc[f"regression_g3d@{segment}"]
        np.testing.assert_allclose(ratio, 10.0 ** -(row["log10_error_p10"] - row["conformal_log10_margin"]))
    assert set(fp32["value_provenance"]) == {"imputed:regression_g3d"}


def test_without_a_segment_column_every_estimate_takes_the_methods_error():
    frame = _segmented().drop(columns=["segment"])
    frame.loc[frame.index[:6], ["fp32_tflops", "fp16_tflops"]] = np.nan
    estimates, cv = fit_and_estimate(frame, RULE, estimated_at=STAMP)
    assert not cv["method"].str.contains("@").any()
    by_id = cv.set_index("throughput_estimate_cv_id")
    overall = by_id.loc["fp32_tflops:regression_g3d", "median_absolute_percentage_error"]
    fp32 = estimates[estimates["quantity"] == "fp32_tflops"]
    np.testing.assert_allclose(fp32["expected_absolute_percentage_error"], overall)


def _group_biased_errors() -> tuple[pd.Series, pd.Series]:
    """Six groups whose errors sit at the group's own offset (0, 1, ..., 5) with some noise: an interval from
    the pooled quantiles covers 80 % of these very errors, but a group it did not see far less often."""
    rng = np.random.default_rng(3)
    groups = pd.Series(np.repeat([f"arch-{k}" for k in range(6)], 8))
    errors = pd.Series(np.repeat(np.arange(6.0), 8) + rng.normal(0.0, 0.3, size=48))
    return errors, groups


def test_coverage_is_measured_on_held_out_groups_not_by_construction():
    errors, groups = _group_biased_errors()
    low, high = np.quantile(errors, [0.10, 0.90])
    in_sample = float(((errors >= low) & (errors <= high)).mean())
    assert abs(in_sample - NOMINAL_COVERAGE) < 0.03  # what the old reading would report
    calibration = interval_calibration(errors, groups)
    assert calibration["coverage_80_uncorrected"] < NOMINAL_COVERAGE - COVERAGE_TOLERANCE


def test_an_off_coverage_gets_a_conformal_margin_that_brings_it_back():
    errors, groups = _group_biased_errors()
    calibration = interval_calibration(errors, groups)
    assert calibration["conformal_log10_margin"] > 0
    assert calibration["coverage_80"] > calibration["coverage_80_uncorrected"] + 0.1


def test_the_margin_widens_the_estimates_interval():
    frame = _segmented()
    unknown = frame.index[frame["hardware_id"].str.endswith(("-0", "-1"))]
    frame.loc[unknown, ["fp32_tflops", "fp16_tflops"]] = np.nan
    estimates, cv = fit_and_estimate(frame, RULE, estimated_at=STAMP)
    row = cv.set_index("throughput_estimate_cv_id").loc["fp32_tflops:regression_g3d@mobile"]
    assert np.isfinite(row["coverage_80_uncorrected"]) and np.isfinite(row["coverage_80"])
    fp32 = estimates[estimates["quantity"] == "fp32_tflops"].merge(frame[["hardware_id", "segment"]], on="hardware_id")
    mobile = fp32[fp32["segment"] == "mobile"]
    width = np.log10(mobile["interval_80_high"] / mobile["interval_80_low"])
    np.testing.assert_allclose(
        width, row["log10_error_p90"] - row["log10_error_p10"] + 2 * row["conformal_log10_margin"], rtol=1e-9
    )
