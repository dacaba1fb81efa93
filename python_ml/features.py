"""The model's features, declared once (:data:`FEATURES`), and the feature frame built from them.

Pure pandas/numpy: nothing here reads the warehouse. Input rows (one per MLPerf result, already resolved to
hardware) carry the hardware specs in staging units, the benchmark (``benchmark_model``, ``scenario``) and, for
training rows, ``per_accelerator_result``; python_ml.roofline adds the workload figures and the roofline bound.
Every feature list the model, its selection candidates and its out-of-domain checks use is derived from
:data:`FEATURES`: adding a feature is one entry there plus its formula in :func:`build_features`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from python_ml.config import REFERENCE_YEAR
from python_ml.roofline import IMPUTED_PEAK_SOURCES, add_roofline, spec

WORKLOAD_CLASSES = ("llm", "vision", "medical_imaging", "recommendation", "diffusion", "graph")
KV_SHARE_FLOOR = 0.02  # a system that cannot hold the weights at all still gets a finite feature
HEADROOM_CAP = 3.0  # log(20x): more memory than 20x the weights does not help further

# feature sets (Feature.sets)
COMPACT = "compact"  # the default configuration's features (shared_slopes)
SPEC = "spec"  # spec slopes of the workload-specific candidates (python_ml.modeling.selection)
NEIGHBOUR = "neighbour"  # coordinates of the spec-neighbour effect, always range-checked for out-of-domain


@dataclass(frozen=True)
class Feature:
    """One numeric feature (natural log of a spec in its staging unit unless said otherwise)."""

    name: str
    description: str
    spec: str | None = None  # the staging spec column it is computed from (None: derived from several)
    sets: frozenset[str] = frozenset()  # COMPACT / SPEC / NEIGHBOUR
    range_checked: bool = False  # out of domain beyond the training range (besides the neighbour coordinates)
    imputed_as: str | None = None  # may be missing in a query: training median assumed, reported under this label


def _f(name: str, description: str, spec: str | None = None, sets: tuple[str, ...] = (), **flags) -> Feature:
    return Feature(name, description, spec, frozenset(sets), **flags)


# Order is the design-matrix order of every feature set (do not reorder: it fixes the fitted figures).
# interconnect (log_intranode_bw) since 2026-11-29: docs/decisions/2026-11-29-interconnect-feature.md
FEATURES: tuple[Feature, ...] = (
    _f("log_peak_ops", "peak dense ops/s at the workload precision (TOPS)", None, (COMPACT, SPEC, NEIGHBOUR)),
    _f("log_mem_bw", "memory bandwidth (GB/s)", "memory_bandwidth_gb_per_s", (COMPACT, SPEC, NEIGHBOUR),
       imputed_as="memory bandwidth"),
    _f("log_mem_size", "memory capacity (GB)", "memory_size_gb", (NEIGHBOUR,)),
    _f("log_tdp", "TDP (W)", "tdp_watts", (COMPACT, SPEC, NEIGHBOUR), imputed_as="TDP"),
    _f("log_kv_space", "log share of the system's accelerator memory left after one copy of the weights",
       "memory_size_gb", (COMPACT, SPEC), imputed_as="memory size"),
    _f("log_accelerators", "accelerators in the system (per node x nodes)", "accelerator_count", (COMPACT, SPEC)),
    _f("log_intranode_bw", "GPU-to-GPU (intranode) bandwidth (GB/s): NVLink / Infinity Fabric, else PCIe",
       "intranode_bandwidth_gb_per_s", (SPEC,), range_checked=True, imputed_as="interconnect"),
    _f("year_c", "release year - REFERENCE_YEAR (not a log)", "release_year", (COMPACT,)),
    _f("year_missing", "1 when the release year is unknown", "release_year", (COMPACT,)),
    _f("tdp_missing", "1 when the TDP is unknown", "tdp_watts", (COMPACT,)),
    _f("peak_ops_imputed", "1 when the 8-bit peak was imputed from the 16-bit tensor peak", None, (COMPACT,)),
    _f("log_ops_per_watt", "peak ops per watt: how far the chip can sustain its peak"),
    _f("log_mem_headroom", "log(memory / weight bytes), capped; the cap when the workload has no weight figure",
       "memory_size_gb"),
    # per workload class, how much the ratio bandwidth/compute (TDP/compute) moves the result: the learned
    # "effective roofline" slope
    *(_f(f"bw_per_op_x_{c}", f"log(bandwidth / peak ops) for {c} workloads, else 0", None,
         (COMPACT,) if c == "llm" else ()) for c in WORKLOAD_CLASSES),
    *(_f(f"tdp_per_op_x_{c}", f"log(TDP / peak ops) for {c} workloads, else 0") for c in WORKLOAD_CLASSES),
)


def feature_set(name: str) -> tuple[str, ...]:
    return tuple(f.name for f in FEATURES if name in f.sets)


FEATURE_NAMES = tuple(f.name for f in FEATURES)  # every column a configuration may use
COMPACT_FEATURES = feature_set(COMPACT)
SPEC_FEATURES = feature_set(SPEC)
NEIGHBOUR_FEATURES = feature_set(NEIGHBOUR)
RANGE_CHECKED_FEATURES = tuple(f.name for f in FEATURES if f.range_checked)
IMPUTED_SPECS = {f.name: f.imputed_as for f in FEATURES if f.imputed_as}


def _log(series: pd.Series) -> pd.Series:
    values = series.astype(float)
    return np.log(values.where(values > 0))


def build_features(frame: pd.DataFrame, workloads: pd.DataFrame) -> pd.DataFrame:
    """Roofline columns plus the numeric feature matrix (columns FEATURE_NAMES) and grouping keys.

    Called once per training run (python_ml.modeling.train) and once per prediction request
    (python_ml.modeling.predict); everything below them selects rows of the frame built here.
    Missing specs stay NaN in the log columns; the model imputes them from training medians. Adds
    ``bench_scenario`` (benchmark_model|scenario), ``manufacturer_key`` and ``architecture_key`` (strings,
    '' when null) for the model's categorical terms.
    """
    if workloads is None:
        raise ValueError("build_features: the workloads table is required (marts.ml_mlperf_workloads)")
    out = add_roofline(frame, workloads)
    out["log_peak_ops"] = _log(out["peak_ops_tops"])
    out["log_mem_bw"] = _log(spec(out, "memory_bandwidth_gb_per_s"))
    out["log_mem_size"] = _log(spec(out, "memory_size_gb"))
    tdp = spec(out, "tdp_watts")
    out["log_tdp"] = _log(tdp)
    out["log_ops_per_watt"] = out["log_peak_ops"] - out["log_tdp"]
    headroom = _log(spec(out, "memory_size_gb") * 1e9) - _log(out["weight_bytes"])
    out["log_mem_headroom"] = headroom.clip(upper=HEADROOM_CAP).where(out["weight_bytes"].notna(), HEADROOM_CAP)
    count = spec(out, "accelerator_count").where(lambda v: v > 0)
    system_memory = spec(out, "memory_size_gb") * 1e9 * count.fillna(1.0)
    kv_share = (1.0 - out["weight_bytes"].fillna(0.0) / system_memory).clip(lower=KV_SHARE_FLOOR)
    out["log_kv_space"] = np.log(kv_share)
    out["log_accelerators"] = np.log(count)
    out["log_intranode_bw"] = _log(spec(out, "intranode_bandwidth_gb_per_s"))
    year = spec(out, "release_year")
    out["year_c"] = year - REFERENCE_YEAR
    out["peak_ops_imputed"] = out["peak_ops_source"].isin(IMPUTED_PEAK_SOURCES).astype(float)
    out["year_missing"] = year.isna().astype(float)
    out["tdp_missing"] = tdp.isna().astype(float)
    bw_per_op = out["log_mem_bw"] - out["log_peak_ops"]
    tdp_per_op = out["log_tdp"] - out["log_peak_ops"]
    for cls in WORKLOAD_CLASSES:
        is_cls = (out["workload_class"] == cls).astype(float)
        out[f"bw_per_op_x_{cls}"] = bw_per_op * is_cls
        out[f"tdp_per_op_x_{cls}"] = tdp_per_op * is_cls
    out["bench_scenario"] = out["benchmark_model"].astype(str) + "|" + out["scenario"].astype(str)
    out["manufacturer_key"] = out["manufacturer_name"].fillna("").astype(str) if "manufacturer_name" in out else ""
    out["architecture_key"] = (
        out["architecture_name"].fillna("").astype(str) if "architecture_name" in out else ""
    )
    return out


def training_target(feats: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, pd.Series]:
    """Rows of a built feature frame the model can learn from (positive result and roofline bound), their
    target y = log(result / bound) and the usable mask over ``feats`` (row selection only: nothing rebuilt)."""
    usable = (
        feats["roofline_bound_per_accelerator"].gt(0)
        & feats["per_accelerator_result"].gt(0)
        & feats["bench_scenario"].notna()
    )
    rows = feats[usable].reset_index(drop=True)
    y = np.log(rows["per_accelerator_result"].to_numpy(float) / rows["roofline_bound_per_accelerator"].to_numpy(float))
    return rows, y, usable
