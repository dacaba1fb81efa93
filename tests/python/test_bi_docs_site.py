"""The dbt docs site renders in headless Chromium: overview (the project's own block), lineage graph, a model page."""

from __future__ import annotations

import json

import pytest

from aihw import docs_site
from aihw.config import load_settings

from conftest import PROJECT

MANIFEST = {
    "metadata": {"project_name": "aihw"},
    "docs": {"doc.aihw.__overview__": {"name": "__overview__", "package_name": "aihw",
                                       "block_contents": "# My warehouse\n\ntext"}},
    "nodes": {"model.aihw.fct_x": {"columns": {"x_id": {}, "value": {}}}},
}
RENDERED = {
    "overview": "<div><h1>My warehouse</h1></div>",
    "lineage": '<canvas data-id="layer2-node" width="725" height="206"></canvas>',
    "model_fct_x": '<h1><span class="break ng-binding">fct_x</span></h1><td>x_id</td>',
}


def _checks():
    return {page.name: page.check for page in docs_site.pages(MANIFEST, "fct_x")}


def test_rendered_pages_pass_their_checks():
    checks = _checks()
    assert set(checks) == set(RENDERED)
    assert all(checks[name](dom) is None for name, dom in RENDERED.items())


@pytest.mark.parametrize(("name", "dom"), [
    ("overview", "<script>{{ overview }}</script><h1>Welcome!</h1>"),  # dbt's stock page, title only in a template
    ("lineage", '<canvas data-id="layer2-node" width="0" height="0"></canvas>'),  # graph hidden
    ("lineage", "<div></div>"),
    ("model_fct_x", "<h1><span class=\"break\">{{ model.name }}</span></h1>"),  # Angular never rendered
    ("model_fct_x", '<h1><span class="break ng-binding">fct_x</span></h1>'),  # no column rendered
])
def test_unrendered_page_fails_its_check(name, dom):
    assert _checks()[name](dom)


def test_unknown_model_or_missing_overview_is_an_error():
    with pytest.raises(docs_site.DocsSiteError):
        docs_site.pages(MANIFEST, "fct_missing")
    with pytest.raises(docs_site.DocsSiteError):
        docs_site.pages({**MANIFEST, "docs": {}}, "fct_x")


def test_blank_screenshot_is_rejected(tmp_path):
    import matplotlib.image as mpimg
    import numpy as np

    blank = tmp_path / "blank.png"
    mpimg.imsave(blank, np.ones((20, 20, 3)))
    with pytest.raises(docs_site.DocsSiteError, match="blank"):
        docs_site.check_png(blank)


def test_docs_site_renders_in_chromium(published_warehouse, tmp_path):
    """The site the main job generated: every page renders and its screenshot is a non-blank PNG."""
    settings = load_settings("duckdb", {"AIHW_DUCKDB_PATH": str(published_warehouse)})
    if not (settings.dbt_target_path / "index.html").is_file():
        pytest.fail(f"no docs site in {settings.dbt_target_path}: the main job runs `dbt docs generate`")
    manifest = json.loads((settings.dbt_target_path / "manifest.json").read_text(encoding="utf-8"))
    assert "doc.aihw.__overview__" in manifest["docs"], f"{PROJECT / 'models' / 'overview.md'} not in the manifest"
    paths = docs_site.screenshot_docs(settings, tmp_path)
    assert [p.name for p in paths] == [f"docs_{name}.png" for name in ("overview", "lineage",
                                                                         f"model_{docs_site.DEFAULT_MODEL}")]
    assert all(p.stat().st_size > 10_000 for p in paths)
