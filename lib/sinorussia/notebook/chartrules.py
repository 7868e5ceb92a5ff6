"""The chart rules every figure of the workbook obeys, as helpers a chart cell calls and as checks
`sr.show` runs before a figure is published (issue #16).

Helpers (what a chart cell calls):
    year_axis        whole years, never overprinted: as many ticks as the axis width has room for
    log_axis         a log scale labelled in plain numbers (1, 10, 100), never 10ⁿ
    legend_outside   the legend beside or under the plot, never over the data
    direct_labels    a name at the end of each line instead of a legend, spread so they never touch
    label            a human label for an identifier (a source id, a column name)

Checks (`check_figure`, run by `sr.show`; each failure is one line naming the figure and the text):
    every visible text is at least MIN_PRINT_PT once the figure is printed at the text width
    no tick label is a power of ten in mathtext
    no legend covers a line or a bar of its own axes
    an actor named in a legend is drawn in its colour (style.ACTOR_COLOURS)
"""

from __future__ import annotations

from typing import Any

from ..errors import ParameterError, WorkbookError
from .style import ACTOR_COLOURS, ACTOR_NAMES


class ChartRuleError(WorkbookError):
    """A figure breaks one of the workbook's chart rules (the message names the figure and the text)."""


# The printed page (report/templates/report.css): A4, 19 mm side margins, figures at most the text
# width and 175 mm high. A figure wider than that is scaled down, and every font with it.
PRINT_WIDTH_IN = (210 - 2 * 19) / 25.4  # 6.77 in
PRINT_MAX_HEIGHT_IN = 175 / 25.4
MIN_PRINT_PT = 7.0
TICK_ROOM_IN = 0.62  # the room one year label ("2024" at 9 pt, with a gap) needs on an axis

# Identifiers a chart may be handed (source ids, column names) and what a reader sees instead.
HUMAN_LABELS = {
    "sipri_2022": "SIPRI 2022 release",
    "sipri_2026": "SIPRI 2026 release",
    "bsv_2023": "Bailey–Strezhnev–Voeten 2023 release",
    "bsv_2025": "Bailey–Strezhnev–Voeten 2025 release",
    "bp_2021": "bp Statistical Review 2021",
    "ei_2024": "Energy Institute Statistical Review 2024",
    "fcs_russia": "Russia's customs (FCS)",
    "imf_dots_russia": "IMF DOTS",
    "baci": "CEPII BACI",
    "atlas": "Atlas of Economic Complexity",
    "gacc_release": "China's customs releases (GACC)",
    "comtrade_china_processed": "China-reported (UN Comtrade)",
    "tiv": "TIV",
    "brier": "Brier score",
    "un_vote_agreement": "UN vote agreement",
    "constant_2023_usd": "constant 2023 USD",
    "current_usd": "current USD",
    "icd_midpoint": "ICD band midpoint",
    "survey_median": "survey median",
    "custom": "custom",
}


def label(identifier: str) -> str:
    """The human label of an identifier; a compound one ('a/b') is labelled part by part."""
    if identifier in HUMAN_LABELS:
        return HUMAN_LABELS[identifier]
    if "/" in identifier:
        return " over ".join(label(part) for part in identifier.split("/"))
    return identifier.replace("_", " ")


def year_axis(ax: Any, axis: str = "x") -> None:
    """Whole years, as many as the axis has room for at print size (recomputed whenever it is drawn)."""
    from matplotlib.ticker import MaxNLocator

    class YearLocator(MaxNLocator):
        def __call__(self):
            bbox = ax.get_window_extent()
            inches = (bbox.width if axis == "x" else bbox.height) / ax.figure.dpi
            self.set_params(nbins=max(2, int(inches / TICK_ROOM_IN)))
            return super().__call__()

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(YearLocator(integer=True, min_n_ticks=2))


def plain_number(value: float, _pos: object = None) -> str:
    """1, 10, 100, 1,000, 0.5: a log-axis tick in plain numbers."""
    import math

    if value >= 1 or value <= 0:
        return f"{value:,.0f}"
    return f"{value:.{max(1, -math.floor(math.log10(value) + 1e-9))}f}"  # 0.5, 0.05, 0.002


def log_axis(ax: Any, axis: str = "y") -> None:
    """A log scale whose ticks read 1, 10, 100 (and 2, 5 between when a decade is all there is)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    (ax.set_yscale if axis == "y" else ax.set_xscale)("log")
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0), numticks=12))
    target.set_major_formatter(FuncFormatter(plain_number))
    target.set_minor_formatter(NullFormatter())


def legend_outside(ax: Any, where: str = "right", **kwargs: Any) -> Any:
    """The axes' legend beside the plot (where='right') or under it (where='below'), off the data."""
    kwargs.setdefault("frameon", False)
    if where == "right":
        return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, **kwargs)
    if where == "below":
        kwargs.setdefault("ncol", 3)
        return ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.12), borderaxespad=0, **kwargs)
    if where == "above":
        kwargs.setdefault("ncol", 3)
        return ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.01), borderaxespad=0, **kwargs)
    raise ParameterError(f"legend_outside(where={where!r}): use 'right', 'below' or 'above'")


def direct_labels(ax: Any, labels: dict[Any, str], *, fontsize: float = 9.0, gap_pt: float = 4.0) -> None:
    """Name each line at its last point (labels: Line2D -> text), in the line's colour, the names
    pushed apart vertically so that no two overlap (a legend the eye need not travel to)."""
    ax.figure.canvas.draw()  # the layout the positions are computed in
    ends = []
    for line, text in labels.items():
        xs, ys = line.get_xdata(), line.get_ydata()
        points = [(x, y) for x, y in zip(xs, ys) if y == y]  # the last point that is not NaN
        if points:
            x, y = points[-1]
            ends.append([ax.transData.transform((x, y))[1], x, y, line.get_color(), text])
    ends.sort(key=lambda e: e[0])
    step = fontsize * 1.25 * ax.figure.dpi / 72  # one line of text, in pixels
    placed: list[float] = []
    for end in ends:
        want = end[0] if not placed else max(end[0], placed[-1] + step)
        placed.append(want)
    for end, want in zip(ends, placed):
        dy = (want - end[0]) * 72 / ax.figure.dpi
        ax.annotate(
            end[4], (end[1], end[2]), xytext=(gap_pt, dy), textcoords="offset points", va="center",
            color=end[3], fontsize=fontsize, fontweight="bold", annotation_clip=False,
        )  # fmt: skip


def print_scale(fig: Any, renderer: Any) -> float:
    """How much the report shrinks the figure on the printed page (1 when it fits)."""
    box = fig.get_tightbbox(renderer)
    width, height = box.width + 0.2, box.height + 0.2  # bbox_inches="tight" pads 0.1 in each side
    return min(1.0, PRINT_WIDTH_IN / width, PRINT_MAX_HEIGHT_IN / height)


def place_source_line(fig: Any, renderer: Any) -> None:
    """Put the source line (style.source_line) under everything else, so a legend or label below the
    axes never runs into it."""
    text = getattr(fig, "_sinorussia_source", None)
    if text is None:
        return
    text.set_visible(False)
    others = fig.get_tightbbox(renderer)  # inches
    text.set_visible(True)
    text.set_y(min(-0.02, (others.y0 - 0.08) / fig.get_figheight()))


def check_figure(fig: Any, label: str) -> None:
    """Refuse a figure that breaks a rule, with one line naming the figure, the text and the fix."""
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)  # tick labels exist only once drawn
    place_source_line(fig, renderer)
    scale = print_scale(fig, renderer)
    for t in fig.findobj(Text):
        text = t.get_text().strip()
        if not text or not t.get_visible() or not _on_figure(t, renderer):
            continue
        printed = t.get_fontsize() * scale
        if printed < MIN_PRINT_PT - 0.05:
            raise ChartRuleError(
                f"figure {label!r}: text {_short(text)!r} is {t.get_fontsize():.1f} pt, {printed:.1f} pt printed "
                f"(the figure is scaled by {scale:.2f} to the page); the minimum is {MIN_PRINT_PT:.0f} pt: "
                "enlarge the text or make the figure narrower"
            )
        if "10^" in text and "$" in text:
            raise ChartRuleError(
                f"figure {label!r}: log-axis label {_short(text)!r} is a power of ten; use sr.log_axis(ax), "
                "which labels 1, 10, 100"
            )
    for ax in fig.axes:
        _check_legend(ax, label, renderer)


def _on_figure(t: Any, renderer: Any) -> bool:
    """Tick labels outside the view exist but are not drawn."""
    box = t.get_window_extent(renderer)
    fb = t.figure.bbox
    return box.x1 >= fb.x0 - 200 and box.x0 <= fb.x1 + 200 and box.y1 >= fb.y0 - 200 and box.y0 <= fb.y1 + 200


def _short(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


def _check_legend(ax: Any, label: str, renderer: Any) -> None:
    import numpy as np

    legend = ax.get_legend()
    if legend is None or not legend.get_visible():
        return
    box = legend.get_window_extent(renderer).padded(-2)
    for line in ax.get_lines():
        if not line.get_visible() or line.get_label().startswith("_child") and not len(line.get_xdata()):
            continue
        xy = line.get_xydata()
        if not len(xy):
            continue
        pts = ax.transData.transform(np.asarray(xy, dtype=float))
        pts = pts[np.isfinite(pts).all(axis=1)]
        if len(pts) > 1 and line.get_linestyle() not in ("None", "", " "):
            t = np.linspace(0, 1, 12)[:, None, None]
            pts = (pts[:-1] * (1 - t) + pts[1:] * t).reshape(-1, 2)  # points along each segment
        inside = (pts[:, 0] > box.x0) & (pts[:, 0] < box.x1) & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)
        if inside.any():
            raise ChartRuleError(
                f"figure {label!r}: the legend covers the line {_line_name(line)!r}; move it off the data "
                "(sr.legend_outside, or loc=... where the plot is empty) or label the lines (sr.direct_labels)"
            )
    for patch in ax.patches:
        if patch.get_data_transform() is not ax.transData:
            continue  # a shaded span (axvspan) is a backdrop, not data a legend may not cover
        if patch.get_visible() and patch.get_window_extent(renderer).padded(-1).overlaps(box):
            bb = patch.get_window_extent(renderer)
            if bb.width > 1 and bb.height > 1:
                raise ChartRuleError(
                    f"figure {label!r}: the legend covers a bar; move it off the data (sr.legend_outside) "
                    "or raise the axis limit"
                )
    _check_actor_colours(legend, label)


def _line_name(line: Any) -> str:
    name = str(line.get_label())
    return name if not name.startswith("_") else f"line in {line.get_color()}"


def _check_actor_colours(legend: Any, label: str) -> None:
    from matplotlib.colors import to_hex

    by_name = {v: k for k, v in ACTOR_NAMES.items() if k in ACTOR_COLOURS}
    for handle, text in zip(legend.legend_handles, legend.get_texts()):
        code = by_name.get(text.get_text())
        if code is None or handle is None:
            continue
        get = getattr(handle, "get_color", None) or getattr(handle, "get_facecolor", None)
        try:
            drawn = to_hex(get()) if get else None
        except (ValueError, TypeError):
            continue
        if drawn and drawn.lower() != ACTOR_COLOURS[code].lower():
            raise ChartRuleError(
                f"figure {label!r}: {text.get_text()} is drawn in {drawn}, not its colour {ACTOR_COLOURS[code]}; "
                f"use sr.colour({code!r})"
            )


def colour_distance(a: str, b: str) -> float:
    """CIE 1976 ΔE between two colours: about 2 is just noticeable; actors in one chart need ≥ 20."""
    from matplotlib.colors import to_rgb

    def lab(colour: str) -> tuple[float, float, float]:
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
        r, g, b_ = lin
        xyz = (
            (0.4124 * r + 0.3576 * g + 0.1805 * b_) / 0.95047,
            0.2126 * r + 0.7152 * g + 0.0722 * b_,
            (0.0193 * r + 0.1192 * g + 0.9505 * b_) / 1.08883,
        )
        fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
        return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)

    return sum((p - q) ** 2 for p, q in zip(lab(a), lab(b))) ** 0.5
