"""Project paths and settings, read once from the environment into one `Settings` object.

The `AIHW_*` environment variables are the user-facing inputs; `load_settings` reads them once (the CLI calls
it once per command) and everything else receives the resulting `Settings` explicitly. Nothing writes the
environment back: the dbt subprocess gets an env dict built from the settings (`Settings.dbt_env`), which
profiles.yml reads with `env_var()`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("duckdb", "postgres")
RAW_REGISTRY = Path("seeds") / "raw" / "_raw__seeds.yml"


def default_raw_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """AIHW_RAW_DIR, else data/raw inside the project, else ../shared/data/raw beside it."""
    env = environ.get("AIHW_RAW_DIR")
    if env:
        return Path(env).expanduser().resolve()
    candidates = [PROJECT_ROOT / "data" / "raw", PROJECT_ROOT.parent / "shared" / "data" / "raw"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


@dataclass(frozen=True)
class PostgresSettings:
    """Connection of the PostgreSQL target (AIHW_PG_*). `configured` is false when no port was given."""

    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "aihw"
    password: str = ""
    database: str = "aihw"
    configured: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> PostgresSettings:
        d = cls()
        return cls(
            host=environ.get("AIHW_PG_HOST", d.host),
            port=int(environ.get("AIHW_PG_PORT", d.port)),
            user=environ.get("AIHW_PG_USER", d.user),
            password=environ.get("AIHW_PG_PASSWORD", d.password),
            database=environ.get("AIHW_PG_DATABASE", d.database),
            configured="AIHW_PG_PORT" in environ,
        )

    def env(self) -> dict[str, str]:
        """The variables profiles.yml's postgres output reads."""
        return {
            "AIHW_PG_HOST": self.host,
            "AIHW_PG_PORT": str(self.port),
            "AIHW_PG_USER": self.user,
            "AIHW_PG_PASSWORD": self.password,
            "AIHW_PG_DATABASE": self.database,
        }


@dataclass(frozen=True)
class RawSource:
    """One raw source of the registry (a seed of seeds/raw/_raw__seeds.yml with meta.source and meta.raw_file)."""

    source: str
    seed_name: str
    file_name: str


@dataclass(frozen=True)
class Settings:
    project_root: Path
    raw_dir: Path
    target: str
    duckdb_path: Path
    artifacts_dir: Path
    reports_dir: Path
    postgres: PostgresSettings = PostgresSettings()
    debug: bool = False  # AIHW_DEBUG: the CLI shows tracebacks
    run_lock_held: str | None = None  # AIHW_RUN_LOCK_HELD: run locks a wrapping command holds for this run

    @property
    def seeds_raw_dir(self) -> Path:
        return self.project_root / "seeds" / "raw"

    @property
    def raw_contract_path(self) -> Path:
        """The raw source registry: every raw file, its source name, seed and column contract."""
        return self.project_root / RAW_REGISTRY

    @property
    def dbt_target_path(self) -> Path:
        """Per-target dbt artifacts, so a Postgres run never overwrites the DuckDB manifest."""
        return self.project_root / "target" / self.target

    @property
    def manifest_path(self) -> Path:
        return self.dbt_target_path / "manifest.json"

    @property
    def run_lock_folders(self) -> list[Path]:
        """The folders a run writes and locks: the project's warehouse folder (seeds, build folder, artifacts
        are the project's) and the DuckDB file's folder when it lives elsewhere."""
        return [self.project_root / "warehouse", self.duckdb_path.parent]

    def with_target(self, target: str) -> Settings:
        _check_target(target)
        return dataclasses.replace(self, target=target)

    def dbt_env(self) -> dict[str, str]:
        """What the dbt subprocess must see on top of the inherited environment (settings -> dbt)."""
        return {
            "AIHW_TARGET": self.target,
            "AIHW_DUCKDB_PATH": self.dbt_duckdb_path(),
            **self.postgres.env(),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }

    def dbt_duckdb_path(self) -> str:
        """The DuckDB file as dbt's profile gets it: relative to the project root (dbt runs there) when inside it.
        dbt keeps its partial parse only while the profile's connection values are unchanged, so the same relative
        path in every copy of the project (tests, the benchmark's scaled copies) lets a copy reuse the parse of the
        project it was copied from; an absolute path would differ per copy and force a full parse (~6 s)."""
        try:
            return str(self.duckdb_path.relative_to(self.project_root))
        except ValueError:
            return str(self.duckdb_path)

    def raw_sources(self) -> list[RawSource]:
        """The raw source registry, in file order: seeds with both meta.source and meta.raw_file."""
        return load_raw_sources(self.raw_contract_path)


def load_raw_sources(registry_path: Path) -> list[RawSource]:
    doc = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
    sources = []
    for seed in doc["seeds"]:
        meta = (seed.get("config") or {}).get("meta") or {}
        if "source" in meta and "raw_file" in meta:
            sources.append(RawSource(meta["source"], seed["name"], meta["raw_file"]))
    return sources


def _check_target(target: str) -> None:
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; expected one of {TARGETS}")


def load_settings(target: str | None = None, environ: Mapping[str, str] = os.environ) -> Settings:
    """Read the AIHW_* variables once. `target` (e.g. a --target option) wins over AIHW_TARGET."""
    target = target or environ.get("AIHW_TARGET", "duckdb")
    _check_target(target)
    root = PROJECT_ROOT

    def path(name: str, default: Path) -> Path:
        value = Path(environ.get(name, default))
        return value if value.is_absolute() else root / value

    return Settings(
        project_root=root,
        raw_dir=default_raw_dir(environ),
        target=target,
        duckdb_path=path("AIHW_DUCKDB_PATH", root / "warehouse" / "aihw.duckdb"),
        artifacts_dir=path("AIHW_ARTIFACTS_DIR", root / "artifacts"),
        reports_dir=path("AIHW_REPORTS_DIR", root / "reports"),
        postgres=PostgresSettings.from_env(environ),
        debug=bool(environ.get("AIHW_DEBUG")),
        run_lock_held=environ.get("AIHW_RUN_LOCK_HELD"),
    )
