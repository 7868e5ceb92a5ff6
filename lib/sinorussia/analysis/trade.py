"""Trade analysis for notebook 02: headline series, the mirror gap, composition, dependence and the oil link."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import WorkbookError
from . import indicators as ind

# The headline: China-reported from 2017 (Russia stopped publishing in 2022); Russia's customs before.
HEADLINE = {("RUS", "CHN"): "comtrade_china", ("CHN", "RUS"): "comtrade_china_processed"}
HISTORY = "fcs_russia"
SOURCE_LABELS = {
    "comtrade_china": "China-reported (UN Comtrade)",
    "comtrade_china_processed": "China-reported (Comtrade, processed panel)",
    "fcs_russia": "Russia-reported (FCS customs)",
    "imf_dots_russia": "Russia via IMF DOTS (2022–23 IMF estimates)",
    "baci": "CEPII BACI (reconciled)",
}


def headline(annual: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Year × direction in USD: China-reported where available, Russia's customs before (column 'series')."""
    rows = []
    for year in range(start, end + 1):
        for (e, i), src in HEADLINE.items():
            sel = annual[(annual.year == year) & (annual.exporter == e) & (annual.importer == i)]
            pick = sel[sel.source == src]
            if pick.empty:
                pick = sel[sel.source == HISTORY]
            if not pick.empty:
                rows.append(
                    {
                        "year": year,
                        "direction": f"{e}→{i}",
                        "value_usd": float(pick.value_usd.iloc[0]),
                        "source": pick.source.iloc[0],
                    }
                )
    df = pd.DataFrame(rows)
    if df.empty:
        raise WorkbookError(f"no headline trade between {start} and {end}")
    wide = df.pivot(index="year", columns="direction", values="value_usd").dropna()
    wide["total"] = wide["RUS→CHN"] + wide["CHN→RUS"]
    wide["balance_russia"] = wide["RUS→CHN"] - wide["CHN→RUS"]
    wide["series"] = df.groupby("year").source.agg(
        lambda s: "China-reported" if s.str.startswith("comtrade").all() else "Russia-reported"
    )
    return wide


def mirror_gap(annual: pd.DataFrame) -> pd.DataFrame:
    """Importer-reported vs exporter-reported value of the same flow, where both exist.

    RUS→CHN: China's imports (Comtrade, CIF) vs Russia's exports (FCS, FOB).
    CHN→RUS: Russia's imports (FCS, CIF) vs China's exports (processed Comtrade panel, FOB).
    gap = importer / exporter − 1 (CIF includes freight and insurance, so a few percent above zero is normal).
    """
    pairs = {
        ("RUS", "CHN"): ("comtrade_china", "fcs_russia"),
        ("CHN", "RUS"): ("fcs_russia", "comtrade_china_processed"),
    }
    out = []
    for (e, i), (imp_src, exp_src) in pairs.items():
        d = annual[(annual.exporter == e) & (annual.importer == i)].pivot(
            index="year", columns="source", values="value_usd"
        )
        if imp_src in d and exp_src in d:
            both = d[[imp_src, exp_src]].dropna()
            for year, r in both.iterrows():
                out.append(
                    {
                        "year": year,
                        "direction": f"{e}→{i}",
                        "importer_reported": r[imp_src],
                        "exporter_reported": r[exp_src],
                        "gap": r[imp_src] / r[exp_src] - 1,
                    }
                )
    return pd.DataFrame(out)


def composition(products: pd.DataFrame, chapters: pd.DataFrame, exporter: str, importer: str) -> pd.DataFrame:
    """Share of each HS section in one direction's trade, per year (rows years, columns sections)."""
    d = products[(products.exporter == exporter) & (products.importer == importer)]
    if d.empty:
        raise WorkbookError(f"no product data for {exporter}→{importer}")
    by = d.groupby(["year", "hs_section"]).value_usd.sum().unstack(fill_value=0)
    return by.div(by.sum(axis=1), axis=0)


def section_names(chapters: pd.DataFrame) -> dict[str, str]:
    return chapters.drop_duplicates("hs_section").set_index("hs_section").section_name.to_dict()


def top_sections(shares: pd.DataFrame, n: int = 4) -> list[str]:
    """The n sections with the largest average share (the rest are grouped as 'other' in charts)."""
    return list(shares.mean().sort_values(ascending=False).index[:n])


def dependence(annual: pd.DataFrame, totals: pd.DataFrame, macro: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Barbieri indicators and trade/GDP per year from the headline flows and Atlas totals."""
    h = headline(annual, start, end)
    flows = pd.concat(
        [
            pd.DataFrame({"year": h.index, "exporter": "RUS", "importer": "CHN", "value_usd": h["RUS→CHN"].values}),
            pd.DataFrame({"year": h.index, "exporter": "CHN", "importer": "RUS", "value_usd": h["CHN→RUS"].values}),
        ]
    )
    tot = totals[(totals.source == "atlas") & totals.country.isin(["RUS", "CHN"])]
    gdp = macro[
        (macro.indicator == "gdp_current_usd") & (macro.source == "wdi_2025") & macro.country.isin(["RUS", "CHN"])
    ]
    return ind.pair_indicators(flows, tot, gdp[["year", "country", "value"]], i="RUS", j="CHN").set_index("year")


def partner_concentration(
    shares: pd.DataFrame, country: str = "RUS", source: str = "imf_dots_russia", flow: str = "exports"
) -> pd.DataFrame:
    """HHI of a country's partners per year (renormalised over listed partners) and China's share."""
    s = shares[
        (shares.country == country)
        & (shares.source == source)
        & (shares.flow == flow)
        & ~shares.partner.isin(["WLD", "EUU"])
    ]
    if s.empty:
        raise WorkbookError(f"no partner shares for {country} {flow} from {source}")
    h = ind.partner_hhi(s[["year", "partner", "share"]])
    china = s[s.partner == "CHN"].set_index("year").share
    return pd.DataFrame({"hhi": h, "china_share": china})


def partner_shares_wide(
    shares: pd.DataFrame,
    partners: list[str],
    country: str = "RUS",
    source: str = "imf_dots_russia",
    flow: str = "exports",
) -> pd.DataFrame:
    s = shares[
        (shares.country == country) & (shares.source == source) & (shares.flow == flow) & shares.partner.isin(partners)
    ]
    return s.pivot(index="year", columns="partner", values="share")


def oil_link(monthly: pd.DataFrame, prices: pd.DataFrame, start: int, end: int, periods: int = 3) -> dict:
    """How Russia's monthly exports to China (China-reported) move with Brent.

    Returns the correlation of `periods`-month log changes, the elasticity from regressing
    log exports on log Brent in levels (OLS; descriptive only: both series trend), and the data.
    """
    x = monthly[(monthly.exporter == "RUS") & (monthly.importer == "CHN") & (monthly.source == "comtrade_china")]
    x = x.set_index("month").value_usd
    b = (
        prices[(prices.series == "brent") & (prices.frequency == "monthly") & (prices.source == "eia")]
        .set_index("date")
        .value
    )
    x = x[(x.index.year >= start) & (x.index.year <= end)]
    r, n = ind.correlation_of_changes(x, b, periods=periods)
    both = pd.concat([x.rename("exports_usd"), b.rename("brent")], axis=1, join="inner").dropna()
    X = np.column_stack([np.ones(len(both)), np.log(both.brent)])
    coef, *_ = np.linalg.lstsq(X, np.log(both.exports_usd), rcond=None)
    fitted = X @ coef
    resid = np.log(both.exports_usd) - fitted
    r2 = 1 - resid.var() / np.log(both.exports_usd).var()
    changes = np.log(both).diff(periods).dropna()
    return {
        "r_changes": r,
        "n": n,
        "elasticity": float(coef[1]),
        "r2_levels": float(r2),
        "data": both,
        "changes": changes,
    }


def growth(h: pd.DataFrame, column: str = "total") -> pd.Series:
    """Year-on-year growth of a headline column."""
    return h[column].pct_change()


def intensity(annual: pd.DataFrame, totals: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Trade intensity both ways from the headline flows and Atlas totals:
    TII_ij = (x_ij / X_i) / (M_j / M_w), with M_w the sum of all countries' imports in the Atlas."""
    h = headline(annual, start, end)
    atlas = totals[totals.source == "atlas"]
    world_imports = atlas.groupby("year").imports_usd.sum()
    t = atlas.set_index(["year", "country"])
    rows = []
    for year in h.index:
        try:
            rows.append(
                {
                    "year": year,
                    "RUS→CHN": ind.trade_intensity(
                        h.loc[year, "RUS→CHN"],
                        t.loc[(year, "RUS"), "exports_usd"],
                        t.loc[(year, "CHN"), "imports_usd"],
                        world_imports[year],
                    ),
                    "CHN→RUS": ind.trade_intensity(
                        h.loc[year, "CHN→RUS"],
                        t.loc[(year, "CHN"), "exports_usd"],
                        t.loc[(year, "RUS"), "imports_usd"],
                        world_imports[year],
                    ),
                }
            )
        except KeyError:
            continue  # a year without Atlas totals
    return pd.DataFrame(rows).set_index("year")


def monthly_both_reporters(monthly: pd.DataFrame) -> pd.DataFrame:
    """Month × series (direction and reporter) in USD, for the monthly chart."""
    m = monthly.assign(series=monthly.exporter + "→" + monthly.importer + " · " + monthly.source)
    return m.pivot_table(index="month", columns="series", values="value_usd")
