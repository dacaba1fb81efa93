"""Validation figures (PNG, matplotlib Agg backend) and the per-accelerator error table they draw."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import NullLocator  # noqa: E402

from python_ml import scoring  # noqa: E402

METHOD_COLUMNS = {"model": "predicted", "baseline_flops": "baseline_flops", "baseline_bandwidth": "baseline_bandwidth"}
METHOD_COLORS = {"model": "tab:blue", "baseline_flops": "tab:orange", "baseline_bandwidth": "tab:green"}


def _decade_ticks_only(axis) -> None:
    """A log axis whose view holds at least two powers of ten keeps only those ticks and labels: the minor ticks
    (2..9 x 10^k, each an artist laid out for tight_layout and drawn again) were 40 % of the warehouse report's
    time, and their labels overlapped. A narrower axis keeps them (its only labels)."""
    if axis.get_scale() != "log":
        return
    low, high = sorted(axis.get_view_interval())
    if low > 0 and np.floor(np.log10(high)) - np.ceil(np.log10(low)) >= 1:
        axis.set_minor_locator(NullLocator())


def _save(fig, path: Path, dpi: int = 100) -> Path:
    """Lay out, write and close a figure."""
    for ax in fig.axes:
        _decade_ticks_only(ax.xaxis)
        _decade_ticks_only(ax.yaxis)
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path


def per_accelerator(oof: pd.DataFrame) -> pd.DataFrame:
    rows = oof[oof["protocol"] == "loao"].copy()
    for column in ("predicted", "baseline_flops", "baseline_bandwidth"):
        rows[column] = scoring.ape(rows[column], rows["actual"])
    table = rows.groupby(["fold", "hardware_name"], as_index=False).agg(
        rows=("actual", "size"), model=("predicted", "median"), baseline_flops=("baseline_flops", "median"),
        baseline_bandwidth=("baseline_bandwidth", "median"),
    )
    if "selected_candidate" in rows:
        table["selected"] = rows.groupby("fold")["selected_candidate"].first().reindex(table["fold"]).to_numpy()
    return table.drop(columns="fold").sort_values("rows", ascending=False)


def plot_predicted_vs_actual(oof: pd.DataFrame, protocol: str, path: Path) -> Path:
    rows = oof[oof["protocol"] == protocol]
    fig, axes = plt.subplots(1, 3, figsize=(15, 5), sharex=True, sharey=True)
    for ax, (method, column) in zip(axes, METHOD_COLUMNS.items(), strict=True):
        ok = rows[column].gt(0) & rows["actual"].gt(0)
        ax.scatter(rows.loc[ok, "actual"], rows.loc[ok, column], s=9, alpha=0.6, color=METHOD_COLORS[method])
        if ok.any():
            lo = min(rows.loc[ok, "actual"].min(), rows.loc[ok, column].min()) * 0.7
            hi = max(rows.loc[ok, "actual"].max(), rows.loc[ok, column].max()) * 1.4
            ax.plot([lo, hi], [lo, hi], color="black", lw=1)
            ax.plot([lo, hi], [lo * 1.25, hi * 1.25], color="grey", lw=0.8, ls="--")
            ax.plot([lo, hi], [lo / 1.25, hi / 1.25], color="grey", lw=0.8, ls="--")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(f"{protocol}: {method}")
        ax.set_xlabel("actual per-accelerator result (derived)")
    axes[0].set_ylabel("predicted (held out)")
    fig.suptitle("Predicted vs actual, log-log; dashed lines = ±25 %")
    return _save(fig, path, dpi=110)


def plot_residuals_by_manufacturer(oof: pd.DataFrame, path: Path, protocol: str = "loao") -> Path:
    rows = oof[(oof["protocol"] == protocol) & oof["predicted"].gt(0) & oof["actual"].gt(0)]
    names = sorted(rows["manufacturer_name"].dropna().unique())
    fig, ax = plt.subplots(figsize=(8, 4.5))
    data, labels = [], []
    for name in names:
        for method, column in METHOD_COLUMNS.items():
            sel = rows[(rows["manufacturer_name"] == name) & rows[column].gt(0)]
            data.append(scoring.log_ratio(sel[column], sel["actual"]))
            labels.append(f"{name}\n{method.replace('baseline_', 'b:')}")
    if data:
        parts = ax.boxplot(data, showfliers=True, patch_artist=True)
        for patch, label in zip(parts["boxes"], labels, strict=True):
            baseline = "baseline_flops" if "flops" in label else "baseline_bandwidth"
            method = "model" if label.endswith("model") else baseline
            patch.set_facecolor(METHOD_COLORS[method])
            patch.set_alpha(0.5)
        ax.set_xticks(range(1, len(labels) + 1), labels, fontsize=7)
    ax.axhline(0.0, color="black", lw=1)
    ax.set_ylabel("log(predicted / actual)")
    ax.set_title(f"Residuals by manufacturer ({protocol}, held-out accelerators)")
    return _save(fig, path, dpi=110)


def plot_error_by_accelerator(oof: pd.DataFrame, path: Path, protocol: str = "loao") -> Path:
    """Median |predicted/actual - 1| per held-out accelerator, model next to both baselines (log scale)."""
    table = per_accelerator(oof[oof["protocol"] == protocol].assign(protocol="loao"))
    fig, ax = plt.subplots(figsize=(9, 4.8))
    x = np.arange(len(table))
    width = 0.27
    for i, method in enumerate(METHOD_COLUMNS):
        ax.bar(
            x + (i - 1) * width, table[method].to_numpy(), width, label=method, color=METHOD_COLORS[method], alpha=0.8
        )
    ax.set_yscale("log")
    ax.axhline(0.25, color="grey", lw=0.8, ls="--")
    ticks = [f"{n} ({r})" for n, r in zip(table["hardware_name"], table["rows"], strict=True)]
    ax.set_xticks(x, ticks, rotation=60, ha="right", fontsize=7)
    ax.set_ylabel("median absolute percentage error")
    ax.set_title(f"Error per held-out accelerator ({protocol}; rows in brackets)")
    ax.legend(fontsize=8)
    return _save(fig, path, dpi=110)


# ---- warehouse report figures (python_ml.report.write_warehouse_report): each draws one chart from mart frames


def plot_trend(observations: pd.DataFrame, fit: pd.Series | None, title: str, unit: str, path: Path) -> Path:
    """Scatter of one metric over (decimal) years, log2 axis, with its OLS fit line and doubling time when given.

    `fit` is a row of analysis_doubling_times (doublings_per_year, doubling_time_years and its interval); the line
    passes through the mean point of the same observations, as an OLS line does."""
    fig, ax = plt.subplots(figsize=(7, 4))
    x, y = observations["decimal_year"].astype(float), np.log2(observations["metric_value"].astype(float))
    ax.scatter(x, y, s=10, alpha=0.5)
    if fit is not None and len(observations) >= 2:
        xs = np.array([x.min(), x.max()])
        ax.plot(xs, y.mean() + float(fit["doublings_per_year"]) * (xs - x.mean()), color="tab:red", lw=2,
                label=(f"doubling every {float(fit['doubling_time_years']):.2f} y (95%: "
                       f"{float(fit['doubling_time_low_years']):.2f}-{float(fit['doubling_time_high_years']):.2f})"))
        ax.legend(fontsize=8)
    ax.set_xlabel("year")
    ax.set_ylabel(f"log2({unit})")
    ax.set_title(title, fontsize=10)
    return _save(fig, path)


def plot_roofline_by_workload(rows: pd.DataFrame, path: Path) -> Path:
    """Per workload (benchmark, scenario): each measured chip's roofline bound and its measured per-accelerator
    throughput (log axis, the workload's own unit); a point above its bound would break physics."""
    groups = list(rows.groupby(["benchmark_model", "scenario", "units"]))
    cols = 3
    n_rows = int(np.ceil(len(groups) / cols)) or 1
    fig, axes = plt.subplots(n_rows, cols, figsize=(15, 3.6 * n_rows), squeeze=False)
    for ax, ((bench, scenario, units), g) in zip(axes.flat, groups, strict=False):
        g = g.sort_values("roofline_bound_per_accelerator")
        x = np.arange(len(g))
        ax.scatter(x, g["roofline_bound_per_accelerator"], marker="_", s=300, color="black", label="roofline bound")
        ax.scatter(x, g["measured_best_per_accelerator"], color="tab:blue", s=18, label="measured (best)")
        ax.set_yscale("log")
        ax.set_xticks(x, g["hardware_name"].str.replace("NVIDIA ", ""), rotation=60, ha="right", fontsize=6)
        ax.set_title(f"{bench} {scenario}", fontsize=9)
        ax.set_ylabel(f"{units} per accelerator", fontsize=8)
    for ax in list(axes.flat)[len(groups):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    return _save(fig, path)


def plot_heatmap(matrix: pd.DataFrame, title: str, colorbar_label: str, path: Path) -> Path:
    """A labelled heatmap of a numeric matrix (rows x columns); missing cells stay blank."""
    fig, ax = plt.subplots(figsize=(max(6, 0.55 * matrix.shape[1] + 4), max(3, 0.28 * matrix.shape[0] + 1.5)))
    image = ax.imshow(np.ma.masked_invalid(matrix.to_numpy(dtype=float)), aspect="auto", cmap="viridis")
    ax.set_xticks(range(matrix.shape[1]), matrix.columns, rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(matrix.shape[0]), matrix.index, fontsize=7)
    fig.colorbar(image, ax=ax, label=colorbar_label)
    ax.set_title(title, fontsize=10)
    return _save(fig, path)


def plot_predicted_vs_measured_by_benchmark(oof: pd.DataFrame, path: Path, protocol: str = "loao") -> Path:
    """Held-out predicted vs measured, one panel per benchmark and scenario (never pooled across units)."""
    rows = oof[(oof["protocol"] == protocol) & oof["predicted"].gt(0) & oof["actual"].gt(0)]
    groups = list(rows.groupby(["benchmark_model", "scenario"]))
    cols = 4
    n_rows = int(np.ceil(len(groups) / cols)) or 1
    fig, axes = plt.subplots(n_rows, cols, figsize=(16, 3.4 * n_rows), squeeze=False)
    for ax, ((bench, scenario), g) in zip(axes.flat, groups, strict=False):
        ax.scatter(g["actual"], g["predicted"], s=10, alpha=0.7)
        lo, hi = min(g["actual"].min(), g["predicted"].min()) * 0.7, max(g["actual"].max(), g["predicted"].max()) * 1.4
        ax.plot([lo, hi], [lo, hi], color="black", lw=1)
        for factor in (1.25, 1 / 1.25):
            ax.plot([lo, hi], [lo * factor, hi * factor], color="grey", lw=0.7, ls="--")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ape = np.median(np.abs(g["predicted"] / g["actual"] - 1))
        ax.set_title(f"{bench} {scenario} ({protocol}): median APE {100 * ape:.0f}% (n={len(g)})", fontsize=8)
        ax.set_xlabel("measured per accelerator", fontsize=7)
        ax.set_ylabel("predicted (held out)", fontsize=7)
    for ax in list(axes.flat)[len(groups):]:
        ax.axis("off")
    return _save(fig, path)


def plot_rounds(rows: pd.DataFrame, path: Path) -> Path:
    """Measured median per accelerator by MLPerf round, one line per chip, per benchmark/scenario (first six)."""
    groups = list(rows.groupby(["benchmark_model", "scenario", "throughput_units"]))[:6]
    fig, axes = plt.subplots(1, max(len(groups), 1), figsize=(4 * max(len(groups), 1), 3.5), squeeze=False)
    for ax, ((bench, scenario, units), g) in zip(axes.flat, groups, strict=False):
        for name, chip in g.groupby("hardware_name"):
            chip = chip.sort_values("mlperf_round")
            ax.plot(chip["mlperf_round"], chip["measured_median_per_accelerator"], marker="o", label=name)
        ax.set_yscale("log")
        ax.set_title(f"{bench} {scenario}", fontsize=9)
        ax.set_ylabel(f"{units} per accelerator", fontsize=8)
    return _save(fig, path)


def plot_quality_flags(counts: pd.DataFrame, path: Path) -> Path:
    """Flagged rows per source seed and check (fct_data_quality_flags)."""
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(counts) + 1.5))
    labels = counts["seed_name"] + ": " + counts["check_name"]
    ax.barh(labels, counts["flagged_rows"], color="tab:orange")
    ax.set_xlabel("flagged rows")
    ax.set_title("Data-quality flags (rows kept and flagged, or values nulled by a physical bound)", fontsize=10)
    return _save(fig, path)
