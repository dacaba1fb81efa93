"""Extrapolation anchor: new-architecture predictions blended with reference scaling.

Learned spec slopes extrapolate poorly to an architecture no training accelerator shares, where the plain
physical rule -- a reference accelerator's result scaled by dense FP16 FLOP/s (python_ml.modeling.baselines)
-- does not depend on them. For new-architecture rows only, the prediction is a log-linear blend of the two,
    log(pred) = w log(model) + (1 - w) log(reference scaling),  clipped to the roofline bound,
with w from ANCHOR_WEIGHTS chosen on inner held-out rows that were in the new-architecture position
(python_ml.modeling.selection); w = 1 is the model alone. Pre-registered in
docs/decisions/2026-11-29-extrapolation-anchor.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_ml.modeling import baselines

ANCHOR_WEIGHTS = (1.0, 0.5, 0.0)  # order matters for ties: the unchanged model first


def anchor_mask(applies: np.ndarray, reference_log_eff: np.ndarray, weight: float) -> np.ndarray:
    """Rows that are blended: ``applies`` (new architecture), reference scaling has a value, and w < 1."""
    return np.asarray(applies, dtype=bool) & np.isfinite(np.asarray(reference_log_eff, dtype=float)) & (weight < 1.0)


def anchored_log_efficiency(
    model_log_eff: np.ndarray, reference_log_eff: np.ndarray, weight: float, applies: np.ndarray
) -> np.ndarray:
    """Blend of the model's log efficiency with reference scaling's (both log(pred / roofline bound)) on the
    :func:`anchor_mask` rows; the model's alone elsewhere. Clipped at 0 (the bound)."""
    model_log_eff = np.asarray(model_log_eff, dtype=float)
    reference_log_eff = np.asarray(reference_log_eff, dtype=float)
    use = anchor_mask(applies, reference_log_eff, weight)
    with np.errstate(invalid="ignore"):
        blend = weight * model_log_eff + (1.0 - weight) * reference_log_eff
    return np.minimum(np.where(use, blend, model_log_eff), 0.0)


def reference_log_efficiency(table: dict[str, list], feats: pd.DataFrame) -> np.ndarray:
    """log(reference-scaled estimate / roofline bound) of every row; NaN where there is none."""
    if not table:
        return np.full(len(feats), np.nan)
    bound = feats["roofline_bound_per_accelerator"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(baselines.scale(table, feats, "flops") / bound)
