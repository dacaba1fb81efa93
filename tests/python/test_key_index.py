"""A contracted table built on DuckDB without its primary key's in-memory index (`meta: duckdb_primary_key_index:
false`, macros/constraints/key_index.sql: the index would not fit the build's memory_limit at 100x the data) keeps
its key checked: the yml declares the primary key constraint (PostgreSQL keeps it) and a
unique_combination_of_columns test on exactly its columns, each column not null."""

from __future__ import annotations

import pytest
import yaml

from conftest import PROJECT


def _models() -> list[dict]:
    models = []
    for path in sorted((PROJECT / "models").rglob("*.yml")):
        models += (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models") or []
    return models


WITHOUT_INDEX = [
    m for m in _models() if (m.get("config", {}).get("meta") or {}).get("duckdb_primary_key_index") is False
]


def test_the_roofline_is_among_them():
    assert "fct_workload_roofline" in {m["name"] for m in WITHOUT_INDEX}


@pytest.mark.parametrize("model", WITHOUT_INDEX, ids=lambda m: m["name"])
def test_key_declared_and_tested_where_duckdb_builds_no_index(model):
    keys = [c["columns"] for c in model.get("constraints", []) if c["type"] == "primary_key"]
    assert len(keys) == 1, f"{model['name']}: one model-level primary_key constraint expected"
    tested = [
        test["unique_combination_of_columns"]["arguments"]["combination"]
        for test in model.get("data_tests", [])
        if isinstance(test, dict) and "unique_combination_of_columns" in test
    ]
    assert keys[0] in tested, f"{model['name']}: no unique_combination_of_columns test on its key {keys[0]}"
    columns = {c["name"]: c for c in model["columns"]}
    for name in keys[0]:
        checks = [t for t in columns[name].get("data_tests", []) if t == "not_null"]
        checks += [c for c in columns[name].get("constraints", []) if c["type"] == "not_null"]
        assert checks, f"{model['name']}.{name}: key column without a not_null test or constraint"


def test_duckdb_builds_the_index_of_every_other_key(published_warehouse):
    """On the built DuckDB warehouse: no primary key index where the meta says so, one on every other contracted
    table that declares a primary key (the macro leaves them as dbt renders them: foreign keys need them)."""
    import duckdb

    declared = {
        m["name"] for m in _models()
        if any(c["type"] == "primary_key" for c in m.get("constraints", []))
        or any(c["type"] == "primary_key" for col in m.get("columns", []) for c in col.get("constraints", []))
    }
    with duckdb.connect(str(published_warehouse), read_only=True) as con:
        indexed = {row[0] for row in con.execute(
            "select table_name from duckdb_constraints() where constraint_type = 'PRIMARY KEY'").fetchall()}
    without = {m["name"] for m in WITHOUT_INDEX}
    assert declared - without and (declared - without) <= indexed, sorted((declared - without) - indexed)
    assert not (without & indexed), sorted(without & indexed)
