"""The dbt docs site: serve `<dbt target path>` on 127.0.0.1 and screenshot it with headless Chromium.

`dbt docs generate` (run by the main job) writes index.html, manifest.json and catalog.json into the target's
dbt target path. This module serves that folder on a free local port and opens three pages in headless
Chromium (Debian's package; `bash scripts/chromium.sh` installs it): the overview (the project's own
`__overview__` docs block), the lineage graph, and a named model's page. Each page is checked in the DOM the
browser rendered (`--dump-dom`) and written as a PNG; a page that does not render raises DocsSiteError.

    python -m aihw docs                      # screenshots into <target path>/screenshots/, fails if a page is blank
    python -m aihw docs --serve              # serve the site on 127.0.0.1 until Ctrl-C
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aihw.config import Settings

DEFAULT_MODEL = "fct_accelerator_efficiency_answers"
BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# the flags of a quiet, sandbox-free headless run that never reaches the network on its own
BROWSER_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
)
WINDOW = "1400,1000"
RENDER_BUDGET_MS = 15000  # virtual time the page's JavaScript gets to load the manifest and draw
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SITE_FILES = ("index.html", "manifest.json", "catalog.json")


class DocsSiteError(RuntimeError):
    pass


@dataclass(frozen=True)
class Page:
    """One page of the site: its route and the check that its DOM was rendered (None = fine, else why not)."""

    name: str
    route: str
    check: Callable[[str], str | None]


def find_browser(explicit: str | None = None) -> str:
    for candidate in (explicit, *BROWSER_CANDIDATES, shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    raise DocsSiteError("no Chromium found: run `bash scripts/chromium.sh` (installs Debian's chromium)")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's signature
        pass


@contextlib.contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (port 0 = a free one) in a thread; yields the base URL."""
    missing = [name for name in SITE_FILES if not (directory / name).is_file()]
    if missing:
        raise DocsSiteError(f"{directory} has no {', '.join(missing)}: run `dbt docs generate` (the main job does)")
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _browser(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [browser, *BROWSER_FLAGS, f"--user-data-dir={profile}", f"--window-size={WINDOW}",
           f"--virtual-time-budget={RENDER_BUDGET_MS}", *args]
    return subprocess.run(cmd, capture_output=True, timeout=120, check=False)


def dump_dom(browser: str, url: str, profile: Path) -> str:
    proc = _browser(browser, profile, "--dump-dom", url)
    if proc.returncode != 0:
        raise DocsSiteError(f"chromium --dump-dom {url} failed (exit {proc.returncode}): {proc.stderr[-500:]!r}")
    return proc.stdout.decode("utf-8", errors="replace")


def dom_and_screenshot(browser: str, url: str, path: Path, profile: Path, *args: str) -> str:
    """One page load: Chromium writes the screenshot and prints the DOM of the same rendered page (one browser
    start instead of two, and the PNG shows the state the DOM was checked in). Returns the DOM; the PNG is
    written but not checked (check_png)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    proc = _browser(browser, profile, *args, "--dump-dom", f"--screenshot={path}", url)
    if proc.returncode != 0 or not path.is_file():
        raise DocsSiteError(f"chromium --dump-dom --screenshot {url} failed (exit {proc.returncode}): "
                            f"{proc.stderr[-500:]!r}")
    return proc.stdout.decode("utf-8", errors="replace")


def screenshot(browser: str, url: str, path: Path, profile: Path) -> Path:
    """The page's screenshot, checked not to be blank (dom_and_screenshot's page load; the DOM is not read)."""
    dom_and_screenshot(browser, url, path, profile)
    check_png(path)
    return path


def check_png(path: Path) -> None:
    """A PNG that is not one flat colour (a blank page is)."""
    import matplotlib.image as mpimg

    if path.read_bytes()[:8] != PNG_SIGNATURE:
        raise DocsSiteError(f"{path} is not a PNG")
    pixels = mpimg.imread(path)
    if pixels.size == 0 or float(pixels.std()) == 0.0:
        raise DocsSiteError(f"{path} is blank (one colour)")


def overview_title(manifest: dict) -> str:
    """The first heading of the project's __overview__ docs block (the page dbt shows instead of its stock one)."""
    blocks = [d for d in manifest.get("docs", {}).values() if d["name"] == "__overview__" and d["package_name"]
              == manifest["metadata"].get("project_name", d["package_name"])]
    if not blocks:
        raise DocsSiteError("the project has no __overview__ docs block (models/overview.md)")
    match = re.search(r"^#\s+(.+)$", blocks[0]["block_contents"], flags=re.MULTILINE)
    if not match:
        raise DocsSiteError("the __overview__ docs block has no heading")
    return match.group(1).strip()


def pages(manifest: dict, model_name: str) -> list[Page]:
    """The pages to check: overview, lineage graph, the model's page (the model must exist in the manifest)."""
    project = manifest["metadata"].get("project_name") or "aihw"
    unique_id = f"model.{project}.{model_name}"
    if unique_id not in manifest["nodes"]:
        raise DocsSiteError(f"no model {model_name} in the manifest")
    title = overview_title(manifest)
    first_column = next(iter(manifest["nodes"][unique_id]["columns"]), None)

    def overview(dom: str) -> str | None:
        return None if title in _visible_text(dom) else f"overview heading {title!r} not rendered"

    def lineage(dom: str) -> str | None:
        canvas = re.search(r'<canvas[^>]*data-id="layer2-node"[^>]*width="(\d+)"[^>]*height="(\d+)"', dom)
        if not canvas:
            return "no lineage graph canvas (layer2-node) in the DOM"
        if min(int(canvas.group(1)), int(canvas.group(2))) == 0:
            return "the lineage graph canvas is empty (0 px)"
        return None

    def model_page(dom: str) -> str | None:
        if not re.search(rf'<span class="break ng-binding">\s*{re.escape(model_name)}\b', dom):
            return f"model heading {model_name!r} not rendered"
        if first_column and f">{first_column}<" not in dom:
            return f"column {first_column!r} of {model_name} not rendered"
        return None

    return [
        Page("overview", "#!/overview", overview),
        Page("lineage", f"#!/model/{unique_id}?g_v=1", lineage),
        Page(f"model_{model_name}", f"#!/model/{unique_id}", model_page),
    ]


def _visible_text(dom: str) -> str:
    """The DOM's text without its templates (Angular's {{ }} bindings are not rendered text)."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", dom, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", text)


def screenshot_docs(settings: Settings, out_dir: Path | None = None, model_name: str = DEFAULT_MODEL,
                    browser: str | None = None) -> list[Path]:
    """Serve the target's docs site, check every page's DOM and screenshot it; raises on the first failure."""
    site = settings.dbt_target_path
    out_dir = out_dir or site / "screenshots"
    browser = find_browser(browser)
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8")) if (site / "manifest.json").is_file() \
        else {}
    written = []
    with serve(site) as base, tempfile.TemporaryDirectory(prefix="aihw-chromium-") as profile:
        for page in pages(manifest, model_name):
            url = f"{base}/index.html{page.route}"
            path = out_dir / f"docs_{page.name}.png"
            problem = page.check(dom_and_screenshot(browser, url, path, Path(profile)))
            if problem:
                raise DocsSiteError(f"docs page {page.name} ({url}) did not render: {problem}")
            check_png(path)
            written.append(path)
    return written


def serve_forever(settings: Settings, port: int = 8080) -> None:
    with serve(settings.dbt_target_path, port) as base:
        print(f"[aihw] docs site on {base}/index.html (Ctrl-C stops)", flush=True)
        threading.Event().wait()
