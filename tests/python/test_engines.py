"""Both engines, for real: the warehouses the check command just built on DuckDB and PostgreSQL must agree.

Kind `postgres` (run when AIHW_TEST_POSTGRES=1: scripts/check.sh sets it after building both); reads the
project's published DuckDB file and the throwaway PostgreSQL named by the AIHW_PG_* variables.
"""

from __future__ import annotations

import pytest

from aihw.config import load_settings
from aihw.warehouse import Relation, layer_row_counts, load_manifest, model_relation, session, source_relation
from python_ml import registry

pytestmark = pytest.mark.postgres


def _mart_counts(target: str) -> dict[str, int]:
    settings = load_settings(target)
    manifest = load_manifest(settings)
    counts = {}
    with session(settings, read_only=(target == "duckdb")) as wh:
        for node in manifest["nodes"].values():
            if node["resource_type"] == "model" and node["schema"] == "marts":
                counts[node["name"]] = wh.row_count(Relation(node["schema"], node.get("alias") or node["name"]))
    return counts


# one row per training run the warehouse has seen: its count is the folder's history (a DuckDB file trained 22
# times vs a fresh PostgreSQL), so each engine's mart is compared with its own registry, not with the other engine
REGISTRY_HISTORY_MART = "dim_model_versions"


def _registry_rows(target: str) -> int:
    settings = load_settings(target)
    with session(settings, read_only=(target == "duckdb")) as wh:
        return wh.row_count(source_relation(load_manifest(settings), "model_versions"))


def test_every_mart_has_the_same_rows_on_both_engines():
    duck, pg = _mart_counts("duckdb"), _mart_counts("postgres")
    assert duck.keys() == pg.keys()
    assert len(duck) >= 15
    for target, counts in (("duckdb", duck), ("postgres", pg)):
        assert counts.pop(REGISTRY_HISTORY_MART) == _registry_rows(target), target
    assert duck == pg


def test_layers_hold_rows_on_both_engines():
    for target in ("duckdb", "postgres"):
        settings = load_settings(target)
        with session(settings, read_only=(target == "duckdb")) as wh:
            rows = layer_row_counts(wh)
        for layer in ("raw", "staging", "intermediate", "marts"):
            assert rows[layer] > 0, (target, layer)


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_predictions_are_present_with_version_and_time(target):
    settings = load_settings(target)
    manifest = load_manifest(settings)
    with session(settings, read_only=(target == "duckdb")) as wh:
        predictions = wh.read_relation(source_relation(manifest, "predictions"))
        versions = wh.read_relation(source_relation(manifest, "model_versions"))
    assert len(predictions) > 0
    assert predictions["model_version"].notna().all()
    assert predictions["scored_at"].notna().all()
    assert set(predictions["model_version"]) <= set(versions["model_version"])


def test_each_engine_resolves_the_latest_model_its_own_marts_flag():
    """predict's latest version is read from the warehouse's own registry and agrees with the BI flag
    dim_model_versions.is_latest of the same warehouse (no shared pointer that could disagree)."""
    for target in ("duckdb", "postgres"):
        settings = load_settings(target)
        with session(settings, read_only=(target == "duckdb")) as wh:
            versions = wh.read_relation(model_relation(load_manifest(settings), "dim_model_versions"))
        flagged = versions.loc[versions["is_latest"].astype(bool), "model_version"].tolist()
        assert flagged == [registry.latest_version(settings)], target
