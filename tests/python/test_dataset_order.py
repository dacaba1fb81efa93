"""python_ml reads every input in one order of its own values, whatever order the engine stored the rows in
(a rebuild may store a mart's rows in another order; fits that sum in input order moved with it)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_ml.dataset import in_value_order


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "hardware_id": ["b", "a", None, "a", "c", "b"],
        "round": ["v4.0", "v5.0", "v4.1", "v4.0", None, "v4.0"],
        "value": [1.5, np.nan, 3.0, 2.0, 0.5, 1.5],
        "measured_at": pd.to_datetime(["2024-01-01", None, "2023-06-01", "2024-01-01", "2025-04-01", "2024-01-01"]),
        "is_flag": [True, False, True, False, True, True],
    })


def test_any_stored_order_reads_as_the_same_frame():
    frame = _frame()
    expected = in_value_order(frame)
    for seed in range(5):
        shuffled = frame.sample(frac=1.0, random_state=seed)
        pd.testing.assert_frame_equal(in_value_order(shuffled), expected)
    assert list(expected.index) == list(range(len(frame)))


def test_rows_are_sorted_by_every_column_missing_values_last():
    ordered = in_value_order(_frame())
    assert ordered["hardware_id"].tolist()[:3] == ["a", "a", "b"] and pd.isna(ordered["hardware_id"].iloc[-1])
    assert ordered.loc[ordered["hardware_id"] == "a", "round"].tolist() == ["v4.0", "v5.0"]  # ties by the next column
    assert in_value_order(_frame().iloc[:0]).empty
