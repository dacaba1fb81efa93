"""Warehouse I/O on real engines: relation look-up from the manifest and all-or-nothing write-back."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from aihw.config import load_settings
from aihw.warehouse import DuckDBWarehouse, PostgresWarehouse, Relation, model_relation, source_relation

A = Relation("ml_test", "table_a")
B = Relation("ml_test", "table_b")
LOG = Relation("ml_test", "log")


def _engines(tmp_path, monkeypatch):
    monkeypatch.setenv("AIHW_DUCKDB_PATH", str(tmp_path / "wh.duckdb"))
    yield "duckdb", DuckDBWarehouse(load_settings("duckdb"))
    if os.environ.get("AIHW_TEST_POSTGRES") == "1":
        yield "postgres", PostgresWarehouse(load_settings("postgres"))


def test_manifest_lookups_follow_dbt(built_project):
    import json

    manifest = json.loads((built_project / "target" / "duckdb" / "manifest.json").read_text())
    assert model_relation(manifest, "dim_hardware") == Relation("marts", "dim_hardware")
    assert source_relation(manifest, "predictions").schema == "ml"
    with pytest.raises(Exception, match="not in the dbt manifest"):
        model_relation(manifest, "no_such_model")


def test_write_tables_is_all_or_nothing(tmp_path, monkeypatch):
    for name, wh in _engines(tmp_path, monkeypatch):
        try:
            old = pd.DataFrame({"model_version": ["v1"], "x": [1.0]})
            wh.write_tables({A: old, B: old}, append={LOG: old})
            new = pd.DataFrame({"model_version": ["v2", "v2"], "x": [2.0, 3.0]})

            # a run that dies half-way through its write-back (after table A was rewritten)
            method = "_load" if name == "duckdb" else "_copy"
            real = getattr(wh, method)
            calls = {"n": 0}

            def dying(*args, **kwargs):
                calls["n"] += 1
                if calls["n"] == 2:
                    raise KeyboardInterrupt("killed during write-back")
                return real(*args, **kwargs)

            monkeypatch.setattr(wh, method, dying)
            with pytest.raises(KeyboardInterrupt):
                wh.write_tables({A: new, B: new}, append={LOG: new})
            monkeypatch.setattr(wh, method, real)

            for relation in (A, B, LOG):
                assert wh.read_relation(relation)["model_version"].tolist() == ["v1"], (name, relation)

            wh.write_tables({A: new, B: new}, append={LOG: new})
            assert wh.read_relation(A)["model_version"].tolist() == ["v2", "v2"]
            assert wh.read_relation(LOG)["model_version"].tolist() == ["v1", "v2", "v2"]
        finally:
            if name == "postgres":
                with wh.conn, wh.conn.cursor() as cur:
                    cur.execute("drop schema if exists ml_test cascade")
            wh.close()
