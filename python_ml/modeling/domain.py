"""Out-of-domain checks: why a query row lies outside what the model's training covers ('' when inside)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_ml.config import DOMAIN_TOLERANCE
from python_ml.features import IMPUTED_SPECS, NEIGHBOUR_FEATURES
from python_ml.modeling.estimator import neighbour_space
from python_ml.modeling.state import FittedModel
from python_ml.roofline import does_not_fit

# a row the model refuses (no number): the workload cannot run on the system at all
DOES_NOT_FIT = ("workload does not fit in the system's accelerator memory (weights at the workload's precision "
                "plus one sequence's KV cache)")
# the reasons that refuse a row rather than flag it
REFUSED = (DOES_NOT_FIT,)

# the two texts a spec reason can have (the warehouse predictions carry them: unchanged wording)
GIVEN_OUT_OF_RANGE = "spec outside the training range: "  # given, but beyond what training saw
NOT_GIVEN = "spec not given, training median assumed: "  # blank in the query


def _beyond_training_accelerators(model: FittedModel, feats: pd.DataFrame) -> np.ndarray:
    """Rows whose system has more accelerators than any training system (a model trained without an
    accelerator count has none: nothing is flagged by it)."""
    limit = model.max_accelerators
    if "accelerator_count" not in feats or not np.isfinite(limit):
        return np.zeros(len(feats), dtype=bool)
    return (feats["accelerator_count"].astype(float) > limit).to_numpy()


def _name_columns(reasons: np.ndarray, flags: np.ndarray, labels: list[str], prefix: str) -> None:
    """Where a row has no reason yet and any column of ``flags`` is set: prefix + the labels of those columns."""
    for i in np.flatnonzero(flags.any(axis=1) & (reasons == "")):
        reasons[i] = prefix + ", ".join(labels[j] for j in np.flatnonzero(flags[i]))


def _family_never_ran(model: FittedModel, feats: pd.DataFrame) -> np.ndarray:
    """Rows of a known architecture that no training accelerator of that architecture ran the workload on
    (an unknown architecture is already out of its own support class)."""
    ran = model.architecture_workloads
    if not ran:
        return np.zeros(len(feats), dtype=bool)
    arch = feats["architecture_key"].astype(str).to_numpy()
    bench = feats["bench_scenario"].astype(str).to_numpy()
    return np.array([a in ran and b not in ran[a] for a, b in zip(arch, bench, strict=True)], dtype=bool)


def _outside_training_range(model: FittedModel, feats: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Per row and checked spec: outside the training accelerators' range (log scale, DOMAIN_TOLERANCE): the
    neighbour-space specs, then the other range-checked ones the model uses (model.spec_ranges)."""
    stats = model.neighbour_stats
    x = neighbour_space(feats, stats)
    tolerance = DOMAIN_TOLERANCE / stats[2]
    outside = (x < model.neighbour_points.min(axis=0) - tolerance) | (
        x > model.neighbour_points.max(axis=0) + tolerance
    )
    outside &= ~np.isnan(feats[list(NEIGHBOUR_FEATURES)].to_numpy(dtype=float))
    checked = list(NEIGHBOUR_FEATURES)
    for name, (lo, hi) in model.spec_ranges.items():
        value = feats[name].to_numpy(dtype=float)
        beyond = (value < lo - DOMAIN_TOLERANCE) | (value > hi + DOMAIN_TOLERANCE)
        outside = np.column_stack([outside, beyond & ~np.isnan(value)])
        checked.append(name)
    return outside, checked


def out_of_domain_reasons(model: FittedModel, feats: pd.DataFrame, bound: np.ndarray) -> np.ndarray:
    """Why each row is outside what training covers ('' when inside); the first reason that applies wins."""
    reasons = np.full(len(feats), "", dtype=object)
    unknown_bench = ~feats["bench_scenario"].isin(model.bench_levels).to_numpy()
    reasons[unknown_bench] = "benchmark/scenario not in training"
    reasons[np.isnan(bound)] = "no roofline bound (missing peak spec or workload figure)"
    unknown_manu = ~feats["manufacturer_key"].isin(list(model.manufacturer_effects)).to_numpy()
    reasons[(reasons == "") & unknown_manu] = "manufacturer not in training (global efficiency used)"
    reasons[(reasons == "") & does_not_fit(feats).to_numpy()] = DOES_NOT_FIT
    never_ran = _family_never_ran(model, feats)
    reasons[(reasons == "") & never_ran] = "the chip's architecture never ran this benchmark/scenario in training"
    reasons[(reasons == "") & _beyond_training_accelerators(model, feats)] = (
        f"n_accelerators given but beyond the training range (at most {model.max_accelerators:g} accelerators "
        "in any measured system)"
    )
    outside, checked = _outside_training_range(model, feats)
    _name_columns(reasons, outside, [c.removeprefix("log_") for c in checked], GIVEN_OUT_OF_RANGE)
    # a spec the model uses that the query does not give: the training median stood in for it
    used = [name for name in IMPUTED_SPECS if name in model.feature_names]
    if used:
        _name_columns(reasons, feats[used].isna().to_numpy(), [IMPUTED_SPECS[n] for n in used], NOT_GIVEN)
    return reasons
