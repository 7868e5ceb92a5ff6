"""Cited figures where the data files stop: the published figures of table official_figures (curated, one
row per figure), selected and shaped for chapters, always with their status ('cited' or 'provisional') and
source, so that a chapter can mark them and never blend them with file data silently.

Used through the subject modules: `trade.gacc_trade`, `trade.gacc_share_of_china`, `energy.cited_annual`,
`energy.price_cap_steps`.
"""

from __future__ import annotations

import pandas as pd

from ..errors import WorkbookError

# China's customs (GACC) figures for its trade with Russia, by direction (official_figures series)
GACC_TRADE = {"RUS→CHN": "cn_imports_from_ru", "CHN→RUS": "cn_exports_to_ru", "total": "cn_ru_trade_total"}
AGREEMENT = 0.01  # parts within 1 % of the total: provisional parts are consistent with a confirmed total

# The crude price caps: the G7/EU cap (every coalition member, the US included) and the later national caps
CAP_SERIES = {
    "price_cap_russian_crude_G7_EU": ("EU", "UK", "US"),
    "price_cap_russian_crude_EU": ("EU",),
    "price_cap_russian_crude_UK": ("UK",),
}


def figures(official: pd.DataFrame, series: str, country: str, partner: str | None = None) -> pd.DataFrame:
    """The rows of one series (index: the period as published), or a WorkbookError naming it."""
    sel = official[(official.series == series) & (official.country == country)]
    if partner is not None:
        sel = sel[sel.partner == partner]
    if sel.empty:
        raise WorkbookError(f"official_figures has no figure of series {series!r} for {country}/{partner}")
    return sel.set_index("period")


def cited_annual(official: pd.DataFrame, series: str, country: str, partner: str | None = None) -> pd.Series:
    """Year -> figure (in its unit dimension: US dollars for money) of a series, whole years only."""
    f = figures(official, series, country, partner)
    f = f[f.calendar_year.notna()]
    return pd.Series(f.value_base.to_numpy(), index=f.calendar_year.astype(int).to_numpy(), name=series).sort_index()


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_LAST_MONTH = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "H2": 12}


def period_end(period: str) -> pd.Timestamp:
    """The first day of the last month a published period covers: '2025' -> Dec 2025, '2026 Jan-Feb' -> Feb
    2026, '2025 Q1' -> Mar 2025, '2025 Dec' -> Dec 2025; NaT for any other form."""
    parts = str(period).split()
    if not parts or not parts[0].isdigit() or len(parts[0]) != 4 or len(parts) > 2:
        return pd.NaT
    last = parts[1].split("-")[-1] if len(parts) == 2 else "Dec"
    month = _LAST_MONTH.get(last) or (_MONTHS.index(last) + 1 if last in _MONTHS else None)
    return pd.Timestamp(int(parts[0]), month, 1) if month else pd.NaT


def source_label(row: pd.Series) -> str:
    """'cited: GACC via PRIME (RIA Novosti group), 2026-03-10', or 'provisional: ...' for a provisional row."""
    return f"{row['status']}: {row['publisher']}, {row['published']}"


def gacc_trade(official: pd.DataFrame) -> pd.DataFrame:
    """China–Russia trade as China's customs announced it, per published period (whole years, quarters,
    months, year-to-date): columns RUS→CHN, CHN→RUS and total (USD), their status ('cited', 'provisional',
    or missing), `year` for whole years, `source` (the total's label), `parts_agree` (both directions
    known and within 1 % of the total) and `period_end` (the last month covered)."""
    parts = {}
    for col, series in GACC_TRADE.items():
        f = official[(official.series == series) & (official.country == "CHN") & (official.partner == "RUS")]
        parts[col] = f.set_index("period").value_base
        parts[f"status_{col}"] = f.set_index("period").status
        if col == "total":
            parts["year"] = f.set_index("period").calendar_year
            parts["source"] = f.set_index("period").apply(source_label, axis=1)
    out = pd.DataFrame(parts)
    out["period_end"] = [period_end(p) for p in out.index]
    if out.total.isna().all():
        raise WorkbookError("official_figures has no China–Russia trade total (series cn_ru_trade_total)")
    both = out["RUS→CHN"] + out["CHN→RUS"]
    out["parts_agree"] = ((both - out.total).abs() <= AGREEMENT * out.total).fillna(False).astype(bool)
    return out


def gacc_share_of_china(official: pd.DataFrame) -> pd.Series:
    """Year -> Russia's share of China's trade on China's own basis, all cited: GACC's China–Russia total
    over GACC's total exports plus imports (series cn_exports_world + cn_imports_world)."""
    total = cited_annual(official, GACC_TRADE["total"], "CHN", "RUS")
    world = cited_annual(official, "cn_exports_world", "CHN", "WLD") + cited_annual(
        official, "cn_imports_world", "CHN", "WLD"
    )
    return (total / world).dropna().rename("share")


def price_cap_steps(official: pd.DataFrame) -> pd.DataFrame:
    """The price cap on Russian seaborne crude per jurisdiction as a step series: one row per change, with
    from_date, jurisdiction (EU, UK, US), cap_usd and source. The G7/EU cap of 2022 holds for every
    jurisdiction until a later row for that jurisdiction replaces it; a jurisdiction without a later row
    (the US) keeps it."""
    rows = []
    for series, places in CAP_SERIES.items():
        f = official[(official.series == series) & (official.dimension == "USD/bbl")]
        for _, r in f.iterrows():
            if pd.isna(r.from_date):
                raise WorkbookError(f"official_figures: cap row {series} {r.period!r} has no 'from YYYY-MM-DD' date")
            rows += [
                {"from_date": r.from_date, "jurisdiction": p, "cap_usd": r.value, "source": source_label(r)}
                for p in places
            ]
    if not rows:
        raise WorkbookError("official_figures has no price-cap rows (series price_cap_russian_crude_*)")
    return pd.DataFrame(rows).sort_values(["jurisdiction", "from_date"]).reset_index(drop=True)


def cap_in_force(steps: pd.DataFrame, jurisdiction: str, dates) -> pd.Series:
    """The cap of one jurisdiction in force on each date (NaN before the first cap)."""
    s = steps[steps.jurisdiction == jurisdiction].set_index("from_date").cap_usd.sort_index()
    idx = pd.DatetimeIndex(dates)
    return pd.Series(s.reindex(s.index.union(idx)).ffill().reindex(idx).to_numpy(), index=idx, name=jurisdiction)
