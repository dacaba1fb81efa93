"""Software drift and forward-by-round validation on synthetic MLPerf histories (no warehouse)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from ml_fitting import WORKLOADS
from test_validation import synthetic_frame

from python_ml import features
from python_ml.modeling import drift, selection, validation
from python_ml.modeling.predict import predict

FAST = {"n_bootstrap": 0}
ROUNDS = (("v3.1", 301), ("v4.0", 400), ("v4.1", 401), ("v5.0", 500))
GAIN = math.log(1.10)  # planted software drift: +10 % per round for every chip


def history(n_hardware: int = 8, first_rounds: dict[int, int] | None = None) -> pd.DataFrame:
    """Each chip measured from its first round (default: chip h from round h % 3) to the last, with the same
    efficiency plus GAIN per round: the later rounds' software makes every chip faster."""
    base = synthetic_frame(n_hardware=n_hardware, hardware_noise=0.05)
    parts = []
    for i, (name, order) in enumerate(ROUNDS):
        first = base["physical_hardware_id"].map(
            lambda h: (first_rounds or {}).get(int(h[2:]), int(h[2:]) % 3))
        part = base[first <= i].assign(round=name, round_order=order)
        part["per_accelerator_result"] = part["per_accelerator_result"] * math.exp(GAIN * (i - 3))
        part["mlperf_result_id"] = name + ":" + part["mlperf_result_id"]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def built(frame: pd.DataFrame) -> pd.DataFrame:
    return drift.add_round_index(features.build_features(frame, WORKLOADS))


def test_drift_is_learned_from_chips_in_several_rounds_and_moves_predictions_by_round():
    feats = built(history())
    assert sorted(feats["round_index"].unique()) == [1.0, 2.0, 3.0, 4.0]  # 301, 400, 401, 500: one step each
    learned = drift.estimate(feats, "physical_hardware_id")
    assert learned.per_round == pytest.approx(GAIN, abs=0.01)
    assert learned.latest_round == 4.0 and learned.chips == 8
    # normalised to the latest round, a chip's result no longer depends on the round
    moved = drift.normalise(feats, learned)
    chip = moved[(moved["physical_hardware_id"] == "hw0") & (moved["bench_scenario"] == "resnet|Offline")]
    assert chip.groupby("round_index")["per_accelerator_result"].median().pct_change().abs().max() < 0.01
    # the fitted model keeps the drift: a row of round 1 is predicted exp(-3 GAIN) below the same row of round 4
    model, _ = selection.select_and_fit(feats, {**FAST, "candidates": ["shared_slopes"]}, workloads=WORKLOADS)
    assert model.drift_per_round == pytest.approx(learned.per_round) and model.drift_round == 4.0
    assert model.round_indexes == {"v3.1": 1.0, "v4.0": 2.0, "v4.1": 3.0, "v5.0": 4.0}
    latest = feats[feats["round_index"] == 4.0].head(6)
    early = predict(model, latest.assign(round_index=1.0))["predicted_per_accelerator"]
    now = predict(model, latest)["predicted_per_accelerator"]
    np.testing.assert_allclose(early / now, math.exp(-3 * learned.per_round), rtol=1e-9)
    # a row stating no round gets the latest round's prediction
    np.testing.assert_allclose(predict(model, latest.drop(columns="round_index"))["predicted_per_accelerator"], now)


def test_no_drift_without_chips_in_two_rounds():
    feats = built(history(first_rounds={h: 3 for h in range(8)}))  # every chip in v5.0 only
    assert drift.estimate(feats, "physical_hardware_id").per_round == 0.0
    assert drift.normalise(feats, drift.estimate(feats, "physical_hardware_id")) is feats


def test_forward_by_round_trains_on_earlier_rounds_only_and_splits_new_from_seen_chips(monkeypatch):
    seen_rounds: list[set[float]] = []
    real = selection.select_and_fit

    def spy(feats, *args, **kwargs):
        seen_rounds.append(set(feats["round_index"]))
        return real(feats, *args, **kwargs)

    monkeypatch.setattr(selection, "select_and_fit", spy)
    feats = built(history(n_hardware=9))
    metrics, oof = validation.validate(feats, FAST, workloads=WORKLOADS, protocols=(validation.FORWARD,),
                                       logger=lambda m: None, candidates=("shared_slopes",))
    assert list(oof["fold"].unique()) == ["round=v4.0", "round=v4.1", "round=v5.0"]
    assert seen_rounds == [{1.0}, {1.0, 2.0}, {1.0, 2.0, 3.0}]
    for _, part in oof.groupby("fold"):
        k = part["round_index"].iloc[0]
        assert (part["round_index"] == k).all()
        earlier = set(feats.loc[feats["round_index"] < k, "physical_hardware_id"])
        np.testing.assert_array_equal(part["is_seen_in_training"], part["physical_hardware_id"].isin(earlier))
    # chips hw2, hw5, hw8 first appear in v4.1 (round h % 3 == 2): new there, seen in v5.0
    new = oof[~oof["is_seen_in_training"]]
    assert set(new["physical_hardware_id"]) == {"hw1", "hw4", "hw7", "hw2", "hw5", "hw8"}
    protocols = set(metrics["protocol"])
    assert {"forward_by_round", "forward_by_round:new_chips", "forward_by_round:seen_chips"} <= protocols
    assert {"forward_by_round:new_chips:manufacturer:Acme", "forward_by_round:new_chips:benchmark:resnet"} <= protocols
    # the drift is learned inside each fold from its earlier rounds: none from v3.1 alone (v4.0 is predicted at
    # v3.1's software, ~10 % low), +10 % per round from v3.1-v4.1 (v5.0's seen chips without the planted bias)
    seen = oof[oof["is_seen_in_training"]]
    ratio = (seen["predicted"] / seen["actual"]).groupby(seen["fold"]).median()
    assert ratio["round=v4.0"] == pytest.approx(math.exp(-GAIN), abs=0.03)
    assert ratio["round=v5.0"] == pytest.approx(1.0, abs=0.03)
    # nothing above the roofline, in any fold
    assert (oof["predicted"] <= oof["roofline_bound_per_accelerator"] * (1 + 1e-12)).all()
    assert "forward_by_round:new_chips.model.median_ape" in validation.headline(metrics)
