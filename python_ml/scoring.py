"""Error measures, defined once: validation metrics, model selection, conformal scores and reports use these."""

from __future__ import annotations

import numpy as np

WITHIN_TOLERANCE = 0.25  # "share within +-25 %"


def log_ratio(predicted, actual) -> np.ndarray:
    """log(predicted / actual): > 0 over-predicts."""
    return np.log(np.asarray(predicted, dtype=float) / np.asarray(actual, dtype=float))


def abs_log_ratio(predicted, actual) -> np.ndarray:
    """|log(predicted / actual)|: the split-conformal score and the model-selection loss."""
    return np.abs(log_ratio(predicted, actual))


def ape(predicted, actual) -> np.ndarray:
    """Absolute percentage error |predicted / actual - 1| (a fraction)."""
    return np.abs(np.asarray(predicted, dtype=float) / np.asarray(actual, dtype=float) - 1.0)


def share_within(errors, tolerance: float = WITHIN_TOLERANCE) -> float:
    """Share of absolute percentage errors at most ``tolerance``."""
    return float(np.mean(np.asarray(errors, dtype=float) <= tolerance))
