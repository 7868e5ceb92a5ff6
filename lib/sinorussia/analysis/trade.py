"""Trade analysis for notebook 02: headline series, the mirror gap, composition, dependence and the oil link."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import WorkbookError
from . import bases as bs
from . import cited
from . import indicators as ind

# The headline: China-reported from 2017 (Russia stopped publishing in 2022); Russia's customs before.
HEADLINE = {("RUS", "CHN"): "comtrade_china", ("CHN", "RUS"): "comtrade_china_processed"}
HISTORY = "fcs_russia"
# Russia stopped reporting to the IMF in 2022: DOTS values for Russia from then on are IMF estimates
# (identical for 2022 and 2023, far below China's own figures; ../shared/data/README.md), not reports.
DOTS_RUSSIA_ESTIMATED_FROM = 2022
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


# The dependence headline's bases, per side, in order of preference (every year names the basis it used):
# Russia's own customs totals wherever they exist (own report to 2021; China-reported flow over Russia's
# FCS total in 2022-2023; they end in 2023); China's own customs totals (GACC releases, 2021 on), the
# Atlas totals before. ATLAS_BASES: the same shares over the Atlas totals, for comparison.
RUSSIA_BASES: tuple[bs.Basis, ...] = (("fcs_russia", "fcs_russia"), ("comtrade_china_processed", "fcs_russia"))
CHINA_BASES: tuple[bs.Basis, ...] = (
    ("comtrade_china_processed", "gacc_release"),
    ("comtrade_china_processed", "atlas"),
    ("fcs_russia", "atlas"),
)
ATLAS_BASES: tuple[bs.Basis, ...] = (("comtrade_china_processed", "atlas"), ("fcs_russia", "atlas"))


def dependence(
    annual: pd.DataFrame,
    totals: pd.DataFrame,
    macro: pd.DataFrame,
    start: int,
    end: int,
    *,
    russia_bases: Sequence[bs.Basis] = RUSSIA_BASES,
    china_bases: Sequence[bs.Basis] = CHINA_BASES,
) -> pd.DataFrame:
    """Barbieri indicators and trade/GDP per year, each side's share on its declared bases.

    share_ij = China's share of Russia's trade (on `russia_bases`), share_ji = Russia's share of China's
    (on `china_bases`); source_ij/basis_ij and source_ji/basis_ji name the basis of every year, so a
    switch shows. Salience, symmetry, interdependence and the asymmetry ratio need both shares (NaN
    otherwise). An undeclared (numerator, denominator) pair raises WorkbookError."""
    ru = bs.spliced_share(annual, totals, "RUS", russia_bases, start, end)
    cn = bs.spliced_share(annual, totals, "CHN", china_bases, start, end)
    out = pd.DataFrame(index=pd.Index(sorted(set(ru.index) | set(cn.index)), name="year"))
    for side, d in (("ij", ru), ("ji", cn)):
        out[f"share_{side}"] = d.share.astype(float)
        out[f"bilateral_{side}_usd"] = d.numerator_usd.astype(float)
        out[f"source_{side}"] = d.source
        out[f"basis_{side}"] = d.basis
    out["salience"] = ind.salience(out.share_ij, out.share_ji)
    out["symmetry"] = ind.symmetry(out.share_ij, out.share_ji)
    out["interdependence"] = out.salience * out.symmetry
    out["asymmetry_ratio"] = ind.asymmetry_ratio(out.share_ij, out.share_ji)
    gdp = macro[(macro.indicator == "gdp_current_usd") & (macro.source == "wdi_2025")]
    g = gdp.pivot_table(index="year", columns="country", values="value")
    out["trade_to_gdp_i"] = out.bilateral_ij_usd / g["RUS"].reindex(out.index)
    out["trade_to_gdp_j"] = out.bilateral_ji_usd / g["CHN"].reindex(out.index)
    return out


def last_common_year(dep: pd.DataFrame) -> int:
    """The last year in which both shares of a dependence table exist."""
    both = dep[["share_ij", "share_ji"]].dropna()
    if both.empty:
        raise WorkbookError("no year with both shares")
    return int(both.index.max())


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


def multiple_since(h: pd.DataFrame, preferred: int, column: str = "total") -> tuple[int, float]:
    """(base year, last year's value as a multiple of the base year's): the base is `preferred` (e.g. 2021,
    the last year before the war) when the window has it before its last year, else the window's first year,
    so a chapter run on any valid window (say 2006–2020) states a multiple it can compute."""
    years = h[column].dropna().index
    if len(years) == 0:
        raise WorkbookError(f"no {column} values in the headline window: choose start_year and end_year with data")
    first, last = int(years.min()), int(years.max())
    base = preferred if first <= preferred < last and preferred in years else first
    return base, float(h.loc[last, column] / h.loc[base, column])


def intensity(
    annual: pd.DataFrame, totals: pd.DataFrame, start: int, end: int, *, bases: Sequence[bs.Basis] = ATLAS_BASES
) -> pd.DataFrame:
    """Trade intensity both ways, TII_ij = (x_ij / X_i) / (M_j / M_w), on Atlas totals throughout (M_w, the
    sum of all countries' imports, exists only there): x_ij / X_i is the export share on `bases` (declared
    pairs over 'atlas'; column basis_change marks the first year of each basis)."""
    if any(d != "atlas" for _, d in bases):
        raise WorkbookError(
            f"intensity divides by the Atlas world imports, so its export shares must be over 'atlas' too; got {list(bases)}"
        )
    atlas = totals[totals.source == "atlas"]
    world_imports = atlas.groupby("year").imports_usd.sum()
    imports = atlas.pivot_table(index="year", columns="country", values="imports_usd")
    out = {}
    for c, p in (("RUS", "CHN"), ("CHN", "RUS")):
        parts = [bs.share(annual, totals, c, b, flow="exports") for b in bases]
        rows = {
            y: next(d.loc[y] for d in parts if y in d.index)
            for y in range(start, end + 1)
            if any(y in d.index for d in parts)
        }
        ex = pd.DataFrame(rows).T
        out[f"{c}→{p}"] = ex.share.astype(float) / (imports[p] / world_imports).reindex(ex.index)
        out[f"source_{c}"] = ex.source
    df = pd.DataFrame(out).dropna(subset=["RUS→CHN", "CHN→RUS"])
    df.index.name = "year"
    return df


def monthly_both_reporters(monthly: pd.DataFrame) -> pd.DataFrame:
    """Month × series (direction and reporter) in USD, for the monthly chart."""
    m = monthly.assign(series=monthly.exporter + "→" + monthly.importer + " · " + monthly.source)
    return m.pivot_table(index="month", columns="series", values="value_usd")


# the basis functions, for chapters (`from sinorussia import trade`)
share = bs.share
share_range = bs.share_range
basis_labels = bs.labels
MATERIAL_PP, MATERIAL_REL = bs.MATERIAL_PP, bs.MATERIAL_REL

# cited figures where the files stop (table official_figures)
gacc_trade = cited.gacc_trade
gacc_share_of_china = cited.gacc_share_of_china
cited_annual = cited.cited_annual
