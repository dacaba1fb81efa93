"""Model registry: every training run is a model version with its code version, data fingerprint,
parameters and metrics (a warehouse table), and an artifact saved with skops (no bare pickle).

The warehouse's registry table is the one truth about which version is the latest, per warehouse."""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import skops.io as sio

from aihw.config import Settings
from python_ml import __version__


def code_version(project_root: Path) -> str:
    """git commit of the working tree (with +dirty when it has uncommitted changes), else the package version."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=project_root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=project_root, capture_output=True,
            text=True, check=True,
        ).stdout.strip()
        return f"{sha}{'+dirty' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return f"python_ml-{__version__}"


def data_fingerprint(frame: pd.DataFrame) -> str:
    """sha256 over the training frame's columns and values, order-independent in rows."""
    canonical = frame.reindex(sorted(frame.columns), axis=1)
    row_hashes = pd.util.hash_pandas_object(canonical, index=False).sort_values().to_numpy()
    h = hashlib.sha256(",".join(canonical.columns).encode())
    h.update(row_hashes.tobytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class ModelVersion:
    model_version: str
    model_name: str
    trained_at: datetime
    code_version: str
    data_fingerprint: str
    params: dict[str, Any]
    metrics: dict[str, Any]
    artifact_path: str

    def as_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [{
                "model_version": self.model_version,
                "model_name": self.model_name,
                "trained_at": pd.Timestamp(self.trained_at).tz_localize(None),
                "code_version": self.code_version,
                "data_fingerprint": self.data_fingerprint,
                "params_json": json.dumps(self.params, sort_keys=True, default=str),
                "metrics_json": json.dumps(self.metrics, sort_keys=True, default=float),
                "artifact_path": self.artifact_path,
            }]
        )


def new_version(model_name: str, fingerprint: str, trained_at: datetime | None = None) -> tuple[str, datetime]:
    trained_at = trained_at or datetime.now(UTC)
    return f"{model_name}-{trained_at:%Y%m%dT%H%M%S}-{fingerprint[:8]}", trained_at


def save_artifact(obj: Any, artifacts_dir: Path, model_version: str) -> Path:
    """Write atomically: a half-written artifact is never visible under its final name."""
    artifacts_dir.mkdir(parents=True, exist_ok=True)
    final = artifacts_dir / f"{model_version}.skops"
    tmp = final.with_suffix(".skops.tmp")
    sio.dump(obj, tmp)
    tmp.replace(final)
    return final


def latest_version(settings: Settings) -> str:
    """The latest model version of the settings' warehouse: the newest row of its registry table
    (ml.model_versions), the same rule as dim_model_versions.is_latest. Each warehouse answers for itself;
    there is no shared pointer file that could disagree with it."""
    from aihw.warehouse import WarehouseError, load_manifest, session, source_relation

    relation = source_relation(load_manifest(settings), "model_versions")
    with session(settings, read_only=settings.target == "duckdb") as wh:
        if not wh.table_exists(relation):
            raise WarehouseError(f"no trained model in the {settings.target} warehouse: run the main job first")
        versions = wh.read_relation(relation)
    if versions.empty:
        raise WarehouseError(f"no trained model in the {settings.target} warehouse: run the main job first")
    return str(versions.sort_values(["trained_at", "model_version"]).iloc[-1]["model_version"])


def load_artifact(artifacts_dir: Path, model_version: str, trusted: list[str]) -> Any:
    path = artifacts_dir / f"{model_version}.skops"
    untrusted = set(sio.get_untrusted_types(file=path))
    unexpected = untrusted - set(trusted)
    if unexpected:
        raise ValueError(f"{path} contains types not on the trusted list: {sorted(unexpected)}")
    return sio.load(path, trusted=sorted(untrusted))
