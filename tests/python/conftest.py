"""Shared fixtures: real DuckDB warehouses built by the real pipeline in throwaway copies of the project."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from aihw.config import default_raw_dir  # noqa: E402

COPY_IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "target", "warehouse", "artifacts", "reports", "logs", "__pycache__", ".pytest_cache", "*.csv.tmp"
)


def copy_project(destination: Path) -> Path:
    shutil.copytree(PROJECT, destination, ignore=COPY_IGNORE)
    for stale in (destination / "seeds" / "raw").glob("*.csv"):
        stale.unlink()  # landed seeds are produced by the run under test, never inherited
    return destination


def run_job(project: Path, raw_dir: Path, *args: str, target: str = "duckdb") -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(
        AIHW_RAW_DIR=str(raw_dir),
        PYTHONPATH=str(project),
        DBT_PROFILES_DIR=str(project),
        AIHW_TARGET=target,
    )
    env.pop("AIHW_DUCKDB_PATH", None)
    env.pop("AIHW_ARTIFACTS_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "aihw", "run", "--target", target, *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    path = default_raw_dir()
    if not (path / "mlperf.csv").is_file():
        pytest.fail(f"raw files not found in {path}: set AIHW_RAW_DIR")
    return path


@pytest.fixture(scope="session")
def built_project(tmp_path_factory, raw_dir) -> Path:
    """A project copy on which the main job (without training) has run once on real DuckDB."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    proc = run_job(project, raw_dir, "--no-train")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return project


@pytest.fixture()
def fresh_copy_of_built(built_project, tmp_path) -> Path:
    """A private copy of the built project, for tests that rebuild with altered input."""
    project = tmp_path / "project"
    shutil.copytree(built_project, project)
    return project


@pytest.fixture()
def bad_raw_dir(raw_dir, tmp_path) -> Path:
    """A writable copy of the four raw files, for a test to break."""
    path = tmp_path / "raw"
    path.mkdir()
    for f in raw_dir.glob("*.csv"):
        shutil.copy2(f, path / f.name)
    return path
