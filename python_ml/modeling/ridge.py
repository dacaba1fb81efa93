"""The penalized linear part of the estimator: the design matrix and a weighted ridge factorized once.

Columns are [bench/scenario intercepts | shared spec slopes | per-class slopes | per-benchmark/scenario slopes],
scaled so that one ridge penalty gives each block its own prior scale.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def _onehot(values: pd.Series, levels: list[str]) -> np.ndarray:
    index = {b: i for i, b in enumerate(levels)}
    onehot = np.zeros((len(values), len(levels)))
    for row, key in enumerate(values.astype(str)):
        j = index.get(key)
        if j is not None:
            onehot[row, j] = 1.0
    return onehot


def design_matrix(
    feats: pd.DataFrame,
    bench_levels: list[str],
    names: list[str],
    medians: np.ndarray,
    means: np.ndarray,
    scales: np.ndarray,
    params: dict[str, Any],
    class_levels: list[str] | None = None,
) -> np.ndarray:
    """[bench/scenario intercepts | shared slopes | per-class slopes | per-benchmark/scenario slopes].

    Columns are scaled so that one ridge penalty gives each block its own prior scale (a column multiplied
    by s has its coefficient penalized 1/s^2 times as much).
    """
    numeric = feats[list(names)].to_numpy(dtype=float)
    numeric = np.where(np.isnan(numeric), medians, numeric)
    numeric = (numeric - means) / scales
    bench_onehot = _onehot(feats["bench_scenario"], bench_levels)
    blocks = [bench_onehot * params["bench_scale"], numeric]
    inter = [names.index(f) for f in params.get("interaction_features") or () if f in names]
    if inter:
        x = numeric[:, inter]
        if params.get("class_scale") and class_levels:
            class_onehot = _onehot(feats["workload_class"].fillna(""), class_levels)
            blocks += [x * class_onehot[:, [j]] * params["class_scale"] for j in range(len(class_levels))]
        if params.get("bench_interaction_scale"):
            blocks += [x * bench_onehot[:, [j]] * params["bench_interaction_scale"] for j in range(len(bench_levels))]
    return np.hstack(blocks)


class WeightedRidge:
    """Weighted ridge with an unpenalized intercept, factorized once for many right-hand sides.

    Minimizes sum_i w_i (y_i - b - x_i beta)^2 + alpha |beta|^2 (what sklearn's Ridge does with sample
    weights). Backfitting refits the same design many times with a new y, so X'WX + alpha I is factorized
    once (Cholesky) and each fit is two triangular solves.
    """

    def __init__(self, design: np.ndarray, weights: np.ndarray, alpha: float):
        from scipy.linalg import cho_factor  # SciPy only when fitting (the what-if CLI predicts without it)

        self.weights = weights / weights.sum()
        self.x_mean = self.weights @ design
        self.centered = design - self.x_mean
        gram = self.centered.T @ (self.centered * self.weights[:, None])
        # penalty scaled to the normalized weights: same solution as sum(w) alpha with raw weights
        self.factor = cho_factor(gram + (alpha / weights.sum()) * np.eye(design.shape[1]))
        self.coef = np.zeros(design.shape[1])
        self.intercept = 0.0

    def fit(self, y: np.ndarray) -> WeightedRidge:
        from scipy.linalg import cho_solve

        y_mean = float(self.weights @ y)
        self.coef = cho_solve(self.factor, self.centered.T @ (self.weights * (y - y_mean)))
        self.intercept = y_mean - float(self.x_mean @ self.coef)
        return self

    def predict(self, design: np.ndarray) -> np.ndarray:
        return design @ self.coef + self.intercept


def column_stats(
    feats: pd.DataFrame, names: list[str], weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Median (for imputation), weighted mean and weighted standard deviation of each column."""
    numeric = feats[names].to_numpy(dtype=float)
    with np.errstate(all="ignore"):
        medians = np.array([np.nanmedian(c) if np.isfinite(c).any() else 0.0 for c in numeric.T])
    filled = np.where(np.isnan(numeric), medians, numeric)
    means = np.average(filled, axis=0, weights=weights)
    scales = np.sqrt(np.average((filled - means) ** 2, axis=0, weights=weights))
    return medians, means, np.where(scales < 1e-9, 1.0, scales)
