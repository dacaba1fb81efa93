"""The latency model: MLPerf SingleStream / MultiStream query latency (ms) = roofline lower bound x a factor >= 1.

Rows: marts.ml_mlperf_latency_rows (measured latencies of every round with the chip's roofline bound on one
accelerator); grid: marts.ml_latency_bounds (every hardware with specs x latency workload, with its bound).

On y = log(measured / bound) >= 0 (how far software stays above the roofline for one query), per (chip,
workload family) cell the median over its rows (submissions of one chip differ by software stack):
* a level per family (benchmark x scenario), shrunk towards the mean over families by n / (n + k), n the
  chips measured in the family;
* candidates ``family+<size>``: also a slope shared by the families on the chip's size within the family (log of
  the size minus the family's mean): the roofline bound, the memory bandwidth or the peak at the submitted
  precision - at one query, fixed per-query costs and memory traffic do not shrink with peak FLOP/s, so how a
  chip's latency scales is learned - shrunk by a ridge penalty (docs/decisions/2026-11-30-latency-model-candidates.md);
* for a chip measured before, its own offset (over its families) and its offset in the family, shrunk by the
  same k (rows / cells of prior weight).
Software drift between rounds is python_ml.modeling.drift on the speed 1 / latency (learned from chips in
several rounds); a prediction is for the latest training round unless a row states its round.
A prediction is max(bound, bound x exp(level)), never below the bound; its 80 / 90 % interval is
prediction x/÷ exp(q) with q the split-conformal quantiles of |log(predicted/actual)| of the held-out chips of
the inner leave-one-chip-out CV (errors for chips the fit never saw: conservative for chips seen before); the
low end is never below the bound.
The candidate and k are chosen by that inner CV on the training rows only (criterion: mean over held-out
chips of each chip's median |log error|). A held-out chip has no own offset, so the criterion sees k only
through the family levels' pull towards the mean over families, which it disfavours: it picks the smallest k
offered, and the chip offsets of seen chips get that k without the criterion having judged it (stated, not
tuned: docs/decisions/2026-11-30-latency-model-candidates.md). Validation (:func:`validate`) repeats the choice
inside every fold of the forward-by-round protocol of python_ml.modeling.validation, next to the reference-scaling
baselines of python_ml.modeling.baselines applied to the speed (a reference chip's latest latency x its FLOP/s /
the chip's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from python_ml import scoring
from python_ml.config import DOMAIN_TOLERANCE, LEAVE_ONE_OUT_MAX_GROUPS, REFERENCE_PATTERN
from python_ml.modeling import baselines, drift, intervals, validation
from python_ml.modeling.folds import group_fold_keys

PROTOCOL = "latency_forward_by_round"
GROUP_COL = "physical_hardware_id"  # a chip: a virtualized L40S is an L40S
FAMILY = "bench_scenario"  # benchmark|scenario, as the throughput model and the baselines name a workload
# name -> the size column of the shared slope (None: none); simplest first, so that ties keep it
CANDIDATES = {"family": None, "family+bound": "latency_bound_ms", "family+bandwidth": "memory_bandwidth_gb_per_s",
              "family+peak": "peak_ops_tops"}
SHRINKAGE = (0.3, 1.0, 3.0, 10.0)  # k: prior weight of the shared level, in chips (family) / cells / rows (chip)
SLOPE_RIDGE = 1.0  # ridge penalty on the size slope (cells x log-size squared)
LEVELS = (0.80, 0.90)  # prediction interval levels


@dataclass
class LatencyModel:
    candidate: str
    shrinkage: float
    global_level: float
    family_levels: dict[str, float]
    size: str | None  # the size column of the slope (CANDIDATES)
    family_log_size: dict[str, float]  # the family's mean log size over its training cells
    slope: float
    chip_levels: dict[str, float]
    cell_levels: dict[str, float]
    drift_per_round: float
    latest_round: float
    manufacturers: list[str]
    peak_range: tuple[float, float]
    quantiles: dict[str, float] = field(default_factory=dict)  # level ('0.80') -> q on the log scale
    selection: list[dict] = field(default_factory=list)  # inner-CV criterion of every configuration

    def params(self) -> dict:
        """JSON-able description for the model registry."""
        out = asdict(self)
        out["peak_range"] = list(self.peak_range)
        return out


# ----------------------------------------------------------------------------------------------- frames


def frame(rows: pd.DataFrame) -> pd.DataFrame:
    """A latency frame (rows of ml_mlperf_latency_rows or ml_latency_bounds) with the columns the model, the
    drift and the reference-scaling baselines read: ``bench_scenario``, the chip key, ``peak_ops_tops`` and,
    for measured rows, ``per_accelerator_result`` = 1000 / latency_ms (one stream's queries per second)."""
    out = rows.reset_index(drop=True).copy()
    out[FAMILY] = out["benchmark_model"].astype(str) + "|" + out["scenario"].astype(str)
    chip = out[GROUP_COL] if GROUP_COL in out else pd.Series(np.nan, index=out.index)
    out[GROUP_COL] = chip.fillna(out["hardware_id"]).astype(str)
    out["peak_ops_tops"] = pd.to_numeric(out["peak_tera_ops_per_s"], errors="coerce")
    out["latency_bound_ms"] = pd.to_numeric(out["latency_bound_ms"], errors="coerce").astype(float)
    if "latency_ms" in out:
        out["latency_ms"] = pd.to_numeric(out["latency_ms"], errors="coerce").astype(float)
        out["per_accelerator_result"] = 1000.0 / out["latency_ms"]
    return drift.add_round_index(out)


def _cells(train: pd.DataFrame, learned: drift.Drift) -> pd.DataFrame:
    """One row per (chip, family): median log(latency / bound) at the latest round's software, log bound, rows."""
    moved = drift.normalise(train, learned)
    y = np.log(1000.0 / moved["per_accelerator_result"].to_numpy(float) / moved["latency_bound_ms"].to_numpy(float))
    rows = pd.DataFrame({"chip": moved[GROUP_COL].to_numpy(), "family": moved[FAMILY].to_numpy(), "y": y,
                         **{f"log_{c}": _log_size(moved, c) for c in SIZES}})
    return rows.groupby(["chip", "family"], sort=True).agg(
        y=("y", "median"), rows=("y", "size"), **{f"log_{c}": (f"log_{c}", "mean") for c in SIZES}).reset_index()


SIZES = tuple(c for c in CANDIDATES.values() if c)


def _log_size(feats: pd.DataFrame, column: str) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(pd.to_numeric(feats[column], errors="coerce").to_numpy(float))


def _shrunk(values: pd.Series, counts: pd.Series, k: float, toward: float = 0.0) -> pd.Series:
    return toward + counts / (counts + k) * (values - toward)


# ----------------------------------------------------------------------------------------------- fit / predict


def fit(train: pd.DataFrame, candidate: str, k: float, learned: drift.Drift | None = None,
        cells: pd.DataFrame | None = None) -> LatencyModel:
    """The model of one configuration on a latency frame's measured rows (no intervals). ``learned`` and
    ``cells``: the drift and the cells of these rows, when the caller fits several configurations on them."""
    learned = learned if learned is not None else drift.estimate(train, GROUP_COL)
    cells = cells if cells is not None else _cells(train, learned)
    mu = float(cells["y"].mean())
    by_family = cells.groupby("family")["y"].agg(["mean", "size"])
    family_levels = _shrunk(by_family["mean"], by_family["size"], k, mu)
    size = CANDIDATES[candidate]
    resid = cells["y"].to_numpy(float) - cells["family"].map(family_levels).to_numpy(float)
    family_log_size, slope, z = {}, 0.0, np.zeros(len(cells))
    if size:
        log_size = cells[f"log_{size}"]
        family_log_size = log_size.groupby(cells["family"]).mean().dropna()
        z = np.nan_to_num((log_size - cells["family"].map(family_log_size)).to_numpy(float))
        slope = float(z @ resid / (z @ z + SLOPE_RIDGE))
    resid = resid - slope * z
    by_chip = pd.Series(resid).groupby(cells["chip"].to_numpy()).agg(["mean", "size"])
    chip_levels = _shrunk(by_chip["mean"], by_chip["size"], k)
    resid = resid - cells["chip"].map(chip_levels).to_numpy(float)
    cell_levels = _shrunk(pd.Series(resid), cells["rows"].astype(float), k)
    peak = pd.to_numeric(train["peak_ops_tops"], errors="coerce").dropna()
    return LatencyModel(
        candidate=candidate, shrinkage=float(k), global_level=mu,
        family_levels={str(f): float(v) for f, v in family_levels.items()},
        size=size, family_log_size={str(f): float(v) for f, v in family_log_size.items()}, slope=slope,
        chip_levels={str(c): float(v) for c, v in chip_levels.items()},
        cell_levels={f"{c}|{f}": float(v) for c, f, v in zip(cells["chip"], cells["family"], cell_levels, strict=True)},
        drift_per_round=learned.per_round, latest_round=learned.latest_round,
        manufacturers=sorted(train["manufacturer_name"].dropna().astype(str).unique()),
        peak_range=(float(peak.min()), float(peak.max())) if len(peak) else (np.nan, np.nan),
    )


def predict(model: LatencyModel, feats: pd.DataFrame) -> pd.DataFrame:
    """Predicted latency (ms) of every row of a latency frame, with intervals (NaN where the model has no level
    for the row's family: no measured latency of that workload in training). Columns: predicted, was_clipped,
    pi80_low, pi80_high, pi90_low, pi90_high, is_seen_chip, is_out_of_domain, out_of_domain_reason."""
    family = feats[FAMILY].astype(str)
    chip = feats[GROUP_COL].astype(str)
    bound = feats["latency_bound_ms"].to_numpy(float)
    log_bound = np.log(bound)
    known = family.isin(model.family_levels).to_numpy()
    level = family.map(model.family_levels).to_numpy(float)
    if model.size:
        z = _log_size(feats, model.size) - family.map(model.family_log_size).to_numpy(float)
        level = level + model.slope * np.nan_to_num(z)
    level = level + chip.map(model.chip_levels).fillna(0.0).to_numpy(float)
    level = level + (chip + "|" + family).map(model.cell_levels).fillna(0.0).to_numpy(float)
    # drift is a change of speed: a round before the latest is slower (longer latency)
    shift = drift.log_shift(model.drift_per_round, model.latest_round, feats)
    raw = np.exp(log_bound + level - shift)
    predicted = np.where(known, np.maximum(raw, bound), np.nan)  # never below the bound
    out = pd.DataFrame(index=feats.index)
    out["predicted"] = predicted
    out["was_clipped"] = known & (raw < bound)
    for level_name, q in model.quantiles.items():
        pct = int(round(float(level_name) * 100))
        out[f"pi{pct}_low"] = np.maximum(predicted * np.exp(-q), bound)
        out[f"pi{pct}_high"] = predicted * np.exp(q)
    out["is_seen_chip"] = chip.isin(model.chip_levels).to_numpy()
    reasons = _out_of_domain(model, feats)
    out["is_out_of_domain"] = reasons.notna().to_numpy()
    out["out_of_domain_reason"] = reasons.to_numpy()
    return out


def _out_of_domain(model: LatencyModel, feats: pd.DataFrame) -> pd.Series:
    """Why a row is outside what the latency training rows cover (None when inside)."""
    low, high = model.peak_range
    peak = pd.to_numeric(feats["peak_ops_tops"], errors="coerce").to_numpy(float)
    margin = np.exp(DOMAIN_TOLERANCE)
    checks = {
        "manufacturer with no measured latency": ~feats["manufacturer_name"].astype(str).isin(model.manufacturers),
        "peak outside the measured chips' range": pd.Series(
            np.isfinite(peak) & ((peak < low / margin) | (peak > high * margin)), index=feats.index),
    }
    reasons = pd.Series(None, index=feats.index, dtype=object)
    for reason, hit in checks.items():
        hit = hit.to_numpy(bool)
        joined = reasons.where(reasons.isna(), reasons + "; " + reason)
        reasons = reasons.where(~hit, joined.where(reasons.notna(), reason))
    return reasons


# ----------------------------------------------------------------------------------------------- selection


def _inner_errors(train: pd.DataFrame, candidate: str, k: float,
                  max_groups: int = LEAVE_ONE_OUT_MAX_GROUPS) -> pd.DataFrame:
    """Leave-one-chip-out on the training rows (the folds of GroupKFold(max_groups) over chips above
    ``max_groups`` chips, python_ml.modeling.folds): chip and |log(pred/actual)| of every scorable held-out row."""
    return _inner_errors_by_configuration(train, [(candidate, k)], max_groups)[(candidate, k)]


def _inner_errors_by_configuration(train: pd.DataFrame, configurations: list[tuple[str, float]],
                                   max_groups: int) -> dict[tuple[str, float], pd.DataFrame]:
    """:func:`_inner_errors` of every (candidate, k) on the same folds: each fold's drift and cells are
    computed once and serve every configuration (the same figures as one pass per configuration)."""
    chips = train[GROUP_COL].astype(str).to_numpy()
    keys = group_fold_keys(chips, max_groups)
    parts: dict[tuple[str, float], list[pd.DataFrame]] = {c: [] for c in configurations}
    for key in sorted(np.unique(keys)):
        held = keys == key
        rest = train[~held]
        if rest[GROUP_COL].nunique() < 2:
            continue
        test = train[held]
        actual = test["latency_ms"].to_numpy(float)
        learned = drift.estimate(rest, GROUP_COL)
        cells = _cells(rest, learned)
        for candidate, k in configurations:
            model = fit(rest, candidate, k, learned, cells)
            pred = predict(model, test)["predicted"].to_numpy(float)
            ok = np.isfinite(pred)
            parts[(candidate, k)].append(
                pd.DataFrame({"chip": chips[held][ok], "score": scoring.abs_log_ratio(pred[ok], actual[ok])}))
    return {c: pd.concat(p, ignore_index=True) if p else pd.DataFrame(columns=["chip", "score"])
            for c, p in parts.items()}


def select_and_fit(train: pd.DataFrame, logger: Callable[[str], None] | None = None,
                   max_groups: int = LEAVE_ONE_OUT_MAX_GROUPS) -> LatencyModel:
    """Choose the candidate and k by leave-one-chip-out CV on ``train`` alone (grouped K-fold above ``max_groups``
    chips), fit it on all of ``train``, and calibrate its intervals on the chosen configuration's held-out
    errors."""
    table = []
    errors = _inner_errors_by_configuration(train, [(c, k) for c in CANDIDATES for k in SHRINKAGE], max_groups)
    for candidate in CANDIDATES:
        for k in SHRINKAGE:
            scores = errors[(candidate, k)]
            per_chip = scores.groupby("chip")["score"].median()
            table.append({"candidate": candidate, "shrinkage": k, "chips": int(per_chip.size),
                          "criterion": float(per_chip.mean()) if per_chip.size else np.inf})
    best = min(table, key=lambda r: r["criterion"])  # first of equals: the simpler candidate, the smaller k
    model = fit(train, best["candidate"], best["shrinkage"])
    scores = errors[(best["candidate"], best["shrinkage"])]["score"].to_numpy(float)
    model.quantiles = {f"{level:.2f}": intervals.conformal_quantile(scores, level) for level in LEVELS}
    model.selection = table
    if logger:
        chosen = ", ".join(f"{r['candidate']} k={r['shrinkage']:g} {r['criterion']:.3f}" for r in table)
        logger(f"latency model selection (inner leave-one-chip-out): {chosen}; "
               f"chosen {best['candidate']} k={best['shrinkage']:g}")
    return model


# ----------------------------------------------------------------------------------------------- validation


def _held_out(feats: pd.DataFrame, fold: validation.Fold, max_groups: int) -> pd.DataFrame:
    """The fold's held-out rows: the model chosen and fitted on the earlier rounds, and both baselines."""
    train, test = feats.loc[fold.train_idx], feats.loc[fold.test_idx]
    model = select_and_fit(train, max_groups=max_groups)
    pred = predict(model, test)
    table = baselines.reference_table(train, GROUP_COL, REFERENCE_PATTERN)
    speed = baselines.baseline_predictions(table, test)  # reference scaling of the speed 1000 / latency
    out = pd.DataFrame({
        "protocol": fold.protocol, "fold": fold.fold,
        **{c: test[c].to_numpy() for c in ("mlperf_result_id", "hardware_id", GROUP_COL, "hardware_name",
                                           "manufacturer_name", "architecture_name", "benchmark_model", "scenario",
                                           "round", drift.ROUND_ORDER)},
        "release_year": test["release_year"].to_numpy(float),
        "actual": test["latency_ms"].to_numpy(float),
        "latency_bound_ms": test["latency_bound_ms"].to_numpy(float),
        **{c: pred[c].to_numpy() for c in ("predicted", "was_clipped", "pi80_low", "pi80_high", "pi90_low",
                                           "pi90_high")},
        "baseline_reference": speed["baseline_reference"].to_numpy(),
        "baseline_flops": 1000.0 / speed["baseline_flops"].to_numpy(float),
        "baseline_bandwidth": 1000.0 / speed["baseline_bandwidth"].to_numpy(float),
        "is_seen_in_training": test[GROUP_COL].isin(set(train[GROUP_COL])).to_numpy(),
        "selected_candidate": f"{model.candidate} k={model.shrinkage:g}",
    }, index=test.index)
    return out


def validate(rows: pd.DataFrame, logger: Callable[[str], None] | None = None,
             max_groups: int = LEAVE_ONE_OUT_MAX_GROUPS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Forward by round on the measured latency rows (validation.forward_folds under PROTOCOL): train on the
    rounds before k, predict round k (each fold's selection: see :func:`select_and_fit`). Returns (metrics with
    validation.METRIC_COLUMNS, out-of-fold rows)."""
    feats = frame(rows)
    folds = validation.forward_folds(feats, GROUP_COL, logger, protocol=PROTOCOL)
    if not folds:
        return pd.DataFrame(columns=validation.METRIC_COLUMNS), pd.DataFrame()
    oof = pd.concat([_held_out(feats, f, max_groups) for f in folds], ignore_index=True)
    for f, part in oof.groupby("fold", sort=True):
        ok = part["predicted"].notna()
        err = np.median(scoring.ape(part.loc[ok, "predicted"], part.loc[ok, "actual"])) if ok.any() else np.nan
        (logger or print)(f"[{PROTOCOL}] held out {f}: {len(part)} rows, median APE {err:.1%}")
    metrics = pd.DataFrame(validation.forward_metrics(oof, GROUP_COL, protocol=PROTOCOL),
                           columns=validation.METRIC_COLUMNS)
    return metrics, oof


# ----------------------------------------------------------------------------------------------- predictions

# python_ml.latency_predictions, declared once: the write-back (python_ml.dataset), the dbt source yml and the
# staging model read these names (tests/python/test_latency.py checks the yml against it)
TABLE_COLUMNS = (
    "hardware_id", "benchmark_model", "scenario", "latency_bound_ms", "predicted_latency_ms", "pi80_low_ms",
    "pi80_high_ms", "pi90_low_ms", "pi90_high_ms", "is_seen_chip", "is_out_of_domain", "out_of_domain_reason",
    "latency_provenance", "model_version", "scored_at",
)


def prediction_table(model: LatencyModel, bounds: pd.DataFrame, model_version: str,
                     scored_at: pd.Timestamp) -> pd.DataFrame:
    """Predicted latency of every hardware x latency workload of ml_latency_bounds (rows whose family has no
    measured latency are left out), columns TABLE_COLUMNS, provenance predicted:<model_version>."""
    grid = frame(bounds)
    scored = predict(model, grid)
    out = pd.DataFrame({
        "hardware_id": grid["hardware_id"].astype(str), "benchmark_model": grid["benchmark_model"].astype(str),
        "scenario": grid["scenario"].astype(str), "latency_bound_ms": grid["latency_bound_ms"],
        "predicted_latency_ms": scored["predicted"],
        **{f"{c}_ms": scored[c] for c in ("pi80_low", "pi80_high", "pi90_low", "pi90_high")},
        "is_seen_chip": scored["is_seen_chip"].astype(bool),
        "is_out_of_domain": scored["is_out_of_domain"].astype(bool),
        "out_of_domain_reason": scored["out_of_domain_reason"],
        "latency_provenance": f"predicted:{model_version}", "model_version": model_version, "scored_at": scored_at,
    })
    out = out[out["predicted_latency_ms"].notna()].drop_duplicates(["hardware_id", "benchmark_model", "scenario"])
    return out[list(TABLE_COLUMNS)].reset_index(drop=True)
