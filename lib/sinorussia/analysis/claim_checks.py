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
                 source: str | None = None, measure: str = "ratio", at_least: float | None = None) -> Result:
    """Growth of trade between two years: ratio (end/start), percent change, or absolute change in bn.
    With `at_least` the verdict is computed: supported when the growth measure reaches it."""
    a = bilateral_trade(start, exporter, importer, source, scale=1)
    b = bilateral_trade(end, exporter, importer, source, scale=1)
    value = {"ratio": b.computed / a.computed, "percent": (b.computed / a.computed - 1) * 100,
             "change_bn": (b.computed - a.computed) / 1e9}[measure]
    verdict = None if at_least is None else ("supported" if value >= at_least else "contradicted")
    return Result(value, f"{a.detail}; {b.detail}" + (f"; supported if {measure} ≥ {at_least}" if at_least else ""),
                  a.tables, verdict=verdict, raw_ids=a.raw_ids)


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
                  sections: list[str] | None = None, at_least: float | None = None) -> Result:
    """Share (0–1) of some HS chapters or sections in one direction's trade (BACI); with `at_least`
    the verdict is computed (supported when the share reaches it)."""
    p = load("trade_by_product")
    d = p[(p.year == year) & (p.exporter == exporter) & (p.importer == importer)]
    if d.empty:
        raise WorkbookError(f"no BACI products for {exporter}->{importer} {year}")
    mask = d.hs_chapter.isin([str(c).zfill(2) for c in chapters or []]) | d.hs_section.isin(sections or [])
    share = float(d[mask].value_usd.sum() / d.value_usd.sum())
    what = f"chapters {chapters}" if chapters else f"sections {sections}"
    verdict = None if at_least is None else _graded(share, at_least, at_least * 0.75)
    return Result(share, f"{what} in {exporter}→{importer}, {year}: {share:.1%} (BACI)"
                  + (f"; supported if ≥ {at_least:.0%}" if at_least else ""), ("trade_by_product",), verdict=verdict)


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
def crude_import_share(year: int, origin: str = "RUS", measure: str = "share", at_most: float | None = None) -> Result:
    """Russia's (origin's) share of China's crude imports by volume in a year, or its rank; with
    `at_most` the verdict is computed (supported when the share stays at or below it)."""
    c = load("china_crude_imports_monthly")
    y = c[c.month.dt.year == year]
    by = y.groupby("origin").quantity_t.sum()
    if "WLD" not in by or origin not in by:
        raise WorkbookError(f"no crude imports for {origin} or the total in {year}")
    share = by[origin] / by["WLD"]
    ranking = by.drop("WLD").sort_values(ascending=False)
    rank = int(list(ranking.index).index(origin)) + 1
    value = share if measure == "share" else float(rank)
    verdict = None if at_most is None else ("supported" if share <= at_most else "contradicted")
    return Result(float(value), f"{year}: {origin} {by[origin] / 1e6:.1f} Mt of {by['WLD'] / 1e6:.1f} Mt ({share:.1%}), rank {rank}"
                  + (f"; supported if ≤ {at_most:.0%}" if at_most else ""), ("china_crude_imports_monthly",), verdict=verdict)


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


@check_function()
def trade_asymmetry(year: int, min_ratio: float = 5.0, source: str = "comtrade_china_processed/atlas") -> Result:
    """Qualitative 'Russia depends far more on China than China on Russia': the ratio of the two
    shares of total trade; supported when it reaches `min_ratio`."""
    a = partner_share(year, "RUS", "CHN", "total", source).computed
    b = partner_share(year, "CHN", "RUS", "total", source).computed
    r = a / b
    return Result(r, f"{year}: China is {a:.1%} of Russia's trade, Russia {b:.1%} of China's: ratio {r:.1f} "
                     f"(supported if ≥ {min_ratio:g})", ("trade_partner_shares",), verdict=_graded(r, min_ratio, min_ratio / 2))


@check_function()
def asymmetry_trend(start: int, end: int, source: str = "comtrade_china_processed/atlas") -> Result:
    """Qualitative 'the asymmetry will grow': the asymmetry ratio at `end` against `start`."""
    r0 = trade_asymmetry(start, source=source).computed
    r1 = trade_asymmetry(end, source=source).computed
    return Result(r1 / r0, f"asymmetry ratio {r0:.1f} in {start}, {r1:.1f} in {end}", ("trade_partner_shares",),
                  verdict="supported" if r1 > r0 else "contradicted")


def _arms(source: str) -> pd.DataFrame:
    a = load("arms_transfers")
    return a[a.source == source]


@check_function()
def arms_share(start: int, end: int, supplier: str = "RUS", recipient: str = "CHN", of: str = "supplier_exports",
               source: str = "sipri_2026") -> Result:
    """Share (0–1) of the supplier's arms exports going to the recipient (of='supplier_exports'),
    or of the recipient's imports coming from the supplier (of='recipient_imports'), summed over the period (TIV)."""
    a = _arms(source)
    years = a.year.between(start, end)
    pair = a[years & (a.supplier == supplier) & (a.recipient == recipient)].tiv_musd.sum()
    if of == "supplier_exports":
        total = a[years & (a.supplier == supplier) & (a.recipient == "WLD")].tiv_musd.sum()
    else:
        total = a[years & (a.supplier == "WLD") & (a.recipient == recipient)].tiv_musd.sum()
    if total <= 0:
        raise WorkbookError(f"no arms totals for {supplier}/{recipient} {start}-{end} in {source}")
    share = float(pair / total)
    return Result(share, f"{supplier}→{recipient} {pair:,.0f} of {total:,.0f} million TIV, {start}–{end} ({source})",
                  ("arms_transfers",), raw_ids={"arms_transfers": {"sipri_2026": ["sipri_trade_register_2026", "sipri_tiv_russia_china_2026"],
                                                                   "sipri_2022": ["sipri_tiv_exports_rus_2022", "sipri_tiv_exports_usr_2022"]}[source]})


@check_function()
def arms_trend(recent_start: int, recent_end: int, base_start: int, base_end: int, supplier: str = "RUS",
               recipient: str = "CHN", max_ratio: float = 0.5, source: str = "sipri_2026") -> Result:
    """Qualitative 'arms transfers are now low / declined sharply': the recent yearly average as a
    ratio of the base period's; supported when at most `max_ratio`."""
    a = _arms(source)
    pair = a[(a.supplier == supplier) & (a.recipient == recipient)].set_index("year").tiv_musd
    recent = pair.reindex(range(recent_start, recent_end + 1), fill_value=0).mean()
    base = pair.reindex(range(base_start, base_end + 1), fill_value=0).mean()
    r = float(recent / base)
    verdict = "supported" if r <= max_ratio else "partly supported" if r <= 2 * max_ratio else "contradicted"
    return Result(r, f"{supplier}→{recipient} average {recent:,.0f} TIV/yr in {recent_start}–{recent_end} vs {base:,.0f} in "
                     f"{base_start}–{base_end} (ratio {r:.2f}; supported if ≤ {max_ratio})", ("arms_transfers",), verdict=verdict)


@check_function()
def largest_supplier(start: int, end: int, recipient: str, expected: str, source: str = "sipri_2022") -> Result:
    """Qualitative 'X was Y's largest arms supplier' over a period (TIV summed); value = X's share."""
    a = _arms(source)
    d = a[a.year.between(start, end) & (a.recipient == recipient) & (a.supplier != "WLD")]
    if d.empty:
        raise WorkbookError(f"no suppliers of {recipient} in {source} for {start}-{end}")
    by = d.groupby("supplier").tiv_musd.sum().sort_values(ascending=False)
    share = float(by.get(expected, 0) / by.sum())
    return Result(share, f"{start}–{end}: largest supplier of {recipient} is {by.index[0]} ({by.iloc[0]:,.0f} TIV); "
                         f"{expected} {share:.0%} of listed suppliers ({source})", ("arms_transfers",),
                  verdict="supported" if by.index[0] == expected else "contradicted")


@check_function()
def spending_or_gdp_ratio(year: int, table: str = "macro_indicators", indicator: str = "gdp_current_usd",
                          source: str = "wdi", a: str = "CHN", b: str = "RUS", at_least: float | None = None,
                          at_most: float | None = None) -> Result:
    """Ratio a/b of GDP (macro_indicators) or military spending (military_expenditure, measure=indicator);
    optional thresholds compute the verdict for qualitative claims."""
    t = load(table)
    if table == "military_expenditure":
        d = t[(t.year == year) & (t.measure == indicator)].set_index("country").value
    else:
        d = t[(t.year == year) & (t.indicator == indicator) & (t.source == source)].set_index("country").value
    if a not in d or b not in d:
        raise WorkbookError(f"{table}: no {indicator} for {a} and {b} in {year}")
    r = float(d[a] / d[b])
    verdict = None
    if at_least is not None:
        verdict = "supported" if r >= at_least else "contradicted"
    if at_most is not None:
        verdict = "supported" if r <= at_most else "partly supported" if r <= 2 * at_most else "contradicted"
    return Result(r, f"{a}/{b} {indicator} {year}: {r:.1f}", (table,), verdict=verdict)


@check_function()
def agreement_gap(year: int, min_gap: float = 0.3) -> Result:
    """Qualitative 'Russia and China are aligned against the US-led order': their UNGA agreement
    minus the higher of each one's agreement with the US; supported when at least `min_gap`."""
    ag = load("unga_agreement").set_index(["year", "country_a", "country_b"]).agreement
    rc, ru, cu = ag[(year, "CHN", "RUS")], ag[(year, "RUS", "USA")], ag[(year, "CHN", "USA")]
    gap = float(rc - max(ru, cu))
    return Result(gap, f"{year}: Russia–China {rc:.0%}, Russia–US {ru:.0%}, China–US {cu:.0%}", ("unga_agreement",),
                  verdict=_graded(gap, min_gap, min_gap / 2))


@check_function()
def ideal_point_convergence(start: int, end: int, source: str = "bsv_2025") -> Result:
    """Qualitative 'political alignment has intensified': the distance between Russia's and China's
    UNGA ideal points at `end` versus `start` (smaller = closer)."""
    ip = load("unga_ideal_points")
    d = ip[(ip.source == source) & ip.country.isin(["RUS", "CHN"])].pivot(index="year", columns="country", values="ideal_point")
    gap = (d.RUS - d.CHN).abs()
    g0, g1 = float(gap[start]), float(gap[end])
    return Result(g1 - g0, f"ideal-point distance {g0:.2f} in {start}, {g1:.2f} in {end} ({source})", ("unga_ideal_points",),
                  verdict="supported" if g1 < g0 else "contradicted")


@check_function()
def crude_unit_value_gap(year: int, origin: str = "RUS", benchmark: str = "SAU", supported_below: float = -0.05) -> Result:
    """Qualitative 'Russia sells China oil at a discount': Russia's average unit value (USD/t) of
    crude delivered to China relative to a benchmark origin's in the same year (same customs basis)."""
    c = load("china_crude_imports_monthly")
    y = c[(c.month.dt.year == year) & c.origin.isin([origin, benchmark])].dropna(subset=["quantity_t", "value_usd"])
    by = y.groupby("origin")[["value_usd", "quantity_t"]].sum()
    uv = by.value_usd / by.quantity_t
    gap = float(uv[origin] / uv[benchmark] - 1)
    verdict = "supported" if gap <= supported_below else "partly supported" if gap < 0 else "contradicted"
    return Result(gap, f"{year}: {origin} {uv[origin]:,.0f} USD/t vs {benchmark} {uv[benchmark]:,.0f} USD/t ({gap:+.1%}); "
                       f"supported if ≤ {supported_below:+.0%}", ("china_crude_imports_monthly",), verdict=verdict)


@check_function()
def energy_rank(year: int, indicator: str, country: str, source: str = "ei_2025") -> Result:
    """Rank (1 = largest) of a country for an Energy Institute indicator among countries."""
    e = load("energy_balance")
    d = e[(e.year == year) & (e.indicator == indicator) & (e.source == source) & ~e.country.isin(["WLD", "EUU", "SUN"])]
    ranked = d.sort_values("value", ascending=False).reset_index(drop=True)
    if country not in set(ranked.country):
        raise WorkbookError(f"{country} has no {indicator} in {year}")
    rank = int(ranked.index[ranked.country == country][0]) + 1
    return Result(float(rank), f"{year} {indicator}: {country} ranks {rank} (top: {', '.join(ranked.country.head(3))})",
                  ("energy_balance",))


@check_function()
def exercises_with_china(start: int, end: int, at_least: int = 1) -> Result:
    """Joint exercises with China listed in the partial compilation (a lower bound)."""
    e = load("joint_exercises")
    n = int(e[e.year.between(start, end) & e.with_china].shape[0])
    return Result(float(n), f"{n} exercises with China listed for {start}–{end} in a partial compilation (a lower bound)",
                  ("joint_exercises",), verdict="supported" if n >= at_least else "not checkable")


@check_function()
def regional_lead(year: int, reporters: list[str], flow: str = "imports", share_needed: float = 0.75) -> Result:
    """Qualitative 'China's footprint overshadows Russia's in Central Asia': the share of the given
    reporters whose own statistics show more trade with China than with Russia."""
    r = load("regional_trade")
    d = r[(r.year == year) & r.reporter.isin(reporters) & r.partner.isin(["CHN", "RUS"]) & (r.source != "fcs_russia")]
    if flow != "total":
        d = d[d.flow == flow]
    w = d.groupby(["reporter", "partner"]).value_usd.sum().unstack()
    if w.empty or not {"CHN", "RUS"} <= set(w.columns):
        raise WorkbookError(f"no regional trade with CHN and RUS in {year} for {reporters}")
    lead = w.CHN > w.RUS
    share = float(lead.mean())
    detail = "; ".join(f"{k}: CHN {v.CHN / 1e9:.1f} bn vs RUS {v.RUS / 1e9:.1f} bn" for k, v in w.iterrows())
    return Result(share, f"{year} {flow} as reported by each country — {detail}", ("regional_trade",),
                  verdict=_graded(share, share_needed, 0.5))
