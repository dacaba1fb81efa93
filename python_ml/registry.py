"""Model registry: every training run is a model version with its code version, data fingerprint,
parameters and metrics (a warehouse table), and an artifact saved as a NumPy ``.npz`` archive: the arrays as
arrays and everything else as one JSON document, read back with ``allow_pickle=False`` (no pickle, so loading
an artifact never runs code) and rebuilt only into a type on the caller's trusted list. Loading it needs NumPy
only (skops needed scikit-learn's whole import, 1.4 s of a 2 s what-if CLI run).

The warehouse's registry table is the one truth about which version is the latest, per warehouse."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

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


ARTIFACT_SUFFIX = ".npz"
# what new_version writes (name-YYYYmmddTHHMMSS-fingerprint): a plain file name, never a path
VERSION_FORM = re.compile(r"[A-Za-z0-9_]+-\d{8}T\d{6}-[0-9a-f]{1,16}", re.ASCII)


class RegistryError(ValueError):
    """A model version that cannot name an artifact inside the artifacts folder."""


def artifact_path(artifacts_dir: Path, model_version: str) -> Path:
    """The artifact file of a model version: only a file directly inside ``artifacts_dir``. A version read from
    the warehouse (or anywhere) that is not of new_version's form, or that would resolve elsewhere (``../x``,
    an absolute path, a link out), is an error naming it."""
    if not VERSION_FORM.fullmatch(str(model_version)):
        raise RegistryError(f"model version {model_version!r} is not of the form name-YYYYmmddTHHMMSS-hash: "
                            f"refusing to look for its artifact outside {artifacts_dir}")
    folder = artifacts_dir.resolve()
    path = (folder / f"{model_version}{ARTIFACT_SUFFIX}").resolve()
    if path.parent != folder:
        raise RegistryError(f"model version {model_version!r}: artifact {path} is not inside {folder}")
    return path


def new_version(model_name: str, fingerprint: str, trained_at: datetime | None = None) -> tuple[str, datetime]:
    trained_at = trained_at or datetime.now(UTC)
    return f"{model_name}-{trained_at:%Y%m%dT%H%M%S}-{fingerprint[:8]}", trained_at


PARTIAL_SUFFIX = ".partial"  # what a training run writes before it succeeds (never loaded, removed if it fails)


def save_artifact(obj: Any, artifacts_dir: Path, model_version: str) -> Path:
    """Write the artifact under its partial name (``<version>.npz.partial``); :func:`publish` moves it to its
    final name when the whole training run has succeeded, :func:`discard` removes it when it has not."""
    artifacts_dir.mkdir(parents=True, exist_ok=True)
    partial = partial_path(artifact_path(artifacts_dir, model_version))
    arrays: dict[str, np.ndarray] = {}
    document = json.dumps(_encode(obj, arrays), allow_nan=True)
    with partial.open("wb") as handle:  # a file object: np.savez would append .npz to a path
        np.savez(handle, **{STATE_KEY: np.array(document)}, **arrays)
    return partial


def partial_path(final: Path) -> Path:
    return final.with_name(final.name + PARTIAL_SUFFIX)


def publish(*finals: Path) -> None:
    """Move each final path's partial (a file or a folder) into place."""
    for final in finals:
        if final.is_dir():
            shutil.rmtree(final)
        partial_path(final).replace(final)


def discard(*paths: Path) -> None:
    """Remove files or folders (a failed run's partial outputs); missing ones are fine."""
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def discard_partials(*folders: Path) -> list[Path]:
    """Remove what killed training runs left under a partial name in these folders; returns what was removed."""
    stale = [p for folder in folders if folder.is_dir() for p in folder.glob(f"*{PARTIAL_SUFFIX}")]
    discard(*stale)
    return stale


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
    latest = str(versions.sort_values(["trained_at", "model_version"]).iloc[-1]["model_version"])
    artifact_path(settings.artifacts_dir, latest)  # a value that could name a file elsewhere is refused here
    return latest


def load_artifact(artifacts_dir: Path, model_version: str, trusted: list[str]) -> Any:
    """The object saved by :func:`save_artifact`; a dataclass whose type is not on ``trusted`` is refused."""
    path = artifact_path(artifacts_dir, model_version)
    if not path.is_file():
        raise RegistryError(f"model version {model_version!r}: no artifact {path} (saved by an older version? "
                            "run the main job to train again)")
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    document = json.loads(str(arrays.pop(STATE_KEY)))
    unexpected = sorted(_types(document) - set(trusted))
    if unexpected:
        raise ValueError(f"{path} contains types not on the trusted list: {unexpected}")
    return _decode(document, arrays)


# ------------------------------------------------------------------------------------- the artifact's encoding
# JSON values stay JSON; what JSON cannot say is a one-key object: an array (stored beside the document in the
# .npz), a tuple, a NumPy scalar (as its Python value), a dataclass (its type name and fields)
STATE_KEY = "__state__"
ARRAY, TUPLE, DATACLASS = "__array__", "__tuple__", "__dataclass__"


def _encode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise TypeError(f"cannot save an object array (dtype {value.dtype}) without pickle")
        name = f"a{len(arrays)}"
        arrays[name] = value
        return {ARRAY: name}
    if isinstance(value, np.generic):
        return value.item()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        fields = {f.name: _encode(getattr(value, f.name), arrays) for f in dataclasses.fields(value)}
        return {DATACLASS: f"{kind.__module__}.{kind.__qualname__}", "fields": fields}
    if isinstance(value, tuple):
        return {TUPLE: [_encode(v, arrays) for v in value]}
    if isinstance(value, list):
        return [_encode(v, arrays) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError(f"cannot save a dict with non-text keys: {sorted(map(repr, value))[:5]}")
        return {k: _encode(v, arrays) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot save a {type(value).__qualname__} in a model artifact")


def _types(document: Any) -> set[str]:
    """The dataclass types a decoded document would construct."""
    if isinstance(document, list):
        return set().union(*map(_types, document))
    if not isinstance(document, dict):
        return set()
    found = {document[DATACLASS]} if DATACLASS in document else set()
    return found.union(*map(_types, document.values()))


def _decode(document: Any, arrays: dict[str, np.ndarray]) -> Any:
    if isinstance(document, list):
        return [_decode(v, arrays) for v in document]
    if not isinstance(document, dict):
        return document
    if ARRAY in document:
        return arrays[document[ARRAY]]
    if TUPLE in document:
        return tuple(_decode(v, arrays) for v in document[TUPLE])
    if DATACLASS in document:  # only a trusted type reaches here (load_artifact)
        module, _, name = document[DATACLASS].rpartition(".")
        kind = getattr(importlib.import_module(module), name)
        return kind(**{k: _decode(v, arrays) for k, v in document["fields"].items()})
    return {k: _decode(v, arrays) for k, v in document.items()}
