"""Check functions for the claim register (seeds/claims.yaml).

Each function computes one family of quantities from the processed tables and returns a `Result`:
the computed value (compared by the engine with the claimed value and tolerance) or, for
direction/qualitative claims, a verdict computed from explicit thresholds passed as parameters.
Claims name the function in `check.function` and its arguments in `check.params`.
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..errors import WorkbookError
from ..processed.load import load as _load
from .claims import Result, check_function

# China-reported headline: imports from Comtrade, exports from the processed Comtrade panel.
HEADLINE = {("RUS", "CHN"): "comtrade_china", ("CHN", "RUS"): "comtrade_china_processed"}
TRADE_RAW = {"comtrade_china": ["comtrade_china_imports_from_russia"], "comtrade_china_processed": ["panel_monthly_var"],
             "fcs_russia": ["russia_fcs_monthly_partners"], "baci": ["baci_russia_china_hs6"],
             "imf_dots_russia": ["imf_dots_russia_exports_2023"]}


@functools.lru_cache(maxsize=None)
def load(name: str) -> pd.DataFrame:
    return _load(name)


def _graded(value: float, supported_at: float, partly_at: float, higher_is_support: bool = True) -> str:
    """Verdict from thresholds: beyond `supported_at` supported, beyond `partly_at` partly, else contradicted."""
    v = value if higher_is_support else -value
    s, p = (supported_at, partly_at) if higher_is_support else (-supported_at, -partly_at)
    if v >= s:
        return "supported"
    if v >= p:
        return "partly supported"
    return "contradicted"


def _flow(year: int, exporter: str, importer: str, source: str | None = None) -> tuple[float, str]:
    source = source or HEADLINE[(exporter, importer)]
    df = load("trade_bilateral_annual")
    sel = df[(df.year == year) & (df.exporter == exporter) & (df.importer == importer) & (df.source == source)]
    if sel.empty:
        raise WorkbookError(f"no {exporter}->{importer} trade for {year} from source {source}")
    return float(sel.value_usd.iloc[0]), source


@check_function()
def bilateral_trade(year: int, exporter: str | None = None, importer: str | None = None,
                    source: str | None = None, scale: float = 1e9) -> Result:
    """Goods trade in one year: one direction, or both (China-reported headline unless `source`)."""
    pairs = [(exporter, importer)] if exporter else [("RUS", "CHN"), ("CHN", "RUS")]
    total, used = 0.0, []
    for e, i in pairs:
        v, s = _flow(year, e, i, source)
        total += v
        used.append(f"{e}→{i} {v / 1e9:,.1f} bn ({s})")
    raw = sorted({r for s in {source or HEADLINE[p] for p in pairs} for r in TRADE_RAW.get(s, [])})
    return Result(total / scale, f"{year}: " + " + ".join(used), ("trade_bilateral_annual",),
                  raw_ids={"trade_bilateral_annual": raw})


@check_function()
def trade_growth(start: int, end: int, exporter: str | None = None, importer: str | None = None,
                 source: str | None = None, measure: str = "ratio") -> Result:
    """Growth of trade between two years: ratio (end/start), percent change, or absolute change in bn."""
    a = bilateral_trade(start, exporter, importer, source, scale=1)
    b = bilateral_trade(end, exporter, importer, source, scale=1)
    value = {"ratio": b.computed / a.computed, "percent": (b.computed / a.computed - 1) * 100,
             "change_bn": (b.computed - a.computed) / 1e9}[measure]
    return Result(value, f"{a.detail}; {b.detail}", a.tables, raw_ids=a.raw_ids)


@check_function()
def monthly_change(start: int, end: int, exporter: str, importer: str, source: str | None = None) -> Result:
    """Change in the average monthly flow between two years, in bn USD per month."""
    source = source or HEADLINE[(exporter, importer)]
    m = load("trade_bilateral_monthly")
    sel = m[(m.exporter == exporter) & (m.importer == importer) & (m.source == source)]
    by_year = sel.groupby(sel.month.dt.year).value_usd.mean()
    if start not in by_year or end not in by_year:
        raise WorkbookError(f"monthly {exporter}->{importer} {source} lacks {start} or {end}")
    diff = (by_year[end] - by_year[start]) / 1e9
    return Result(diff, f"average month {start} {by_year[start] / 1e9:.2f} bn → {end} {by_year[end] / 1e9:.2f} bn ({source})",
                  ("trade_bilateral_monthly",), raw_ids={"trade_bilateral_monthly": TRADE_RAW.get(source, [])})


@check_function()
def partner_share(year: int, country: str, partner: str, flow: str = "total", source: str = "comtrade_china_processed/atlas",
                  scale: float = 1.0) -> Result:
    """A partner's share of a country's trade (0–1) from trade_partner_shares."""
    s = load("trade_partner_shares")
    sel = s[(s.year == year) & (s.country == country) & (s.partner == partner) & (s.flow == flow) & (s.source == source)]
    if sel.empty:
        avail = sorted(s[(s.country == country) & (s.partner == partner) & (s.flow == flow)].source.unique())
        raise WorkbookError(f"no {flow} share of {partner} in {country}'s trade for {year} from {source}; sources: {avail}")
    v = float(sel.share.iloc[0])
    return Result(v * scale, f"{partner} in {country}'s {flow}, {year}: {v:.1%} ({source})", ("trade_partner_shares", "trade_totals"))


@check_function()
def partner_rank(year: int, country: str, partner: str, flow: str = "exports", source: str = "imf_dots_russia") -> Result:
    """Rank of a partner among a country's partners (1 = largest), from one partner-share source."""
    s = load("trade_partner_shares")
    sel = s[(s.year == year) & (s.country == country) & (s.flow == flow) & (s.source == source)]
    sel = sel[~sel.partner.isin(["WLD", "EUU"])].sort_values("share", ascending=False).reset_index(drop=True)
    if partner not in set(sel.partner):
        raise WorkbookError(f"{partner} not among {country}'s {flow} partners in {year} ({source})")
    rank = int(sel.index[sel.partner == partner][0]) + 1
    top = ", ".join(f"{p} {v:.1%}" for p, v in zip(sel.partner.head(3), sel.share.head(3)))
    return Result(float(rank), f"{year} {flow}, top partners: {top} ({source})", ("trade_partner_shares",))


@check_function()
def product_share(year: int, exporter: str, importer: str, chapters: list[str] | None = None,
                  sections: list[str] | None = None) -> Result:
    """Share (0–1) of some HS chapters or sections in one direction's trade (BACI)."""
    p = load("trade_by_product")
    d = p[(p.year == year) & (p.exporter == exporter) & (p.importer == importer)]
    if d.empty:
        raise WorkbookError(f"no BACI products for {exporter}->{importer} {year}")
    mask = d.hs_chapter.isin([str(c).zfill(2) for c in chapters or []]) | d.hs_section.isin(sections or [])
    share = float(d[mask].value_usd.sum() / d.value_usd.sum())
    what = f"chapters {chapters}" if chapters else f"sections {sections}"
    return Result(share, f"{what} in {exporter}→{importer}, {year}: {share:.1%} (BACI)", ("trade_by_product",))


@check_function()
def oil_price_link(start: int = 2017, end: int = 2024, supported_at: float = 0.5, partly_at: float = 0.3) -> Result:
    """Qualitative: does Russia's monthly export value to China move with Brent? Correlation of
    month-on-month log changes (levels would correlate spuriously); thresholds are parameters."""
    from .indicators import correlation_of_changes

    m = load("trade_bilateral_monthly")
    x = m[(m.exporter == "RUS") & (m.importer == "CHN") & (m.source == "comtrade_china")].set_index("month").value_usd
    p = load("commodity_prices")
    b = p[(p.series == "brent") & (p.frequency == "monthly") & (p.source == "eia")].set_index("date").value
    x = x[(x.index.year >= start) & (x.index.year <= end)]
    # 3-month changes smooth customs' monthly timing noise (e.g. January-February reporting)
    r, n = correlation_of_changes(x, b, periods=3)
    verdict = _graded(r, supported_at, partly_at)
    return Result(r, f"correlation of 3-month log changes, Russia→China exports vs Brent, {start}–{end}: r = {r:.2f} (n = {n}); "
                     f"supported if r ≥ {supported_at}, partly if ≥ {partly_at}",
                  ("trade_bilateral_monthly", "commodity_prices"), verdict=verdict,
                  raw_ids={"trade_bilateral_monthly": TRADE_RAW["comtrade_china"], "commodity_prices": ["eia_brent_monthly"]})


@check_function()
def trade_plateau(last_year: int = 2024, max_growth: float = 0.05) -> Result:
    """Qualitative 'close to an upper limit': headline two-way trade grew by less than `max_growth`
    in the latest year (supported), or less than twice that (partly)."""
    a = bilateral_trade(last_year - 1, scale=1)
    b = bilateral_trade(last_year, scale=1)
    g = b.computed / a.computed - 1
    verdict = "supported" if g <= max_growth else "partly supported" if g <= 2 * max_growth else "contradicted"
    return Result(g, f"two-way trade {last_year - 1}→{last_year}: {g:+.1%} (supported if ≤ {max_growth:.0%})",
                  a.tables, verdict=verdict, raw_ids=a.raw_ids)


@check_function()
def crude_import_share(year: int, origin: str = "RUS", measure: str = "share") -> Result:
    """Russia's (origin's) share of China's crude imports by volume in a year, or its rank."""
    c = load("china_crude_imports_monthly")
    y = c[c.month.dt.year == year]
    by = y.groupby("origin").quantity_t.sum()
    if "WLD" not in by or origin not in by:
        raise WorkbookError(f"no crude imports for {origin} or the total in {year}")
    share = by[origin] / by["WLD"]
    ranking = by.drop("WLD").sort_values(ascending=False)
    rank = int(list(ranking.index).index(origin)) + 1
    value = share if measure == "share" else float(rank)
    return Result(float(value), f"{year}: {origin} {by[origin] / 1e6:.1f} Mt of {by['WLD'] / 1e6:.1f} Mt ({share:.1%}), rank {rank}",
                  ("china_crude_imports_monthly",))


@check_function()
def energy_flow(year: int, origin: str, destination: str, commodity: str, source: str = "ei_2024", unit: str | None = None) -> Result:
    """One inter-area flow (e.g. Russia→China pipeline gas in bcm, EI 2024)."""
    f = load("energy_flows")
    sel = f[(f.year == year) & (f.origin == origin) & (f.destination == destination) & (f.commodity == commodity) & (f.source == source)]
    if unit:
        sel = sel[sel.unit == unit]
    if sel.empty:
        raise WorkbookError(f"no {commodity} {origin}->{destination} {year} in {source}")
    v = float(sel.value.iloc[0])
    return Result(v, f"{origin}→{destination} {commodity} {year}: {v:,.2f} {sel.unit.iloc[0]} ({source})", ("energy_flows",),
                  raw_ids={"energy_flows": {"ei_2024": ["ei_statistical_review_2024"], "bp_2021": ["bp_statistical_review_2021"],
                                            "china_customs": ["china_customs_crude_imports_by_origin", "china_customs_imports_russia_2023"]}.get(source, [])})


@check_function()
def largest_destination(year: int, origin: str, commodity: str, expected: str, source: str = "ei_2024") -> Result:
    """Qualitative 'X is the largest buyer of Y's <commodity>': computed from the inter-area matrix."""
    f = load("energy_flows")
    sel = f[(f.year == year) & (f.origin == origin) & (f.commodity == commodity) & (f.source == source)]
    sel = sel[~sel.destination.str.startswith("region:") | (sel.destination == expected)]
    if sel.empty:
        raise WorkbookError(f"no {commodity} exports from {origin} in {year} ({source})")
    top = sel.sort_values("value", ascending=False).iloc[0]
    share = float(sel[sel.destination == expected].value.sum() / sel.value.sum())
    verdict = "supported" if top.destination == expected else "contradicted"
    return Result(share, f"{year}: largest destination of {origin}'s {commodity} is {top.destination} "
                         f"({top.value:,.1f} {top.unit}); {expected} takes {share:.0%} of country-level flows ({source})",
                  ("energy_flows",), verdict=verdict)
