"""Tests of the validation protocols, baselines and conformal intervals on synthetic frames (no warehouse)."""

from __future__ import annotations

import math
import sys

import numpy as np
import pandas as pd
import pytest
from ml_fitting import WORKLOADS, fit, predict

from python_ml import features, roofline
from python_ml.modeling import baselines, estimator, selection, validation

FAST = {"n_bootstrap": 0}


def synthetic_frame(
    n_hardware: int = 12, seed: int = 0, hardware_noise: float = 0.1, first_id: int = 0
) -> pd.DataFrame:
    """Two makers, a bandwidth effect and accelerator-level noise; log(actual/roofline) < 0 everywhere."""
    rng = np.random.default_rng(seed)
    rows = []
    for h in range(first_id, first_id + n_hardware):
        maker = "Acme" if h % 2 else "Bolt"
        int8 = float(rng.uniform(400, 4000))
        bandwidth = float(rng.uniform(900, 8000))
        u = (0.0 if maker == "Acme" else -0.3) + float(rng.normal(0, hardware_noise))
        for bench, scenario, level in (
            ("resnet", "Offline", -1.2), ("resnet", "Server", -1.3), ("llama2-70b-99", "Offline", -1.5)
        ):
            for rep in range(2):
                rows.append(
                    {
                        "mlperf_result_id": f"r{h}-{bench}-{scenario}-{rep}",
                        "hardware_id": f"hw{h}",
                        "physical_hardware_id": f"hw{h}",
                        "hardware_name": "Acme H100 SXM" if h == first_id + 1 else f"{maker} X{h}",
                        "manufacturer_name": maker,
                        "architecture_name": f"{maker}-gen{(h // 2) % 3}",
                        "release_year": float(2021 + h % 4),
                        "benchmark_model": bench,
                        "scenario": scenario,
                        "units": "Samples/s",
                        "accelerator_count": 8,
                        "node_count": 1,
                        "tensor_fp16_bf16_tflops": int8 / 2,
                        "int8_tops": int8,
                        "memory_bandwidth_gb_per_s": bandwidth,
                        "memory_size_gb": 96.0,
                        "tdp_watts": 700.0,
                        "_y": level + 0.3 * (math.log(bandwidth / int8) + 0.2) + u + float(rng.normal(0, 0.03)),
                    }
                )
    frame = pd.DataFrame(rows)
    bound = roofline.add_roofline(frame, WORKLOADS)["roofline_bound_per_accelerator"].to_numpy()
    frame["per_accelerator_result"] = bound * np.exp(np.minimum(frame.pop("_y").to_numpy(), -0.005))
    return frame


def validate(frame: pd.DataFrame, **options):
    return validation.validate(features.build_features(frame, WORKLOADS), FAST, workloads=WORKLOADS, **options)


@pytest.fixture
def fit_spy(monkeypatch):
    """Record the training rows of every fit that validation makes (the real fit still runs)."""
    calls: list[pd.DataFrame] = []
    real_fit = estimator.fit

    def spy(feats, params, **kwargs):
        calls.append(feats.copy())
        return real_fit(feats, params, **kwargs)

    monkeypatch.setattr(validation.estimator, "fit", spy)
    return calls


def test_leave_one_accelerator_out_never_trains_on_the_held_out_accelerator(fit_spy):
    frame = synthetic_frame(n_hardware=8)
    metrics, oof = validate(frame, protocols=("loao",), logger=lambda m: None)
    folds = oof.groupby("fold")["physical_hardware_id"].unique()
    assert len(fit_spy) == len(folds) == 8
    for train, (fold, held_out) in zip(fit_spy, folds.items(), strict=True):
        assert list(held_out) == [fold]
        assert fold not in set(train["physical_hardware_id"])
    # every row is predicted exactly once
    assert oof["mlperf_result_id"].is_unique and len(oof) == len(frame)


def test_virtualized_twin_leaves_with_its_physical_accelerator(fit_spy):
    frame = synthetic_frame(n_hardware=6)
    twin = frame[frame["hardware_id"] == "hw2"].assign(
        hardware_id="virtual-hw2", mlperf_result_id=lambda d: d["mlperf_result_id"] + "v"
    )
    frame = pd.concat([frame, twin], ignore_index=True)
    _, oof = validate(frame, protocols=("loao",), logger=lambda m: None)
    assert set(oof.loc[oof["fold"] == "hw2", "hardware_id"]) == {"hw2", "virtual-hw2"}
    for train in fit_spy:
        ids = set(train["hardware_id"])
        assert ("hw2" in ids) == ("virtual-hw2" in ids)


def test_architecture_and_temporal_splits_are_grouped(fit_spy):
    frame = synthetic_frame(n_hardware=12)
    _, oof = validate(frame, protocols=("loarch", "temporal"), logger=lambda m: None)
    arch_folds = oof[oof["protocol"] == "loarch"].groupby("fold")["architecture_name"].unique()
    for train, (fold, held_out) in zip(fit_spy, arch_folds.items(), strict=False):
        assert list(held_out) == [fold]
        assert fold not in set(train["architecture_name"])
    temporal_train = fit_spy[-1]
    temporal_test = oof[oof["protocol"] == "temporal"]
    assert temporal_train["release_year"].max() < temporal_test["release_year"].min()
    assert temporal_train["release_year"].max() < frame["release_year"].max()
    assert set(temporal_test["physical_hardware_id"]).isdisjoint(set(temporal_train["physical_hardware_id"]))


def test_baselines_scale_the_reference_by_the_spec_ratio():
    frame = synthetic_frame(n_hardware=5)
    feats = features.build_features(frame, WORKLOADS)
    train = feats[feats["hardware_id"] != "hw4"]
    test = feats[feats["hardware_id"] == "hw4"]
    base = baselines.baseline_predictions(baselines.reference_table(train, "physical_hardware_id"), test)
    assert (base["baseline_reference"] == "hw1").all()  # the 'H100 SXM' of the synthetic frame
    ref = train[train["hardware_id"] == "hw1"]
    for idx, row in test.iterrows():
        ref_rows = ref[ref["bench_scenario"] == row["bench_scenario"]]
        ref_result = ref_rows["per_accelerator_result"].median()
        expected = ref_result * row["tensor_fp16_bf16_tflops"] / ref_rows["tensor_fp16_bf16_tflops"].iloc[0]
        assert base.loc[idx, "baseline_flops"] == pytest.approx(expected)
        expected_bw = ref_result * row["memory_bandwidth_gb_per_s"] / ref_rows["memory_bandwidth_gb_per_s"].iloc[0]
        assert base.loc[idx, "baseline_bandwidth"] == pytest.approx(expected_bw)


def test_metrics_have_the_contracted_columns_and_the_model_beats_baselines_on_synthetic_truth():
    frame = synthetic_frame(n_hardware=10, seed=4)
    metrics, _ = validate(frame, protocols=("loao",), logger=lambda m: None)
    assert list(metrics.columns[:9]) == [
        "protocol", "model_or_baseline", "n", "n_groups", "median_ape", "gmean_ratio", "share_within_25pct",
        "coverage_80", "coverage_90",
    ]
    loao = metrics[metrics["protocol"] == "loao"].set_index("model_or_baseline")
    assert loao.loc["model", "median_ape"] < loao.loc["baseline_flops", "median_ape"]
    assert loao.loc["model", "median_ape"] < loao.loc["baseline_bandwidth", "median_ape"]
    assert loao["n"].nunique() == 1  # all methods scored on the same rows


def test_conformal_intervals_cover_new_accelerators_at_about_the_nominal_rate():
    """Fit on 30 accelerators, measure coverage on 80 fresh ones from the same process; averaged over a few
    draws because one draw of 30 training accelerators gives a noisy quantile."""
    cover80, cover90 = [], []
    for seed in (21, 31, 41, 51):
        train = synthetic_frame(n_hardware=30, seed=seed, hardware_noise=0.15)
        fresh = synthetic_frame(n_hardware=80, seed=seed + 1, hardware_noise=0.15, first_id=1000)
        pred = predict(fit(train, FAST), fresh)
        actual = fresh["per_accelerator_result"]
        cover80.append(float(((actual >= pred["pi80_low"]) & (actual <= pred["pi80_high"])).mean()))
        cover90.append(float(((actual >= pred["pi90_low"]) & (actual <= pred["pi90_high"])).mean()))
        assert cover90[-1] >= cover80[-1]
    assert abs(np.mean(cover80) - 0.80) <= 0.08
    assert abs(np.mean(cover90) - 0.90) <= 0.07


def test_folds_select_rows_of_the_one_feature_frame_and_never_rebuild_it(monkeypatch):
    """Validation with nested selection builds no features: every fold, inner candidate, fit and prediction
    selects rows of the frame it was given. The builders are counted wherever python_ml imported them."""
    calls = {"build_features": 0, "add_roofline": 0}
    for module in [m for name, m in sys.modules.items() if name.startswith("python_ml")]:
        for name in calls:
            real = getattr(module, name, None)
            if callable(real):
                def counting(*args, _real=real, _name=name, **kwargs):
                    calls[_name] += 1
                    return _real(*args, **kwargs)
                monkeypatch.setattr(module, name, counting)
    feats = features.build_features(synthetic_frame(n_hardware=5), WORKLOADS)
    calls.update(build_features=0, add_roofline=0)
    _, oof = validation.validate(feats, FAST, workloads=WORKLOADS, protocols=("loao", "loarch"),
                                 logger=lambda m: None, candidates=("shared_slopes", "benchmark_slopes"))
    assert len(oof) > 0
    assert calls == {"build_features": 0, "add_roofline": 0}


def test_one_reference_table_per_fold_serves_its_baselines_and_its_anchor(monkeypatch):
    """Per outer fold, the reference-scaling table of its training rows is computed for the baselines and
    handed to the fold model's anchor (not computed again), and the inner out-of-fold reference scaling reuses
    the table of all its rows for every inner fold that holds out no reference accelerator."""
    sizes: list[frozenset] = []
    real = baselines.reference_table

    def counting(train_feats, group_col, pattern=baselines.REFERENCE_PATTERN):
        sizes.append(frozenset(train_feats[group_col]))
        return real(train_feats, group_col, pattern)

    monkeypatch.setattr(baselines, "reference_table", counting)
    real_choose = selection._choose_anchor
    # an anchored fold model (w < 1) is the one that needs the table
    monkeypatch.setattr(selection, "_choose_anchor", lambda held_out: (0.5, real_choose(held_out)[1]))
    frame = synthetic_frame(n_hardware=6)
    _, oof = validate(frame, protocols=("loao",), logger=lambda m: None, candidates=("shared_slopes",))
    assert (oof["anchor_weight"] == 0.5).all()
    everyone = set(frame["physical_hardware_id"])
    outer = [frozenset(everyone - {held_out}) for held_out in oof["physical_hardware_id"].unique()]
    assert len(outer) == 6
    for training_ids in outer:
        # the outer table + the all-rows table of each of the two inner out-of-fold passes (loao, loarch)
        assert sizes.count(training_ids) == 3
    # one table per inner fold would be 3 + 5 (loao) + 2 (loarch: two architectures) per outer fold
    assert len(sizes) < len(outer) * (3 + 5 + 2)


def test_folds_in_parallel_give_exactly_the_sequential_results():
    """Outer folds on two joblib processes: the same metrics and out-of-fold predictions, in the same order."""
    feats = features.build_features(synthetic_frame(n_hardware=7), WORKLOADS)
    runs = [
        validation.validate(feats, FAST, workloads=WORKLOADS, protocols=("loao", "loarch"), logger=lambda m: None,
                            candidates=("shared_slopes", "benchmark_slopes"), n_jobs=n_jobs)
        for n_jobs in (1, 2)
    ]
    pd.testing.assert_frame_equal(runs[0][0], runs[1][0])
    pd.testing.assert_frame_equal(runs[0][1], runs[1][1])
    assert set(runs[1][1]["protocol"]) == {"loao", "loarch"}
