"""Roofline-corrected model of per-accelerator MLPerf Inference throughput.

The model never predicts throughput from scratch. It predicts the log efficiency

    y = log(per_accelerator_result / roofline_bound)        (<= 0 for every real result)

from the hardware specs, the benchmark/scenario and (optionally) the release year, and adds partially pooled
(empirical-Bayes) efficiency factors per manufacturer, per architecture and (``year_effect``) per release year:

    y_hat = ridge(bench_scenario levels, spec slopes [+ per-class and per-benchmark slopes, shrunk harder])
            + u_manufacturer + u_architecture [+ u_year] + neighbour effect

Which features and slopes are used is a configuration (``params``); python_ml.modeling.selection chooses among declared
configurations by grouped cross-validation.

Predicted throughput = roofline_bound x exp(y_hat), clipped to the roofline bound (the clip is counted and
reported per row in ``was_clipped``). Hardware never seen in training still gets a prediction: an unknown
architecture contributes 0 (falls back to its manufacturer's factor), an unknown manufacturer or release year
0 as well (global level).

Rows are weighted so that every (accelerator, benchmark, scenario) cell counts once, whatever the number of
submissions in it: the H200 SXM's 300+ rows do not outvote an accelerator with four.

Split-conformal prediction intervals (80 % and 90 %) come from errors on accelerators the model had not
seen (outer validation or inner selection predictions, else out-of-fold residuals from accelerator-grouped
folds of the training rows), calibrated per support class (python_ml.modeling.intervals).

Every function here takes a feature frame built once by python_ml.features.build_features and selects rows.
Fitted state is ONE dataclass, python_ml.modeling.state.FittedModel, from the inner fit of a fold to the
saved artifact.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from python_ml.features import NEIGHBOUR_FEATURES, RANGE_CHECKED_FEATURES, training_target
from python_ml.modeling import baselines, intervals
from python_ml.modeling.pooling import Level, empirical_bayes, level_dicts
from python_ml.modeling.ridge import Encoded, WeightedRidge, column_stats, design_matrix
from python_ml.modeling.state import DEFAULT_PARAMS, FittedModel, json_friendly, resolve_group_col

# the parameters the design matrix and the ridge factorization read (ridge.design_matrix, WeightedRidge)
DESIGN_PARAMS = ("bench_scale", "interaction_features", "class_scale", "bench_interaction_scale", "alpha")


def cell_weights(frame: pd.DataFrame, group_col: str) -> np.ndarray:
    """Row weights under which every (accelerator, benchmark/scenario) cell counts once."""
    keys = [frame[group_col].astype(str), frame["bench_scenario"].astype(str)]
    counts = frame.groupby(keys, sort=False, dropna=False)[group_col].transform("size")
    return (1.0 / counts).to_numpy(dtype=float)


def _units(feats: pd.DataFrame, group_col: str) -> tuple[np.ndarray, np.ndarray]:
    """Accelerator (unit) index of every row and the first row of every unit."""
    groups = feats[group_col].astype(str).to_numpy()
    _, first_rows, unit_of_row = np.unique(groups, return_index=True, return_inverse=True)
    return unit_of_row, first_rows


def _backfit(ridge: WeightedRidge, design: np.ndarray, y: np.ndarray, weights: np.ndarray, unit_of_row: np.ndarray,
             levels: dict[str, Level], arch_of_unit: np.ndarray, params: dict[str, Any]):
    """Alternate the ridge fit and the three pooled levels (manufacturer, architecture, year).

    Returns the per-row level effects, the fitted (effects, se, sizes, tau2) of each level and sigma^2."""
    n_units = int(unit_of_row.max()) + 1
    weight_sum = np.bincount(unit_of_row, weights=weights, minlength=n_units)

    def unit_mean(resid: np.ndarray) -> np.ndarray:
        # one value per accelerator: weighted mean of its cell-weighted residuals
        return np.bincount(unit_of_row, weights=resid * weights, minlength=n_units) / weight_sum

    floor, cap = params["tau2_floor"], params["tau2_cap"]
    per_row = {key: np.zeros(len(y)) for key in levels}
    fitted: dict[str, tuple] = {}
    sigma2 = floor
    n_archs = int(arch_of_unit.max()) + 1
    for _ in range(int(params["backfit_iterations"])):
        ridge.fit(y - per_row["m"] - per_row["a"] - per_row["y"])
        r = unit_mean(y - ridge.predict(design))
        # accelerator-level noise: spread of accelerator residuals within an architecture (or overall)
        arch_mean = np.bincount(arch_of_unit, weights=r) / np.bincount(arch_of_unit)
        dof = max(len(r) - n_archs, 1)
        sigma2 = float(max(((r - arch_mean[arch_of_unit]) ** 2).sum() / dof, floor))
        remaining = r
        for key, level in levels.items():
            fitted[key] = empirical_bayes(remaining, level, sigma2, floor, cap)
            remaining = remaining - level.per_unit(fitted[key][0])
        per_row = {key: level.per_unit(fitted[key][0])[unit_of_row] for key, level in levels.items()}
    for key, level in levels.items():
        if key not in fitted:
            empty = np.zeros(len(level.names))
            fitted[key] = (empty, empty, empty, floor)
    return per_row, fitted, sigma2, unit_mean


class Rows:
    """What every configuration's fit on the same training rows shares, computed once (validation and selection
    fit seven candidates on each fold's rows): the levels, the accelerators (units) and their keys, the
    neighbour-space statistics and the column statistics per feature list."""

    def __init__(self, feats: pd.DataFrame, weights: np.ndarray, group_col: str):
        self.feats, self.weights, self.group_col = feats, weights, group_col
        self.encoded = Encoded(feats)
        self.bench_levels = sorted(feats["bench_scenario"].astype(str).unique().tolist())
        self.class_levels = sorted(feats["workload_class"].fillna("").astype(str).unique().tolist())
        self.nb_stats = np.vstack(column_stats(feats, list(NEIGHBOUR_FEATURES), weights))
        self.unit_of_row, self.first_rows = _units(feats, group_col)
        self.unit_m = feats["manufacturer_key"].astype(str).to_numpy()[self.first_rows]
        self.unit_a = feats["architecture_key"].astype(str).to_numpy()[self.first_rows]
        self.unit_y = _year_key(feats)[self.first_rows]
        _, self.arch_of_unit = np.unique(self.unit_a, return_inverse=True)
        self.neighbour_points = neighbour_space(feats.iloc[self.first_rows], self.nb_stats)
        self._stats: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._designs: dict[tuple, tuple[np.ndarray, WeightedRidge]] = {}

    def column_stats(self, names: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        key = tuple(names)
        if key not in self._stats:
            self._stats[key] = column_stats(self.feats, names, self.weights)
        return self._stats[key]

    def design(self, names: list[str], params: dict[str, Any]) -> tuple[np.ndarray, WeightedRidge]:
        """The design matrix of these rows and its factorized ridge, shared by configurations that differ only
        in what the ridge part does not see (e.g. the pooled release-year factor)."""
        key = (tuple(names), *(repr(params.get(k)) for k in DESIGN_PARAMS))
        if key not in self._designs:
            medians, means, scales = self.column_stats(names)
            design = design_matrix(self.feats, self.bench_levels, names, medians, means, scales, params,
                                   self.class_levels, self.encoded)
            self._designs[key] = design, WeightedRidge(design, self.weights, float(params["alpha"]))
        return self._designs[key]


def fit_core(
    feats: pd.DataFrame, y: np.ndarray, weights: np.ndarray, group_col: str, params: dict[str, Any],
    rows: Rows | None = None,
) -> FittedModel:
    """Backfitting of the ridge part and the partially pooled factors, plus the spec-neighbour effect.
    ``rows``: the :class:`Rows` of ``feats`` (with these weights) when the caller fits several configurations."""
    rows = rows or Rows(feats, weights, group_col)
    bench_levels, class_levels = rows.bench_levels, rows.class_levels
    names = list(params["features"])
    medians, means, scales = rows.column_stats(names)
    design, ridge = rows.design(names, params)

    unit_of_row, unit_m, unit_a = rows.unit_of_row, rows.unit_m, rows.unit_a
    unit_y = rows.unit_y if params.get("year_effect") else np.full(len(rows.first_rows), "")
    levels = {"m": Level(unit_m), "a": Level(unit_a), "y": Level(unit_y)}
    per_row, fitted, sigma2, unit_mean = _backfit(ridge, design, y, weights, unit_of_row, levels, rows.arch_of_unit,
                                                  params)
    dicts = {key: level_dicts(level, *fitted[key][:3]) for key, level in levels.items()}
    ridge.fit(y - per_row["m"] - per_row["a"] - per_row["y"])
    # spec-neighbour effect: what is left per accelerator, smoothed over accelerators with similar specs
    unit_resid = unit_mean(y - ridge.predict(design) - per_row["m"] - per_row["a"] - per_row["y"])
    year_slope = 0.0
    if "year_c" in names:
        year_index = names.index("year_c")
        year_slope = float(ridge.coef[len(bench_levels) + year_index] / scales[year_index])
    return FittedModel(
        params=params, group_col=group_col, feature_names=names, bench_levels=bench_levels,
        class_levels=class_levels, feature_medians=medians, feature_means=means, feature_scales=scales,
        coef=ridge.coef, intercept=float(ridge.intercept),
        manufacturer_effects=dicts["m"][0], manufacturer_se=dicts["m"][1], manufacturer_counts=dicts["m"][2],
        architecture_effects=dicts["a"][0], architecture_se=dicts["a"][1], architecture_counts=dicts["a"][2],
        architecture_manufacturer={str(a): str(m) for a, m in zip(unit_a, unit_m, strict=True) if a},
        tau2_manufacturer=fitted["m"][3], tau2_architecture=fitted["a"][3],
        year_effects=dicts["y"][0], year_se=dicts["y"][1], year_counts=dicts["y"][2],
        sigma2_hardware=sigma2, year_slope=year_slope,
        neighbour_points=rows.neighbour_points, neighbour_stats=rows.nb_stats,
        neighbour_residuals=unit_resid,
    )


def neighbour_space(feats: pd.DataFrame, stats: np.ndarray, encoded: Encoded | None = None) -> np.ndarray:
    """Accelerator coordinates for the neighbour effect: standardized log specs (NEIGHBOUR_FEATURES);
    ``stats`` rows are the training medians, means and scales."""
    values = (encoded or Encoded(feats)).numeric(NEIGHBOUR_FEATURES)
    values = np.where(np.isnan(values), stats[0], values)
    return (values - stats[1]) / stats[2]


def _neighbour_effect(model: FittedModel, feats: pd.DataFrame, encoded: Encoded | None = None) -> np.ndarray:
    """Kernel-weighted mean of training accelerators' residual efficiency, shrunk towards 0.

    effect(x) = sum_i k(x, x_i) r_i / (prior_weight + sum_i k(x, x_i)),  k = exp(-|x - x_i|^2 / (2 l^2))
    (a Nadaraya-Watson smoother with a pseudo-count: an accelerator unlike every training one gets ~0).
    """
    points, params = model.neighbour_points, model.params
    if len(points) == 0 or params.get("neighbour_prior_weight") is None:
        return np.zeros(len(feats))
    x = neighbour_space(feats, model.neighbour_stats, encoded)
    d2 = ((x[:, None, :] - points[None, :, :]) ** 2).sum(axis=2)
    k = np.exp(-d2 / (2.0 * params["neighbour_length_scale"] ** 2))
    return (k @ model.neighbour_residuals) / (params["neighbour_prior_weight"] + k.sum(axis=1))


def _effects(keys: np.ndarray, effects: dict[str, float]) -> np.ndarray:
    """Each key's effect, 0 where there is none (an unseen or missing key, or a missing effect)."""
    values = np.array([effects.get(k, np.nan) if isinstance(k, str) else np.nan for k in keys], dtype=float)
    return np.where(np.isnan(values), 0.0, values)


def predict_log_efficiency(model: FittedModel, feats: pd.DataFrame, encoded: Encoded | None = None) -> np.ndarray:
    """The model's log efficiency of every row (before the clip at the roofline and the anchor). ``encoded``:
    the :class:`Encoded` columns of ``feats`` when several models predict the same rows."""
    encoded = encoded or Encoded(feats)
    design = design_matrix(
        feats, model.bench_levels, model.feature_names, model.feature_medians, model.feature_means,
        model.feature_scales, model.params, model.class_levels, encoded,
    )
    fixed = design @ model.coef + model.intercept
    u_m = _effects(encoded.text("manufacturer_key"), model.manufacturer_effects)
    u_a = _effects(encoded.text("architecture_key"), model.architecture_effects)
    u_y = _effects(encoded._get(("year",), lambda: _year_key(feats)), model.year_effects)
    return fixed + u_m + u_a + u_y + _neighbour_effect(model, feats, encoded)


def _year_key(feats: pd.DataFrame) -> np.ndarray:
    """Release year as a category key ('2024'), '' when unknown (no year factor)."""
    if "release_year" in feats:
        year = pd.to_numeric(feats["release_year"], errors="coerce")
    else:
        year = pd.Series(np.nan, index=feats.index)
    values = year.to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(values)
    out = np.full(len(values), "", dtype=object)
    out[known] = [str(int(v)) for v in values[known]]
    return out


def oof_log_efficiency(
    feats: pd.DataFrame,
    y: np.ndarray,
    params: dict[str, Any],
    group_col: str,
    n_splits: int | None = None,
    split_keys: np.ndarray | None = None,
) -> np.ndarray:
    """Out-of-fold predicted log efficiency (clipped at 0, as in prediction), folds grouped by accelerator.

    ``n_splits`` None: leave one fold key out; else GroupKFold(n_splits). Fold keys: ``split_keys`` when given
    (e.g. intervals.architecture_split_keys), else the accelerator. NaN where a fold could not be fitted (fewer
    than two accelerators in its training rows).
    """
    return oof_by_configuration(feats, y, {"": params}, group_col, n_splits, split_keys)[""]


def oof_by_configuration(
    feats: pd.DataFrame,
    y: np.ndarray,
    configurations: dict[str, dict[str, Any]],
    group_col: str,
    n_splits: int | None = None,
    split_keys: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """:func:`oof_log_efficiency` of several configurations (name -> params) on the same folds: each fold's rows,
    weights and :class:`Rows` are computed once and serve every configuration (the same figures as one call per
    configuration)."""
    configurations = {name: {**DEFAULT_PARAMS, **params} for name, params in configurations.items()}
    groups = feats[group_col].astype(str).to_numpy()
    keys = groups if split_keys is None else np.asarray(split_keys).astype(str)
    unique = np.unique(keys)
    oofs = {name: np.full(len(feats), np.nan) for name in configurations}
    if len(unique) < 2:
        return oofs
    if n_splits is None or n_splits >= len(unique):
        splits = ((np.flatnonzero(keys != g), np.flatnonzero(keys == g)) for g in unique)
    else:
        from sklearn.model_selection import GroupKFold  # scikit-learn only when fitting (what-if CLI: no import)

        splits = GroupKFold(n_splits=n_splits).split(feats, y, keys)
    for train_idx, test_idx in splits:
        if len(np.unique(groups[train_idx])) < 2:
            continue
        sub, test = feats.iloc[train_idx], feats.iloc[test_idx]
        weights = cell_weights(sub, group_col)
        rows, queries = Rows(sub, weights, group_col), Encoded(test)
        for name, p in configurations.items():
            model = fit_core(sub, y[train_idx], weights, group_col, p, rows=rows)
            oofs[name][test_idx] = predict_log_efficiency(model, test, queries)
    return {name: np.minimum(oof, 0.0) for name, oof in oofs.items()}


def fit(
    feats: pd.DataFrame,
    params: dict[str, Any],
    *,
    workloads: pd.DataFrame,
    calibration: pd.DataFrame | None = None,
    anchor_weight: float = 1.0,
    references: dict[str, list] | None = None,
) -> FittedModel:
    """Fit on the rows of a built feature frame (python_ml.features.build_features; unusable rows left out).

    ``workloads``: the table the features were built with (kept for prediction requests).
    ``calibration``: errors on accelerators the model did not see, for the support-conditional conformal
    intervals — out-of-fold predictions of python_ml.modeling.validation (its 'loao' and 'loarch' rows) or
    the frame model selection returns (intervals.CALIBRATION_COLUMNS). Without it, out-of-fold errors on
    accelerator-grouped folds of the training rows are used.
    ``anchor_weight``: the model's weight in new-architecture predictions (1 = no anchor); ``references``: the
    reference-scaling table of these rows when the caller has it already (else computed when needed).
    """
    p = {**DEFAULT_PARAMS, **params}
    group_col = resolve_group_col(feats, p)
    rows, y, usable = training_target(feats)
    if rows.empty:
        raise ValueError("fit: no usable training rows (need a positive result and a roofline bound)")
    core = fit_core(rows, y, cell_weights(rows, group_col), group_col, p)
    class_quantiles, scores = _calibrate(rows, y, p, group_col, calibration)
    if anchor_weight < 1.0 and references is None:
        references = baselines.reference_table(rows, group_col, baselines.REFERENCE_PATTERN)
    return replace(
        core,
        params=json_friendly(p),
        year_slope_se=_year_slope_se(rows, y, p, group_col),
        years_seen=sorted(float(v) for v in rows["release_year"].dropna().unique()) if "release_year" in rows else [],
        conformal_quantiles=class_quantiles[intervals.WELL_SUPPORTED],
        calibration_residuals=scores,
        workloads={c: workloads[c].tolist() for c in workloads.columns},
        training_rows=len(rows),
        training_groups=int(rows[group_col].astype(str).nunique()),
        dropped_rows=int((~usable).sum()),
        class_quantiles=class_quantiles,
        architecture_groups=intervals.architecture_groups(rows, group_col),
        anchor_weight=float(anchor_weight),
        anchor_references=references if anchor_weight < 1.0 else {},
        spec_ranges=_spec_ranges(rows, core.feature_names),
        max_accelerators=float(rows["accelerator_count"].max()) if "accelerator_count" in rows else float("nan"),
        architecture_workloads={
            str(a): sorted(part["bench_scenario"].astype(str).unique())
            for a, part in rows.groupby(rows["architecture_key"].astype(str)) if a
        },
        max_log_efficiency={str(k): float(v) for k, v in pd.Series(y, index=rows.index).groupby(
            rows["bench_scenario"].astype(str)).max().items()},
    )


def _calibrate(rows: pd.DataFrame, y: np.ndarray, p: dict[str, Any], group_col: str,
               calibration: pd.DataFrame | None) -> tuple[dict[str, dict[str, float]], np.ndarray]:
    """Per-class conformal quantiles and the leave-one-accelerator-out scores behind them."""
    groups = rows[group_col].astype(str).to_numpy()
    calib = intervals.calibration_frame(calibration, group_col)
    if calib.empty and len(np.unique(groups)) >= 2:
        oof = oof_log_efficiency(rows, y, p, group_col, n_splits=int(p["conformal_folds"]))
        ok = np.isfinite(oof)
        calib = pd.DataFrame(
            {"protocol": "loao", "group": groups[ok], "interval_class": intervals.WELL_SUPPORTED,
             "score": intervals.oof_scores(y, oof)}
        )
    class_quantiles = intervals.interval_quantiles(calib, p["coverage_levels"])
    return class_quantiles, calib.loc[calib["protocol"] == "loao", "score"].to_numpy(float)


def _year_slope_se(rows: pd.DataFrame, y: np.ndarray, p: dict[str, Any], group_col: str) -> float:
    """Standard error of the year slope: cluster bootstrap over accelerators (n_bootstrap resamples)."""
    groups = rows[group_col].astype(str).to_numpy()
    slopes = []
    rng = np.random.default_rng(p["random_state"])
    unique_groups, group_of_row = np.unique(groups, return_inverse=True)
    rows_of = dict(zip(unique_groups, np.split(np.argsort(group_of_row, kind="stable"),
                                               np.cumsum(np.bincount(group_of_row))[:-1]), strict=True))
    for _ in range(int(p["n_bootstrap"])):
        picked = rng.choice(unique_groups, size=len(unique_groups), replace=True)
        # the picked accelerators' rows, one copy per draw (a copy is its own accelerator), selected at once
        parts = [rows_of[g] for g in picked]
        idx = np.concatenate(parts)
        boot = rows.iloc[idx].reset_index(drop=True)
        boot[group_col] = np.repeat([f"{g}#{copy}" for copy, g in enumerate(picked)], [len(part) for part in parts])
        if boot["year_c"].nunique(dropna=True) < 2:
            continue
        boot_model = fit_core(boot, y[idx], cell_weights(boot, group_col), group_col,
                              {**p, "backfit_iterations": 2})
        slopes.append(boot_model.year_slope)
    return float(np.std(slopes, ddof=1)) if len(slopes) >= 2 else float("nan")


def _spec_ranges(feats: pd.DataFrame, names: list[str]) -> dict[str, list[float]]:
    ranges = {}
    for name in RANGE_CHECKED_FEATURES:
        values = feats[name].to_numpy(dtype=float) if name in names and name in feats else np.array([])
        values = values[np.isfinite(values)]
        if len(values):
            ranges[name] = [float(values.min()), float(values.max())]
    return ranges
