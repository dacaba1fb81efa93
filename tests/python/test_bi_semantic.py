"""The semantic layer (models/semantic/) answers on the built DuckDB warehouse through MetricFlow (aihw.semantic)."""

from __future__ import annotations

import pandas as pd
import pytest

from aihw.config import load_settings
from aihw.semantic import MetricQuery, SemanticLayerError, query_metrics, saved_query_names

# the headline KPIs of issue 18, each with the saved query that groups it correctly
SAVED_QUERIES = {
    "throughput_per_watt_by_benchmark": ("throughput_per_watt", "best_throughput_per_watt"),
    "throughput_per_usd_by_benchmark": ("throughput_per_usd", "best_throughput_per_usd"),
    "flops_per_usd_trend": ("flops_per_usd", "best_flops_per_usd"),
    "model_error_by_protocol": ("model_error", "model_error_per_accelerator"),
}
UNIT_COLUMN = "accelerator_answer__throughput_units"


@pytest.fixture(scope="module")
def settings(published_warehouse):
    return load_settings("duckdb", {"AIHW_DUCKDB_PATH": str(published_warehouse)})


def test_every_saved_query_is_tested(settings):
    assert set(saved_query_names(settings)) == set(SAVED_QUERIES)


@pytest.mark.parametrize("name", sorted(SAVED_QUERIES))
def test_saved_query_returns_its_metrics(settings, name):
    frame = query_metrics(settings, MetricQuery(saved_query=name)).frame
    metrics = list(SAVED_QUERIES[name])
    assert set(metrics) <= set(frame.columns)
    values = frame[metrics].apply(pd.to_numeric)
    assert values.notna().all(axis=1).any(), f"{name}: no row with every metric"
    assert (values.dropna() >= 0).all(axis=None)


@pytest.mark.parametrize("name", ["throughput_per_watt_by_benchmark", "throughput_per_usd_by_benchmark"])
def test_throughput_metrics_never_mix_units(settings, name):
    """Every row of a throughput metric is one benchmark, scenario and unit; the best is at least the mean."""
    frame = query_metrics(settings, MetricQuery(saved_query=name)).frame
    keys = [c for c in frame.columns if c.startswith("accelerator_answer__")]
    assert UNIT_COLUMN in keys and not frame.duplicated(keys).any()
    mean, best = (pd.to_numeric(frame[m]) for m in SAVED_QUERIES[name])
    ok = mean.notna() & best.notna()
    assert ok.any() and (best[ok] >= mean[ok] * (1 - 1e-9)).all()


def test_trend_spans_release_years(settings):
    frame = query_metrics(settings, MetricQuery(saved_query="flops_per_usd_trend")).frame
    years = pd.to_datetime(frame["metric_time__year"]).dt.year
    assert years.nunique() >= 5


def test_ad_hoc_metric_query_compiles_for_the_engine(settings):
    result = query_metrics(settings, MetricQuery(
        metrics=("model_error",), group_by=("validation_metric__model_or_baseline",),
        where=("{{ Dimension('validation_metric__protocol') }} = 'loao'",),
    ))
    assert "fct_model_validation" in result.sql
    methods = set(result.frame["validation_metric__model_or_baseline"])
    assert {"model", "baseline_flops", "baseline_bandwidth"} <= methods


def test_query_needs_exactly_one_of_saved_query_and_metrics():
    with pytest.raises(SemanticLayerError):
        MetricQuery(saved_query="x", metrics=("y",))
    with pytest.raises(SemanticLayerError):
        MetricQuery()
