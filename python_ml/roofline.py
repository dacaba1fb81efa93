"""Workload figures and the physical roofline bound of per-accelerator MLPerf Inference throughput.

Pure pandas/numpy: every function takes and returns DataFrames; nothing here reads the warehouse.

Input rows (one per MLPerf result, already resolved to hardware) carry the hardware specs in staging units
(``fp32_tflops``, ``tensor_fp16_bf16_tflops``, ``int8_tops``, optional ``fp8_tflops`` / ``fp4_tflops``,
``memory_bandwidth_gb_per_s``, ``memory_size_gb``, ``tdp_watts`` ...), the benchmark (``benchmark_model``,
``scenario``) and, for training rows, the derived ``per_accelerator_result`` (system result divided by
accelerators per node x nodes).

Roofline bound (docs/ml_workloads.md explains each figure):

    roofline = min(compute bound, bandwidth bound)
    compute bound   = peak dense ops/s at the workload's precision / FLOPs per unit of work
    bandwidth bound = memory bandwidth / DRAM bytes that cannot be amortized over a batch, per unit of work

Work figures in ``seeds/reference/mlperf_workloads.csv`` are deliberate lower bounds (LLMs: decode-only
FLOPs, no prefill or attention; vision: backbone only ...) so that the bound is a true upper bound. For
batched LLM decoding the weights are read once per batch and the batch size is not known, so weight bytes
are NOT in the bandwidth term (a weights-per-token term would be violated by every batched result); only the
per-sequence KV-cache reads are, which no batching can share. With MLPerf's large batches the compute bound
is the binding one for every row of v5.0; :func:`roofline_report` measures this and counts violations.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

WORKLOAD_NUMERIC = (
    "parameters",
    "active_parameters",
    "compute_precision_bits",
    "weight_bytes",
    "flops_per_unit",
    "mean_output_tokens_per_sample",
    "beams",
    "kv_cache_bytes_per_context_token",
    "min_dram_bytes_per_unit",
)


def normalize_workloads(frame: pd.DataFrame) -> pd.DataFrame:
    """Workload figures with numeric columns as float (NaN when blank) and the rest as str ('' when blank).

    Accepts the seed CSV read as text or the same table read back from the warehouse (typed columns).
    """
    out = frame.copy()
    for column in out.columns:
        if column in WORKLOAD_NUMERIC:
            values = out[column].astype(object).where(out[column].notna(), None)
            values = values.map(lambda v: np.nan if v is None or (isinstance(v, str) and v.strip() == "") else v)
            out[column] = pd.to_numeric(values, errors="raise").astype(float)
        else:
            out[column] = out[column].astype(object).where(out[column].notna(), "").astype(str)
    if out["benchmark_model"].duplicated().any():
        raise ValueError("mlperf_workloads: duplicated benchmark_model")
    return out


def load_workloads(path: Path | str) -> pd.DataFrame:
    """The reviewed workload figures (one row per MLPerf benchmark_model), numeric columns as float."""
    return normalize_workloads(pd.read_csv(path, dtype=str, keep_default_na=False))


def spec(frame: pd.DataFrame, column: str) -> pd.Series:
    if column in frame.columns:
        return pd.to_numeric(frame[column], errors="coerce").astype(float)
    return pd.Series(np.nan, index=frame.index, dtype=float)


# peak-ops sources that are not the chip's own figure at the precision (peak_ops_imputed in the features)
IMPUTED_PEAK_SOURCES = ("2x_16bit_tensor", "half_fp4_tflops", "2x_8bit", "4x_16bit_tensor")


def peak_ops(frame: pd.DataFrame, precision_bits: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Peak dense ops/s (in TOPS) at each row's precision and where the figure came from.

    8-bit: the larger of int8_tops and fp8_tflops (a submitter uses whichever 8-bit format runs faster); a
    chip given only an FP4 figure: half of it (every FP4-capable tensor core runs 8-bit at half its FP4 rate);
    if none is known, twice the dense 16-bit tensor peak (every tensor-core generation in the data runs
    8-bit at twice the 16-bit rate), flagged as imputed. 4-bit (a submission in FP4): fp4_tflops, else twice the
    8-bit peak, else four times the 16-bit one. 16-bit: tensor FP16/BF16, else FP16, else FP32.
    """
    int8 = spec(frame, "int8_tops")
    fp8 = spec(frame, "fp8_tflops")
    fp4 = spec(frame, "fp4_tflops")
    tensor16 = spec(frame, "tensor_fp16_bf16_tflops")
    fp16 = spec(frame, "fp16_tflops")
    fp32 = spec(frame, "fp32_tflops")
    eight = pd.concat([int8, fp8], axis=1).max(axis=1, skipna=True)
    sixteen = tensor16.fillna(fp16).fillna(fp32)
    value = pd.Series(np.nan, index=frame.index, dtype=float)
    source = pd.Series("missing", index=frame.index, dtype=object)
    bits = precision_bits.fillna(8)
    is4 = bits.le(4)
    is8 = bits.le(8) & ~is4
    have8 = is8 & eight.notna()
    value[have8] = eight[have8]
    source[have8 & int8.ge(fp8.fillna(-1))] = "int8_tops"
    source[have8 & fp8.gt(int8.fillna(-1))] = "fp8_tflops"
    from_fp4 = is8 & eight.isna() & fp4.notna()
    value[from_fp4] = fp4[from_fp4] / 2.0
    source[from_fp4] = "half_fp4_tflops"
    imputed8 = is8 & eight.isna() & fp4.isna() & sixteen.notna()
    value[imputed8] = 2.0 * sixteen[imputed8]
    source[imputed8] = "2x_16bit_tensor"
    for mask, values, name in (
        (is4 & fp4.notna(), fp4, "fp4_tflops"),
        (is4 & fp4.isna() & eight.notna(), 2.0 * eight, "2x_8bit"),
        (is4 & fp4.isna() & eight.isna() & sixteen.notna(), 4.0 * sixteen, "4x_16bit_tensor"),
    ):
        value[mask] = values[mask]
        source[mask] = name
    is16 = ~is8 & ~is4 & sixteen.notna()
    value[is16] = sixteen[is16]
    source[is16] = "tensor_fp16_bf16_tflops"
    return value, source


def precision_bits(frame: pd.DataFrame) -> pd.Series:
    """The precision a row's workload runs at: the submission precision of its benchmark on its chip family
    and round (python_ml.precisions, column submission_precision_bits) where a rule applies, else the
    workload's own (compute_precision_bits)."""
    own = spec(frame, "compute_precision_bits")
    return spec(frame, "submission_precision_bits").fillna(own) if "submission_precision_bits" in frame else own


def attach_workloads(frame: pd.DataFrame, workloads: pd.DataFrame) -> pd.DataFrame:
    """Left-join the workload figures on benchmark_model (unknown benchmarks keep NaN figures)."""
    keep = ["benchmark_model", "workload_class", "unit_of_work", *WORKLOAD_NUMERIC]
    merged = frame.drop(columns=[c for c in keep if c != "benchmark_model" and c in frame.columns]).merge(
        workloads[keep], on="benchmark_model", how="left", validate="many_to_one"
    )
    merged.index = frame.index
    expected = workloads.set_index("benchmark_model")[["expected_units_offline", "expected_units_server"]]
    offline = merged["benchmark_model"].map(expected["expected_units_offline"])
    server = merged["benchmark_model"].map(expected["expected_units_server"])
    scenario = merged["scenario"] if "scenario" in merged else pd.Series("", index=merged.index)
    merged["expected_units"] = offline.where(scenario != "Server", server)
    if "units" in merged:
        # False where the published label disagrees with the physical unit of work (see mlperf_workloads.csv)
        merged["units_label_matches_workload"] = merged["units"].eq(merged["expected_units"])
    return merged


def add_roofline(frame: pd.DataFrame, workloads: pd.DataFrame) -> pd.DataFrame:
    """Add the roofline columns (per accelerator, in the benchmark's unit of work per second).

    Columns: roofline_precision_bits (python_ml.precisions), peak_ops_tops, peak_ops_source,
    compute_bound_per_accelerator, bandwidth_bound_per_accelerator,
    roofline_bound_per_accelerator, roofline_regime ('compute' | 'bandwidth' | 'unknown').
    """
    out = attach_workloads(frame, workloads)
    out["roofline_precision_bits"] = precision_bits(out)
    ops, source = peak_ops(out, out["roofline_precision_bits"])
    out["peak_ops_tops"] = ops
    out["peak_ops_source"] = source
    compute = ops * 1e12 / out["flops_per_unit"]
    bandwidth = spec(out, "memory_bandwidth_gb_per_s") * 1e9 / out["min_dram_bytes_per_unit"]
    out["compute_bound_per_accelerator"] = compute
    out["bandwidth_bound_per_accelerator"] = bandwidth  # NaN where the workload has no hard DRAM floor
    bound = pd.concat([compute, bandwidth], axis=1).min(axis=1, skipna=True)
    bound[compute.isna()] = np.nan  # without a compute bound the roofline is unknown
    out["roofline_bound_per_accelerator"] = bound
    regime = pd.Series("unknown", index=out.index, dtype=object)
    regime[bound.notna()] = "compute"
    regime[bound.notna() & bandwidth.notna() & (bandwidth < compute)] = "bandwidth"
    out["roofline_regime"] = regime
    return out


def memory_required_bytes(frame: pd.DataFrame) -> pd.Series:
    """Smallest memory a system needs to run the workload at all: the weights at the workload's precision
    (``weight_bytes``) plus, for an LLM, the KV cache of one sequence of its mean output length
    (``kv_cache_bytes_per_context_token`` x ``mean_output_tokens_per_sample``; prompts only add to it, so this
    is a lower bound). NaN where the workload gives no weight figure."""
    kv = (spec(frame, "kv_cache_bytes_per_context_token") * spec(frame, "mean_output_tokens_per_sample")).fillna(0.0)
    # weight_bytes is at the workload's precision; a submission at another precision stores them at its own
    scale = (precision_bits(frame) / spec(frame, "compute_precision_bits")).fillna(1.0)
    return spec(frame, "weight_bytes") * scale + kv


def system_memory_bytes(frame: pd.DataFrame) -> pd.Series:
    """Accelerator memory of the system: memory per accelerator x accelerators (1 when not given)."""
    count = spec(frame, "accelerator_count").where(lambda v: v > 0, 1.0).fillna(1.0)
    return spec(frame, "memory_size_gb") * 1e9 * count


def does_not_fit(frame: pd.DataFrame) -> pd.Series:
    """THE memory rule: the workload cannot run on the system (False where a figure is unknown)."""
    return (memory_required_bytes(frame) > system_memory_bytes(frame)).fillna(False)


def roofline_report(frame: pd.DataFrame) -> pd.DataFrame:
    """Per benchmark: rows, binding regime counts, violations (actual > bound) and the max actual/bound."""
    have = frame["roofline_bound_per_accelerator"].notna() & frame["per_accelerator_result"].notna()
    work = frame[have].copy()
    work["utilization"] = work["per_accelerator_result"] / work["roofline_bound_per_accelerator"]
    work["violates"] = work["utilization"] > 1.0
    rows = []
    for bench, group in work.groupby("benchmark_model", sort=True):
        rows.append(
            {
                "benchmark_model": bench,
                "rows": len(group),
                "compute_bound_rows": int((group["roofline_regime"] == "compute").sum()),
                "bandwidth_bound_rows": int((group["roofline_regime"] == "bandwidth").sum()),
                "violations": int(group["violates"].sum()),
                "max_utilization": float(group["utilization"].max()),
                "median_utilization": float(group["utilization"].median()),
            }
        )
    report = pd.DataFrame(rows)
    missing = frame.loc[~frame["roofline_bound_per_accelerator"].notna()]
    if len(missing):
        report = pd.concat(
            [
                report,
                pd.DataFrame(
                    [{"benchmark_model": "(no bound: missing spec or workload)", "rows": len(missing)}]
                ),
            ],
            ignore_index=True,
        )
    return report
