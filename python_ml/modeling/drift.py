"""Software drift: the same chip gets faster from one MLPerf round to the next (newer software stacks).

Learned from the chips with results in two or more rounds of the rows given: per (accelerator,
benchmark/scenario) the best per-accelerator result of each round, and between consecutive rounds of that cell
the change of its log per round step (round_order difference). The drift per round step is the median of
those changes (robust to a cell whose submitter changed the system); fewer than ``MIN_PAIRS`` pairs: no drift.
A round step is one published round (about six months): ``round_index`` numbers the rounds of the history in
order (``round_order`` of ml_mlperf_history_rows: 301, 400, 401, 500 for v3.1 ... v5.0).

The training rows are normalised to the latest round they hold (result x exp(drift x (latest - round))), so the
model learns the efficiency of that round's software; a prediction is for a stated round r (default: that
latest round) and is multiplied by exp(drift x (r - latest)) before the roofline clip. A round later than the
training data is an extrapolation of the trend, as the forward-by-round validation measures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

ROUND_ORDER = "round_index"  # 1, 2, ... over the MLPerf rounds in the data, in order (add_round_index)
MIN_PAIRS = 5  # round-over-round pairs needed before a drift is learned


@dataclass(frozen=True)
class Drift:
    per_round: float  # change of log per-accelerator result per round step
    latest_round: float  # the round order the normalised rows (and a prediction by default) are for
    pairs: int  # round-over-round pairs it was learned from
    chips: int  # accelerators with results in >= 2 rounds


NO_DRIFT = Drift(0.0, float("nan"), 0, 0)


def add_round_index(feats: pd.DataFrame) -> pd.DataFrame:
    """``round_index``: the dense rank of ``round_order`` over the rows given (NaN without a round)."""
    if "round_order" not in feats:
        return feats
    order = pd.to_numeric(feats["round_order"], errors="coerce")
    return feats.assign(round_index=order.rank(method="dense"))


def round_indexes(feats: pd.DataFrame) -> dict[str, float]:
    """round name -> round_index of the rows given (what a prediction request may state)."""
    if "round" not in feats or ROUND_ORDER not in feats:
        return {}
    pairs = feats[["round", ROUND_ORDER]].dropna().drop_duplicates()
    return {str(r): float(i) for r, i in zip(pairs["round"], pairs[ROUND_ORDER], strict=True)}


def changes(feats: pd.DataFrame, group_col: str) -> pd.DataFrame:
    """Round-over-round changes of each chip's best result per benchmark/scenario: accelerator, bench_scenario,
    from/to round order and log change per round step (one row per consecutive pair of rounds of a cell)."""
    if ROUND_ORDER not in feats or feats[ROUND_ORDER].nunique() < 2:
        return pd.DataFrame(columns=[group_col, "bench_scenario", "from_round", "to_round", "log_change_per_round"])
    rows = feats[feats["per_accelerator_result"].gt(0) & feats[ROUND_ORDER].notna()]
    best = (
        rows.groupby([group_col, "bench_scenario", ROUND_ORDER], sort=True)["per_accelerator_result"].max()
        .reset_index()
    )
    cell = best.groupby([group_col, "bench_scenario"], sort=False)
    step = cell[ROUND_ORDER].diff()
    change = np.log(best["per_accelerator_result"].astype(float)).groupby(
        [best[group_col], best["bench_scenario"]], sort=False).diff()
    out = best.assign(from_round=best[ROUND_ORDER] - step, to_round=best[ROUND_ORDER],
                      log_change_per_round=change / step)
    return out.dropna(subset=["log_change_per_round"])[
        [group_col, "bench_scenario", "from_round", "to_round", "log_change_per_round"]].reset_index(drop=True)


def estimate(feats: pd.DataFrame, group_col: str) -> Drift:
    """The drift of the rows given (NO_DRIFT without round information or with too few repeated chips)."""
    if ROUND_ORDER not in feats or feats[ROUND_ORDER].notna().sum() == 0:
        return NO_DRIFT
    latest = float(feats[ROUND_ORDER].max())
    pairs = changes(feats, group_col)
    if len(pairs) < MIN_PAIRS:
        return Drift(0.0, latest, len(pairs), int(pairs[group_col].nunique()) if len(pairs) else 0)
    return Drift(float(np.median(pairs["log_change_per_round"])), latest, len(pairs), int(pairs[group_col].nunique()))


def log_shift(drift_per_round: float, latest_round: float, feats: pd.DataFrame) -> np.ndarray:
    """Log factor from the latest round's efficiency to each row's round (0 where the row states none)."""
    if not drift_per_round or ROUND_ORDER not in feats or not np.isfinite(latest_round):
        return np.zeros(len(feats))
    rounds = pd.to_numeric(feats[ROUND_ORDER], errors="coerce").to_numpy(float)
    return np.where(np.isfinite(rounds), drift_per_round * (rounds - latest_round), 0.0)


def normalise(feats: pd.DataFrame, drift: Drift) -> pd.DataFrame:
    """The rows with their results moved to the drift's latest round (unchanged without drift)."""
    if not drift.per_round:
        return feats
    shift = log_shift(drift.per_round, drift.latest_round, feats)
    return feats.assign(per_accelerator_result=feats["per_accelerator_result"].astype(float) * np.exp(-shift))
