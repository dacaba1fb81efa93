"""The MLPerf round files (mlperf_rounds/*.csv, issue 13): one multi-file source in the registry.

Landing: every round file is checked against the one contract with the same errors as any raw file (file, line,
row, column), all land into one seed with `_source_file`, and a new round is a new file (no code change).
Incremental by round: landing v4.0 after v3.1 adds v4.0's rows and leaves v3.1's untouched (same loaded_at and
loading invocation), even under the main job's --full-refresh; on DuckDB (pipeline) and PostgreSQL (postgres).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
from pathlib import Path

import pytest

from aihw.config import RAW_REGISTRY, load_settings
from aihw.landing import MANIFEST_SEED, LandingError, land, load_contract
from aihw.pipeline import build_copy_path, run_dbt
from aihw.warehouse import Relation, session

from conftest import PROJECT, copy_project, copy_raw_files

ROUNDS = next(c for c in load_contract(PROJECT / RAW_REGISTRY) if c.source == "mlperf_rounds")
ROUND_DIR = Path(ROUNDS.file_name).parent  # mlperf_rounds/
V31, V40 = "mlperf_inference_v3.1.csv", "mlperf_inference_v4.0.csv"


def _rewrite(path: Path, transform) -> None:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(transform(rows))
    path.write_text(out.getvalue(), encoding="utf-8")


def _landing_settings(tmp_path: Path, raw_dir: Path):
    """A project with the real registry and a writable copy of every raw file."""
    project = tmp_path / "project"
    (project / RAW_REGISTRY).parent.mkdir(parents=True)
    shutil.copy2(PROJECT / RAW_REGISTRY, project / RAW_REGISTRY)
    raw = copy_raw_files(raw_dir, tmp_path / "raw")
    return dataclasses.replace(load_settings("duckdb"), project_root=project, raw_dir=raw)


def _set_cell(row: int, column: str, value: str):
    def transform(rows):
        rows[row][rows[0].index(column)] = value
        return rows

    return transform


# one case per kind of bad input of today's landing, each applied to a round file
def _rename_accelerator(rows):
    return [[("accelerator_name" if c == "accelerator" else c) for c in rows[0]], *rows[1:]]


BAD_ROUND_FILES = {
    "renamed_column": (_rename_accelerator, ["line 1 (header)", "missing column(s) ['accelerator']",
                                             "unexpected column(s) ['accelerator_name']"]),
    "missing_column": (lambda rows: [r[:-1] for r in rows],
                       ["line 1 (header)", "missing column(s) ['source_location']"]),
    "wrong_field_count": (lambda rows: [*rows[:5], rows[5][:-1], *rows[6:]],
                          ["line 6 (row 5)", "expected 19 fields, found 18"]),
    "text_in_numeric_column": (_set_cell(3, "result", "fast"),
                               ["line 4 (row 3), column 'result'", "'fast' is not a number"]),
    "non_ascii_digits": (_set_cell(2, "total_accelerators", "٨"),
                         ["line 3 (row 2), column 'total_accelerators'", "is not a whole number"]),
    "double_quote": (_set_cell(4, "system_name", 'Box "X"'), ["line 5 (row 4), column 'system_name'", "double quote"]),
}


@pytest.mark.parametrize("case", sorted(BAD_ROUND_FILES))
def test_a_bad_round_file_is_rejected_naming_file_line_and_column(case, tmp_path, raw_dir):
    settings = _landing_settings(tmp_path, raw_dir)
    transform, fragments = BAD_ROUND_FILES[case]
    _rewrite(settings.raw_dir / ROUND_DIR / V40, transform)
    with pytest.raises(LandingError) as caught:
        land(settings)
    (problem,) = [p for p in caught.value.problems if p.startswith(V40)]
    for fragment in fragments:
        assert fragment in problem, problem
    assert not list(settings.seeds_raw_dir.glob("*.csv"))  # nothing landed


@pytest.mark.parametrize("case", ["empty_file", "non_utf8"])
def test_an_unreadable_round_file_is_rejected(case, tmp_path, raw_dir):
    settings = _landing_settings(tmp_path, raw_dir)
    path = settings.raw_dir / ROUND_DIR / V31
    if case == "empty_file":
        path.write_bytes(b"")
        expected = f"{V31}: file is empty"
    else:
        path.write_bytes(path.read_bytes().replace(b"NVIDIA L4", "NVIDIA L4 \xe9".encode("latin-1"), 1))
        expected = f"{V31}: line "
    with pytest.raises(LandingError, match=expected):
        land(settings)


def test_no_round_file_is_an_error_naming_the_pattern(tmp_path, raw_dir):
    settings = _landing_settings(tmp_path, raw_dir)
    shutil.rmtree(settings.raw_dir / ROUND_DIR)
    with pytest.raises(LandingError, match=r"mlperf_rounds/\*\.csv: no file matches"):
        land(settings)


def test_a_new_round_is_a_new_file(tmp_path, raw_dir):
    """Every round file lands into the one seed, named in _source_file; the manifest has a row per file. One more
    file with the same columns lands with no code change."""
    settings = _landing_settings(tmp_path, raw_dir)
    before = {f.file_name: f.rows for f in land(settings) if f.seed_name == ROUNDS.seed_name}
    assert len(before) == len(ROUNDS.paths(raw_dir)) >= 3
    extra = settings.raw_dir / ROUND_DIR / "mlperf_inference_v4.0-extra.csv"
    shutil.copy2(settings.raw_dir / ROUND_DIR / V40, extra)
    after = {f.file_name: f.rows for f in land(settings) if f.seed_name == ROUNDS.seed_name}
    assert after == {**before, f"{ROUND_DIR}/{extra.name}": before[f"{ROUND_DIR}/{V40}"]}
    for name, rows in after.items():  # every data row of every file, counted independently of landing
        with (settings.raw_dir / name).open(encoding="utf-8-sig", newline="") as fh:
            assert rows == sum(1 for row in list(csv.reader(fh))[1:] if row), name
    with (settings.seeds_raw_dir / f"{ROUNDS.seed_name}.csv").open(encoding="utf-8") as fh:
        seed = list(csv.DictReader(fh))
    assert len(seed) == sum(after.values())
    assert [int(r["_row_number"]) for r in seed] == list(range(1, len(seed) + 1))  # unique within the seed
    per_file = {name: sum(1 for r in seed if r["_source_file"] == name) for name in after}
    assert per_file == after
    with (settings.seeds_raw_dir / f"{MANIFEST_SEED}.csv").open(encoding="utf-8") as fh:
        manifest = {r["file_name"]: int(r["data_rows"])
                    for r in csv.DictReader(fh) if r["seed_name"] == ROUNDS.seed_name}
    assert manifest == after


# ------------------------------------------------------------------------------------------ incremental by round
LOADED = "int_mlperf__results_loaded"
TEST_SCHEMA_PREFIX = "rounds_test_"  # PostgreSQL: a throwaway set of schemas beside the check's warehouse
LAYERS = ("raw", "reference", "staging", "intermediate", "marts")


def _loaded_rows(settings, prefix: str) -> dict[str, tuple]:
    with session(settings, read_only=False) as wh:
        frame = wh.read_relation(Relation(f"{prefix}intermediate", LOADED))
    return {r.mlperf_result_id: (r.round, str(r.loaded_at), r.loaded_by_invocation_id) for r in frame.itertuples()}


def _build_round_history(settings, prefix: str) -> None:
    """Land, then build only what the loaded history needs, with the main job's --full-refresh."""
    land(settings)
    # (no --vars without a prefix: dbt keeps the copied partial parse only for the vars it was made with)
    prefix_vars = ["--vars", f"{{schema_prefix: '{prefix}'}}"] if prefix else []
    run_dbt(settings, ["build", "--select", f"+{LOADED}", "--indirect-selection", "cautious", "--full-refresh",
                       *prefix_vars])


def _incremental_round(tmp_path: Path, raw_dir: Path, target: str, prefix: str) -> None:
    project = copy_project(tmp_path / "project")
    raw = copy_raw_files(raw_dir, tmp_path / "raw")
    held_back = tmp_path / "held_back"
    held_back.mkdir()
    for path in sorted((raw / ROUND_DIR).glob("*.csv")):
        if path.name != V31:
            shutil.move(path, held_back / path.name)
    # on DuckDB the warehouse sits where the main job builds its copy in the project, so dbt's profile (the file's
    # path relative to the project) is the one of the copied partial parse and dbt does not parse again
    settings = dataclasses.replace(load_settings(target), project_root=project, raw_dir=raw,
                                   duckdb_path=build_copy_path(project / "warehouse" / "aihw.duckdb"))
    settings.duckdb_path.parent.mkdir(parents=True)
    _build_round_history(settings, prefix)
    first = _loaded_rows(settings, prefix)
    assert {r[0] for r in first.values()} == {"v3.1", "v5.0"}
    shutil.move(held_back / V40, raw / ROUND_DIR / V40)
    _build_round_history(settings, prefix)
    second = _loaded_rows(settings, prefix)
    added = {key: row for key, row in second.items() if key not in first}
    assert {key: second[key] for key in first} == first  # earlier rounds untouched: same rows, loaded_at, run
    with (raw / ROUND_DIR / V40).open(encoding="utf-8-sig") as fh:
        v40_rows = sum(1 for _ in csv.DictReader(fh))
    assert len(added) == v40_rows and {r[0] for r in added.values()} == {"v4.0"}
    assert {r[2] for r in added.values()}.isdisjoint({r[2] for r in first.values()})  # loaded by the second run


@pytest.mark.pipeline
def test_landing_a_round_adds_its_rows_and_leaves_earlier_rounds_untouched_duckdb(tmp_path, raw_dir):
    _incremental_round(tmp_path, raw_dir, "duckdb", "")


@pytest.mark.postgres
def test_landing_a_round_adds_its_rows_and_leaves_earlier_rounds_untouched_postgres(tmp_path, raw_dir):
    settings = load_settings("postgres")
    try:
        _incremental_round(tmp_path, raw_dir, "postgres", TEST_SCHEMA_PREFIX)
    finally:
        with session(settings, read_only=False) as wh:
            wh.drop_schemas([TEST_SCHEMA_PREFIX + layer for layer in LAYERS])


# --------------------------------------------------------------------------- every round reconciled and resolved
def _round_checks(settings) -> None:
    with session(settings, read_only=(settings.target == "duckdb")) as wh:
        identity = wh.read_relation(Relation("marts", "fct_mlperf_round_identity"))
        recon = wh.read_relation(Relation("marts", "fct_row_reconciliation"))
        results = wh.read_relation(Relation("marts", "fct_mlperf_results"))
    round_files = [path for path in ROUNDS.paths(settings.raw_dir)]
    assert {f"v{p.stem.split('_v')[-1]}" for p in round_files} | {"v5.0"} == set(identity["round"])
    assert (identity["resolved_accelerator_names"] == identity["accelerator_names"]).all()  # no unmatched name
    assert (identity["hardware_ids_with_specs"] >= 13).all()  # every round has chips the model can use
    rows = recon.set_index("file_name")
    for path in round_files:
        relative = path.relative_to(settings.raw_dir).as_posix()
        assert rows.loc[relative, "is_reconciled"] and rows.loc[relative, "is_identity_reconciled"], relative
    per_round = results.groupby("round").size()
    assert per_round.sum() == len(results) and per_round.min() > 0
    latency = results[results["metric_kind"] == "latency"]
    assert len(latency) > 0 and latency["per_accelerator_result"].isna().all()  # latencies never divided


@pytest.mark.pipeline
def test_every_round_reconciles_and_every_accelerator_name_resolves_duckdb(published_warehouse):
    _round_checks(dataclasses.replace(load_settings("duckdb"), duckdb_path=published_warehouse))


@pytest.mark.postgres
def test_every_round_reconciles_and_every_accelerator_name_resolves_postgres():
    _round_checks(load_settings("postgres"))


# ------------------------------------------------------------------------------------------------ units by magnitude
def _unit_checks(settings) -> None:
    with session(settings, read_only=(settings.target == "duckdb")) as wh:
        flagged = wh.read_relation(Relation("marts", "fct_mlperf_unit_inconsistencies"))
        results = wh.read_relation(Relation("marts", "fct_mlperf_results"))
    mislabels = flagged[flagged["is_mislabel"].astype(bool)]
    found = set(zip(mislabels["round"], mislabels["benchmark_model"], mislabels["scenario"], strict=True))
    # v4.0's llama2-70b-99.9 Offline figures are labelled Samples/s and hold tokens/s (a samples/s figure of
    # that size would be far above the compute roofline); v5.0 labels llama3.1-405b tokens/s as Samples/s
    assert {("v4.0", "llama2-70b-99.9", "Offline"), ("v5.0", "llama3.1-405b", "Offline"),
            ("v5.0", "llama3.1-405b", "Server")} <= found
    assert mislabels["magnitude_evidence"].str.contains("% of the compute roofline").all()
    assert (mislabels["judged_kind"] == "tokens").all() and (mislabels["label_kind"] == "samples").all()
    # v3.1/v4.0 gptj figures are samples/s correctly labelled, but not v5.0's tokens/s: kept out, not mislabels
    gptj = flagged[(flagged["benchmark_model"] == "gptj-99") & flagged["round"].isin(["v3.1", "v4.0"])]
    assert len(gptj) > 0 and not gptj["is_mislabel"].astype(bool).any()
    assert set(gptj["inconsistency_reason"]) == {"differs_from_workload_reference"}
    # nothing flagged reaches a per-accelerator figure; the derived ones are throughputs in a judged unit
    kept_out = results[results["mlperf_result_id"].isin(flagged["mlperf_result_id"])]
    assert kept_out["per_accelerator_result"].isna().all()
    derived = results[results["per_accelerator_provenance"].str.startswith("derived:")]
    assert (derived["metric_kind"] == "throughput").all() and derived["per_accelerator_units"].notna().all()


@pytest.mark.pipeline
def test_unit_labels_are_judged_by_magnitude_duckdb(published_warehouse):
    _unit_checks(dataclasses.replace(load_settings("duckdb"), duckdb_path=published_warehouse))


@pytest.mark.postgres
def test_unit_labels_are_judged_by_magnitude_postgres():
    _unit_checks(load_settings("postgres"))
