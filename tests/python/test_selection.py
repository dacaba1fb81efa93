"""Nested model selection, the factorized ridge and the release-year factor, on synthetic frames (no warehouse)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from ml_fitting import WORKLOADS, fit, predict
from sklearn.linear_model import Ridge

from python_ml import features, roofline
from python_ml.modeling import baselines, bias, estimator, extrapolation, intervals, ridge, selection, state, validation

FAST = {"n_bootstrap": 0}
BENCHMARKS = (
    ("resnet", "Offline", "Samples/s", -1.2),
    ("llama2-70b-99", "Offline", "Tokens/s", -1.4),
    ("gptj-99", "Server", "Tokens/s", -2.6),
)


def frame_with(
    elasticity: dict[str, float],
    year_offsets: dict[int, float] | None = None,
    n_hardware: int = 12,
    seed: int = 0,
) -> pd.DataFrame:
    """Truth: log(actual/roofline) = level + elasticity[benchmark] x log(bandwidth per op) + year offset + noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for h in range(n_hardware):
        int8 = float(rng.uniform(400, 4000))
        bandwidth = float(rng.uniform(900, 8000))
        year = 2021 + h % 4
        effect = (year_offsets or {}).get(year, 0.0) + float(rng.normal(0, 0.03))
        for bench, scenario, units, level in BENCHMARKS:
            for rep in range(2):
                rows.append(
                    {
                        "mlperf_result_id": f"r{h}-{bench}-{scenario}-{rep}",
                        "hardware_id": f"hw{h}",
                        "physical_hardware_id": f"hw{h}",
                        "hardware_name": f"Acme X{h}",
                        "manufacturer_name": "Acme",
                        "architecture_name": f"gen{h % 3}",
                        "release_year": float(year),
                        "benchmark_model": bench,
                        "scenario": scenario,
                        "units": units,
                        "accelerator_count": 8,
                        "node_count": 1,
                        "tensor_fp16_bf16_tflops": int8 / 2,
                        "int8_tops": int8,
                        "memory_bandwidth_gb_per_s": bandwidth,
                        "memory_size_gb": 141.0,
                        "tdp_watts": 700.0,
                        "_y": level + elasticity[bench] * (math.log(bandwidth / int8) - 0.5) + effect
                        + float(rng.normal(0, 0.01)),
                    }
                )
    frame = pd.DataFrame(rows)
    bound = roofline.add_roofline(frame, WORKLOADS)["roofline_bound_per_accelerator"].to_numpy()
    frame["per_accelerator_result"] = bound * np.exp(np.minimum(frame.pop("_y").to_numpy(), -0.005))
    return frame


def test_factorized_ridge_equals_sklearn_ridge_with_sample_weights():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(200, 12))
    y = x @ rng.normal(size=12) + 2.0 + rng.normal(0, 0.3, 200)
    w = rng.uniform(0.1, 3.0, 200)
    ours = ridge.WeightedRidge(x, w, alpha=2.5).fit(y)
    ref = Ridge(alpha=2.5).fit(x, y, sample_weight=w)
    np.testing.assert_allclose(ours.coef, ref.coef_, rtol=1e-8, atol=1e-10)
    assert ours.intercept == pytest.approx(ref.intercept_, rel=1e-8)
    # a second fit reuses the factorization with a new right-hand side
    np.testing.assert_allclose(ours.fit(2 * y).coef, Ridge(alpha=2.5).fit(x, 2 * y, sample_weight=w).coef_, rtol=1e-8)


def test_selection_prefers_workload_specific_slopes_when_workloads_differ():
    frame = frame_with({"resnet": 0.0, "llama2-70b-99": 0.9, "gptj-99": -0.4})
    chosen = selection.select(features.build_features(frame, WORKLOADS), FAST)
    scores = chosen.table.set_index("candidate")["criterion"]
    assert chosen.chosen != "shared_slopes"
    assert scores[chosen.chosen] < 0.5 * scores["shared_slopes"]
    assert chosen.table["is_chosen"].sum() == 1
    # the intervals' calibration scores are the chosen candidate's inner held-out errors, one per row and protocol
    calib = chosen.calibration
    assert (calib["protocol"] == "loao").sum() == len(frame)
    feats, y, _ = features.training_target(features.build_features(frame, WORKLOADS))
    # inner folds: INNER_FOLDS accelerator-grouped folds (12 accelerators here), never an accelerator split
    folds = selection.inner_fold_keys(feats, "physical_hardware_id")
    assert len(set(folds)) == selection.INNER_FOLDS
    assert feats.groupby(folds)["physical_hardware_id"].nunique().sum() == 12
    oof = estimator.oof_log_efficiency(feats, y, chosen.params, "physical_hardware_id", split_keys=folds)
    np.testing.assert_allclose(calib.loc[calib["protocol"] == "loao", "score"], np.abs(y - oof))
    np.testing.assert_array_equal(
        calib.loc[calib["protocol"] == "loao", "interval_class"],
        selection.held_out_classes(feats, "physical_hardware_id", folds),
    )
    by_arch = estimator.oof_log_efficiency(
        feats, y, chosen.params, "physical_hardware_id",
        split_keys=intervals.architecture_split_keys(feats, "physical_hardware_id"),
    )
    loarch = calib[calib["protocol"] == "loarch"]
    # leave-one-architecture-out rows are all in the new-architecture position: scored as served, anchor applied
    keys = intervals.architecture_split_keys(feats, "physical_hardware_id")
    reference = np.log(baselines.out_of_fold(feats, "physical_hardware_id", keys)
                       / feats["roofline_bound_per_accelerator"].to_numpy(float))
    served = extrapolation.anchored_log_efficiency(by_arch, reference, chosen.anchor_weight, np.ones(len(feats), bool))
    ok = np.isfinite(by_arch)
    np.testing.assert_allclose(loarch["score"], np.abs(y - served)[ok])
    assert set(loarch["interval_class"]) == {"new_architecture"}
    assert chosen.anchor_weight in extrapolation.ANCHOR_WEIGHTS
    assert list(chosen.anchor_table["anchor_weight"]) == list(extrapolation.ANCHOR_WEIGHTS)
    assert chosen.anchor_table["is_chosen"].sum() == 1
    assert chosen.anchor_table.loc[chosen.anchor_table["is_chosen"], "anchor_weight"].item() == chosen.anchor_weight


def test_held_out_classes_are_relative_to_the_inner_training_fold():
    feats = pd.DataFrame({"physical_hardware_id": ["a", "b", "c", "d"], "architecture_key": ["X", "X", "X", "Y"]})
    # held out alone, each X chip keeps two X siblings; held out with one sibling, only one remains
    assert list(selection.held_out_classes(feats, "physical_hardware_id", np.array(["a", "b", "c", "d"]))) == [
        "well_supported", "well_supported", "well_supported", "new_architecture"]
    assert list(selection.held_out_classes(feats, "physical_hardware_id", np.array(["f0", "f0", "f1", "f1"]))) == [
        "thin_support", "thin_support", "well_supported", "new_architecture"]


def _held_out(model_error_new: float, reference_error_new: float) -> pd.DataFrame:
    """Inner held-out predictions (log efficiency, truth -1): three new-architecture rows with the given errors
    of the model and of reference scaling, and three well-supported rows where the model is exact and reference
    scaling far off (they must not sway the choice)."""
    new = pd.DataFrame({"protocol": "loarch", "group": ["a", "b", "c"], "interval_class": "new_architecture",
                        "model": -1.0 + model_error_new, "reference": -1.0 + reference_error_new})
    well = pd.DataFrame({"protocol": "loao", "group": ["d", "e", "f"], "interval_class": "well_supported",
                         "model": -1.0, "reference": -2.0})
    return pd.concat([new, well], ignore_index=True).assign(y=-1.0, weight=1.0)[selection.HELD_OUT_COLUMNS]


def test_the_anchor_weight_is_chosen_on_new_architecture_rows_only_and_ties_keep_the_model():
    # reference scaling exact on new architectures: all weight to it (the well-supported rows, where the
    # model is exact, do not count)
    weight, table = selection._choose_anchor(_held_out(model_error_new=-0.4, reference_error_new=0.0))
    assert weight == 0.0 and table["inner_rows"].tolist() == [3, 3, 3]
    # the model exact on new architectures: keep it alone
    assert selection._choose_anchor(_held_out(model_error_new=0.0, reference_error_new=-0.4))[0] == 1.0
    # errors of opposite sign cancel in the blend
    assert selection._choose_anchor(_held_out(model_error_new=-0.2, reference_error_new=0.2))[0] == 0.5
    # a tie keeps the unchanged model
    assert selection._choose_anchor(_held_out(model_error_new=-0.3, reference_error_new=-0.3))[0] == 1.0
    # no row in the new-architecture position: nothing to learn from, the model alone
    only_well = _held_out(0.0, 0.0).query("interval_class == 'well_supported'")
    assert selection._choose_anchor(only_well)[0] == 1.0
    # calibration scores: the anchor applies to new-architecture rows only
    calib = selection._calibration(_held_out(model_error_new=-0.4, reference_error_new=0.0), 0.5)
    np.testing.assert_allclose(calib["score"], [0.2, 0.2, 0.2, 0.0, 0.0, 0.0])


def test_nested_selection_never_sees_the_held_out_accelerator(monkeypatch):
    frame = frame_with({"resnet": 0.0, "llama2-70b-99": 0.6, "gptj-99": 0.2}, n_hardware=6)
    seen: list[set[str]] = []
    real_select = selection.select

    def spy(df, *args, **kwargs):
        seen.append(set(df["physical_hardware_id"]))
        return real_select(df, *args, **kwargs)

    monkeypatch.setattr(selection, "select", spy)
    _, oof = validation.validate(
        features.build_features(frame, WORKLOADS), FAST, workloads=WORKLOADS, protocols=("loao",),
        logger=lambda m: None, candidates=("shared_slopes", "benchmark_slopes"),
    )
    folds = list(oof.groupby("fold", sort=False)["physical_hardware_id"].first())
    assert len(seen) == len(folds) == 6
    for training_ids, held_out in zip(seen, folds, strict=True):
        assert held_out not in training_ids and len(training_ids) == 5
    assert set(oof["selected_candidate"]) <= {"shared_slopes", "benchmark_slopes"}
    # the fold's anchor weight is its own choice; only rows of an architecture new to the fold are blended
    assert set(oof["anchor_weight"]) <= set(extrapolation.ANCHOR_WEIGHTS)
    assert not (oof["is_anchored"] & (oof["interval_class"] != "new_architecture")).any()


def test_year_factor_recovers_a_planted_release_year_effect():
    offsets = {2021: 0.0, 2022: 0.0, 2023: 0.25, 2024: 0.5}
    frame = frame_with({"resnet": 0.2, "llama2-70b-99": 0.2, "gptj-99": 0.2}, year_offsets=offsets, n_hardware=16)
    params = selection.candidate_params({**state.DEFAULT_PARAMS, **FAST}, "benchmark_slopes_pooled+year")
    factors = bias.bias_factors(fit(frame, params))
    year = factors[factors["level"] == "year"].set_index("name")
    assert set(year.index) == {"2021", "2022", "2023", "2024"}
    # exp(0.5) = 1.65 between 2024 and 2021/22 in truth; partial pooling may shrink it, not erase it
    assert year.loc["2024", "factor"] / year.loc["2021", "factor"] > 1.3
    assert (year["std_error"] > 0).all()
    # and a configuration without a year term writes no year rows
    no_year = selection.candidate_params({**state.DEFAULT_PARAMS, **FAST}, "benchmark_slopes_pooled")
    assert not selection.has_year_term(no_year)
    assert "year" not in set(bias.bias_factors(fit(frame, no_year))["level"])


def test_select_and_fit_serves_the_anchor_weight_it_chose(monkeypatch):
    frame = frame_with({"resnet": 0.0, "llama2-70b-99": 0.6, "gptj-99": 0.2}, n_hardware=6)
    real_choose = selection._choose_anchor
    monkeypatch.setattr(selection, "_choose_anchor", lambda held_out: (0.5, real_choose(held_out)[1]))
    model, chosen = selection.select_and_fit(
        features.build_features(frame, WORKLOADS), {**FAST, "candidates": ["shared_slopes"]}, workloads=WORKLOADS
    )
    assert chosen.anchor_weight == model.anchor_weight == 0.5
    assert model.anchor_references["bench_scenario"]  # the references travel with the model
    new_chip = frame.iloc[:6].assign(architecture_name="Never-seen", hardware_id="new", physical_hardware_id="new")
    assert predict(model, new_chip)["is_anchored"].all()


def test_out_of_fold_reference_scaling_never_uses_the_held_out_rows():
    frame = frame_with({"resnet": 0.0, "llama2-70b-99": 0.0, "gptj-99": 0.0}, n_hardware=5)
    feats = features.build_features(frame, WORKLOADS)
    keys = feats["physical_hardware_id"].astype(str).to_numpy()
    oof = baselines.out_of_fold(feats, "physical_hardware_id", keys)
    for key in np.unique(keys):
        held = keys == key
        table = baselines.reference_table(feats[~held], "physical_hardware_id")
        assert key not in table["reference"]
        np.testing.assert_allclose(oof[held], baselines.scale(table, feats[held]))

