"""Validation report: a Markdown page (with the PNG plots of python_ml.plots), written to a given folder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from python_ml.plots import (
    per_accelerator,
    plot_error_by_accelerator,
    plot_predicted_vs_actual,
    plot_residuals_by_manufacturer,
)


def _fmt(value, kind: str = "pct") -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "-"
    if kind == "pct":
        return f"{100 * value:.1f} %"
    if kind == "ratio":
        return f"{value:.3f}"
    return str(value)


def _markdown_table(frame: pd.DataFrame, floatfmt: str = "{:.3f}") -> str:
    """A plain Markdown table (no optional dependency such as tabulate)."""
    def cell(value) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return "-"
        if isinstance(value, (float, np.floating)):
            return floatfmt.format(value)
        return str(value).replace("|", "/")

    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def _metrics_table(metrics: pd.DataFrame) -> str:
    header = (
        "| protocol | method | rows | accelerators | median APE | median APE (per accelerator) | gmean pred/actual "
        "| within ±25 % | 80 % PI coverage | 90 % PI coverage |\n|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for row in metrics.itertuples(index=False):
        lines.append(
            f"| {row.protocol} | {row.model_or_baseline} | {row.n} | {row.n_groups} | {_fmt(row.median_ape)} "
            f"| {_fmt(getattr(row, 'median_ape_per_accelerator', np.nan))} | {_fmt(row.gmean_ratio, 'ratio')} "
            f"| {_fmt(row.share_within_25pct)} | {_fmt(row.coverage_80)} | {_fmt(row.coverage_90)} |"
        )
    return header + "\n".join(lines) + "\n"


# the protocols the goals are judged on, headline first (issue 13: forward by round, chips new to the round)
GOAL_PROTOCOLS = (
    ("forward_by_round:new_chips", "Forward by round (a), chips with no result in an earlier round (headline)", 0.15),
    ("forward_by_round:seen_chips", "Forward by round (b), chips seen in an earlier round", None),
    ("loao", "Leave-one-accelerator-out (secondary)", None),
    # issue 17: SingleStream / MultiStream latency of chips new to a round within 20 % (python_ml.modeling.latency)
    ("latency_forward_by_round:new_chips", "Latency, forward by round, chips with no latency in an earlier round",
     0.20),
    ("latency_forward_by_round:seen_chips", "Latency, forward by round, chips seen in an earlier round", None),
)


def _goal_lines(metrics: pd.DataFrame) -> list[str]:
    out = []
    for protocol, label, ceiling in GOAL_PROTOCOLS:
        rows = metrics[metrics["protocol"] == protocol].set_index("model_or_baseline")
        if not {"model", "baseline_flops", "baseline_bandwidth"} <= set(rows.index):
            continue
        out.append(f"- **{label}**")
        for column, level in (("median_ape", "row-level"), ("median_ape_per_accelerator", "per-accelerator")):
            if column not in rows:
                continue
            model = rows.loc["model", column]
            best = min(rows.loc["baseline_flops", column], rows.loc["baseline_bandwidth", column])
            verdict = "met" if model <= 0.5 * best else "NOT met"
            out.append(
                f"  - {level} median APE: model {_fmt(model)} vs better baseline {_fmt(best)} "
                f"(goal: at most half, i.e. {_fmt(0.5 * best)}) - **{verdict}**"
            )
        if ceiling is not None:
            model = rows.loc["model", "median_ape"]
            verdict = "met" if model <= ceiling else "NOT met"
            out.append(f"  - row-level median APE {_fmt(model)} (goal at most {_fmt(ceiling)}) - **{verdict}**")
        for level, column in ((0.8, "coverage_80"), (0.9, "coverage_90")):
            cov = rows.loc["model", column]
            verdict = "met" if abs(cov - level) <= 0.05 else "NOT met"
            out.append(f"  - {int(level * 100)} % interval coverage {_fmt(cov)} (goal within 5 points) - **{verdict}**")
    return out


def _interval_table(metrics: pd.DataFrame, class_quantiles: dict[str, dict[str, float]]) -> pd.DataFrame:
    """Per support class: what it means, the final model's interval factors and the validated coverage."""
    from python_ml.modeling.intervals import SUPPORT_CLASSES, SUPPORT_DESCRIPTIONS

    measured = metrics[metrics["model_or_baseline"] == "model"].set_index("protocol")
    rows = []
    for name in SUPPORT_CLASSES:
        q = class_quantiles.get(name, {})
        key = f"loao_support:{name}"
        has = key in measured.index
        rows.append(
            {
                "support class": name,
                "meaning": SUPPORT_DESCRIPTIONS[name],
                "80 % interval (x/÷)": f"{np.exp(q['0.80']):.2f}" if "0.80" in q else "-",
                "90 % interval (x/÷)": f"{np.exp(q['0.90']):.2f}" if "0.90" in q else "-",
                "held-out rows": int(measured.loc[key, "n"]) if has else 0,
                "accelerators": int(measured.loc[key, "n_groups"]) if has else 0,
                "80 % coverage": _fmt(measured.loc[key, "coverage_80"]) if has else "-",
                "90 % coverage": _fmt(measured.loc[key, "coverage_90"]) if has else "-",
            }
        )
    return pd.DataFrame(rows)


def write_report(
    metrics: pd.DataFrame,
    oof: pd.DataFrame,
    bias: pd.DataFrame | None,
    output_dir: Path | str,
    roofline: pd.DataFrame | None = None,
    clip_count: int | None = None,
    title: str = "MLPerf Inference throughput model: validation report",
    extra_notes: list[str] | None = None,
    selection_table: pd.DataFrame | None = None,
    class_quantiles: dict[str, dict[str, float]] | None = None,
    anchor_table: pd.DataFrame | None = None,
) -> Path:
    """Write report.md and the PNG plots into output_dir; returns the Markdown path."""
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    lines = [f"# {title}", ""]
    lines += [
        "All figures are out-of-fold: every prediction is for an accelerator (or architecture, or release year) the",
        "model and its interval calibration did not see. Per-accelerator results are derived (system result /",
        "(accelerators per node x nodes)); MLCommons does not publish them.",
        "",
        "## Goals",
        "",
        *(_goal_lines(metrics) or ["- (no validation metrics with both baselines)"]),
        "",
        "## Metrics",
        "",
        _metrics_table(metrics),
    ]
    if len(oof) and (oof["protocol"] == "loao").any():
        lines += [
            "## Leave-one-accelerator-out, per held-out accelerator (median APE)", "",
            _markdown_table(per_accelerator(oof)), "",
        ]
    if class_quantiles:
        lines += [
            "## Prediction intervals by support class",
            "",
            "Intervals are calibrated per support class (Mondrian split-conformal): a chip with fewer training",
            "accelerators of its architecture gets the errors of held-out chips that were in the same position, and",
            "never a narrower interval than a better-supported one. Factors are the final model's; coverage is",
            "leave-one-accelerator-out, each fold's intervals calibrated on its own training rows.",
            "New-architecture intervals also pool the leave-one-architecture-out errors.",
            "",
            _markdown_table(_interval_table(metrics, class_quantiles)),
            "",
        ]
    if selection_table is not None and len(selection_table):
        lines += [
            "## Model selection",
            "",
            "Configurations compared by inner accelerator-grouped K-fold CV (criterion: cell-weighted mean",
            "|log(predicted/actual)|) on all rows, for the model written to the warehouse. In validation the same",
            "choice is made inside every training fold; how often each configuration was chosen there:",
            "",
            _markdown_table(selection_table),
            "",
        ]
        if "selected_candidate" in oof:
            counts = oof.drop_duplicates(["protocol", "fold"]).groupby(["protocol", "selected_candidate"]).size()
            lines += [_markdown_table(counts.rename("folds").reset_index()), ""]
    if anchor_table is not None and len(anchor_table):
        lines += [
            "## Extrapolation anchor (new-architecture rows)",
            "",
            "For a chip whose architecture no training accelerator shares, the prediction is a log-linear blend",
            "w x model + (1 - w) x reference scaling (the FLOP/s baseline rule), clipped to the roofline bound. w is",
            "chosen by the same criterion on the inner rows that were in that position (leave-one-architecture-out,",
            "and leave-one-accelerator-out rows without a sibling); w = 1 is the model alone. On all rows, for the",
            "model written to the warehouse:",
            "",
            _markdown_table(anchor_table),
            "",
        ]
        if "anchor_weight" in oof:
            folds = oof.groupby(["protocol", "fold"], sort=True).agg(
                anchor_weight=("anchor_weight", "first"), rows=("actual", "size"), anchored_rows=("is_anchored", "sum")
            )
            lines += ["The weight each validation fold chose on its own training rows:", "",
                      _markdown_table(folds.reset_index()), ""]
    if clip_count is not None:
        lines += [f"Predictions clipped to the roofline bound: {clip_count}.", ""]
    if roofline is not None and len(roofline):
        lines += ["## Roofline bound check (actual / bound per row)", "", _markdown_table(roofline), ""]
    if bias is not None and len(bias):
        lines += [
            "## Efficiency factors (partially pooled)",
            "",
            "factor = multiplicative efficiency relative to the spec-based prediction; std_error on the log scale.",
            "",
            _markdown_table(bias),
            "",
        ]
    lines += ["## Plots", ""]
    for protocol in sorted(oof["protocol"].unique()) if len(oof) else []:
        name = f"pred_vs_actual_{protocol}.png"
        plot_predicted_vs_actual(oof, protocol, out / name)
        lines += [f"![{protocol}]({name})", ""]
    if len(oof) and (oof["protocol"] == "loao").any():
        plot_residuals_by_manufacturer(oof, out / "residuals_by_manufacturer.png")
        lines += ["![residuals by manufacturer](residuals_by_manufacturer.png)", ""]
        plot_error_by_accelerator(oof, out / "error_by_accelerator.png")
        lines += ["![error per held-out accelerator](error_by_accelerator.png)", ""]
    if extra_notes:
        lines += ["## Notes", "", *[f"- {note}" for note in extra_notes], ""]
    path = out / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# ---- the warehouse report: one self-contained HTML page built by the main job from the marts

REPORT_TITLE = "AI hardware warehouse: trends, roofline, matrices, model and data quality"
# the marts (and python_ml's held-out predictions) the report reads; the dbt exposure `warehouse_report` lists them
REPORT_MARTS = (
    "analysis_trend_observations", "analysis_doubling_times", "dim_hardware_specs", "fct_predicted_throughput",
    "fct_accelerator_efficiency_answers", "matrix_compute_performance", "fct_model_validation",
    "fct_data_quality_flags",
)
REPORT_SOURCES = ("validation_predictions",)
HEATMAP_MAX_ROWS = 40
REPORT_CSS = (
    "body{font-family:sans-serif;max-width:1500px;margin:auto;padding:1em}"
    "img{max-width:100%;display:block;margin:.5em 0}.grid{display:flex;flex-wrap:wrap}.grid img{width:32%;margin:.3%}"
    "table.t{border-collapse:collapse;font-size:12px}"
    "table.t td,table.t th{padding:2px 8px;border-bottom:1px solid #ddd}"
)


def read_report_inputs(settings) -> dict[str, pd.DataFrame]:
    """Every relation the report draws, read through the warehouse module (no SQL here)."""
    from aihw.warehouse import load_manifest, model_relation, session, source_relation

    manifest = load_manifest(settings)
    with session(settings, read_only=True) as wh:
        relations = {**{name: model_relation(manifest, name) for name in REPORT_MARTS},
                     **{name: source_relation(manifest, name) for name in REPORT_SOURCES}}
        # a warehouse never trained has no ML marts: their sections say so instead of drawing
        return {name: wh.read_relation(relation) if wh.table_exists(relation) else pd.DataFrame()
                for name, relation in relations.items()}


def _img(path: Path) -> str:
    import base64

    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{path.stem}" src="data:image/png;base64,{data}">'


def _html_table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, border=0, float_format=lambda v: f"{v:,.3g}", na_rep="-", classes="t")


def _trend_section(frames, out: Path) -> list[str]:
    from python_ml import plots

    parts = ["<h2>Trends and doubling times</h2>",
             "<p>Each fit is a row of <code>marts.analysis_doubling_times</code> (OLS of log2 value on the year; "
             "95% interval), drawn over its observations (<code>analysis_trend_observations</code>).</p>"]
    observations, fits = frames["analysis_trend_observations"], frames["analysis_doubling_times"]
    parts.append('<div class="grid">')
    for fit in fits.itertuples(index=False):
        rows = observations[(observations["metric_name"] == fit.metric_name)
                            & (observations["year_source"] == fit.year_source)]
        if len(rows):
            path = plots.plot_trend(rows, pd.Series(fit._asdict()), f"{fit.metric_name} by {fit.year_source}",
                                    fit.metric_name, out / f"trend_{fit.metric_name}.png")
            parts.append(_img(path))
    parts.append("</div>")
    specs = frames["dim_hardware_specs"].dropna(subset=["memory_bandwidth_gb_per_s", "release_decimal_year"])
    specs = specs[specs["memory_bandwidth_gb_per_s"] > 0]
    if len(specs):
        bandwidth = specs.rename(columns={"release_decimal_year": "decimal_year",
                                          "memory_bandwidth_gb_per_s": "metric_value"})
        parts.append("<p>Memory bandwidth: no doubling-time fit in <code>analysis_doubling_times</code> yet; the "
                     "observations alone (<code>dim_hardware_specs</code>).</p>")
        parts.append(_img(plots.plot_trend(bandwidth, None, "memory bandwidth by release date", "GB/s",
                                           out / "trend_memory_bandwidth.png")))
    return parts


def _roofline_section(frames, out: Path) -> list[str]:
    from python_ml import plots

    rows = frames["fct_predicted_throughput"]
    if not len(rows):
        return ["<h2>Roofline per workload</h2>", "<p>No ML marts in this warehouse (no model trained yet).</p>"]
    rows = rows[rows["measured_results"].gt(0) & rows["measured_best_per_accelerator"].gt(0)]
    above = rows[rows["measured_best_per_accelerator"] > rows["roofline_bound_per_accelerator"] * (1 + 1e-9)]
    parts = ["<h2>Roofline per workload</h2>",
             "<p>Per MLPerf workload, each measured chip's roofline bound (compute- or bandwidth-bound rate of "
             "<code>ml_mlperf_workloads</code>) and its best measured per-accelerator throughput, in the "
             f"workload's unit. Measured points above their bound: <b>{len(above)}</b>.</p>"]
    if len(rows):
        parts.append(_img(plots.plot_roofline_by_workload(rows, out / "roofline.png")))
    return parts


def _matrix_section(frames, out: Path) -> list[str]:
    from python_ml import plots

    parts = ["<h2>Matrices</h2>"]
    answers = frames["fct_accelerator_efficiency_answers"]
    if len(answers):
        measured = answers[answers["is_measured"] & answers["throughput_per_watt"].gt(0)].copy()
        measured["workload"] = measured["benchmark_model"] + " " + measured["scenario"]
    else:
        measured = answers
    if len(measured):
        wide = measured.pivot_table(index="hardware_name", columns="workload", values="throughput_per_watt",
                                    aggfunc="max")
        share = wide / wide.max()
        parts.append("<p>Measured throughput per watt (spec TDP) as a share of the best chip of each workload "
                     "(<code>fct_accelerator_efficiency_answers</code>; 1 = best; blank = not measured).</p>")
        parts.append(_img(plots.plot_heatmap(share, "Measured throughput per watt, share of best per workload",
                                             "share of best", out / "heatmap_per_watt.png")))
    compute = frames["matrix_compute_performance"]
    columns = [c for c in compute.columns if c.endswith(("_tflops", "_tops"))]
    chips = compute.dropna(subset=columns, how="all")
    chips = chips.assign(n=chips[columns].notna().sum(axis=1)).sort_values(["n", "reference_year"], ascending=False)
    chips = chips.head(HEATMAP_MAX_ROWS).set_index("hardware_name")[columns]
    if len(chips):
        parts.append(f"<p>Peak throughput by precision, log10 TFLOP/s or TOP/s (<code>matrix_compute_performance"
                     f"</code>; the {len(chips)} chips with the most precisions reported).</p>")
        parts.append(_img(plots.plot_heatmap(np.log10(chips.where(chips > 0)), "Peak throughput by precision",
                                             "log10 TFLOP/s (TOP/s)", out / "heatmap_compute.png")))
    return parts


def _model_section(frames, out: Path) -> list[str]:
    from python_ml import plots

    parts = ["<h2>Predicted vs measured, per benchmark</h2>"]
    oof = frames["validation_predictions"]
    if len(oof):
        parts.append("<p>Held-out (leave-one-accelerator-out) predictions against the measured per-accelerator "
                     "result, log-log, one panel per benchmark and scenario (each in its own unit: units are never "
                     "pooled); dashed lines = ±25%.</p>")
        parts.append(_img(plots.plot_predicted_vs_measured_by_benchmark(oof, out / "predicted_vs_measured.png")))
    else:
        parts.append("<p>No held-out predictions in the warehouse (no model trained yet).</p>")
    validation = frames["fct_model_validation"]
    if len(validation):
        keep = ["protocol", "model_or_baseline", "evaluated_rows", "median_absolute_percentage_error",
                "median_absolute_percentage_error_per_accelerator", "coverage_80", "coverage_90"]
        parts.append(_html_table(validation[[c for c in keep if c in validation]]))
    return parts


def _drift_section(frames, out: Path) -> list[str]:
    from python_ml import plots

    answers = frames["fct_accelerator_efficiency_answers"]
    measured = answers[answers["is_measured"]] if len(answers) else pd.DataFrame({"mlperf_round": []})
    rounds = sorted(measured["mlperf_round"].dropna().unique())
    parts = ["<h2>Drift across MLPerf rounds</h2>"]
    if len(rounds) < 2:
        parts.append(f"<p>The warehouse holds {len(rounds)} MLPerf round ({', '.join(rounds) or 'none'}): no drift "
                     "to show until earlier rounds are landed.</p>")
        return parts
    chips = measured.groupby("hardware_id")["mlperf_round"].nunique()
    repeated = measured[measured["hardware_id"].isin(chips[chips > 1].index)]
    parts.append(f"<p>Measured median per accelerator of the chips measured in more than one of {len(rounds)} "
                 "rounds.</p>")
    parts.append(_img(plots.plot_rounds(repeated, out / "rounds.png")))
    return parts


def _quality_section(frames, out: Path, gx_docs: Path | None) -> list[str]:
    from python_ml import plots

    flags = frames["fct_data_quality_flags"]
    counts = (flags.groupby(["seed_name", "check_name"]).size().rename("flagged_rows").reset_index()
              .sort_values("flagged_rows", ascending=False))
    parts = ["<h2>Data-quality flags</h2>",
             f"<p>{len(flags):,} flags in <code>marts.fct_data_quality_flags</code> (rows kept and listed with "
             "their reason; values outside physical bounds nulled).</p>"]
    if len(counts):
        parts.append(_img(plots.plot_quality_flags(counts, out / "quality_flags.png")))
        parts.append(_html_table(counts))
    if gx_docs is not None and gx_docs.is_file():
        parts.append(f'<p>Great Expectations Data Docs: <a href="{gx_docs.as_uri()}">{gx_docs}</a></p>')
    return parts


def write_warehouse_report(settings, output_dir: Path | None = None) -> Path:
    """The HTML report of the warehouse of `settings` (index.html with embedded figures); returns its path."""
    import html
    import tempfile

    out = Path(output_dir or settings.reports_dir / "warehouse" / settings.target)
    out.mkdir(parents=True, exist_ok=True)
    frames = read_report_inputs(settings)
    gx_docs = settings.dbt_target_path.parent / "gx_data_docs" / settings.target / "index.html"
    with tempfile.TemporaryDirectory(prefix="aihw-report-") as tmp:
        figures = Path(tmp)
        body = [*_trend_section(frames, figures), *_roofline_section(frames, figures),
                *_matrix_section(frames, figures), *_model_section(frames, figures),
                *_drift_section(frames, figures), *_quality_section(frames, figures, gx_docs)]
    predicted = frames["fct_predicted_throughput"]
    versions = predicted["model_version"].dropna().unique() if len(predicted) else []
    page = "\n".join([
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(REPORT_TITLE)}</title>", f"<style>{REPORT_CSS}</style></head><body>",
        f"<h1>{html.escape(REPORT_TITLE)}</h1>",
        f"<p>Target <code>{html.escape(settings.target)}</code>; model version "
        f"<code>{html.escape(', '.join(versions) or 'none')}</code>.</p>",
        *body, "</body></html>",
    ])
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
