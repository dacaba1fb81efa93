"""Partial pooling: shrunken (empirical-Bayes) efficiency effects per group of accelerators."""

from __future__ import annotations

import numpy as np


class Level:
    """A grouping of accelerators (manufacturer, architecture or release year) for partial pooling."""

    def __init__(self, unit_keys: np.ndarray):
        keys = np.asarray(unit_keys, dtype=object).astype(str)
        self.names, codes = np.unique(keys, return_inverse=True)
        # '' (unknown) is no group: such accelerators get no effect at this level
        self.codes = np.where(self.names[codes] == "", -1, codes)

    def per_unit(self, effects: np.ndarray) -> np.ndarray:
        return np.where(self.codes >= 0, effects[np.maximum(self.codes, 0)], 0.0)


def empirical_bayes(
    values: np.ndarray, level: Level, sigma2: float, tau2_floor: float, tau2_cap: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Shrunken group means of unit-level (one value per accelerator) residuals.

    Returns effect, posterior standard deviation and unit count per group (arrays over ``level.names``; groups
    without units have count 0), and the between-group variance tau^2 (method of moments: variance of the group
    means minus their expected sampling variance).
    """
    n_groups = len(level.names)
    known = level.codes >= 0
    sizes = np.bincount(level.codes[known], minlength=n_groups).astype(float)
    sums = np.bincount(level.codes[known], weights=values[known], minlength=n_groups)
    present = sizes > 0
    if not present.any():
        return np.zeros(n_groups), np.zeros(n_groups), sizes, tau2_floor
    means = np.where(present, sums / np.maximum(sizes, 1.0), 0.0)
    m, n = means[present], sizes[present]
    if len(m) >= 2:
        tau2 = float(np.var(m, ddof=1) - np.mean(sigma2 / n))
    else:
        tau2 = float(m[0] ** 2 - sigma2 / n[0])
    tau2 = float(min(max(tau2, tau2_floor), tau2_cap))
    precision = 1.0 / tau2 + sizes / sigma2
    effects = np.where(present, (sizes / sigma2) / precision * means, 0.0)
    return effects, np.sqrt(1.0 / precision), sizes, tau2


def level_dicts(level: Level, effects: np.ndarray, ses: np.ndarray, sizes: np.ndarray):
    keep = [i for i, name in enumerate(level.names) if name != "" and sizes[i] > 0]
    return (
        {str(level.names[i]): float(effects[i]) for i in keep},
        {str(level.names[i]): float(ses[i]) for i in keep},
        {str(level.names[i]): int(sizes[i]) for i in keep},
    )
