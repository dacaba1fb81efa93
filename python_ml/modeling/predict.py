"""Predictions from a fitted model: the frame predictor (:func:`predict`) and the what-if CLI.

What-if predictions: `python -m python_ml predict --input IN.csv --output OUT.csv` (public contract).

Input: one row per query with ml_hardware.csv's headers (`Hardware name` and any spec columns, SI units,
missing ones allowed) plus `benchmark`, `scenario` and `n_accelerators`. Output: the input columns plus
predicted_per_accelerator, predicted_system, units, pi80_low, pi80_high, pi90_low, pi90_high,
out_of_domain, model_version and error. Uses the latest trained model; never retrains. Works for hardware
that is not in the warehouse: specs come from the input only.

Optional input column ``architecture`` (e.g. Hopper, Blackwell; case-insensitive): when it names an
architecture the model was trained on, the query gets that architecture's efficiency factor and the
intervals of its support class; otherwise (blank, or unknown to the model) the query is treated as a new
architecture. Extra output columns: ``interval_class`` says which intervals were used, ``is_anchored``
whether a new-architecture prediction was blended with reference scaling
(python_ml.modeling.extrapolation.ANCHOR_WEIGHTS), ``out_of_domain_reason`` why ``out_of_domain`` is true
(a spec outside the training range, a spec not given so the training median was assumed, an unknown
manufacturer, weights that do not fit).

Per-card throughput never rises with more accelerators beyond the measured scaling (python_ml.modeling.scaling;
output column ``scaling_applied``). A row with a blank ``benchmark`` may describe a workload by figures
(python_ml.modeling.described.INPUT_COLUMNS): it is answered on the nearest measured family's efficiency,
out of domain, with the widest intervals.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from aihw.config import Settings
from aihw.landing import VALUE_FORMS, check_value
from python_ml import dataset, precisions, registry
from python_ml.features import build_features
from python_ml.modeling import described, drift, extrapolation, intervals, scaling, scaling_model
from python_ml.modeling.domain import REFUSED, out_of_domain_reasons
from python_ml.modeling.estimator import predict_log_efficiency
from python_ml.modeling.outputs import CLI_COLUMNS, CLI_FROM_SCORED, spreadsheet_safe
from python_ml.modeling.state import TRUSTED_TYPES, FittedModel
from python_ml.specs_input import QUERY_BOUNDS, QUERY_COLUMNS, bound_violation, read_specs_csv

PASSED_THROUGH = ("mlperf_result_id", "hardware_id", "benchmark_model", "scenario", "units")
INTERVALS = (("0.80", "pi80"), ("0.90", "pi90"))
BEYOND_MEASURED = "implied efficiency above every measured chip of this workload: capped 25 % above the best measured"
EFFICIENCY_MARGIN = math.log(1.25)  # how far above the most efficient measured chip a prediction may go


def interval_classes(model: FittedModel, feats: pd.DataFrame) -> np.ndarray:
    """Support class of every row's hardware relative to the model's training accelerators."""
    training_ids = frozenset(g for ids in model.architecture_groups.values() for g in ids)
    return intervals.support_classes(feats, model.group_col, model.architecture_groups, training_ids)


def predict(model: FittedModel, feats: pd.DataFrame) -> pd.DataFrame:
    """One row per row of a built feature frame (same order and index): prediction, roofline, clip flag and
    intervals.

    Columns: mlperf_result_id (when given), hardware_id, benchmark_model, scenario, units,
    roofline_bound_per_accelerator, roofline_regime, predicted_log_efficiency, predicted_per_accelerator,
    was_clipped, interval_class, is_anchored, pi80_low, pi80_high, pi90_low, pi90_high, is_out_of_domain,
    out_of_domain_reason, error ('' unless the prediction is missing, then why). ``is_anchored``: a
    new-architecture row blended with reference scaling (python_ml.modeling.extrapolation). Intervals are
    calibrated per support class (``interval_class``): a chip with no training sibling of its architecture gets
    the wider new-architecture intervals. ``units`` is the physical unit of the workload (expected_units:
    Tokens/s for every LLM) when the input has no units column.
    ``predicted_per_accelerator`` never exceeds ``roofline_bound_per_accelerator``; nor do the interval ends;
    a Server prediction never exceeds the same chip's Offline prediction in the batch (``_server_at_most_offline``).
    """
    # the model's efficiency is that of its latest training round; a row stating another round moves by the drift
    shift = drift.log_shift(model.drift_per_round, model.drift_round, feats)
    raw = predict_log_efficiency(model, feats) + shift
    bound = feats["roofline_bound_per_accelerator"].to_numpy(float)
    classes = interval_classes(model, feats)
    weight = model.anchor_weight
    reference = extrapolation.reference_log_efficiency(model.anchor_references, feats) + shift
    anchored = extrapolation.anchor_mask(classes == intervals.NEW_ARCHITECTURE, reference, weight)
    log_eff = extrapolation.anchored_log_efficiency(np.minimum(raw, 0.0), reference, weight, anchored)
    # clipped: the model's own prediction, or the blend, reached the roofline bound
    clipped = (raw > 0.0) | (anchored & (log_eff >= 0.0))
    # no chip is predicted more efficient than the most efficient measured chip of its workload (in its round)
    best = feats["bench_scenario"].astype(str).map(model.max_log_efficiency).to_numpy(float)
    ceiling = best + shift + EFFICIENCY_MARGIN
    beyond = np.isfinite(ceiling) & (log_eff > ceiling)
    log_eff = np.where(beyond, ceiling, log_eff)
    pred = bound * np.exp(log_eff)
    out = pd.DataFrame(index=feats.index)
    for column in PASSED_THROUGH:
        if column in feats.columns:
            out[column] = feats[column].to_numpy()
    if "units" not in feats.columns:
        out["units"] = feats["expected_units"].to_numpy()
    out["roofline_bound_per_accelerator"] = bound
    out["roofline_regime"] = feats["roofline_regime"].to_numpy()
    out["predicted_log_efficiency"] = np.where(np.isnan(bound), np.nan, log_eff)
    out["predicted_per_accelerator"] = pred
    out["was_clipped"] = clipped & ~np.isnan(bound)
    out["interval_class"] = classes
    out["is_anchored"] = anchored
    for level, name in INTERVALS:
        regular = model.conformal_quantiles.get(level, float("nan"))
        q = np.array([model.class_quantiles.get(c, {}).get(level, regular) for c in classes], dtype=float)
        out[f"{name}_low"] = bound * np.exp(log_eff - q)
        out[f"{name}_high"] = np.minimum(bound * np.exp(log_eff + q), bound)
    _server_at_most_offline(out, feats)
    reasons = out_of_domain_reasons(model, feats, bound)
    reasons[(reasons == "") & beyond] = BEYOND_MEASURED
    refused = np.isin(reasons, REFUSED)
    for column in ("predicted_per_accelerator", *(f"{name}_{end}" for _, name in INTERVALS for end in ("low", "high"))):
        out[column] = np.where(refused, np.nan, out[column])
    out["is_out_of_domain"] = reasons != ""
    out["out_of_domain_reason"] = reasons
    out["error"] = np.where(out["predicted_per_accelerator"].isna(), reasons, "")
    return out


SERVER_CAP_KEYS = ("hardware_id", "benchmark_model", "round")  # the same chip, benchmark and round


def _server_at_most_offline(out: pd.DataFrame, feats: pd.DataFrame) -> None:
    """Server is Offline under a latency bound on the same system: a Server prediction (and its interval ends)
    never exceeds the Offline prediction of the same chip, benchmark and round in the same batch (the largest
    when several systems are predicted). ``was_clipped`` stays the roofline flag. In place; rows without an Offline
    prediction in the batch are unchanged. docs/decisions/2026-11-30-server-at-most-offline.md."""
    keys = [c for c in SERVER_CAP_KEYS if c in feats.columns]
    if "hardware_id" not in keys or "scenario" not in feats.columns:
        return
    scenario = feats["scenario"].astype(str)
    key = feats[keys].astype(str).agg("|".join, axis=1)
    is_offline, is_server = scenario == "Offline", (scenario == "Server").to_numpy()
    pred = out["predicted_per_accelerator"].to_numpy(float)
    cap = key.map(out["predicted_per_accelerator"].where(is_offline).groupby(key).max()).to_numpy(float)
    above = is_server & np.isfinite(cap) & (pred > cap)
    # each interval end at most the Offline row's same end; the low end never above the (capped) prediction
    for column in (f"{name}_{end}" for _, name in INTERVALS for end in ("low", "high")):
        end_cap = key.map(out[column].where(is_offline).groupby(key).max()).to_numpy(float)
        values = out[column].to_numpy(float)
        capped = np.where(is_server & np.isfinite(end_cap), np.minimum(values, end_cap), values)
        out[column] = np.where(above, np.minimum(capped, cap) if column.endswith("_low") else capped, values)
    out["predicted_per_accelerator"] = np.where(above, cap, pred)
    out["predicted_log_efficiency"] = np.where(
        above, np.log(cap / out["roofline_bound_per_accelerator"].to_numpy(float)), out["predicted_log_efficiency"])


def known_workloads(model: FittedModel) -> set[tuple[str, str]]:
    """(benchmark_model, scenario) pairs the model was trained on."""
    return {tuple(level.split("|", 1)) for level in model.bench_levels}


ARCHITECTURE_COLUMN = "architecture"


def _architectures(values: pd.Series, known: list[str]) -> tuple[list[str | None], list[int]]:
    """The model's spelling of each named architecture (case-insensitive; unknown names kept, blanks None) and
    the positions of the names the model does not know."""
    by_lower = {name.lower(): name for name in known}
    given = values.fillna("").astype(str).str.strip()
    spelled = given.str.lower().map(by_lower).astype(object)
    unknown = ((given != "") & spelled.isna()).to_numpy()
    named = spelled.where(~unknown, given.astype(object)).where(given != "", None)
    return named.tolist(), np.flatnonzero(unknown).tolist()


def _query_errors(row: Mapping[str, str], known: set[tuple[str, str]]) -> str:
    """THE rule for one query's own columns (benchmark, scenario, n_accelerators): '' or why it cannot be answered."""
    benchmark, scenario = str(row["benchmark"]).strip(), str(row["scenario"]).strip()
    if not any(b == benchmark for b, _ in known):
        return f"unknown benchmark {benchmark!r}"
    if (benchmark, scenario) not in known:
        return f"scenario {scenario!r} is not measured for {benchmark!r}"
    n = str(row["n_accelerators"]).strip()
    malformed = check_value("number", n) if n else "is not given"
    if malformed:  # the landing forms: float() alone would read '1_0' or Arabic-Indic digits
        return f"n_accelerators {n!r} {malformed}"
    value = float(n)
    if value < 1 or not value.is_integer():
        return f"n_accelerators {n!r} must be a whole number >= 1"
    impossible = bound_violation("n_accelerators", n)
    return f"n_accelerators {n!r} {impossible}" if impossible else ""


def query_errors(queries: pd.DataFrame, known: set[tuple[str, str]]) -> pd.Series:
    """:func:`_query_errors` of every row, column-wise: rows a vectorised test proves fine (a known workload and a
    whole number of accelerators from 1 to its bound) get ''; every other row is judged by the rule itself."""
    benchmark, scenario = queries["benchmark"].str.strip(), queries["scenario"].str.strip()
    workload = pd.MultiIndex.from_arrays([benchmark, scenario]).isin(list(known))
    n_text = queries["n_accelerators"].str.strip()
    n = np.full(len(queries), np.nan)
    plain = n_text.str.fullmatch(VALUE_FORMS["number"]).to_numpy(bool)
    n[plain] = n_text[plain].astype(float).to_numpy()
    bound = QUERY_BOUNDS["n_accelerators"]
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(n) & (n >= max(1.0, bound.low)) & (n <= bound.high) & (np.floor(n) == n)
    errors = pd.Series("", index=queries.index, dtype=object)
    judged = ~(workload & whole)
    errors[judged] = [_query_errors(row, known) for row in queries.loc[judged, list(QUERY_COLUMNS)].to_dict("records")]
    return errors


def _query_frame(specs, fitted: FittedModel, input_path: Path, benchmarks: pd.Series) -> pd.DataFrame:
    """The model's input rows for the CLI queries (staging specs + benchmark, scenario, accelerators);
    ``benchmarks``: the benchmark each row is predicted on (a described workload's nearest family)."""
    query = specs.staged.copy()
    query["benchmark_model"] = benchmarks.str.strip().values
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
    return query


def cli_output(original: pd.DataFrame, errors: pd.Series, scored: pd.DataFrame | None, accelerators: np.ndarray,
               version: str) -> pd.DataFrame:
    """The CLI's answer: the input columns then CLI_COLUMNS, one row per input row. ``errors``: per input row ''
    or why it cannot be answered; ``scored``: the frame predictor's rows for the rows without an error, in
    order (None when there are none); ``accelerators``: n_accelerators per input row. A scored row without a
    prediction gets the predictor's error (or 'missing required spec') and no numbers."""
    errors = errors.to_numpy(object, copy=True)
    values = {col: np.full(len(original), pd.NA, dtype=object) for col in CLI_COLUMNS}
    if scored is not None:
        answerable = np.flatnonzero(errors == "")
        predicted = scored["predicted_per_accelerator"].notna().to_numpy()
        why = scored["error"].to_numpy(object)[~predicted]
        errors[answerable[~predicted]] = np.where(why != "", why, "missing required spec")
        rows = answerable[predicted]
        for name, cli_name in CLI_FROM_SCORED.items():
            values[cli_name][rows] = scored[name].to_numpy()[predicted]
        per_accelerator = scored["predicted_per_accelerator"].to_numpy()[predicted]
        values["predicted_system"][rows] = per_accelerator * accelerators[rows]
    out = original.copy()
    for col in CLI_COLUMNS:
        out[col] = values[col]
    out["model_version"] = version
    out["error"] = errors
    return out


def _widest_quantiles(model: FittedModel) -> dict[str, float]:
    """Per interval level the largest quantile of any support class (or the regular one)."""
    return {level: float(np.nanmax([model.conformal_quantiles.get(level, float("nan")),
                                    *(q.get(level, float("nan")) for q in model.class_quantiles.values())]))
            for level, _ in INTERVALS}


def _add_scaling_column(out: pd.DataFrame, scored: pd.DataFrame | None, errors: pd.Series) -> None:
    """Insert scaling.SCALING_COLUMN after predicted_system: what multi-card scaling was applied to each answered
    row (blank where the row has no prediction). In place."""
    values = np.full(len(out), pd.NA, dtype=object)
    if scored is not None:
        answerable = np.flatnonzero((errors == "").to_numpy())
        values[answerable] = scored[scaling.SCALING_COLUMN].to_numpy()
    values[out["predicted_per_accelerator"].isna().to_numpy()] = pd.NA
    out.insert(out.columns.get_loc("predicted_system") + 1, scaling.SCALING_COLUMN, values)


class SameFileError(ValueError):
    """--output names the input file: writing would destroy the input."""


def predict_csv(settings: Settings, input_path: Path, output_path: Path) -> tuple[int, int]:
    """Answer every row of ``input_path`` into ``output_path`` (a new file; the input is never written)."""
    if output_path.resolve() == input_path.resolve():
        raise SameFileError(f"--output {output_path} is the input file {input_path}: choose another output file "
                            "(the input is left untouched)")
    version = registry.latest_version(settings)
    fitted = registry.load_artifact(settings.artifacts_dir, version, TRUSTED_TYPES)
    specs = read_specs_csv(settings, input_path)
    errors = pd.Series(specs.errors, index=specs.original.index, dtype=object)
    # a workload described by figures is predicted on its nearest measured family, then rescaled to its own bound
    is_described = described.described_rows(specs.original)
    modelled = specs.original.copy()
    family = pd.Series("", index=specs.original.index, dtype=object)
    if is_described.any():
        figures, figure_errors = described.figures(specs.original[is_described])
        family[is_described] = described.nearest_family(
            figures, fitted.workloads_frame(), specs.original.loc[is_described, "scenario"], known_workloads(fitted))
        figure_errors[(figure_errors == "") & (family[is_described] == "")] = (
            "no measured workload of the same unit (and domain) in this scenario to take the efficiency from")
        errors[is_described] = np.where(errors[is_described] == "", figure_errors, errors[is_described])
        modelled.loc[is_described, "benchmark"] = family[is_described]
    query = _query_frame(specs, fitted, input_path, modelled["benchmark"])
    unchecked = (errors == "").to_numpy()
    errors[unchecked] = query_errors(modelled[unchecked], known_workloads(fitted))
    answerable = np.flatnonzero((errors == "").to_numpy())
    scored = None
    if len(answerable):
        rows = precisions.annotate(query.iloc[answerable].reset_index(drop=True), fitted.precision_rules)
        feats = build_features(rows, fitted.workloads_frame())
        scored = predict(fitted, feats)
        # the same queries at one card: per card never rises with more cards beyond the measured ratio
        single = predict(fitted, build_features(rows.assign(accelerator_count=1.0), fitted.workloads_frame()))
        ratios = scaling.measured_ratios(dataset.read_scaling(settings))
        pairs = dataset.read_marts(settings, (dataset.SCALING_PAIRS_MART,))[dataset.SCALING_PAIRS_MART]
        per_card = scaling_model.fit(scaling_model.prepare(pairs))  # per-card efficiency by interconnect and n
        efficiency = scaling.capped_efficiency(scored, single, feats, ratios, per_card)
        scored = scaling.cap_per_card(scored, single, feats, ratios, per_card)
        mine = is_described[answerable]
        if mine.any():
            bound, misfit = described.bound_and_fit(rows[mine], figures.loc[answerable[mine]])
            answered = described.answer(scored[mine], efficiency[mine], bound, misfit, family.iloc[answerable[mine]],
                                        _widest_quantiles(fitted))
            scored = pd.concat([scored[~mine], answered]).sort_index()
    out = cli_output(specs.original, errors, scored, query["accelerator_count"].to_numpy(float), version)
    _add_scaling_column(out, scored, errors)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    partial = output_path.with_name(f".{output_path.name}.tmp")
    spreadsheet_safe(out).to_csv(partial, index=False)
    partial.replace(output_path)  # a reader never sees half a file
    return len(out), int((out["error"] != "").sum())
