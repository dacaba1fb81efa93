"""Project paths and settings, resolved once from the environment.

Everything that names a place (raw folder, warehouse file, artifacts, dbt target) is decided here so the
rest of the package never hard-codes a path or a relation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RAW_FILE_NAMES = (
    "GPU_benchmarks_v7.csv",
    "GPU_scores_graphicsAPIs.csv",
    "ml_hardware.csv",
    "mlperf.csv",
)
TARGETS = ("duckdb", "postgres")


def default_raw_dir() -> Path:
    """AIHW_RAW_DIR, else data/raw inside the project, else ../shared/data/raw beside it."""
    env = os.environ.get("AIHW_RAW_DIR")
    if env:
        return Path(env).expanduser().resolve()
    candidates = [PROJECT_ROOT / "data" / "raw", PROJECT_ROOT.parent / "shared" / "data" / "raw"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


@dataclass(frozen=True)
class Settings:
    project_root: Path
    raw_dir: Path
    target: str
    duckdb_path: Path
    artifacts_dir: Path
    reports_dir: Path

    @property
    def seeds_raw_dir(self) -> Path:
        return self.project_root / "seeds" / "raw"

    @property
    def raw_contract_path(self) -> Path:
        return self.seeds_raw_dir / "_raw__seeds.yml"

    @property
    def dbt_target_path(self) -> Path:
        """Per-target dbt artifacts, so a Postgres run never overwrites the DuckDB manifest."""
        return self.project_root / "target" / self.target

    @property
    def manifest_path(self) -> Path:
        return self.dbt_target_path / "manifest.json"


def load_settings(target: str | None = None) -> Settings:
    target = target or os.environ.get("AIHW_TARGET", "duckdb")
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; expected one of {TARGETS}")
    root = PROJECT_ROOT
    duckdb_path = Path(os.environ.get("AIHW_DUCKDB_PATH", root / "warehouse" / "aihw.duckdb"))
    if not duckdb_path.is_absolute():
        duckdb_path = root / duckdb_path
    return Settings(
        project_root=root,
        raw_dir=default_raw_dir(),
        target=target,
        duckdb_path=duckdb_path,
        artifacts_dir=Path(os.environ.get("AIHW_ARTIFACTS_DIR", root / "artifacts")),
        reports_dir=Path(os.environ.get("AIHW_REPORTS_DIR", root / "reports")),
    )
