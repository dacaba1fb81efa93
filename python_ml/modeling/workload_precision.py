"""Predicted throughput per hardware x MLPerf workload x precision the chip has: the roofline at that precision x
the model's learned efficiency, with intervals (issue 17, item 2).

The throughput model predicts each chip x benchmark x scenario at the precision MLPerf submissions ran at
(python_ml.precisions; the model's roofline bound in ``roofline_bound_per_accelerator``). For every precision p
the chip HAS (marts.ml_hardware_precisions: a peak figure at p; a precision it lacks has no row), the bound moves
by the roofline's own terms:

    compute bound at p   = compute bound at the submitted precision x peak(p) / peak(submitted)
    bandwidth bound at p = bandwidth bound at the submitted precision x bits(submitted) / bits(p)
    bound at p           = min(compute, bandwidth)           (no DRAM floor: the compute bound alone)

so a memory-bound workload gains only the byte ratio, a compute-bound one the FLOP/s ratio, and the prediction is
bound(p) x exp(the model's predicted log efficiency): the efficiency learned at the submitted precision, never
above the bound at p. ``precision_bound_ratio`` = bound(p) / bound(submitted).

Intervals: at the submitted precision the model's own interval ends; at another precision they are carried (x the
ratio) and WIDENED on the log scale by WIDENING x |log ratio| on each side (the high end still at most the bound
at p). WIDENING is an ASSUMPTION, not calibrated: no chip in the training rounds was measured on one benchmark at
two submission precisions (:func:`two_precision_groups` counts such groups; the training run logs it), so there is
nothing to calibrate it on. It says: the efficiency at another precision is uncertain by half the speed-up the
roofline promises (INT8 -> FP16 on a compute-bound workload: the 80 % interval widens by a factor 1.41 each side).
Where the model refused the submitted precision (the workload does not fit) the interval comes from the model's
conformal quantile of the row's support class.

Memory: the workload must fit the predicted system at p (``accelerators`` cards, the node the throughput model
predicts per accelerator in: python_ml.config SCORING_ACCELERATORS; python_ml.roofline.does_not_fit with the weights
at p's bits); a row that does not fit gets ``fits_in_memory`` false and no throughput. ``fits_on_one_accelerator``
says the same for a single card. Provenance: ``predicted:<model_version>`` at
the submitted precision, ``predicted:<model_version>+derived:roofline_precision_ratio`` otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_ml import roofline
from python_ml.modeling.domain import REFUSED

WIDENING = 0.5  # log half-width added per unit of |log bound ratio| (an assumption: see the module docstring)
INTERVALS = (("0.80", "pi80"), ("0.90", "pi90"))
RATIO_PROVENANCE = "derived:roofline_precision_ratio"
# the table's columns, declared once (the source yml, the staging view and the mart follow them)
COLUMNS = (
    "hardware_id", "benchmark_model", "scenario", "precision_id", "precision_bits", "units",
    "is_submitted_precision", "submitted_precision_bits", "peak_tera_ops_per_s", "compute_bound_per_accelerator",
    "bandwidth_bound_per_accelerator", "roofline_bound_per_accelerator", "roofline_regime", "precision_bound_ratio",
    "predicted_efficiency", "predicted_per_accelerator", "pi80_low", "pi80_high", "pi90_low", "pi90_high",
    "interval_widening_log", "accelerators", "required_memory_gb", "system_memory_gb", "fits_in_memory",
    "fits_on_one_accelerator", "interval_class",
    "is_out_of_domain", "out_of_domain_reason", "throughput_provenance", "model_version", "scored_at",
)
SUBMITTED_PEAK_TOLERANCE = 1e-9  # relative: p is the submitted precision when bits and peak equal the model's


def two_precision_groups(feats: pd.DataFrame) -> int:
    """Chip x benchmark x scenario groups of the training rows measured at two or more submission precisions (the
    data WIDENING could be calibrated on)."""
    bits = roofline.precision_bits(feats)
    groups = feats.assign(_bits=bits).groupby(["hardware_id", "benchmark_model", "scenario"])["_bits"].nunique()
    return int((groups >= 2).sum())


def _quantiles(model, classes: np.ndarray, level: str) -> np.ndarray:
    regular = model.conformal_quantiles.get(level, float("nan"))
    return np.array([model.class_quantiles.get(c, {}).get(level, regular) for c in classes], dtype=float)


def predictions(feats: pd.DataFrame, scored: pd.DataFrame, hardware_precisions: pd.DataFrame, model,
                run_values: dict[str, object]) -> pd.DataFrame:
    """The table (COLUMNS): one row per row of the scoring grid ``feats`` with a roofline bound x each precision its
    chip has. ``scored``: python_ml.modeling.predict.predict(model, feats) (same index); ``run_values``:
    model_version and scored_at."""
    grid = feats.assign(**{c: scored[c] for c in (
        "predicted_log_efficiency", "predicted_per_accelerator", "interval_class", "is_out_of_domain",
        "out_of_domain_reason", "units", *(f"{n}_{e}" for _, n in INTERVALS for e in ("low", "high")))})
    grid = grid[grid["roofline_bound_per_accelerator"].gt(0) & grid["predicted_log_efficiency"].notna()]
    chips = hardware_precisions[["hardware_id", "precision_id", "bits_per_value", "peak_tera_ops_per_s"]]
    rows = grid.reset_index(drop=True).merge(chips, on="hardware_id", how="inner", validate="many_to_many")
    rows = rows[rows["peak_tera_ops_per_s"].gt(0)].reset_index(drop=True)

    bits = rows["bits_per_value"].astype(float)
    bits_sub = rows["roofline_precision_bits"].astype(float)
    peak, peak_sub = rows["peak_tera_ops_per_s"].astype(float), rows["peak_ops_tops"].astype(float)
    compute = rows["compute_bound_per_accelerator"].astype(float) * peak / peak_sub
    bandwidth = rows["bandwidth_bound_per_accelerator"].astype(float) * bits_sub / bits
    bound = pd.concat([compute, bandwidth], axis=1).min(axis=1, skipna=True)
    ratio = bound / rows["roofline_bound_per_accelerator"].astype(float)
    submitted = (bits == bits_sub) & (np.abs(peak / peak_sub - 1.0) <= SUBMITTED_PEAK_TOLERANCE)

    efficiency = np.exp(rows["predicted_log_efficiency"].astype(float))
    pred = bound * efficiency
    widening = np.where(submitted, 0.0, WIDENING * np.abs(np.log(ratio)))
    at_p = rows.assign(submission_precision_bits=bits)
    misfit = roofline.does_not_fit(at_p).to_numpy()
    out = pd.DataFrame({
        "hardware_id": rows["hardware_id"], "benchmark_model": rows["benchmark_model"], "scenario": rows["scenario"],
        "precision_id": rows["precision_id"], "precision_bits": bits, "units": rows["units"],
        "is_submitted_precision": submitted, "submitted_precision_bits": bits_sub, "peak_tera_ops_per_s": peak,
        "compute_bound_per_accelerator": compute, "bandwidth_bound_per_accelerator": bandwidth,
        "roofline_bound_per_accelerator": bound,
        "roofline_regime": np.where(bandwidth.notna() & (bandwidth < compute), "bandwidth", "compute"),
        "precision_bound_ratio": ratio, "predicted_efficiency": efficiency,
        "predicted_per_accelerator": np.minimum(pred, bound), "interval_widening_log": widening,
        "required_memory_gb": roofline.memory_required_bytes(at_p) / 1e9,
        "accelerators": roofline.spec(at_p, "accelerator_count").fillna(1.0),
        "system_memory_gb": roofline.system_memory_bytes(at_p) / 1e9, "fits_in_memory": ~misfit,
        "fits_on_one_accelerator": ~roofline.does_not_fit(at_p.assign(accelerator_count=1.0)).to_numpy(),
        "interval_class": rows["interval_class"],
    })
    for level, name in INTERVALS:
        q = _quantiles(model, rows["interval_class"].to_numpy(object), level)
        carried_low = rows[f"{name}_low"].astype(float) * ratio
        carried_high = rows[f"{name}_high"].astype(float) * ratio
        low = carried_low.where(carried_low.notna(), pred * np.exp(-q)) * np.exp(-widening)
        high = carried_high.where(carried_high.notna(), pred * np.exp(q)) * np.exp(widening)
        out[f"{name}_low"] = np.minimum(low, out["predicted_per_accelerator"])
        out[f"{name}_high"] = np.minimum(np.maximum(high, out["predicted_per_accelerator"]), bound)

    # the out-of-domain reason of the submitted precision, except the memory refusal: that is judged at p
    reason = rows["out_of_domain_reason"].fillna("").astype(str).to_numpy(object)
    reason = np.where(np.isin(reason, REFUSED), "", reason)
    reason = np.where(misfit, REFUSED[0], reason)
    out["is_out_of_domain"] = reason != ""
    out["out_of_domain_reason"] = np.where(reason != "", reason, None)
    for column in ("predicted_per_accelerator", *(f"{n}_{e}" for _, n in INTERVALS for e in ("low", "high"))):
        out[column] = out[column].where(~misfit)
    version = str(run_values["model_version"])
    out["throughput_provenance"] = np.where(submitted, f"predicted:{version}",
                                            f"predicted:{version}+{RATIO_PROVENANCE}")
    out["model_version"] = version
    out["scored_at"] = run_values["scored_at"]
    out = out.drop_duplicates(["hardware_id", "benchmark_model", "scenario", "precision_id"])
    return out[list(COLUMNS)].reset_index(drop=True)
