"""The interactive charts in a real report, opened offline in headless Chromium (the `pipeline` lane).

Chapter 01 (two of the twelve key charts) is built with a stub ledger; the page must load nothing from the
network (every host name resolves to nothing and the page is opened from an empty folder), the Vega bundle
must be inlined once, and each interactive figure must have rendered its live view (an <svg> with marks)
while the print form keeps the static SVG.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from sinorussia import paths
from sinorussia.report.appendices import Ledger
from sinorussia.report.build import build_report
from sinorussia.report.cache import executed_path
from test_interactive import check_spec

pytestmark = [pytest.mark.xdist_group("interactive-report"), pytest.mark.pipeline]

CHAPTER = "01_context"
LABELS = ["gdp-ratio", "un-vote-agreement"]


def _browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not found:
        pytest.skip("no Chromium on the PATH")
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    build = tmp_path_factory.mktemp("interactive") / "build"
    ledger = lambda: Ledger("<p>ledger</p>", {"ledger.json": "[]\n", "ledger.csv": "id\n"})  # noqa: E731
    build_report(paths.NOTEBOOKS_DIR, build, ledger=ledger, only=[CHAPTER], pdf=False, log=lambda *_: None)
    return build


def test_executed_outputs_carry_valid_inline_specs(report):
    nb = json.loads(executed_path(report, CHAPTER).read_text(encoding="utf-8"))
    found = {}
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("sinorussia", {})
            if meta.get("interactive"):
                found[meta["label"]] = (o["data"], meta)
    assert sorted(found) == sorted(LABELS)
    for label, (data, meta) in found.items():
        check_spec(data["application/vnd.vegalite.v5+json"])
        svg = data["image/svg+xml"]
        assert "".join(svg).lstrip().startswith("<svg"), label  # nbformat may store text as a list of lines
        assert any("Latest period shown:" in t for t in meta["texts"]), label
        assert meta["caption"] and meta["csv"], label


def test_report_renders_the_charts_offline(report):
    html_path = report / "report.html"
    html = html_path.read_text(encoding="utf-8")
    assert html.count('src="data:text/javascript;base64,') == 1, "the Vega bundle once"
    assert not re.search(r"""<script[^>]+src=["']https?:""", html), "a script from the network"
    assert html.count('class="vega-figure"') == len(LABELS)
    with tempfile.TemporaryDirectory() as empty:
        proc = subprocess.run(
            [
                _browser(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                f"--user-data-dir={empty}/profile",
                "--virtual-time-budget=15000",
                "--dump-dom",
                html_path.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            cwd=empty,
        )
    dom = proc.stdout
    figures = re.findall(
        r'<div class="vega-figure([^"]*)" data-label="([^"]+)">(.*?)<div class="vega-static">', dom, re.S
    )
    assert [f[1] for f in figures] == LABELS
    for classes, label, live in figures:
        assert "vega-ready" in classes, f"{label}: the live chart did not render"
        assert "<svg" in live and 'class="mark-' in live, f"{label}: no marks in the live chart"
        assert "role-legend" in live or label == "gdp-ratio", f"{label}: no legend to click"


def test_print_shows_the_static_svg(report):
    html = (report / "report.html").read_text(encoding="utf-8")
    css = html[html.index("@media print {\n  .vega-figure") :]
    assert ".vega-figure .vega-live, .vega-figure .vega-hint { display: none !important; }" in css
    assert ".vega-figure .vega-static { display: block !important; }" in css
    assert len(re.findall(r'<div class="vega-static"><svg', html)) == len(LABELS)
    assert "<?xml" not in html
    assert Path(report / "report.html").stat().st_size < 8_000_000
