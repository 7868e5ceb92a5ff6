"""Energy analysis for notebook 03: balances, import dependence, China's crude suppliers, Russia's export
destinations, Power of Siberia utilisation, crude unit values (the 'discount') and energy's share of trade."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import WorkbookError
from . import cited

# Power of Siberia design capacity, bcm/yr (Gazprom–CNPC 30-year contract of May 2014; TASS, 11 Oct 2023,
# https://tass.com/economy/1688645). Power of Siberia 2, proposed route via Mongolia: up to 50 bcm/yr
# (Gazprom, reported by Reuters/Financial Post 18 May 2020).
POWER_OF_SIBERIA_CAPACITY_BCM = 38.0
POWER_OF_SIBERIA_2_PROPOSED_BCM = 50.0

# The EI panel's indicators used for each fuel's production and consumption (same unit in each pair).
FUEL_INDICATORS = {
    "oil": ("oilprod_kbd", "oilcons_kbd", "kb/d"),
    "gas": ("gasprod_bcm", "gascons_bcm", "bcm"),
    "coal": ("coalprod_ej", "coalcons_ej", "EJ"),
}

# Broad destination groups for the EI/bp inter-area matrices (membership as printed in those tables).
EUROPE = {
    "region:europe",
    "region:other_eu",
    "region:rest_of_europe",
    "region:other_europe",
    "EUU",
    "DEU",
    "ITA",
    "NLD",
    "FRA",
    "GBR",
    "BEL",
    "ESP",
    "TUR",
    "AUT",
    "POL",
    "HUN",
    "CZE",
    "SVK",
    "FIN",
    "GRC",
    "BGR",
    "ROU",
    "SRB",
    "HRV",
    "SVN",
    "LTU",
    "LVA",
    "EST",
    "PRT",
    "IRL",
    "DNK",
    "SWE",
    "NOR",
    "CHE",
    "LUX",
    "MKD",
    "BIH",
    "MDA",
    "UKR",
}
CIS = {"region:other_cis", "region:cis", "BLR", "KAZ", "UZB", "KGZ", "TJK", "TKM", "ARM", "AZE", "GEO"}
ASIA_OTHER = {
    "region:other_asia_pacific",
    "region:australasia",
    "JPN",
    "KOR",
    "TWN",
    "SGP",
    "THA",
    "MYS",
    "IDN",
    "PHL",
    "VNM",
    "PAK",
    "BGD",
    "AUS",
    "NZL",
}


def import_dependence(production, consumption):
    """Net imports as a share of consumption: (consumption − production) / consumption = 1 − production/consumption.

    Positive: a net importer (1 = imports everything); negative: a net exporter (−1 = exports as much as it uses).
    Works on numbers, arrays and aligned Series.
    """
    if isinstance(production, (list, tuple)):
        production, consumption = np.asarray(production, dtype=float), np.asarray(consumption, dtype=float)
    return 1 - production / consumption


def balance(eb: pd.DataFrame, country: str, start: int, end: int) -> pd.DataFrame:
    """Year × fuel production, consumption and import dependence for one country (EI panel, `energy_balance`).

    Columns '<fuel>_prod', '<fuel>_cons', '<fuel>_dependence' for oil (kb/d), gas (bcm) and coal (EJ);
    missing rows (the panel's zeros = no data) stay NaN.
    """
    sel = eb[(eb.country == country) & eb.year.between(start, end)]
    if sel.empty:
        raise WorkbookError(f"no energy balance rows for {country} between {start} and {end}")
    wide = sel.pivot_table(index="year", columns="indicator", values="value", aggfunc="first")
    out = pd.DataFrame(index=wide.index)
    for fuel, (prod, cons, _unit) in FUEL_INDICATORS.items():
        p = wide[prod] if prod in wide else pd.Series(np.nan, index=wide.index)
        c = wide[cons] if cons in wide else pd.Series(np.nan, index=wide.index)
        out[f"{fuel}_prod"], out[f"{fuel}_cons"] = p, c
        out[f"{fuel}_dependence"] = import_dependence(p, c)
    return out


# EJ per unit: 1 Mt oil = 41.868 PJ; 1 bcm natural gas = 36 PJ (Energy Institute approximate conversion factors)
EJ_PER_MT_OIL, EJ_PER_BCM_GAS = 0.041868, 0.036


def net_fossil_exports(eb: pd.DataFrame, year: int, source: str = "ei_2025") -> pd.DataFrame:
    """Country × net exports of oil, gas and coal in one year, in EJ (production minus consumption), with
    total energy supply `tes` and the sum `net` (> 0 a net exporter). Countries only: WLD, EUU, SUN and
    EI's regions are left out. A fuel a country has no row for (coal in Saudi Arabia) counts as zero net
    trade; uranium, electricity trade and stock changes are ignored."""
    sel = eb[(eb.year == year) & (eb.source == source)]
    if sel.empty:
        raise WorkbookError(f"energy_balance: no rows for {year} in source {source}")
    w = sel.pivot_table(index="country", columns="indicator", values="value")
    out = pd.DataFrame(
        {
            "oil": (w.oilprod_mt - w.oilcons_mt) * EJ_PER_MT_OIL,
            "gas": (w.gasprod_bcm - w.gascons_bcm) * EJ_PER_BCM_GAS,
            "coal": w.coalprod_ej - w.coalcons_ej,
            "tes": w.tes_ej,
        }
    )
    out = out[~out.index.isin(["WLD", "EUU", "SUN"]) & ~out.index.str.startswith("region")]
    out["net"] = out[["oil", "gas", "coal"]].fillna(0).sum(axis=1)
    return out.dropna(subset=["tes"])


def _complete_years(monthly: pd.DataFrame) -> pd.Index:
    """Years in which China's total (WLD) crude imports by origin (source china_customs, the file that also gives
    the other origins) are reported for all 12 months: after it ends the other origins are not reported, so a
    share there would count them as zero."""
    w = monthly[(monthly.origin == "WLD") & monthly.quantity_t.notna() & (monthly.source == "china_customs")]
    n = w.groupby(w.month.dt.year).size()
    return n.index[n == 12]


def supplier_shares(monthly: pd.DataFrame, origins, start: int, end: int) -> pd.DataFrame:
    """Year × origin: each origin's share of the volume (tonnes) of China's crude imports (China customs).

    Only years with all 12 months of China's total; a month an origin does not report counts as zero
    (WIND leaves a month blank when nothing was shipped). Share = origin tonnes / China's total tonnes.
    """
    years = [y for y in _complete_years(monthly) if start <= y <= end]
    if not years:
        raise WorkbookError(f"no complete year of China's crude imports between {start} and {end}")
    m = monthly[monthly.month.dt.year.isin(years)]
    t = m.groupby([m.month.dt.year.rename("year"), "origin"]).quantity_t.sum(min_count=1).unstack()
    return t[list(origins)].fillna(0.0).div(t["WLD"], axis=0)


def rolling_share(monthly: pd.DataFrame, origin: str, months: int = 12) -> pd.Series:
    """Month-end series: origin's share of China's crude import volume summed over the last `months` months.

    Defined only where China's total is reported for every month of the window; the origin's blank months
    count as zero.
    """
    w = monthly[monthly.origin == "WLD"].set_index("month").quantity_t.asfreq("MS")
    o = monthly[monthly.origin == origin].set_index("month").quantity_t.reindex(w.index).fillna(0.0)
    share = o.rolling(months, min_periods=months).sum() / w.rolling(months, min_periods=months).sum()
    return share.dropna().rename(f"{origin} share, {months}-month rolling")


def customs_share(flows: pd.DataFrame, origin: str = "RUS", commodity: str = "crude_oil") -> pd.DataFrame:
    """Year → origin's tonnes, China's total tonnes and the share: China's customs imports from `origin` (energy_flows
    source china_customs, complete years) over China's total imports from the year-end year-to-date series (source
    china_customs_ytd). Both are China-reported, so the basis is consistent; years where either is missing are left out.
    """
    sel = flows[(flows.destination == "CHN") & (flows.commodity == commodity) & (flows.unit == "t")]
    num = sel[(sel.source == "china_customs") & (sel.origin == origin)].set_index("year").value
    den = sel[(sel.source == "china_customs_ytd") & (sel.origin == "WLD")].set_index("year").value
    out = pd.DataFrame({"origin_t": num, "total_t": den}).dropna().sort_index()
    if out.empty:
        raise WorkbookError(f"no year with both China's customs imports of {commodity} from {origin} and its total")
    out["share"] = out.origin_t / out.total_t
    return out


def matrix_share(flows: pd.DataFrame, source: str, commodity: str, origin: str, destination: str) -> float:
    """Share of `origin` in all inter-area imports of `commodity` by `destination` in one EI/bp matrix
    (a single year; the WLD total row, where there is one, is not an origin)."""
    sel = flows[
        (flows.source == source)
        & (flows.commodity == commodity)
        & (flows.destination == destination)
        & (flows.origin != "WLD")
    ]
    if sel.year.nunique() > 1:
        raise WorkbookError(f"{source} has {commodity} for several years: matrix_share needs a one-year EI/bp matrix")
    total = sel.value.sum()
    if total <= 0:
        raise WorkbookError(f"{source}: no {commodity} imports recorded for {destination}")
    return float(sel.loc[sel.origin == origin, "value"].sum() / total)


def destination_group(code: str) -> str:
    """Broad group of a matrix destination: China, India, other Asia-Pacific, Europe, CIS or other."""
    if code == "CHN":
        return "China"
    if code == "IND":
        return "India"
    if code in ASIA_OTHER:
        return "other Asia-Pacific"
    if code in EUROPE:
        return "Europe (incl. Türkiye)"
    if code in CIS:
        return "CIS"
    return "other"


def exports_to(flows: pd.DataFrame, origin: str, commodity: str, source: str, year: int | None = None) -> pd.Series:
    """Origin's exports of `commodity` by destination in one EI/bp matrix (matrix unit), named by its year.
    WLD, a total, is left out; EUU stays, because where a matrix has an EU column it has no rows for EU
    members. `year` may be left out when the source has one year for this commodity."""
    sel = flows[
        (flows.origin == origin)
        & (flows.commodity == commodity)
        & (flows.source == source)
        & (flows.destination != "WLD")
    ]
    if year is not None:
        sel = sel[sel.year == year]
    if sel.empty:
        raise WorkbookError(
            f"energy_flows: no {commodity} exports from {origin} in source {source}"
            + (f" for {year}" if year is not None else "")
        )
    if sel.year.nunique() > 1:
        raise WorkbookError(f"energy_flows: source {source} has {commodity} for several years; pass year=")
    return sel.groupby("destination").value.sum().rename(int(sel.year.iloc[0]))


def export_share(
    flows: pd.DataFrame, origin: str, commodity: str, destinations, source: str, year: int | None = None
) -> float:
    """Share of the listed destinations in origin's exports of `commodity` in one EI/bp matrix."""
    by = exports_to(flows, origin, commodity, source, year)
    return float(by[by.index.isin(list(destinations))].sum() / by.sum())


def exports_by_destination(
    flows: pd.DataFrame, origin: str, commodity: str, sources=("bp_2021", "ei_2024")
) -> pd.DataFrame:
    """Year × destination group: origin's exports of `commodity` in the bp 2021 (2020) and EI 2024 (2023)
    matrices, in the matrix unit (Mt for oil, bcm for gas, EJ for coal). Columns ordered by group."""
    rows = {}
    for source in sources:
        by = exports_to(flows, origin, commodity, source)
        rows[str(by.name)] = by.groupby(by.index.map(destination_group)).sum()
    out = pd.DataFrame(rows).T.fillna(0.0)
    out.index.name, out.columns.name = "label", "group"
    order = ["Europe (incl. Türkiye)", "CIS", "China", "India", "other Asia-Pacific", "other"]
    return out.reindex(columns=[c for c in order if c in out.columns])


def pipeline_utilisation(volume_bcm, capacity_bcm: float = POWER_OF_SIBERIA_CAPACITY_BCM):
    """Flow as a share of a pipeline's capacity (both in bcm per year)."""
    if capacity_bcm <= 0:
        raise WorkbookError("capacity must be positive")
    return volume_bcm / capacity_bcm


def unit_value_per_barrel(value_usd, quantity_t, barrels_per_tonne: float = 7.33):
    """Customs unit value in USD per barrel: value / (tonnes × barrels per tonne)."""
    return value_usd / (quantity_t * barrels_per_tonne)


def unit_values(
    monthly: pd.DataFrame, origins, barrels_per_tonne: float, freq: str = "annual", complete_only: bool = True
) -> pd.DataFrame:
    """Period × origin: USD per barrel of China's crude imports by origin (sum of values / sum of barrels).

    freq 'annual' (index: year; with complete_only only origin-years reported in all 12 months) or 'monthly'
    (index: month). Weighted by volume within the period (total value over total barrels), so a month
    with large imports counts more than a small one.
    """
    m = monthly[monthly.origin.isin(list(origins)) & monthly.quantity_t.gt(0) & monthly.value_usd.notna()]
    if freq == "monthly":
        g = m.groupby(["month", "origin"])[["value_usd", "quantity_t"]].sum()
    elif freq == "annual":
        m = m.assign(year=m.month.dt.year)
        g = m.groupby(["year", "origin"]).agg(
            value_usd=("value_usd", "sum"), quantity_t=("quantity_t", "sum"), n=("month", "size")
        )
        if complete_only:
            g = g[g.n == 12]
    else:
        raise WorkbookError(f"freq must be 'annual' or 'monthly', not {freq!r}")
    uv = unit_value_per_barrel(g.value_usd, g.quantity_t, barrels_per_tonne)
    return uv.unstack()


def benchmark(prices: pd.DataFrame, series: str, frequency: str = "annual", source: str | None = None) -> pd.Series:
    """A price series (USD/bbl for crude) indexed by year (annual) or month start (monthly).

    Default source: EIA for Brent and WTI, the World Bank Pink Sheet otherwise (the catalog's headline series).
    """
    source = source or ("eia" if series in ("brent", "wti") else "wb_pink_sheet")
    sel = prices[(prices.series == series) & (prices.frequency == frequency) & (prices.source == source)]
    if sel.empty:
        raise WorkbookError(f"no {frequency} {series} price from {source}")
    s = sel.set_index("date").value.sort_index()
    if frequency == "annual":
        s.index = s.index.year
    return s.rename(series)


def hs27_share(products: pd.DataFrame, exporter: str, importer: str) -> pd.DataFrame:
    """Year → HS chapter 27 (mineral fuels) value, total value and chapter 27's share of the flow (BACI)."""
    sel = products[(products.exporter == exporter) & (products.importer == importer)]
    if sel.empty:
        raise WorkbookError(f"no product trade {exporter}→{importer}")
    total = sel.groupby("year").value_usd.sum()
    fuel = (
        sel[sel.hs_chapter.astype(str).str.zfill(2) == "27"]
        .groupby("year")
        .value_usd.sum()
        .reindex(total.index, fill_value=0.0)
    )
    return pd.DataFrame({"hs27_usd": fuel, "total_usd": total, "share": fuel / total})


def discount_vs_suppliers(monthly: pd.DataFrame, origin: str, comparators, barrels_per_tonne: float) -> pd.DataFrame:
    """Month → origin's unit value, the comparators' pooled unit value (their summed value / summed barrels,
    among those reporting that month) and the gap origin − comparators, in USD per barrel.

    Months where the origin or none of the comparators report are left out. The gap compares like with like
    (all CIF at China's border, same month), so it is the cleaner test of a discount than a gap to Brent.
    """
    m = monthly[monthly.quantity_t.gt(0) & monthly.value_usd.notna()]
    own = m[m.origin == origin].groupby("month")[["value_usd", "quantity_t"]].sum()
    comp = m[m.origin.isin([c for c in comparators if c != origin])].groupby("month")[["value_usd", "quantity_t"]].sum()
    out = pd.DataFrame(
        {
            origin: unit_value_per_barrel(own.value_usd, own.quantity_t, barrels_per_tonne),
            "comparators": unit_value_per_barrel(comp.value_usd, comp.quantity_t, barrels_per_tonne),
        }
    ).dropna()
    out["gap"] = out[origin] - out["comparators"]
    out["gap_pct"] = out["gap"] / out["comparators"]
    return out


# cited figures where the files stop (table official_figures): Gazprom's deliveries, the price caps
cited_annual = cited.cited_annual
price_cap_steps = cited.price_cap_steps
cap_in_force = cited.cap_in_force
