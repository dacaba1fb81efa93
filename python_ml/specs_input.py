"""Read a what-if input CSV (ml_hardware.csv headers, SI units) into staging units.

The unit conversion is defined once, in the dbt staging model stg_epoch__ml_hardware. Rather than repeating
it in Python, the input rows are loaded into an in-memory DuckDB under the seed's relation name and the
staging model's compiled SQL (from dbt's DuckDB manifest) is run over them.

Every value is checked per row, never for the whole file: a value the warehouse casts would reject (landing's
VALUE_FORMS) or a number outside its physical bounds (PHYSICAL_BOUNDS: the
warehouse's seeds/reference/physical_bounds.csv, in SI units) makes that row's ``error`` name the
column and why; the other rows are answered.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from aihw.config import Settings
from aihw.landing import ADDED_COLUMNS, VALUE_FORMS, ColumnContract, check_value, load_contract
from aihw.warehouse import Relation, run_model_sql_on_frame

STAGING_MODEL = "stg_epoch__ml_hardware"
SEED = "raw_epoch__ml_hardware"
QUERY_COLUMNS = ("benchmark", "scenario", "n_accelerators")
# low-precision peaks of Epoch's newer exports that the landed ml_hardware.csv does not have: read from the what-if
# input when given (SI FLOP/s), checked as numbers within the physical bound of the landed column of the same
# width (INT8 / INT4), staged in TFLOP/s for the roofline (python_ml.roofline.peak_ops)
LOW_PRECISION_PEAKS = {
    "FP8 performance (FLOP/s)": ("fp8_tflops", "INT8 performance (OP/s)"),
    "FP4 performance (FLOP/s)": ("fp4_tflops", "INT4 performance (OP/s)"),
}


class Bound(NamedTuple):
    """Physically possible values of one input column (its SI unit, as in ml_hardware.csv): above ``low`` (or
    equal to it when ``low_inclusive``) and below ``high`` (or equal to it when ``high_inclusive``)."""

    low: float
    high: float
    low_inclusive: bool = False
    high_inclusive: bool = True


# The warehouse's physical bounds (one reviewed rule per source and staging column, with its reason) are THE
# bounds of the what-if input too: the rules of this seed's source, keyed by the raw column, in its SI unit.
BOUNDS_SEED = Path("seeds") / "reference" / "physical_bounds.csv"
# staging names carry their unit (units in the names): the SI prefix between a staging unit and the raw SI unit
UNIT_PREFIXES = {"_tflops": 1e12, "_tops": 1e12, "_gb_per_s": 1e9, "_gbit_per_s": 1e9, "_gb": 1e9}


def si_factor(staging_column: str) -> float:
    """Raw SI value per staging-unit value for a staging column (1 where the unit is the same)."""
    return next((f for suffix, f in UNIT_PREFIXES.items() if staging_column.endswith(suffix)), 1.0)


def load_physical_bounds(project_root: Path, source: str = "epoch") -> dict[str, Bound]:
    """The seed's bounds for ``source``, keyed by raw column and converted to the raw column's SI unit."""
    bounds = {}
    with (project_root / BOUNDS_SEED).open(encoding="utf-8", newline="") as handle:
        for rule in csv.DictReader(handle):
            if rule["source_name"] == source:
                factor = si_factor(rule["column_name"])
                bounds[rule["raw_column"]] = Bound(
                    float(rule["min_value"]) * factor, float(rule["max_value"]) * factor,
                    rule["min_inclusive"].strip().lower() == "true", rule["max_inclusive"].strip().lower() == "true",
                )
    return bounds


PHYSICAL_BOUNDS: dict[str, Bound] = load_physical_bounds(Path(__file__).resolve().parents[1])


# the query's own number: a whole count of at least one (checked before the bound), at most a trillion (beyond
# any measured system it is answered, but out of domain: python_ml.modeling.domain)
QUERY_BOUNDS: dict[str, Bound] = {"n_accelerators": Bound(1.0, 1e12, low_inclusive=True)}


def bound_violation(column: str, value: str) -> str | None:
    """Why a well-formed number is physically impossible for its column (None when possible or blank)."""
    bound = PHYSICAL_BOUNDS.get(column) or QUERY_BOUNDS.get(column)
    if bound is None or not value.strip():
        return None
    number = float(value)
    too_low = number < bound.low if bound.low_inclusive else number <= bound.low
    if too_low:
        relation = ">=" if bound.low_inclusive else ">"
        return f"is not physically possible (must be {relation} {bound.low:g})"
    too_high = number > bound.high if bound.high_inclusive else number >= bound.high
    if too_high:
        relation = "<=" if bound.high_inclusive else "<"
        return f"is not physically possible (must be {relation} {bound.high:g})"
    return None


NUMERIC_TYPES = ("number", "integer")


def _numbers(values: pd.Series) -> np.ndarray:
    """float() of every value (NaN where it is not a plain number): the fast path of the column-wise checks."""
    matched = values.str.fullmatch(VALUE_FORMS["number"]).to_numpy(bool)
    out = np.full(len(values), np.nan)
    out[matched] = values[matched].astype(float).to_numpy()
    return out


def value_problems(column: str, raw_type: str, values: pd.Series) -> pd.Series:
    """Column-wise :func:`aihw.landing.check_value` then :func:`bound_violation`: per value, None when it is fine,
    else why. The rules stay those two functions: values a vectorised test proves fine (blank, or a finite
    number within the column's bound) skip them; every other value is judged by them, one by one."""
    stripped = values.str.strip()
    fine = (stripped == "").to_numpy(bool, copy=True)
    if raw_type == "text":
        fine[:] = True
    elif raw_type in NUMERIC_TYPES:
        number = _numbers(stripped)
        plain = np.isfinite(number)
        if raw_type == "integer":  # the integer form is narrower than the number form: leave the rest to the rule
            plain &= stripped.str.fullmatch(VALUE_FORMS["integer"]).to_numpy(bool)
        bound = PHYSICAL_BOUNDS.get(column) or QUERY_BOUNDS.get(column)
        if bound is not None:
            with np.errstate(invalid="ignore"):
                low_ok = number >= bound.low if bound.low_inclusive else number > bound.low
                high_ok = number <= bound.high if bound.high_inclusive else number < bound.high
                plain &= low_ok & high_ok
        fine |= plain
    problems = pd.Series(None, index=values.index, dtype=object)
    judged = ~fine
    problems[judged] = [check_value(raw_type, v) or bound_violation(column, v) for v in values[judged]]
    return problems


@dataclass
class SpecsInput:
    original: pd.DataFrame  # the input as read (all text), in input order
    staged: pd.DataFrame  # staging columns, one row per input row (same order)
    errors: list[str]  # '' where the row is fine, else why it cannot be answered


def _compiled_staging_sql(settings: Settings) -> tuple[str, str]:
    """The DuckDB-compiled SQL of the staging model and the seed's schema; compiles it if never compiled.

    The what-if rows are staged in an in-memory DuckDB whatever the warehouse's engine, so the SQL is the
    DuckDB compilation of the given settings' project (same paths, same inputs, DuckDB target)."""
    duck = settings.with_target("duckdb")
    compiled = duck.dbt_target_path / "compiled" / "aihw" / "models" / "staging" / "epoch" / f"{STAGING_MODEL}.sql"
    if not compiled.is_file() or not duck.manifest_path.is_file():
        from aihw.pipeline import run_dbt

        run_dbt(duck, ["compile", "--select", STAGING_MODEL, "--quiet"])
    manifest = json.loads(duck.manifest_path.read_text(encoding="utf-8"))
    seed = next(n for n in manifest["nodes"].values() if n["name"] == SEED)
    return compiled.read_text(encoding="utf-8"), seed["schema"]


def checked_values(original: pd.DataFrame, columns: list[ColumnContract]) -> tuple[pd.DataFrame, pd.Series]:
    """The contract's columns of ``original`` (text; a column not given is blank) with every refused value blanked,
    and per row '' or the error naming its first refused column (in contract order) and why."""
    errors = pd.Series("", index=original.index, dtype=object)
    raw = pd.DataFrame(index=original.index)
    for column in columns:
        if column.name not in original.columns:  # not given: blank, as in the staging seed
            raw[column.name] = ""
            continue
        values = original[column.name]
        problems = value_problems(column.name, column.raw_type, values)
        bad = problems.notna()
        first = bad & (errors == "")
        errors[first] = [f"column '{column.name}': value {v!r} {why}"
                         for v, why in zip(values[first], problems[first], strict=True)]
        raw[column.name] = values.where(~bad, "")
    return raw, errors


def read_specs_csv(settings: Settings, path: Path) -> SpecsInput:
    text = path.read_bytes().decode("utf-8-sig")
    original = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    contract = next(c for c in load_contract(settings.raw_contract_path) if c.seed_name == SEED)
    known = [c.name for c in contract.columns]
    if "Hardware name" not in original.columns:
        raise ValueError(f"{path.name}: line 1 (header): column 'Hardware name' is required")
    missing_query = [c for c in QUERY_COLUMNS if c not in original.columns]
    if missing_query:
        raise ValueError(f"{path.name}: line 1 (header): missing column(s) {missing_query}")

    raw, errors = checked_values(original, contract.columns)
    raw.insert(0, ADDED_COLUMNS[1], range(2, len(raw) + 2))
    raw.insert(0, ADDED_COLUMNS[0], range(1, len(raw) + 1))
    raw = raw[[*ADDED_COLUMNS, *known]]

    sql, seed_schema = _compiled_staging_sql(settings)
    staged = run_model_sql_on_frame(sql, Relation(seed_schema, SEED), raw)
    staged = staged.sort_values("source_row_number").reset_index(drop=True)
    for column, (staging, bound_column) in LOW_PRECISION_PEAKS.items():
        values = original[column] if column in original else pd.Series("", index=original.index, dtype=object)
        problems = value_problems(bound_column, "number", values)
        first = problems.notna() & (errors == "")
        errors[first] = [f"column '{column}': value {v!r} {why}"
                         for v, why in zip(values[first], problems[first], strict=True)]
        fine = problems.isna() & values.str.strip().ne("")
        staged[staging] = np.where(fine.to_numpy(), pd.to_numeric(values.where(fine), errors="coerce") / 1e12, np.nan)
    return SpecsInput(original=original, staged=staged, errors=errors.tolist())

