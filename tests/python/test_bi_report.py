"""The HTML report of the warehouse (python_ml.report.write_warehouse_report) opens in headless Chromium."""

from __future__ import annotations

import re

import pytest

from aihw import docs_site
from aihw.config import load_settings
from python_ml.report import write_warehouse_report

from conftest import REUSE_PUBLISHED

# what issue 18 asks the pictures to show, as the report's section headings
SECTIONS = (
    "Trends and doubling times", "Roofline per workload", "Matrices", "Predicted vs measured, per benchmark",
    "Drift across MLPerf rounds", "Data-quality flags",
)


@pytest.fixture(scope="module")
def report(published_warehouse, tmp_path_factory):
    settings = load_settings("duckdb", {"AIHW_DUCKDB_PATH": str(published_warehouse)})
    published = settings.reports_dir / "warehouse" / "duckdb" / "index.html"
    if REUSE_PUBLISHED and published.is_file():  # the check's main job has just written it on this warehouse
        return published
    return write_warehouse_report(settings, tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def dom(report, tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium")
    return docs_site.dump_dom(docs_site.find_browser(), report.as_uri(), profile)


def test_report_has_every_section_in_order(dom):
    headings = re.findall(r"<h2>(.*?)</h2>", dom)
    assert tuple(headings) == SECTIONS


def test_report_draws_its_figures(dom):
    figures = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,', dom)
    # every doubling-time fit, bandwidth, roofline, two heatmaps, predicted vs measured, quality flags
    for expected in ("trend_fp32_tflops", "trend_fp32_gflops_per_usd", "trend_memory_bandwidth", "roofline",
                     "heatmap_per_watt", "heatmap_compute", "predicted_vs_measured", "quality_flags"):
        assert expected in figures
    assert "Measured points above their bound: <b>0</b>" in dom  # physics: nothing above the roofline


def test_report_screenshot_is_not_blank(report, tmp_path):
    path = docs_site.screenshot(docs_site.find_browser(), report.as_uri(), tmp_path / "report.png", tmp_path / "p")
    assert path.stat().st_size > 10_000


def test_exposure_lists_what_the_report_reads(published_warehouse):
    """The dbt exposure `warehouse_report` depends on exactly the relations the report reads."""
    import json

    from python_ml.report import REPORT_MARTS, REPORT_SOURCES

    from conftest import PROJECT

    manifest = json.loads((PROJECT / "target" / "duckdb" / "manifest.json").read_text(encoding="utf-8"))
    exposure = manifest["exposures"]["exposure.aihw.warehouse_report"]
    nodes = {node.split(".")[-1] for node in exposure["depends_on"]["nodes"]}
    assert nodes == set(REPORT_MARTS) | set(REPORT_SOURCES)


def test_main_job_published_the_report(published_warehouse):
    """The main job that built the warehouse also wrote its report (aihw.pipeline, stage `report`)."""
    settings = load_settings("duckdb", {"AIHW_DUCKDB_PATH": str(published_warehouse)})
    index = settings.reports_dir / "warehouse" / "duckdb" / "index.html"
    assert index.is_file(), f"{index} missing: the main job writes it after dbt docs generate"
    assert all(f"<h2>{section}</h2>" in index.read_text(encoding="utf-8") for section in SECTIONS)


@pytest.mark.parametrize(("limits", "keeps_minor_ticks"), [((1.0, 1e5), False), ((2_000.0, 9_000.0), True)])
def test_log_axes_drop_minor_ticks_only_where_decades_label_them(tmp_path, limits, keeps_minor_ticks):
    """A log axis holding two or more powers of ten is drawn with them alone; a narrower one (no power of ten in
    view) keeps its minor ticks, or it would show no label at all."""
    import matplotlib.pyplot as plt

    from python_ml import plots

    fig, ax = plt.subplots()
    ax.set_yscale("log")
    ax.set_ylim(*limits)
    plots._save(fig, tmp_path / "figure.png")
    low, high = limits
    in_view = [t for t in ax.yaxis.get_minorticklocs() if low <= t <= high]
    major_in_view = [t for t in ax.yaxis.get_majorticklocs() if low <= t <= high]
    assert bool(in_view) == keeps_minor_ticks
    assert major_in_view or in_view  # every axis keeps ticks to read it by
