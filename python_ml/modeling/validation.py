"""Honest validation of the throughput model against two reference-scaling baselines.

Protocols (every split is made on groups, never on rows; nothing is tuned on a test fold):

* ``loao``  leave-one-accelerator-out: group = physical accelerator (``physical_hardware_id`` when present,
  else ``hardware_id``). A virtualized H100 is the same physical H100, so they leave together.
* ``loarch`` leave-one-architecture-out: group = architecture (an accelerator without one is its own group).
* ``temporal`` train on accelerators released before the latest release year in the data, test on the latest
  year. Rows without a release year are in neither side (their age is unknown).
* ``forward_by_round`` (the headline) for every MLPerf round k with an earlier round: train on the rounds
  before k, predict round k (each fold's model, selection and drift learned from its earlier rounds only).
  ``forward_by_round:new_chips`` (a) is the rows of chips with no result in any earlier round,
  ``forward_by_round:seen_chips`` (b) those of chips seen before; each also ``…:manufacturer:<name>`` and
  ``…:benchmark:<model>``. Rows carry ``is_seen_in_training``, ``round`` and ``round_index``.
* ``loao_manufacturer:<name>`` the leave-one-accelerator-out predictions summarised per manufacturer
  (gmean_ratio is the manufacturer's bias: > 1 means the model over-predicts it).
* ``loao_support:<class>`` the same per support class of the held-out accelerator (intervals.SUPPORT_CLASSES:
  how many training accelerators share its architecture) — the coverage of each class's own intervals.

Baselines, on exactly the same held-out rows and with a reference chosen from the training fold only:
the reference accelerator's median result for the same benchmark and scenario (in the latest round it ran it),
scaled by the ratio of dense
tensor FP16/BF16 FLOP/s (``baseline_flops``) or of memory bandwidth (``baseline_bandwidth``). The reference is
the H100 SXM when it is in the training fold and has that benchmark/scenario, else the training accelerator
with most results for it. Rows that a baseline cannot score (no accelerator in the training fold ran that
benchmark/scenario) are left out of the three methods' metrics alike and counted in ``n_unscorable``.

Model selection is nested: with ``candidates`` (the pipeline passes all of selection.CANDIDATES),
each fold chooses its configuration by accelerator-grouped K-fold CV on its own training rows, and that
choice's inner held-out errors calibrate the fold model's 80/90 % split-conformal intervals, per support class
exactly as the final model's are. So errors include the cost of choosing, and coverage is measured on
accelerators that neither the model, its selection nor its calibration saw.

The feature frame is built once by the caller (python_ml.modeling.train); every fold, every inner candidate
and every fit selects rows of it. The reference-scaling table of a training fold is computed once and serves
both the baselines and the fold model's extrapolation anchor.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from joblib.externals.loky.process_executor import BrokenProcessPool

from python_ml import scoring
from python_ml.config import LEAVE_ONE_OUT_MAX_GROUPS, REFERENCE_PATTERN
from python_ml.modeling import baselines, drift, estimator, intervals, selection, state
from python_ml.modeling.folds import group_fold_keys
from python_ml.modeling.predict import predict

METRIC_COLUMNS = [
    "protocol",
    "model_or_baseline",
    "n",
    "n_groups",
    "median_ape",
    "gmean_ratio",
    "share_within_25pct",
    "coverage_80",
    "coverage_90",
    "n_unscorable",
    "median_ape_per_accelerator",
    # errors in points of per-card efficiency (python_ml.modeling.scaling_model; NaN for the throughput model)
    "median_abs_error_points",
    "median_abs_error_points_per_accelerator",
]
# (validation_metrics.model_or_baseline, its column in the out-of-fold rows) of the throughput and latency models
METHOD_COLUMNS = (
    ("model", "predicted"), ("baseline_flops", "baseline_flops"), ("baseline_bandwidth", "baseline_bandwidth"),
)
METHODS = tuple(method for method, _ in METHOD_COLUMNS)
FORWARD = "forward_by_round"
# forward-by-round subsets: (a) chips with no result in any earlier round, (b) chips seen before
NEW_CHIPS, SEEN_CHIPS = "new_chips", "seen_chips"
PROTOCOLS = ("loao", "loarch", "temporal", FORWARD)


def _log(message: str, logger: Callable[[str], None] | None) -> None:
    (logger or print)(message)


# ----------------------------------------------------------------------------------------------- metrics


def _metrics(frame: pd.DataFrame, protocol: str, group_col: str, methods: tuple[tuple[str, str], ...] = METHOD_COLUMNS,
             actual_col: str = "actual", points: bool = False) -> list[dict[str, Any]]:
    """One validation_metrics row per (method, predicted column) of ``methods`` on the rows every method and the
    actual value score; ``points``: also the median absolute error in points (|predicted - actual| x 100, for
    ratios such as per-card scaling efficiency). Interval coverage for the model where the frame has intervals."""
    columns = [column for _, column in methods]
    scorable = frame[columns].notna().all(axis=1) & frame[actual_col].gt(0)
    scored = frame[scorable]
    actual = scored[actual_col]
    rows = []
    for method, column in methods:
        ratio = (scored[column] / actual).to_numpy(float)
        errors = scoring.ape(scored[column], actual)
        per_group = scored.assign(_ape=errors).groupby(group_col)["_ape"].median().median()
        row = {
            "protocol": protocol,
            "model_or_baseline": method,
            "n": len(scored),
            "n_groups": int(scored[group_col].nunique()),
            "median_ape": float(np.median(errors)) if len(ratio) else np.nan,
            "gmean_ratio": float(np.exp(np.mean(np.log(ratio)))) if len(ratio) else np.nan,
            "share_within_25pct": scoring.share_within(errors) if len(ratio) else np.nan,
            "coverage_80": np.nan,
            "coverage_90": np.nan,
            "n_unscorable": int((~scorable).sum()),
            "median_ape_per_accelerator": float(per_group) if len(ratio) else np.nan,
        }
        if points and len(ratio):
            error_points = np.abs(scored[column] - actual).to_numpy(float) * 100.0
            row["median_abs_error_points"] = float(np.median(error_points))
            row["median_abs_error_points_per_accelerator"] = float(
                scored.assign(_points=error_points).groupby(group_col)["_points"].median().median())
        if method == "model" and len(scored) and "pi80_low" in scored:
            row["coverage_80"] = float(np.mean((actual >= scored["pi80_low"]) & (actual <= scored["pi80_high"])))
            row["coverage_90"] = float(np.mean((actual >= scored["pi90_low"]) & (actual <= scored["pi90_high"])))
        rows.append(row)
    return rows


# ----------------------------------------------------------------------------------------------- folds


def _split_keys(feats: pd.DataFrame, protocol: str, group_col: str) -> pd.Series:
    if protocol == "loao":
        return feats[group_col].astype(str)
    if protocol == "loarch":
        return pd.Series(intervals.architecture_split_keys(feats, group_col), index=feats.index)
    raise ValueError(protocol)


# out-of-fold prediction columns after the keys: output column -> (test rows | fold model's predictions |
# baselines, column there)
_HELD_OUT_SOURCES = {
    **{c: ("test", c) for c in ("hardware_name", "manufacturer_name", "architecture_name", "release_year",
                                "benchmark_model", "scenario")},
    "actual": ("test", "per_accelerator_result"),
    "roofline_bound_per_accelerator": ("predicted", "roofline_bound_per_accelerator"),
    "predicted": ("predicted", "predicted_per_accelerator"),
    **{c: ("predicted", c) for c in ("was_clipped", "pi80_low", "pi80_high", "pi90_low", "pi90_high",
                                     "interval_class", "is_anchored")},
    **{c: ("baseline", c) for c in ("baseline_reference", "baseline_flops", "baseline_bandwidth")},
}
_FLOAT_COLUMNS = ("release_year", "actual")


def _fit_fold(
    train: pd.DataFrame, params: dict[str, Any], workloads: pd.DataFrame, candidates: tuple[str, ...] | None,
    references: dict[str, list] | None,
) -> tuple[state.FittedModel, str, float]:
    """The fold model, the configuration it uses and its anchor weight."""
    if not candidates:
        return estimator.fit(train, params, workloads=workloads), params.get("candidate", ""), 1.0
    # nested: the configuration is chosen on the training fold alone (inner folds by accelerator)
    model, picked = selection.select_and_fit(
        train, {**params, "candidates": list(candidates)}, workloads=workloads, references=references
    )
    return model, picked.chosen, picked.anchor_weight


def _run_fold(
    feats: pd.DataFrame,
    train_idx: pd.Index,
    test_idx: pd.Index,
    *,
    params: dict[str, Any],
    workloads: pd.DataFrame,
    group_col: str,
    protocol: str,
    fold: str,
    pattern: str,
    candidates: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    table = baselines.reference_table(feats.loc[train_idx], group_col, pattern)
    # the fold model's anchor uses reference scaling with the configured reference: the same table
    references = table if pattern == REFERENCE_PATTERN else None
    model, chosen, anchor_weight = _fit_fold(feats.loc[train_idx], params, workloads, candidates, references)
    pred = predict(model, feats.loc[test_idx])
    base = baselines.baseline_predictions(table, feats.loc[test_idx])
    test = feats.loc[test_idx]
    columns = {
        "protocol": protocol,
        "fold": fold,
        "mlperf_result_id": test["mlperf_result_id"].to_numpy() if "mlperf_result_id" in test else None,
        "hardware_id": test["hardware_id"].to_numpy(),
        group_col: test[group_col].to_numpy(),
    }
    for name, (frame, column) in _HELD_OUT_SOURCES.items():
        values = {"test": test, "predicted": pred, "baseline": base}[frame][column]
        columns[name] = values.to_numpy(float) if name in _FLOAT_COLUMNS else values.to_numpy()
    for column in ("round", drift.ROUND_ORDER):
        if column in test:
            columns[column] = test[column].to_numpy()
    # whether the held-out row's accelerator had results in the training rows (forward by round: seen before)
    columns["is_seen_in_training"] = test[group_col].isin(set(feats.loc[train_idx, group_col])).to_numpy()
    out = pd.DataFrame({**columns, "selected_candidate": chosen, "anchor_weight": anchor_weight}, index=test_idx)
    return out


class Fold(NamedTuple):
    protocol: str
    fold: str  # the held-out level (accelerator, architecture, test year)
    train_idx: pd.Index
    test_idx: pd.Index


def _grouped_folds(
    feats: pd.DataFrame, protocol: str, group_col: str, logger: Callable[[str], None] | None, max_groups: int
) -> list[Fold]:
    """Leave one group (accelerator or architecture) out at a time while there are at most ``max_groups``
    groups; above that, the folds of GroupKFold(max_groups) over the groups (python_ml.modeling.folds)."""
    keys = pd.Series(group_fold_keys(_split_keys(feats, protocol, group_col).to_numpy(), max_groups,
                                           label="group-fold {number:02d}/{folds}"), index=feats.index)
    levels = sorted(keys.unique())
    out = []
    for i, level in enumerate(levels, 1):
        test_idx = keys.index[keys == level]
        train_idx = keys.index[keys != level]
        if train_idx.empty or feats.loc[train_idx, group_col].nunique() < 2:
            _log(f"[{protocol}] {i}/{len(levels)} {level}: skipped (training fold too small)", logger)
            continue
        out.append(Fold(protocol, level, train_idx, test_idx))
    return out


def _temporal_folds(feats: pd.DataFrame, group_col: str, logger: Callable[[str], None] | None) -> list[Fold]:
    """Train on accelerators released before the latest release year, test on that year."""
    years = feats["release_year"]
    known = years.dropna()
    if known.nunique() < 2:
        _log("[temporal] skipped: fewer than two release years", logger)
        return []
    cutoff = float(known.max())
    train_idx = years.index[years < cutoff]
    test_idx = years.index[years == cutoff]
    _log(
        f"[temporal] train years < {int(cutoff)} ({feats.loc[train_idx, group_col].nunique()} accelerators), "
        f"test {int(cutoff)} ({feats.loc[test_idx, group_col].nunique()} accelerators); "
        f"{int(years.isna().sum())} rows without a year left out",
        logger,
    )
    return [Fold("temporal", f"test_year={int(cutoff)}", train_idx, test_idx)]


def forward_folds(feats: pd.DataFrame, group_col: str, logger: Callable[[str], None] | None,
                  protocol: str = FORWARD) -> list[Fold]:
    """For every round with an earlier one: train on the earlier rounds, test on that round (folds named
    ``protocol``: the latency model, python_ml.modeling.latency, uses the same rounds under its own name)."""
    if drift.ROUND_ORDER not in feats or feats[drift.ROUND_ORDER].nunique() < 2:
        _log(f"[{protocol}] skipped: fewer than two rounds", logger)
        return []
    rounds = feats[drift.ROUND_ORDER]
    folds = []
    for k in sorted(rounds.dropna().unique())[1:]:
        train_idx, test_idx = rounds.index[rounds < k], rounds.index[rounds == k]
        name = str(feats.loc[test_idx, "round"].iloc[0]) if "round" in feats else f"{k:g}"
        if feats.loc[train_idx, group_col].nunique() < 2:
            _log(f"[{protocol}] round {name}: skipped (training rounds too small)", logger)
            continue
        folds.append(Fold(protocol, f"round={name}", train_idx, test_idx))
    return folds


def _folds(feats: pd.DataFrame, protocol: str, group_col: str, logger: Callable[[str], None] | None,
           max_groups: int) -> list[Fold]:
    if protocol in ("loao", "loarch"):
        return _grouped_folds(feats, protocol, group_col, logger, max_groups)
    if protocol == "temporal":
        return _temporal_folds(feats, group_col, logger)
    if protocol == FORWARD:
        return forward_folds(feats, group_col, logger)
    raise ValueError(f"unknown protocol {protocol!r}")


def run_folds(
    feats: pd.DataFrame, folds: list[Fold], n_jobs: int, logger: Callable[[str], None] | None,
    **fold_args: Any,
) -> list[pd.DataFrame]:
    """Run every fold (in parallel over ``n_jobs`` processes; 1 = here, in order) and log each as it is
    reported. ``fold_args``: the keyword arguments of :func:`_run_fold` other than the rows and fold."""
    def run(f: Fold) -> pd.DataFrame:
        return _run_fold(feats, f.train_idx, f.test_idx, protocol=f.protocol, fold=f.fold, **fold_args)

    if n_jobs == 1 or len(folds) < 2:
        parts = [run(f) for f in folds]
    else:
        # the largest training folds first, so that no worker is left with a long one at the end
        order = sorted(range(len(folds)), key=lambda i: -len(folds[i].train_idx))
        try:
            done = Parallel(n_jobs=n_jobs)(delayed(run)(folds[i]) for i in order)
        except BrokenProcessPool as lost:  # a worker died (seen once on a machine under heavy load): say so, redo here
            _log(f"validation: the worker pool broke ({lost}); running the {len(folds)} folds in this process", logger)
            done = [run(folds[i]) for i in order]
        parts = [pd.DataFrame()] * len(folds)
        for i, part in zip(order, done, strict=True):
            parts[i] = part
    for f, part in zip(folds, parts, strict=True):
        ape = np.median(scoring.ape(part["predicted"], part["actual"]))
        picked = (
            f" ({part['selected_candidate'].iloc[0]}, anchor w={part['anchor_weight'].iloc[0]:g})"
            if fold_args.get("candidates") else ""
        )
        _log(f"[{f.protocol}] held out {f.fold}: {len(f.test_idx)} rows, median APE {ape:.1%}{picked}", logger)
    return parts


def forward_metrics(oof: pd.DataFrame, group_col: str, protocol: str = FORWARD,
                    by: tuple[str, ...] = ("manufacturer_name", "benchmark_model"),
                    **metric_args) -> list[dict[str, Any]]:
    """Forward by round: all held-out rows, then (a) chips with no result in any earlier round and (b) chips seen
    before, each overall and per level of every ``by`` column (rows named ``protocol``, ``protocol:new_chips``,
    ``protocol:new_chips:manufacturer:<name>`` …); ``metric_args`` go to the metric rows (methods, actual column,
    points)."""
    rows = _metrics(oof, protocol, group_col, **metric_args)
    for subset, part in oof.groupby(np.where(oof["is_seen_in_training"], SEEN_CHIPS, NEW_CHIPS)):
        name = f"{protocol}:{subset}"
        rows.extend(_metrics(part, name, group_col, **metric_args))
        for column in by:
            label = column.removesuffix("_name").removesuffix("_model").removesuffix("_class")
            for level, sub in part.groupby(column):
                scored = _metrics(sub, f"{name}:{label}:{level}", group_col, **metric_args)
                rows.extend(r for r in scored if r["n"] > 0)  # a level no baseline could score says nothing
    return rows


def _protocol_metrics(oof: pd.DataFrame, protocol: str, group_col: str) -> list[dict[str, Any]]:
    """The protocol's metric rows; for loao also per manufacturer and per support class."""
    if protocol == FORWARD:
        return forward_metrics(oof, group_col)
    rows = _metrics(oof, protocol, group_col)
    if protocol == "loao":
        for manufacturer, part in oof.groupby("manufacturer_name"):
            rows.extend(_metrics(part, f"loao_manufacturer:{manufacturer}", group_col))
        for support, part in oof.groupby("interval_class"):
            rows.extend(_metrics(part, f"loao_support:{support}", group_col))
    return rows


def validate(
    feats: pd.DataFrame,
    params: dict[str, Any],
    *,
    workloads: pd.DataFrame,
    protocols: tuple[str, ...] = ("loao", "loarch", "temporal"),  # or any of PROTOCOLS
    reference_pattern: str = REFERENCE_PATTERN,
    logger: Callable[[str], None] | None = None,
    candidates: tuple[str, ...] | list[str] | None = None,
    n_jobs: int = 1,
    max_groups: int = LEAVE_ONE_OUT_MAX_GROUPS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the protocols on the rows of a built feature frame. Returns (metrics, out_of_fold_predictions).

    ``workloads``: the table ``feats`` was built with (fold models keep it for prediction requests).
    ``candidates``: names from :data:`selection.CANDIDATES` (the pipeline passes all of them). When given,
    every fold chooses among them on its training rows only (nested selection; ``selected_candidate`` in the
    predictions says which); otherwise every fold fits ``params`` as they are.

    metrics: METRIC_COLUMNS, one row per protocol x method (plus loao_manufacturer:<name> rows).
    out_of_fold_predictions: one row per held-out row per protocol (see _run_fold for columns).
    ``n_jobs``: processes the folds of all protocols run on (joblib); the results do not depend on it.
    ``max_groups``: leave-one-accelerator-out and leave-one-architecture-out hold out one group at a time up to
    this many groups, the folds of GroupKFold(max_groups) above (python_ml.modeling.folds).
    """
    p = {**state.DEFAULT_PARAMS, **params}
    p["n_bootstrap"] = 0  # fold models never report standard errors: skip their bootstrap
    group_col = state.resolve_group_col(feats, p)
    p["group_col"] = group_col
    feats = feats.reset_index(drop=True)
    usable = feats["roofline_bound_per_accelerator"].gt(0) & feats["per_accelerator_result"].gt(0)
    if (~usable).any():
        _log(f"validation: {int((~usable).sum())} row(s) without a roofline bound or result are left out", logger)
    feats = feats[usable]

    started = time.perf_counter()
    folds = [f for protocol in protocols for f in _folds(feats, protocol, group_col, logger, max_groups)]
    parts = run_folds(
        feats, folds, n_jobs, logger, params=p, workloads=workloads, group_col=group_col, pattern=reference_pattern,
        candidates=candidates,
    )
    _log(f"validation: {len(folds)} folds in {time.perf_counter() - started:.1f} s ({n_jobs} job(s))", logger)
    all_oof, metric_rows = [], []
    for protocol in protocols:
        oof_parts = [part for f, part in zip(folds, parts, strict=True) if f.protocol == protocol]
        if not oof_parts:
            continue
        oof = pd.concat(oof_parts)
        all_oof.append(oof)
        metric_rows.extend(_protocol_metrics(oof, protocol, group_col))

    metrics = pd.DataFrame(metric_rows, columns=METRIC_COLUMNS)
    oof_all = pd.concat(all_oof, ignore_index=True) if all_oof else pd.DataFrame()
    return metrics, oof_all


def headline(metrics: pd.DataFrame) -> dict[str, float]:
    """Flat summary for the model registry: <protocol>.<method>.<metric> for the main protocols and the two
    subsets of every forward-by-round protocol (the throughput model's and the latency model's)."""
    out: dict[str, float] = {}
    main = metrics["protocol"].isin(PROTOCOLS) | metrics["protocol"].str.fullmatch(f"[^:]+:({NEW_CHIPS}|{SEEN_CHIPS})")
    for row in metrics[main].itertuples(index=False):
        for name in (
            "median_ape", "median_ape_per_accelerator", "gmean_ratio", "share_within_25pct",
            "coverage_80", "coverage_90",
        ):
            value = getattr(row, name)
            if value is not None and not (isinstance(value, float) and np.isnan(value)):
                out[f"{row.protocol}.{row.model_or_baseline}.{name}"] = float(value)
    return out
