"""The Streamlit dashboard (dashboard/app.py): its data, its server, and a screenshot check with headless Chromium.

The app reads the marts through the saved queries in dashboard/queries/ (aihw.warehouse.query_file): DuckDB
read-only by default, PostgreSQL as the read-only BI role (AIHW_PG_BI_ROLE / AIHW_PG_BI_PASSWORD, the role dbt's
grants let select the marts and nothing else) with `--target postgres`.

    python -m aihw.dashboard                      # serve on 127.0.0.1:8501 until Ctrl-C (scripts/dashboard.sh)
    python -m aihw.dashboard --check              # free port, headless Chromium, fail unless charts show data

Streamlit draws client-side over a websocket, so the check loads the page in Chromium until its rendered DOM
shows every chart of the app drawn (vega-embed with a canvas or svg) and the best measured chip and its figure,
computed here from the same data, and the screenshot of that same page load (`--dump-dom --screenshot`, with a
virtual-time budget; target/screenshots/dashboard_<target>.png) shows charts, not one flat colour or the loading
skeleton.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from aihw.config import PROJECT_ROOT, Settings, load_settings
from aihw.docs_site import DocsSiteError, _visible_text, check_png, dom_and_screenshot, find_browser
from aihw.warehouse import load_manifest, query_file, session

APP = PROJECT_ROOT / "dashboard" / "app.py"
QUERIES = PROJECT_ROOT / "dashboard" / "queries"
DEFAULT_BENCHMARK = "llama2-70b-99"
DEFAULT_SCENARIO = "Offline"
DEFAULT_CHIP = "h100-sxm5-80gb"
DEFAULT_PREDICTED_CHIP = "habana-gaudi3"  # never in MLPerf Inference v5.0
EXPECTED_CHARTS = 7  # st.altair_chart calls of dashboard/app.py
START_TIMEOUT_S = 120  # a loaded 2-core CI machine (the PostgreSQL lane runs beside the tests)
RENDER_TIMEOUT_S = 240  # polled: a rendered page returns at once
WINDOW = "1400,3600"  # tall enough for every chart of the app in one screenshot
SATURATED = 0.35  # max - min of a pixel's RGB (0..1): chart colours, not the page's greys
MIN_CHART_PIXELS = 0.005  # share of the screenshot; the drawn app has about ten times that


class DashboardError(RuntimeError):
    pass


def settings_for(target: str, environ: Mapping[str, str] = os.environ) -> Settings:
    """The app's connection: the DuckDB file, or PostgreSQL as the BI role (never the owner that builds)."""
    if target == "postgres":
        role, password = environ.get("AIHW_PG_BI_ROLE"), environ.get("AIHW_PG_BI_PASSWORD")
        if not role:
            raise DashboardError("--target postgres reads as the read-only BI role: set AIHW_PG_BI_ROLE and "
                                 "AIHW_PG_BI_PASSWORD (scripts/postgres.sh writes them to credentials.env)")
        environ = {**environ, "AIHW_PG_USER": role, "AIHW_PG_PASSWORD": password or ""}
    return load_settings(target, environ)


def load_data(settings: Settings) -> dict[str, pd.DataFrame]:
    """Every saved query of dashboard/queries/, by file name, on a read-only connection."""
    manifest = load_manifest(settings)
    with session(settings, read_only=True) as wh:
        return {path.stem: query_file(wh, path, manifest) for path in sorted(QUERIES.glob("*.sql"))}


@dataclass(frozen=True)
class Headline:
    """What the first screen must show: the best measured chip of the default benchmark and scenario."""

    hardware_name: str
    throughput_text: str  # as the app formats it


def headline(data: dict[str, pd.DataFrame]) -> Headline:
    answers = data["answers"]
    rows = answers[(answers["benchmark_model"] == DEFAULT_BENCHMARK) & (answers["scenario"] == DEFAULT_SCENARIO)]
    rows = rows[(rows["mlperf_round"] == rows["mlperf_round"].max()) & rows["is_measured"].astype(bool)]
    if rows.empty:
        raise DashboardError(f"no measured {DEFAULT_BENCHMARK} {DEFAULT_SCENARIO} row in the answers mart")
    best = rows.nlargest(1, "throughput_per_accelerator").iloc[0]
    return Headline(best["hardware_name"], f"{best['throughput_per_accelerator']:,.0f}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(target: str, port: int, environ: Mapping[str, str] = os.environ) -> Iterator[str]:
    """Run `streamlit run dashboard/app.py` headless on 127.0.0.1:port; yields the URL once it is healthy."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless=true",
           "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
           "--server.fileWatcherType=none", "--global.developmentMode=false", "--client.toolbarMode=viewer",
           "--", "--target", target]
    env = {**environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), environ.get("PYTHONPATH")]))}
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise DashboardError(f"streamlit exited ({proc.returncode}): {log.read()[-1500:]!r}")
                with contextlib.suppress(OSError):
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.read().strip() == b"ok":
                            break
                if time.monotonic() > deadline:
                    raise DashboardError(f"streamlit not healthy on {url} after {START_TIMEOUT_S} s")
                time.sleep(0.5)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def dom_problem(dom: str, expected: Headline, charts: int = EXPECTED_CHARTS) -> str | None:
    """None when the rendered DOM shows every chart drawn and the headline figure, else what is missing."""
    if "streamlit" not in dom.lower():
        return "not a Streamlit page"
    errors = re.findall(r'data-testid="stException"', dom)
    if errors:
        return f"the app raised ({len(errors)} exception block(s) on the page)"
    embeds = re.findall(r'<div[^>]*class="[^"]*vega-embed[^"]*".*?(?:<canvas|<svg)', dom, flags=re.DOTALL)
    drawn = len(re.findall(r'<canvas[^>]*class="marks"|<svg[^>]*class="marks"', dom))
    if min(len(embeds), drawn) < charts:
        return f"{drawn} of {charts} charts drawn"
    text = _visible_text(dom)
    for value in (expected.hardware_name, expected.throughput_text):
        if value not in text:
            return f"{value!r} (best measured {DEFAULT_BENCHMARK} {DEFAULT_SCENARIO}) not on the page"
    return None


def check(target: str = "duckdb", out_dir: Path | None = None, browser: str | None = None,
          environ: Mapping[str, str] = os.environ) -> Path:
    """Serve the app, wait until the DOM shows every chart with data, screenshot it; returns the PNG path."""
    data = load_data(settings_for(target, environ))
    empty = [name for name, frame in data.items() if frame.empty]
    if empty:  # an empty chart still draws its axes: refuse before looking at the page
        raise DashboardError(f"saved queries {empty} returned no rows: nothing to chart")
    expected = headline(data)
    browser = find_browser(browser)
    out = (out_dir or PROJECT_ROOT / "target" / "screenshots") / f"dashboard_{target}.png"
    with serve(target, free_port(), environ) as url, tempfile.TemporaryDirectory(prefix="aihw-chromium-") as prof:
        deadline = time.monotonic() + RENDER_TIMEOUT_S
        while True:  # one page load per try: the DOM checked and the screenshot are of the same rendered page
            try:
                dom = dom_and_screenshot(browser, url, out, Path(prof), f"--window-size={WINDOW}")
                problem = dom_problem(dom, expected) or png_problem(out)
            except DocsSiteError as exc:
                problem = str(exc)
            if problem is None:
                return out
            if time.monotonic() > deadline:
                raise DashboardError(f"dashboard ({url}) did not render within {RENDER_TIMEOUT_S} s: {problem}")


def png_problem(path: Path) -> str | None:
    """None when the PNG shows charts: not one flat colour, and enough saturated pixels (bars and dots; the
    page itself and Streamlit's loading skeleton are white and grey)."""
    import matplotlib.image as mpimg

    try:
        check_png(path)
    except DocsSiteError as exc:
        return str(exc)
    rgb = mpimg.imread(path)[..., :3]
    coloured = float(((rgb.max(axis=2) - rgb.min(axis=2)) > SATURATED).mean())
    if coloured < MIN_CHART_PIXELS:
        return f"only {coloured:.2%} coloured pixels (charts drawn: >= {MIN_CHART_PIXELS:.1%}); still loading?"
    return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m aihw.dashboard", description=__doc__.split("\n")[0])
    p.add_argument("--target", choices=("duckdb", "postgres"), default="duckdb")
    p.add_argument("--check", action="store_true", help="screenshot with headless Chromium and fail unless drawn")
    p.add_argument("--port", type=int, default=8501, help="port to serve on (without --check)")
    p.add_argument("--out", type=Path, help="screenshot folder (default target/screenshots)")
    args = p.parse_args(argv)
    try:
        if args.check:
            started = time.monotonic()
            path = check(args.target, args.out)
            print(f"[aihw] dashboard {args.target}: charts drawn with data, {path} "
                  f"({time.monotonic() - started:.1f} s)", flush=True)
            return 0
        settings_for(args.target)  # fail early on a missing BI role
        with serve(args.target, args.port) as url:
            print(f"[aihw] dashboard on {url} (Ctrl-C stops)", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
        return 0
    except DashboardError as exc:
        print(f"[aihw] dashboard: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
