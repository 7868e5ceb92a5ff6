"""Interactive charts (notebook/interactive.py, the Altair branch of sr.show, report/vega.py), on real data.

A chart of the processed Maddison series goes through `sr.show` as a chapter cell would; the output must
carry a Vega-Lite 5 spec that JupyterLab 4.6 renders (v5 MIME type and schema, valid, compiles with
Vega-Lite 5.8 — the nearest vl-convert has to Lab's 5.6.1), its data inline, the source line with the
latest period, a static SVG of marks, and the figure metadata the report reads.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import jsonschema
import pytest
import vl_convert as vlc

import sinorussia as sr
from sinorussia import charts as ia
from sinorussia import context as cx
from sinorussia.errors import ParameterError
from sinorussia.notebook import figures
from sinorussia.report import vega
from sinorussia.report.render import render_chapter


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft7Validator:
    """The Vega-Lite schema Altair bundles (v6; no v5 schema is installed), without checking the schema's
    own formats (its '$ref's are not strict URI references)."""
    import altair

    path = Path(altair.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json"
    return jsonschema.Draft7Validator(json.loads(path.read_text(encoding="utf-8")))


def urls(node: object) -> list[str]:
    """Every `url` in a spec (data must be inline)."""
    if isinstance(node, dict):
        found = [str(node["url"])] if "url" in node else []
        return found + [u for v in node.values() for u in urls(v)]
    if isinstance(node, list):
        return [u for v in node for u in urls(v)]
    return []


def check_spec(spec: dict) -> None:
    """The checks every interactive chart passes (also used by tests/test_interactive_report.py)."""
    assert spec["$schema"] == ia.SCHEMA_URL
    assert not urls(spec), f"data loaded from a URL: {urls(spec)}"
    assert spec.get("datasets"), "no inline data"
    meta = spec["usermeta"][ia.META]
    assert meta["finding"] and "Latest period shown:" in meta["source"]
    validator().validate(spec)
    for version in ("5.8", ia.VL_VERSION):  # Lab's 5.6.1 is nearest to 5.8
        vg = vlc.vegalite_to_vega(spec, vl_version=version)
        assert vg["marks"], f"Vega-Lite {version} compiled no marks"


@pytest.fixture(scope="module")
def gdp_chart():
    macro = sr.load("macro_indicators")
    ratio = cx.long_run_gdp(macro, 1870).ratio_china_to_russia_ussr.dropna()
    name = "China's GDP ÷ Russia's (USSR to 1990)"
    drawn = ia.frame({name: ratio}, sources={name: "Maddison Project Database 2020"})
    chart = ia.lines(drawn, colours={name: sr.colour("CHN")}, y_title=name, unit="ratio", fmt=".2f")
    source = sr.source_text("macro_indicators", sources={"macro_indicators": ["maddison_2020"]})
    fig = ia.figure(chart, finding="China's economy outgrew Russia's", subtitle="GDP ratio", source=source, latest=2018)
    return fig, ratio


@pytest.fixture(scope="module")
def shown(gdp_chart):
    """The outputs sr.show displays for the chart (IPython's display replaced by a recorder)."""
    import IPython.display

    fig, ratio = gdp_chart
    outputs: list[tuple[dict, dict]] = []
    real = IPython.display.display
    IPython.display.display = lambda obj, metadata=None, raw=False: outputs.append((obj, metadata or {}))
    try:
        sr.show(fig, label="gdp-ratio", data=ratio)
    finally:
        IPython.display.display = real
    return outputs


def test_show_emits_caption_then_spec_svg_and_text(shown):
    (cap, cap_meta), (bundle, meta) = shown
    assert (
        cap["text/markdown"].startswith("**China's economy outgrew Russia's**") and "GDP ratio" in cap["text/markdown"]
    )
    assert cap_meta[figures.META_KEY] == {"kind": "caption", "label": "gdp-ratio"}
    assert set(bundle) == {ia.LAB_MIME, "image/svg+xml", "text/plain"}
    assert ia.LAB_MIME == "application/vnd.vegalite.v5+json"
    m = meta[figures.META_KEY]
    assert m["kind"] == "figure" and m["label"] == "gdp-ratio" and m["interactive"] is True
    assert m["caption"] == "China's economy outgrew Russia's" and m["subtitle"] == "GDP ratio"
    assert m["csv"].splitlines()[0] == "year,ratio_china_to_russia_ussr"
    assert m["csv"].splitlines()[1].startswith("1890,") and m["csv"].splitlines()[-1].startswith("2018,5.02")


def test_spec_is_valid_v5_inline_and_sourced(shown):
    spec = shown[1][0][ia.LAB_MIME]
    check_spec(spec)
    rows = next(iter(spec["datasets"].values()))
    last = max(rows, key=lambda r: r["year"])
    assert last["year"] == 2018 and 4.5 < last["value"] < 5.5  # China ~5× Russia in 2018 (Maddison)
    # interactions: the legend-bound highlight and the x zoom are parameters of the spec
    params = spec.get("params", []) + [p for layer in spec["layer"] for p in layer.get("params", [])]
    assert any(p.get("bind") == "legend" for p in params)
    assert any(p.get("bind") == "scales" for p in params)
    # tooltips name the period, the value with its unit and the source
    tips = [t["title"] for layer in spec["layer"] for t in layer.get("encoding", {}).get("tooltip", [])]
    assert {"Period", "Value (ratio)", "Source"} <= set(tips)


def test_static_svg_and_visible_texts(shown):
    bundle, meta = shown[1]
    svg = bundle["image/svg+xml"]
    assert svg.lstrip().startswith("<svg") and "mark-line" in svg
    texts = meta[figures.META_KEY]["texts"]
    assert any(t.startswith("Source: Maddison Project") and t.endswith("Latest period shown: 2018.") for t in texts)
    assert "China's GDP ÷ Russia's (USSR to 1990)" in texts
    assert "Source: Maddison Project" in svg  # the source line is drawn under the chart


def test_visible_texts_list_legend_entries_so_raw_codes_are_caught():
    import pandas as pd

    drawn = ia.frame(
        {"RUS": pd.Series([1.0, 2.0], index=[2020, 2021]), "China": pd.Series([2.0, 3.0], index=[2020, 2021])}
    )
    chart = ia.lines(drawn, colours={"RUS": "#0072B2", "China": "#D55E00"}, y_title="x", unit="u", fmt=".1f")
    texts = ia.visible_texts(ia.spec_of(ia.figure(chart, finding="f", source="Source: s.", latest=2021)))
    assert "RUS" in texts and "China" in texts


def test_show_refuses_a_chart_without_finding_and_source():
    import altair as alt
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"year": [2020], "value": [1.0]})).mark_line().encode(x="year:Q", y="value:Q")
    with pytest.raises(ParameterError, match=r"label='x'.*interactive\.figure\(chart, finding=.*source="):
        sr.show(chart, label="x", data=pd.DataFrame({"a": [1]}))


def test_json_for_a_script_cannot_close_it():
    text = ia.dumps({"a": "</script><!-- <script>"})
    assert "<" not in text and json.loads(text) == {"a": "</script><!-- <script>"}


def test_report_figure_live_and_static(shown):
    bundle, meta = shown[1]
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "source": "",
                "outputs": [{"output_type": "display_data", "data": bundle, "metadata": meta}],
            }
        ]
    }
    ch = render_chapter(3, "03_x", nb)
    body = ch.body
    assert ch.figures == 1 and '<figure class="figure" id="fig-gdp-ratio">' in body  # the label's anchor
    assert 'class="vega-live" id="vega-gdp-ratio-3-1"' in body and '<div class="vega-static"><svg' in body
    script = re.search(r"<script>(.*?)</script>", body, re.S).group(1)
    assert "vegaEmbed(el," in script and "<" not in script.replace("</script>", "")
    assert "<img" not in body  # the static form is the SVG, not a PNG


def test_bundle_inlined_once_and_only_when_needed(shown):
    assert vega.head_html(["<p>no chart</p>"]) == ""
    head = vega.head_html(['<div class="vega-figure">', '<div class="vega-figure">'])
    assert head.count("<script") == 1 and head.count('src="data:text/javascript;base64,') == 1
    assert "http" not in head.split("base64,")[0] and "@media print" in head
