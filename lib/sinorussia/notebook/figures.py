"""Figures and tables as the report numbers them: `show(fig, label=..., data=...)` and `table(styler, ...)`.

A chart cell ends with `sr.show(fig, label="trade-headline", data=frame)` instead of `plt.show()`:

- the finding title and grey subtitle (set with `finding_title` / `figure_title`) leave the image and
  become the figure's caption, shown above the chart in JupyterLab as Markdown and in the report as
  "Figure 2.1 <finding>", so the finding is text a reader can search, select and cite;
- the data drawn travel with the figure as CSV, so the report offers them for download;
- every visible text of the figure (tick and axis labels, legend entries, annotations) is recorded, so
  a test can refuse raw identifiers in what a reader sees.

A table cell ends with `sr.table(styler, label="dependence")`: its caption (`Styler.set_caption`) and
data travel the same way, and the report numbers it "Table 2.1".

Prose refers to either by label, as Jupyter Book does: {numref}`fig-trade-headline`, {numref}`tbl-dependence`;
the report replaces each reference with its number and a link.

The contract with the report (report/render.py reads it): outputs whose metadata carry
`sinorussia: {"kind": "figure" | "table" | "caption", "label": ..., ...}` under `META_KEY`.
"""

from __future__ import annotations

import base64
import io
import re
from typing import Any

from ..claims.numbers import typeset
from ..errors import ParameterError
from . import interactive
from .chartrules import check_figure

META_KEY = "sinorussia"
LABEL = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TITLE_ATTR = "_sinorussia_title"  # set on a figure by style.finding_title / style.figure_title


def _check_label(label: str) -> str:
    if not isinstance(label, str) or not LABEL.match(label):
        raise ParameterError(
            f"figure/table label {label!r}: use lower-case letters, digits and hyphens, e.g. 'trade-headline'"
        )
    return label


def _csv(data: Any) -> str:
    """The data drawn, as CSV text (a frame, a series, or a dict of named frames stacked with a 'series' column)."""
    import pandas as pd

    if data is None:
        raise ParameterError("show/table: give the data drawn (data=frame), so the report can offer it as CSV")
    if isinstance(data, dict):
        parts = []
        for key, part in data.items():
            frame = part.to_frame() if isinstance(part, pd.Series) else pd.DataFrame(part)
            frame = frame.reset_index() if _keeps_index(frame) else frame.reset_index(drop=True)
            parts.append(frame.assign(series=str(key)))
        frame = pd.concat(parts, ignore_index=True)
        return frame.to_csv(index=False)
    frame = data.to_frame() if isinstance(data, pd.Series) else pd.DataFrame(data)
    return frame.to_csv(index=_keeps_index(frame))


def _keeps_index(frame: Any) -> bool:
    import pandas as pd

    idx = frame.index
    return not (isinstance(idx, pd.RangeIndex) and idx.name is None)


def title_of(fig: Any) -> tuple[str, str]:
    """The finding and subtitle recorded on a figure by finding_title / figure_title ('' when none)."""
    finding, subtitle, _ = getattr(fig, _TITLE_ATTR, ("", "", []))
    return finding, subtitle


def _visible_texts(fig: Any) -> list[str]:
    from matplotlib.text import Text

    seen: list[str] = []
    for t in fig.findobj(Text):
        text = t.get_text().strip()
        if text and t.get_visible() and text not in seen:
            seen.append(text)
    return seen


def _caption_markdown(finding: str, subtitle: str) -> str:
    lines = [f"**{finding.replace(chr(10), ' ')}**"] if finding else []
    if subtitle:
        lines.append(f"<span style='color:#555555'>{subtitle.replace(chr(10), ' ')}</span>")
    return "  \n".join(lines)


def show(fig: Any, *, label: str, data: Any) -> None:
    """Show a chart as a numbered figure of the report: caption (the finding), image, data and texts.

    `fig` is a matplotlib Figure (see the module docstring) or an Altair chart made with
    `notebook.interactive.figure` (emitted as Vega-Lite + static SVG); `data` the frame(s) drawn.
    """
    from IPython.display import display

    label = _check_label(label)
    csv = _csv(data)
    if interactive.is_chart(fig):
        return _show_interactive(fig, label, csv)
    if not hasattr(fig, "savefig"):
        raise ParameterError(
            f"show(label={label!r}): expected a matplotlib Figure or an Altair chart, not {type(fig).__name__}"
        )
    import matplotlib.pyplot as plt

    finding, subtitle, artists = getattr(fig, _TITLE_ATTR, ("", "", []))
    finding, subtitle = typeset(finding), typeset(subtitle)  # a caption is prose: the minus sign, no "−0"
    for artist in artists:  # the finding goes into the caption, not into the image
        artist.set_visible(False)
    check_figure(fig, label)  # the chart rules (notebook/chartrules.py): print font size, log labels, legends
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    texts = _visible_texts(fig)
    plt.close(fig)
    if finding:
        display(
            {"text/markdown": _caption_markdown(finding, subtitle)},
            metadata={META_KEY: {"kind": "caption", "label": label}},
            raw=True,
        )
    display(
        {"image/png": base64.b64encode(buf.getvalue()).decode("ascii"), "text/plain": f"<Figure {label}>"},
        metadata={
            META_KEY: {
                "kind": "figure",
                "label": label,
                "caption": finding.replace("\n", " "),
                "subtitle": subtitle.replace("\n", " "),
                "csv": csv,
                "texts": texts,
            }
        },
        raw=True,
    )


def _show_interactive(chart: Any, label: str, csv: str) -> None:
    """An Altair chart: the caption, then one output with the Vega-Lite spec (JupyterLab and the HTML report),
    its static SVG (print, the PDF) and a text/plain fallback (see notebook/interactive.py)."""
    from IPython.display import display

    try:
        spec, svg, texts, meta = interactive.bundle(chart)
    except ValueError as e:
        raise ParameterError(f"show(label={label!r}): {e}") from None
    finding, subtitle = typeset(meta.get("finding", "")), typeset(meta.get("subtitle", ""))
    if finding:
        display(
            {"text/markdown": _caption_markdown(finding, subtitle)},
            metadata={META_KEY: {"kind": "caption", "label": label}},
            raw=True,
        )
    display(
        {interactive.LAB_MIME: spec, "image/svg+xml": svg, "text/plain": f"<Figure {label}>"},
        metadata={
            META_KEY: {
                "kind": "figure",
                "label": label,
                "caption": finding,
                "subtitle": subtitle,
                "csv": csv,
                "texts": texts,
                "interactive": True,
            }
        },
        raw=True,
    )


def table(styler: Any, *, label: str, data: Any = None) -> None:
    """Show a table (a pandas Styler with a caption, or a DataFrame) as a numbered table of the report."""
    from IPython.display import display

    label = _check_label(label)
    frame = getattr(styler, "data", styler)  # a Styler keeps its frame in .data
    caption = str(getattr(styler, "caption", None) or "")
    if not caption:
        raise ParameterError(
            f"table(label={label!r}): give the table a caption that states what it shows (set_caption)"
        )
    html = styler.to_html() if hasattr(styler, "to_html") else str(styler)
    display(
        {"text/html": html, "text/plain": f"<Table {label}: {caption}>"},
        metadata={
            META_KEY: {
                "kind": "table",
                "label": label,
                "caption": caption,
                "csv": _csv(frame if data is None else data),
                "columns": [str(c) for c in getattr(frame, "columns", [])],
            }
        },
        raw=True,
    )
