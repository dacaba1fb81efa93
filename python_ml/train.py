"""Training run: read the contracted marts, fit, validate, predict, and write everything back at once.

Reads   marts.ml_mlperf_training_rows, marts.ml_hardware_features, marts.ml_mlperf_workloads and
        intermediate.int_imputation__hardware_inputs (relations from the dbt manifest)
Writes  python_ml source tables: predictions, validation_metrics, validation_predictions, bias_factors,
        throughput_estimates, throughput_estimate_cv (replaced) and model_versions (appended) — in ONE transaction; artifact artifacts/<version>.skops;
        a validation report with plots under reports/<version>/.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pandas as pd

from python_ml import registry
from aihw.config import Settings
from aihw.warehouse import load_manifest, model_relation, session, source_relation

MODEL_NAME = "mlperf_throughput"
TRAINING_MART = "ml_mlperf_training_rows"
HARDWARE_MART = "ml_hardware_features"
WORKLOADS_MART = "ml_mlperf_workloads"
IMPUTATION_INPUTS = "int_imputation__hardware_inputs"


@dataclass
class TrainResult:
    model_version: str
    training_rows: int
    predictions: int
    metrics: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict)
    report_path: str = ""

    def summary(self) -> str:
        lines = [f"model version {self.model_version}: {self.training_rows} training rows, "
                 f"{self.predictions} predictions written"]
        if not self.metrics.empty:
            cols = [c for c in ("protocol", "model_or_baseline", "n", "median_ape", "gmean_ratio", "share_within_25pct",
                                "coverage_80", "coverage_90") if c in self.metrics.columns]
            lines.append(self.metrics[cols].to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        if self.report_path:
            lines.append(f"validation report: {self.report_path}")
        return "\n".join(lines)


def read_inputs(settings: Settings) -> dict[str, pd.DataFrame]:
    manifest = load_manifest(settings)
    with session(settings) as wh:
        return {
            name: wh.read_relation(model_relation(manifest, name))
            for name in (TRAINING_MART, HARDWARE_MART, WORKLOADS_MART, IMPUTATION_INPUTS)
        }


# Predictions in the warehouse are per accelerator in a single node of this many accelerators: the most common
# MLPerf datacenter system, and large enough that the 70B/405B models' weights fit on most hardware.
SCORING_ACCELERATORS = 8


def scoring_frame(hardware: pd.DataFrame, training: pd.DataFrame) -> pd.DataFrame:
    """Every hardware with specs x every benchmark/scenario the model knows, in an 8-accelerator node."""
    combos = training[["benchmark_model", "scenario", "units"]].drop_duplicates()
    frame = hardware.merge(combos, how="cross")
    frame["accelerator_count"] = SCORING_ACCELERATORS
    frame["node_count"] = 1
    frame["physical_hardware_id"] = frame["spec_hardware_id"]
    return frame


def _progress(message: str) -> None:
    print(f"[python_ml] {message}", flush=True)


def train_and_write_back(settings: Settings) -> TrainResult:
    from python_ml import features, imputation, models, report, selection, validation

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    inputs = read_inputs(settings)
    training, hardware = inputs[TRAINING_MART], inputs[HARDWARE_MART]
    workloads = features.normalize_workloads(inputs[WORKLOADS_MART])
    _progress(f"read {len(training)} training rows, {len(hardware)} hardware rows, {len(workloads)} workloads")
    timings["read"] = time.perf_counter() - t0

    fingerprint = registry.data_fingerprint(training)
    version, trained_at = registry.new_version(MODEL_NAME, fingerprint)
    params = models.default_params()

    t = time.perf_counter()
    _progress("validating (leave-one-accelerator-out, leave-one-architecture-out, temporal) ...")
    metrics, oof = validation.run_all(training, workloads, params, progress=_progress)
    timings["validate"] = time.perf_counter() - t

    t = time.perf_counter()
    _progress("choosing the configuration on all rows (inner leave-one-accelerator-out) and fitting ...")
    fitted, chosen = selection.select_and_fit(training, workloads, params, calibration=oof, logger=_progress)
    registry_params = {
        **chosen.params, "selection": chosen.table.to_dict(orient="records"), "interval_quantiles": fitted.class_quantiles,
        "anchor_weight": chosen.anchor_weight, "anchor_selection": chosen.anchor_table.to_dict(orient="records"),
    }
    scored = models.predict(fitted, scoring_frame(hardware, training))
    bias = models.bias_factors(fitted).assign(is_applied=True, candidate=chosen.chosen)
    if not selection.has_year_term(chosen.params):
        # the chosen configuration makes no release-year adjustment: still estimate the year factors (with
        # their uncertainty) from the best configuration that has one, marked as not applied to predictions
        ranked = chosen.table.sort_values("criterion", kind="stable")["candidate"]
        with_year = next(c for c in ranked if selection.has_year_term(selection.candidate_params(params, c)))
        _progress(f"year factors (not applied: the chosen configuration has none) from {with_year} ...")
        year_model = models.fit(training, selection.candidate_params(params, with_year), workloads, calibration=oof)
        year_rows = models.bias_factors(year_model).query("level == 'year'")
        bias = pd.concat([bias, year_rows.assign(is_applied=False, candidate=with_year)], ignore_index=True)
    timings["fit + predict"] = time.perf_counter() - t

    t = time.perf_counter()
    _progress("estimating FP32/FP16 throughput for GPUs without spec sheets (grouped CV by architecture) ...")
    estimates, estimate_cv = imputation.fit_and_estimate(inputs[IMPUTATION_INPUTS])
    timings["throughput estimates"] = time.perf_counter() - t

    scored_at = pd.Timestamp(datetime.now(timezone.utc)).tz_localize(None)
    predictions = features.prediction_table(scored, version, scored_at)
    predictions["accelerator_count"] = SCORING_ACCELERATORS
    for frame in (metrics, oof, bias, estimates, estimate_cv):
        frame["model_version"] = version

    artifact = registry.save_artifact(fitted, settings.artifacts_dir, version)
    summary_metrics = validation.headline(metrics)
    mv = registry.ModelVersion(
        model_version=version, model_name=MODEL_NAME, trained_at=trained_at,
        code_version=registry.code_version(settings.project_root), data_fingerprint=fingerprint,
        params=registry_params, metrics=summary_metrics, artifact_path=str(artifact.relative_to(settings.project_root))
        if artifact.is_relative_to(settings.project_root) else str(artifact),
    )

    t = time.perf_counter()
    manifest = load_manifest(settings)
    with session(settings) as wh:
        wh.write_tables(
            replace={
                source_relation(manifest, "predictions"): predictions,
                source_relation(manifest, "validation_metrics"): metrics,
                source_relation(manifest, "validation_predictions"): oof,
                source_relation(manifest, "bias_factors"): bias,
                source_relation(manifest, "throughput_estimates"): estimates,
                source_relation(manifest, "throughput_estimate_cv"): estimate_cv,
            },
            append={source_relation(manifest, "model_versions"): mv.as_frame()},
        )
    timings["write-back"] = time.perf_counter() - t

    out_dir = settings.reports_dir / version
    report_path = report.write_report(
        metrics, oof, bias, out_dir, roofline=features.roofline_report(features.add_roofline(training, workloads)),
        clip_count=int(scored["was_clipped"].sum()), selection_table=chosen.table,
        class_quantiles=fitted.class_quantiles, anchor_table=chosen.anchor_table,
    )
    _progress(f"wrote {len(predictions)} predictions and the validation report to {report_path}")
    return TrainResult(version, len(training), len(predictions), metrics, timings, str(report_path))
