"""The prediction table's columns are declared once (python_ml.modeling.outputs); the dbt source yml, the
staging model's yml and the Great Expectations suite must agree with that declaration."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from aihw.config import PROJECT_ROOT
from python_ml.modeling import outputs

SOURCES_YML = PROJECT_ROOT / "models" / "staging" / "python_ml" / "_python_ml__sources.yml"
STAGING_YML = PROJECT_ROOT / "models" / "staging" / "python_ml" / "_python_ml__models.yml"
GX_SUITE = PROJECT_ROOT / "expectations" / "suites" / "predictions.yml"
STAGING_MODEL = "stg_python_ml__predictions"
STAGING_ADDED = {"prediction_id", "prediction_provenance"}  # the key and provenance label the staging view adds
COLUMN_KWARGS = ("column", "column_A", "column_B")


def _yml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _columns(node: dict) -> list[str]:
    return [c["name"] for c in node.get("columns", [])]


def test_the_source_yml_lists_exactly_the_declared_table_columns_in_order():
    tables = [t for s in _yml(SOURCES_YML)["sources"] for t in s["tables"] if t["name"] == "predictions"]
    assert len(tables) == 1
    assert _columns(tables[0]) == list(outputs.TABLE_COLUMNS)


def test_the_staging_yml_documents_only_declared_columns_and_what_staging_adds():
    models = [m for m in _yml(STAGING_YML)["models"] if m["name"] == STAGING_MODEL]
    assert len(models) == 1
    documented = set(_columns(models[0]))
    assert documented - STAGING_ADDED <= set(outputs.TABLE_COLUMNS)
    assert "hardware_id" in documented  # the parse found the column list


def test_the_gx_suite_checks_only_declared_columns():
    if not GX_SUITE.is_file():
        pytest.skip("no GX suite for the predictions table")
    named = set()
    for expectation in _yml(GX_SUITE)["expectations"]:
        kwargs = expectation.get("kwargs") or {}
        named.update(kwargs[k] for k in COLUMN_KWARGS if k in kwargs)
        named.update(kwargs.get("column_list", []))
    assert named and named <= set(outputs.TABLE_COLUMNS)


def test_cli_columns_derive_from_the_declaration():
    assert outputs.CLI_COLUMNS == (
        "units", "predicted_per_accelerator", "predicted_system", "pi80_low", "pi80_high", "pi90_low", "pi90_high",
        "interval_class", "is_anchored", "out_of_domain", "out_of_domain_reason", "model_version", "error",
    )
    # every copied value exists in the frame predictor's output and keeps its meaning
    assert outputs.CLI_FROM_SCORED["is_out_of_domain"] == "out_of_domain"
    assert set(outputs.CLI_FROM_SCORED) <= set(outputs.TABLE_COLUMNS)


def test_the_prediction_table_sets_the_run_columns_and_drops_rows_without_a_prediction():
    scored = pd.DataFrame({
        c.name: [1.0, float("nan")] if c.name == "predicted_per_accelerator" else ["x", "y"]
        for c in outputs.PREDICTION_COLUMNS if c.source == outputs.SCORED
    }).assign(is_out_of_domain=[False, True], is_anchored=[True, False], out_of_domain_reason=["", "why"])
    run = {"model_version": "v1", "scored_at": pd.Timestamp("2026-11-30"), "accelerator_count": 8}
    table = outputs.prediction_table(scored, run)
    assert list(table.columns) == list(outputs.TABLE_COLUMNS)
    assert len(table) == 1
    assert table.loc[0, "model_version"] == "v1" and table.loc[0, "accelerator_count"] == 8
    assert table["out_of_domain_reason"].isna().all()  # no reason where the row is in domain
