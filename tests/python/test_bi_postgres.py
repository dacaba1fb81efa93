"""The analyst's view of the PostgreSQL warehouse: the README queries and the semantic layer, as the read-only BI role.

Runs against the server scripts/check.sh started, after the main job built the warehouse there (its dbt target
path holds the semantic manifest)."""

from __future__ import annotations

import os

import pytest
from test_bi_readme_queries import readme_queries

from aihw.config import load_settings
from aihw.semantic import MetricQuery, query_metrics, saved_query_names
from aihw.warehouse import session

from conftest import PROJECT

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        os.environ.get("AIHW_TEST_POSTGRES") != "1" or not os.environ.get("AIHW_PG_BI_ROLE"),
        reason="needs the PostgreSQL (and its BI role) started by scripts/check.sh",
    ),
]


@pytest.fixture(scope="module")
def bi_settings():
    """The settings of the postgres target, connecting as the BI role instead of the owner."""
    return load_settings("postgres", {
        **os.environ, "AIHW_PG_USER": os.environ["AIHW_PG_BI_ROLE"],
        "AIHW_PG_PASSWORD": os.environ["AIHW_PG_BI_PASSWORD"],
    })


def test_readme_queries_run_as_the_bi_role(bi_settings):
    queries = readme_queries((PROJECT / "README.md").read_text(encoding="utf-8"))
    assert queries
    with session(bi_settings) as wh:
        for query in queries:
            assert len(wh.query_frame(query)) > 0, query


def test_saved_queries_run_as_the_bi_role(bi_settings):
    names = saved_query_names(bi_settings)
    assert names
    for name in names:
        frame = query_metrics(bi_settings, MetricQuery(saved_query=name)).frame
        assert len(frame) > 0, name
