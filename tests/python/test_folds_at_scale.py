"""Loops that hold out one group at a time stay leave-one-out up to the declared maximum and become grouped
K-fold above it (python_ml.modeling.folds, docs/decisions/2026-11-30-outer-folds-at-scale.md): validation's
outer folds and the latency model's inner selection. Synthetic frames, no warehouse."""

from __future__ import annotations

import numpy as np
import pandas as pd
from ml_fitting import WORKLOADS
from test_latency import history
from test_validation import FAST, synthetic_frame

from python_ml import features
from python_ml.modeling import latency, validation
from python_ml.modeling.folds import group_fold_keys


def test_keys_are_the_groups_up_to_the_maximum_and_k_folds_above():
    groups = np.repeat([f"g{i:02d}" for i in range(12)], 3)
    assert (group_fold_keys(groups, 12) == groups).all()
    keys = group_fold_keys(groups, 5)
    assert len(np.unique(keys)) == 5
    # a group is never split across folds, and every group is held out once
    per_group = pd.Series(keys).groupby(groups).nunique()
    assert (per_group == 1).all() and len(per_group) == 12


def test_outer_validation_folds_are_grouped_k_fold_above_the_maximum():
    """9 accelerators, maximum 4: four loao folds (not nine), each accelerator held out exactly once; with
    the maximum at 9 the folds are the accelerators again."""
    feats = features.build_features(synthetic_frame(n_hardware=9), WORKLOADS)
    folds = validation._grouped_folds(feats, "loao", "physical_hardware_id", lambda m: None, 4)
    assert len(folds) == 4
    held = [set(feats.loc[f.test_idx, "physical_hardware_id"]) for f in folds]
    assert sorted(a for h in held for a in h) == sorted(feats["physical_hardware_id"].unique())
    for f, ids in zip(folds, held, strict=True):
        assert not ids & set(feats.loc[f.train_idx, "physical_hardware_id"])
    exact = validation._grouped_folds(feats, "loao", "physical_hardware_id", lambda m: None, 9)
    assert [f.fold for f in exact] == sorted(feats["physical_hardware_id"].unique())


def test_validate_runs_one_outer_fit_per_fold_not_per_accelerator():
    feats = features.build_features(synthetic_frame(n_hardware=7), WORKLOADS)
    _, oof = validation.validate(feats, FAST, workloads=WORKLOADS, protocols=("loao",), logger=lambda m: None,
                                 max_groups=3)
    assert oof["fold"].nunique() == 3
    assert oof["physical_hardware_id"].nunique() == 7


def test_latency_selection_fits_one_model_per_fold_above_the_maximum(monkeypatch):
    rows = latency.frame(history(n_chips=7))
    calls = []
    real = latency.fit

    def counting(train, *args, **kwargs):
        calls.append(frozenset(train[latency.GROUP_COL]))
        return real(train, *args, **kwargs)

    monkeypatch.setattr(latency, "fit", counting)
    scores = latency._inner_errors(rows, "family", 0.3, max_groups=3)
    assert len(calls) == 3
    assert set(scores["chip"]) == set(rows[latency.GROUP_COL])  # every chip still scored, by its own name
    calls.clear()
    latency._inner_errors(rows, "family", 0.3, max_groups=7)
    assert len(calls) == 7
