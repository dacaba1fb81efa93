"""Roofline-corrected model of per-accelerator MLPerf Inference throughput.

The model never predicts throughput from scratch. It predicts the log efficiency

    y = log(per_accelerator_result / roofline_bound)        (<= 0 for every real result)

from the hardware specs, the benchmark/scenario and (optionally) the release year, and adds partially pooled
(empirical-Bayes) efficiency factors per manufacturer, per architecture and (``year_effect``) per release year:

    y_hat = ridge(bench_scenario levels, spec slopes [+ per-class and per-benchmark slopes, shrunk harder])
            + u_manufacturer + u_architecture [+ u_year] + neighbour effect

Which features and slopes are used is a configuration (``params``); python_ml.selection chooses among declared
configurations by grouped cross-validation.

Predicted throughput = roofline_bound x exp(y_hat), clipped to the roofline bound (the clip is counted and
reported per row in ``was_clipped``). Hardware never seen in training still gets a prediction: an unknown
architecture contributes 0 (falls back to its manufacturer's factor), an unknown manufacturer or release year
0 as well (global level).

Rows are weighted so that every (accelerator, benchmark, scenario) cell counts once, whatever the number of
submissions in it: the H200 SXM's 300+ rows do not outvote an accelerator with four.

Split-conformal prediction intervals (80 % and 90 %) come from errors on accelerators the model had not
seen (outer validation or inner selection predictions, else out-of-fold residuals from accelerator-grouped
folds of the training rows), calibrated per support class: how many training accelerators share the
query's architecture (:func:`support_classes`, :func:`interval_quantiles`).

State is numpy arrays + plain dicts/lists, so that skops can persist it:
``skops.io.dump(model, path)`` and ``skops.io.load(path, trusted=TRUSTED_TYPES)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.linalg import cho_factor, cho_solve
from sklearn.model_selection import GroupKFold

from python_ml import reference_scaling, scoring
from python_ml.features import build_features, normalize_workloads

TRUSTED_TYPES = [
    "python_ml.models.FittedModel",
]

NEIGHBOUR_FEATURES = ("log_peak_ops", "log_mem_bw", "log_mem_size", "log_tdp")
# specs outside the neighbour space whose training range the out-of-domain check also enforces (when the
# configuration uses them)
RANGE_CHECKED_FEATURES = ("log_intranode_bw",)
DOMAIN_TOLERANCE = math.log(1.05)  # 5 % beyond the training range (log scale) still counts as inside
# spec features a query may lack: the model then assumes the training median, and says so (out of domain)
IMPUTED_SPECS = {
    "log_mem_bw": "memory bandwidth",
    "log_tdp": "TDP",
    "log_kv_space": "memory size",
    "log_intranode_bw": "interconnect",
}
COMPACT_FEATURES = (
    "log_peak_ops",
    "log_mem_bw",
    "log_tdp",
    "log_kv_space",
    "log_accelerators",
    "year_c",
    "year_missing",
    "tdp_missing",
    "peak_ops_imputed",
    "bw_per_op_x_llm",
)

DEFAULT_PARAMS: dict[str, Any] = {
    "features": COMPACT_FEATURES,  # any subset of python_ml.features.FEATURE_NAMES
    "alpha": 3.0,  # ridge penalty on standardized spec features
    "bench_scale": 10.0,  # benchmark/scenario intercepts are penalized bench_scale**2 times less
    "backfit_iterations": 4,
    "tau2_floor": 0.0025,  # (5 % in log units)^2: smallest between-group variance allowed
    "tau2_cap": 0.25,
    "conformal_folds": 5,
    "coverage_levels": (0.8, 0.9),
    "n_bootstrap": 40,  # cluster bootstrap over accelerators for the year factor's standard error
    "random_state": 0,
    "neighbour_length_scale": 0.5,  # in standardized log-spec units
    "neighbour_prior_weight": 0.5,  # pseudo-count pulling the neighbour effect towards 0
    "group_col": None,  # default: physical_hardware_id if present, else hardware_id
    # Workload-specific elasticities: each of these features also gets one slope per workload class and one per
    # benchmark/scenario, penalized (1/scale)^2 times more than the shared slope, i.e. shrunk towards it.
    "interaction_features": (),
    "class_scale": 0.0,
    "bench_interaction_scale": 0.0,
    # Release-year factor as a third partially pooled level (one shrunken effect per release year, after
    # manufacturer and architecture) instead of, or besides, a linear year_c slope in the ridge part. A year
    # not seen in training gets no factor (no extrapolation of a trend).
    "year_effect": False,
}


def resolve_group_col(frame: pd.DataFrame, params: dict[str, Any] | None = None) -> str:
    wanted = (params or {}).get("group_col")
    if wanted:
        return wanted
    return "physical_hardware_id" if "physical_hardware_id" in frame.columns else "hardware_id"


@dataclass
class FittedModel:
    """Fitted state (plain types only; see module docstring)."""

    params: dict[str, Any]
    feature_names: list[str]
    bench_levels: list[str]
    feature_medians: np.ndarray
    feature_means: np.ndarray
    feature_scales: np.ndarray
    coef: np.ndarray  # ridge coefficients over the _design columns
    intercept: float
    manufacturer_effects: dict[str, float]
    manufacturer_se: dict[str, float]
    manufacturer_counts: dict[str, int]
    architecture_effects: dict[str, float]
    architecture_se: dict[str, float]
    architecture_counts: dict[str, int]
    architecture_manufacturer: dict[str, str]
    tau2_manufacturer: float
    tau2_architecture: float
    year_effects: dict[str, float]
    year_se: dict[str, float]
    year_counts: dict[str, int]
    sigma2_hardware: float
    year_slope: float
    year_slope_se: float
    years_seen: list[float]
    neighbour_points: np.ndarray
    neighbour_stats: np.ndarray
    neighbour_residuals: np.ndarray
    conformal_quantiles: dict[str, float]
    calibration_residuals: np.ndarray
    workloads: dict[str, list]
    training_rows: int
    training_groups: int
    dropped_rows: int
    group_col: str
    class_levels: list[str] = field(default_factory=list)
    # support-conditional (Mondrian) conformal quantiles: support class -> level -> quantile (see interval_quantiles)
    class_quantiles: dict[str, dict[str, float]] = field(default_factory=dict)
    # architecture key -> training accelerator ids (the support of a new query is counted from this)
    architecture_groups: dict[str, list[str]] = field(default_factory=dict)
    # extrapolation anchor for new-architecture rows (ANCHOR_WEIGHTS): weight of the model's own prediction
    # and the references of reference scaling (python_ml.reference_scaling.reference_table of the training rows)
    anchor_weight: float = 1.0
    anchor_references: dict[str, list] = field(default_factory=dict)
    # RANGE_CHECKED_FEATURES the model uses -> [min, max] over the training rows (log scale)
    spec_ranges: dict[str, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------- helpers


def default_params() -> dict[str, Any]:
    """A JSON-friendly copy of DEFAULT_PARAMS (tuples as lists)."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in DEFAULT_PARAMS.items()}


def _workloads_frame(model_or_dict: dict[str, list] | pd.DataFrame | None) -> pd.DataFrame:
    if model_or_dict is None:
        raise ValueError("the workloads table is required (marts.ml_mlperf_workloads; a fitted model carries its own)")
    if isinstance(model_or_dict, pd.DataFrame):
        return normalize_workloads(model_or_dict)
    return pd.DataFrame(model_or_dict)


def cell_weights(frame: pd.DataFrame, group_col: str) -> np.ndarray:
    """Row weights under which every (accelerator, benchmark/scenario) cell counts once."""
    cell = frame[group_col].astype(str) + "|" + frame["bench_scenario"].astype(str)
    counts = cell.map(cell.value_counts())
    return (1.0 / counts).to_numpy(dtype=float)


def _onehot(values: pd.Series, levels: list[str]) -> np.ndarray:
    index = {b: i for i, b in enumerate(levels)}
    onehot = np.zeros((len(values), len(levels)))
    for row, key in enumerate(values.astype(str)):
        j = index.get(key)
        if j is not None:
            onehot[row, j] = 1.0
    return onehot


def _design(
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


class _WeightedRidge:
    """Weighted ridge with an unpenalized intercept, factorized once for many right-hand sides.

    Minimizes sum_i w_i (y_i - b - x_i beta)^2 + alpha |beta|^2 (what sklearn's Ridge does with sample
    weights). Backfitting refits the same design many times with a new y, so X'WX + alpha I is factorized
    once (Cholesky) and each fit is two triangular solves.
    """

    def __init__(self, design: np.ndarray, weights: np.ndarray, alpha: float):
        self.weights = weights / weights.sum()
        self.x_mean = self.weights @ design
        self.centered = design - self.x_mean
        gram = self.centered.T @ (self.centered * self.weights[:, None])
        # penalty scaled to the normalized weights: same solution as sum(w) alpha with raw weights
        self.factor = cho_factor(gram + (alpha / weights.sum()) * np.eye(design.shape[1]))
        self.coef = np.zeros(design.shape[1])
        self.intercept = 0.0

    def fit(self, y: np.ndarray) -> "_WeightedRidge":
        y_mean = float(self.weights @ y)
        self.coef = cho_solve(self.factor, self.centered.T @ (self.weights * (y - y_mean)))
        self.intercept = y_mean - float(self.x_mean @ self.coef)
        return self

    def predict(self, design: np.ndarray) -> np.ndarray:
        return design @ self.coef + self.intercept


class _Level:
    """A grouping of accelerators (manufacturer, architecture or release year) for partial pooling."""

    def __init__(self, unit_keys: np.ndarray):
        keys = np.asarray(unit_keys, dtype=object).astype(str)
        self.names, codes = np.unique(keys, return_inverse=True)
        # '' (unknown) is no group: such accelerators get no effect at this level
        self.codes = np.where(self.names[codes] == "", -1, codes)

    def per_unit(self, effects: np.ndarray) -> np.ndarray:
        return np.where(self.codes >= 0, effects[np.maximum(self.codes, 0)], 0.0)


def _empirical_bayes(
    values: np.ndarray, level: _Level, sigma2: float, tau2_floor: float, tau2_cap: float
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


def _level_dicts(level: _Level, effects: np.ndarray, ses: np.ndarray, sizes: np.ndarray):
    keep = [i for i, name in enumerate(level.names) if name != "" and sizes[i] > 0]
    return (
        {str(level.names[i]): float(effects[i]) for i in keep},
        {str(level.names[i]): float(ses[i]) for i in keep},
        {str(level.names[i]): int(sizes[i]) for i in keep},
    )


def _fit_core(feats: pd.DataFrame, y: np.ndarray, weights: np.ndarray, group_col: str, params: dict[str, Any]):
    """Backfitting of the ridge part and the two partially pooled factors. Returns a dict of state."""
    bench_levels = sorted(feats["bench_scenario"].astype(str).unique().tolist())
    class_levels = sorted(feats["workload_class"].fillna("").astype(str).unique().tolist())
    names = list(params["features"])
    medians, means, scales = _column_stats(feats, names, weights)
    nb_medians, nb_means, nb_scales = _column_stats(feats, list(NEIGHBOUR_FEATURES), weights)
    design = _design(feats, bench_levels, names, medians, means, scales, params, class_levels)

    manu = feats["manufacturer_key"].astype(str).to_numpy()
    arch = feats["architecture_key"].astype(str).to_numpy()
    groups = feats[group_col].astype(str).to_numpy()
    # accelerator (unit) index of every row; unit-level manufacturer and architecture
    unit_ids, unit_of_row = np.unique(groups, return_inverse=True)
    first_rows = np.array([np.flatnonzero(unit_of_row == u)[0] for u in range(len(unit_ids))])
    unit_m = manu[first_rows]
    unit_a = arch[first_rows]
    manu_level = _Level(unit_m)
    arch_level = _Level(unit_a)
    year_level = _Level(_year_key(feats)[first_rows] if params.get("year_effect") else np.full(len(first_rows), ""))
    arch_codes, arch_of_unit = np.unique(unit_a, return_inverse=True)
    weight_sum = np.bincount(unit_of_row, weights=weights, minlength=len(unit_ids))

    def unit_mean(resid: np.ndarray) -> np.ndarray:
        # one value per accelerator: weighted mean of its cell-weighted residuals
        return np.bincount(unit_of_row, weights=resid * weights, minlength=len(unit_ids)) / weight_sum

    u_manu = np.zeros(len(feats))
    u_arch = np.zeros(len(feats))
    u_year = np.zeros(len(feats))
    ridge = _WeightedRidge(design, weights, float(params["alpha"]))
    floor, cap = params["tau2_floor"], params["tau2_cap"]
    fitted_levels: dict[str, Any] = {}
    sigma2 = floor
    for _ in range(int(params["backfit_iterations"])):
        ridge.fit(y - u_manu - u_arch - u_year)
        r = unit_mean(y - ridge.predict(design))
        # accelerator-level noise: spread of accelerator residuals within an architecture (or overall)
        arch_mean = np.bincount(arch_of_unit, weights=r) / np.bincount(arch_of_unit)
        dof = max(len(r) - len(arch_codes), 1)
        sigma2 = float(max(((r - arch_mean[arch_of_unit]) ** 2).sum() / dof, floor))
        m_fit = _empirical_bayes(r, manu_level, sigma2, floor, cap)
        after_m = r - manu_level.per_unit(m_fit[0])
        a_fit = _empirical_bayes(after_m, arch_level, sigma2, floor, cap)
        after_a = after_m - arch_level.per_unit(a_fit[0])
        y_fit = _empirical_bayes(after_a, year_level, sigma2, floor, cap)
        u_manu = manu_level.per_unit(m_fit[0])[unit_of_row]
        u_arch = arch_level.per_unit(a_fit[0])[unit_of_row]
        u_year = year_level.per_unit(y_fit[0])[unit_of_row]
        fitted_levels = {"m": m_fit, "a": a_fit, "y": y_fit}
    state: dict[str, Any] = {"sigma2": sigma2, "arch_manu": {str(a): str(m) for a, m in zip(unit_a, unit_m) if a}}
    for key, level in (("m", manu_level), ("a", arch_level), ("y", year_level)):
        fit_ = fitted_levels.get(key)
        if fit_ is None:
            fit_ = (np.zeros(len(level.names)), np.zeros(len(level.names)), np.zeros(len(level.names)), floor)
        state[f"{key}_eff"], state[f"{key}_se"], state[f"{key}_n"] = _level_dicts(level, *fit_[:3])
        state[f"tau2_{key}"] = fit_[3]
    ridge.fit(y - u_manu - u_arch - u_year)
    # spec-neighbour effect: what is left per accelerator, smoothed over accelerators with similar specs
    unit_resid = unit_mean(y - ridge.predict(design) - u_manu - u_arch - u_year)
    points = _neighbour_space(feats.iloc[first_rows], nb_medians, nb_means, nb_scales)
    year_slope = 0.0
    if "year_c" in names:
        year_index = names.index("year_c")
        year_slope = float(ridge.coef[len(bench_levels) + year_index] / scales[year_index])
    state.update(
        bench_levels=bench_levels, class_levels=class_levels, names=names, medians=medians, means=means, scales=scales, coef=ridge.coef, intercept=ridge.intercept,
        year_slope=year_slope, nb_points=points, nb_resid=unit_resid,
        nb_medians=nb_medians, nb_means=nb_means, nb_scales=nb_scales,
    )
    return state


def _column_stats(feats: pd.DataFrame, names: list[str], weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Median (for imputation), weighted mean and weighted standard deviation of each column."""
    numeric = feats[names].to_numpy(dtype=float)
    with np.errstate(all="ignore"):
        medians = np.array([np.nanmedian(c) if np.isfinite(c).any() else 0.0 for c in numeric.T])
    filled = np.where(np.isnan(numeric), medians, numeric)
    means = np.average(filled, axis=0, weights=weights)
    scales = np.sqrt(np.average((filled - means) ** 2, axis=0, weights=weights))
    return medians, means, np.where(scales < 1e-9, 1.0, scales)


def _neighbour_space(feats: pd.DataFrame, medians: np.ndarray, means: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """Accelerator coordinates for the neighbour effect: standardized log specs (NEIGHBOUR_FEATURES)."""
    values = feats[list(NEIGHBOUR_FEATURES)].to_numpy(dtype=float)
    values = np.where(np.isnan(values), medians, values)
    return (values - means) / scales


def _neighbour_effect(state_like: dict[str, Any], feats: pd.DataFrame, params: dict[str, Any]) -> np.ndarray:
    """Kernel-weighted mean of training accelerators' residual efficiency, shrunk towards 0.

    effect(x) = sum_i k(x, x_i) r_i / (prior_weight + sum_i k(x, x_i)),  k = exp(-|x - x_i|^2 / (2 l^2))
    (a Nadaraya-Watson smoother with a pseudo-count: an accelerator unlike every training one gets ~0).
    """
    points = state_like.get("nb_points")
    if points is None or len(points) == 0 or params.get("neighbour_prior_weight") is None:
        return np.zeros(len(feats))
    x = _neighbour_space(feats, state_like["nb_medians"], state_like["nb_means"], state_like["nb_scales"])
    d2 = ((x[:, None, :] - points[None, :, :]) ** 2).sum(axis=2)
    k = np.exp(-d2 / (2.0 * params["neighbour_length_scale"] ** 2))
    return (k @ state_like["nb_resid"]) / (params["neighbour_prior_weight"] + k.sum(axis=1))


def _predict_log_efficiency(state_like: dict[str, Any], feats: pd.DataFrame, params: dict[str, Any]) -> np.ndarray:
    design = _design(
        feats, state_like["bench_levels"], state_like["names"], state_like["medians"], state_like["means"],
        state_like["scales"], params, state_like.get("class_levels"),
    )
    fixed = design @ state_like["coef"] + state_like["intercept"]
    u_m = feats["manufacturer_key"].astype(str).map(state_like["m_eff"]).fillna(0.0).to_numpy()
    u_a = feats["architecture_key"].astype(str).map(state_like["a_eff"]).fillna(0.0).to_numpy()
    u_y = pd.Series(_year_key(feats)).map(state_like.get("y_eff") or {}).fillna(0.0).to_numpy()
    return fixed + u_m + u_a + u_y + _neighbour_effect(state_like, feats, params)


def _year_key(feats: pd.DataFrame) -> np.ndarray:
    """Release year as a category key ('2024'), '' when unknown (no year factor)."""
    year = pd.to_numeric(feats["release_year"], errors="coerce") if "release_year" in feats else pd.Series(np.nan, index=feats.index)
    return year.map(lambda v: "" if pd.isna(v) else str(int(v))).to_numpy(dtype=object)


def _usable(feats: pd.DataFrame) -> pd.Series:
    return (
        feats["roofline_bound_per_accelerator"].gt(0)
        & feats["per_accelerator_result"].gt(0)
        & feats["bench_scenario"].notna()
    )


def _conformal_quantile(scores: np.ndarray, level: float) -> float:
    """Split-conformal quantile with the finite-sample correction ceil((n+1) level) / n."""
    n = len(scores)
    if n == 0:
        return float("nan")
    rank = min(math.ceil((n + 1) * level), n)
    return float(np.sort(scores)[rank - 1])


# ----------------------------------------------------------------------------------------------- intervals
#
# Conformal intervals are only valid on average over the kind of rows they were calibrated on. A chip whose
# architecture has several measured siblings is far more predictable than one with a single sibling or none,
# so the intervals are calibrated per *support class* (Mondrian conformal), a property known at prediction
# time: how many training accelerators share the query's architecture.

WELL_SUPPORTED, THIN_SUPPORT, NEW_ARCHITECTURE = "well_supported", "thin_support", "new_architecture"
SUPPORT_CLASSES = (WELL_SUPPORTED, THIN_SUPPORT, NEW_ARCHITECTURE)
SUPPORT_DESCRIPTIONS = {
    WELL_SUPPORTED: "in training, or >= 2 training accelerators of its architecture",
    THIN_SUPPORT: "1 training accelerator of its architecture",
    NEW_ARCHITECTURE: "no training accelerator of its architecture (or architecture unknown)",
}
# a class is calibrated on its own errors only when they come from at least this many accelerators
MIN_CALIBRATION_GROUPS = 2
CALIBRATION_COLUMNS = ["protocol", "group", "interval_class", "score"]


def architecture_groups(feats: pd.DataFrame, group_col: str) -> dict[str, list[str]]:
    """architecture key -> sorted accelerator ids with rows in ``feats`` ('' collects those without one)."""
    keys = feats["architecture_key"].astype(str)
    return {str(a): sorted(rows[group_col].astype(str).unique()) for a, rows in feats.groupby(keys)}


def support_classes(
    feats: pd.DataFrame, group_col: str, arch_groups: dict[str, list[str]], training_ids: set[str] | frozenset[str] = frozenset()
) -> np.ndarray:
    """Support class of every row's hardware relative to a training set described by ``arch_groups``.

    well_supported: the accelerator itself is in ``training_ids``, or at least two *other* training accelerators
    share its architecture; thin_support: exactly one does; new_architecture: none (or no architecture known).
    With ``training_ids`` empty and ``arch_groups`` of the same rows, this is the class each row has when its own
    accelerator is held out (leave-one-accelerator-out).
    """
    arch = feats["architecture_key"].astype(str).to_numpy()
    ids = feats[group_col].astype(str).to_numpy() if group_col in feats else np.full(len(feats), "")
    out = np.empty(len(feats), dtype=object)
    for i, (a, g) in enumerate(zip(arch, ids)):
        siblings = len(set(arch_groups.get(a, ())) - {g}) if a else 0
        if (g and g in training_ids) or siblings >= 2:
            out[i] = WELL_SUPPORTED
        else:
            out[i] = THIN_SUPPORT if siblings == 1 else NEW_ARCHITECTURE
    return out


def architecture_split_keys(feats: pd.DataFrame, group_col: str) -> np.ndarray:
    """Fold key of leave-one-architecture-out: the architecture (an accelerator without one is its own fold)."""
    arch = feats["architecture_key"].astype(str)
    return arch.where(arch != "", "hw:" + feats[group_col].astype(str)).to_numpy()


def calibration_frame(oof: pd.DataFrame | None, group_col: str) -> pd.DataFrame:
    """Conformal scores (CALIBRATION_COLUMNS) of held-out predictions.

    Accepts either a frame already in that shape (python_ml.selection) or validation out-of-fold predictions
    (protocol, predicted, actual, interval_class and the accelerator column) — rows without a positive
    prediction and result are left out.
    """
    if oof is None or not len(oof):
        return pd.DataFrame(columns=CALIBRATION_COLUMNS)
    if "score" in oof.columns:
        return oof[CALIBRATION_COLUMNS].reset_index(drop=True)
    rows = oof[oof["predicted"].gt(0) & oof["actual"].gt(0)]
    column = group_col if group_col in rows else ("physical_hardware_id" if "physical_hardware_id" in rows else "hardware_id")
    return pd.DataFrame(
        {
            "protocol": rows["protocol"].to_numpy(),
            "group": rows[column].astype(str).to_numpy(),
            "interval_class": rows["interval_class"].to_numpy() if "interval_class" in rows else WELL_SUPPORTED,
            "score": scoring.abs_log_ratio(rows["predicted"], rows["actual"]),
        }
    )


def interval_quantiles(calibration: pd.DataFrame, levels: tuple[float, ...] | list[float]) -> dict[str, dict[str, float]]:
    """Support class -> level ('0.80') -> split-conformal quantile of |log(pred/actual)|.

    well_supported: leave-one-accelerator-out ('loao') errors of well-supported held-out accelerators (all loao
    errors when they come from fewer than MIN_CALIBRATION_GROUPS accelerators). thin_support: loao errors of
    thin-support held-out accelerators (pooled with the new-architecture ones when too few). new_architecture:
    loao errors of held-out accelerators of an architecture absent from training together with every
    leave-one-architecture-out ('loarch') error. A class is never narrower than a better-supported one.
    """
    loao = calibration[calibration["protocol"] == "loao"]
    by_class = loao["interval_class"].to_numpy()

    def enough(rows: pd.DataFrame) -> bool:
        return rows["group"].nunique() >= MIN_CALIBRATION_GROUPS

    regular = loao[by_class == WELL_SUPPORTED]
    regular = regular if enough(regular) else loao
    thin = loao[by_class == THIN_SUPPORT]
    thin = thin if enough(thin) else loao[by_class != WELL_SUPPORTED]
    new = pd.concat([loao[by_class == NEW_ARCHITECTURE], calibration[calibration["protocol"] == "loarch"]])
    new = new if enough(new) else loao[by_class != WELL_SUPPORTED]
    out: dict[str, dict[str, float]] = {c: {} for c in SUPPORT_CLASSES}
    for level in levels:
        key = f"{float(level):.2f}"
        q = _conformal_quantile(regular["score"].to_numpy(float), float(level))
        out[WELL_SUPPORTED][key] = q
        for name, rows in ((THIN_SUPPORT, thin), (NEW_ARCHITECTURE, new)):
            own = _conformal_quantile(rows["score"].to_numpy(float), float(level)) if len(rows) else float("nan")
            q = own if np.isnan(q) else (q if np.isnan(own) else max(own, q))
            out[name][key] = q
    return out


# ----------------------------------------------------------------------------------------------- anchor
#
# Learned spec slopes extrapolate poorly to an architecture no training accelerator shares, where the plain
# physical rule -- a reference accelerator's result scaled by dense FP16 FLOP/s (python_ml.reference_scaling)
# -- does not depend on them. For new-architecture rows only, the prediction is a log-linear blend of the two,
#     log(pred) = w log(model) + (1 - w) log(reference scaling),  clipped to the roofline bound,
# with w from ANCHOR_WEIGHTS chosen on inner held-out rows that were in the new-architecture position
# (python_ml.selection); w = 1 is the model alone. Pre-registered in docs/decisions/2026-11-29-extrapolation-anchor.md.

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
        return np.log(reference_scaling.scale(table, feats, "flops") / bound)


# ----------------------------------------------------------------------------------------------- public


def training_rows(df: pd.DataFrame, workloads: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, pd.Series]:
    """Features of the usable rows (positive result and roofline bound), their target y = log(result/bound)
    and the usable mask over ``df``."""
    feats_all = build_features(df, workloads)
    usable = _usable(feats_all)
    feats = feats_all[usable].reset_index(drop=True)
    y = np.log(feats["per_accelerator_result"].to_numpy(float) / feats["roofline_bound_per_accelerator"].to_numpy(float))
    return feats, y, usable


def oof_log_efficiency(
    feats: pd.DataFrame,
    y: np.ndarray,
    params: dict[str, Any],
    group_col: str,
    n_splits: int | None = None,
    split_keys: np.ndarray | None = None,
) -> np.ndarray:
    """Out-of-fold predicted log efficiency (clipped at 0, as in :func:`predict`), folds grouped by accelerator.

    ``n_splits`` None: leave one fold key out; else GroupKFold(n_splits). Fold keys: ``split_keys`` when given
    (e.g. :func:`architecture_split_keys`), else the accelerator. NaN where a fold could not be fitted (fewer
    than two accelerators in its training rows).
    """
    p = {**DEFAULT_PARAMS, **params}
    groups = feats[group_col].astype(str).to_numpy()
    keys = groups if split_keys is None else np.asarray(split_keys).astype(str)
    unique = np.unique(keys)
    oof = np.full(len(feats), np.nan)
    if len(unique) < 2:
        return oof
    if n_splits is None or n_splits >= len(unique):
        splits = ((np.flatnonzero(keys != g), np.flatnonzero(keys == g)) for g in unique)
    else:
        splits = GroupKFold(n_splits=n_splits).split(feats, y, keys)
    for train_idx, test_idx in splits:
        if len(np.unique(groups[train_idx])) < 2:
            continue
        sub = feats.iloc[train_idx]
        state = _fit_core(sub, y[train_idx], cell_weights(sub, group_col), group_col, p)
        oof[test_idx] = _predict_log_efficiency(state, feats.iloc[test_idx], p)
    return np.minimum(oof, 0.0)


def oof_scores(y: np.ndarray, oof: np.ndarray) -> np.ndarray:
    """Conformal scores |log(predicted/actual)| of out-of-fold log-efficiency predictions (finite ones only)."""
    ok = np.isfinite(oof)
    return scoring.abs_log_ratio(np.exp(oof[ok]), np.exp(y[ok]))


def fit(
    df: pd.DataFrame,
    params: dict[str, Any] | pd.DataFrame | None = None,
    workloads: pd.DataFrame | dict[str, Any] | None = None,
    calibration: pd.DataFrame | None = None,
    anchor_weight: float = 1.0,
) -> FittedModel:
    """Fit on training rows (input contract of the module docstring of python_ml.features).

    ``params`` and ``workloads`` may be passed in either order (a DataFrame is the workloads table).
    ``calibration``: errors on accelerators the model did not see, for the support-conditional conformal
    intervals (:func:`interval_quantiles`) — out-of-fold predictions of :func:`python_ml.validation.validate`
    (its 'loao' and 'loarch' rows) or the frame model selection returns (:func:`calibration_frame` shape).
    Without it, out-of-fold errors on accelerator-grouped folds of the training rows are used.
    ``anchor_weight``: the model's weight in new-architecture predictions (ANCHOR_WEIGHTS; 1 = no anchor).
    """
    if isinstance(params, pd.DataFrame) or isinstance(workloads, dict):
        params, workloads = workloads, params
    p = {**DEFAULT_PARAMS, **(params or {})}
    workloads = _workloads_frame(workloads)
    group_col = resolve_group_col(df, p)
    feats, y, usable = training_rows(df, workloads)
    if feats.empty:
        raise ValueError("fit: no usable training rows (need a positive result and a roofline bound)")
    weights = cell_weights(feats, group_col)
    state = _fit_core(feats, y, weights, group_col, p)

    groups = feats[group_col].astype(str).to_numpy()
    n_groups = len(np.unique(groups))
    calib = calibration_frame(calibration, group_col)
    if calib.empty and n_groups >= 2:
        oof = oof_log_efficiency(feats, y, p, group_col, n_splits=int(p["conformal_folds"]))
        ok = np.isfinite(oof)
        calib = pd.DataFrame(
            {"protocol": "loao", "group": groups[ok], "interval_class": WELL_SUPPORTED, "score": oof_scores(y, oof)}
        )
    class_quantiles = interval_quantiles(calib, p["coverage_levels"])
    quantiles = class_quantiles[WELL_SUPPORTED]
    scores = calib.loc[calib["protocol"] == "loao", "score"].to_numpy(float)

    # cluster bootstrap over accelerators for the standard error of the year slope
    slopes = []
    rng = np.random.default_rng(p["random_state"])
    unique_groups = np.unique(groups)
    for _ in range(int(p["n_bootstrap"])):
        picked = rng.choice(unique_groups, size=len(unique_groups), replace=True)
        parts, ys = [], []
        for copy, g in enumerate(picked):
            idx = np.flatnonzero(groups == g)
            part = feats.iloc[idx].copy()
            part[group_col] = f"{g}#{copy}"
            parts.append(part)
            ys.append(y[idx])
        boot = pd.concat(parts, ignore_index=True)
        if boot["year_c"].nunique(dropna=True) < 2:
            continue
        boot_state = _fit_core(boot, np.concatenate(ys), cell_weights(boot, group_col), group_col, {**p, "backfit_iterations": 2})
        slopes.append(boot_state["year_slope"])
    year_se = float(np.std(slopes, ddof=1)) if len(slopes) >= 2 else float("nan")

    return FittedModel(
        params={k: (list(v) if isinstance(v, tuple) else v) for k, v in p.items()},
        feature_names=state["names"],
        bench_levels=state["bench_levels"],
        feature_medians=state["medians"],
        feature_means=state["means"],
        feature_scales=state["scales"],
        coef=state["coef"],
        intercept=float(state["intercept"]),
        manufacturer_effects=state["m_eff"],
        manufacturer_se=state["m_se"],
        manufacturer_counts=state["m_n"],
        architecture_effects=state["a_eff"],
        architecture_se=state["a_se"],
        architecture_counts=state["a_n"],
        architecture_manufacturer=state["arch_manu"],
        tau2_manufacturer=state["tau2_m"],
        tau2_architecture=state["tau2_a"],
        year_effects=state["y_eff"],
        year_se=state["y_se"],
        year_counts=state["y_n"],
        sigma2_hardware=state["sigma2"],
        year_slope=state["year_slope"],
        year_slope_se=year_se,
        years_seen=sorted(float(v) for v in feats["release_year"].dropna().unique()) if "release_year" in feats else [],
        neighbour_points=state["nb_points"],
        neighbour_stats=np.vstack([state["nb_medians"], state["nb_means"], state["nb_scales"]]),
        neighbour_residuals=state["nb_resid"],
        conformal_quantiles=quantiles,
        calibration_residuals=scores,
        workloads={c: workloads[c].tolist() for c in workloads.columns},
        training_rows=int(len(feats)),
        training_groups=int(n_groups),
        dropped_rows=int((~usable).sum()),
        group_col=group_col,
        class_levels=state["class_levels"],
        class_quantiles=class_quantiles,
        architecture_groups=architecture_groups(feats, group_col),
        anchor_weight=float(anchor_weight),
        anchor_references=reference_scaling.reference_table(feats, group_col) if anchor_weight < 1.0 else {},
        spec_ranges=_spec_ranges(feats, state["names"]),
    )


def _spec_ranges(feats: pd.DataFrame, names: list[str]) -> dict[str, list[float]]:
    ranges = {}
    for name in RANGE_CHECKED_FEATURES:
        values = feats[name].to_numpy(dtype=float) if name in names and name in feats else np.array([])
        values = values[np.isfinite(values)]
        if len(values):
            ranges[name] = [float(values.min()), float(values.max())]
    return ranges


def _state_of(model: FittedModel) -> dict[str, Any]:
    return {
        "bench_levels": model.bench_levels,
        "class_levels": model.class_levels,
        "names": model.feature_names,
        "nb_medians": model.neighbour_stats[0],
        "nb_means": model.neighbour_stats[1],
        "nb_scales": model.neighbour_stats[2],
        "medians": model.feature_medians,
        "means": model.feature_means,
        "scales": model.feature_scales,
        "coef": model.coef,
        "intercept": model.intercept,
        "m_eff": model.manufacturer_effects,
        "a_eff": model.architecture_effects,
        "y_eff": model.year_effects,
        "nb_points": model.neighbour_points,
        "nb_resid": model.neighbour_residuals,
    }


def interval_classes(model: FittedModel, feats: pd.DataFrame) -> np.ndarray:
    """Support class (SUPPORT_CLASSES) of every row's hardware relative to the model's training accelerators."""
    arch_groups = getattr(model, "architecture_groups", None) or {}
    training_ids = frozenset(g for ids in arch_groups.values() for g in ids)
    return support_classes(feats, model.group_col, arch_groups, training_ids)


def predict(model: FittedModel, df: pd.DataFrame) -> pd.DataFrame:
    """One row per input row (same order and index): prediction, roofline, clip flag and intervals.

    Columns: mlperf_result_id (when given), hardware_id, benchmark_model, scenario, units,
    roofline_bound_per_accelerator, roofline_regime, predicted_log_efficiency, predicted_per_accelerator,
    was_clipped, interval_class, is_anchored, pi80_low, pi80_high, pi90_low, pi90_high, is_out_of_domain,
    out_of_domain_reason, error ('' unless the prediction is missing, then why). ``is_anchored``: a
    new-architecture row blended with reference scaling (see ANCHOR_WEIGHTS). Intervals are calibrated per support class
    (``interval_class``, see :func:`support_classes`): a chip with no training sibling of its architecture gets
    the wider new-architecture intervals. ``units`` is the physical unit of the workload
    (expected_units: Tokens/s for every LLM) when the input has no units column.
    ``predicted_per_accelerator`` never exceeds ``roofline_bound_per_accelerator``; nor do the interval ends.
    """
    p = model.params
    feats = build_features(df, _workloads_frame(model.workloads))
    raw = _predict_log_efficiency(_state_of(model), feats, p)
    bound = feats["roofline_bound_per_accelerator"].to_numpy(float)
    classes = interval_classes(model, feats)
    weight = float(getattr(model, "anchor_weight", 1.0))
    reference = reference_log_efficiency(getattr(model, "anchor_references", None) or {}, feats)
    anchored = anchor_mask(classes == NEW_ARCHITECTURE, reference, weight)
    log_eff = anchored_log_efficiency(np.minimum(raw, 0.0), reference, weight, anchored)
    # clipped: the model's own prediction, or the blend, reached the roofline bound
    clipped = (raw > 0.0) | (anchored & (log_eff >= 0.0))
    pred = bound * np.exp(log_eff)
    out = pd.DataFrame(index=df.index)
    for column in ("mlperf_result_id", "hardware_id", "benchmark_model", "scenario", "units"):
        if column in df.columns:
            out[column] = df[column].to_numpy()
    if "units" not in df.columns:
        out["units"] = feats["expected_units"].to_numpy()
    out["roofline_bound_per_accelerator"] = bound
    out["roofline_regime"] = feats["roofline_regime"].to_numpy()
    out["predicted_log_efficiency"] = np.where(np.isnan(bound), np.nan, log_eff)
    out["predicted_per_accelerator"] = pred
    out["was_clipped"] = clipped & ~np.isnan(bound)
    out["interval_class"] = classes
    out["is_anchored"] = anchored
    for level, name in (("0.80", "pi80"), ("0.90", "pi90")):
        regular = model.conformal_quantiles.get(level, float("nan"))
        per_class = getattr(model, "class_quantiles", None) or {}
        q = np.array([per_class.get(c, {}).get(level, regular) for c in classes], dtype=float)
        out[f"{name}_low"] = bound * np.exp(log_eff - q)
        out[f"{name}_high"] = np.minimum(bound * np.exp(log_eff + q), bound)
    reasons = _out_of_domain_reasons(model, feats, bound)
    out["is_out_of_domain"] = reasons != ""
    out["out_of_domain_reason"] = reasons
    out["error"] = np.where(np.isnan(pred), reasons, "")
    return out


def _name_columns(reasons: np.ndarray, flags: np.ndarray, labels: list[str], prefix: str) -> None:
    """Where a row has no reason yet and any column of ``flags`` is set: prefix + the labels of those columns."""
    for i in np.flatnonzero(flags.any(axis=1) & (reasons == "")):
        reasons[i] = prefix + ", ".join(labels[j] for j in np.flatnonzero(flags[i]))


def _out_of_domain_reasons(model: FittedModel, feats: pd.DataFrame, bound: np.ndarray) -> np.ndarray:
    """Why each row is outside what training covers ('' when inside); the first reason that applies wins."""
    reasons = np.full(len(feats), "", dtype=object)
    unknown_bench = ~feats["bench_scenario"].isin(model.bench_levels).to_numpy()
    reasons[unknown_bench] = "benchmark/scenario not in training"
    reasons[np.isnan(bound)] = "no roofline bound (missing peak spec or workload figure)"
    unknown_manu = ~feats["manufacturer_key"].isin(list(model.manufacturer_effects)).to_numpy()
    reasons[(reasons == "") & unknown_manu] = "manufacturer not in training (global efficiency used)"
    system_memory = feats["memory_size_gb"].astype(float) * 1e9 * feats["accelerator_count"].astype(float).where(
        lambda v: v > 0, 1.0
    ) if "accelerator_count" in feats else feats["memory_size_gb"].astype(float) * 1e9
    too_small = (feats["weight_bytes"] > system_memory).to_numpy()
    reasons[(reasons == "") & too_small] = "weights do not fit in the system's accelerator memory"
    # a spec outside the range of the training accelerators (log scale, 5 % tolerance): the neighbour-space
    # specs, then the other range-checked ones the model uses
    x = _neighbour_space(feats, model.neighbour_stats[0], model.neighbour_stats[1], model.neighbour_stats[2])
    tolerance = DOMAIN_TOLERANCE / model.neighbour_stats[2]
    outside = (x < model.neighbour_points.min(axis=0) - tolerance) | (x > model.neighbour_points.max(axis=0) + tolerance)
    outside &= ~np.isnan(feats[list(NEIGHBOUR_FEATURES)].to_numpy(dtype=float))
    checked = list(NEIGHBOUR_FEATURES)
    for name, (lo, hi) in (getattr(model, "spec_ranges", None) or {}).items():
        value = feats[name].to_numpy(dtype=float)
        beyond = (value < lo - DOMAIN_TOLERANCE) | (value > hi + DOMAIN_TOLERANCE)
        outside = np.column_stack([outside, beyond & ~np.isnan(value)])
        checked.append(name)
    _name_columns(reasons, outside, [c.removeprefix("log_") for c in checked], "spec outside the training range: ")
    # a spec the model uses that the query does not give: the training median stood in for it
    used = [name for name in IMPUTED_SPECS if name in model.feature_names]
    if used:
        _name_columns(reasons, feats[used].isna().to_numpy(), [IMPUTED_SPECS[n] for n in used],
                      "spec not given, training median assumed: ")
    return reasons


def known_workloads(model: FittedModel) -> set[tuple[str, str]]:
    """(benchmark_model, scenario) pairs the model was trained on."""
    return {tuple(level.split("|", 1)) for level in model.bench_levels}


def bias_factors(model: FittedModel) -> pd.DataFrame:
    """Efficiency factors relative to the spec-based prediction: level, name, factor, std_error, n_hardware.

    manufacturer / architecture: exp of the partially pooled effect; std_error is the posterior standard
    deviation of the effect on the log scale (so factor x exp(+-1.96 std_error) is a ~95 % band, as in the
    fct_efficiency_factors mart).
    year: exp(slope x (year - 2023) + u_year) — the ridge year_c slope (when the configuration has one) plus
    the partially pooled release-year effect (when ``year_effect``); std_error combines |year - 2023| x the
    bootstrap SE of the slope (cluster bootstrap over accelerators) and the effect's posterior SD.
    Configurations with neither term have no year rows (the model makes no temporal adjustment).
    """
    rows = []
    for name, effect in sorted(model.manufacturer_effects.items()):
        rows.append(
            {"level": "manufacturer", "name": name, "factor": math.exp(effect), "log_effect": effect,
             "std_error": model.manufacturer_se[name], "n_hardware": model.manufacturer_counts[name]}
        )
    for name, effect in sorted(model.architecture_effects.items()):
        rows.append(
            {"level": "architecture", "name": name, "factor": math.exp(effect), "log_effect": effect,
             "std_error": model.architecture_se[name], "n_hardware": model.architecture_counts[name]}
        )
    has_slope = "year_c" in model.feature_names
    for year in model.years_seen if has_slope or model.year_effects else []:
        key = str(int(year))
        delta = year - 2023.0
        slope_se = abs(delta) * model.year_slope_se if has_slope else 0.0
        effect_se = model.year_se.get(key, 0.0)
        log_effect = (model.year_slope * delta if has_slope else 0.0) + model.year_effects.get(key, 0.0)
        rows.append(
            {"level": "year", "name": key, "factor": math.exp(log_effect), "log_effect": log_effect,
             "std_error": math.sqrt(slope_se**2 + effect_se**2), "n_hardware": model.year_counts.get(key)}
        )
    return pd.DataFrame(rows, columns=["level", "name", "factor", "log_effect", "std_error", "n_hardware"])
