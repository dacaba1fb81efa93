"""The precision MLPerf submissions of a benchmark ran at on a chip family, per round.

``seeds/reference/mlperf_submission_precisions.csv`` (sourced, one row per benchmark x architecture x first
round): from that round on, submissions of the benchmark on that architecture ran at ``compute_precision_bits``
(e.g. FP4 Llama 2 70B on Blackwell from v4.1). A row of a later round or of no stated round (a what-if query:
the latest round) takes the latest rule whose first round is not after it; no rule: the workload's own
precision (mlperf_workloads.compute_precision_bits). The roofline's compute bound and the weights' memory
then use that precision (python_ml.roofline).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = Path("seeds") / "reference" / "mlperf_submission_precisions.csv"
RULE_COLUMNS = ("benchmark_model", "architecture", "first_round_order", "compute_precision_bits")
COLUMN = "submission_precision_bits"  # the per-row precision the roofline reads when present


def round_order(round_name: str) -> float:
    """'v4.1' -> 401, as the warehouse's mlperf_round_order macro (major x 100 + minor)."""
    major, minor = str(round_name).strip().lstrip("vV").split(".")
    return float(int(major) * 100 + int(minor))


def load_rules(project_root: Path) -> dict[str, list]:
    """The seed as plain lists (skops-safe: a fitted model carries the rules it was trained with)."""
    seed = pd.read_csv(project_root / SEED, dtype=str, keep_default_na=False)
    return {
        "benchmark_model": seed["benchmark_model"].str.strip().tolist(),
        "architecture": seed["architecture_name"].str.strip().str.lower().tolist(),
        "first_round_order": [round_order(r) for r in seed["first_round"]],
        "compute_precision_bits": seed["compute_precision_bits"].astype(float).tolist(),
    }


def annotate(frame: pd.DataFrame, rules: dict[str, list]) -> pd.DataFrame:
    """``frame`` with COLUMN: the rule's precision for each row (NaN where no rule applies)."""
    bits = np.full(len(frame), np.nan)
    if rules and len(rules.get("benchmark_model", [])) and "architecture_name" in frame:
        table = pd.DataFrame(rules, columns=list(RULE_COLUMNS)).sort_values("first_round_order", kind="stable")
        bench = frame["benchmark_model"].astype(str).str.strip().to_numpy()
        arch = frame["architecture_name"].fillna("").astype(str).str.strip().str.lower().to_numpy()
        rounds = (pd.to_numeric(frame["round_order"], errors="coerce").to_numpy(float) if "round_order" in frame
                  else np.full(len(frame), np.nan))
        rounds = np.where(np.isfinite(rounds), rounds, np.inf)  # no stated round: the latest rule
        for rule in table.itertuples(index=False):  # later first rounds overwrite earlier ones
            applies = (bench == rule.benchmark_model) & (arch == rule.architecture) & (rounds >= rule.first_round_order)
            bits[applies] = rule.compute_precision_bits
    return frame.assign(**{COLUMN: bits})
