"""The scale generator: N x copies of the raw files (and of the curated reference rows keyed by a product name)
in a throwaway project copy, for measuring how the pipeline scales (aihw/benchmark.py, tests/python).

Copy 0 is every row unchanged; copies 1..N-1 repeat every data row of every registered raw source (the registry
seeds/raw/_raw__seeds.yml, iterated through aihw.landing.load_contract) with
- the product-name columns suffixed (' copy<k>'; ' x<k>' would collide with real names like 'FirePro S7150
  x2'), so each copy is a distinct product;
- every measured number (contract raw_type `number`) multiplied by one factor per row drawn in [0.95, 1.05]
  (one factor per row keeps its orderings, e.g. boost >= base clock; integer-looking values stay integers);
- dates, timestamps, whole-number counts and identifiers (raw_type integer/date/timestamp) and text unchanged,
so every copy passes the landing contract. The curated reference rows that name a product (aliases, spec
supplements) are repeated with the same suffix, so suffixed names resolve and are completed as the real ones.
The generator never writes into the repository: it refuses a reference folder inside the project it runs from.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import shutil
from pathlib import Path

from aihw.config import PROJECT_ROOT, Settings
from aihw.landing import VALUE_FORMS, FileContract, load_contract

# the columns holding a product name, per raw file (the identity name columns of macros/sources/ and the
# display names that must stay distinct per copy); every registered raw file must be listed
NAME_COLUMNS = {
    "GPU_benchmarks_v7.csv": ("gpuName",),
    "GPU_scores_graphicsAPIs.csv": ("Device",),
    "gpu_specs_v6.csv": ("productName",),
    "ml_hardware.csv": ("Hardware name",),
    "mlperf.csv": ("Accelerator", "System Name (click + for details)"),
    # a multi-file source (every round file): its registry pattern; source_location is part of the result key
    "mlperf_rounds/*.csv": ("accelerator", "system_name", "source_location"),
}
# `number` columns that are a design constant, not a measurement: kept as they are (a memory capacity comes in
# whole sizes - 24, 80, 141 GB; perturbed, a system MLPerf measured could be judged not to fit its model)
KEPT_NUMBERS = {
    "ml_hardware.csv": ("Memory bus (bit)", "Memory size per board (Byte)"),
    "gpu_specs_v6.csv": ("memSize", "memBusWidth"),
}
# curated reference seeds keyed by a product name (seeds/reference/): the columns suffixed per copy
REFERENCE_NAME_COLUMNS = {
    "hardware_aliases.csv": ("name_as_published", "canonical_name"),
    "hardware_spec_supplements.csv": ("hardware_name",),
    "spec_overrides.csv": ("hardware_name",),
    "mlperf_accelerator_variants.csv": ("accelerator_name_as_published", "accelerator_name"),
}
NO_NAME = {"N/A", "NA", "NONE"}  # published as "no accelerator" (macros/sources/mlperf.sql): never suffixed
PERTURBATION = 0.05
# what a throwaway project copy leaves out: build outputs, environments, caches
PROJECT_COPY_IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "target", "warehouse", "artifacts", "reports", "logs", "__pycache__", ".pytest_cache",
    "*.csv.tmp",
)


def suffix(copy: int) -> str:
    return f" copy{copy}"


def suffixed(name: str, copy: int) -> str:
    return name + suffix(copy) if copy and name and name.strip().upper() not in NO_NAME else name


def perturb(value: str, factor: float) -> str:
    """A number multiplied by `factor` (an integer-looking value stays an integer); anything else unchanged."""
    v = value.strip()
    if not v or not VALUE_FORMS["number"].fullmatch(v):
        return value
    if VALUE_FORMS["integer"].fullmatch(v) and "." not in v:
        return str(round(int(v) * factor))
    return repr(float(v) * factor)


def _read_csv(path: Path) -> tuple[bool, list[list[str]]]:
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    return bom, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), strict=True))


def scale_raw_file(source: Path, destination: Path, contract: FileContract, factor: int, seed: int = 0) -> int:
    """Write `factor` copies of the data rows of `source` to `destination`; returns the data rows written."""
    if contract.file_name not in NAME_COLUMNS:
        raise KeyError(f"{contract.file_name}: no product-name columns declared in aihw.scale.NAME_COLUMNS")
    bom, rows = _read_csv(source)
    header, data = rows[0], [row for row in rows[1:] if row]
    types = {column.name: column.raw_type for column in contract.columns}
    names = set(NAME_COLUMNS[contract.file_name])
    missing = names - set(header)
    if missing:
        raise KeyError(f"{contract.file_name}: declared name column(s) {sorted(missing)} not in the file")
    kept = set(KEPT_NUMBERS.get(contract.file_name, ()))
    measured = {i for i, column in enumerate(header) if types.get(column) == "number" and column not in kept}
    named = {i for i, column in enumerate(header) if column in names}
    rng = random.Random(f"{seed}:{source.name}")
    written = 0
    with destination.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for copy in range(factor):
            for row in data:
                if copy:
                    row_factor = rng.uniform(1 - PERTURBATION, 1 + PERTURBATION)
                    row = [
                        suffixed(cell, copy) if i in named else perturb(cell, row_factor) if i in measured else cell
                        for i, cell in enumerate(row)
                    ]
                writer.writerow(row)
                written += 1
    return written


def write_scaled_raw(raw_dir: Path, out_dir: Path, factor: int, contracts: list[FileContract]) -> dict[str, int]:
    """Every registered raw file of `raw_dir` scaled `factor` x into `out_dir`; data rows written per file."""
    written = {}
    for contract in contracts:
        for path in contract.paths(raw_dir):
            relative = path.relative_to(raw_dir)
            (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            written[relative.as_posix()] = scale_raw_file(path, out_dir / relative, contract, factor)
    return written


def scale_reference(reference_dir: Path, factor: int) -> dict[str, int]:
    """Repeat the curated rows keyed by a product name once per copy, suffixed like the raw names (in place, in
    a project copy only); rows per seed afterwards."""
    if reference_dir.resolve().is_relative_to(PROJECT_ROOT.resolve()):
        raise ValueError(f"{reference_dir} is inside the project {PROJECT_ROOT}: scale a throwaway copy only")
    counts = {}
    for file_name, columns in REFERENCE_NAME_COLUMNS.items():
        path = reference_dir / file_name
        _, rows = _read_csv(path)
        header, data = rows[0], [row for row in rows[1:] if row]
        named = {header.index(column) for column in columns}
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for copy in range(factor):
                writer.writerows(
                    [suffixed(cell, copy) if i in named else cell for i, cell in enumerate(row)] for row in data
                )
        counts[file_name] = factor * len(data)
    return counts


def scaled_project(settings: Settings, factor: int, workdir: Path) -> Settings:
    """A throwaway copy of the project under `workdir` with the raw files and curated reference rows scaled
    `factor` x; the returned settings point at it (its own raw folder, DuckDB file, artifacts and reports)."""
    project = workdir / "project"
    shutil.copytree(settings.project_root, project, ignore=PROJECT_COPY_IGNORE)
    for stale in (project / "seeds" / "raw").glob("*.csv"):
        stale.unlink()  # landed seeds are produced by the run, never inherited
    raw_dir = workdir / "raw"
    write_scaled_raw(settings.raw_dir, raw_dir, factor, load_contract(settings.raw_contract_path))
    scale_reference(project / "seeds" / "reference", factor)
    (workdir / "warehouse").mkdir(parents=True, exist_ok=True)
    return dataclasses.replace(
        settings,
        project_root=project,
        raw_dir=raw_dir,
        duckdb_path=workdir / "warehouse" / "aihw.duckdb",
        artifacts_dir=workdir / "artifacts",
        reports_dir=workdir / "reports",
    )
