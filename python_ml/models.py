"""Roofline-corrected model of per-accelerator MLPerf Inference throughput.

The model never predicts throughput from scratch. It predicts the log efficiency

    y = log(per_accelerator_result / roofline_bound)        (<= 0 for every real result)

from the hardware specs, the benchmark/scenario and the release year, and adds partially pooled
(empirical-Bayes) efficiency factors per manufacturer and per architecture:

    y_hat = ridge(bench_scenario one-hot, spec features, year) + u_manufacturer + u_architecture

Predicted throughput = roofline_bound x exp(y_hat), clipped to the roofline bound (the clip is counted and
reported per row in ``was_clipped``). Hardware never seen in training still gets a prediction: an unknown
architecture contributes 0 (falls back to its manufacturer's factor), an unknown manufacturer 0 as well
(global level).

Rows are weighted so that every (accelerator, benchmark, scenario) cell counts once, whatever the number of
submissions in it: the H200 SXM's 300+ rows do not outvote an accelerator with four.

Split-conformal prediction intervals (80 % and 90 %) are calibrated inside :func:`fit` on out-of-fold
residuals from accelerator-grouped folds of the training rows, so they describe the error on an accelerator
the model has not seen.

State is sklearn estimators + numpy arrays + plain dicts/lists, so that skops can persist it:
``skops.io.dump(model, path)`` and ``skops.io.load(path, trusted=TRUSTED_TYPES)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.model_selection import GroupKFold

from python_ml.features import build_features, load_workloads, normalize_workloads

TRUSTED_TYPES = [
    "python_ml.models.FittedModel",
    "sklearn.linear_model._ridge.Ridge",
]

NEIGHBOUR_FEATURES = ("log_peak_ops", "log_mem_bw", "log_mem_size", "log_tdp")
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
    ridge: Ridge
    manufacturer_effects: dict[str, float]
    manufacturer_se: dict[str, float]
    manufacturer_counts: dict[str, int]
    architecture_effects: dict[str, float]
    architecture_se: dict[str, float]
    architecture_counts: dict[str, int]
    architecture_manufacturer: dict[str, str]
    tau2_manufacturer: float
    tau2_architecture: float
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
    notes: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------- helpers


def default_params() -> dict[str, Any]:
    """A JSON-friendly copy of DEFAULT_PARAMS (tuples as lists)."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in DEFAULT_PARAMS.items()}


def _workloads_frame(model_or_dict: dict[str, list] | pd.DataFrame | None) -> pd.DataFrame:
    if model_or_dict is None:
        return load_workloads()
    if isinstance(model_or_dict, pd.DataFrame):
        return normalize_workloads(model_or_dict)
    return pd.DataFrame(model_or_dict)


def _cell_weights(frame: pd.DataFrame, group_col: str) -> np.ndarray:
    cell = frame[group_col].astype(str) + "|" + frame["bench_scenario"].astype(str)
    counts = cell.map(cell.value_counts())
    return (1.0 / counts).to_numpy(dtype=float)


def _design(
    feats: pd.DataFrame,
    bench_levels: list[str],
    names: list[str],
    medians: np.ndarray,
    means: np.ndarray,
    scales: np.ndarray,
    bench_scale: float,
) -> np.ndarray:
    numeric = feats[list(names)].to_numpy(dtype=float)
    numeric = np.where(np.isnan(numeric), medians, numeric)
    numeric = (numeric - means) / scales
    index = {b: i for i, b in enumerate(bench_levels)}
    onehot = np.zeros((len(feats), len(bench_levels)))
    for row, key in enumerate(feats["bench_scenario"].astype(str)):
        j = index.get(key)
        if j is not None:
            onehot[row, j] = bench_scale
    return np.hstack([onehot, numeric])


def _empirical_bayes(
    unit_values: pd.Series, unit_groups: pd.Series, sigma2: float, tau2_floor: float, tau2_cap: float
) -> tuple[dict[str, float], dict[str, float], dict[str, int], float]:
    """Shrunken group means of unit-level (one value per accelerator) residuals.

    Returns effect, posterior standard deviation and unit count per group, and the between-group variance
    tau^2 (method of moments: variance of the group means minus their expected sampling variance).
    """
    groups = {}
    for name, vals in unit_values.groupby(unit_groups):
        if name == "":
            continue
        groups[str(name)] = vals.to_numpy(dtype=float)
    if not groups:
        return {}, {}, {}, tau2_floor
    means = np.array([v.mean() for v in groups.values()])
    sizes = np.array([len(v) for v in groups.values()], dtype=float)
    if len(groups) >= 2:
        tau2 = float(np.var(means, ddof=1) - np.mean(sigma2 / sizes))
    else:
        tau2 = float(means[0] ** 2 - sigma2 / sizes[0])
    tau2 = float(min(max(tau2, tau2_floor), tau2_cap))
    effects, ses, counts = {}, {}, {}
    for (name, vals), mean, size in zip(groups.items(), means, sizes):
        precision = 1.0 / tau2 + size / sigma2
        shrink = (size / sigma2) / precision
        effects[name] = float(shrink * mean)
        ses[name] = float(math.sqrt(1.0 / precision))
        counts[name] = int(size)
    return effects, ses, counts, tau2


def _fit_core(feats: pd.DataFrame, y: np.ndarray, weights: np.ndarray, group_col: str, params: dict[str, Any]):
    """Backfitting of the ridge part and the two partially pooled factors. Returns a dict of state."""
    bench_levels = sorted(feats["bench_scenario"].astype(str).unique().tolist())
    names = list(params["features"])
    medians, means, scales = _column_stats(feats, names, weights)
    nb_medians, nb_means, nb_scales = _column_stats(feats, list(NEIGHBOUR_FEATURES), weights)
    design = _design(feats, bench_levels, names, medians, means, scales, params["bench_scale"])

    manu = feats["manufacturer_key"].astype(str).to_numpy()
    arch = feats["architecture_key"].astype(str).to_numpy()
    groups = feats[group_col].astype(str).to_numpy()
    u_manu = np.zeros(len(feats))
    u_arch = np.zeros(len(feats))
    ridge = Ridge(alpha=params["alpha"], fit_intercept=True)
    state: dict[str, Any] = {}
    for _ in range(int(params["backfit_iterations"])):
        ridge.fit(design, y - u_manu - u_arch, sample_weight=weights)
        resid = y - ridge.predict(design)
        # one value per accelerator (weighted mean of its cell-weighted residuals)
        frame = pd.DataFrame({"g": groups, "m": manu, "a": arch, "wr": resid * weights, "w": weights})
        grouped = frame.groupby("g", sort=True)
        unit = grouped[["m", "a"]].first()
        unit["r"] = grouped["wr"].sum() / grouped["w"].sum()
        # accelerator-level noise: spread of accelerator residuals within an architecture (or overall)
        within = unit.groupby("a")["r"].transform(lambda s: s - s.mean())
        dof = max(len(unit) - unit["a"].nunique(), 1)
        sigma2 = float(max((within**2).sum() / dof, params["tau2_floor"]))
        m_eff, m_se, m_n, tau2_m = _empirical_bayes(unit["r"], unit["m"], sigma2, params["tau2_floor"], params["tau2_cap"])
        after_m = unit["r"] - unit["m"].map(m_eff).fillna(0.0)
        a_eff, a_se, a_n, tau2_a = _empirical_bayes(after_m, unit["a"], sigma2, params["tau2_floor"], params["tau2_cap"])
        u_manu = pd.Series(manu).map(m_eff).fillna(0.0).to_numpy()
        u_arch = pd.Series(arch).map(a_eff).fillna(0.0).to_numpy()
        state = {
            "m_eff": m_eff, "m_se": m_se, "m_n": m_n, "tau2_m": tau2_m,
            "a_eff": a_eff, "a_se": a_se, "a_n": a_n, "tau2_a": tau2_a, "sigma2": sigma2,
            "arch_manu": {str(a): str(m) for a, m in zip(unit["a"], unit["m"]) if a},
        }
    ridge.fit(design, y - u_manu - u_arch, sample_weight=weights)
    # spec-neighbour effect: what is left per accelerator, smoothed over accelerators with similar specs
    resid = y - ridge.predict(design) - u_manu - u_arch
    frame = pd.DataFrame({"g": groups, "wr": resid * weights, "w": weights})
    grouped = frame.groupby("g", sort=True)
    unit_resid = (grouped["wr"].sum() / grouped["w"].sum()).to_numpy()
    first_rows = pd.Series(np.arange(len(feats))).groupby(groups).first().sort_index().to_numpy()
    points = _neighbour_space(feats.iloc[first_rows], nb_medians, nb_means, nb_scales)
    year_slope = 0.0
    if "year_c" in names:
        year_index = names.index("year_c")
        year_slope = float(ridge.coef_[len(bench_levels) + year_index] / scales[year_index])
    state.update(
        bench_levels=bench_levels, names=names, medians=medians, means=means, scales=scales, ridge=ridge,
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
        state_like["scales"], params["bench_scale"],
    )
    fixed = state_like["ridge"].predict(design)
    u_m = feats["manufacturer_key"].astype(str).map(state_like["m_eff"]).fillna(0.0).to_numpy()
    u_a = feats["architecture_key"].astype(str).map(state_like["a_eff"]).fillna(0.0).to_numpy()
    return fixed + u_m + u_a + _neighbour_effect(state_like, feats, params)


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


# ----------------------------------------------------------------------------------------------- public


def fit(
    df: pd.DataFrame,
    params: dict[str, Any] | pd.DataFrame | None = None,
    workloads: pd.DataFrame | dict[str, Any] | None = None,
    calibration: pd.DataFrame | None = None,
) -> FittedModel:
    """Fit on training rows (input contract of the module docstring of python_ml.features).

    ``params`` and ``workloads`` may be passed in either order (a DataFrame is the workloads table).
    ``calibration``: out-of-fold predictions from :func:`python_ml.validation.validate`; when it has
    leave-one-accelerator-out rows (protocol 'loao'), their |log(predicted/actual)| calibrate the conformal
    intervals instead of the internal accelerator-grouped folds (same kind of residual, no extra fits).
    """
    if isinstance(params, pd.DataFrame) or isinstance(workloads, dict):
        params, workloads = workloads, params
    p = {**DEFAULT_PARAMS, **(params or {})}
    workloads = _workloads_frame(workloads)
    group_col = resolve_group_col(df, p)
    feats_all = build_features(df, workloads)
    usable = _usable(feats_all)
    feats = feats_all[usable].reset_index(drop=True)
    if feats.empty:
        raise ValueError("fit: no usable training rows (need a positive result and a roofline bound)")
    y = np.log(feats["per_accelerator_result"].to_numpy(float) / feats["roofline_bound_per_accelerator"].to_numpy(float))
    weights = _cell_weights(feats, group_col)
    state = _fit_core(feats, y, weights, group_col, p)

    # conformal calibration on accelerator-grouped out-of-fold residuals
    groups = feats[group_col].astype(str).to_numpy()
    n_groups = len(np.unique(groups))
    scores = np.array([])
    loao = None
    if calibration is not None and len(calibration) and "protocol" in calibration:
        loao = calibration[(calibration["protocol"] == "loao") & calibration["predicted"].gt(0) & calibration["actual"].gt(0)]
    if loao is not None and len(loao):
        scores = np.abs(np.log(loao["predicted"].to_numpy(float) / loao["actual"].to_numpy(float)))
    elif n_groups >= 2:
        folds = GroupKFold(n_splits=min(int(p["conformal_folds"]), n_groups))
        oof = np.full(len(feats), np.nan)
        for train_idx, test_idx in folds.split(feats, y, groups):
            sub = feats.iloc[train_idx]
            sub_state = _fit_core(sub, y[train_idx], _cell_weights(sub, group_col), group_col, p)
            oof[test_idx] = _predict_log_efficiency(sub_state, feats.iloc[test_idx], p)
        oof = np.minimum(oof, 0.0)  # the same clip as in predict
        scores = np.abs(y - oof)
    quantiles = {f"{level:.2f}": _conformal_quantile(scores, level) for level in p["coverage_levels"]}

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
        boot_state = _fit_core(boot, np.concatenate(ys), _cell_weights(boot, group_col), group_col, {**p, "backfit_iterations": 2})
        slopes.append(boot_state["year_slope"])
    year_se = float(np.std(slopes, ddof=1)) if len(slopes) >= 2 else float("nan")

    return FittedModel(
        params={k: (list(v) if isinstance(v, tuple) else v) for k, v in p.items()},
        feature_names=state["names"],
        bench_levels=state["bench_levels"],
        feature_medians=state["medians"],
        feature_means=state["means"],
        feature_scales=state["scales"],
        ridge=state["ridge"],
        manufacturer_effects=state["m_eff"],
        manufacturer_se=state["m_se"],
        manufacturer_counts=state["m_n"],
        architecture_effects=state["a_eff"],
        architecture_se=state["a_se"],
        architecture_counts=state["a_n"],
        architecture_manufacturer=state["arch_manu"],
        tau2_manufacturer=state["tau2_m"],
        tau2_architecture=state["tau2_a"],
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
    )


def _state_of(model: FittedModel) -> dict[str, Any]:
    return {
        "bench_levels": model.bench_levels,
        "names": model.feature_names,
        "nb_medians": model.neighbour_stats[0],
        "nb_means": model.neighbour_stats[1],
        "nb_scales": model.neighbour_stats[2],
        "medians": model.feature_medians,
        "means": model.feature_means,
        "scales": model.feature_scales,
        "ridge": model.ridge,
        "m_eff": model.manufacturer_effects,
        "a_eff": model.architecture_effects,
        "nb_points": model.neighbour_points,
        "nb_resid": model.neighbour_residuals,
    }


def predict(model: FittedModel, df: pd.DataFrame) -> pd.DataFrame:
    """One row per input row (same order and index): prediction, roofline, clip flag and intervals.

    Columns: mlperf_result_id (when given), hardware_id, benchmark_model, scenario, units,
    roofline_bound_per_accelerator, roofline_regime, predicted_log_efficiency, predicted_per_accelerator,
    was_clipped, pi80_low, pi80_high, pi90_low, pi90_high, is_out_of_domain, out_of_domain_reason, error
    ('' unless the prediction is missing, then why). ``units`` is the physical unit of the workload
    (expected_units: Tokens/s for every LLM) when the input has no units column.
    ``predicted_per_accelerator`` never exceeds ``roofline_bound_per_accelerator``; nor do the interval ends.
    """
    p = model.params
    feats = build_features(df, _workloads_frame(model.workloads))
    raw = _predict_log_efficiency(_state_of(model), feats, p)
    bound = feats["roofline_bound_per_accelerator"].to_numpy(float)
    clipped = raw > 0.0
    log_eff = np.minimum(raw, 0.0)
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
    for level, name in (("0.80", "pi80"), ("0.90", "pi90")):
        q = model.conformal_quantiles.get(level, float("nan"))
        out[f"{name}_low"] = bound * np.exp(log_eff - q)
        out[f"{name}_high"] = np.minimum(bound * np.exp(log_eff + q), bound)
    reasons = np.full(len(df), "", dtype=object)
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
    # a spec outside the range of the training accelerators (log scale, 5 % tolerance)
    x = _neighbour_space(feats, model.neighbour_stats[0], model.neighbour_stats[1], model.neighbour_stats[2])
    tolerance = math.log(1.05) / model.neighbour_stats[2]
    low = model.neighbour_points.min(axis=0) - tolerance
    high = model.neighbour_points.max(axis=0) + tolerance
    outside = (x < low) | (x > high)
    raw_specs = feats[list(NEIGHBOUR_FEATURES)].to_numpy(dtype=float)
    outside &= ~np.isnan(raw_specs)
    for i in np.flatnonzero(outside.any(axis=1) & (reasons == "")):
        names = [NEIGHBOUR_FEATURES[j].removeprefix("log_") for j in np.flatnonzero(outside[i])]
        reasons[i] = "spec outside the training range: " + ", ".join(names)
    out["is_out_of_domain"] = reasons != ""
    out["out_of_domain_reason"] = reasons
    out["error"] = np.where(np.isnan(pred), reasons, "")
    return out


def known_workloads(model: FittedModel) -> set[tuple[str, str]]:
    """(benchmark_model, scenario) pairs the model was trained on."""
    return {tuple(level.split("|", 1)) for level in model.bench_levels}


def bias_factors(model: FittedModel) -> pd.DataFrame:
    """Efficiency factors relative to the spec-based prediction: level, name, factor, std_error, n_hardware.

    manufacturer / architecture: exp of the partially pooled effect; std_error is the posterior standard
    deviation of the effect on the log scale (so factor x exp(+-2 std_error) is a ~95 % band).
    year: exp(slope x (year - 2023)) from the ridge year term; std_error = |year - 2023| x bootstrap SE of the
    slope (cluster bootstrap over accelerators).
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
    for year in model.years_seen:
        delta = year - 2023.0
        rows.append(
            {"level": "year", "name": str(int(year)), "factor": math.exp(model.year_slope * delta),
             "log_effect": model.year_slope * delta, "std_error": abs(delta) * model.year_slope_se, "n_hardware": None}
        )
    return pd.DataFrame(rows, columns=["level", "name", "factor", "log_effect", "std_error", "n_hardware"])
