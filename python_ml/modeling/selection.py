"""Model selection inside the training rows only (nested in every validation fold).

A handful of declared configurations (``CANDIDATES``) compete; each is scored by accelerator-grouped K-fold
cross-validation (``INNER_FOLDS`` folds, leave-one-accelerator-out when there are no more accelerators than
that) on the rows it is given — never on the rows it will be tested on. Every candidate sees the same folds, so
the cost of a selection is (candidates x INNER_FOLDS) fits whatever the number of accelerators
(docs/decisions/2026-11-30-inner-grouped-kfold.md). Validation calls
:func:`select` on each training fold, so the reported errors include the cost of choosing; the final model
runs the same selection on all rows.

Criterion (fixed in advance): the cell-weighted mean of |log(predicted / actual)| over the inner held-out
rows, every (accelerator, benchmark, scenario) cell counting once — the same weighting as the training loss,
so an accelerator with 275 results does not decide the choice alone. Ties go to the earlier candidate (the
simpler one comes first).

The chosen configuration's inner out-of-fold predictions — the accelerator-grouped folds, each row labelled
with the support class its accelerator had relative to the inner training fold it was held out from, and
leave-one-architecture-out — then decide the
extrapolation anchor (extrapolation.ANCHOR_WEIGHTS): the weight of the model against reference scaling for
new-architecture rows, by the same criterion over the inner rows that were in that position (every
leave-one-architecture-out row and the leave-one-accelerator-out rows of class new_architecture; ties to the
model alone). Their errors, with that weight applied, are the split-conformal scores of the support-conditional
prediction intervals (intervals.interval_quantiles).

Every function takes the feature frame built once by the training run and selects rows of it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from python_ml import scoring
from python_ml.features import FEATURE_NAMES, NEIGHBOUR_FEATURES, SPEC_FEATURES, training_target
from python_ml.modeling import baselines, drift, estimator, extrapolation, intervals, state
from python_ml.modeling.folds import group_fold_keys
from python_ml.modeling.state import FittedModel

# Spec slopes per benchmark/scenario, shrunk towards the shared slope (interaction scale 0.5: strongly;
# 1.0: weakly), optionally also per workload class.
_SLOPES: dict[str, dict[str, Any]] = {
    "benchmark_slopes_pooled": {"bench_interaction_scale": 0.5, "alpha": 0.3},
    "benchmark_slopes": {"bench_interaction_scale": 1.0, "alpha": 0.3},
    "class_and_benchmark_slopes": {"class_scale": 1.0, "bench_interaction_scale": 1.0, "alpha": 1.0},
}

# name -> overrides of state.DEFAULT_PARAMS. Order matters for ties: simplest first.
CANDIDATES: dict[str, dict[str, Any]] = {
    # one set of spec slopes for every workload, linear release-year term (the first model of this project)
    "shared_slopes": {},
    # workload-specific slopes without / with a partially pooled release-year factor
    **{
        f"{name}{suffix}": {
            "features": SPEC_FEATURES,
            "interaction_features": SPEC_FEATURES,
            "year_effect": year_effect,
            **overrides,
        }
        for name, overrides in _SLOPES.items()
        for suffix, year_effect in (("", False), ("+year", True))
    },
}

# inner folds of the selection (accelerator-grouped); fixed before any result was seen (see the module docstring)
INNER_FOLDS = 10

SELECTION_COLUMNS = ["candidate", "inner_rows", "inner_groups", "criterion", "median_ape", "is_chosen"]
ANCHOR_COLUMNS = ["anchor_weight", "inner_rows", "inner_groups", "criterion", "median_ape", "is_chosen"]
HELD_OUT_COLUMNS = ["protocol", "group", "interval_class", "y", "weight", "model", "reference"]


@dataclass
class Selection:
    chosen: str
    params: dict[str, Any]  # full parameter set of the chosen candidate
    table: pd.DataFrame  # SELECTION_COLUMNS, one row per candidate
    # intervals.CALIBRATION_COLUMNS: the chosen candidate's inner held-out errors (None when not asked for)
    calibration: pd.DataFrame | None
    anchor_weight: float = 1.0  # extrapolation.ANCHOR_WEIGHTS: the model's weight in new-architecture predictions
    anchor_table: pd.DataFrame | None = None  # ANCHOR_COLUMNS, one row per weight


def candidate_params(base: dict[str, Any], name: str) -> dict[str, Any]:
    overrides = {k: (list(v) if isinstance(v, tuple) else v) for k, v in CANDIDATES[name].items()}
    return {**base, **overrides, "candidate": name}


def has_year_term(params: dict[str, Any]) -> bool:
    """Whether a configuration adjusts for release year (linear year_c slope or a pooled year factor)."""
    return "year_c" in list(params.get("features", ())) or bool(params.get("year_effect"))


def _criterion(y: np.ndarray, oof: np.ndarray, weights: np.ndarray) -> float:
    ok = np.isfinite(oof)
    if not ok.any():
        return float("inf")
    return float(np.average(scoring.abs_log_ratio(np.exp(oof[ok]), np.exp(y[ok])), weights=weights[ok]))


# the columns the inner fits, predictions, support classes and reference scaling read: the inner loop selects
# rows of this narrow frame (copying the wide feature frame's rows dominated its cost)
_INNER_COLUMNS = (
    *FEATURE_NAMES, *NEIGHBOUR_FEATURES, "bench_scenario", "workload_class", "manufacturer_key", "architecture_key",
    "release_year", "hardware_id", "physical_hardware_id", "hardware_name", "per_accelerator_result",
    "roofline_bound_per_accelerator", "tensor_fp16_bf16_tflops", "peak_ops_tops", "memory_bandwidth_gb_per_s",
)


def _narrow(feats: pd.DataFrame) -> pd.DataFrame:
    return feats[[c for c in dict.fromkeys(_INNER_COLUMNS) if c in feats.columns]]


def inner_fold_keys(feats: pd.DataFrame, group_col: str, n_splits: int = INNER_FOLDS) -> np.ndarray:
    """Inner fold of every row: GroupKFold over accelerators (deterministic, balanced by rows); the accelerator
    itself when there are no more than ``n_splits`` accelerators (leave one out)."""
    return group_fold_keys(feats[group_col].to_numpy(), n_splits)


def select(
    feats: pd.DataFrame,
    base_params: dict[str, Any] | None = None,
    candidates: list[str] | tuple[str, ...] | None = None,
    logger: Callable[[str], None] | None = None,
    with_calibration: bool = True,
) -> Selection:
    """Score every candidate by inner accelerator-grouped K-fold CV on the rows of ``feats`` and return the best.

    ``with_calibration``: also return the chosen candidate's inner held-out errors as conformal scores (not
    needed when the caller calibrates on outer errors). The inner leave-one-architecture-out predictions behind
    the anchor choice cost one more round of fits either way."""
    base = {**state.DEFAULT_PARAMS, **(base_params or {})}
    base.pop("candidate", None)
    names = list(candidates or base.pop("candidates", None) or CANDIDATES)
    base.pop("candidates", None)
    group_col = state.resolve_group_col(feats, base)
    feats, y, _ = training_target(_narrow(feats))
    weights = estimator.cell_weights(feats, group_col)
    fold_keys = inner_fold_keys(feats, group_col)
    # hundreds of tiny (~150 x 150) factorizations: BLAS threads cost more than they bring
    with threadpool_limits(limits=1, user_api="blas"):
        oofs = estimator.oof_by_configuration(feats, y, {name: candidate_params(base, name) for name in names},
                                              group_col, split_keys=fold_keys)
    rows = []
    for name in names:
        oof = oofs[name]
        ok = np.isfinite(oof)
        rows.append(
            {
                "candidate": name,
                "inner_rows": int(ok.sum()),
                "inner_groups": int(feats.loc[ok, group_col].nunique()),
                "criterion": _criterion(y, oof, weights),
                "median_ape": (
                    float(np.median(scoring.ape(np.exp(oof[ok]), np.exp(y[ok])))) if ok.any() else float("nan")
                ),
            }
        )
    table = pd.DataFrame(rows)
    best = int(np.argmin(table["criterion"].to_numpy()))  # first minimum: ties go to the simpler candidate
    chosen = names[best]
    table["is_chosen"] = table["candidate"] == chosen
    if logger:
        logger(f"model selection (inner {len(np.unique(fold_keys))}-fold by accelerator): " + ", ".join(
            f"{r.candidate} {r.criterion:.3f}{' *' if r.is_chosen else ''}" for r in table.itertuples()))
    params = candidate_params(base, chosen)
    held_out = _held_out(feats, y, params, group_col, oofs[chosen], weights, fold_keys)
    anchor_weight, anchor_table = _choose_anchor(held_out)
    if logger:
        logger("extrapolation anchor (inner new-architecture rows): " + ", ".join(
            f"w={r.anchor_weight:g} {r.criterion:.3f}{' *' if r.is_chosen else ''}" for r in anchor_table.itertuples()))
    calibration = _calibration(held_out, anchor_weight) if with_calibration else None
    return Selection(chosen, params, table[SELECTION_COLUMNS], calibration, anchor_weight, anchor_table)


def held_out_classes(feats: pd.DataFrame, group_col: str, fold_keys: np.ndarray) -> np.ndarray:
    """Support class of every row relative to the rows outside its fold (intervals.support_classes)."""
    out = np.empty(len(feats), dtype=object)
    for key in np.unique(fold_keys):
        test = fold_keys == key
        siblings = intervals.architecture_groups(feats[~test], group_col)
        out[test] = intervals.support_classes(feats[test], group_col, siblings)
    return out


def _held_out(
    feats: pd.DataFrame, y: np.ndarray, params: dict[str, Any], group_col: str, loao: np.ndarray, weights: np.ndarray,
    fold_keys: np.ndarray,
) -> pd.DataFrame:
    """Inner held-out predictions of the chosen configuration (HELD_OUT_COLUMNS, log efficiency): its
    accelerator-grouped out-of-fold predictions (protocol 'loao', with the support class each accelerator had
    relative to its inner training fold) and leave-one-architecture-out predictions, each next to reference
    scaling from the same training rows."""
    classes = held_out_classes(feats, group_col, fold_keys)
    arch_keys = intervals.architecture_split_keys(feats, group_col)
    with threadpool_limits(limits=1, user_api="blas"):
        loarch = estimator.oof_log_efficiency(feats, y, params, group_col, split_keys=arch_keys)
    groups = feats[group_col].astype(str).to_numpy()
    bound = feats["roofline_bound_per_accelerator"].to_numpy(float)
    parts = []
    for protocol, oof, labels, keys in (
        ("loao", loao, classes, fold_keys),
        ("loarch", loarch, np.full(len(feats), intervals.NEW_ARCHITECTURE, dtype=object), arch_keys),
    ):
        with np.errstate(divide="ignore", invalid="ignore"):
            reference = np.log(baselines.out_of_fold(feats, group_col, keys) / bound)
        ok = np.isfinite(oof)
        parts.append(
            pd.DataFrame(
                {"protocol": protocol, "group": groups, "interval_class": labels, "y": y, "weight": weights,
                 "model": oof, "reference": reference}
            )[ok]
        )
    return pd.concat(parts, ignore_index=True)[HELD_OUT_COLUMNS]


def _anchored(held_out: pd.DataFrame, weight: float) -> np.ndarray:
    """Held-out log-efficiency predictions with the anchor applied to the new-architecture rows."""
    applies = held_out["interval_class"].to_numpy() == intervals.NEW_ARCHITECTURE
    return extrapolation.anchored_log_efficiency(held_out["model"], held_out["reference"], weight, applies)


def _choose_anchor(held_out: pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """The model's weight (extrapolation.ANCHOR_WEIGHTS) minimizing the criterion over the new-architecture rows;
    1 (the model alone) when there are none."""
    pool = held_out[held_out["interval_class"] == intervals.NEW_ARCHITECTURE]
    rows = []
    for weight in extrapolation.ANCHOR_WEIGHTS:
        pred = _anchored(pool, weight)
        y = pool["y"].to_numpy(float)
        rows.append(
            {
                "anchor_weight": float(weight),
                "inner_rows": len(pool),
                "inner_groups": int(pool["group"].nunique()),
                "criterion": _criterion(y, pred, pool["weight"].to_numpy(float)) if len(pool) else float("nan"),
                "median_ape": float(np.median(scoring.ape(np.exp(pred), np.exp(y)))) if len(pool) else float("nan"),
            }
        )
    table = pd.DataFrame(rows)
    criteria = table["criterion"].to_numpy(float)
    best = int(np.nanargmin(criteria)) if np.isfinite(criteria).any() else 0  # first minimum: ties to the model
    table["is_chosen"] = np.arange(len(table)) == best
    return float(table["anchor_weight"].iloc[best]), table[ANCHOR_COLUMNS]


def _calibration(held_out: pd.DataFrame, anchor_weight: float) -> pd.DataFrame:
    """Conformal scores (intervals.CALIBRATION_COLUMNS) of the held-out predictions actually served: the
    new-architecture rows with the chosen anchor applied."""
    scores = np.abs(_anchored(held_out, anchor_weight) - held_out["y"].to_numpy(float))
    return held_out.assign(score=scores)[intervals.CALIBRATION_COLUMNS]


def select_and_fit(
    feats: pd.DataFrame,
    base_params: dict[str, Any],
    *,
    workloads: pd.DataFrame,
    calibration: pd.DataFrame | None = None,
    references: dict[str, list] | None = None,
    logger: Callable[[str], None] | None = None,
) -> tuple[FittedModel, Selection]:
    """Select on the rows of ``feats``, then fit the chosen configuration on all of them.

    The rows' results are first normalised to their latest round by the software drift learned from them
    (python_ml.modeling.drift), which the model keeps: its predictions are for that round unless a row states
    another. Intervals: from ``calibration`` (outer validation predictions) when given, else from the selection's
    inner held-out errors. ``references``: the reference-scaling table of these rows, when the caller has it.
    """
    group_col = state.resolve_group_col(feats, base_params)
    learned = drift.estimate(feats, group_col)
    feats = drift.normalise(feats, learned)  # the rows as if measured in their latest round
    selection = select(feats, base_params, logger=logger, with_calibration=calibration is None)
    model = estimator.fit(
        feats, selection.params, workloads=workloads,
        calibration=selection.calibration if calibration is None else calibration,
        anchor_weight=selection.anchor_weight, references=references,
    )
    model = replace(model, drift_per_round=learned.per_round, drift_round=learned.latest_round,
                    drift_pairs=learned.pairs, round_indexes=drift.round_indexes(feats))
    if logger and learned.pairs:
        logger(f"software drift: {math.expm1(learned.per_round):+.1%} per round from {learned.pairs} "
               f"round-over-round pairs of {learned.chips} accelerators")
    return model, selection
