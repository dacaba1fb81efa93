"""The raw seeds reach the warehouse cell for cell (macros/seeds/seed.sql: on DuckDB a seed whose every column has
a declared type is loaded by DuckDB from its file, with no Python copy of its rows)."""

from __future__ import annotations

import csv
import io

import duckdb

from aihw.config import RAW_REGISTRY
from aihw.landing import MANIFEST_SEED, load_contract


def _seed_rows(path) -> tuple[list[str], list[list[str | None]]]:
    """The landed seed file as the csv module reads it; an empty field is NULL in the warehouse."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return rows[0], [[value if value != "" else None for value in row] for row in rows[1:] if row]


def test_every_raw_seed_table_holds_its_seed_file_cell_for_cell(built_project):
    seeds = [c.seed_name for c in load_contract(built_project / RAW_REGISTRY)] + [MANIFEST_SEED]
    con = duckdb.connect(str(built_project / "warehouse" / "aihw.duckdb"), read_only=True)
    try:
        for seed in seeds:
            header, expected = _seed_rows(built_project / "seeds" / "raw" / f"{seed}.csv")
            columns = [r[0] for r in con.execute(f'describe raw."{seed}"').fetchall()]
            assert columns == header, seed
            # every column compared as text (the added row/line numbers and the manifest counts are integers)
            select = ", ".join(f'cast("{c}" as varchar)' for c in header)
            actual = [list(row) for row in con.execute(f'select {select} from raw."{seed}" order by rowid').fetchall()]
            assert len(actual) == len(expected) > 0, seed
            mismatches = [(i, a, e) for i, (a, e) in enumerate(zip(actual, expected, strict=True)) if a != e]
            assert not mismatches, f"{seed}: {len(mismatches)} row(s) differ, first {mismatches[0]}"
    finally:
        con.close()
