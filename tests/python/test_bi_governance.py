"""Governance as dbt declares it (issue 18): what a dashboard or the report reads is a public mart with an
enforced contract, and the layers have their access levels. Read from the parsed manifest (the check parses
the project before the unit tests)."""
from __future__ import annotations

import json

import pytest

from conftest import PROJECT

MANIFEST = PROJECT / "target" / "duckdb" / "manifest.json"
LAYER_ACCESS = {"staging": "protected", "intermediate": "private", "marts": "public"}


@pytest.fixture(scope="module")
def manifest() -> dict:
    if not MANIFEST.is_file():
        pytest.skip(f"{MANIFEST} missing: run `dbt parse --target duckdb --target-path target/duckdb` first")
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def _models(manifest: dict) -> dict[str, dict]:
    return {key: node for key, node in manifest["nodes"].items() if node["resource_type"] == "model"}


def test_every_model_an_exposure_reads_is_public_and_contracted(manifest):
    models = _models(manifest)
    exposures = manifest["exposures"].values()
    assert {e["name"] for e in exposures} >= {"warehouse_report", "headline_dashboard"}
    missing = [
        f"{exposure['name']} reads {models[key]['name']} ({reason})"
        for exposure in exposures
        for key in exposure["depends_on"]["nodes"] if key in models
        for reason in (
            *(["no enforced contract"] if not models[key]["config"].get("contract", {}).get("enforced") else []),
            *([f"access {models[key]['access']}"] if models[key]["access"] != "public" else []),
        )
    ]
    assert not missing, "\n".join(missing)


def test_each_layer_has_its_access_level(manifest):
    wrong = [
        f"{node['name']}: {node['access']} (layer {layer}: {LAYER_ACCESS[layer]})"
        for node in _models(manifest).values()
        for layer in [node["fqn"][1]] if layer in LAYER_ACCESS and node["access"] != LAYER_ACCESS[layer]
    ]
    assert not wrong, "\n".join(wrong)
