"""Unit tests of the roofline features and the throughput model on small synthetic frames (no warehouse)."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from ml_fitting import WORKLOADS, fit, predict

from python_ml import features, registry, roofline
from python_ml.modeling import baselines, bias, estimator, extrapolation, intervals, outputs, state

BENCHMARKS = (
    ("resnet", "Offline", "Samples/s", -1.2),
    ("resnet", "Server", "Queries/s", -1.35),
    ("llama2-70b-99", "Offline", "Tokens/s", -1.4),
    ("gptj-99", "Server", "Tokens/s", -2.6),
)


def synthetic_frame(
    n_hardware: int = 14,
    seed: int = 0,
    noise: float = 0.04,
    hardware_noise: float = 0.08,
    manufacturer_effects: dict[str, float] | None = None,
    bw_elasticity: float = 0.3,
    efficiency_shift: float = 0.0,
    first_id: int = 0,
) -> pd.DataFrame:
    """Rows in the model's input contract; the truth is log(actual/roofline) = benchmark level
    + bw_elasticity x log(bandwidth per op) + manufacturer effect + accelerator noise + row noise (<= 0)."""
    effects = manufacturer_effects if manufacturer_effects is not None else {"Acme": 0.0, "Bolt": -0.35}
    makers = sorted(effects)
    rng = np.random.default_rng(seed)
    rows = []
    for h in range(first_id, first_id + n_hardware):
        maker = makers[h % len(makers)]
        int8 = float(rng.uniform(400, 4000))
        bandwidth = float(rng.uniform(900, 8000))
        spec = {
            "hardware_id": f"hw{h}",
            "physical_hardware_id": f"hw{h}",
            "hardware_name": f"{maker} X{h}",
            "manufacturer_name": maker,
            "architecture_name": f"{maker}-gen{h % 2}",
            "release_year": float(2020 + h % 5),
            "fp32_tflops": int8 / 25,
            "fp16_tflops": None,
            "tensor_fp16_bf16_tflops": int8 / 2,
            "int8_tops": int8,
            "memory_bandwidth_gb_per_s": bandwidth,
            "memory_size_gb": float(rng.choice([80.0, 96.0, 141.0, 192.0])),
            "tdp_watts": float(rng.uniform(300, 1000)),
            "intranode_bandwidth_gb_per_s": None,
        }
        hardware_effect = effects[maker] + float(rng.normal(0, hardware_noise))
        for bench, scenario, units, level in BENCHMARKS:
            for rep in range(2):
                rows.append(
                    {
                        "mlperf_result_id": f"r{h}-{bench}-{scenario}-{rep}",
                        **spec,
                        "benchmark_model": bench,
                        "scenario": scenario,
                        "units": units,
                        "accelerator_count": 8,
                        "node_count": 1,
                        "_truth": level
                        + efficiency_shift
                        + bw_elasticity * (math.log(bandwidth) - math.log(int8) + 0.2)
                        + hardware_effect
                        + float(rng.normal(0, noise)),
                    }
                )
    frame = pd.DataFrame(rows)
    bound = roofline.add_roofline(frame, WORKLOADS)["roofline_bound_per_accelerator"]
    frame["per_accelerator_result"] = bound.to_numpy() * np.exp(np.minimum(frame.pop("_truth").to_numpy(), -0.005))
    return frame


def median_ape(predicted: pd.Series, actual: pd.Series) -> float:
    return float(np.median(np.abs(predicted.to_numpy() / actual.to_numpy() - 1.0)))


FAST = {"n_bootstrap": 5}


# ------------------------------------------------------------------------------------------- features


def test_workload_seed_is_complete_and_sourced():
    workloads = WORKLOADS
    assert workloads["benchmark_model"].is_unique
    assert (workloads["flops_per_unit"] > 0).all()
    assert workloads["unit_of_work"].isin(["token", "sample"]).all()
    assert (workloads["flops_source_url"].str.startswith("https://")).all()
    llm = workloads[workloads["workload_class"] == "llm"]
    assert (llm["unit_of_work"] == "token").all()
    # decode-only FLOPs per token are 2 x active parameters x beams
    expected = 2 * llm["active_parameters"] * llm["beams"].fillna(1)
    assert np.allclose(llm["flops_per_unit"], expected, rtol=0.01)


def test_roofline_compute_bound_uses_8bit_peak_and_imputes_from_16bit():
    frame = pd.DataFrame(
        {
            "benchmark_model": ["llama2-70b-99", "llama2-70b-99"],
            "scenario": ["Offline", "Offline"],
            "int8_tops": [1979.0, None],
            "tensor_fp16_bf16_tflops": [989.5, 989.5],
            "memory_bandwidth_gb_per_s": [3350.0, 3350.0],
        }
    )
    out = roofline.add_roofline(frame, WORKLOADS)
    expected = 1979e12 / 1.3795e11
    assert out.loc[0, "compute_bound_per_accelerator"] == pytest.approx(expected)
    assert out.loc[1, "compute_bound_per_accelerator"] == pytest.approx(expected)
    assert list(out["peak_ops_source"]) == ["int8_tops", "2x_16bit_tensor"]
    # KV-cache bandwidth floor is far above the compute bound for batched decoding
    assert (out["bandwidth_bound_per_accelerator"] > out["compute_bound_per_accelerator"]).all()
    assert (out["roofline_regime"] == "compute").all()


def test_missing_specs_give_no_bound_and_no_training_row():
    frame = synthetic_frame(n_hardware=6)
    frame.loc[frame["hardware_id"] == "hw0", ["int8_tops", "tensor_fp16_bf16_tflops", "fp32_tflops"]] = None
    model = fit(frame, FAST)
    assert model.dropped_rows == int((frame["hardware_id"] == "hw0").sum())
    pred = predict(model, frame)
    lost = pred[frame["hardware_id"] == "hw0"]
    assert lost["predicted_per_accelerator"].isna().all()
    assert lost["is_out_of_domain"].all()


# ------------------------------------------------------------------------------------------- model


def test_predictions_and_intervals_never_exceed_the_roofline():
    # efficiencies right at the bound: the raw model output is often above 0 and must be clipped
    frame = synthetic_frame(n_hardware=10, efficiency_shift=1.6, noise=0.05)
    model = fit(frame, FAST)
    pred = predict(model, frame)
    bound = pred["roofline_bound_per_accelerator"]
    assert (pred["predicted_per_accelerator"] <= bound * (1 + 1e-12)).all()
    assert (pred["pi80_high"] <= bound * (1 + 1e-12)).all()
    assert (pred["pi90_high"] <= bound * (1 + 1e-12)).all()
    assert pred["was_clipped"].sum() > 0, "this frame is built so that clipping must happen"
    assert (pred.loc[pred["was_clipped"], "predicted_per_accelerator"] == bound[pred["was_clipped"]]).all()


def test_real_target_beats_permuted_target_on_unseen_hardware():
    frame = synthetic_frame(n_hardware=18, seed=3)
    train = frame[frame["hardware_id"].isin([f"hw{i}" for i in range(12)])]
    test = frame[~frame.index.isin(train.index)]
    real = predict(fit(train, FAST), test)
    shuffled = train.copy()
    shuffled["per_accelerator_result"] = np.random.default_rng(0).permutation(
        shuffled["per_accelerator_result"].to_numpy()
    )
    permuted = predict(fit(shuffled, FAST), test)
    real_ape = median_ape(real["predicted_per_accelerator"], test["per_accelerator_result"])
    permuted_ape = median_ape(permuted["predicted_per_accelerator"], test["per_accelerator_result"])
    assert real_ape < 0.2
    assert real_ape < 0.5 * permuted_ape


def test_unknown_architecture_falls_back_to_manufacturer_then_global():
    frame = synthetic_frame(n_hardware=12, seed=5)
    model = fit(frame, FAST)
    row = frame.iloc[[0]].copy()
    known = predict(model, row)
    new_arch = row.assign(architecture_name="never-seen", hardware_id="new1", physical_hardware_id="new1")
    new_maker = new_arch.assign(manufacturer_name="NewCo")
    p_arch = predict(model, new_arch)
    p_maker = predict(model, new_maker)
    assert np.isfinite(p_arch["predicted_per_accelerator"]).all()
    assert np.isfinite(p_maker["predicted_per_accelerator"]).all()
    maker = row["manufacturer_name"].iloc[0]
    arch = row["architecture_name"].iloc[0]
    log_gap_arch = known["predicted_log_efficiency"].iloc[0] - p_arch["predicted_log_efficiency"].iloc[0]
    log_gap_maker = p_arch["predicted_log_efficiency"].iloc[0] - p_maker["predicted_log_efficiency"].iloc[0]
    assert log_gap_arch == pytest.approx(model.architecture_effects[arch], abs=1e-9)
    assert log_gap_maker == pytest.approx(model.manufacturer_effects[maker], abs=1e-9)
    assert not p_arch["is_out_of_domain"].iloc[0]
    assert p_maker["is_out_of_domain"].iloc[0]


def test_bias_factors_find_the_less_efficient_manufacturer():
    frame = synthetic_frame(n_hardware=16, seed=7, manufacturer_effects={"Acme": 0.0, "Bolt": -0.5})
    factors = bias.bias_factors(fit(frame, FAST))
    assert set(factors.columns) >= {"level", "name", "factor", "std_error"}
    assert set(factors["level"]) == {"manufacturer", "architecture", "year"}
    manu = factors[factors["level"] == "manufacturer"].set_index("name")
    assert manu.loc["Bolt", "factor"] / manu.loc["Acme", "factor"] < 0.8
    assert (manu["std_error"] > 0).all()


def _round_trip(model, folder):
    """Saved and loaded the way training and the what-if CLI do (python_ml.registry)."""
    version = "m-20260101T000000-abcd"
    registry.save_artifact(model, folder, version)
    registry.publish(registry.artifact_path(folder, version))
    return registry.load_artifact(folder, version, state.TRUSTED_TYPES)


def test_artifact_round_trip_gives_identical_predictions(tmp_path):
    frame = synthetic_frame(n_hardware=8, seed=11)
    model = fit(frame, FAST)
    loaded = _round_trip(model, tmp_path)
    for f in dataclasses.fields(model):  # every field back with its type (tuples stay tuples, arrays arrays)
        before, after = getattr(model, f.name), getattr(loaded, f.name)
        assert type(after) is type(before), f.name
        if isinstance(before, np.ndarray):
            np.testing.assert_array_equal(after, before)
            assert after.dtype == before.dtype, f.name
        else:
            assert repr(after) == repr(before), f.name
    pd.testing.assert_frame_equal(predict(model, frame), predict(loaded, frame))
    pd.testing.assert_frame_equal(bias.bias_factors(model), bias.bias_factors(loaded))


def test_cell_weighting_keeps_a_heavily_submitted_accelerator_from_dominating():
    frame = synthetic_frame(n_hardware=10, seed=13)
    heavy = frame[frame["hardware_id"] == "hw1"]
    duplicated = pd.concat(
        [frame] + [heavy.assign(mlperf_result_id=heavy["mlperf_result_id"] + f"#{i}") for i in range(30)]
    )
    base = predict(fit(frame, FAST), frame)["predicted_log_efficiency"]
    more = predict(fit(duplicated, FAST), frame)["predicted_log_efficiency"]
    assert np.allclose(base, more, atol=1e-6)


def test_out_of_domain_flags_specs_beyond_training_and_models_that_cannot_fit():
    frame = synthetic_frame(n_hardware=8, seed=17)
    model = fit(frame, FAST)
    row = frame[frame["benchmark_model"] == "llama2-70b-99"].iloc[[0]]
    far = row.assign(int8_tops=row["int8_tops"] * 50, hardware_id="far", physical_hardware_id="far")
    tiny = row.assign(memory_size_gb=16.0, accelerator_count=1, hardware_id="tiny", physical_hardware_id="tiny")
    assert not predict(model, row)["is_out_of_domain"].iloc[0]
    far_pred = predict(model, far)
    assert far_pred["out_of_domain_reason"].iloc[0].startswith("spec outside the training range")
    assert far_pred["predicted_per_accelerator"].iloc[0] <= far_pred["roofline_bound_per_accelerator"].iloc[0]
    tiny_pred = predict(model, tiny).iloc[0]
    # refused, not answered: 70 GB of 8-bit weights on one 16 GB card is no throughput at all
    assert "does not fit" in tiny_pred["out_of_domain_reason"]
    assert tiny_pred["error"] == tiny_pred["out_of_domain_reason"]
    assert np.isnan(tiny_pred["predicted_per_accelerator"]) and np.isnan(tiny_pred["pi90_high"])
    # the KV cache counts: weights alone would fit in 8 x 9 GB, weights plus one sequence's KV cache do not
    weights = float(features.build_features(row, WORKLOADS)["weight_bytes"].iloc[0])
    just = row.assign(memory_size_gb=weights / 8 / 1e9 * 1.0001, accelerator_count=8)
    assert roofline.does_not_fit(features.build_features(just, WORKLOADS)).iloc[0]
    assert not roofline.does_not_fit(features.build_features(just.assign(memory_size_gb=96.0), WORKLOADS)).iloc[0]


def test_a_family_that_never_ran_a_workload_is_flagged_and_efficiency_is_capped_at_the_best_measured():
    frame = synthetic_frame(n_hardware=8, seed=17)
    model = fit(frame, FAST)
    arch = frame["architecture_name"].iloc[0]
    assert model.architecture_workloads and model.max_log_efficiency
    row = frame[frame["architecture_name"] == arch].iloc[[0]]
    # forget that this family ran the workload: the same row is now flagged
    ran = {a: [b for b in v if not (a == arch.lower() or b == row["benchmark_model"].iloc[0])]
           for a, v in model.architecture_workloads.items()}
    key = features.build_features(row, WORKLOADS)["architecture_key"].iloc[0]
    model_without = replace(model, architecture_workloads={**ran, key: []})
    assert "never ran this benchmark" in predict(model_without, row)["out_of_domain_reason"].iloc[0]
    # a ceiling below the model's prediction caps it there and says so
    bench = features.build_features(row, WORKLOADS)["bench_scenario"].iloc[0]
    plain = predict(model, row).iloc[0]
    low = float(np.log(plain["predicted_per_accelerator"] / plain["roofline_bound_per_accelerator"])) - 0.5
    capped = predict(replace(model, max_log_efficiency={bench: low}), row).iloc[0]
    assert capped["predicted_per_accelerator"] == pytest.approx(
        plain["roofline_bound_per_accelerator"] * np.exp(low) * 1.25)
    assert capped["out_of_domain_reason"].startswith("implied efficiency above every measured chip")


def test_interconnect_is_a_feature_and_its_training_range_is_checked():
    frame = synthetic_frame(n_hardware=8, seed=17)
    frame["intranode_bandwidth_gb_per_s"] = np.where(frame["hardware_id"].isin(["hw0", "hw1", "hw2"]), 64.0, 900.0)
    feats = features.build_features(frame, WORKLOADS)
    assert np.allclose(np.exp(feats["log_intranode_bw"]), frame["intranode_bandwidth_gb_per_s"])
    params = {**FAST, "features": ["log_peak_ops", "log_mem_bw", "log_intranode_bw"]}
    model = fit(frame, params)
    assert model.spec_ranges["log_intranode_bw"] == pytest.approx([math.log(64.0), math.log(900.0)])
    row = frame[(frame["benchmark_model"] == "llama2-70b-99") & (frame["hardware_id"] == "hw5")].iloc[[0]]  # 900 GB/s
    inside = row.assign(intranode_bandwidth_gb_per_s=900.0 * 1.04, hardware_id="in", physical_hardware_id="in")
    beyond = row.assign(intranode_bandwidth_gb_per_s=14400.0, hardware_id="out", physical_hardware_id="out")
    unknown = row.assign(intranode_bandwidth_gb_per_s=np.nan, hardware_id="na", physical_hardware_id="na")
    assert not predict(model, inside)["is_out_of_domain"].iloc[0]
    assert predict(model, beyond)["out_of_domain_reason"].iloc[0] == "spec outside the training range: intranode_bw"
    # a missing spec is imputed with the training median, and the prediction says so
    assert predict(model, unknown)["out_of_domain_reason"].iloc[0] == (
        "spec not given, training median assumed: interconnect"
    )
    no_tdp = unknown.assign(tdp_watts=np.nan)
    assert predict(model, no_tdp)["out_of_domain_reason"].iloc[0] == (
        "spec not given, training median assumed: interconnect"  # TDP is not a feature of this configuration
    )
    with_tdp = fit(frame, {**params, "features": [*params["features"], "log_tdp"]})
    assert predict(with_tdp, no_tdp)["out_of_domain_reason"].iloc[0] == (
        "spec not given, training median assumed: TDP, interconnect"
    )
    # the interconnect slope is used: the same chip on PCIe predicts differently from NVLink
    pcie = row.assign(intranode_bandwidth_gb_per_s=64.0)
    assert predict(model, pcie)["predicted_per_accelerator"].iloc[0] != pytest.approx(
        predict(model, row)["predicted_per_accelerator"].iloc[0], rel=1e-6
    )
    # a configuration without the feature has no range to check
    plain = fit(frame, FAST)
    assert plain.spec_ranges == {}
    assert not predict(plain, unknown)["is_out_of_domain"].iloc[0]  # not a feature of this configuration


def test_the_workloads_table_is_required_not_silently_read_from_the_seed():
    frame = synthetic_frame(n_hardware=4, seed=19)
    with pytest.raises(TypeError, match="workloads"):
        estimator.fit(features.build_features(frame, WORKLOADS), FAST)
    with pytest.raises(ValueError, match="workloads table is required"):
        features.build_features(frame, None)


def test_support_classes_count_other_training_accelerators_of_the_same_architecture():
    feats = pd.DataFrame(
        {"architecture_key": ["A", "A", "A", "B", "B", "C", ""], "hw": ["a1", "a2", "a3", "b1", "b2", "c1", "x"]}
    )
    arch_groups = intervals.architecture_groups(feats, "hw")
    # each row's own accelerator held out: a* keep two siblings, b* one, c1 none; no architecture = new
    assert list(intervals.support_classes(feats, "hw", arch_groups)) == [
        "well_supported", "well_supported", "well_supported", "thin_support", "thin_support",
        "new_architecture", "new_architecture",
    ]
    # against a training set that contains them, every trained accelerator is well supported
    trained = frozenset(feats["hw"])
    assert set(intervals.support_classes(feats, "hw", arch_groups, trained)) == {"well_supported"}
    query = pd.DataFrame({"architecture_key": ["B", "C", "Z"], "hw": ["b9", "c9", "z9"]})
    assert list(intervals.support_classes(query, "hw", arch_groups, trained)) == [
        "well_supported", "thin_support", "new_architecture",
    ]


def test_intervals_are_calibrated_per_support_class_and_never_narrower_for_less_support():
    def rows(protocol, cls, spread, groups, n=40):
        return pd.DataFrame(
            {"protocol": protocol, "interval_class": cls,
             "physical_hardware_id": [f"{cls}{i % groups}" for i in range(n)],
             "predicted": 1.0, "actual": np.exp(np.linspace(-spread, spread, n))}
        )

    held_out = pd.concat(
        [rows("loao", "well_supported", 0.1, 5), rows("loao", "thin_support", 0.4, 2),
         rows("loao", "new_architecture", 0.2, 2), rows("loarch", "new_architecture", 0.8, 3)],
        ignore_index=True,
    )
    calib = intervals.calibration_frame(held_out, "physical_hardware_id")
    assert len(calib) == len(held_out)

    def expected(mask):
        return intervals.conformal_quantile(calib.loc[mask, "score"].to_numpy(), 0.8)

    q = intervals.interval_quantiles(calib, (0.8,))
    well, thin, new = (q[c]["0.80"] for c in intervals.SUPPORT_CLASSES)
    loao = calib["protocol"] == "loao"
    assert well == pytest.approx(expected(loao & (calib["interval_class"] == "well_supported")))
    assert thin == pytest.approx(expected(loao & (calib["interval_class"] == "thin_support")))
    # new architecture: held-out accelerators without a sibling pooled with leave-one-architecture-out errors
    assert new == pytest.approx(expected(calib["interval_class"] == "new_architecture"))
    assert new > thin > well
    # a class whose errors come from a single accelerator borrows the errors of the less supported ones
    one_thin = calib[~((calib["interval_class"] == "thin_support") & (calib["group"] != "thin_support0"))]
    q_one = intervals.interval_quantiles(one_thin, (0.8,))
    pooled = loao & calib.index.isin(one_thin.index) & (calib["interval_class"] != "well_supported")
    assert q_one["thin_support"]["0.80"] == pytest.approx(max(expected(pooled), well))

    # less support never gets narrower intervals, even when its few errors happen to be small
    lucky = intervals.calibration_frame(
        pd.concat([rows("loao", "well_supported", 0.1, 5), rows("loao", "thin_support", 0.02, 2)]),
        "physical_hardware_id",
    )
    q_lucky = intervals.interval_quantiles(lucky, (0.8,))
    assert q_lucky["thin_support"]["0.80"] == q_lucky["well_supported"]["0.80"] == q_lucky["new_architecture"]["0.80"]

    frame = synthetic_frame(n_hardware=10, seed=23)
    model = fit(frame, FAST, calibration=held_out)
    seen = frame.iloc[[0]]
    new_chip = seen.assign(architecture_name="Never-seen", hardware_id="new", physical_hardware_id="new")
    a, b = predict(model, seen).iloc[0], predict(model, new_chip).iloc[0]
    assert (a["interval_class"], b["interval_class"]) == ("well_supported", "new_architecture")
    half_width = lambda r: np.log(r["predicted_per_accelerator"] / r["pi80_low"])  # noqa: E731
    assert half_width(a) == pytest.approx(well) and half_width(b) == pytest.approx(new)


def test_anchor_blend_applies_only_where_asked_and_never_exceeds_the_bound():
    model = np.array([-1.0, -1.0, -1.0, -0.2, -1.0])
    reference = np.array([-0.5, np.nan, -0.5, 0.6, -0.5])
    applies = np.array([True, True, False, True, True])
    out = extrapolation.anchored_log_efficiency(model, reference, 0.5, applies)
    # blended; no reference -> the model; not applicable -> the model; above the bound -> clipped to it
    np.testing.assert_allclose(out[:4], [-0.75, -1.0, -1.0, 0.0])
    np.testing.assert_allclose(
        extrapolation.anchored_log_efficiency(model, reference, 1.0, applies), np.minimum(model, 0)
    )
    np.testing.assert_allclose(
        extrapolation.anchored_log_efficiency(model, reference, 0.0, applies)[[0, 4]], [-0.5, -0.5]
    )


def test_a_new_architecture_is_blended_with_reference_scaling_and_nothing_else_is(tmp_path):
    frame = synthetic_frame(n_hardware=10, seed=29)
    plain = fit(frame, FAST)
    anchored = fit(frame, FAST, anchor_weight=0.5)
    seen = frame.iloc[:8]
    pd.testing.assert_series_equal(
        predict(anchored, seen)["predicted_per_accelerator"], predict(plain, seen)["predicted_per_accelerator"]
    )
    assert not predict(anchored, seen)["is_anchored"].any()

    # a chip unlike the reference: FLOP/s and bandwidth ratios differ, so scaling by the wrong spec would show
    new_chip = seen.assign(
        architecture_name="Never-seen", hardware_id="new", physical_hardware_id="new",
        tensor_fp16_bf16_tflops=seen["tensor_fp16_bf16_tflops"] * 1.5, int8_tops=seen["int8_tops"] * 1.5,
        memory_bandwidth_gb_per_s=seen["memory_bandwidth_gb_per_s"] * 0.8,
    )
    alone = predict(plain, new_chip)
    blended = predict(anchored, new_chip)
    assert blended["is_anchored"].all() and not alone["is_anchored"].any()
    assert (blended["interval_class"] == "new_architecture").all()
    feats = features.build_features(frame, WORKLOADS)
    table = baselines.reference_table(feats, "physical_hardware_id")
    scaled = baselines.scale(table, features.build_features(new_chip, WORKLOADS))
    bound = blended["roofline_bound_per_accelerator"].to_numpy()
    expected = np.minimum(np.sqrt(alone["predicted_per_accelerator"].to_numpy() * scaled), bound)
    np.testing.assert_allclose(blended["predicted_per_accelerator"], expected, rtol=1e-10)
    assert (blended["pi90_high"] <= bound).all()
    assert (blended["pi80_low"] <= blended["predicted_per_accelerator"]).all()

    # the references travel with the artifact
    loaded = _round_trip(anchored, tmp_path)
    pd.testing.assert_frame_equal(predict(loaded, new_chip), blended)


def test_prediction_table_keeps_a_reason_only_where_out_of_domain():
    frame = synthetic_frame(n_hardware=6, seed=23)
    frame["intranode_bandwidth_gb_per_s"] = np.where(frame["hardware_id"].isin(["hw1", "hw2"]), 64.0, 900.0)
    model = fit(frame, {**FAST, "features": ["log_peak_ops", "log_mem_bw", "log_intranode_bw"]})
    frame["intranode_bandwidth_gb_per_s"] = np.where(frame["hardware_id"] == "hw0", np.nan,
                                                     frame["intranode_bandwidth_gb_per_s"])
    scored = predict(model, frame)
    run = {"model_version": "v1", "scored_at": pd.Timestamp("2026-11-29"), "accelerator_count": 8}
    table = outputs.prediction_table(scored, run)
    assert list(table.columns) == list(outputs.TABLE_COLUMNS)
    flagged = table[table["is_out_of_domain"]]
    assert set(flagged["hardware_id"]) == {"hw0"}
    assert (flagged["out_of_domain_reason"] == "spec not given, training median assumed: interconnect").all()
    assert table.loc[~table["is_out_of_domain"], "out_of_domain_reason"].isna().all()
