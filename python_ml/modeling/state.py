"""The model's configuration (DEFAULT_PARAMS, the declared knobs every candidate overrides) and its fitted
state (:class:`FittedModel`), ONE dataclass from the inner fit of a fold to the saved artifact (python_ml.registry)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from python_ml.features import COMPACT_FEATURES

TRUSTED_TYPES = [
    "python_ml.modeling.state.FittedModel",
]

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


def default_params() -> dict[str, Any]:
    """A JSON-friendly copy of DEFAULT_PARAMS (tuples as lists)."""
    return json_friendly(DEFAULT_PARAMS)


def json_friendly(params: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}


@dataclass
class FittedModel:
    """Fitted state: numpy arrays + plain dicts/lists, so that python_ml.registry can persist it without pickle
    (``registry.load_artifact(folder, version, TRUSTED_TYPES)``). The inner fit (estimator.fit_core) fills the
    estimator's fields; estimator.fit adds the calibration, the anchor and what prediction requests need."""

    params: dict[str, Any]
    group_col: str
    feature_names: list[str]
    bench_levels: list[str]
    class_levels: list[str]
    feature_medians: np.ndarray
    feature_means: np.ndarray
    feature_scales: np.ndarray
    coef: np.ndarray  # ridge coefficients over the design_matrix columns
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
    neighbour_points: np.ndarray
    neighbour_stats: np.ndarray  # rows: medians, means, scales of NEIGHBOUR_FEATURES
    neighbour_residuals: np.ndarray
    # --- filled by fit()
    year_slope_se: float = float("nan")
    years_seen: list[float] = field(default_factory=list)
    conformal_quantiles: dict[str, float] = field(default_factory=dict)
    calibration_residuals: np.ndarray = field(default_factory=lambda: np.zeros(0))
    workloads: dict[str, list] = field(default_factory=dict)
    training_rows: int = 0
    training_groups: int = 0
    dropped_rows: int = 0
    # support-conditional (Mondrian) conformal quantiles: support class -> level -> quantile
    class_quantiles: dict[str, dict[str, float]] = field(default_factory=dict)
    # architecture key -> training accelerator ids (the support of a new query is counted from this)
    architecture_groups: dict[str, list[str]] = field(default_factory=dict)
    # extrapolation anchor for new-architecture rows (extrapolation.ANCHOR_WEIGHTS): weight of the model's own
    # prediction and the references of reference scaling (baselines.reference_table of the training rows)
    anchor_weight: float = 1.0
    anchor_references: dict[str, list] = field(default_factory=dict)
    # RANGE_CHECKED_FEATURES the model uses -> [min, max] over the training rows (log scale)
    spec_ranges: dict[str, list[float]] = field(default_factory=dict)
    # the most accelerators any training system had (per node x nodes): a query beyond it is out of domain
    max_accelerators: float = float("nan")
    # software drift (python_ml.modeling.drift): log change per round step, the round index the training rows
    # were normalised to (a prediction's default round), the round-over-round pairs it was learned from, and
    # round name -> round index of the training history
    # architecture key -> bench_scenario levels its training accelerators ran (a family that never ran a workload
    # is out of domain for it), and bench_scenario -> the highest log efficiency any training row reached (a
    # prediction is capped there: no chip is predicted more efficient than every measured chip)
    architecture_workloads: dict[str, list[str]] = field(default_factory=dict)
    max_log_efficiency: dict[str, float] = field(default_factory=dict)
    # python_ml.precisions rules (benchmark x chip family x first round -> precision bits) the model was trained
    # with: a prediction request's roofline uses them too
    precision_rules: dict[str, list] = field(default_factory=dict)
    drift_per_round: float = 0.0
    drift_round: float = float("nan")
    drift_pairs: int = 0
    round_indexes: dict[str, float] = field(default_factory=dict)

    def workloads_frame(self) -> pd.DataFrame:
        """The workload figures the model was trained with (prediction requests build their features on them)."""
        return pd.DataFrame(self.workloads)
