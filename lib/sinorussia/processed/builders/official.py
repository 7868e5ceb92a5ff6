"""The curated official figures as a processed table, so that chapters load cited figures with `sr.load`.

Reads data/curated/official_figures.csv (validated by processed/curated.py, documented in
data/curated/official_figures.md) and keeps one row per figure: the row the agreement rule picks for each
group of series, country, partner, period and unit dimension (the preferred row, else the non-rejected
row with the most significant digits, a confirmed row before a provisional one). Rejected rows stay in
the curated file, with their reason, and never reach this table.
"""

from __future__ import annotations

import pandas as pd

from ..curated import load_official_figures, preferred_figures
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources

CURATED = "curated/official_figures.csv"

OFFICIAL_FIGURES = register(
    Table(
        name="official_figures",
        title="Published official figures, one per series and period (curated, cited)",
        description=(
            "Figures that publishers (China's customs GACC, Russia's customs FCS, Gazprom, the Bank of Russia, "
            "SIPRI, the World Bank, the EU, the UK and the G7) announced, as dated, cited constants from "
            "data/curated/official_figures.csv: one row per series, country, partner, period and unit dimension, "
            "the figure its agreement rule picks (data/curated/official_figures.md). They are cited figures, "
            "not data files: a chapter marks them as such and never sums them with file data silently. "
            "`status` is 'provisional' for a figure read on one page of low standing (an aggregator or blog) "
            "with no second source; official_figures.md says how a chapter may use it."
        ),
        columns=(
            Column("series", "str", "What the figure measures, e.g. cn_ru_trade_total, pos_deliveries"),
            iso3("country", "Reporter or subject (ISO3; WLD the world)"),
            Column("partner", "str", "Partner (ISO3; WLD the world; empty when there is none)", nullable=True),
            Column("period", "str", "The period as published: YYYY, '2026 Jan-Feb', '2025 Dec', 'from 2025-09-03'"),
            Column("calendar_year", "float", "The calendar year, for a whole-year period (YYYY) only", nullable=True),
            Column("from_date", "date", "The date a 'from YYYY-MM-DD' or YYYY-MM-DD period starts", nullable=True),
            Column("value", "float", "The figure as published, in `unit`"),
            Column("unit", "str", "Its unit as published (USD bn, bcm, USD/bbl, ...)"),
            Column("value_base", "float", "The figure in its unit dimension: US dollars for money, else `value`"),
            Column("dimension", "str", "The unit dimension: USD for money, else the unit without remarks"),
            Column("status", "str", "cited, or provisional (one low-standing page)", allowed=("cited", "provisional")),
            Column("n_sources", "int", "Rows of the curated file that report this figure and are not rejected", min=1),
            Column("publisher", "str", "The publisher and, in parentheses, the relay it was read in"),
            Column("published", "str", "Date of the release or article: YYYY-MM-DD, YYYY-MM or YYYY"),
            Column("url", "str", "The page the figure was read on"),
            Column("note", "str", "Context: growth rates, caveats, the provisional flag", nullable=True),
        ),
        key=("series", "country", "partner", "period", "dimension"),
        sources=(CURATED,),
        notes=(
            "Only whole-year periods have a `calendar_year`; a period such as '2026 Jan-Feb' is a partial year and must "
            "never be compared with a full year.",
            "Money figures keep the currency they were published in: CNY figures are a separate dimension and are "
            "not converted.",
        ),
    )
)


def _from_date(period: pd.Series) -> pd.Series:
    text = period.str.extract(r"^(?:from )?(\d{4}-\d{2}-\d{2})", expand=False)
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


@builder(reads=[CURATED], tables=[OFFICIAL_FIGURES])
def build_official_figures(src: Sources) -> dict[str, pd.DataFrame]:
    """The figure each group of the curated file resolves to, with its source and status."""
    p = preferred_figures(load_official_figures(src.path(CURATED)))
    whole_year = p["period"].str.fullmatch(r"\d{4}")
    out = pd.DataFrame(
        {
            "series": p["series"],
            "country": p["country"],
            "partner": p["partner"].where(p["partner"] != "", None),
            "period": p["period"],
            "calendar_year": pd.to_numeric(p["period"].where(whole_year), errors="coerce").astype("float64"),
            "from_date": _from_date(p["period"]),
            "value": p["value"].astype("float64"),
            "unit": p["unit"],
            "value_base": p["value_base"].astype("float64"),
            "dimension": p["dimension"],
            "status": p["provisional"].map({True: "provisional", False: "cited"}),
            "n_sources": p["n_sources"].astype("int64"),
            "publisher": p["publisher"],
            "published": p["published"],
            "url": p["url"],
            "note": p["note"].where(p["note"].str.strip() != "", None),
        }
    )
    return {"official_figures": out.sort_values(["series", "country", "period"]).reset_index(drop=True)}
