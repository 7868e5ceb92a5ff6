"""The visual identity: one colour per actor (Okabe–Ito, colour-blind safe), finding-first titles,
and a source line under every chart."""

from __future__ import annotations

from .. import paths
from ..processed.countries import DISPLAY_NAMES as ACTOR_NAMES  # noqa: F401  (sr.ACTOR_NAMES)
from ..processed.countries import display_name as name  # noqa: F401  (sr.name)

# Okabe & Ito (2008) palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "orange": "#E69F00",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#999999",
}

# A fixed colour per actor, used in every chart of the workbook.
ACTOR_COLOURS = {
    "RUS": OKABE_ITO["blue"],
    "SUN": OKABE_ITO["blue"],  # the Soviet Union is drawn as Russia's predecessor
    "CHN": OKABE_ITO["vermillion"],
    "USA": OKABE_ITO["purple"],
    "EUU": OKABE_ITO["sky"],
    "XCA": OKABE_ITO["green"],  # Central Asia as a group
    "KAZ": OKABE_ITO["green"],
    # Central Asia's five and Mongolia are drawn side by side (chapter 5): hues from Paul Tol's
    # colour-blind-safe sets, each far (CIE ΔE ≥ 20) from every other actor's, not five greens
    "KGZ": "#882255",  # wine
    "UZB": "#332288",  # indigo
    "TJK": "#999933",  # olive
    "TKM": "#000000",
    "MNG": OKABE_ITO["orange"],
    "IND": "#8C564B",  # brown: yellow is too faint on white, dark yellow too near olive and orange
    "GBR": "#661100",
    "FRA": "#AA4499",
    "WLD": OKABE_ITO["grey"],
    "OTHER": "#D9D9D9",
}


def colour(actor: str) -> str:
    """The workbook's colour for an actor code (ISO3 or aggregate); grey for anyone else."""
    return ACTOR_COLOURS.get(actor, ACTOR_COLOURS["OTHER"])


def apply_style() -> None:
    import matplotlib as mpl  # imported here so the CLI does not pay for matplotlib
    import matplotlib.pyplot as plt

    plt.style.use(str(paths.STYLE_FILE))
    mpl.rcParams["figure.constrained_layout.use"] = False


def finding_title(ax, finding: str, subtitle: str | None = None) -> None:
    """Title = the finding (a sentence), with an optional smaller subtitle saying what is plotted."""
    artists = [ax.set_title(finding, loc="left", fontsize=12, fontweight="bold", pad=22 if subtitle else 10)]
    if subtitle:
        artists.append(ax.text(0, 1.02, subtitle, transform=ax.transAxes, fontsize=9.5, color="#555555", va="bottom"))
    # sr.show moves the finding into the figure's caption (notebook/figures.py)
    ax.figure._sinorussia_title = (finding, subtitle or "", artists)


def figure_title(
    fig, finding: str, subtitle: str | None = None, *, fontsize: float = 12.0, panel_room: float = 22.0, x: float = 0.01
) -> None:
    """The finding as the title of a figure of several panels, an optional grey subtitle under it, and
    room reserved for both (and for the panels' own titles, `panel_room` points) at the top."""
    height = fig.get_figheight() * 72  # points
    used = 6.0
    artists = [
        fig.suptitle(finding, x=x, y=1 - used / height, ha="left", va="top", fontsize=fontsize, fontweight="bold")
    ]
    used += (finding.count("\n") + 1) * fontsize * 1.3
    if subtitle:
        artists.append(
            fig.text(x, 1 - (used + 2) / height, subtitle, ha="left", va="top", fontsize=9.5, color="#555555")
        )
        used += 2 + (subtitle.count("\n") + 1) * 9.5 * 1.35
    fig.subplots_adjust(top=1 - (used + panel_room) / height)
    fig._sinorussia_title = (finding, subtitle or "", artists)  # sr.show moves it into the caption


def source_line(fig_or_ax, text: str, *, latest: object) -> None:
    """The source line under a chart: producer and vintage (see processed.provenance.source_text), and the
    latest period the chart shows (`latest`: a year, a month as a Timestamp, or a period in words), so a
    reader sees at once how current it is."""
    fig = fig_or_ax.figure if hasattr(fig_or_ax, "figure") and fig_or_ax.figure is not None else fig_or_ax
    line = f"{text.rstrip()} Latest period shown: {period_text(latest)}."
    text = fig.text(0.01, -0.02, line, ha="left", va="top", fontsize=9, color="#555555", wrap=True)
    fig._sinorussia_source = text  # sr.show moves it under whatever hangs below the axes (legends, labels)


def period_text(period: object) -> str:
    """A period for prose and source lines: 2024, 'Dec 2024' for a month, or the text given."""
    if hasattr(period, "strftime"):
        return period.strftime("%b %Y")
    if isinstance(period, float) and period.is_integer():
        return str(int(period))
    return str(period)


def percent_axis(ax, axis: str = "y", digits: int = 0) -> None:
    """Format an axis holding shares (0–1) as percentages."""
    from matplotlib.ticker import PercentFormatter

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(1.0, decimals=digits))


# Categorical colours for anything that is not an actor (HS sections, scenarios): Okabe–Ito order.
CATEGORY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

# For countries without a fixed colour: hues that no actor uses (each ΔE ≥ 20 from every actor's and
# from each other), so nobody is mistaken for China, Russia or a neighbour.
OTHER_COLOURS = ["#117733", "#DDCC77", "#E7298A", "#A6761D", "#CC6677", "#B2DF8A"]


def colours_for(codes) -> dict[str, str]:
    """Actor colours where fixed; the others get distinct non-actor hues in order."""
    spare = iter(OTHER_COLOURS * 3)
    return {c: ACTOR_COLOURS[c] if c in ACTOR_COLOURS else next(spare) for c in codes}
