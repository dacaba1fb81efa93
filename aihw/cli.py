"""Command line: `python -m aihw <command>`.

  run        the main job (land, dbt build, train, write back, dbt build on predictions) and a summary
  land       validate the raw files and write them as dbt seeds (nothing else)
  train      train + validate + write back against an already built warehouse
  predict    what-if predictions for hardware given as a CSV (the public contract of issue 5), with the
             latest model version of the target warehouse's registry (ml.model_versions)
  expect     run the Great Expectations suites against the warehouse
  benchmark  wall time, CPU time and peak memory per stage at 1x, 10x, 100x the data (aihw.scale)
  metrics    query the semantic layer (a saved query, or metrics by group-by items) with MetricFlow
  docs       screenshot the dbt docs site (overview, lineage, a model page) with headless Chromium, or serve it
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from aihw.benchmark import DEFAULT_CAP_SECONDS
from aihw.config import TARGETS, load_settings
from aihw.landing import LandingError
from aihw.locking import RunLockedError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m aihw", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="main job: land, build, train, write back")
    p.add_argument("--target", choices=TARGETS, default=None)
    p.add_argument("--no-train", action="store_true", help="stop after the first dbt build")
    p.add_argument("--select", default=None, metavar="SELECTOR",
                   help="with --no-train: build only this dbt selection (tests keep their runs small)")

    p = sub.add_parser("land", help="validate raw files and write them as seeds")
    p.add_argument("--raw-dir", type=Path, default=None)

    p = sub.add_parser("train", help="train, validate and write back on a built warehouse")
    p.add_argument("--target", choices=TARGETS, default=None)

    p = sub.add_parser("predict", help="what-if predictions from a CSV of hardware specs (latest model of the target)")
    p.add_argument("--target", choices=TARGETS, default=None)
    p.add_argument("--input", type=Path, required=True)
    p.add_argument("--output", type=Path, required=True)

    p = sub.add_parser("expect", help="run the Great Expectations suites")
    p.add_argument("--target", choices=TARGETS, default=None)

    p = sub.add_parser("benchmark", help="per stage wall time, CPU time and peak memory at N x the data")
    p.add_argument("--targets", nargs="+", choices=TARGETS, default=["duckdb"])
    p.add_argument("--scales", nargs="+", type=int, default=[1, 10, 100], help="copies of the raw data")
    p.add_argument("--cap", type=float, default=DEFAULT_CAP_SECONDS,
                   help="seconds per stage before it is stopped (training: skipped when its estimate exceeds it)")

    p = sub.add_parser("metrics", help="query the semantic layer: a saved query or metrics (MetricFlow)")
    p.add_argument("--target", choices=TARGETS, default=None)
    p.add_argument("--saved-query", default=None, help="name of a saved query (models/semantic/)")
    p.add_argument("--metrics", nargs="+", default=[], help="metric names")
    p.add_argument("--group-by", nargs="+", default=[], help="e.g. metric_time__year")
    p.add_argument("--where", nargs="+", default=[], help="MetricFlow filters, e.g. \"{{ Dimension('x__y') }} = 'a'\"")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--explain", action="store_true", help="print the SQL MetricFlow generated")

    p = sub.add_parser("docs", help="check and screenshot the dbt docs site (headless Chromium), or serve it")
    p.add_argument("--target", choices=TARGETS, default=None)
    p.add_argument("--model", default=None, help="the model whose page must render (default: the answer mart)")
    p.add_argument("--out", type=Path, default=None, help="screenshot folder (default: <dbt target path>/screenshots)")
    p.add_argument("--serve", action="store_true", help="serve the site on 127.0.0.1 until Ctrl-C instead")
    p.add_argument("--port", type=int, default=8080, help="port for --serve")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # the one place the environment is read: every command gets these settings explicitly
    settings = load_settings(getattr(args, "target", None))
    try:
        if args.command == "run":
            from aihw.pipeline import run_main_job

            report = run_main_job(settings, train=not args.no_train, select=args.select)
            print(report.summary())
        elif args.command == "land":
            from aihw.landing import land

            if args.raw_dir:
                settings = dataclasses.replace(settings, raw_dir=args.raw_dir.resolve())
            for f in land(settings):
                print(f"landed {f.file_name}: {f.rows:,} rows x {f.columns} columns -> seeds/raw/{f.seed_name}.csv")
        elif args.command == "train":
            from aihw.locking import run_lock
            from python_ml.modeling.train import train_and_write_back

            # it writes the warehouse and artifacts/ like the main job (whose start removes partial artifacts)
            with run_lock(settings.run_lock_folders, f"aihw train --target {settings.target}", settings.run_lock_held):
                result = train_and_write_back(settings)
            print(result.summary())
        elif args.command == "predict":
            from python_ml.modeling.predict import predict_csv

            n, n_err = predict_csv(settings, args.input, args.output)
            print(f"wrote {n} rows to {args.output} ({n_err} with an error)")
        elif args.command == "expect":
            from aihw.quality import run_suites

            ok = run_suites(settings)
            return 0 if ok else 1
        elif args.command == "benchmark":
            from aihw.benchmark import run_benchmark

            run_benchmark(settings, args.targets, args.scales, args.cap)
        elif args.command == "metrics":
            from aihw.semantic import MetricQuery, query_metrics

            result = query_metrics(settings, MetricQuery(
                saved_query=args.saved_query, metrics=tuple(args.metrics), group_by=tuple(args.group_by),
                where=tuple(args.where), limit=args.limit,
            ))
            if args.explain:
                print(result.sql)
            print(result.frame.to_string(index=False))
        elif args.command == "docs":
            from aihw import docs_site

            if args.serve:
                docs_site.serve_forever(settings, args.port)
            else:
                for path in docs_site.screenshot_docs(settings, args.out, args.model or docs_site.DEFAULT_MODEL):
                    print(f"rendered and saved {path}")
    except LandingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RunLockedError as exc:  # nothing was touched
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except Exception as exc:  # a clear one-line cause, not a traceback, for users; details with AIHW_DEBUG=1
        if settings.debug:
            raise
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0
