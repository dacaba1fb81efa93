"""Test helper: N x copies of the raw files (and of the curated reference rows) from the project's one
generator, aihw/scale.py (suffixed product names, measured numbers perturbed +-5 %, dates and ids kept).

usage: python tests/python/scaled_raw.py RAW_DIR OUT_DIR FACTOR
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from aihw.config import RAW_REGISTRY  # noqa: E402
from aihw.landing import load_contract  # noqa: E402
from aihw.scale import scale_reference, write_scaled_raw  # noqa: E402


def write_scaled_sources(raw_dir: Path, out_dir: Path, factor: int) -> dict[str, int]:
    """Every raw file of the project's registry, `factor` x; data rows written per file."""
    return write_scaled_raw(raw_dir, out_dir, factor, load_contract(PROJECT / RAW_REGISTRY))


__all__ = ["scale_reference", "write_scaled_sources"]

if __name__ == "__main__":
    print(write_scaled_sources(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
