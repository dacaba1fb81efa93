"""What-if predictions: `python -m python_ml predict --input IN.csv --output OUT.csv` (public contract).

Input: one row per query with ml_hardware.csv's headers (`Hardware name` and any spec columns, SI units,
missing ones allowed) plus `benchmark`, `scenario` and `n_accelerators`. Output: the input columns plus
predicted_per_accelerator, predicted_system, units, pi80_low, pi80_high, pi90_low, pi90_high,
out_of_domain, model_version and error. Uses the latest trained model; never retrains. Works for hardware
that is not in the warehouse: specs come from the input only.

Optional input column ``architecture`` (e.g. Hopper, Blackwell; case-insensitive): when it names an
architecture the model was trained on, the query gets that architecture's efficiency factor and the
intervals of its support class; otherwise (blank, or unknown to the model) the query is treated as a new
architecture. Extra output columns: ``interval_class`` says which intervals were used, ``is_anchored``
whether a new-architecture prediction was blended with reference scaling (python_ml.models.ANCHOR_WEIGHTS),
``out_of_domain_reason`` why ``out_of_domain`` is true (a spec outside the training range, a spec not given so
the training median was assumed, an unknown manufacturer, weights that do not fit).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd

from python_ml import registry
from aihw.config import Settings
from python_ml.specs_input import read_specs_csv

OUTPUT_COLUMNS = [
    "predicted_per_accelerator", "predicted_system", "units", "pi80_low", "pi80_high", "pi90_low", "pi90_high",
    "out_of_domain", "model_version", "error", "interval_class", "is_anchored", "out_of_domain_reason",
]
ARCHITECTURE_COLUMN = "architecture"


def _architectures(values: pd.Series, known: list[str]) -> tuple[list[str | None], list[int]]:
    """The model's spelling of each named architecture (case-insensitive; unknown names kept, blanks None) and
    the positions of the names the model does not know."""
    by_lower = {name.lower(): name for name in known}
    out: list[str | None] = []
    unknown: list[int] = []
    for i, value in enumerate(values.fillna("").astype(str).str.strip()):
        if value and value.lower() not in by_lower:
            unknown.append(i)
        out.append(by_lower.get(value.lower(), value) if value else None)
    return out, unknown


def _query_errors(row: pd.Series, known: set[tuple[str, str]]) -> str:
    benchmark, scenario = str(row["benchmark"]).strip(), str(row["scenario"]).strip()
    if not any(b == benchmark for b, _ in known):
        return f"unknown benchmark {benchmark!r}"
    if (benchmark, scenario) not in known:
        return f"scenario {scenario!r} is not measured for {benchmark!r}"
    n = str(row["n_accelerators"]).strip()
    try:
        value = float(n)
    except ValueError:
        return f"n_accelerators {n!r} is not a number"
    if not math.isfinite(value) or value < 1 or not value.is_integer():
        return f"n_accelerators {n!r} must be a whole number >= 1"
    return ""


def predict_csv(settings: Settings, input_path: Path, output_path: Path) -> tuple[int, int]:
    from python_ml import models

    version = registry.latest_version(settings)
    fitted = registry.load_artifact(settings.artifacts_dir, version, models.TRUSTED_TYPES)
    specs = read_specs_csv(settings, input_path)
    query = specs.staged.copy()
    query["benchmark_model"] = specs.original["benchmark"].str.strip().values
    query["scenario"] = specs.original["scenario"].str.strip().values
    query["accelerator_count"] = pd.to_numeric(specs.original["n_accelerators"], errors="coerce").values
    query["node_count"] = 1
    query["manufacturer_name"] = query["manufacturer_raw"]
    query["release_year"] = pd.to_datetime(query["release_date"]).dt.year.astype(float)
    if ARCHITECTURE_COLUMN in specs.original:
        known_architectures = sorted(a for a in fitted.architecture_effects if a)
        query["architecture_name"], unknown = _architectures(specs.original[ARCHITECTURE_COLUMN], known_architectures)
        for i in unknown:
            # line i + 2: the header is line 1
            print(
                f"warning: {input_path.name}: line {i + 2}: architecture {specs.original.at[i, ARCHITECTURE_COLUMN]!r} "
                f"is not one the model was trained on ({', '.join(known_architectures)}); predicted as a new "
                "architecture (no architecture factor, new-architecture intervals)",
                file=sys.stderr,
            )

    errors = list(specs.errors)
    known = models.known_workloads(fitted)
    for i, row in specs.original.iterrows():
        errors[i] = errors[i] or _query_errors(row, known)
    answerable = [i for i, e in enumerate(errors) if not e]

    out = specs.original.copy()
    for col in OUTPUT_COLUMNS:
        out[col] = pd.NA
    out["model_version"] = version
    if answerable:
        scored = models.predict(fitted, query.iloc[answerable].reset_index(drop=True))
        for j, i in enumerate(answerable):
            result = scored.iloc[j]
            if pd.isna(result["predicted_per_accelerator"]):
                errors[i] = result.get("error") or "missing required spec"
                continue
            n = float(query.at[i, "accelerator_count"])
            for col in ("predicted_per_accelerator", "pi80_low", "pi80_high", "pi90_low", "pi90_high", "units",
                        "interval_class"):
                out.at[i, col] = result[col]
            out.at[i, "predicted_system"] = result["predicted_per_accelerator"] * n
            out.at[i, "out_of_domain"] = bool(result["is_out_of_domain"])
            out.at[i, "is_anchored"] = bool(result["is_anchored"])
            out.at[i, "out_of_domain_reason"] = result["out_of_domain_reason"]
    out["error"] = errors
    output_path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(output_path, index=False)
    return len(out), sum(1 for e in out["error"] if e)
