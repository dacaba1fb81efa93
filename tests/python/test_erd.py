"""docs/erd.dbml, drawn by dbterd: it holds exactly the contracted marts, their primary keys and one reference
per foreign-key constraint declared in the dbt contracts, and `--check` catches a stale file.

Needs the DuckDB artifacts (target/duckdb manifest.json + catalog.json from `dbt docs generate`, which the main
job runs): kind `pipeline`, so the check command runs it after its main job (as a unit test it ran before the
catalog existed and was skipped); skipped when they have not been generated."""

from __future__ import annotations

import json
import re

import pytest

from aihw import erd
from aihw.config import load_settings

pytestmark = pytest.mark.pipeline  # reads the docs catalog the main job generates


@pytest.fixture(scope="module")
def settings():
    settings = load_settings("duckdb")
    if not (settings.manifest_path.parent / "catalog.json").is_file():
        pytest.skip("no catalog: run `dbt docs generate --target duckdb --target-path target/duckdb` first")
    return settings


@pytest.fixture(scope="module")
def dbml(settings) -> str:
    return erd.render(settings)


def _contracts(manifest: dict) -> tuple[set[str], set[tuple[str, str, str, str]], set[tuple[str, str]]]:
    """Tables, references (table, column, to table, to column) and primary keys declared by the contracts."""
    tables, refs, pks = set(), set(), set()
    for node in manifest["nodes"].values():
        if (node["resource_type"] != "model" or not node["original_file_path"].startswith("models/marts/")
                or not node["config"]["contract"]["enforced"]):
            continue
        tables.add(node["name"])
        constraints = [(c, c.get("columns") or []) for c in node.get("constraints", [])]
        constraints += [(c, [name]) for name, col in node["columns"].items() for c in col.get("constraints", [])]
        for constraint, columns in constraints:
            if constraint["type"] == "primary_key":
                pks |= {(node["name"], c) for c in columns}
            if constraint["type"] == "foreign_key":
                target = re.findall(r"\w+", constraint["to"])[-1]  # ref('x') when parsed, "db"."schema"."x" when built
                refs |= {(node["name"], c, target, t) for c, t in zip(columns, constraint["to_columns"], strict=False)}
    return tables, refs, pks


def test_the_diagram_holds_the_contracts(settings, dbml):
    tables, refs, pks = _contracts(json.loads(settings.manifest_path.read_text()))
    assert tables and refs and pks
    assert set(re.findall(r"^Table marts\.(\w+) \{", dbml, re.MULTILINE)) == tables
    drawn = {(a, b, c, d) for a, b, c, d in re.findall(
        r'^Ref: marts\.(\w+)\."(\w+)" [<>-]+ marts\.(\w+)\."(\w+)"$', dbml, re.MULTILINE)}
    assert drawn == refs
    drawn_pks = set()
    for table, body in re.findall(r"^Table marts\.(\w+) \{(.*?)^\}", dbml, re.MULTILINE | re.DOTALL):
        for columns in re.findall(r"\((.*?)\) \[pk\]", body):
            drawn_pks |= {(table, c.strip().strip('"')) for c in columns.split(",")}
    assert drawn_pks == pks


def test_the_committed_diagram_is_up_to_date(settings, dbml):
    """What `python -m aihw.erd --check` says, on the render this module shares (the check command runs it here)."""
    committed = (settings.project_root / erd.ERD_PATH).read_text(encoding="utf-8")
    assert committed == dbml, f"{erd.ERD_PATH} is stale: run `python -m aihw.erd` and commit it"


def test_check_fails_on_a_stale_diagram(settings, dbml, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(erd, "ERD_PATH", tmp_path / "erd.dbml")  # absolute: project_root / it is it
    monkeypatch.setattr(erd, "render", lambda _settings: dbml)
    assert erd.main([]) == 0 and erd.main(["--check"]) == 0
    (tmp_path / "erd.dbml").write_text(dbml.replace("Table marts.dim_hardware {", "Table marts.dim_hw {"))
    assert erd.main(["--check"]) == 1
    assert "is stale" in capsys.readouterr().err
