"""The latency model (python_ml.modeling.latency) on synthetic MLPerf latency histories (no warehouse): never
below the roofline bound, ordered intervals, choices made inside the training rounds, and the one declaration
of its output table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml

from aihw.config import PROJECT_ROOT
from python_ml import dataset
from python_ml.modeling import latency, validation

ROUNDS = (("v3.1", 301), ("v4.0", 400), ("v4.1", 401))
FAMILIES = {"resnet|SingleStream": 2.0, "bert-99|SingleStream": 1.0, "retinanet|MultiStream": 1.5}  # log factor
SOURCES_YML = PROJECT_ROOT / "models" / "staging" / "python_ml" / "_python_ml__sources.yml"


@pytest.fixture(autouse=True)
def small_grid(monkeypatch):
    """Two candidates and two shrinkages (the choice logic is the same, the inner CV four times cheaper)."""
    monkeypatch.setattr(latency, "CANDIDATES", {"family": None, "family+bandwidth": "memory_bandwidth_gb_per_s"})
    monkeypatch.setattr(latency, "SHRINKAGE", (0.3, 3.0))


def history(n_chips: int = 7, noise: float = 0.05, seed: int = 0) -> pd.DataFrame:
    """Chip c measured from round c % 3 on: latency = bound x exp(family level + chip offset + noise), bound =
    work / peak; each chip has two rows per family and round."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(n_chips):
        peak = 50.0 * 1.6 ** c
        offset = rng.normal(0.0, 0.2)
        for i, (name, order) in enumerate(ROUNDS):
            if i < c % 3:
                continue
            for family, level in FAMILIES.items():
                benchmark, scenario = family.split("|")
                bound = 10.0 / peak
                for r in range(2):
                    rows.append({
                        "mlperf_result_id": f"{name}:{c}:{family}:{r}", "round": name, "round_order": order,
                        "hardware_id": f"chip{c}", "physical_hardware_id": f"chip{c}",
                        "hardware_name": f"Chip {c}", "manufacturer_name": "Acme", "architecture_name": "A",
                        "release_year": 2022.0, "benchmark_model": benchmark, "scenario": scenario,
                        "latency_bound_ms": bound, "peak_tera_ops_per_s": peak,
                        "memory_bandwidth_gb_per_s": 10.0 * peak, "tensor_fp16_bf16_tflops": peak / 2,
                        "latency_ms": bound * math.exp(level + offset + rng.normal(0.0, noise)),
                    })
    return pd.DataFrame(rows)


def test_a_prediction_is_never_below_the_roofline_bound():
    rows = history()
    # a family measured below its bound (impossible, here to force a negative level) and an early round
    rows.loc[rows["benchmark_model"] == "bert-99", "latency_ms"] *= math.exp(-1.5)
    model = latency.select_and_fit(latency.frame(rows))
    assert model.family_levels["bert-99|SingleStream"] < 0
    feats = latency.frame(rows)
    pred = latency.predict(model, feats)
    assert pred["predicted"].notna().all()
    assert (pred["predicted"] >= feats["latency_bound_ms"]).all()
    clipped = pred["was_clipped"].to_numpy(bool)
    assert clipped.sum() >= 10  # the negative level's rows sit on the bound
    np.testing.assert_allclose(pred.loc[clipped, "predicted"], feats.loc[clipped, "latency_bound_ms"])
    assert (pred["pi90_low"] >= feats["latency_bound_ms"]).all()


def test_intervals_are_ordered_and_calibrated_on_held_out_chips():
    feats = latency.frame(history(noise=0.3))
    model = latency.select_and_fit(feats)
    assert 0 < model.quantiles["0.80"] <= model.quantiles["0.90"]
    pred = latency.predict(model, feats)
    assert (pred["pi90_low"] <= pred["pi80_low"]).all() and (pred["pi80_low"] <= pred["predicted"]).all()
    assert (pred["predicted"] <= pred["pi80_high"]).all() and (pred["pi80_high"] <= pred["pi90_high"]).all()
    # the quantiles are the chosen configuration's inner leave-one-chip-out errors
    best = min(model.selection, key=lambda r: r["criterion"])
    scores = latency._inner_errors(feats, best["candidate"], best["shrinkage"])["score"].to_numpy(float)
    assert model.quantiles["0.90"] == pytest.approx(
        validation.intervals.conformal_quantile(scores, 0.90))


def test_a_chip_seen_before_gets_its_own_offset():
    rows = history(noise=0.01)
    rows.loc[rows["hardware_id"] == "chip0", "latency_ms"] *= 2.0  # chip0 is twice as slow as its siblings
    feats = latency.frame(rows)
    model = latency.select_and_fit(feats)
    chip0 = feats["hardware_id"].eq("chip0").to_numpy()
    pred = latency.predict(model, feats)
    assert pred.loc[chip0, "is_seen_chip"].all()
    ratio = (pred.loc[chip0, "predicted"] / feats.loc[chip0, "latency_ms"]).median()
    assert ratio == pytest.approx(1.0, abs=0.25)
    unseen = latency.predict(model, feats[chip0].assign(physical_hardware_id="new"))
    assert not unseen["is_seen_chip"].any()
    assert (unseen["predicted"] / feats.loc[chip0, "latency_ms"].to_numpy()).median() < 0.75


def test_forward_validation_trains_and_chooses_on_earlier_rounds_only(monkeypatch):
    seen: list[set[str]] = []
    real = latency.select_and_fit

    def spy(train, logger=None, **options):
        seen.append(set(train["round"]))
        return real(train, logger, **options)

    monkeypatch.setattr(latency, "select_and_fit", spy)
    rows = history()
    metrics, oof = latency.validate(rows, logger=lambda m: None)
    assert seen == [{"v3.1"}, {"v3.1", "v4.0"}]
    assert list(oof["fold"].unique()) == ["round=v4.0", "round=v4.1"]
    # a held-out round never influences its own predictions: change its latencies, the predictions stay
    changed = rows.assign(latency_ms=np.where(rows["round"] == "v4.1", rows["latency_ms"] * 10, rows["latency_ms"]))
    _, oof_changed = latency.validate(changed, logger=lambda m: None)
    held = oof["round"] == "v4.1"
    np.testing.assert_allclose(oof_changed.loc[held, "predicted"], oof.loc[held, "predicted"])
    np.testing.assert_allclose(oof_changed.loc[held, "actual"], oof.loc[held, "actual"] * 10)
    # new vs seen chips against the earlier rounds; both baselines scored on the same rows
    feats = latency.frame(rows)
    for _, part in oof.groupby("fold"):
        k = part["round_index"].iloc[0]
        earlier = set(feats.loc[feats["round_index"] < k, "physical_hardware_id"])
        np.testing.assert_array_equal(part["is_seen_in_training"], part["physical_hardware_id"].isin(earlier))
    protocols = set(metrics["protocol"])
    assert {latency.PROTOCOL, f"{latency.PROTOCOL}:new_chips", f"{latency.PROTOCOL}:seen_chips"} <= protocols
    assert set(metrics["model_or_baseline"]) == set(validation.METHODS)
    assert (oof["predicted"] >= oof["latency_bound_ms"]).all()
    headline = validation.headline(metrics)
    assert f"{latency.PROTOCOL}:new_chips.model.median_ape" in headline


def test_the_flops_baseline_scales_the_reference_latency_by_the_flops_ratio():
    rows = history(noise=0.0)
    _, oof = latency.validate(rows, logger=lambda m: None)
    first = oof[oof["fold"] == "round=v4.0"]
    reference = first["baseline_reference"].iloc[0]
    train = rows[(rows["round"] == "v3.1") & (rows["physical_hardware_id"] == reference)]
    peak = rows.groupby("physical_hardware_id")["tensor_fp16_bf16_tflops"].first()
    for _, row in first.iterrows():
        ref = train[train["benchmark_model"] == row["benchmark_model"]]["latency_ms"]
        want = 1000.0 / (1000.0 / ref).median() * peak[reference] / peak[row["physical_hardware_id"]]
        assert row["baseline_flops"] == pytest.approx(want)


def test_the_latency_table_is_declared_once_and_written_with_the_others():
    tables = [t for s in yaml.safe_load(SOURCES_YML.read_text(encoding="utf-8"))["sources"] for t in s["tables"]
              if t["name"] == "latency_predictions"]
    assert len(tables) == 1
    assert [c["name"] for c in tables[0]["columns"]] == list(latency.TABLE_COLUMNS)
    assert "latency_predictions" in dataset.REPLACED
    rows = history()
    model = latency.select_and_fit(latency.frame(rows))
    bounds = rows.drop(columns=["latency_ms", "mlperf_result_id", "round", "round_order"]).drop_duplicates(
        ["hardware_id", "benchmark_model", "scenario"])
    extra = bounds.iloc[[0]].assign(benchmark_model="rnnt")  # a family with no measured latency: no row
    table = latency.prediction_table(model, pd.concat([bounds, extra]), "v1", pd.Timestamp("2026-11-30"))
    assert list(table.columns) == list(latency.TABLE_COLUMNS)
    assert len(table) == len(bounds)
    assert (table["latency_provenance"] == "predicted:v1").all()
    assert (table["predicted_latency_ms"] >= table["latency_bound_ms"]).all()
