"""The what-if CLI's multi-accelerator scaling: per card never rises with more cards beyond what MLPerf measured
(python_ml.modeling.scaling)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_predict import HEADER, _predict, trained_project  # noqa: F401  (the trained project fixture)

from python_ml.modeling import described, scaling

# H100 SXM figures (NVIDIA datasheet, as in ml_hardware.csv's units)
H100_LIKE = "H100-like,NVIDIA,2023-03-21,6.7e13,9.89e14,1.979e15,8.0e10,3.35e12,700"
COUNTS = (1, 2, 4, 8)


def _frames(per_card, single, counts, benchmark="llama2-70b-99"):
    n = len(per_card)
    scored = pd.DataFrame({c: np.asarray(per_card, float) for c in scaling.CAPPED_COLUMNS})
    one = pd.DataFrame({c: np.asarray(single, float) for c in scaling.CAPPED_COLUMNS})
    feats = pd.DataFrame({"benchmark_model": [benchmark] * n, "scenario": ["Offline"] * n,
                          "accelerator_count": np.asarray(counts, float)})
    return scored, one, feats


def test_per_card_above_one_card_is_capped_at_the_measured_ratio():
    measured = pd.DataFrame({"benchmark_model": ["llama2-70b-99"] * 5, "scenario": ["Offline"] * 5,
                             "total_accelerators": [8, 8, 2, 4, 8], "reference_accelerators": [1, 2, 1, 4, 1],
                             "scaling_efficiency": [0.9, 0.95, 1.1, 1.3, 1.5],
                             # the 4 -> 4 row is a chip's own smallest system (no scaling measured); the 1.5 is
                             # measured over PCIe and does not apply to a scale-up-link query
                             "intranode_bandwidth_gb_per_s": [900, 600, 900, 900, 64]})
    ratios = scaling.measured_ratios(measured)
    scored, one, feats = _frames([100.0, 120.0, 130.0, 90.0], [100.0] * 4, [1, 2, 4, 8])
    feats["intranode_bandwidth_gb_per_s"] = 900.0
    out = scaling.cap_per_card(scored, one, feats, ratios)
    # 2 cards: measured rising (1.1) -> allowed up to 110; 4: nothing measured -> 100; 8: 95 > 90 -> unchanged
    assert out["predicted_per_accelerator"].tolist() == pytest.approx([100.0, 110.0, 100.0, 90.0])
    assert out[scaling.SCALING_COLUMN].tolist()[0] == "none: 1 accelerator"
    assert out[scaling.SCALING_COLUMN][1].startswith(
        "capped: 1-card prediction x largest measured per-card ratio 1.100")
    assert out[scaling.SCALING_COLUMN][2].startswith("capped:") and "ratio 1" in out[scaling.SCALING_COLUMN][2]
    assert out[scaling.SCALING_COLUMN][3].startswith("within:")
    assert (out["pi80_low"] <= out["predicted_per_accelerator"]).all()
    assert (out["pi90_high"] <= one["pi90_high"] * 1.1 + 1e-9).all()
    # a query without its interconnect takes every class: the PCIe chip's 1.5 at 8 cards
    feats["intranode_bandwidth_gb_per_s"] = np.nan
    scored.loc[3, "predicted_per_accelerator"] = 200.0
    unknown = scaling.cap_per_card(scored, one, feats, ratios)
    assert unknown["predicted_per_accelerator"][3] == pytest.approx(150.0)


def test_an_h100_like_query_never_gains_per_card_with_more_cards(trained_project, tmp_path):  # noqa: F811
    rows = [f"{H100_LIKE},llama2-70b-99,Offline,{n},Hopper" for n in COUNTS]
    out = _predict(trained_project, tmp_path, rows, header=HEADER + ",architecture")
    assert list(out["error"]) == [""] * len(COUNTS)
    per_card = out["predicted_per_accelerator"].astype(float).to_numpy()
    applied = out[scaling.SCALING_COLUMN].tolist()
    assert applied[0] == "none: 1 accelerator"
    for i in range(1, len(COUNTS)):
        measured_rise = "largest measured per-card ratio" in applied[i] and float(
            applied[i].split("ratio ")[1].split()[0]) > 1.0
        if not measured_rise:
            assert per_card[i] <= per_card[0] * (1 + 1e-9), (COUNTS[i], per_card, applied)
    assert float(out["predicted_system"][3]) == pytest.approx(8 * per_card[3])


DESCRIBED_HEADER = HEADER + ",architecture," + ",".join(described.INPUT_COLUMNS)
# 24 GB card (an RTX 4090-like board: 82.6 TFLOP/s FP32, 330 TFLOP/s FP16 tensor, 660 TOPS INT8, 1 TB/s)
SMALL_CARD = "Card-24GB,NVIDIA,2022-10-12,8.26e13,3.3e14,6.6e14,2.4e10,1.008e12,450"
DESCRIBED = {
    # parameters, FLOP per unit, bytes per unit, precision bits, unit, domain, input tokens, output tokens, KV/token
    "gpt2-like": "1.24e8,2.48e8,,16,token,llm,512,128,36864",  # 12 layers x 2 x 768 x 2 bytes of KV per token
    "bert-base-like": "1.1e8,8.4e10,1536,8,sample,,,,",  # 2 x 110M x 384 tokens, 384 int32 token ids
    "405b": "4.05e11,8.1e11,,16,token,llm,128,128,",
}


def test_workloads_described_by_figures_are_answered_out_of_domain_or_refused(trained_project, tmp_path):  # noqa: F811
    rows = [f"{H100_LIKE},,Offline,1,Hopper,{DESCRIBED['gpt2-like']}",
            f"{H100_LIKE},,Offline,1,Hopper,{DESCRIBED['bert-base-like']}",
            f"{SMALL_CARD},,Offline,1,Ada Lovelace,{DESCRIBED['405b']}",
            f"{H100_LIKE},,Offline,1,Hopper,1.0e8,,,16,token,llm,,,",  # no FLOP per unit
            # fits a 24 GB card although its nearest family (a large LLM) does not: answered
            f"{SMALL_CARD},,Offline,1,Ada Lovelace,{DESCRIBED['gpt2-like']}"]
    out = _predict(trained_project, tmp_path, rows, header=DESCRIBED_HEADER)
    assert list(out["error"][:2]) == ["", ""]
    for i in (0, 1):
        assert str(out["out_of_domain"][i]).lower() == "true"
        assert out["out_of_domain_reason"][i].startswith(described.DESCRIBED_REASON)
        assert out["interval_class"][i] == "described_workload"
        per = float(out["predicted_per_accelerator"][i])
        assert float(out["pi90_low"][i]) <= per <= float(out["pi90_high"][i])
    # the nearest LLM family by FLOP per token (an LLM benchmark of the same unit)
    assert any(f"family: {b})" in out["out_of_domain_reason"][0] for b in ("gptj-99", "mixtral-8x7b", "llama2-70b-99"))
    assert out["units"][0] == "Tokens/s"
    assert "does not fit" in out["error"][2] and out["predicted_per_accelerator"][2] == ""
    assert "workload_flops_per_unit is required" in out["error"][3]
    assert out["error"][4] == "" and float(out["predicted_per_accelerator"][4]) > 0
