"""The MLPerf training set reconciles: every per-accelerator result row either reaches ml_mlperf_training_rows or
is listed in marts.fct_mlperf_training_reconciliation with its reason (issue 16 item 3). A renamed Epoch spec row
that MLPerf accelerators resolve to used to remove their rows from the training set silently."""

from __future__ import annotations

import duckdb

from conftest import run_job

# the Epoch row that the MLPerf H100-SXM-80GB results (and their virtualized variant) take their specs from
RENAMED = ("NVIDIA H100 SXM5 80GB,", "NVIDIA H100 SXM5 80GB renamed,")
ORPHANED_KEYS = ("h100-sxm5-80gb", "virtualized-h100-sxm-80gb")


def _counts(con) -> dict[str, int]:
    return dict(
        results=con.execute("select count(*) from marts.fct_mlperf_results").fetchone()[0],
        listed=con.execute("select count(*) from marts.fct_mlperf_training_reconciliation").fetchone()[0],
        in_set=con.execute(
            "select count(*) from marts.fct_mlperf_training_reconciliation where is_in_training_set"
        ).fetchone()[0],
        training=con.execute("select count(*) from marts.ml_mlperf_training_rows").fetchone()[0],
    )


def test_renamed_spec_row_is_listed_with_its_reason(fresh_copy_of_built, bad_raw_dir):
    path = bad_raw_dir / "ml_hardware.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count("\n" + RENAMED[0]) == 1
    path.write_text(text.replace("\n" + RENAMED[0], "\n" + RENAMED[1]), encoding="utf-8")

    with duckdb.connect(str(fresh_copy_of_built / "warehouse" / "aihw.duckdb"), read_only=True) as con:
        before = _counts(con)
        reached_before = con.execute(
            "select count(*) from marts.ml_mlperf_training_rows where hardware_id in (?, ?)", list(ORPHANED_KEYS)
        ).fetchone()[0]
    assert reached_before > 0

    proc = run_job(fresh_copy_of_built, bad_raw_dir, "--no-train",
                   "--select", "+fct_mlperf_training_reconciliation +ml_mlperf_training_rows +fct_mlperf_results")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    with duckdb.connect(str(fresh_copy_of_built / "warehouse" / "aihw.duckdb"), read_only=True) as con:
        after = _counts(con)
        orphaned = con.execute(
            """
            select exclusion_reason, count(*)
            from marts.fct_mlperf_training_reconciliation
            where hardware_id in (?, ?) and not is_in_training_set and exclusion_reason = 'no_spec_row'
            group by exclusion_reason
            """,
            list(ORPHANED_KEYS),
        ).fetchall()
        still_in = con.execute(
            "select count(*) from marts.ml_mlperf_training_rows where hardware_id in (?, ?)", list(ORPHANED_KEYS)
        ).fetchone()[0]

    # every result row is listed once, and the listed in-set rows are exactly the training set
    for counts in (before, after):
        assert counts["listed"] == counts["results"]
        assert counts["in_set"] == counts["training"]
    # the rows that left the training set are the renamed accelerator's, each listed with its reason
    assert still_in == 0
    assert orphaned == [("no_spec_row", reached_before)]
    assert after["training"] == before["training"] - reached_before
