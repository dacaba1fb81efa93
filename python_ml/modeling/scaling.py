"""Multi-accelerator scaling at prediction time (the what-if CLI): per-card throughput never rises with more
cards unless MLPerf measured it rising.

The fitted model's ``log_accelerators`` slope can make the per-card prediction for n cards exceed the one for a
single card (e.g. an H100-like query: 3,050 -> 3,807 tokens/s per card from 1 to 2 cards). The cap: the per-card
prediction for n cards is at most the per-card prediction for one card x the measured scaling ratio, THE ratio
being the largest per-card ratio of n cards vs the smallest system measured on the same benchmark and scenario
by chips of the query's interconnect class (``scaling_efficiency`` of the mart fct_workload_scaling; a chip's
own smallest system is no scaling measurement); no measurement at n cards: the scaling model's per-card efficiency
of n cards of that interconnect class (python_ml.modeling.scaling_model, fitted on every measured pair), at most
1.0 (linear at best: a rise needs a measurement at that size); without a model, 1.0. A query that does not give
its interconnect takes every class's measurements (and the model's pooled slope). The interval ends are capped
the same way. Column SCALING_COLUMN says, per row, what was applied.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SCALING_COLUMN = "scaling_applied"
KEYS = ("benchmark_model", "scenario", "total_accelerators", "interconnect_class")
# intra-node interconnect classes by bandwidth per accelerator (GB/s), declared once: below the bound a PCIe slot
# or a narrow link (PCIe Gen5 x16: 128 GB/s both ways), from it a scale-up link (NVLink 3 on A100: 600 GB/s)
INTERCONNECT_CLASSES = (("pcie_or_narrow_link", 0.0), ("scale_up_link", 300.0))  # (class, lowest GB/s)
UNKNOWN_CLASS = "not_given"


def interconnect_class(bandwidth_gb_per_s: pd.Series) -> np.ndarray:
    """INTERCONNECT_CLASSES of each bandwidth (UNKNOWN_CLASS where not given)."""
    values = pd.to_numeric(bandwidth_gb_per_s, errors="coerce").to_numpy(float)
    out = np.full(len(values), UNKNOWN_CLASS, dtype=object)
    for name, low in INTERCONNECT_CLASSES:  # ascending: a higher class overwrites
        out[np.isfinite(values) & (values >= low)] = name
    return out
NOT_MEASURED = 1.0  # the ratio when no system of n cards was measured on the workload: linear scaling at best
CAPPED_COLUMNS = ("predicted_per_accelerator", "pi80_low", "pi80_high", "pi90_low", "pi90_high")


def measured_ratios(scaling: pd.DataFrame) -> pd.DataFrame:
    """Per benchmark x scenario x system size: the largest measured per-card scaling ratio vs the smallest
    system of the same chip (``max_ratio``) and the number of chip groups measured (``groups``)."""
    ratio = pd.to_numeric(scaling["scaling_efficiency"], errors="coerce")
    total = pd.to_numeric(scaling["total_accelerators"], errors="coerce").astype(float)
    measured = ratio.notna() & (total > pd.to_numeric(scaling["reference_accelerators"], errors="coerce"))
    work = pd.DataFrame({"benchmark_model": scaling["benchmark_model"].astype(str), "scenario":
                         scaling["scenario"].astype(str), "total_accelerators": total,
                         "interconnect_class": interconnect_class(scaling["intranode_bandwidth_gb_per_s"]),
                         "ratio": ratio})[measured]
    every_class = work.assign(interconnect_class=UNKNOWN_CLASS)  # what a query without an interconnect takes
    known = work[work["interconnect_class"] != UNKNOWN_CLASS]
    return (pd.concat([known, every_class]).groupby(list(KEYS), as_index=False)
            .agg(max_ratio=("ratio", "max"), groups=("ratio", "size")))


def ratio_for(ratios: pd.DataFrame, feats: pd.DataFrame, model=None) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``feats`` (benchmark_model, scenario, accelerator_count): the ratio the cap uses and how many
    measured groups it rests on (0: not measured; the ratio is then ``model``'s per-card efficiency at most
    NOT_MEASURED, or NOT_MEASURED without a model: a python_ml.modeling.scaling_model.ScalingModel)."""
    query = pd.DataFrame({
        "benchmark_model": feats["benchmark_model"].astype(str).to_numpy(),
        "scenario": feats["scenario"].astype(str).to_numpy(),
        "total_accelerators": pd.to_numeric(feats["accelerator_count"], errors="coerce").to_numpy(float),
        "interconnect_class": interconnect_class(feats["intranode_bandwidth_gb_per_s"]
                                                 if "intranode_bandwidth_gb_per_s" in feats
                                                 else pd.Series(np.nan, index=feats.index)),
    })
    found = query.merge(ratios, on=list(KEYS), how="left", validate="many_to_one")
    groups = found["groups"].fillna(0).to_numpy(int)
    fallback = np.full(len(query), NOT_MEASURED)
    if model is not None:
        count = np.maximum(query["total_accelerators"].to_numpy(float), 1.0)
        modelled = model.efficiency(query["interconnect_class"].to_numpy(object), np.nan_to_num(count, nan=1.0))
        fallback = np.minimum(modelled, NOT_MEASURED)
    return found["max_ratio"].fillna(pd.Series(fallback)).to_numpy(float), groups


def capped_efficiency(scored: pd.DataFrame, single: pd.DataFrame, feats: pd.DataFrame,
                      ratios: pd.DataFrame, model=None) -> np.ndarray:
    """The same cap on the predicted efficiency (prediction / roofline bound) of each row, from the predictor's
    ``predicted_log_efficiency`` (kept where a row is refused for memory, so that a workload described by
    figures can borrow its family's efficiency on a system the family itself does not fit)."""
    count = pd.to_numeric(feats["accelerator_count"], errors="coerce").to_numpy(float)
    ratio, _ = ratio_for(ratios, feats, model)
    efficiency = np.exp(scored["predicted_log_efficiency"].to_numpy(float))
    limit = np.exp(single["predicted_log_efficiency"].to_numpy(float)) * ratio
    return np.where((count > 1) & np.isfinite(limit), np.minimum(efficiency, limit), efficiency)


def cap_per_card(scored: pd.DataFrame, single: pd.DataFrame, feats: pd.DataFrame,
                 ratios: pd.DataFrame, model=None) -> pd.DataFrame:
    """``scored`` (the frame predictor's rows for ``feats``) with every CAPPED_COLUMNS value at most the same
    column of ``single`` (the predictor's rows for the same queries at one card) x the measured ratio (not
    measured: ``model``'s, see :func:`ratio_for`), and SCALING_COLUMN describing it. Rows of one card, or without
    a one-card prediction, are unchanged."""
    out = scored.copy()
    count = pd.to_numeric(feats["accelerator_count"], errors="coerce").to_numpy(float)
    ratio, groups = ratio_for(ratios, feats, model)
    classes = interconnect_class(feats["intranode_bandwidth_gb_per_s"] if "intranode_bandwidth_gb_per_s" in feats
                                 else pd.Series(np.nan, index=feats.index))
    several = count > 1
    pred = out["predicted_per_accelerator"].to_numpy(float)
    cap = single["predicted_per_accelerator"].to_numpy(float) * ratio
    capped = several & np.isfinite(cap) & (pred > cap)
    for column in CAPPED_COLUMNS:
        values = out[column].to_numpy(float)
        limit = single[column].to_numpy(float) * ratio
        out[column] = np.where(several & np.isfinite(limit), np.minimum(values, limit), values)
    # the low ends never above the (capped) prediction
    for column in ("pi80_low", "pi90_low"):
        out[column] = np.minimum(out[column].to_numpy(float), out["predicted_per_accelerator"].to_numpy(float))
    if model is None:
        unmeasured = np.full(len(ratio), f"no system of this size measured on this workload: ratio {NOT_MEASURED:g}")
    else:
        fitted = sum(model.pairs.values())
        unmeasured = np.array([f"no system of this size measured on this workload: scaling model per-card ratio "
                               f"{r:.3f} at {n:g} cards (interconnect {c}, at most {NOT_MEASURED:g}; fitted on "
                               f"{fitted} measured pairs)" for r, n, c in zip(ratio, count, classes, strict=True)])
    basis = np.where(groups > 0,
                     [f"largest measured per-card ratio {r:.3f} at {n:g} cards ({g} chip groups, interconnect {c})"
                      for r, n, g, c in zip(ratio, count, groups, classes, strict=True)],
                     unmeasured)
    text = np.where(capped, "capped: 1-card prediction x ", "within: 1-card prediction x ")
    out[SCALING_COLUMN] = np.where(several, np.char.add(text.astype(str), basis.astype(str)),
                                   "none: 1 accelerator")
    out.loc[several & ~np.isfinite(cap), SCALING_COLUMN] = "none: no 1-card prediction"
    return out
