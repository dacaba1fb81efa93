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


def _goal_lines(metrics: pd.DataFrame) -> list[str]:
    out = []
    loao = metrics[metrics["protocol"] == "loao"].set_index("model_or_baseline")
    if {"model", "baseline_flops", "baseline_bandwidth"} <= set(loao.index):
        for column, label in (("median_ape", "row-level"), ("median_ape_per_accelerator", "per-accelerator")):
            if column not in loao:
                continue
            model = loao.loc["model", column]
            best = min(loao.loc["baseline_flops", column], loao.loc["baseline_bandwidth", column])
            verdict = "met" if model <= 0.5 * best else "NOT met"
            out.append(
                f"- LOAO {label} median APE: model {_fmt(model)} vs better baseline {_fmt(best)} "
                f"(goal: at most half, i.e. {_fmt(0.5 * best)}) - **{verdict}**"
            )
        for level, column in ((0.8, "coverage_80"), (0.9, "coverage_90")):
            cov = loao.loc["model", column]
            verdict = "met" if abs(cov - level) <= 0.05 else "NOT met"
            out.append(
                f"- LOAO {int(level * 100)} % interval coverage {_fmt(cov)} (goal within 5 points) - **{verdict}**"
            )
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
        *(_goal_lines(metrics) or ["- (no leave-one-accelerator-out metrics)"]),
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
            "Configurations compared by inner leave-one-accelerator-out CV (criterion: cell-weighted mean",
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
