"""Prediction intervals: support classes of a query and split-conformal quantiles calibrated per class.

Conformal intervals are only valid on average over the kind of rows they were calibrated on. A chip whose
architecture has several measured siblings is far more predictable than one with a single sibling or none,
so the intervals are calibrated per *support class* (Mondrian conformal), a property known at prediction
time: how many training accelerators share the query's architecture.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from python_ml import scoring

WELL_SUPPORTED, THIN_SUPPORT, NEW_ARCHITECTURE = "well_supported", "thin_support", "new_architecture"
SUPPORT_CLASSES = (WELL_SUPPORTED, THIN_SUPPORT, NEW_ARCHITECTURE)
SUPPORT_DESCRIPTIONS = {
    WELL_SUPPORTED: "in training, or >= 2 training accelerators of its architecture",
    THIN_SUPPORT: "1 training accelerator of its architecture",
    NEW_ARCHITECTURE: "no training accelerator of its architecture (or architecture unknown)",
}
# a class is calibrated on its own errors only when they come from at least this many accelerators
MIN_CALIBRATION_GROUPS = 2
CALIBRATION_COLUMNS = ["protocol", "group", "interval_class", "score"]


def conformal_quantile(scores: np.ndarray, level: float) -> float:
    """Split-conformal quantile with the finite-sample correction ceil((n+1) level) / n."""
    n = len(scores)
    if n == 0:
        return float("nan")
    rank = min(math.ceil((n + 1) * level), n)
    return float(np.sort(scores)[rank - 1])


def architecture_groups(feats: pd.DataFrame, group_col: str) -> dict[str, list[str]]:
    """architecture key -> sorted accelerator ids with rows in ``feats`` ('' collects those without one)."""
    keys = feats["architecture_key"].astype(str)
    return {str(a): sorted(rows[group_col].astype(str).unique()) for a, rows in feats.groupby(keys)}


def support_classes(
    feats: pd.DataFrame,
    group_col: str,
    arch_groups: dict[str, list[str]],
    training_ids: set[str] | frozenset[str] = frozenset(),
) -> np.ndarray:
    """Support class of every row's hardware relative to a training set described by ``arch_groups``.

    well_supported: the accelerator itself is in ``training_ids``, or at least two *other* training accelerators
    share its architecture; thin_support: exactly one does; new_architecture: none (or no architecture known).
    With ``training_ids`` empty and ``arch_groups`` of the same rows, this is the class each row has when its own
    accelerator is held out (leave-one-accelerator-out).
    """
    arch = feats["architecture_key"].astype(str).to_numpy()
    ids = feats[group_col].astype(str).to_numpy() if group_col in feats else np.full(len(feats), "")
    out = np.empty(len(feats), dtype=object)
    for i, (a, g) in enumerate(zip(arch, ids, strict=True)):
        siblings = len(set(arch_groups.get(a, ())) - {g}) if a else 0
        if (g and g in training_ids) or siblings >= 2:
            out[i] = WELL_SUPPORTED
        else:
            out[i] = THIN_SUPPORT if siblings == 1 else NEW_ARCHITECTURE
    return out


def architecture_split_keys(feats: pd.DataFrame, group_col: str) -> np.ndarray:
    """Fold key of leave-one-architecture-out: the architecture (an accelerator without one is its own fold)."""
    arch = feats["architecture_key"].astype(str)
    return arch.where(arch != "", "hw:" + feats[group_col].astype(str)).to_numpy()


def calibration_frame(oof: pd.DataFrame | None, group_col: str) -> pd.DataFrame:
    """Conformal scores (CALIBRATION_COLUMNS) of held-out predictions.

    Accepts either a frame already in that shape (python_ml.modeling.selection) or validation out-of-fold predictions
    (protocol, predicted, actual, interval_class and the accelerator column) — rows without a positive
    prediction and result are left out.
    """
    if oof is None or not len(oof):
        return pd.DataFrame(columns=CALIBRATION_COLUMNS)
    if "score" in oof.columns:
        return oof[CALIBRATION_COLUMNS].reset_index(drop=True)
    rows = oof[oof["predicted"].gt(0) & oof["actual"].gt(0)]
    fallback = "physical_hardware_id" if "physical_hardware_id" in rows else "hardware_id"
    column = group_col if group_col in rows else fallback
    return pd.DataFrame(
        {
            "protocol": rows["protocol"].to_numpy(),
            "group": rows[column].astype(str).to_numpy(),
            "interval_class": rows["interval_class"].to_numpy() if "interval_class" in rows else WELL_SUPPORTED,
            "score": scoring.abs_log_ratio(rows["predicted"], rows["actual"]),
        }
    )


def interval_quantiles(
    calibration: pd.DataFrame, levels: tuple[float, ...] | list[float]
) -> dict[str, dict[str, float]]:
    """Support class -> level ('0.80') -> split-conformal quantile of |log(pred/actual)|.

    well_supported: leave-one-accelerator-out ('loao') errors of well-supported held-out accelerators (all loao
    errors when they come from fewer than MIN_CALIBRATION_GROUPS accelerators). thin_support: loao errors of
    thin-support held-out accelerators (pooled with the new-architecture ones when too few). new_architecture:
    loao errors of held-out accelerators of an architecture absent from training together with every
    leave-one-architecture-out ('loarch') error. A class is never narrower than a better-supported one.
    """
    loao = calibration[calibration["protocol"] == "loao"]
    by_class = loao["interval_class"].to_numpy()

    def enough(rows: pd.DataFrame) -> bool:
        return rows["group"].nunique() >= MIN_CALIBRATION_GROUPS

    regular = loao[by_class == WELL_SUPPORTED]
    regular = regular if enough(regular) else loao
    thin = loao[by_class == THIN_SUPPORT]
    thin = thin if enough(thin) else loao[by_class != WELL_SUPPORTED]
    new = pd.concat([loao[by_class == NEW_ARCHITECTURE], calibration[calibration["protocol"] == "loarch"]])
    new = new if enough(new) else loao[by_class != WELL_SUPPORTED]
    out: dict[str, dict[str, float]] = {c: {} for c in SUPPORT_CLASSES}
    for level in levels:
        key = f"{float(level):.2f}"
        q = conformal_quantile(regular["score"].to_numpy(float), float(level))
        out[WELL_SUPPORTED][key] = q
        for name, rows in ((THIN_SUPPORT, thin), (NEW_ARCHITECTURE, new)):
            own = conformal_quantile(rows["score"].to_numpy(float), float(level)) if len(rows) else float("nan")
            q = own if np.isnan(q) else (q if np.isnan(own) else max(own, q))
            out[name][key] = q
    return out


def oof_scores(y: np.ndarray, oof: np.ndarray) -> np.ndarray:
    """Conformal scores |log(predicted/actual)| of out-of-fold log-efficiency predictions (finite ones only)."""
    ok = np.isfinite(oof)
    return scoring.abs_log_ratio(np.exp(oof[ok]), np.exp(y[ok]))
