"""The N x raw-file generator used to measure how the build scales (tests/python/scaled_raw.py): every copy
keeps the landing contract, names are distinct per copy (except 'no accelerator' markers), and measured numbers
move by at most 5 % with one factor per row."""

from __future__ import annotations

import csv
import io

import pytest
from scaled_raw import write_scaled_raw

from aihw.config import RAW_REGISTRY
from aihw.landing import load_contract, parse_file

from conftest import PROJECT, raw_sources

FACTOR = 3


@pytest.fixture(scope="module")
def scaled(raw_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("scaled")
    counts = write_scaled_raw(raw_dir, out, FACTOR, [source.file_name for source in raw_sources()])
    return out, counts


def _rows(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_every_copy_lands_under_the_raw_contract(scaled, raw_dir):
    out, counts = scaled
    for contract in load_contract(PROJECT / RAW_REGISTRY):
        parsed = parse_file(out / contract.file_name, contract)  # raises LandingError naming every problem
        original = parse_file(raw_dir / contract.file_name, contract)
        assert len(parsed.rows) == counts[contract.file_name] == FACTOR * len(original.rows)


def test_copies_have_own_names_and_numbers_within_five_percent(scaled, raw_dir):
    out, _ = scaled
    original, copied = _rows(raw_dir / "mlperf.csv"), _rows(out / "mlperf.csv")
    header, n = original[0], len(original) - 1
    accelerator, result = header.index("Accelerator"), header.index("Avg. Result at System Name")
    for row, first, second in zip(original[1:], copied[1 : n + 1], copied[n + 1 : 2 * n + 1], strict=True):
        assert first == row  # copy 0 is the file unchanged
        if row[accelerator].upper() == "N/A":
            assert second[accelerator] == "N/A"  # a CPU-only system stays one
        else:
            assert second[accelerator] == row[accelerator] + " x1"
        assert abs(float(second[result]) / float(row[result]) - 1) <= 0.05 + 1e-12
        assert second[header.index("Public ID")] == row[header.index("Public ID")]  # identifiers kept
