"""Validation figures (PNG, matplotlib Agg backend) and the per-accelerator error table they draw."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from python_ml import scoring  # noqa: E402

METHOD_COLUMNS = {"model": "predicted", "baseline_flops": "baseline_flops", "baseline_bandwidth": "baseline_bandwidth"}
METHOD_COLORS = {"model": "tab:blue", "baseline_flops": "tab:orange", "baseline_bandwidth": "tab:green"}


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
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


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
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


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
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
