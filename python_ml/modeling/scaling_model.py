"""The multi-accelerator scaling model: per-card efficiency of an n-card system relative to one card, by
interconnect class, fitted from MLPerf's measured scaling pairs, and its forward-by-round validation.

Data: marts.ml_mlperf_scaling_pairs (one row per measured pair: a system of n accelerators of one chip against
the smallest system of that chip on the same benchmark, scenario and round; ``scaling_efficiency`` = per-card
result at n / per-card result of the smallest system, 1 = linear).

Model (declared once here): the log per-card efficiency falls (or rises) by a constant amount per doubling of the
system, one slope per interconnect class (python_ml.modeling.scaling.INTERCONNECT_CLASSES):

    log e(n | n0) = slope[class] x log2(n / n0)          so  e(n) = exp(slope[class] x log2 n)  relative to one card

Each pair's own slope is log(e) / log2(n / n0); a class's slope is the median of its pairs' slopes (robust to
the odd submission whose larger system ran better software), shrunk towards the median over every class by
PRIOR_PAIRS pseudo-pairs: slope = (k x class median + PRIOR_PAIRS x pooled median) / (k + PRIOR_PAIRS). A class
with no pair (and a query that does not give its interconnect, UNKNOWN_CLASS) takes the pooled slope; no pair at
all: slope 0 (linear). A positive slope (per card rising with more cards) is kept only when the pairs show it.

Validation (forward by round, as the throughput model's python_ml.modeling.validation): for every round k with
pairs in an earlier round, fit on the pairs of rounds < k only and predict the per-card efficiency of every pair
of round k, next to the naive baseline "linear scaling" (efficiency 1.0) on the same pairs. The error is in
POINTS of efficiency: |predicted - measured| x 100. Subsets: chips with no MLPerf result in any round before k
(``:new_chips``) and chips seen before (``:seen_chips``), each also per interconnect class.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from python_ml.modeling.scaling import INTERCONNECT_CLASSES, UNKNOWN_CLASS, interconnect_class

PRIOR_PAIRS = 3.0  # pseudo-pairs of the pooled slope in each class's estimate
PROTOCOL = "scaling_forward_by_round"
MODEL, LINEAR_BASELINE = "model", "baseline_linear_scaling"  # validation_metrics.model_or_baseline values
LINEAR = 1.0  # the baseline's per-card efficiency at every n
SYSTEM_SIZES = (2, 4, 8, 16)  # the sizes the efficiency table states
# ml.scaling_efficiency (ScalingModel.table, + model_version): the source yml, staging view and mart follow it
TABLE_COLUMNS = ("interconnect_class", "total_accelerators", "slope_per_doubling", "fitted_pairs",
                 "predicted_efficiency")


@dataclass(frozen=True)
class ScalingModel:
    """Slopes of log per-card efficiency per doubling, per interconnect class, and the pairs behind each."""

    slopes: dict[str, float] = field(default_factory=dict)
    pairs: dict[str, int] = field(default_factory=dict)
    pooled_slope: float = 0.0
    pooled_pairs: int = 0  # every pair (also those without a known interconnect): what the pooled slope rests on

    def slope(self, classes: np.ndarray) -> np.ndarray:
        return np.array([self.slopes.get(c, self.pooled_slope) for c in classes], dtype=float)

    def efficiency(self, classes: np.ndarray, accelerators: np.ndarray,
                   reference: np.ndarray | float = 1.0) -> np.ndarray:
        """Predicted per-card efficiency of ``accelerators`` cards relative to ``reference`` cards."""
        doublings = np.log2(np.asarray(accelerators, float) / np.asarray(reference, float))
        return np.exp(self.slope(np.asarray(classes, dtype=object)) * doublings)

    def table(self) -> pd.DataFrame:
        """Per interconnect class (and UNKNOWN_CLASS: every class pooled) x SYSTEM_SIZES: the efficiency vs 1 card."""
        classes = [name for name, _ in INTERCONNECT_CLASSES] + [UNKNOWN_CLASS]
        rows = [{"interconnect_class": c, "total_accelerators": n, "slope_per_doubling": self.slope(np.array([c]))[0],
                 "fitted_pairs": self.pairs.get(c, self.pooled_pairs),
                 "predicted_efficiency": float(self.efficiency(np.array([c]), np.array([n]))[0])}
                for c in classes for n in SYSTEM_SIZES]
        return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def prepare(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs with typed columns, ``interconnect_class`` and each pair's own ``pair_slope`` (usable pairs only:
    a positive efficiency and a larger system than the reference)."""
    out = pairs.copy()
    for column in ("total_accelerators", "reference_accelerators", "scaling_efficiency", "round_order",
                   "chip_first_round_order"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    out["interconnect_class"] = interconnect_class(out["intranode_bandwidth_gb_per_s"])
    usable = (out["scaling_efficiency"] > 0) & (out["total_accelerators"] > out["reference_accelerators"]) & (
        out["reference_accelerators"] > 0)
    out = out[usable].copy()
    out["doublings"] = np.log2(out["total_accelerators"] / out["reference_accelerators"])
    out["pair_slope"] = np.log(out["scaling_efficiency"]) / out["doublings"]
    return out.reset_index(drop=True)


def fit(prepared: pd.DataFrame) -> ScalingModel:
    """The model from prepared pairs (:func:`prepare`)."""
    if prepared.empty:
        return ScalingModel()
    pooled = float(np.median(prepared["pair_slope"]))
    slopes, counts = {}, {}
    for name, part in prepared.groupby("interconnect_class"):
        if name == UNKNOWN_CLASS:
            continue  # a pair without a known interconnect informs only the pooled slope
        k = float(len(part))
        slopes[name] = (k * float(np.median(part["pair_slope"])) + PRIOR_PAIRS * pooled) / (k + PRIOR_PAIRS)
        counts[name] = int(k)
    return ScalingModel(slopes, counts, pooled, len(prepared))


def forward_predictions(prepared: pd.DataFrame) -> pd.DataFrame:
    """Every pair of a round that has pairs in an earlier round, predicted by the model fitted on the earlier
    rounds' pairs only (columns: the pair's, ``predicted_efficiency``, ``baseline_efficiency``,
    ``is_seen_in_training``, ``fold_round_order``, ``training_pairs``)."""
    parts = []
    rounds = sorted(prepared["round_order"].dropna().unique())
    for k in rounds[1:]:
        training = prepared[prepared["round_order"] < k]
        test = prepared[prepared["round_order"] == k].copy()
        model = fit(training)
        test["predicted_efficiency"] = model.efficiency(test["interconnect_class"].to_numpy(object),
                                                        test["total_accelerators"].to_numpy(float),
                                                        test["reference_accelerators"].to_numpy(float))
        test["baseline_efficiency"] = LINEAR
        test["is_seen_in_training"] = test["chip_first_round_order"] < k
        test["fold_round_order"] = k
        test["training_pairs"] = len(training)
        parts.append(test)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def forward_metrics(forward: pd.DataFrame, metric_columns: list[str]) -> pd.DataFrame:
    """validation_metrics rows of the forward predictions (the throughput model's forward-by-round metrics,
    python_ml.modeling.validation.forward_metrics): PROTOCOL, then ``:new_chips`` / ``:seen_chips``, each also
    ``…:interconnect:<class>``; model and LINEAR_BASELINE on the same pairs, errors also in points."""
    from python_ml.modeling import validation  # here: validation imports predict, which imports this module

    if forward.empty:
        return pd.DataFrame(columns=metric_columns)
    rows = validation.forward_metrics(
        forward, "hardware_id", protocol=PROTOCOL, by=("interconnect_class",),
        methods=((MODEL, "predicted_efficiency"), (LINEAR_BASELINE, "baseline_efficiency")),
        actual_col="scaling_efficiency", points=True,
    )
    return pd.DataFrame(rows, columns=metric_columns)
