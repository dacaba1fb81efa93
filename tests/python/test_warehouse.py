"""Warehouse I/O on real engines: relation look-up from the manifest, all-or-nothing write-back, and the
latest model version read from each warehouse's own registry table."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, datetime

import pandas as pd
import pytest

from aihw.config import load_settings
from aihw.warehouse import Relation, WarehouseError, connect, model_relation, session, source_relation
from python_ml import registry

A = Relation("ml_test", "table_a")
B = Relation("ml_test", "table_b")
LOG = Relation("ml_test", "log")


ENGINES = ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)]


def _settings(target: str, tmp_path):
    """Settings of a throwaway warehouse: a temporary DuckDB file, or the check command's PostgreSQL."""
    return dataclasses.replace(load_settings(target), duckdb_path=tmp_path / "wh.duckdb")


def test_manifest_lookups_follow_dbt(built_project):
    manifest = json.loads((built_project / "target" / "duckdb" / "manifest.json").read_text())
    assert model_relation(manifest, "dim_hardware") == Relation("marts", "dim_hardware")
    assert source_relation(manifest, "predictions").schema == "ml"
    with pytest.raises(Exception, match="not in the dbt manifest"):
        model_relation(manifest, "no_such_model")


@pytest.mark.parametrize("name", ENGINES)
def test_write_tables_is_all_or_nothing(name, tmp_path, monkeypatch):
    wh = connect(_settings(name, tmp_path))
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


def _execute(wh, name: str, sql: str) -> None:
    if name == "postgres":
        with wh.conn, wh.conn.cursor() as cur:
            cur.execute(sql)
    else:
        wh.con.execute(sql)


@pytest.mark.parametrize("name", ENGINES)
def test_a_second_write_back_keeps_the_views_that_read_its_tables(name, tmp_path):
    """The main job's second training run on one warehouse: the staging views of the first run's ML marts read
    the python_ml tables. Same columns: the tables are emptied in place and the views answer the new rows; new
    columns: the write-back still succeeds (PostgreSQL refuses a plain drop of a table a view reads)."""
    wh = connect(_settings(name, tmp_path))
    try:
        wh.write_tables({A: pd.DataFrame({"model_version": ["v1"], "x": [1.0]})})
        _execute(wh, name, "create view ml_test.reads_a as select model_version, x from ml_test.table_a")

        wh.write_tables({A: pd.DataFrame({"model_version": ["v2", "v2"], "x": [2.0, 3.0]})})
        assert wh.query_frame("select model_version from ml_test.reads_a")["model_version"].tolist() == ["v2", "v2"]

        wh.write_tables({A: pd.DataFrame({"model_version": ["v3"], "x": [4.0], "y": ["new column"]})})
        assert wh.read_relation(A).columns.tolist() == ["model_version", "x", "y"]
        assert wh.read_relation(A)["model_version"].tolist() == ["v3"]
    finally:
        if name == "postgres":
            with wh.conn, wh.conn.cursor() as cur:
                cur.execute("drop schema if exists ml_test cascade")
        wh.close()


# --------------------------------------------------------------------------- the latest model, per warehouse
REGISTRY = Relation("ml_test_registry", "model_versions")


def _registry_project(tmp_path):
    """A project folder whose dbt manifest declares python_ml.model_versions at REGISTRY (as dbt would)."""
    manifest = tmp_path / "project" / "target" / "duckdb" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps({"nodes": {}, "sources": {"source.aihw.python_ml.model_versions": {
        "source_name": "python_ml", "name": "model_versions",
        "schema": REGISTRY.schema, "identifier": REGISTRY.identifier,
    }}}))
    return manifest.parents[2]


def _train_run(model_version: str, day: int) -> pd.DataFrame:
    return registry.ModelVersion(
        model_version=model_version, model_name="m", trained_at=datetime(2026, 1, day, tzinfo=UTC),
        code_version="c", data_fingerprint="f", params={}, metrics={}, artifact_path=f"{model_version}.npz",
    ).as_frame()


def test_each_warehouse_resolves_its_own_latest_model_version(tmp_path):
    """Two warehouses of one project whose registries disagree: each answers with its own newest run."""
    project = _registry_project(tmp_path)
    base = dataclasses.replace(load_settings("duckdb"), project_root=project)
    first = dataclasses.replace(base, duckdb_path=tmp_path / "first.duckdb")
    second = dataclasses.replace(base, duckdb_path=tmp_path / "second.duckdb")
    old, first_v, second_v, older = (f"m-2026010{d}T000000-{h}"
                                     for d, h in ((1, "a0"), (3, "f1"), (2, "f2"), (1, "b0")))
    runs = {first: [(old, 1), (first_v, 3)], second: [(second_v, 2), (older, 1)]}
    for settings, versions in runs.items():
        with session(settings) as wh:
            for version, day in versions:  # one training run = one appended registry row
                wh.write_tables({}, append={REGISTRY: _train_run(version, day)})
    assert registry.latest_version(first) == first_v
    assert registry.latest_version(second) == second_v


@pytest.mark.parametrize("stored", ["../x", "/etc/passwd", "m-20260101T000000-ab/../../x", "sub/m-20260101T000000-ab"])
def test_a_registry_version_that_names_a_file_outside_artifacts_is_refused(tmp_path, stored):
    """The latest version is read from the warehouse: a value that would load a file from outside artifacts/
    is an error naming it, never a load."""
    settings = dataclasses.replace(load_settings("duckdb"), project_root=_registry_project(tmp_path),
                                   duckdb_path=tmp_path / "tampered.duckdb", artifacts_dir=tmp_path / "artifacts")
    with session(settings) as wh:
        wh.write_tables({}, append={REGISTRY: _train_run(stored, 1)})
    with pytest.raises(registry.RegistryError, match=re.escape(repr(stored))):
        registry.latest_version(settings)
    with pytest.raises(registry.RegistryError, match=re.escape(repr(stored))):
        registry.load_artifact(settings.artifacts_dir, stored, [])


def test_a_warehouse_without_a_trained_model_says_so(tmp_path):
    settings = dataclasses.replace(load_settings("duckdb"), project_root=_registry_project(tmp_path),
                                   duckdb_path=tmp_path / "untrained.duckdb")
    with session(settings):
        pass  # an empty warehouse file
    with pytest.raises(WarehouseError, match="no trained model in the duckdb warehouse"):
        registry.latest_version(settings)


def test_the_manifest_is_read_again_when_dbt_rewrites_it(tmp_path):
    """load_manifest keeps one read per version of the file: a manifest dbt rewrote is read again."""
    import os

    from aihw.warehouse import load_manifest

    settings = dataclasses.replace(load_settings("duckdb"), project_root=tmp_path)
    settings.manifest_path.parent.mkdir(parents=True)
    settings.manifest_path.write_text(json.dumps({"nodes": {"a": 1}}), encoding="utf-8")
    first = load_manifest(settings)
    assert load_manifest(settings) is first  # the same version: not read again
    settings.manifest_path.write_text(json.dumps({"nodes": {"b": 2}}), encoding="utf-8")  # the same size
    stat = settings.manifest_path.stat()
    os.utime(settings.manifest_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a later write
    assert load_manifest(settings) == {"nodes": {"b": 2}}
