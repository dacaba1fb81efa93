"""Every query of the README's "Example queries" section runs on the built DuckDB warehouse and returns rows."""

from __future__ import annotations

import re

import pytest

from aihw.config import load_settings
from aihw.warehouse import session

from conftest import PROJECT

SECTION = "## Example queries"
# the questions of issue 18: best per watt, best per dollar, cheapest way to a throughput, a chip across rounds,
# a chip never measured
MIN_QUERIES = 5


def readme_queries(text: str) -> list[str]:
    """The ```sql blocks between the section heading and the next level-2 heading."""
    start = text.index(SECTION) + len(SECTION)
    following = re.search(r"^## ", text[start:], flags=re.MULTILINE)
    section = text[start: start + following.start()] if following else text[start:]
    return [block.strip().rstrip(";") for block in re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)]


def test_readme_section_has_every_question():
    queries = readme_queries((PROJECT / "README.md").read_text(encoding="utf-8"))
    assert len(queries) >= MIN_QUERIES
    assert all("marts.fct_accelerator_efficiency_answers" in q for q in queries)


def test_readme_parser_stops_at_the_next_section():
    text = f"{SECTION}\n\n```sql\nselect 1\n```\n\n## Next\n\n```sql\nselect 2\n```\n"
    assert readme_queries(text) == ["select 1"]


@pytest.mark.parametrize("index", range(MIN_QUERIES))
def test_readme_query_returns_rows(published_warehouse, index):
    query = readme_queries((PROJECT / "README.md").read_text(encoding="utf-8"))[index]
    settings = load_settings("duckdb", {"AIHW_DUCKDB_PATH": str(published_warehouse)})
    with session(settings, read_only=True) as wh:
        frame = wh.query_frame(query)
    assert len(frame) > 0, f"README query {index + 1} returned no rows:\n{query}"
    assert frame.notna().any(axis=None), f"README query {index + 1} returned only nulls"
