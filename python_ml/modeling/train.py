"""Training run (the main job's ML step): read, build the features once, validate, select and fit, predict,
estimate throughputs for products without spec sheets, and write everything back at once.

Writes the python_ml source tables (python_ml.dataset), the artifact artifacts/<version>.npz and a validation
report with plots under reports/<version>/.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import pandas as pd
from threadpoolctl import threadpool_limits

from aihw.config import Settings
from python_ml import dataset, precisions, registry, report
from python_ml.config import MLSettings, ml_settings
from python_ml.features import build_features
from python_ml.imputation import RatioRule, fit_and_estimate
from python_ml.modeling import (
    drift,
    estimator,
    latency,
    outputs,
    scaling_model,
    selection,
    state,
    validation,
    workload_precision,
)
from python_ml.modeling.bias import bias_factors
from python_ml.modeling.predict import predict
from python_ml.roofline import normalize_workloads, roofline_report

MODEL_NAME = "mlperf_throughput"
SUMMARY_COLUMNS = ("protocol", "model_or_baseline", "n", "median_ape", "gmean_ratio", "share_within_25pct",
                   "coverage_80", "coverage_90")


@dataclass
class TrainResult:
    model_version: str
    training_rows: int
    predictions: int
    metrics: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict)
    report_path: str = ""

    def summary(self) -> str:
        lines = [
            f"model version {self.model_version}: {self.training_rows} training rows, "
            f"{self.predictions} predictions written"
        ]
        if not self.metrics.empty:
            cols = [c for c in SUMMARY_COLUMNS if c in self.metrics.columns]
            lines.append(self.metrics[cols].to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        if self.report_path:
            lines.append(f"validation report: {self.report_path}")
        return "\n".join(lines)


@dataclass
class Fitted:
    """What selecting and fitting on all rows produced."""

    model: state.FittedModel
    chosen: selection.Selection
    bias: pd.DataFrame
    registry_params: dict


def _progress(message: str) -> None:
    print(f"[python_ml] {message}", flush=True)


def _year_factors_if_not_applied(feats: pd.DataFrame, workloads: pd.DataFrame, params: dict,
                                 chosen: selection.Selection, calibration: pd.DataFrame) -> pd.DataFrame | None:
    """Year factors of the best configuration with a release-year term, marked not applied, when the chosen
    configuration makes no release-year adjustment (None otherwise: its own year rows are applied)."""
    if selection.has_year_term(chosen.params):
        return None
    ranked = chosen.table.sort_values("criterion", kind="stable")["candidate"]
    with_year = next(c for c in ranked if selection.has_year_term(selection.candidate_params(params, c)))
    _progress(f"year factors (not applied: the chosen configuration has none) from {with_year} ...")
    year_model = estimator.fit(feats, selection.candidate_params(params, with_year), workloads=workloads,
                               calibration=calibration)
    return bias_factors(year_model).query("level == 'year'").assign(is_applied=False, candidate=with_year)


def select_and_fit_all(feats: pd.DataFrame, workloads: pd.DataFrame, params: dict, oof: pd.DataFrame) -> Fitted:
    """Choose the configuration on all rows (inner folds by accelerator), fit it, and its factors."""
    model, chosen = selection.select_and_fit(feats, params, workloads=workloads, calibration=oof, logger=_progress)
    registry_params = {
        **chosen.params, "selection": chosen.table.to_dict(orient="records"),
        "interval_quantiles": model.class_quantiles,
        "anchor_weight": chosen.anchor_weight, "anchor_selection": chosen.anchor_table.to_dict(orient="records"),
    }
    bias = bias_factors(model).assign(is_applied=True, candidate=chosen.chosen)
    year_rows = _year_factors_if_not_applied(feats, workloads, params, chosen, oof)
    if year_rows is not None:
        bias = pd.concat([bias, year_rows], ignore_index=True)
    return Fitted(model, chosen, bias, registry_params)


def _model_version_row(settings: Settings, version: str, trained_at, fingerprint: str, fitted: Fitted,
                       metrics: pd.DataFrame) -> pd.DataFrame:
    artifact = registry.artifact_path(settings.artifacts_dir, version)
    mv = registry.ModelVersion(
        model_version=version, model_name=MODEL_NAME, trained_at=trained_at,
        code_version=registry.code_version(settings.project_root), data_fingerprint=fingerprint,
        params=fitted.registry_params, metrics=validation.headline(metrics),
        artifact_path=str(artifact.relative_to(settings.project_root))
        if artifact.is_relative_to(settings.project_root) else str(artifact),
    )
    return mv.as_frame()


def _timed(timings: dict[str, float], name: str, started: float) -> None:
    timings[name] = time.perf_counter() - started


def train_and_write_back(settings: Settings) -> TrainResult:
    # BLAS on one thread in this process: the fits are small (p ~ 100 columns), the parallelism is the validation's
    # fold processes (joblib limits theirs the same way), and OpenBLAS's idle threads spin: with them the whole
    # training took 27.5 s wall / 44.8 s CPU on 2 cores, without 24 s / 38 s; validation tables identical,
    # predictions equal to floating-point rounding (largest difference 1.3e-9 on values of 1e2 to 1e5)
    with threadpool_limits(limits=1, user_api="blas"):
        return _train_and_write_back(settings)


def _train_and_write_back(settings: Settings) -> TrainResult:
    ml: MLSettings = ml_settings(settings.project_root)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    inputs = dataset.read_inputs(settings)
    training, workloads = inputs.training, normalize_workloads(inputs.workloads)
    _progress(f"read {len(training)} training rows, {len(inputs.hardware)} hardware rows, {len(workloads)} workloads")
    rules = precisions.load_rules(settings.project_root)  # submission precision per benchmark x chip family x round
    # the ONE feature frame of the training rows
    feats = drift.add_round_index(build_features(precisions.annotate(training, rules), workloads))
    _timed(timings, "read + features", t)

    fingerprint = registry.data_fingerprint(training)
    version, trained_at = registry.new_version(MODEL_NAME, fingerprint)
    params = state.default_params()

    t = time.perf_counter()
    _progress("validating (leave-one-accelerator-out, leave-one-architecture-out, temporal, forward by round) ...")
    metrics, oof = validation.validate(feats, params, workloads=workloads, reference_pattern=ml.reference_pattern,
                                       protocols=validation.PROTOCOLS,
                                       logger=_progress, candidates=tuple(selection.CANDIDATES),
                                       n_jobs=ml.validation_jobs, max_groups=ml.leave_one_out_max_groups)
    marts = dataset.read_marts(settings, (dataset.SCALING_PAIRS_MART, dataset.HARDWARE_PRECISIONS_MART))
    pairs = scaling_model.prepare(marts[dataset.SCALING_PAIRS_MART])
    scaling_metrics = scaling_model.forward_metrics(scaling_model.forward_predictions(pairs),
                                                    validation.METRIC_COLUMNS)
    _progress(f"scaling model: {len(pairs)} measured pairs, forward by round: "
              f"{int(scaling_metrics['n'].iloc[0]) if len(scaling_metrics) else 0} held-out pairs")
    metrics = pd.concat([metrics, scaling_metrics], ignore_index=True)
    scaling_table = scaling_model.fit(pairs).table()  # the model the what-if CLI uses, on every pair
    _timed(timings, "validate", t)

    t = time.perf_counter()
    _progress("choosing the configuration on all rows (inner folds by accelerator) and fitting ...")
    fitted = select_and_fit_all(feats, workloads, params, oof)
    fitted.model = replace(fitted.model, precision_rules=rules)
    grid = build_features(
        precisions.annotate(outputs.scoring_frame(inputs.hardware, training, ml.scoring_accelerators), rules), workloads
    )
    scored = predict(fitted.model, grid)
    _timed(timings, "fit + predict", t)

    t = time.perf_counter()
    _progress("latency model: forward by round, then chosen and fitted on every round ...")
    latency_inputs = dataset.read_latency_inputs(settings)
    latency_metrics, latency_oof = latency.validate(latency_inputs.rows, logger=_progress,
                                                    max_groups=ml.leave_one_out_max_groups)
    latency_model = latency.select_and_fit(latency.frame(latency_inputs.rows), logger=_progress,
                                           max_groups=ml.leave_one_out_max_groups)
    fitted.registry_params["latency"] = latency_model.params()
    # the latency protocols join the throughput model's in ml.validation_* (after the throughput model's
    # calibration has read its own out-of-fold rows)
    metrics = pd.concat([metrics, latency_metrics], ignore_index=True)
    oof = pd.concat([oof, latency_oof.assign(is_anchored=False)], ignore_index=True)
    _timed(timings, "latency", t)

    t = time.perf_counter()
    _progress("estimating FP32/FP16 throughput for GPUs without spec sheets (grouped CV by architecture) ...")
    estimates, estimate_cv = fit_and_estimate(inputs.hardware_specs, RatioRule.from_settings(ml))
    _timed(timings, "throughput estimates", t)

    scored_at = pd.Timestamp(datetime.now(UTC)).tz_localize(None)
    predictions = outputs.prediction_table(scored, {"model_version": version, "scored_at": scored_at,
                                                    "accelerator_count": ml.scoring_accelerators})
    latency_predictions = latency.prediction_table(latency_model, latency_inputs.bounds, version, scored_at)
    _progress(f"workload x precision: {workload_precision.two_precision_groups(feats)} chip x benchmark x scenario "
              "group(s) measured at two precisions (WIDENING is an assumption when 0)")
    precision_table = workload_precision.predictions(grid, scored, marts[dataset.HARDWARE_PRECISIONS_MART],
                                                     fitted.model, {"model_version": version, "scored_at": scored_at})
    for frame in (metrics, oof, fitted.bias, estimates, estimate_cv, scaling_table):
        frame["model_version"] = version
    model_version_row = _model_version_row(settings, version, trained_at, fingerprint, fitted, metrics)

    # artifact and report are written under partial names and moved into place only when the write-back and the
    # report have succeeded: a failed (or killed) run leaves no artifact or report under a version's name
    artifact = registry.artifact_path(settings.artifacts_dir, version)
    report_dir = settings.reports_dir / version
    partials = (registry.partial_path(artifact), registry.partial_path(report_dir))
    try:
        registry.save_artifact(fitted.model, settings.artifacts_dir, version)
        t = time.perf_counter()
        dataset.write_back(settings, {
            "predictions": predictions, "validation_metrics": metrics, "validation_predictions": oof,
            "bias_factors": fitted.bias, "throughput_estimates": estimates, "throughput_estimate_cv": estimate_cv,
            "latency_predictions": latency_predictions,
            "workload_precision_predictions": precision_table, "scaling_efficiency": scaling_table,
        }, model_version_row)
        _timed(timings, "write-back", t)

        report.write_report(
            metrics, oof, fitted.bias, partials[1], roofline=roofline_report(feats),
            clip_count=int(scored["was_clipped"].sum()), selection_table=fitted.chosen.table,
            class_quantiles=fitted.model.class_quantiles, anchor_table=fitted.chosen.anchor_table,
        )
        registry.publish(artifact, report_dir)
    except BaseException:
        registry.discard(*partials)
        raise
    report_path = report_dir / "report.md"
    _progress(f"wrote {len(predictions)} predictions, {len(latency_predictions)} latency predictions and the "
              f"validation report to {report_path}")
    return TrainResult(version, len(training), len(predictions), metrics, timings, str(report_path))
