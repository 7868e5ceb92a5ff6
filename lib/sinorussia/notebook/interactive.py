"""Interactive charts (Vega-Lite through Altair) in the workbook's visual identity, for the key charts.

A key chart is defined once, as an Altair chart, and `sr.show(chart, label=..., data=...)` emits it as one
output that every reader gets in the form that works for them:

- JupyterLab renders `application/vnd.vegalite.v5+json`: hover tooltips, click a legend entry to
  highlight a series, drag or scroll to zoom a long time series;
- the HTML report embeds the same spec with the Vega bundle inlined once (report/vega.py), so it works
  offline;
- print and the PDF show `image/svg+xml`, the same spec rendered without a browser by vl-convert.

Why Vega-Lite 5 and not the v6 that Altair 6.3 writes: JupyterLab 4.6.6 ships vega-lite 5.6.1 and registers
the MIME types vegalite v3, v4 and v5 only (see the vega5 extension in .venv/share/jupyter/lab/static,
jlab_core*.js); a v6 bundle would show as text. The charts use only v5 features (params bound to the
legend, to scales and to sliders), the spec declares the v5 schema, and tests/test_interactive.py compiles
every spec with vl-convert's oldest Vega-Lite 5 (5.8, the nearest to Lab's 5.6.1) as well as `VL_VERSION`.

The finding and subtitle are not drawn in the chart: `figure(...)` records them in the spec's `usermeta`,
and `sr.show` turns them into the figure caption, as it does for matplotlib. The source line (with the
latest period shown, same wording as `sr.source_line`) is the chart's only title, set under the plot.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from .style import ACTOR_COLOURS, colour, period_text
from .style import name as actor_name

LAB_MIME = "application/vnd.vegalite.v5+json"  # what JupyterLab 4.6 renders natively
SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v5.json"  # a name only: nothing fetches it
VL_VERSION = "5.21"  # the Vega-Lite of the static SVG and of the report's inlined bundle (vl-convert 1.9)
FONT = "DejaVu Sans"  # as styles/sinorussia.mplstyle
GREY = "#555555"  # the subtitle and source-line grey of style.py
INK = "#333333"
META = "sinorussia"  # the key in the spec's usermeta
WIDTH = 620  # px: the plot width of a one-panel chart, to fit the report's text column
HEIGHT = 300
FADED = 0.12  # opacity of the series not picked in the legend


def theme() -> dict[str, Any]:
    """The Vega-Lite config of the mplstyle: font and sizes, grey axes, a light y grid, no frame."""
    axis = {
        "labelFont": FONT,
        "titleFont": FONT,
        "labelFontSize": 9,
        "titleFontSize": 10,
        "labelColor": "#444444",
        "titleColor": INK,
        "titleFontWeight": "normal",
        "domainColor": "#666666",
        "tickColor": "#666666",
        "gridColor": "#dddddd",
        "gridWidth": 0.6,
    }
    return {
        "font": FONT,
        "view": {"stroke": None},
        "background": "white",
        "axis": axis,
        "axisX": {"grid": False, "labelFlush": False, "tickMinStep": 1},
        "axisY": {"grid": True},
        "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 9, "titleFontSize": 9, "orient": "top"},
        "header": {"labelFont": FONT, "labelFontSize": 10, "labelColor": INK, "titleFontSize": 0},
        "line": {"strokeWidth": 2},
        "range": {"category": ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#999999"]},
    }


def actor_colours(codes: list[str]) -> dict[str, str]:
    """{display name: colour} for actor codes, in the given order (the legend's order)."""
    return {actor_name(c): colour(c) for c in codes}


def scale(colours: dict[str, str]) -> Any:
    """A colour scale that fixes each series' colour (its domain is also the legend's order)."""
    import altair as alt

    return alt.Scale(domain=list(colours), range=list(colours.values()))


def legend_pick(field: str = "series", name: str = "pick") -> Any:
    """A selection bound to the legend: click an entry to highlight that series, shift-click for more
    (`name` must differ between the panels of one figure)."""
    import altair as alt

    return alt.selection_point(fields=[field], bind="legend", name=name)


def faded(pick: Any) -> Any:
    """Opacity: full for the picked series (or all when none is picked), faint for the others."""
    import altair as alt

    return alt.condition(pick, alt.value(1.0), alt.value(FADED))


def period_field(x: str, temporal: bool) -> Any:
    import altair as alt

    if temporal:
        return alt.Tooltip(f"{x}:T", title="Period", format="%b %Y")
    return alt.Tooltip(f"{x}:Q", title="Period", format="d")


def tooltips(
    x: str, y: str, *, unit: str, fmt: str, temporal: bool = False, series: str | None = "series", source: str = ""
) -> list[Any]:
    """Tooltip rows: series, period, the exact value with its unit, and the source (a `source` column)."""
    import altair as alt

    rows = [alt.Tooltip(f"{series}:N", title="Series")] if series else []
    rows += [period_field(x, temporal), alt.Tooltip(f"{y}:Q", title=f"Value ({unit})", format=fmt)]
    if source:
        rows.append(alt.Tooltip(f"{source}:N", title="Source"))
    return rows


def lines(
    frame: Any,
    *,
    x: str = "year",
    y: str = "value",
    series: str = "series",
    colours: dict[str, str],
    y_title: str,
    unit: str,
    fmt: str,
    temporal: bool = False,
    dash: dict[str, list[int]] | None = None,
    axis_format: str | None = None,
    y_scale: Any = None,
    zoom: bool = True,
    width: int = WIDTH,
    height: int = HEIGHT,
    legend_columns: int = 2,
    name: str = "pick",
    title: str = "",
    stroke_width: dict[str, float] | None = None,
    x_domain: tuple[Any, Any] | None = None,
) -> Any:
    """A time-series chart of `frame` (long: one row per series and period; a `source` column for the
    tooltip): coloured lines, legend highlighting, hover points with tooltips, and x zoom (drag, scroll)."""
    import altair as alt

    pick = legend_pick(series, name)
    lo, hi = x_domain or (frame[x].min(), frame[x].max())
    domain = [lo.isoformat(), hi.isoformat()] if temporal else [float(lo), float(hi)]
    xenc = alt.X(
        f"{x}:{'T' if temporal else 'Q'}",
        title=None,
        axis=alt.Axis(format="%Y" if temporal else "d"),
        scale=alt.Scale(domain=domain, nice=False, zero=False),
    )
    yaxis = alt.Axis(format=axis_format or fmt, title=y_title)
    yenc = alt.Y(f"{y}:Q", axis=yaxis, scale=y_scale if y_scale is not None else alt.Undefined)
    legend: Any = alt.Legend(title=None, columns=legend_columns, symbolType="stroke", labelLimit=360)
    if len(colours) == 1:
        legend = None  # one series: the axis title says what it is
    colour_enc = alt.Color(f"{series}:N", scale=scale(colours), legend=legend)
    base = alt.Chart(frame).encode(x=xenc, y=yenc, color=colour_enc)
    line = base.mark_line().encode(opacity=faded(pick))
    if stroke_width:
        widths = alt.Scale(domain=list(stroke_width), range=list(stroke_width.values()))
        line = line.encode(strokeWidth=alt.StrokeWidth(f"{series}:N", scale=widths, legend=None))
    if dash:
        line = line.encode(
            strokeDash=alt.StrokeDash(f"{series}:N", scale=alt.Scale(domain=list(dash), range=list(dash.values())))
        )
    line = line.add_params(pick)
    columns = list(getattr(frame, "columns", []))
    tips = tooltips(
        x, y, unit=unit, fmt=fmt, temporal=temporal, series=series, source="source" if "source" in columns else ""
    )
    if "period" in columns:  # a period in words (e.g. 'Mar 2024' on an axis of fractional years)
        tips = [alt.Tooltip("period:N", title="Period") if getattr(t, "title", "") == "Period" else t for t in tips]
    points = base.mark_point(filled=True, size=70, opacity=0).encode(tooltip=tips).transform_filter(pick)
    chart = alt.layer(line, points).properties(width=width, height=height)
    if title:  # a panel's own title, left-aligned above it as in the matplotlib charts
        chart = chart.properties(title=alt.TitleParams(title, anchor="start", fontSize=10, fontWeight="bold"))
    return chart.interactive(bind_y=False) if zoom else chart


def source_text(text: str, *, latest: object) -> str:
    """The source line of `sr.source_line`: the producers, then 'Latest period shown: …'."""
    return f"{text.rstrip()} Latest period shown: {period_text(latest)}."


def figure(chart: Any, *, finding: str, subtitle: str = "", source: str, latest: object, width: int = WIDTH) -> Any:
    """The chart as a workbook figure: the theme, the source line under it (wrapped to the chart's width),
    and the finding and subtitle kept for the caption (`sr.show` puts them above the chart)."""
    import altair as alt

    line = source_text(source, latest=latest)
    wrapped = textwrap.wrap(line, width=max(60, int(width / 4.4)))  # ~4.4 px per character at 8 px
    title = alt.TitleParams(
        text=wrapped,
        orient="bottom",
        anchor="start",
        fontSize=8,
        fontWeight="normal",
        color=GREY,
        font=FONT,
        offset=14,
        lineHeight=11,
    )
    meta = {META: {"finding": finding.replace("\n", " "), "subtitle": subtitle.replace("\n", " "), "source": line}}
    return chart.properties(title=title, usermeta=meta).configure(**theme())


def is_chart(obj: Any) -> bool:
    """Whether `obj` is an Altair chart (without importing Altair for a matplotlib figure)."""
    return type(obj).__module__.startswith("altair.") and hasattr(obj, "to_dict")


def spec_of(chart: Any) -> dict[str, Any]:
    """The chart's Vega-Lite spec for Vega-Lite 5: data inline (no URLs), the v5 schema."""
    import altair as alt

    with alt.data_transformers.enable("default", max_rows=None):
        spec = chart.to_dict(validate=True)  # altair validates against its own (v6) schema here
    spec["$schema"] = SCHEMA_URL
    return spec


def svg_of(spec: dict[str, Any]) -> str:
    """The static render (for print and the PDF), without a browser."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec, vl_version=VL_VERSION)


def visible_texts(spec: dict[str, Any]) -> list[str]:
    """What a reader sees as text: titles (axes, panels, the source line), legend entries and the category
    labels of nominal axes and facets (the values of every nominal or ordinal field encoded)."""
    seen: list[str] = []
    fields: set[str] = set()

    def add(text: object) -> None:
        for t in text if isinstance(text, list) else [text]:
            if isinstance(t, str) and t.strip() and t not in seen:
                seen.append(t.strip())

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            if node.get("type") in ("nominal", "ordinal") and isinstance(node.get("field"), str):
                fields.add(node["field"])
            for k, v in node.items():
                if k in ("datasets", "data", "usermeta"):
                    continue
                is_title = (k == "title" and not isinstance(v, dict)) or (k == "text" and key == "title")
                if is_title:
                    add(v)
                else:
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)

    walk(spec)
    for rows in spec.get("datasets", {}).values():
        for row in rows:
            for f in fields:
                if f in row and isinstance(row[f], str):
                    add(row[f])
    return seen


def bundle(chart: Any) -> tuple[dict[str, Any], str, list[str], dict[str, str]]:
    """(spec, static SVG, visible texts, {finding, subtitle, source}) for `sr.show`."""
    spec = spec_of(chart)
    meta = (spec.get("usermeta") or {}).get(META)
    if not meta:
        raise ValueError(
            "an interactive chart needs its finding and source line: wrap it in "
            "sinorussia.notebook.interactive.figure(chart, finding=..., source=..., latest=...)"
        )
    texts = visible_texts(spec)
    return spec, svg_of(spec), texts + [meta["source"]] if meta["source"] not in texts else texts, meta


def frame(series: dict[str, Any], *, x: str = "year", y: str = "value", sources: dict[str, str] | None = None) -> Any:
    """A long frame (x, y, series[, source]) from {series name: pandas Series indexed by x}, for `lines`."""
    import pandas as pd

    parts = []
    for key, s in series.items():
        part = pd.DataFrame({x: s.index, y: s.to_numpy(dtype=float), "series": key}).dropna(subset=[y])
        if sources:
            part["source"] = sources.get(key, "")
        parts.append(part)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[x, y, "series"])


def dumps(spec: dict[str, Any]) -> str:
    """JSON for an inline <script>: every '<' escaped (it occurs only inside JSON strings), so no text in the
    data can end the script element or switch the HTML parser into its '<!--' escape state."""
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


__all__ = ["ACTOR_COLOURS", "actor_colours", "figure", "frame", "legend_pick", "lines", "scale", "theme"]
