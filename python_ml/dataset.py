"""Warehouse I/O of the ML package: read the contracted marts it trains on, write its tables back at once.

Reads   marts.ml_mlperf_training_rows, marts.ml_hardware_features, marts.ml_mlperf_workloads and the wide
        hardware model HARDWARE_SPECS_MODEL (relations from the dbt manifest, through aihw.warehouse); for the
        what-if CLI, the measured multi-accelerator scaling SCALING_MODEL (:func:`read_scaling`); for the latency
        model, marts.ml_mlperf_latency_rows and marts.ml_latency_bounds (:func:`read_latency_inputs`);
        SCALING_PAIRS_MART and HARDWARE_PRECISIONS_MART (:func:`read_marts`: the scaling model's pairs, the
        precisions each chip has)
Writes  the python_ml source tables in ONE transaction: the REPLACED ones replaced, model_versions appended.

Every frame is read in one order of its own values (:func:`_read`), not in the order the engine stored the rows:
a rebuild of the same data may store a mart's rows in another order, and fits that sum rows in input order moved
by up to 3 % with it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from aihw.config import Settings
from aihw.warehouse import load_manifest, model_relation, session, source_relation

TRAINING_MART = "ml_mlperf_training_rows"
HARDWARE_MART = "ml_hardware_features"
WORKLOADS_MART = "ml_mlperf_workloads"
# the wide hardware table (core mart: one row per product, every spec and score)
HARDWARE_SPECS_MODEL = "dim_hardware_specs"
SCALING_MODEL = "fct_workload_scaling"  # measured per-card scaling per chip x benchmark x system size
INPUT_MODELS = (TRAINING_MART, HARDWARE_MART, WORKLOADS_MART, HARDWARE_SPECS_MODEL)
LATENCY_ROWS_MART = "ml_mlperf_latency_rows"  # measured SingleStream / MultiStream latencies with their bound
LATENCY_BOUNDS_MART = "ml_latency_bounds"  # every hardware x latency workload with its roofline bound
# contracted inputs read on their own (read_marts): the scaling model's measured pairs, the precisions chips have
SCALING_PAIRS_MART = "ml_mlperf_scaling_pairs"
HARDWARE_PRECISIONS_MART = "ml_hardware_precisions"

# python_ml source tables a training run replaces, and the one it appends to
REPLACED = ("predictions", "validation_metrics", "validation_predictions", "bias_factors", "throughput_estimates",
            "throughput_estimate_cv", "latency_predictions", "workload_precision_predictions", "scaling_efficiency")
APPENDED = "model_versions"


@dataclass
class Inputs:
    training: pd.DataFrame
    hardware: pd.DataFrame
    workloads: pd.DataFrame  # as read; python_ml.roofline.normalize_workloads types it
    hardware_specs: pd.DataFrame


def in_value_order(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows sorted by every column (left to right, missing values last), index 0..n-1: the same frame whatever
    order the rows were stored in."""
    if frame.empty:
        return frame.reset_index(drop=True)
    keys = {column: frame[column].astype("string") if frame[column].dtype == object else frame[column]
            for column in frame.columns}  # object columns compared as text (None stays missing)
    order = pd.DataFrame(keys).sort_values(list(frame.columns), kind="mergesort", na_position="last").index
    return frame.loc[order].reset_index(drop=True)


def _read(wh, manifest: dict, name: str) -> pd.DataFrame:
    return in_value_order(wh.read_relation(model_relation(manifest, name)))


def read_inputs(settings: Settings) -> Inputs:
    manifest = load_manifest(settings)
    with session(settings) as wh:
        frames = {name: _read(wh, manifest, name) for name in INPUT_MODELS}
    return Inputs(frames[TRAINING_MART], frames[HARDWARE_MART], frames[WORKLOADS_MART], frames[HARDWARE_SPECS_MODEL])


@dataclass
class LatencyInputs:
    rows: pd.DataFrame  # LATENCY_ROWS_MART
    bounds: pd.DataFrame  # LATENCY_BOUNDS_MART


def read_latency_inputs(settings: Settings) -> LatencyInputs:
    manifest = load_manifest(settings)
    with session(settings) as wh:
        return LatencyInputs(*(_read(wh, manifest, name) for name in (LATENCY_ROWS_MART, LATENCY_BOUNDS_MART)))


def read_scaling(settings: Settings) -> pd.DataFrame:
    """The measured multi-accelerator scaling (SCALING_MODEL) as read."""
    manifest = load_manifest(settings)
    with session(settings) as wh:
        return _read(wh, manifest, SCALING_MODEL)


def read_marts(settings: Settings, names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """The named contracted marts, as read (one session)."""
    manifest = load_manifest(settings)
    with session(settings) as wh:
        return {name: _read(wh, manifest, name) for name in names}


def write_back(settings: Settings, tables: dict[str, pd.DataFrame], model_version: pd.DataFrame) -> None:
    """Replace the REPLACED tables (``tables`` names each of them) and append one model_versions row."""
    if set(tables) != set(REPLACED):
        raise ValueError(f"write_back: expected tables {sorted(REPLACED)}, got {sorted(tables)}")
    manifest = load_manifest(settings)
    with session(settings) as wh:
        wh.write_tables(
            replace={source_relation(manifest, name): tables[name] for name in REPLACED},
            append={source_relation(manifest, APPENDED): model_version},
        )
