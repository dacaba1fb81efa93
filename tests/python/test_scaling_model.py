"""The multi-accelerator scaling model (python_ml.modeling.scaling_model): per-card efficiency by interconnect class
and system size, forward-by-round validation that never sees round k when predicting round k, errors in points next
to linear scaling, and its use by the what-if CLI's cap (python_ml.modeling.scaling)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from python_ml.modeling import scaling, scaling_model, validation

NVLINK, PCIE = 900.0, 64.0  # GB/s per accelerator: scale_up_link, pcie_or_narrow_link


def _pairs(rows) -> pd.DataFrame:
    """rows: (hardware, round_order, chip first round, n, n0, efficiency, interconnect GB/s)."""
    frame = pd.DataFrame(rows, columns=["hardware_id", "round_order", "chip_first_round_order", "total_accelerators",
                                        "reference_accelerators", "scaling_efficiency",
                                        "intranode_bandwidth_gb_per_s"])
    frame["benchmark_model"], frame["scenario"] = "resnet", "Offline"
    return frame


ROWS = [
    ("a", 301, 301, 8, 1, 0.90, NVLINK), ("a", 301, 301, 2, 1, 0.97, NVLINK), ("b", 301, 301, 4, 1, 0.80, PCIE),
    ("c", 400, 301, 8, 1, 0.93, NVLINK), ("d", 400, 400, 4, 1, 0.70, PCIE), ("d", 400, 400, 8, 2, 0.85, PCIE),
    ("e", 500, 400, 8, 1, 0.95, NVLINK), ("f", 500, 500, 2, 1, 0.99, np.nan),
]


def test_fit_slopes_per_class_shrunk_to_the_pooled_one_and_the_efficiency_of_n_cards():
    prepared = scaling_model.prepare(_pairs(ROWS[:3]))
    model = scaling_model.fit(prepared)
    slopes = np.log([0.90, 0.97, 0.80]) / np.log2([8, 2, 4])
    pooled = float(np.median(slopes))
    assert model.pooled_slope == pytest.approx(pooled)
    nvlink = (2 * np.median(slopes[:2]) + scaling_model.PRIOR_PAIRS * pooled) / (2 + scaling_model.PRIOR_PAIRS)
    assert model.slopes["scale_up_link"] == pytest.approx(nvlink)
    assert model.pairs == {"scale_up_link": 2, "pcie_or_narrow_link": 1}
    # e(n) = exp(slope x doublings) relative to one card; relative to n0 cards: the doublings from n0
    assert model.efficiency(np.array(["scale_up_link"]), np.array([16.0]))[0] == pytest.approx(np.exp(4 * nvlink))
    assert model.efficiency(np.array(["scale_up_link"]), np.array([8.0]), np.array([2.0]))[0] == pytest.approx(
        np.exp(2 * nvlink))
    # a query without its interconnect (and a class with no pair) takes the pooled slope
    assert model.efficiency(np.array([scaling.UNKNOWN_CLASS]), np.array([4.0]))[0] == pytest.approx(np.exp(2 * pooled))
    table = model.table()
    assert set(table["total_accelerators"]) == set(scaling_model.SYSTEM_SIZES)
    assert (table["predicted_efficiency"] <= 1.0).all()  # every measured pair here lost per card
    # no pair at all: linear scaling
    assert scaling_model.fit(scaling_model.prepare(_pairs([]))).efficiency(
        np.array(["scale_up_link"]), np.array([8.0]))[0] == 1.0


def test_forward_by_round_never_uses_round_k_to_predict_round_k():
    prepared = scaling_model.prepare(_pairs(ROWS))
    forward = scaling_model.forward_predictions(prepared)
    assert sorted(forward["fold_round_order"].unique()) == [400, 500]
    # changing round k's (and later rounds') measurements changes nothing predicted for round k
    changed = prepared.copy()
    later = changed["round_order"] >= 400
    changed.loc[later, "scaling_efficiency"] = 0.3
    changed["pair_slope"] = np.log(changed["scaling_efficiency"]) / changed["doublings"]
    again = scaling_model.forward_predictions(changed)
    round_400 = forward["fold_round_order"] == 400
    assert again.loc[round_400, "predicted_efficiency"].to_numpy() == pytest.approx(
        forward.loc[round_400, "predicted_efficiency"].to_numpy())
    # and each fold's prediction is the model fitted on the earlier rounds only
    earlier = scaling_model.fit(prepared[prepared["round_order"] < 400])
    test = forward[round_400]
    expected = earlier.efficiency(test["interconnect_class"].to_numpy(object), test["total_accelerators"].to_numpy(),
                                  test["reference_accelerators"].to_numpy())
    assert test["predicted_efficiency"].to_numpy() == pytest.approx(expected)
    assert (forward.loc[round_400, "training_pairs"] == 3).all()
    # chips new to the round vs seen before: d is new in v4.0, c was seen in v3.1, e in v4.0
    seen = forward.set_index(["hardware_id", "fold_round_order"])["is_seen_in_training"]
    assert not seen[("d", 400)].any() and seen[("c", 400)].all() and seen[("e", 500)].all()
    assert not seen[("f", 500)].any()


def test_forward_metrics_in_points_next_to_linear_scaling():
    forward = scaling_model.forward_predictions(scaling_model.prepare(_pairs(ROWS)))
    metrics = scaling_model.forward_metrics(forward, validation.METRIC_COLUMNS)
    assert list(metrics.columns) == validation.METRIC_COLUMNS
    overall = metrics[metrics["protocol"] == scaling_model.PROTOCOL].set_index("model_or_baseline")
    assert set(overall.index) == {scaling_model.MODEL, scaling_model.LINEAR_BASELINE}
    assert overall.loc[scaling_model.LINEAR_BASELINE, "median_abs_error_points"] == pytest.approx(
        float(np.median(np.abs(1.0 - forward["scaling_efficiency"]) * 100)))
    assert overall.loc[scaling_model.MODEL, "median_abs_error_points"] == pytest.approx(
        float(np.median(np.abs(forward["predicted_efficiency"] - forward["scaling_efficiency"]) * 100)))
    assert overall.loc[scaling_model.MODEL, "n"] == len(forward) == 5
    protocols = set(metrics["protocol"])
    assert {f"{scaling_model.PROTOCOL}:new_chips", f"{scaling_model.PROTOCOL}:seen_chips",
            f"{scaling_model.PROTOCOL}:new_chips:interconnect:pcie_or_narrow_link"} <= protocols
    assert metrics["coverage_80"].isna().all()  # no interval is claimed


def test_the_cli_cap_takes_the_model_where_no_system_of_that_size_was_measured():
    model = scaling_model.fit(scaling_model.prepare(_pairs(ROWS)))
    measured = pd.DataFrame({"benchmark_model": ["llama2-70b-99"], "scenario": ["Offline"], "total_accelerators": [2],
                             "reference_accelerators": [1], "scaling_efficiency": [1.1],
                             "intranode_bandwidth_gb_per_s": [900.0]})
    ratios = scaling.measured_ratios(measured)
    columns = scaling.CAPPED_COLUMNS
    scored = pd.DataFrame({c: [100.0, 120.0, 100.0] for c in columns})
    one = pd.DataFrame({c: [100.0] * 3 for c in columns})
    feats = pd.DataFrame({"benchmark_model": ["llama2-70b-99"] * 3, "scenario": ["Offline"] * 3,
                          "accelerator_count": [1.0, 2.0, 8.0], "intranode_bandwidth_gb_per_s": [900.0] * 3})
    out = scaling.cap_per_card(scored, one, feats, ratios, model)
    expected_8 = min(1.0, float(model.efficiency(np.array(["scale_up_link"]), np.array([8.0]))[0]))
    assert expected_8 < 1.0
    # 2 cards: the measured rise (1.1) stays the cap; 8 cards: not measured -> the model's per-card ratio
    assert out["predicted_per_accelerator"].tolist() == pytest.approx([100.0, 110.0, 100.0 * expected_8])
    assert "scaling model per-card ratio" in out[scaling.SCALING_COLUMN][2]
    assert out[scaling.SCALING_COLUMN][1].startswith("capped: 1-card prediction x largest measured per-card ratio")
    # without a model the unmeasured size stays linear at best (the earlier behaviour)
    plain = scaling.cap_per_card(scored, one, feats, ratios)
    assert plain["predicted_per_accelerator"][2] == pytest.approx(100.0)


def test_the_efficiency_table_states_every_class_and_size_with_the_pairs_behind_it():
    model = scaling_model.fit(scaling_model.prepare(_pairs(ROWS)))
    table = model.table()
    assert tuple(table.columns) == scaling_model.TABLE_COLUMNS
    assert len(table) == (len(scaling.INTERCONNECT_CLASSES) + 1) * len(scaling_model.SYSTEM_SIZES)
    pooled = table[table["interconnect_class"] == scaling.UNKNOWN_CLASS]
    assert (pooled["fitted_pairs"] == len(ROWS)).all()  # the pair without an interconnect counts for the pooled slope
    pcie = table[(table["interconnect_class"] == "pcie_or_narrow_link") & (table["total_accelerators"] == 8)]
    assert pcie["predicted_efficiency"].iloc[0] == pytest.approx(np.exp(3 * model.slopes["pcie_or_narrow_link"]))


def test_the_staging_yml_follows_the_declared_table_columns():
    import yaml

    from aihw.config import PROJECT_ROOT

    staging = PROJECT_ROOT / "models" / "staging" / "python_ml" / "_python_ml__models.yml"
    models = yaml.safe_load(staging.read_text(encoding="utf-8"))["models"]
    node = next(m for m in models if m["name"] == "stg_python_ml__scaling_efficiency")
    assert [c["name"] for c in node["columns"]] == ["scaling_efficiency_id", *scaling_model.TABLE_COLUMNS,
                                                    "model_version"]
