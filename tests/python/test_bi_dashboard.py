"""The Streamlit dashboard: its saved queries and exposure agree, and served for real it shows charts with data.

The pipeline test serves dashboard/app.py on the built DuckDB warehouse, waits in headless Chromium until every
chart is drawn and the best measured Llama-2-70B chip and figure (computed from the same marts) are on the page,
and checks the screenshot is not blank; the postgres test does the same as the read-only BI role."""

from __future__ import annotations

import os
import re

import duckdb
import pytest
import yaml

from aihw import dashboard
from aihw.config import load_settings
from aihw.warehouse import DuckDBWarehouse, WarehouseError, query_file

from conftest import PROJECT

REF = re.compile(r"\{\{\s*ref\('(\w+)'\)\s*\}\}")


def _exposure(name: str) -> dict:
    exposures = yaml.safe_load((PROJECT / "models" / "exposures.yml").read_text(encoding="utf-8"))["exposures"]
    return next(e for e in exposures if e["name"] == name)


def test_exposure_lists_exactly_the_models_the_queries_read():
    read = {m for path in dashboard.QUERIES.glob("*.sql") for m in REF.findall(path.read_text(encoding="utf-8"))}
    assert read, "no saved query refs a model"
    declared = {re.fullmatch(r"ref\('(\w+)'\)", d).group(1) for d in _exposure("headline_dashboard")["depends_on"]}
    assert declared == read


def test_every_chart_of_the_app_is_counted():
    calls = (PROJECT / "dashboard" / "app.py").read_text(encoding="utf-8").count(".altair_chart(")
    assert calls == dashboard.EXPECTED_CHARTS


def _duckdb_with_marts(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create table marts.answers_table as select 1 as x union all select 2")
    settings = load_settings("duckdb", {"AIHW_DUCKDB_PATH": str(path)})
    manifest = {"nodes": {"model.aihw.fct_x": {"resource_type": "model", "name": "fct_x", "schema": "marts",
                                                "alias": "answers_table"}}}
    return settings, manifest


def test_query_file_resolves_refs_through_the_manifest(tmp_path):
    settings, manifest = _duckdb_with_marts(tmp_path)
    sql = tmp_path / "q.sql"
    sql.write_text("select sum(x) as total from {{ ref('fct_x') }};\n", encoding="utf-8")
    wh = DuckDBWarehouse(settings, read_only=True)
    try:
        assert query_file(wh, sql, manifest)["total"].tolist() == [3]
        sql.write_text("select * from {{ ref('fct_missing') }}", encoding="utf-8")
        with pytest.raises(WarehouseError, match="fct_missing"):
            query_file(wh, sql, manifest)
        sql.write_text("select * from {{ source('a', 'b') }}", encoding="utf-8")
        with pytest.raises(WarehouseError, match="placeholders"):
            query_file(wh, sql, manifest)
    finally:
        wh.close()


EXPECTED = dashboard.Headline("NVIDIA H200", "1,234")
CHART = '<div class="vega-embed has-actions"><canvas class="marks" width="600" height="300"></canvas></div>'
PAGE = ('<html><body><div id="root" class="streamlit"><p>best measured: NVIDIA H200 (Tokens/s)</p>'
        '<div>1,234</div>{charts}</div></body></html>')


@pytest.mark.parametrize(("charts", "expected", "problem"), [
    (dashboard.EXPECTED_CHARTS, EXPECTED, None),
    (dashboard.EXPECTED_CHARTS - 1, EXPECTED, "charts drawn"),
    (dashboard.EXPECTED_CHARTS, dashboard.Headline("AMD MI325X", "1,234"), "AMD MI325X"),
    (dashboard.EXPECTED_CHARTS, dashboard.Headline("NVIDIA H200", "9,999"), "9,999"),
])
def test_dom_check_needs_every_chart_and_the_headline(charts, expected, problem):
    found = dashboard.dom_problem(PAGE.format(charts=CHART * charts), expected)
    assert found is None if problem is None else problem in found


def test_dom_check_refuses_an_app_error():
    dom = PAGE.format(charts=CHART * dashboard.EXPECTED_CHARTS) + '<div data-testid="stException">boom</div>'
    assert "raised" in dashboard.dom_problem(dom, EXPECTED)


def test_postgres_reads_as_the_bi_role_only():
    with pytest.raises(dashboard.DashboardError, match="AIHW_PG_BI_ROLE"):
        dashboard.settings_for("postgres", {"AIHW_PG_PORT": "5432", "AIHW_PG_USER": "owner"})
    settings = dashboard.settings_for("postgres", {"AIHW_PG_PORT": "5432", "AIHW_PG_USER": "owner",
                                                   "AIHW_PG_BI_ROLE": "bi", "AIHW_PG_BI_PASSWORD": "pw"})
    assert (settings.postgres.user, settings.postgres.password) == ("bi", "pw")


def _png(path, pixels):
    import matplotlib.pyplot as plt

    plt.imsave(path, pixels)
    return path


def test_png_check_refuses_a_blank_or_loading_page(tmp_path):
    import numpy as np

    grey = np.full((200, 300, 3), 0.97)
    grey[20:40, 30:200] = 0.93  # the loading skeleton: grey blocks on white
    assert "coloured pixels" in dashboard.png_problem(_png(tmp_path / "loading.png", grey))
    assert "blank" in dashboard.png_problem(_png(tmp_path / "blank.png", np.ones((200, 300, 3))))
    charts = grey.copy()
    charts[60:90, 30:250] = (0.12, 0.47, 0.71)  # a blue bar
    assert dashboard.png_problem(_png(tmp_path / "charts.png", charts)) is None


def test_dashboard_shows_charts_with_data_on_duckdb(published_warehouse, tmp_path):
    env = {**os.environ, "AIHW_DUCKDB_PATH": str(published_warehouse)}
    png = dashboard.check("duckdb", tmp_path, environ=env)
    assert dashboard.png_problem(png) is None


@pytest.mark.postgres
@pytest.mark.skipif(os.environ.get("AIHW_TEST_POSTGRES") != "1" or not os.environ.get("AIHW_PG_BI_ROLE"),
                    reason="needs the PostgreSQL (and its BI role) started by scripts/check.sh")
def test_dashboard_shows_charts_with_data_on_postgres_as_the_bi_role(tmp_path):
    png = dashboard.check("postgres", tmp_path)
    assert dashboard.png_problem(png) is None
