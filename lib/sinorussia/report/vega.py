"""Interactive figures in the report: the Vega-Lite spec of an `sr.show(altair_chart, ...)` output, embedded
so that the single HTML file works offline, and its static SVG for print.

On screen a figure is a `vegaEmbed` view (SVG renderer: tooltips, legend highlighting, zoom, and the
export menu, which saves SVG/PNG in the browser without a network); until the view is ready, or if
scripts are off, the static SVG stands in. In print (and so in the PDF) only the static SVG is shown, the
same spec rendered by vl-convert when the notebook ran, so a zoomed or filtered view never reaches paper.

The Vega, Vega-Lite and vega-embed JavaScript is inlined once in the page's <head> (`head_html`), and
only when a chapter has an interactive figure; each figure's spec and data are inline (no URLs).
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache

from ..notebook.interactive import LAB_MIME, META, VL_VERSION, dumps

MIME = LAB_MIME
MARKER = 'class="vega-figure"'  # how head_html knows that a page has an interactive figure

_CSS = """
.vega-figure { position: relative; }
.vega-figure .vega-live { display: none; }
.vega-figure.vega-ready .vega-live { display: block; }
.vega-figure.vega-ready .vega-static { display: none; }
.vega-figure .vega-static svg, .vega-figure .vega-live svg { display: block; max-width: 100%; height: auto; }
.vega-figure .vega-live .vega-embed { display: block; width: 100%; }
.vega-figure .vega-live .vega-embed details summary { opacity: 0.7; }
.vega-figure .vega-hint { font-family: "DejaVu Sans", sans-serif; font-size: 0.72rem; color: #555555; margin: 0.3rem 0 0; }
.vega-figure .vega-bindings { font-family: "DejaVu Sans", sans-serif; font-size: 0.8rem; margin-top: 0.4rem; }
.vega-figure .vega-bind-name { display: inline-block; min-width: 13rem; }
#vg-tooltip-element { font-family: "DejaVu Sans", sans-serif; font-size: 12px; }
@media print {
  .vega-figure .vega-live, .vega-figure .vega-hint { display: none !important; }
  .vega-figure .vega-static { display: block !important; }
  .vega-figure .vega-static svg { max-height: 175mm; width: auto; }
}
"""

_EMBED = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}

_HINT = "Hover for values; click a legend entry to highlight it (shift-click for more); drag or scroll to zoom."


def is_interactive(data: dict) -> bool:
    """Whether an output's data bundle holds an interactive chart of notebook/interactive.py."""
    return MIME in data


def _spec(data: dict) -> dict:
    spec = data[MIME]
    if isinstance(spec, str | list):
        spec = json.loads("".join(spec) if isinstance(spec, list) else spec)
    return spec


def _svg(data: dict) -> str:
    svg = data.get("image/svg+xml", "")
    svg = "".join(svg) if isinstance(svg, list) else str(svg)
    return re.sub(r"<\?xml[^>]*>\s*", "", svg)  # an XML declaration is not allowed inside HTML


def figure_html(data: dict, meta: dict, number: str) -> str:
    """The figure's body (without <figure> and caption): live view, static SVG, embedding script.

    `number` (e.g. "2-1") makes the element id unique in the page."""
    spec = _spec(data)
    label = str(((meta or {}).get(META) or {}).get("label") or number)
    uid = "vega-" + re.sub(r"[^a-z0-9-]", "-", f"{label}-{number}".lower())
    svg = _svg(data)
    script = "".join(
        [
            "(function(){var el=document.getElementById(",
            json.dumps(uid),
            ");if(!window.vegaEmbed)return;vegaEmbed(el,",
            dumps(spec),
            ",",
            json.dumps(_EMBED),
            ").then(function(){el.parentNode.classList.add('vega-ready');})",
            ".catch(function(e){el.parentNode.classList.add('vega-failed');console.error(e);});})();",
        ]
    )
    return (
        f'<div {MARKER} data-label="{html.escape(label, quote=True)}">'
        f'<div class="vega-live" id="{uid}"></div>'
        f'<div class="vega-static">{svg}</div>'
        f'<p class="vega-hint">{_HINT}</p>'
        f"<script>{script}</script></div>"
    )


@lru_cache(maxsize=1)
def _bundle() -> str:
    """The bundle as a data: URL (inline, nothing fetched). Not as <script> text: the minified code holds
    '<!--' and '<script' in strings, which put the HTML parser in its script-escape state, where the
    closing tag no longer ends the script and the page after it is swallowed."""
    import base64

    import vl_convert as vlc

    snippet = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
    js = vlc.javascript_bundle(snippet, vl_version=f"v{VL_VERSION}")
    # the bundle declares top-level consts: inside a function they cannot clash with the page's other scripts
    js = "(function(){\n" + js + "\n})();"
    return "data:text/javascript;base64," + base64.b64encode(js.encode("utf-8")).decode("ascii")


def head_html(bodies: list[str]) -> str:
    """The <style> and the inlined Vega bundle, once, when any of the page's `bodies` has an interactive
    figure; '' otherwise (a report without one carries no JavaScript for it)."""
    if not any(MARKER in b for b in bodies):
        return ""
    return f'<style>{_CSS}</style>\n<script src="{_bundle()}"></script>'
