"""The prediction outputs, declared once: the columns of python_ml.predictions and of the what-if CLI.

:data:`PREDICTION_COLUMNS` lists every column either output has, in the warehouse table's order, with where its
value comes from. The warehouse table (:func:`prediction_table`), the CLI (python_ml.modeling.predict) and the
test that the dbt source / staging yml and the GX suite agree (tests/python/test_outputs.py) all read it.
Also here: the grid the warehouse predictions are made on (:func:`scoring_frame`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

SCORED, RUN, CLI = "scored", "run", "cli"  # PredictionColumn.source


@dataclass(frozen=True)
class PredictionColumn:
    name: str  # in the frame python_ml.modeling.predict.predict returns, and in python_ml.predictions
    source: str  # SCORED: the frame predictor's column; RUN: set by the training run; CLI: computed by the CLI
    in_table: bool = True  # a column of python_ml.predictions
    cli: str | None = None  # its name in the what-if CLI output (None: not there)


PREDICTION_COLUMNS: tuple[PredictionColumn, ...] = (
    PredictionColumn("hardware_id", SCORED),
    PredictionColumn("benchmark_model", SCORED),
    PredictionColumn("scenario", SCORED),
    PredictionColumn("units", SCORED, cli="units"),
    PredictionColumn("predicted_per_accelerator", SCORED, cli="predicted_per_accelerator"),
    PredictionColumn("predicted_system", CLI, in_table=False, cli="predicted_system"),
    PredictionColumn("roofline_bound_per_accelerator", SCORED),
    PredictionColumn("pi80_low", SCORED, cli="pi80_low"),
    PredictionColumn("pi80_high", SCORED, cli="pi80_high"),
    PredictionColumn("pi90_low", SCORED, cli="pi90_low"),
    PredictionColumn("pi90_high", SCORED, cli="pi90_high"),
    PredictionColumn("interval_class", SCORED, cli="interval_class"),
    PredictionColumn("is_anchored", SCORED, cli="is_anchored"),
    PredictionColumn("accelerator_count", RUN),
    PredictionColumn("is_out_of_domain", SCORED, cli="out_of_domain"),
    PredictionColumn("out_of_domain_reason", SCORED, cli="out_of_domain_reason"),
    PredictionColumn("model_version", RUN, cli="model_version"),
    PredictionColumn("scored_at", RUN),
    PredictionColumn("error", CLI, in_table=False, cli="error"),
)
TABLE_COLUMNS = tuple(c.name for c in PREDICTION_COLUMNS if c.in_table)
CLI_COLUMNS = tuple(c.cli for c in PREDICTION_COLUMNS if c.cli)
# scored column -> CLI column, for the values the CLI copies from the frame predictor
CLI_FROM_SCORED = {c.name: c.cli for c in PREDICTION_COLUMNS if c.cli and c.source == SCORED}


def scoring_frame(hardware: pd.DataFrame, training: pd.DataFrame, accelerators: int) -> pd.DataFrame:
    """Every hardware with specs x every benchmark/scenario the model knows, in a node of ``accelerators``."""
    combos = training[["benchmark_model", "scenario", "units"]].drop_duplicates()
    frame = hardware.merge(combos, how="cross")
    frame["accelerator_count"] = accelerators
    frame["node_count"] = 1
    frame["physical_hardware_id"] = frame["spec_hardware_id"]
    return frame


def prediction_table(scored: pd.DataFrame, run_values: dict[str, object]) -> pd.DataFrame:
    """The python_ml.predictions table from the frame predictor's output: one row per hardware x benchmark x
    scenario with a prediction (rows without one are dropped), columns TABLE_COLUMNS; ``run_values`` gives the
    RUN columns (model_version, scored_at, accelerator_count)."""
    out = scored[scored["predicted_per_accelerator"].notna()].copy()
    for column in PREDICTION_COLUMNS:
        if column.source == RUN and column.in_table:
            out[column.name] = run_values[column.name]
    out["is_out_of_domain"] = out["is_out_of_domain"].astype(bool)
    out["out_of_domain_reason"] = out["out_of_domain_reason"].where(out["is_out_of_domain"], None)
    out["is_anchored"] = out["is_anchored"].astype(bool)
    out = out.drop_duplicates(["hardware_id", "benchmark_model", "scenario"])
    return out[list(TABLE_COLUMNS)].reset_index(drop=True)


# OWASP CSV injection: a text cell a spreadsheet would read as a formula starts with one of these
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_KINDS = ("string", "mixed", "mixed-integer")  # pandas.api.types.infer_dtype of a column that holds text
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas: a cell starting with a FORMULA_TRIGGERS
    character gets a leading ``'`` (OWASP); numbers (also ones given as text, e.g. ``-5``) are untouched.
    Column-wise: only columns holding text are looked at."""
    out = frame.copy()
    for name, column in out.items():
        if pd.api.types.infer_dtype(column, skipna=True) not in TEXT_KINDS:
            continue
        triggered = column.str.startswith(FORMULA_TRIGGERS, na=False)  # False for the column's non-text cells
        triggered[triggered] = ~column[triggered].str.strip().str.fullmatch(_NUMBER).astype(bool)
        if triggered.any():
            out[name] = column.mask(triggered, "'" + column[triggered])
    return out
