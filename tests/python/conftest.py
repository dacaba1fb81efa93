"""Shared fixtures: real DuckDB warehouses built by the real pipeline in throwaway copies of the project.

Every test has exactly one kind, assigned here (`pytest -m unit` runs the fast ones):
  unit      no dbt run and no server (temporary DuckDB files and in-memory frames are fine)
  pipeline  reads or builds a warehouse with the real pipeline (uses one of PIPELINE_FIXTURES)
  postgres  needs the throwaway PostgreSQL of scripts/check.sh (marked explicitly; skipped unless
            AIHW_TEST_POSTGRES=1)
  scale     a whole build on multiplied raw data (marked explicitly): too slow for the check command's budget,
            scripts/benchmark.sh runs them before the benchmark (`pytest -m scale`)
An explicit kind marker wins; otherwise the fixtures a test uses decide.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from aihw.config import RAW_REGISTRY, default_raw_dir, load_raw_sources  # noqa: E402

KINDS = ("unit", "pipeline", "postgres", "scale")
PIPELINE_FIXTURES = frozenset({"built_project", "published_warehouse", "warehouse_copy"})
RUN_POSTGRES = os.environ.get("AIHW_TEST_POSTGRES") == "1"
# scripts/check.sh has just run the main job on this code: the tests share that run instead of building again
REUSE_PUBLISHED = os.environ.get("AIHW_TEST_REUSE_PUBLISHED") == "1"
PUBLISHED_STATE = ("warehouse/aihw.duckdb", "target/duckdb", "artifacts")  # what the main job leaves behind
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "target", "warehouse", "artifacts", "reports", "logs", "__pycache__", ".pytest_cache", "*.csv.tmp"
)


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        explicit = [kind for kind in KINDS if item.get_closest_marker(kind)]
        if len(explicit) > 1:
            raise pytest.UsageError(f"{item.nodeid} has more than one kind: {explicit}")
        kind = explicit[0] if explicit else ("pipeline" if PIPELINE_FIXTURES & set(item.fixturenames) else "unit")
        if not explicit:
            item.add_marker(kind)
        if kind == "postgres" and not RUN_POSTGRES:
            item.add_marker(pytest.mark.skip(reason="needs the PostgreSQL started by scripts/check.sh"))


def raw_sources():
    """The raw source registry of the project under test."""
    return load_raw_sources(PROJECT / RAW_REGISTRY)


def raw_file_paths(raw_dir: Path) -> list[Path]:
    """Every registered raw file in `raw_dir`: a source's one file, or each file a multi-file source's glob matches
    (the MLPerf round files)."""
    from aihw.landing import load_contract

    return [path for contract in load_contract(PROJECT / RAW_REGISTRY) for path in contract.paths(raw_dir)]


def copy_raw_files(raw_dir: Path, destination: Path) -> Path:
    """A writable copy of every registered raw file (sub-folders kept)."""
    for path in raw_file_paths(raw_dir):
        target = destination / path.relative_to(raw_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return destination


# dbt's partial parse of the project (checked by dbt against every file's checksum, the profile and the vars): a
# copy's first dbt call reuses it instead of parsing 1,400 nodes again (~6 s CPU per call)
PARTIAL_PARSE = Path("target") / "duckdb" / "partial_parse.msgpack"


def copy_partial_parse(target_path: Path) -> None:
    """The project's DuckDB partial parse (when there is one) into a dbt target folder."""
    if (PROJECT / PARTIAL_PARSE).is_file():
        target_path.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT / PARTIAL_PARSE, target_path / PARTIAL_PARSE.name)


def copy_project(destination: Path) -> Path:
    shutil.copytree(PROJECT, destination, ignore=COPY_IGNORE)
    for stale in (destination / "seeds" / "raw").glob("*.csv"):
        stale.unlink()  # landed seeds are produced by the run under test, never inherited
    copy_partial_parse((destination / PARTIAL_PARSE).parent)
    return destination


def run_job(project: Path, raw_dir: Path, *args: str, target: str = "duckdb",
            env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(
        AIHW_RAW_DIR=str(raw_dir),
        PYTHONPATH=str(project),
        DBT_PROFILES_DIR=str(project),
        AIHW_TARGET=target,
        **(env_extra or {}),
    )
    env.pop("AIHW_DUCKDB_PATH", None)
    env.pop("AIHW_ARTIFACTS_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "aihw", "run", "--target", target, *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )


# every dbt node of the main job's first build (the same nodes and data tests as a plain run: `fqn:*` selects them
# all, the job still excludes what reads python_ml's tables), without the stages a test of the build does not read
# (no ML marts, docs or report; aihw.pipeline's --select); for tests that compare or check whole builds
WHOLE_BUILD = ("--no-train", "--select", "fqn:*")
# the same build without running its data and unit tests (dbt's own variable, read by every dbt build the job
# runs): for a build whose tests another build of the same test already runs on a superset of its anomalies
WITHOUT_DBT_TESTS = {"DBT_EXCLUDE_RESOURCE_TYPES": "test unit_test"}
DBT_SUMMARY_DATA_TESTS = re.compile(r"Finished running .*?(\d+) data tests")  # dbt names only the kinds it ran


def dbt_data_tests_run(stdout: str) -> int:
    """How many data tests the dbt builds of a job's output ran (the sum over dbt's "Finished running" lines)."""
    return sum(int(count) for count in DBT_SUMMARY_DATA_TESTS.findall(stdout))


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    from aihw.landing import load_contract

    path = default_raw_dir()
    missing = [c.file_name for c in load_contract(PROJECT / RAW_REGISTRY) if not all(p.is_file() for p in c.paths(path))
               or not c.paths(path)]
    if missing:
        pytest.fail(f"raw files {missing} not found in {path}: set AIHW_RAW_DIR")
    return path


def _copy_published_state(project: Path) -> None:
    """The main job's outputs (warehouse, dbt target, model artifacts, landed seeds) into a project copy."""
    for relative in PUBLISHED_STATE:
        source, destination = PROJECT / relative, project / relative
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)  # copy_project put dbt's partial parse there
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    for seed in (PROJECT / "seeds" / "raw").glob("*.csv"):
        shutil.copy2(seed, project / "seeds" / "raw" / seed.name)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory, raw_dir) -> Path:
    """A project copy with a DuckDB warehouse built by the real main job, shared by the whole session.

    Under scripts/check.sh (AIHW_TEST_REUSE_PUBLISHED=1) it is a copy of the run the check has just published
    (trained); otherwise the main job runs here once, without training."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    if REUSE_PUBLISHED:
        if not (PROJECT / PUBLISHED_STATE[0]).is_file():
            pytest.fail("AIHW_TEST_REUSE_PUBLISHED=1 but no published warehouse: run the main job first")
        _copy_published_state(project)
        return project
    proc = run_job(project, raw_dir, "--no-train")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return project


@pytest.fixture(scope="session")
def published_warehouse() -> Path:
    """The project's own warehouse, as the main job published it (scripts/check.sh runs the job first)."""
    published = PROJECT / "warehouse" / "aihw.duckdb"
    if not published.exists():
        if RUN_POSTGRES:  # under scripts/check.sh the main job has run
            pytest.fail(f"{published} missing: the check command runs the main job before pytest")
        pytest.skip("no published warehouse: run the main job first")
    return published


@pytest.fixture()
def fresh_copy_of_built(built_project, tmp_path) -> Path:
    """A private copy of the built project, for tests that rebuild with altered input."""
    project = tmp_path / "project"
    shutil.copytree(built_project, project)
    return project


@pytest.fixture()
def bad_raw_dir(raw_dir, tmp_path) -> Path:
    """A writable copy of every registered raw file, for a test to break."""
    path = tmp_path / "raw"
    path.mkdir()
    return copy_raw_files(raw_dir, path)
