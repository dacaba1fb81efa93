"""A workload the what-if CLI has never seen, described by reference figures instead of a benchmark name.

A query row with a blank ``benchmark`` and the figures of INPUT_COLUMNS (at least FLOP per unit and the unit)
is answered as: the roofline bound of the described workload on the query's hardware (python_ml.roofline, the
same formulas as the measured workloads) x the efficiency the model predicts on that hardware for the NEAREST
measured workload family (same unit of work, same ``workload_domain`` when given, closest FLOP per unit on a log
scale; ``family`` names it). Intervals: the widest interval class the model has (a described workload is less
supported than a new architecture); the row is out of domain with DESCRIBED_REASON; the memory-fit refusal
applies (weights at the given precision + KV cache of input + output tokens vs memory x accelerators).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_ml import roofline
from python_ml.modeling.domain import DOES_NOT_FIT

# input column -> workload figure (python_ml.roofline / seeds/reference/mlperf_workloads.csv), declared once
INPUT_COLUMNS = {
    "workload_parameters": "parameters",
    "workload_flops_per_unit": "flops_per_unit",
    "workload_bytes_per_unit": "min_dram_bytes_per_unit",
    "workload_precision_bits": "compute_precision_bits",
    "workload_unit": "unit_of_work",
    "workload_domain": "workload_class",
    "workload_input_tokens": "input_tokens",
    "workload_output_tokens": "mean_output_tokens_per_sample",
    "workload_kv_bytes_per_token": "kv_cache_bytes_per_context_token",
}
REQUIRED = ("workload_flops_per_unit", "workload_unit")
UNITS = ("token", "sample")
DEFAULT_PRECISION_BITS = 16.0  # weights and compute when no precision is given (the common serving precision)
DESCRIBED_REASON = "workload described by figures, not measured"
TEXT_FIGURES = ("unit_of_work", "workload_class")


def described_rows(original: pd.DataFrame) -> np.ndarray:
    """Rows that describe a workload by figures: a blank benchmark and at least one INPUT_COLUMNS figure."""
    given = [c for c in INPUT_COLUMNS if c in original.columns]
    if not given:
        return np.zeros(len(original), dtype=bool)
    blank = original["benchmark"].fillna("").astype(str).str.strip().eq("")
    figures = original[given].fillna("").astype(str).apply(lambda s: s.str.strip().ne("")).any(axis=1)
    return (blank & figures).to_numpy(bool)


def figures(original: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The described workloads (one row per input row, figure names as columns) and per row '' or why the
    figures cannot be used."""
    out = pd.DataFrame(index=original.index)
    errors = pd.Series("", index=original.index, dtype=object)
    for column, figure in INPUT_COLUMNS.items():
        text = original[column].fillna("").astype(str).str.strip() if column in original else \
            pd.Series("", index=original.index)
        if figure in TEXT_FIGURES:
            out[figure] = text.str.lower()
            continue
        value = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = (text != "") & (value.isna() | (value < 0))
        errors[bad & (errors == "")] = f"{column} is not a non-negative number"
        out[figure] = value.astype(float)
    for column in REQUIRED:
        missing = out[INPUT_COLUMNS[column]].isna() | out[INPUT_COLUMNS[column]].eq("")
        errors[missing & (errors == "")] = f"{column} is required for a workload described by figures"
    wrong_unit = ~out["unit_of_work"].isin(UNITS) & out["unit_of_work"].ne("")
    errors[wrong_unit & (errors == "")] = f"workload_unit must be one of {', '.join(UNITS)}"
    out["compute_precision_bits"] = out["compute_precision_bits"].fillna(DEFAULT_PRECISION_BITS)
    out["weight_bytes"] = out["parameters"] * out["compute_precision_bits"] / 8.0
    return out, errors


def nearest_family(described: pd.DataFrame, workloads: pd.DataFrame, scenario: pd.Series,
                   known: set[tuple[str, str]]) -> pd.Series:
    """Per described row: the measured benchmark of the same unit (and domain when given) with the closest
    FLOP per unit on a log scale, among those the model knows in the row's scenario ('' if none)."""
    table = roofline.normalize_workloads(workloads)
    picks = []
    for i, row in described.iterrows():
        pool = table[(table["unit_of_work"] == row["unit_of_work"]) & table["flops_per_unit"].gt(0)]
        if row["workload_class"]:
            pool = pool[pool["workload_class"] == row["workload_class"]]
        pool = pool[[(b, str(scenario[i]).strip()) in known for b in pool["benchmark_model"]]]
        if pool.empty or not row["flops_per_unit"] > 0:
            picks.append("")
            continue
        distance = (np.log(pool["flops_per_unit"]) - np.log(row["flops_per_unit"])).abs()
        picks.append(str(pool.loc[distance.idxmin(), "benchmark_model"]))
    return pd.Series(picks, index=described.index, dtype=object)


def bound_and_fit(rows: pd.DataFrame, described: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Roofline bound per accelerator of each described workload on its row's hardware (staged specs in
    ``rows``) and whether it does not fit the system's memory. The KV cache is of input + output tokens."""
    work = rows.reset_index(drop=True).copy()
    figures_ = described.reset_index(drop=True)
    work["benchmark_model"] = [f"described-{i}" for i in range(len(work))]
    table = figures_.assign(benchmark_model=work["benchmark_model"], expected_units_offline="",
                            expected_units_server="", active_parameters=figures_["parameters"], beams=np.nan)
    table["mean_output_tokens_per_sample"] = (table["mean_output_tokens_per_sample"].fillna(0.0)
                                              + table["input_tokens"].fillna(0.0))
    table = table[["benchmark_model", "workload_class", "unit_of_work", "expected_units_offline",
                   "expected_units_server", *roofline.WORKLOAD_NUMERIC]]
    work = work.drop(columns=[c for c in ("submission_precision_bits",) if c in work.columns])
    bounded = roofline.add_roofline(work, table)
    return (bounded["roofline_bound_per_accelerator"].to_numpy(float),
            roofline.does_not_fit(bounded).to_numpy(bool))


def answer(scored: pd.DataFrame, efficiency: np.ndarray, bound: np.ndarray, misfit: np.ndarray, family: pd.Series,
           widest_quantiles: dict[str, float]) -> pd.DataFrame:
    """``scored`` (the frame predictor's rows for the family workload) answered for the described workload:
    ``efficiency`` (the family's predicted efficiency on the row's system, scaling-capped) x the described
    workload's ``bound``, intervals of the widest class, out of domain with DESCRIBED_REASON; a workload that
    does not fit (``misfit``) is refused (no numbers). Whether the FAMILY fits the system does not matter."""
    out = scored.copy()
    pred = efficiency * bound
    out["predicted_log_efficiency"] = np.log(efficiency)
    out["roofline_bound_per_accelerator"] = bound
    out["predicted_per_accelerator"] = pred
    for level, name in (("0.80", "pi80"), ("0.90", "pi90")):
        q = widest_quantiles[level]
        out[f"{name}_low"] = pred * np.exp(-q)
        out[f"{name}_high"] = np.minimum(pred * np.exp(q), bound)
    out["interval_class"] = "described_workload"
    # the hardware's own reasons (a spec outside the training range ...) stay; the family's memory refusal does not
    before = out["out_of_domain_reason"].fillna("").astype(str).to_numpy()
    before = np.where(before == DOES_NOT_FIT, "", before)
    reason = np.array([f"{DESCRIBED_REASON} (efficiency of the nearest measured family: {f})" + (f"; {b}" if b else "")
                       for f, b in zip(family.to_numpy(), before, strict=True)], dtype=object)
    reason[misfit] = DOES_NOT_FIT
    for column in ("predicted_per_accelerator", "pi80_low", "pi80_high", "pi90_low", "pi90_high"):
        out[column] = np.where(misfit, np.nan, out[column])
    out["is_out_of_domain"] = True
    out["out_of_domain_reason"] = reason
    out["error"] = np.where(misfit, DOES_NOT_FIT, "")
    return out
