"""FP32 / FP16 throughput estimates for GPUs that have benchmark scores but no published spec sheet.

Pure pandas + scikit-learn; no SQL, no I/O. The pipeline reads the input frame from the warehouse (the wide hardware
model, python_ml.dataset.HARDWARE_SPECS_MODEL), calls :func:`fit_and_estimate` and writes the two frames it returns
into the ``ml`` schema as the dbt sources ``python_ml.throughput_estimates`` and
``python_ml.throughput_estimate_cv``; the dbt models under models/intermediate/imputation/ read them back,
always with the provenance ``imputed:regression_g3d`` and the cross-validated error next to the value.

Method (per target, FP32 and FP16 TFLOP/s):

1. One performance score per product from whatever benchmarks it has. Each compute-API score (CUDA, OpenCL,
   Vulkan, Metal) and the G2D mark is mapped onto the G3D scale by a log-log line fitted on products that have
   both (this uses no throughput, so no target leaks); the product's score is the mean of its log10 G3D and
   its mapped scores. Products without any score get no estimate.
2. FP32: a ridge regression of log10(FP32) on the score, the reference year (release year, else first
   PassMark test year) and the manufacturer (NVIDIA / AMD / Intel / other), fitted on products with a
   reported FP32 (method ``regression_g3d``).
3. FP16: the FP16/FP32 ratio differs by two orders of magnitude between architectures (1/64 on consumer
   Pascal, 1 on consumer Ampere, 2 on Turing), which no benchmark score shows, so FP16 is the FP32 estimate
   times the architecture's median reported FP16/FP32 ratio (``regression_g3d_architecture_ratio``; at least
   2 products of the architecture with both, the same rule as the SQL imputation), else times the fixed
   factor 2 (``regression_g3d_fixed_factor_2x``; both figures are the dbt vars the SQL rule reads, passed in
   as :class:`RatioRule` by the training run from python_ml.config), evaluated on every product with a
   reported FP16). A direct regression of FP16 on the score is evaluated too and reported, but not used: its
   error is several times larger.
4. Honest error by GROUPED cross-validation: leave one architecture out (products without an architecture are
   their own group), so no product is estimated by a regression that saw its architecture-mates; the ratio of
   a held-out product comes from the OTHER products of its architecture. Reported per quantity and method as
   median absolute percentage error, share within +-25 %, 90th percentile and n, and for FP32 also per market
   segment (method ``regression_g3d@<segment>``, when the input has a ``segment`` column and the segment has at
   least MIN_SEGMENT_EVALUATED out-of-fold products). The 80 % interval of an estimate comes from the 10th /
   90th percentiles of the out-of-fold log10 errors of its segment where measured, else of its method.
5. Honest coverage of that interval: on the errors its quantiles come from it covers 80 % by construction, so
   each cv row measures it nested by architecture group (each held-out group's rows against the quantiles of
   the other groups' errors: ``coverage_80_uncorrected``). Where that is more than COVERAGE_TOLERANCE from
   nominal, both ends move by a split-conformal log10 margin over groups (``conformal_log10_margin``; learned
   on every group for the estimates, and without the held-out group for the re-measured ``coverage_80``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from python_ml import scoring
from python_ml.config import MLSettings

METHOD = "regression_g3d"
CV_SCHEME = "leave_one_architecture_out"
TARGETS = ("fp32_tflops", "fp16_tflops")
SCORE_COLUMNS = ("cuda_score", "opencl_score", "vulkan_score", "metal_score", "g2d_mark")
MANUFACTURERS = ("nvidia", "amd", "intel")
FEATURES = ("log10_score", "reference_year", *(f"is_{m}" for m in MANUFACTURERS))
REQUIRED_COLUMNS = (
    "hardware_id", "architecture_id", "manufacturer_id", "reference_year", "g3d_mark", *SCORE_COLUMNS, *TARGETS,
)
MIN_CALIBRATION_PAIRS = 10
RIDGE_ALPHA = 1.0
# market segments (dim_hardware_specs.segment) an FP32 estimate's error and interval are measured for: a
# segment with at least MIN_SEGMENT_EVALUATED out-of-fold products gets its own cv row (method
# '<method>@<segment>'), and its estimates take that row's error and interval; the others take the method's
SEGMENT_COLUMN = "segment"
MIN_SEGMENT_EVALUATED = 10
# the interval of an estimate: the 10th / 90th percentiles of the out-of-fold log10 errors (nominal 80 %). Its
# coverage is measured NESTED by architecture group (the held-out group's rows against the quantiles of the OTHER
# groups' errors), since on the errors the quantiles come from it is 80 % by construction; where that coverage is
# more than COVERAGE_TOLERANCE from nominal, both ends move out (or in) by a conformal log10 margin (see
# _conformal_margin), learned inside the nesting for the measurement and on every group for the estimates
INTERVAL_QUANTILES = (0.10, 0.90)
NOMINAL_COVERAGE = 0.80
COVERAGE_TOLERANCE = 0.05
MIN_COVERAGE_GROUPS = 3

ESTIMATE_COLUMNS = [
    "throughput_estimate_id", "hardware_id", "quantity", "estimated_value", "method", "value_provenance",
    "expected_absolute_percentage_error", "interval_80_low", "interval_80_high", "score_count",
    "is_out_of_domain", "training_count", "estimated_at",
]
CV_COLUMNS = [
    "throughput_estimate_cv_id", "quantity", "method", "cv_scheme", "evaluated_count", "group_count",
    "median_absolute_percentage_error", "share_within_25_percent", "p90_absolute_percentage_error",
    "log10_error_p10", "log10_error_p90", "coverage_80_uncorrected", "conformal_log10_margin", "coverage_80",
    "is_used", "features", "estimated_at",
]


@dataclass(frozen=True)
class RatioRule:
    """The FP16/FP32 ratio rule shared with the SQL imputation (dbt vars in dbt_project.yml)."""

    fixed_fp16_factor: float  # imputation_ratio_targets.fp16_tflops
    min_ratio_pairs: int  # imputation_min_ratio_pairs

    @classmethod
    def from_settings(cls, settings: MLSettings) -> RatioRule:
        return cls(settings.imputation_fixed_fp16_factor, settings.imputation_min_ratio_pairs)

    @property
    def fixed_factor_method(self) -> str:
        return f"{METHOD}_fixed_factor_{self.fixed_fp16_factor:g}x"


def _positive_log10(series: pd.Series) -> pd.Series:
    values = pd.to_numeric(series, errors="coerce").astype(float)
    return np.log10(values.where(values > 0))


def performance_score(frame: pd.DataFrame) -> pd.DataFrame:
    """log10 score on the G3D scale per product and the number of benchmarks behind it.

    Each other score is mapped to log10 G3D by ordinary least squares in log-log space over the products that
    have both; a score with fewer than MIN_CALIBRATION_PAIRS such products is not used.
    """
    log_g3d = _positive_log10(frame["g3d_mark"])
    mapped = [log_g3d.rename("g3d_mark")]
    for column in SCORE_COLUMNS:
        log_score = _positive_log10(frame[column])
        both = log_g3d.notna() & log_score.notna()
        if both.sum() < MIN_CALIBRATION_PAIRS:
            continue
        slope, intercept = np.polyfit(log_score[both], log_g3d[both], 1)
        mapped.append((intercept + slope * log_score).rename(column))
    stacked = pd.concat(mapped, axis=1)
    return pd.DataFrame(
        {"log10_score": stacked.mean(axis=1, skipna=True), "score_count": stacked.notna().sum(axis=1)},
        index=frame.index,
    )


def _design(frame: pd.DataFrame) -> pd.DataFrame:
    design = performance_score(frame)
    design["reference_year"] = pd.to_numeric(frame["reference_year"], errors="coerce").astype(float)
    manufacturer = frame["manufacturer_id"].fillna("").astype(str)
    for name in MANUFACTURERS:
        design[f"is_{name}"] = (manufacturer == name).astype(float)
    design["group"] = frame["architecture_id"].where(
        frame["architecture_id"].notna(), "hardware:" + frame["hardware_id"].astype(str)
    )
    return design


def _model():
    return make_pipeline(StandardScaler(), Ridge(alpha=RIDGE_ALPHA))


def _usable(design: pd.DataFrame) -> pd.Series:
    return design["log10_score"].notna() & design["reference_year"].notna()


def _leave_one_group_out(design: pd.DataFrame, target: pd.Series, train: pd.Series, rows: pd.Series) -> pd.Series:
    """log10 estimates for ``rows``, each from a regression fitted on ``train`` rows of OTHER groups only."""
    features = list(FEATURES)
    estimate = pd.Series(np.nan, index=design.index)
    for group in design.loc[rows, "group"].unique():
        fit_rows = train & (design["group"] != group)
        in_group = rows & (design["group"] == group)
        model = _model().fit(design.loc[fit_rows, features], target[fit_rows])
        estimate[in_group] = model.predict(design.loc[in_group, features])
    return estimate


def _architecture_ratios(frame: pd.DataFrame, leave_one_out: bool, min_pairs: int) -> pd.Series:
    """Median reported FP16/FP32 ratio of the product's architecture (null when fewer than ``min_pairs``
    products of it have both); with leave_one_out the product's own pair is excluded."""
    fp32 = pd.to_numeric(frame["fp32_tflops"], errors="coerce")
    fp16 = pd.to_numeric(frame["fp16_tflops"], errors="coerce")
    ratio = (fp16 / fp32).where((fp32 > 0) & (fp16 > 0))
    result = pd.Series(np.nan, index=frame.index)
    for _, members in frame.groupby("architecture_id", dropna=True).groups.items():
        for idx in members:
            others = ratio[members].drop(idx) if leave_one_out else ratio[members]
            others = others.dropna()
            if len(others) >= min_pairs:
                result[idx] = float(others.median())
    return result


def _segments(frame: pd.DataFrame) -> pd.Series:
    """The market segment per product (data_centre / workstation / desktop / mobile / integrated); all null when
    the input has no segment column."""
    if SEGMENT_COLUMN not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="object")
    return frame[SEGMENT_COLUMN].astype("object").where(frame[SEGMENT_COLUMN].notna())


def _segment_method(method: str, segment: str) -> str:
    return f"{method}@{segment}"


def _interval_ends(log_error: np.ndarray) -> tuple[float, float]:
    low, high = np.quantile(log_error, INTERVAL_QUANTILES)
    return float(low), float(high)


def _conformal_margin(log_error: np.ndarray, groups: np.ndarray) -> float:
    """Signed log10 margin that brings the leave-one-group-out coverage of the quantile interval to nominal.

    Split-conformal by group: each row's nonconformity score is how far it lies outside the interval built from
    the OTHER groups' errors (max(low - e, e - high); negative inside), and the margin is the
    ceil((n + 1) x nominal)-th smallest score, so [low - margin, high + margin] covers at least the nominal share
    of the rows of a group the quantiles did not see (exchangeable groups). Negative when the interval over-covers.
    """
    scores = []
    for group in np.unique(groups):
        held = groups == group
        low, high = _interval_ends(log_error[~held])
        scores.append(np.maximum(low - log_error[held], log_error[held] - high))
    ordered = np.sort(np.concatenate(scores))
    rank = min(int(np.ceil((len(ordered) + 1) * NOMINAL_COVERAGE)), len(ordered))
    return float(ordered[rank - 1])


def _nested_coverage(log_error: np.ndarray, groups: np.ndarray, corrected: bool) -> float:
    """Share of rows inside the interval built without their architecture group: for each held-out group, the
    quantiles (and, when ``corrected``, the conformal margin) come from the other groups' errors only."""
    covered = 0
    for group in np.unique(groups):
        held = groups == group
        low, high = _interval_ends(log_error[~held])
        margin = _conformal_margin(log_error[~held], groups[~held]) if corrected else 0.0
        covered += int(((log_error[held] >= low - margin) & (log_error[held] <= high + margin)).sum())
    return covered / len(log_error)


def interval_calibration(log_error: pd.Series, groups: pd.Series) -> dict:
    """Nested coverage of the 80 % interval, and the conformal margin applied when it is off by more than
    COVERAGE_TOLERANCE: coverage_80_uncorrected (quantiles only), conformal_log10_margin (0 when not applied) and
    coverage_80 (the interval as used, margin learned inside the nesting). Nulls with fewer than
    MIN_COVERAGE_GROUPS groups (no held-out group would have two others to learn from)."""
    errors, labels = log_error.to_numpy(dtype=float), groups.astype(str).to_numpy()
    if len(np.unique(labels)) < MIN_COVERAGE_GROUPS:
        return {"coverage_80_uncorrected": np.nan, "conformal_log10_margin": 0.0, "coverage_80": np.nan}
    uncorrected = _nested_coverage(errors, labels, corrected=False)
    if abs(uncorrected - NOMINAL_COVERAGE) <= COVERAGE_TOLERANCE:
        return {"coverage_80_uncorrected": uncorrected, "conformal_log10_margin": 0.0, "coverage_80": uncorrected}
    return {
        "coverage_80_uncorrected": uncorrected,
        "conformal_log10_margin": _conformal_margin(errors, labels),
        "coverage_80": _nested_coverage(errors, labels, corrected=True),
    }


def _cv_row(quantity: str, method: str, log_error: pd.Series, groups: pd.Series, used: bool, stamp) -> dict:
    ape = scoring.ape(10.0**log_error, 1.0)  # log_error = log10(estimate / reported)
    return {
        "throughput_estimate_cv_id": f"{quantity}:{method}",
        "quantity": quantity,
        "method": method,
        "cv_scheme": CV_SCHEME,
        "evaluated_count": int(len(log_error)),
        "group_count": int(groups.nunique()),
        "median_absolute_percentage_error": float(np.median(ape)),
        "share_within_25_percent": scoring.share_within(ape),
        "p90_absolute_percentage_error": float(np.quantile(ape, 0.90)),
        "log10_error_p10": float(np.quantile(log_error, 0.10)),
        "log10_error_p90": float(np.quantile(log_error, 0.90)),
        **interval_calibration(log_error, groups),
        "is_used": used,
        "features": ", ".join(FEATURES),
        "estimated_at": stamp,
    }


def fit_and_estimate(
    hardware_inputs: pd.DataFrame, rule: RatioRule, estimated_at: datetime | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Estimate FP32 and FP16 TFLOP/s for products with benchmark scores but no reported FP32.

    Parameters
    ----------
    hardware_inputs:
        One row per product, as the wide hardware model (python_ml.dataset.HARDWARE_SPECS_MODEL)
        (extra columns are ignored):
        ``hardware_id`` (key), ``architecture_id`` (null = unknown; the cross-validation group),
        ``manufacturer_id``, ``reference_year`` (calendar year: release year, else first PassMark test year),
        ``g3d_mark`` and ``g2d_mark`` (PassMark, unitless), ``cuda_score`` / ``opencl_score`` /
        ``vulkan_score`` / ``metal_score`` (compute-API scores, unitless), and the reported
        ``fp32_tflops`` / ``fp16_tflops`` (TFLOP/s, null when not published).
    rule:
        The FP16/FP32 ratio rule (fixed factor, minimum products with both figures per architecture).
    estimated_at:
        Timestamp written on every row (UTC, naive); defaults to now.

    Returns
    -------
    (estimates, cv_metrics)
        ``estimates``: one row per product and quantity (fp32_tflops, fp16_tflops) for every product WITHOUT a
        reported FP32 that has a score and a year (products with a reported FP32 get their FP16 from the SQL
        rules): ``estimated_value`` (TFLOP/s), ``method``, ``value_provenance`` ('imputed:<method>'),
        ``expected_absolute_percentage_error`` (the method's grouped-CV median, fraction), ``interval_80_low`` /
        ``interval_80_high`` (TFLOP/s), ``score_count`` (benchmarks behind the score), ``is_out_of_domain``
        (score or year outside the FP32 training range), ``training_count``, ``estimated_at``.
        ``cv_metrics``: one row per quantity and method with the leave-one-architecture-out error:
        ``evaluated_count`` (n), ``group_count``, ``median_absolute_percentage_error``,
        ``share_within_25_percent``, ``p90_absolute_percentage_error``, ``log10_error_p10`` / ``_p90``,
        ``is_used`` (False for the direct FP16 regression, evaluated for comparison only), ``features``.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in hardware_inputs.columns]
    if missing:
        raise ValueError(f"hardware_inputs lacks column(s) {missing}")
    stamp = (estimated_at or datetime.now(UTC)).replace(tzinfo=None)
    frame = hardware_inputs.reset_index(drop=True)
    design = _design(frame)
    usable = _usable(design)
    features = list(FEATURES)
    log_fp32 = _positive_log10(frame["fp32_tflops"])
    log_fp16 = _positive_log10(frame["fp16_tflops"])

    train = usable & log_fp32.notna()
    if train.sum() < 5 or design.loc[train, "group"].nunique() < 3:
        raise ValueError(f"too few products to estimate FP32: {int(train.sum())} with a score and a value")

    # --- grouped cross-validation
    fp32_oof = _leave_one_group_out(design, log_fp32, train, usable)
    cv_rows = [_cv_row("fp32_tflops", METHOD, (fp32_oof - log_fp32)[train], design.loc[train, "group"], True, stamp)]
    segments = _segments(frame)
    for segment in sorted(segments[train].dropna().unique()):
        rows = train & (segments == segment)
        if rows.sum() >= MIN_SEGMENT_EVALUATED:
            cv_rows.append(_cv_row(
                "fp32_tflops", _segment_method(METHOD, segment), (fp32_oof - log_fp32)[rows],
                design.loc[rows, "group"], True, stamp,
            ))

    fp16_eval = usable & log_fp16.notna()
    ratio_loo = _architecture_ratios(frame, leave_one_out=True, min_pairs=rule.min_ratio_pairs)
    # the fixed factor is evaluated on every product with a reported FP16 (few lack an architecture ratio)
    for method, log_ratio, rows in (
        (f"{METHOD}_architecture_ratio", np.log10(ratio_loo), fp16_eval & ratio_loo.notna()),
        (rule.fixed_factor_method, np.log10(rule.fixed_fp16_factor), fp16_eval),
    ):
        if rows.sum() >= 3:
            log_error = (fp32_oof + log_ratio - log_fp16)[rows]
            cv_rows.append(_cv_row("fp16_tflops", method, log_error, design.loc[rows, "group"], True, stamp))
    if fp16_eval.sum() >= 5 and design.loc[fp16_eval, "group"].nunique() >= 3:
        direct = _leave_one_group_out(design, log_fp16, fp16_eval, fp16_eval)
        cv_rows.append(_cv_row(
            "fp16_tflops", METHOD, (direct - log_fp16)[fp16_eval], design.loc[fp16_eval, "group"], False, stamp
        ))
    cv_metrics = pd.DataFrame(cv_rows, columns=CV_COLUMNS)
    errors = cv_metrics.set_index("throughput_estimate_cv_id")

    # --- estimates for products without a reported FP32
    predict = usable & log_fp32.isna()
    if not predict.any():
        return pd.DataFrame(columns=ESTIMATE_COLUMNS), cv_metrics
    model = _model().fit(design.loc[train, features], log_fp32[train])
    x_new = design.loc[predict, ["log10_score", "reference_year"]]
    bounds = design.loc[train, ["log10_score", "reference_year"]]
    out_of_domain = ((x_new < bounds.min()) | (x_new > bounds.max())).any(axis=1)
    fp32_estimate = pd.Series(10.0 ** model.predict(design.loc[predict, features]), index=x_new.index)
    ratio_full = _architecture_ratios(frame, leave_one_out=False, min_pairs=rule.min_ratio_pairs)[predict]
    fp16_method = np.where(ratio_full.notna(), f"{METHOD}_architecture_ratio", rule.fixed_factor_method)
    parts = []
    for quantity, values, methods in (
        ("fp32_tflops", fp32_estimate, np.full(len(x_new), METHOD)),
        ("fp16_tflops", fp32_estimate * ratio_full.fillna(rule.fixed_fp16_factor), fp16_method),
    ):
        part = pd.DataFrame({
            "throughput_estimate_id": frame.loc[predict, "hardware_id"].astype(str) + ":" + quantity,
            "hardware_id": frame.loc[predict, "hardware_id"].astype(str),
            "quantity": quantity,
            "estimated_value": values,
            "method": methods,
        })
        part = part[part["method"].map(lambda m, quantity=quantity: f"{quantity}:{m}" in errors.index)]
        keys = quantity + ":" + part["method"]
        # the error of the product's segment where it was measured, else the method's
        segment_keys = quantity + ":" + part["method"] + "@" + segments[part.index].fillna("")
        keys = segment_keys.where(segment_keys.isin(errors.index), keys)
        # the CV error is estimate minus reported (log10), so the interval is estimate / 10**error, widened by the
        # row's conformal margin (0 where the nested coverage was within tolerance)
        part["value_provenance"] = "imputed:" + part["method"]
        part["expected_absolute_percentage_error"] = errors.loc[keys, "median_absolute_percentage_error"].to_numpy()
        margin = errors.loc[keys, "conformal_log10_margin"].to_numpy()
        part["interval_80_low"] = part["estimated_value"] / 10.0 ** (
            errors.loc[keys, "log10_error_p90"].to_numpy() + margin)
        part["interval_80_high"] = part["estimated_value"] / 10.0 ** (
            errors.loc[keys, "log10_error_p10"].to_numpy() - margin)
        part["score_count"] = design.loc[part.index, "score_count"].astype("int64")
        part["is_out_of_domain"] = out_of_domain[part.index].astype(bool)
        part["training_count"] = int(train.sum())
        part["estimated_at"] = stamp
        parts.append(part)
    estimates = pd.concat(parts, ignore_index=True)
    return estimates[ESTIMATE_COLUMNS], cv_metrics
