"""Reference scaling: the baselines the throughput model is compared with, and its extrapolation anchor.

A new accelerator's result for a workload is estimated as a *reference* accelerator's measured result for the
same benchmark/scenario, scaled by the ratio of one spec: dense tensor FP16/BF16 FLOP/s (``flops``) or
memory bandwidth (``bandwidth``). The reference is the H100 SXM when it ran that workload, else the accelerator
with most results for it (ties: the first id). Its result is the median over its submissions of the latest
MLPerf round in which it ran that workload (rows with a ``round_index``; all its rows otherwise).

This is the one definition of that rule. python_ml.modeling.validation scores it as the two baselines issue 5
asks for; python_ml.modeling.extrapolation uses the FLOP/s variant as the anchor for chips of an architecture
the model has never seen.

The table is plain lists (saved without pickle), so a fitted model carries the references it was trained with.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from python_ml.config import REFERENCE_PATTERN

TABLE_COLUMNS = ("bench_scenario", "reference", "result", "dense_fp16_tflops", "memory_bandwidth_gb_per_s")
LATEST_ROUND_BY = "round_index"  # python_ml.modeling.drift.ROUND_ORDER (rounds in order)
SCALED_BY = {"flops": "dense_fp16_tflops", "bandwidth": "memory_bandwidth_gb_per_s"}


def dense_fp16_tflops(feats: pd.DataFrame) -> pd.Series:
    """Dense tensor FP16/BF16 TFLOP/s; half the peak ops at the workload precision when unknown."""
    if "tensor_fp16_bf16_tflops" in feats:
        tensor = pd.to_numeric(feats["tensor_fp16_bf16_tflops"], errors="coerce").astype(float)
    else:
        tensor = pd.Series(np.nan, index=feats.index, dtype=float)
    return tensor.fillna(pd.to_numeric(feats["peak_ops_tops"], errors="coerce").astype(float) / 2.0)


def _narrow(feats: pd.DataFrame, group_col: str) -> pd.DataFrame:
    """Only the columns reference scaling reads (feature frames are wide; copying them dominates the cost)."""
    wanted = [group_col, "hardware_name", "bench_scenario", "per_accelerator_result", "tensor_fp16_bf16_tflops",
              "peak_ops_tops", "memory_bandwidth_gb_per_s", LATEST_ROUND_BY]
    return feats[list(dict.fromkeys(c for c in wanted if c in feats.columns))]


def reference_table(
    train_feats: pd.DataFrame, group_col: str, pattern: str = REFERENCE_PATTERN
) -> dict[str, list]:
    """Column -> list (TABLE_COLUMNS): per benchmark/scenario, the reference and its median result and specs.

    ``train_feats``: rows of a feature frame (python_ml.features.build_features) with ``per_accelerator_result``
    and ``hardware_name``.
    """
    train = _narrow(train_feats, group_col)
    train = train[pd.to_numeric(train["per_accelerator_result"], errors="coerce").gt(0)]
    if LATEST_ROUND_BY in train:  # the history of several rounds: each accelerator's latest round per workload
        latest = train.groupby([train["bench_scenario"], train[group_col]])[LATEST_ROUND_BY].transform("max")
        train = train[train[LATEST_ROUND_BY].eq(latest) | latest.isna()]
    names = train["hardware_name"] if "hardware_name" in train else pd.Series("", index=train.index)
    train = pd.DataFrame({
        "bench_scenario": train["bench_scenario"].astype(str),
        "reference": train[group_col].astype(str),
        "result": train["per_accelerator_result"].astype(float),
        "dense_fp16_tflops": dense_fp16_tflops(train),
        "memory_bandwidth_gb_per_s": pd.to_numeric(train["memory_bandwidth_gb_per_s"], errors="coerce"),
        "is_ref": names.astype(str).str.contains(pattern, flags=re.IGNORECASE, regex=True).astype(int),
    })
    # one row per (workload, accelerator): its rows, its rows matching the reference pattern, its medians
    cells = train.groupby(["bench_scenario", "reference"], sort=True).agg(
        n=("result", "size"), n_ref=("is_ref", "sum"), result=("result", "median"),
        dense_fp16_tflops=("dense_fp16_tflops", "median"),
        memory_bandwidth_gb_per_s=("memory_bandwidth_gb_per_s", "median"),
    ).reset_index()
    # the reference of a workload: the accelerator with most rows matching the pattern when one has any, else the
    # one with most rows; ties to the first id
    has_ref = cells.groupby("bench_scenario")["n_ref"].transform("max") > 0
    cells["rank_by"] = np.where(has_ref, cells["n_ref"], cells["n"])
    chosen = (
        cells.sort_values(["bench_scenario", "rank_by", "reference"], ascending=[True, False, True], kind="stable")
        .drop_duplicates("bench_scenario")
    )
    return {c: [str(v) if c in ("bench_scenario", "reference") else float(v) for v in chosen[c]] for c in TABLE_COLUMNS}


def scale(table: dict[str, list], feats: pd.DataFrame, by: str = "flops") -> np.ndarray:
    """Per-accelerator estimate of every row of ``feats``: reference result x spec ratio; NaN where the workload
    has no reference or a spec is missing."""
    column = SCALED_BY[by]
    ref = pd.DataFrame(table, columns=list(TABLE_COLUMNS)).set_index("bench_scenario")
    keys = feats["bench_scenario"].astype(str)
    result = keys.map(ref["result"]).to_numpy(float)
    ref_spec = keys.map(ref[column]).to_numpy(float)
    if by == "flops":
        spec = dense_fp16_tflops(feats).to_numpy(float)
    else:
        spec = pd.to_numeric(feats["memory_bandwidth_gb_per_s"], errors="coerce").to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = result * spec / ref_spec
    return np.where(np.isfinite(out) & (out > 0), out, np.nan)


def references(table: dict[str, list], feats: pd.DataFrame) -> np.ndarray:
    """Reference accelerator id of every row's workload (None where there is none)."""
    lookup = dict(zip(table["bench_scenario"], table["reference"], strict=True))
    return np.array([lookup.get(k) for k in feats["bench_scenario"].astype(str)], dtype=object)


def _unchanged_without(table: dict[str, list], feats: pd.DataFrame, group_col: str, held_out: np.ndarray) -> bool:
    """Whether ``table`` (of all of ``feats``) is also the table of the rows outside ``held_out`` for every
    workload of the held-out rows: true when no held-out row is a reference accelerator's row of its workload.

    Removing other rows never changes a reference (its count stays the largest, ties keep their order) nor its
    median result and specs, which come from its own rows only."""
    reference = dict(zip(table["bench_scenario"], table["reference"], strict=True))
    held = feats[held_out]
    keys = held["bench_scenario"].astype(str)
    return not (held[group_col].astype(str).to_numpy() == keys.map(reference).to_numpy(dtype=object)).any()


def out_of_fold(
    feats: pd.DataFrame, group_col: str, split_keys: np.ndarray, by: str = "flops",
    pattern: str = REFERENCE_PATTERN,
) -> np.ndarray:
    """Reference scaling of every row with the references of the rows outside its fold (``split_keys``).

    The table of all rows is computed once and serves every fold that holds out no reference accelerator's
    rows (the same table as that fold's own, see :func:`_unchanged_without`); other folds get their own."""
    keys = np.asarray(split_keys).astype(str)
    feats = _narrow(feats, group_col)
    full = reference_table(feats, group_col, pattern)
    out = np.full(len(feats), np.nan)
    for key in np.unique(keys):
        test = keys == key
        train = feats[~test]
        if train.empty:
            continue
        table = full if _unchanged_without(full, feats, group_col, test) else reference_table(train, group_col, pattern)
        out[test] = scale(table, feats[test], by)
    return out


def baseline_predictions(table: dict[str, list], test_feats: pd.DataFrame) -> pd.DataFrame:
    """Both reference-scaling baselines (and the reference used) for test rows from the training fold's
    ``table`` (index of test_feats); NaN where no reference exists."""
    out = pd.DataFrame(index=test_feats.index)
    out["baseline_reference"] = references(table, test_feats)
    out["baseline_flops"] = scale(table, test_feats, "flops")
    out["baseline_bandwidth"] = scale(table, test_feats, "bandwidth")
    return out
