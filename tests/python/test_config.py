"""aihw.config: the AIHW_* variables are read once into Settings, and dbt's environment is built from them."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from aihw.config import PROJECT_ROOT, load_settings
from aihw.pipeline import dbt_env

ENV = {
    "AIHW_TARGET": "postgres",
    "AIHW_DUCKDB_PATH": "elsewhere/wh.duckdb",
    "AIHW_ARTIFACTS_DIR": "/tmp/aihw-artifacts",
    "AIHW_PG_HOST": "db.example",
    "AIHW_PG_PORT": "6543",
    "AIHW_PG_PASSWORD": "secret",
}


def test_settings_come_from_the_given_environment_and_relative_paths_from_the_project():
    settings = load_settings(environ=ENV)
    assert settings.target == "postgres"
    assert settings.duckdb_path == PROJECT_ROOT / "elsewhere" / "wh.duckdb"
    assert settings.artifacts_dir == Path("/tmp/aihw-artifacts")
    assert (settings.postgres.host, settings.postgres.port, settings.postgres.user) == ("db.example", 6543, "aihw")
    assert settings.postgres.configured
    assert load_settings("duckdb", environ=ENV).target == "duckdb"  # an explicit --target wins
    assert not load_settings(environ={}).postgres.configured
    with pytest.raises(ValueError, match="unknown target"):
        load_settings("sqlite", environ={})


def test_dbt_gets_the_settings_values_and_the_environment_is_left_alone():
    before = dict(os.environ)
    build = dataclasses.replace(load_settings(environ=ENV), duckdb_path=Path("/tmp/build/aihw.duckdb"))
    env = dbt_env(build.with_target("duckdb"))
    assert env["AIHW_TARGET"] == "duckdb"
    assert env["AIHW_DUCKDB_PATH"] == "/tmp/build/aihw.duckdb"  # what profiles.yml's duckdb output reads
    inside = dataclasses.replace(build, duckdb_path=build.project_root / "warehouse" / ".building" / "aihw.duckdb")
    # inside the project: relative to it (dbt runs in the project root), the same in every copy of the project
    assert dbt_env(inside.with_target("duckdb"))["AIHW_DUCKDB_PATH"] == "warehouse/.building/aihw.duckdb"
    assert (env["AIHW_PG_HOST"], env["AIHW_PG_PORT"], env["AIHW_PG_PASSWORD"]) == ("db.example", "6543", "secret")
    assert env["PATH"] == os.environ["PATH"]  # the inherited environment is the base
    assert dict(os.environ) == before


def test_the_raw_source_registry_names_one_seed_and_file_per_source():
    sources = load_settings("duckdb", environ={}).raw_sources()
    assert len({s.source for s in sources}) == len({s.file_name for s in sources}) == len(sources) > 0
    for s in sources:  # naming rule of the registry: seed raw_<source>__<entity>
        assert s.seed_name.startswith(f"raw_{s.source}__"), s
