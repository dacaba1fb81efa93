"""The workload x precision predictions and the scaling model's forward validation in the built warehouses (issue 17):
on DuckDB and PostgreSQL, no prediction above the roofline at its precision, no throughput where the workload does
not fit, only precisions the chip has, and the scaling protocols written next to linear scaling.

Kind `postgres` (run when AIHW_TEST_POSTGRES=1: scripts/check.sh sets it after building both); reads the project's
published DuckDB file and the throwaway PostgreSQL named by the AIHW_PG_* variables."""

from __future__ import annotations

import pandas as pd
import pytest

from aihw.config import load_settings
from aihw.warehouse import load_manifest, model_relation, session
from python_ml.modeling import scaling_model, validation

pytestmark = pytest.mark.postgres
TARGETS = ("duckdb", "postgres")


def _read(target: str, *names: str) -> list[pd.DataFrame]:
    settings = load_settings(target)
    manifest = load_manifest(settings)
    with session(settings, read_only=(target == "duckdb")) as wh:
        return [wh.read_relation(model_relation(manifest, name)) for name in names]


@pytest.mark.parametrize("target", TARGETS)
def test_predicted_throughput_per_precision_obeys_the_roofline_memory_and_capabilities(target):
    mart, chips = _read(target, "fct_workload_predicted_throughput", "ml_hardware_precisions")
    assert len(mart) > 1000
    answered = mart[mart["predicted_per_accelerator"].notna()]
    assert (answered["predicted_per_accelerator"] <= answered["roofline_bound_per_accelerator"] * (1 + 1e-9)).all()
    assert (answered["pi90_high"] <= answered["roofline_bound_per_accelerator"] * (1 + 1e-9)).all()
    misfit = ~mart["fits_in_memory"].astype(bool)
    assert misfit.any() and mart.loc[misfit, "predicted_per_accelerator"].isna().all()
    has = set(zip(chips["hardware_id"], chips["precision_id"], strict=True))
    assert set(zip(mart["hardware_id"], mart["precision_id"], strict=True)) <= has
    submitted = mart["is_submitted_precision"].astype(bool)
    assert mart.loc[submitted, "throughput_provenance"].str.fullmatch(r"predicted:[^+]+").all()
    assert mart.loc[~submitted, "throughput_provenance"].str.endswith("+derived:roofline_precision_ratio").all()


@pytest.mark.parametrize("target", TARGETS)
def test_scaling_forward_validation_is_written_next_to_linear_scaling(target):
    (metrics,) = _read(target, "fct_model_validation")
    scaling = metrics[metrics["protocol"].str.startswith(scaling_model.PROTOCOL)]
    for protocol in (scaling_model.PROTOCOL, f"{scaling_model.PROTOCOL}:{validation.NEW_CHIPS}",
                     f"{scaling_model.PROTOCOL}:{validation.SEEN_CHIPS}"):
        rows = scaling[scaling["protocol"] == protocol].set_index("model_or_baseline")
        assert set(rows.index) == {scaling_model.MODEL, scaling_model.LINEAR_BASELINE}, protocol
        assert rows["evaluated_rows"].nunique() == 1 and rows["evaluated_rows"].iloc[0] > 0  # the same pairs
        assert rows["median_absolute_error_points"].between(0, 100).all()
    assert metrics.loc[~metrics["protocol"].str.startswith(scaling_model.PROTOCOL),
                       "median_absolute_error_points"].isna().all()
