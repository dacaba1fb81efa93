"""Server is Offline under a latency bound: a Server prediction never exceeds the same chip's Offline prediction
(python_ml.modeling.predict._server_at_most_offline; docs/decisions/2026-11-30-server-at-most-offline.md)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from python_ml.modeling.predict import _server_at_most_offline


def _frames():
    feats = pd.DataFrame({
        "hardware_id": ["h100", "h100", "l4", "l4", "t4"],
        "benchmark_model": ["resnet"] * 5,
        "round": ["v5.0"] * 5,
        "scenario": ["Offline", "Server", "Offline", "Server", "Server"],
    })
    out = pd.DataFrame({
        "roofline_bound_per_accelerator": [1000.0] * 5,
        "predicted_per_accelerator": [500.0, 650.0, 300.0, 200.0, 900.0],
        "predicted_log_efficiency": np.log([0.5, 0.65, 0.3, 0.2, 0.9]),
        "was_clipped": [False] * 5,
        "pi80_low": [400.0, 550.0, 250.0, 150.0, 800.0],
        "pi80_high": [600.0, 760.0, 360.0, 260.0, 1000.0],
        "pi90_low": [350.0, 500.0, 220.0, 120.0, 700.0],
        "pi90_high": [700.0, 800.0, 400.0, 300.0, 1000.0],
    })
    return out, feats


def test_server_capped_at_offline_with_consistent_interval():
    out, feats = _frames()
    _server_at_most_offline(out, feats)
    h100 = out.iloc[1]
    assert h100["predicted_per_accelerator"] == 500.0  # was 650 > Offline 500
    assert h100["pi80_high"] == 600.0 and h100["pi90_high"] == 700.0  # the Offline row's own ends
    assert h100["pi90_low"] <= h100["pi80_low"] <= h100["predicted_per_accelerator"] <= h100["pi80_high"]
    assert np.isclose(h100["predicted_log_efficiency"], np.log(0.5))
    assert not out["was_clipped"].any()  # the roofline flag is not this rule's


def test_server_below_offline_and_server_without_offline_unchanged():
    out, feats = _frames()
    before = out.copy()
    _server_at_most_offline(out, feats)
    pd.testing.assert_series_equal(out.iloc[3], before.iloc[3])  # L4 Server 200 <= Offline 300
    pd.testing.assert_series_equal(out.iloc[4], before.iloc[4])  # T4: no Offline row in the batch
