"""Scale benchmark: per stage wall time, CPU time and peak memory at N x the data, with the ratios to 1 x.

For each scale, aihw.scale writes a throwaway project copy with N x the raw files and curated reference rows;
each stage of the main job (land, dbt parse, dbt build, train + validate + write-back, ML marts), then the what-if
CLI on 10,000 query rows with the model just trained, runs on it in its own process (`python -m aihw.benchmark
STAGE ...`), which measures itself: wall time, CPU time = user + sys of the process and its children
(resource.getrusage RUSAGE_SELF + RUSAGE_CHILDREN deltas, so dbt counts, and so do training's parallel fold
workers, stopped and waited for before the figures are read) and peak memory = the larger max RSS of the process
and of its largest child (a fresh process per stage, so the peak is
that stage's). The user's warehouse, seeds and artifacts are never touched. A stage longer than the time cap is
stopped and reported as such; training is skipped with a printed reason when its estimate (linear in the
data, from the previous scale: TRAIN_GROWTH) exceeds the cap. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from aihw.config import Settings, load_settings

TRAIN = "train + validate + write-back"
# the what-if CLI (`python -m aihw predict`) answering WHAT_IF_ROWS query rows with the model the scale trained, from
# import to the written file (issue 15 item 7: 10,000 rows in <= 1.5 s); the same number of rows at every scale
WHAT_IF_ROWS = 10_000
WHAT_IF = f"what-if CLI, {WHAT_IF_ROWS:,} rows"
# the workloads the query rows ask about, in turn, with one and eight accelerators
WHAT_IF_WORKLOADS = (("llama2-70b-99", "Offline"), ("resnet", "Offline"), ("resnet", "Server"), ("bert-99", "Offline"))
WHAT_IF_ACCELERATORS = ("1", "8")
# dbt parses the project in a stage of its own; the build after it keeps that parse (dbt's partial parsing, as a
# main job's build keeps the parse of the run before it), so "dbt build" is the build alone
STAGES = ("land", "dbt parse", "dbt build", TRAIN, "ML marts", WHAT_IF)
# training time grows about linearly with the data: every loop that held out one accelerator at a time (validation's
# leave-one-accelerator-out, the latency model's leave-one-chip-out selection) holds out the folds of a grouped
# K-fold above python_ml.config.LEAVE_ONE_OUT_MAX_GROUPS accelerators (docs/decisions/2026-11-30-outer-folds-at-
# scale.md), so the number of fits stops growing and each fit grows with the rows (at 10x: 43 outer folds instead
# of 37 on 10x the rows, ~12x the 1x validation work; it was one fold per accelerator, ~76x)
TRAIN_GROWTH = 1
DEFAULT_CAP_SECONDS = 600.0


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    peak_mb: float


@dataclass(frozen=True)
class Outcome:
    target: str
    scale: int
    stage: str
    measure: Measure | None = None
    note: str = ""  # why there is no measure (skipped, stopped at the cap, failed)


def _usage() -> tuple[float, float]:
    """(CPU seconds of this process and its waited-for children, peak RSS in MB of either)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return cpu, max(own.ru_maxrss, children.ru_maxrss) / 1024.0  # Linux reports KiB


def _run_stage(settings: Settings, stage: str) -> None:
    from aihw.landing import land
    from aihw.pipeline import BUILD_ARGS, ML_MARTS_ARGS, run_dbt

    if stage == "land":
        land(settings)
    elif stage == "dbt parse":
        run_dbt(settings, ["parse"])
    elif stage == "dbt build":
        run_dbt(settings, list(BUILD_ARGS))
    elif stage == TRAIN:
        from python_ml.modeling.train import train_and_write_back

        train_and_write_back(settings)
    elif stage == "ML marts":
        run_dbt(settings, list(ML_MARTS_ARGS))
    elif stage == WHAT_IF:
        from python_ml.modeling.predict import predict_csv

        input_path = what_if_input_path(settings)
        predict_csv(settings, input_path, input_path.with_name("what_if_output.csv"))
    else:
        raise ValueError(f"unknown stage {stage!r}; expected one of {STAGES}")


def what_if_input_path(settings: Settings) -> Path:
    return settings.project_root / "benchmark" / "what_if_input.csv"


def write_what_if_input(settings: Settings) -> Path:
    """WHAT_IF_ROWS query rows for the what-if CLI: the project copy's own Epoch hardware rows (every column the
    CLI reads, as published, gaps and all), each name numbered, crossed in turn with WHAT_IF_WORKLOADS and
    WHAT_IF_ACCELERATORS. Written before the stage, so the stage measures the CLI alone."""
    import csv

    from aihw.landing import load_contract
    from python_ml.specs_input import SEED

    contract = next(c for c in load_contract(settings.raw_contract_path) if c.seed_name == SEED)
    with (settings.raw_dir / contract.file_name).open(encoding="utf-8-sig", newline="") as handle:
        hardware = list(csv.DictReader(handle))
    columns = [c.name for c in contract.columns]
    path = what_if_input_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*columns, "benchmark", "scenario", "n_accelerators"])
        for i in range(WHAT_IF_ROWS):
            row = hardware[i % len(hardware)]
            benchmark, scenario = WHAT_IF_WORKLOADS[i % len(WHAT_IF_WORKLOADS)]
            values = [f"{row[c]} q{i}" if c == "Hardware name" else row.get(c, "") for c in columns]
            writer.writerow([*values, benchmark, scenario, WHAT_IF_ACCELERATORS[i % len(WHAT_IF_ACCELERATORS)]])
    return path


def _join_worker_processes() -> None:
    """Stop and wait for the worker processes a stage left running (training's parallel validation folds run
    on joblib's reusable loky pool, which outlives the call): only a waited-for child counts in RUSAGE_CHILDREN,
    so without this the stage's CPU time and peak memory left out the folds' workers."""
    loky = sys.modules.get("joblib.externals.loky")
    if loky is not None:
        loky.get_reusable_executor().shutdown(wait=True)


def measure_stage(settings: Settings, stage: str) -> tuple[Measure, str]:
    """Run one stage in this process and measure it (call it in a fresh process: the peak is since start);
    a stage that fails is measured too (e.g. a dbt build whose models ran but a data test failed) and the
    error is returned with its figures."""
    cpu0, _ = _usage()
    start = time.perf_counter()
    error = ""
    try:
        _run_stage(settings, stage)
    except Exception as exc:  # reported with the figures, and the stage process exits non-zero
        error = f"{type(exc).__name__}: {exc}"
    _join_worker_processes()
    wall = time.perf_counter() - start
    cpu1, peak = _usage()
    return Measure(wall, cpu1 - cpu0, peak), error


def _stage_in_process(settings: Settings, stage: str, cap: float, log: Path) -> tuple[Measure | None, str]:
    """One stage in its own process (its own session, so the cap stops dbt too); its output goes to `log`."""
    result = log.with_suffix(".json")
    cmd = [
        sys.executable, "-m", "aihw.benchmark", stage,
        "--project", str(settings.project_root), "--raw-dir", str(settings.raw_dir),
        "--duckdb", str(settings.duckdb_path), "--artifacts", str(settings.artifacts_dir),
        "--reports", str(settings.reports_dir), "--target", settings.target, "--result", str(result),
    ]
    code_root = str(Path(__file__).resolve().parents[1])  # this code, run on the copy's project files
    env = {**os.environ, "PYTHONPATH": code_root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            code = proc.wait(timeout=cap)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)  # the stage's own process group (started above)
            proc.wait()
            return None, f"stopped at the cap ({cap:.0f} s)"
    if not result.is_file():
        return None, f"failed (exit {code}) before measuring"
    figures = json.loads(result.read_text(encoding="utf-8"))
    error = figures.pop("error")
    return Measure(**figures), f"failed: {error}" if error or code else ""


def _train_estimate(outcomes: list[Outcome], target: str, scale: int) -> float | None:
    """Training time at `scale` extrapolated from the largest smaller scale measured (growth: TRAIN_GROWTH)."""
    measured = [o for o in outcomes if o.target == target and o.stage == TRAIN and o.measure and o.scale < scale]
    if not measured:
        return None
    last = max(measured, key=lambda o: o.scale)
    return last.measure.wall * (scale / last.scale) ** TRAIN_GROWTH


def _empty_warehouse(settings: Settings) -> None:
    """Every scale starts from an empty warehouse: the dbt layers dropped. A DuckDB copy has its own file per
    scale, but PostgreSQL is one database for every scale, and the MLPerf rounds load incrementally (a loaded
    round is never reloaded, even by --full-refresh): without this, 10x kept the 1x rounds and failed the
    fct_mlperf_results row-count test."""
    from aihw.warehouse import LAYER_SCHEMAS, session

    with session(settings) as wh:
        wh.drop_schemas(LAYER_SCHEMAS)


def run_benchmark(settings: Settings, targets: list[str], scales: list[int],
                  cap: float = DEFAULT_CAP_SECONDS) -> list[Outcome]:
    from aihw.scale import scaled_project

    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="aihw-bench-") as tmp:
        for scale in sorted(set(scales)):
            print(f"[bench] writing the {scale}x project copy ...", flush=True)
            scaled = scaled_project(settings, scale, Path(tmp) / f"x{scale}")
            for target in targets:
                if target == "postgres" and not settings.postgres.configured:
                    print("[bench] postgres: skipped (no AIHW_PG_* settings; scripts/benchmark.sh starts a server)")
                    continue
                _empty_warehouse(scaled.with_target(target))
                blocked = ""
                for stage in STAGES:
                    note, measure = blocked, None
                    if not note and stage == TRAIN:
                        estimate = _train_estimate(outcomes, target, scale)
                        if estimate is not None and estimate > cap:
                            note = (f"skipped: estimated {estimate:.0f} s > cap {cap:.0f} s"
                                    " (linear in the data from the smaller scale)")
                    if not note:
                        if stage == WHAT_IF:
                            write_what_if_input(scaled.with_target(target))
                        print(f"[bench] {target} {scale}x {stage} ...", flush=True)
                        log = Path(tmp) / f"x{scale}-{target}-{stage.split()[0]}.log"
                        measure, note = _stage_in_process(scaled.with_target(target), stage, cap, log)
                    if note:
                        print(f"[bench] {target} {scale}x {stage}: {note}", flush=True)
                        if note.startswith("failed"):
                            print(log.read_text(encoding="utf-8")[-3000:], flush=True)
                        blocked = blocked or f"skipped: {stage} did not complete"
                    outcomes.append(Outcome(target, scale, stage, measure, note))
    print()
    print(format_table(outcomes))
    return outcomes


def format_table(outcomes: list[Outcome]) -> str:
    base = {(o.target, o.stage): o.measure for o in outcomes if o.scale == min(x.scale for x in outcomes)}
    lines = [
        "== scale benchmark (wall and CPU seconds, peak RSS MB; ratios to the smallest scale) ==",
        f"{'target':8s} {'stage':30s} {'scale':>5s} {'wall s':>8s} {'cpu s':>8s} {'peak MB':>8s}"
        f" {'wall x':>7s} {'cpu x':>7s} {'peak x':>7s}",
    ]
    for o in outcomes:
        head = f"{o.target:8s} {o.stage:30s} {o.scale:>4d}x"
        if o.measure is None:
            lines.append(f"{head} {o.note}")
            continue
        m, b = o.measure, base.get((o.target, o.stage))
        ratios = (
            f" {m.wall / b.wall:7.1f} {m.cpu / b.cpu:7.1f} {m.peak_mb / b.peak_mb:7.1f}" if b else "       -" * 3
        )
        failed = "  (failed: see its log tail above)" if o.note else ""
        lines.append(f"{head} {m.wall:8.1f} {m.cpu:8.1f} {m.peak_mb:8.0f}{ratios}{failed}")
    return "\n".join(lines)


def _stage_main(argv: list[str]) -> int:
    """The stage process: measure one stage on the given project copy and write the figures as JSON."""
    p = argparse.ArgumentParser(prog="python -m aihw.benchmark")
    p.add_argument("stage", choices=STAGES)
    for option in ("--project", "--raw-dir", "--duckdb", "--artifacts", "--reports", "--result"):
        p.add_argument(option, type=Path, required=True)
    p.add_argument("--target", required=True)
    args = p.parse_args(argv)
    settings = dataclasses.replace(
        load_settings(args.target),
        project_root=args.project, raw_dir=args.raw_dir, duckdb_path=args.duckdb,
        artifacts_dir=args.artifacts, reports_dir=args.reports,
    )
    measure, error = measure_stage(settings, args.stage)
    args.result.write_text(json.dumps({**dataclasses.asdict(measure), "error": error}), encoding="utf-8")
    if error:
        print(f"error: {error}", file=sys.stderr)
    return 1 if error else 0


if __name__ == "__main__":
    sys.exit(_stage_main(sys.argv[1:]))
