"""A quick N x copy of the raw files, for measuring how the build scales (not the full scale benchmark).

Copy 0 is every file unchanged; copies 1..N-1 repeat every data row with the product-name columns suffixed
(' x<copy>') and every measured number of a row multiplied by one factor drawn in [0.95, 1.05] (integers
stay integers). Dates, years, counts and identifiers are left as they are, so every copy passes the landing
contract. Suffixed names resolve to each other across sources (the suffix becomes a match-key token), but
not to the curated reference rows (aliases, supplements), which name the real products only.

usage: python tests/python/scaled_raw.py RAW_DIR OUT_DIR FACTOR
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

# the columns holding a product name, per raw file (the identity name columns of macros/sources/ and the
# display names that must stay distinct per copy)
NAME_COLUMNS = {
    "GPU_benchmarks_v7.csv": ("gpuName",),
    "GPU_scores_graphicsAPIs.csv": ("Device",),
    "gpu_specs_v6.csv": ("productName",),
    "ml_hardware.csv": ("Hardware name",),
    "mlperf.csv": ("Accelerator", "System Name (click + for details)"),
}
# numbers that are not measurements: kept as they are
FIXED_NUMBER = re.compile(r"date|year|#|count|nodes|id$|bus|shader|tmu|rop", re.IGNORECASE)
NO_NAME = {"N/A", "NA", "NONE"}  # published as "no accelerator" (macros/sources/mlperf.sql): never suffixed
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")


def perturb(value: str, factor: float) -> str:
    if not NUMBER.match(value):
        return value
    if re.match(r"^-?[0-9]+$", value):
        return str(round(int(value) * factor))
    return repr(float(value) * factor)


def scale_file(source: Path, destination: Path, factor: int, seed: int = 0) -> int:
    """Write `factor` copies of the rows of `source` to `destination`; returns the data rows written."""
    raw = source.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines(keepends=True)))
    header, data = rows[0], rows[1:]
    names = set(NAME_COLUMNS.get(source.name, ()))
    fixed = {i for i, column in enumerate(header) if FIXED_NUMBER.search(column) and column not in names}
    rng = random.Random(f"{seed}:{source.name}")
    written = 0
    with destination.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for copy in range(factor):
            for row in data:
                if copy:
                    row_factor = rng.uniform(0.95, 1.05)  # one factor per row keeps its orderings (boost >= base clock)
                    row = [
                        (cell + f" x{copy}" if cell and cell.upper() not in NO_NAME else cell) if header[i] in names
                        else cell if i in fixed else perturb(cell, row_factor)
                        for i, cell in enumerate(row)
                    ]
                writer.writerow(row)
                written += 1
    return written


def write_scaled_raw(raw_dir: Path, out_dir: Path, factor: int, file_names: list[str]) -> dict[str, int]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return {name: scale_file(raw_dir / name, out_dir / name, factor) for name in file_names}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from aihw.config import RAW_REGISTRY, load_raw_sources

    project = Path(__file__).resolve().parents[2]
    files = [source.file_name for source in load_raw_sources(project / RAW_REGISTRY)]
    counts = write_scaled_raw(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), files)
    print(counts)
