"""ML settings: the reference files the model reads, its fixed constants and the imputation rule figures.

One frozen object, built once by the training entry point (:func:`ml_settings`) and passed down.
The imputation figures are not repeated here: they are dbt vars in ``dbt_project.yml`` (the SQL imputation
reads the same ones), ``imputation_ratio_targets.fp16_tflops`` (the fixed FP16/FP32 factor) and
``imputation_min_ratio_pairs`` (products an architecture needs before its own ratio is used).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

REFERENCE_YEAR = 2023.0  # release years enter the model centred here (year_c = year - 2023)
DOMAIN_TOLERANCE = math.log(1.05)  # 5 % beyond the training range (log scale) still counts as inside
REFERENCE_PATTERN = r"H100.*SXM"  # the reference accelerator of reference scaling, when it ran the workload
# Predictions in the warehouse are per accelerator in a single node of this many accelerators: the most common
# MLPerf datacenter system, and large enough that the 70B/405B models' weights fit on most hardware.
SCORING_ACCELERATORS = 8
# A loop that holds out one group at a time (validation's leave-one-accelerator-out and -architecture-out, the
# latency model's leave-one-chip-out selection) does so up to this many groups, and holds out the folds of
# GroupKFold(this many) above it: made for cost (one fold per accelerator is quadratic in the data), above
# today's 27 accelerators so that the 1x figures are unchanged (docs/decisions/2026-11-30-outer-folds-at-scale.md)
LEAVE_ONE_OUT_MAX_GROUPS = 30


@dataclass(frozen=True)
class MLSettings:
    imputation_fixed_fp16_factor: float
    imputation_min_ratio_pairs: int
    reference_pattern: str = REFERENCE_PATTERN
    scoring_accelerators: int = SCORING_ACCELERATORS
    validation_jobs: int = 1  # processes the validation folds run on (joblib); results do not depend on it
    leave_one_out_max_groups: int = LEAVE_ONE_OUT_MAX_GROUPS


def _dbt_vars(project_root: Path) -> dict:
    doc = yaml.safe_load((project_root / "dbt_project.yml").read_text(encoding="utf-8"))
    return doc.get("vars") or {}


def ml_settings(project_root: Path) -> MLSettings:
    dbt_vars = _dbt_vars(project_root)
    return MLSettings(
        imputation_fixed_fp16_factor=float(dbt_vars["imputation_ratio_targets"]["fp16_tflops"]),
        imputation_min_ratio_pairs=int(dbt_vars["imputation_min_ratio_pairs"]),
        validation_jobs=len(os.sched_getaffinity(0)),  # the cores this process may use
    )
