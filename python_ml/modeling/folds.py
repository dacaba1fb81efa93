"""Fold keys of a loop that holds out groups (accelerators, architectures, chips): leave one group out while
the groups number at most a declared maximum, grouped K-fold with K = that maximum above it
(docs/decisions/2026-11-30-outer-folds-at-scale.md). The one place the rule is written: validation's outer
folds, the inner model selection and the latency model's selection all ask for their keys here.
"""

from __future__ import annotations

import numpy as np


def group_fold_keys(groups: np.ndarray, max_folds: int, label: str = "fold{fold}") -> np.ndarray:
    """Fold key of every row: its group itself when there are no more than ``max_folds`` groups (leave one
    out), else its fold in scikit-learn's GroupKFold(n_splits=max_folds) over the groups (deterministic,
    balanced by rows; a group is never split). ``label``: the key of a K-fold fold ({fold} from 0, {number} from
    1, {folds} the number of folds)."""
    groups = np.asarray(groups).astype(str)
    if len(np.unique(groups)) <= max_folds:
        return groups
    from sklearn.model_selection import GroupKFold  # scikit-learn only when fitting (what-if CLI: no import)

    keys = np.empty(len(groups), dtype=object)
    for fold, (_, test_idx) in enumerate(GroupKFold(n_splits=max_folds).split(groups, groups=groups)):
        keys[test_idx] = label.format(fold=fold, number=fold + 1, folds=max_folds)
    return keys
