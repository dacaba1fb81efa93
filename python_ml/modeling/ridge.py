"""The penalized linear part of the estimator: the design matrix and a weighted ridge factorized once.

Columns are [bench/scenario intercepts | shared spec slopes | per-class slopes | per-benchmark/scenario slopes],
scaled so that one ridge penalty gives each block its own prior scale.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def _onehot(values: pd.Series, levels: list[str]) -> np.ndarray:
    """Indicator of each row's level (a row whose value is not among ``levels`` gets none)."""
    codes = pd.Index(levels).get_indexer(values.astype(str))
    onehot = np.zeros((len(values), len(levels)))
    known = codes >= 0
    onehot[np.flatnonzero(known), codes[known]] = 1.0
    return onehot


def _interactions(x: np.ndarray, onehot: np.ndarray, scale: float) -> np.ndarray:
    """The slopes ``x`` per level of ``onehot``, level by level ([x * level 0 | x * level 1 | ...]) x scale."""
    return ((x[:, None, :] * onehot[:, :, None]) * scale).reshape(len(x), -1)


class Encoded:
    """The columns of a frame the design matrix (and the model's lookups) read, taken out of the frame once
    and kept (never modified): a fold's rows serve every configuration fitted on, or predicted for, them."""

    def __init__(self, feats: pd.DataFrame):
        self.feats = feats
        self._cache: dict[tuple, Any] = {}

    def _get(self, key: tuple, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def numeric(self, names: list[str] | tuple[str, ...]) -> np.ndarray:
        return self._get(("numeric", *names), lambda: self.feats[list(names)].to_numpy(dtype=float))

    def onehot(self, column: str, levels: list[str], fill: str | None = None) -> np.ndarray:
        def make() -> np.ndarray:
            values = self.feats[column]
            return _onehot(values if fill is None else values.fillna(fill), levels)

        return self._get(("onehot", column, fill, *levels), make)

    def text(self, column: str) -> np.ndarray:
        """The column as Python strings (missing values stay missing)."""
        return self._get(("text", column), lambda: self.feats[column].astype(str).to_numpy(dtype=object))


def design_matrix(
    feats: pd.DataFrame,
    bench_levels: list[str],
    names: list[str],
    medians: np.ndarray,
    means: np.ndarray,
    scales: np.ndarray,
    params: dict[str, Any],
    class_levels: list[str] | None = None,
    encoded: Encoded | None = None,
) -> np.ndarray:
    """[bench/scenario intercepts | shared slopes | per-class slopes | per-benchmark/scenario slopes].

    Columns are scaled so that one ridge penalty gives each block its own prior scale (a column multiplied
    by s has its coefficient penalized 1/s^2 times as much). ``encoded``: the :class:`Encoded` columns of
    ``feats`` when the caller builds several designs of the same rows.
    """
    encoded = encoded or Encoded(feats)
    numeric = encoded.numeric(names)
    numeric = np.where(np.isnan(numeric), medians, numeric)
    numeric = (numeric - means) / scales
    bench_onehot = encoded.onehot("bench_scenario", bench_levels)
    blocks = [bench_onehot * params["bench_scale"], numeric]
    inter = [names.index(f) for f in params.get("interaction_features") or () if f in names]
    if inter:
        x = numeric[:, inter]
        if params.get("class_scale") and class_levels:
            class_onehot = encoded.onehot("workload_class", class_levels, fill="")
            blocks.append(_interactions(x, class_onehot, params["class_scale"]))
        if params.get("bench_interaction_scale"):
            blocks.append(_interactions(x, bench_onehot, params["bench_interaction_scale"]))
    return np.hstack(blocks)


class WeightedRidge:
    """Weighted ridge with an unpenalized intercept, factorized once for many right-hand sides.

    Minimizes sum_i w_i (y_i - b - x_i beta)^2 + alpha |beta|^2 (what sklearn's Ridge does with sample
    weights). Backfitting refits the same design many times with a new y, so X'WX + alpha I is factorized
    once (Cholesky) and each fit is two triangular solves.
    """

    def __init__(self, design: np.ndarray, weights: np.ndarray, alpha: float):
        from scipy import sparse  # SciPy only when fitting (the what-if CLI predicts without it)
        from scipy.linalg import cho_factor

        self.weights = weights / weights.sum()
        self.x_mean = self.weights @ design
        # the design is mostly zeros (one-hot blocks and their slopes): X'WX on the sparse matrix, centred after
        # (centred X'WX = X'WX - mean mean' with weights summing to 1)
        self.sparse = sparse.csr_array(design)
        gram = (self.sparse.T @ self.sparse.multiply(self.weights[:, None])).toarray() - np.outer(self.x_mean,
                                                                                                  self.x_mean)
        # penalty scaled to the normalized weights: same solution as sum(w) alpha with raw weights
        self.factor = cho_factor(gram + (alpha / weights.sum()) * np.eye(design.shape[1]))
        self.coef = np.zeros(design.shape[1])
        self.intercept = 0.0

    def fit(self, y: np.ndarray) -> WeightedRidge:
        from scipy.linalg import cho_solve

        y_mean = float(self.weights @ y)
        residual = self.weights * (y - y_mean)
        self.coef = cho_solve(self.factor, self.sparse.T @ residual - self.x_mean * residual.sum())
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
