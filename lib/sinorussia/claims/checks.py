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
from .model import Result
from .registry import check_function
from ..analysis.trade import HEADLINE  # China-reported headline per direction, as chapter 02 uses it

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
                  scale: float = 1.0, at_most: float | None = None) -> Result:
    """A partner's share of a country's trade (0–1) from trade_partner_shares; with `at_most` the
    verdict is computed (supported when the share stays at or below it)."""
    s = load("trade_partner_shares")
    sel = s[(s.year == year) & (s.country == country) & (s.partner == partner) & (s.flow == flow) & (s.source == source)]
    if sel.empty:
        avail = sorted(s[(s.country == country) & (s.partner == partner) & (s.flow == flow)].source.unique())
        raise WorkbookError(f"no {flow} share of {partner} in {country}'s trade for {year} from {source}; sources: {avail}")
    v = float(sel.share.iloc[0])
    verdict = None if at_most is None else ("supported" if v <= at_most else "contradicted")
    return Result(v * scale, f"{partner} in {country}'s {flow}, {year}: {v:.1%} ({source})"
                  + (f"; supported if ≤ {at_most:.0%}" if at_most is not None else ""), ("trade_partner_shares", "trade_totals"),
                  verdict=verdict)


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
                  sections: list[str] | None = None, at_least: float | None = None, compare_year: int | None = None) -> Result:
    """Share (0–1) of some HS chapters or sections in one direction's trade (BACI); with `at_least`
    the verdict is computed (supported when the share reaches it, and — with `compare_year` — has
    not fallen since that year)."""
    p = load("trade_by_product")

    def _share(y):
        d = p[(p.year == y) & (p.exporter == exporter) & (p.importer == importer)]
        if d.empty:
            raise WorkbookError(f"no BACI products for {exporter}->{importer} {y}")
        mask = d.hs_chapter.isin([str(c).zfill(2) for c in chapters or []]) | d.hs_section.isin(sections or [])
        return float(d[mask].value_usd.sum() / d.value_usd.sum())

    share = _share(year)
    what = f"chapters {chapters}" if chapters else f"sections {sections}"
    verdict = None if at_least is None else _graded(share, at_least, at_least * 0.75)
    detail = f"{what} in {exporter}→{importer}, {year}: {share:.1%} (BACI)"
    if compare_year is not None:
        before = _share(compare_year)
        detail += f"; {compare_year}: {before:.1%}"
        if verdict == "supported" and share < before:
            verdict = "partly supported"
    return Result(share, detail + (f"; supported if ≥ {at_least:.0%}" if at_least else "")
                  + (" and not lower than in the earlier year" if compare_year and at_least else ""), ("trade_by_product",), verdict=verdict)


@check_function()
def oil_price_link(start: int = 2017, end: int = 2024, supported_at: float = 0.5, partly_at: float = 0.3) -> Result:
    """Qualitative: does Russia's monthly export value to China move with Brent? Correlation of
    month-on-month log changes (levels would correlate spuriously); thresholds are parameters."""
    from ..analysis.trade import oil_link

    # 3-month changes smooth customs' monthly timing noise (e.g. January-February reporting)
    link = oil_link(load("trade_bilateral_monthly"), load("commodity_prices"), start, end, periods=3)
    r, n = link["r_changes"], link["n"]
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


@check_function()
def arms_share(start: int, end: int, supplier: str = "RUS", recipient: str = "CHN", of: str = "supplier_exports",
               source: str = "sipri_2026") -> Result:
    """Share (0–1) of the supplier's arms exports going to the recipient (of='supplier_exports'),
    or of the recipient's imports coming from the supplier (of='recipient_imports'), summed over the period (TIV)."""
    from ..analysis.military import period_shares

    if of not in ("supplier_exports", "recipient_imports"):
        raise WorkbookError(f"of must be 'supplier_exports' or 'recipient_imports', not {of!r}")
    # one period start–end of the chapter's computation: SUN counts as Russia, only covered years count
    p = period_shares(load("arms_transfers"), supplier, recipient, end - start + 1, start, source, end).iloc[0]
    share = float(p[f"share_of_{of}"])
    total = float(p[f"{'supplier_exports' if of == 'supplier_exports' else 'recipient_imports'}_tiv"])
    if np.isnan(share):
        raise WorkbookError(f"no arms totals for {supplier}/{recipient} {start}-{end} in {source}")
    pair = share * total
    return Result(share, f"{supplier}→{recipient} {pair:,.0f} of {total:,.0f} million TIV, {start}–{end} ({source})",
                  ("arms_transfers",), raw_ids={"arms_transfers": {"sipri_2026": ["sipri_trade_register_2026", "sipri_tiv_russia_china_2026"],
                                                                   "sipri_2022": ["sipri_tiv_exports_rus_2022", "sipri_tiv_exports_usr_2022"]}[source]})


@check_function()
def arms_trend(recent_start: int, recent_end: int, base_start: int, base_end: int, supplier: str = "RUS",
               recipient: str = "CHN", max_ratio: float = 0.5, source: str = "sipri_2026") -> Result:
    """Qualitative 'arms transfers are now low / declined sharply': the recent yearly average as a
    ratio of the base period's; supported when at most `max_ratio`."""
    from ..analysis.military import bilateral_tiv

    pair = bilateral_tiv(load("arms_transfers"), supplier, recipient, source)  # covered years, 0 = no deliveries
    recent = pair[pair.index.to_series().between(recent_start, recent_end)].mean()
    base = pair[pair.index.to_series().between(base_start, base_end)].mean()
    if np.isnan(recent) or np.isnan(base):
        raise WorkbookError(f"{source} does not cover {supplier}→{recipient} in {base_start}-{base_end} or "
                            f"{recent_start}-{recent_end}")
    r = float(recent / base)
    verdict = "supported" if r <= max_ratio else "partly supported" if r <= 2 * max_ratio else "contradicted"
    return Result(r, f"{supplier}→{recipient} average {recent:,.0f} TIV/yr in {recent_start}–{recent_end} vs {base:,.0f} in "
                     f"{base_start}–{base_end} (ratio {r:.2f}; supported if ≤ {max_ratio})", ("arms_transfers",), verdict=verdict)


@check_function()
def largest_supplier(start: int, end: int, recipient: str, expected: str, source: str = "sipri_2022") -> Result:
    """Qualitative 'X was Y's largest arms supplier' over a period (TIV summed); value = X's share of
    the suppliers the vintage lists (sipri_2022 has no recipient totals)."""
    from ..analysis.military import partner_ranking

    by = partner_ranking(load("arms_transfers"), recipient, start, end, source, side="recipient")
    if by.empty:
        raise WorkbookError(f"no suppliers of {recipient} in {source} for {start}-{end}")
    share = float(by.get(expected, 0) / by.sum())
    return Result(share, f"{start}–{end}: largest supplier of {recipient} is {by.index[0]} ({by.iloc[0]:,.0f} TIV); "
                         f"{expected} {share:.0%} of listed suppliers ({source})", ("arms_transfers",),
                  verdict="supported" if by.index[0] == expected else "contradicted")


@check_function()
def spending_or_gdp_ratio(year: int, table: str = "macro_indicators", indicator: str = "gdp_current_usd",
                          source: str = "wdi", a: str = "CHN", b: str = "RUS", at_least: float | None = None,
                          at_most: float | None = None) -> Result:
    """Ratio a/b of GDP (macro_indicators) or military spending (military_expenditure, measure=indicator);
    optional thresholds compute the verdict for qualitative claims. The chapters' own selections do the
    work: military.spending_ratios and context.series."""
    from ..analysis.context import series
    from ..analysis.military import spending_ratios

    t = load(table)
    try:
        if table == "military_expenditure":
            ratios = spending_ratios(t, pairs=((a, b),), measure=indicator, start=year, end=year)
            r = float(ratios[f"{a}/{b}"].loc[year])
        else:
            w = series(t, indicator, source, [a, b])
            r = float(w.loc[year, a] / w.loc[year, b])
    except KeyError:
        raise WorkbookError(f"{table}: no {indicator} for {a} and {b} in {year}") from None
    if np.isnan(r):
        raise WorkbookError(f"{table}: no {indicator} for {a} and {b} in {year}")
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
def regional_lead(year: int, reporters: list[str], flow: str = "imports", share_needed: float = 0.75,
                  own_only: bool = False) -> Result:
    """Qualitative 'China's footprint overshadows Russia's in Central Asia': the share of the given
    reporters whose own statistics show more trade with China than with Russia. One value per reporter,
    partner and flow (the national office first, WITS where it has none: `regional.partner_trade`, so
    overlapping sources are never added up); own_only uses the national offices alone."""
    from ..analysis.regional import NATIONAL_SOURCE, partner_trade

    r = load("regional_trade")
    rows = []
    for reporter in reporters:
        d = partner_trade(r, reporter)
        d = d[(d.year == year) & (d.flow == flow)]
        if own_only:
            d = d[d.source == NATIONAL_SOURCE.get(reporter)]
        rows.append(d.assign(reporter=reporter))
    d = pd.concat(rows, ignore_index=True)
    w = d.pivot_table(index="reporter", columns="partner", values="value_usd")
    if w.empty or not {"CHN", "RUS"} <= set(w.columns):
        raise WorkbookError(f"no regional trade with CHN and RUS in {year} for {reporters}")
    # A reporter without both values counts as "no lead shown" (the claim is about all of them) and is named.
    w = w.reindex(list(reporters))
    known = w[["CHN", "RUS"]].notna().all(axis=1)
    lead = known & (w.CHN > w.RUS)
    share = float(lead.mean())
    detail = "; ".join(f"{k}: CHN {v.CHN / 1e9:.1f} bn vs RUS {v.RUS / 1e9:.1f} bn" for k, v in w[known].iterrows())
    if (~known).any():
        detail += f"; no {'national ' if own_only else ''}figures for both partners: {', '.join(w.index[~known])}"
    return Result(share, f"{year} {flow} as reported by each country — {detail}", ("regional_trade",),
                  verdict=_graded(share, share_needed, 0.5))


# ---------------------------------------------------------------- families added with the full register

@check_function()
def probability_word(word: str, icd: str, survey: str | None = None) -> Result:
    """A scenario claim's likelihood word read two ways: the ICD 203 band this workbook maps it to
    (`icd`) and the median reading of the nearest surveyed phrase (`survey`) in each survey of
    probability_words. Tests whether readers take the word to mean what the band says — not whether
    the forecast comes true. Supported if every survey's median lies in the band, partly if some do."""
    from ..analysis.scenarios import ICD203, survey_reading

    if icd not in ICD203:
        raise WorkbookError(f"{icd!r} is not an ICD 203 term: {sorted(ICD203)}")
    low, high = ICD203[icd]
    r = survey_reading(load("probability_words"), survey or word)
    inside = r["median"].between(low, high)
    verdict = "supported" if inside.all() else "partly supported" if inside.any() else "contradicted"
    medians = ", ".join(f"{s} {m:.0%} (n={n})" for s, m, n in zip(r.survey, r["median"], r.n))
    return Result(float(r["median"].median()), f"'{word}' read as ICD 203 '{icd}' ({low:.0%}–{high:.0%}); survey medians for "
                  f"'{r.phrase.iloc[0]}': {medians}", ("probability_words",), verdict=verdict)


@check_function()
def veto_count(start: str, end: str, members: list[str] = ("china", "russia"), ussr_counts_as_russia: bool = True,
               subject: str | None = None, at_least: int | None = None) -> Result:
    """UN Security Council drafts vetoed by all the given members between two dates (inclusive);
    the USSR counts as Russia unless told otherwise. With `at_least` the verdict is computed."""
    u = load("unsc_vetoes")
    d = u[(u.date >= pd.Timestamp(start)) & (u.date <= pd.Timestamp(end))]
    for m in members:
        d = d[d[m] | d["ussr"]] if (m == "russia" and ussr_counts_as_russia) else d[d[m]]
    if subject:
        d = d[d.subject == subject]
    n = int(len(d))
    verdict = None if at_least is None else ("supported" if n >= at_least else "contradicted")
    return Result(float(n), f"{n} drafts vetoed by {' and '.join(members)}{' on ' + subject if subject else ''}, {start} to {end} "
                  "(UN list complete to 8 Jul 2022; later only the Gaza vetoes)", ("unsc_vetoes",), verdict=verdict)


@check_function()
def share_change(country: str, partner: str, flow: str, start: int, end: int, source: str = "comtrade_china_processed/atlas",
                 start_source: str | None = None, min_change: float = 0.0) -> Result:
    """Change of a partner's share of a country's trade between two years (percentage points as a
    0–1 difference); supported when it rose by more than `min_change`."""
    a = partner_share(start, country, partner, flow, start_source or source).computed
    b = partner_share(end, country, partner, flow, source).computed
    return Result(b - a, f"{partner} in {country}'s {flow}: {a:.1%} in {start} ({start_source or source}) → {b:.1%} in {end} ({source})",
                  ("trade_partner_shares",), verdict="supported" if b - a > min_change else "contradicted")


@check_function()
def share_acceleration(first: int, mid: int, last: int, country: str = "RUS", partner: str = "CHN", flow: str = "total",
                       early_source: str = "fcs_russia", late_source: str = "comtrade_china_processed/atlas") -> Result:
    """'Rose, then rose faster': average yearly change of a partner share over first→mid (early
    source) against mid→last (late source). Supported if both rose and the second faster; partly if both rose."""
    s0 = partner_share(first, country, partner, flow, early_source).computed
    s1 = partner_share(mid, country, partner, flow, early_source).computed
    s1b = partner_share(mid, country, partner, flow, late_source).computed
    s2 = partner_share(last, country, partner, flow, late_source).computed
    g1, g2 = (s1 - s0) / (mid - first), (s2 - s1b) / (last - mid)
    verdict = "supported" if 0 < g1 < g2 else "partly supported" if g1 > 0 and g2 > 0 else "contradicted"
    return Result(g2 - g1, f"{partner} in {country}'s {flow}: {s0:.1%}→{s1:.1%} ({first}–{mid}, {early_source}, {g1 * 100:+.2f} pp/yr); "
                  f"{s1b:.1%}→{s2:.1%} ({mid}–{last}, {late_source}, {g2 * 100:+.2f} pp/yr)", ("trade_partner_shares",), verdict=verdict)


@check_function()
def ratio_change(start: int, end: int, table: str = "macro_indicators", indicator: str = "gdp_current_usd",
                 source: str = "wdi_2025", a: str = "CHN", b: str = "RUS", at_least: float | None = None) -> Result:
    """'The gap keeps widening': the a/b ratio at `end` against `start` (value = end ratio / start ratio);
    supported if the ratio grew and, with `at_least`, the end ratio reaches it."""
    r0 = spending_or_gdp_ratio(start, table, indicator, source, a, b).computed
    r1 = spending_or_gdp_ratio(end, table, indicator, source, a, b).computed
    ok = r1 > r0 and (at_least is None or r1 >= at_least)
    return Result(r1 / r0, f"{a}/{b} {indicator}: {r0:.1f} in {start}, {r1:.1f} in {end} ({source})"
                  + (f"; supported if it grew and ≥ {at_least:g}" if at_least else "; supported if it grew"),
                  (table,), verdict="supported" if ok else "contradicted")


@check_function()
def indicator_compare(indicator: str, a: str, a_years: list[int], b: str, b_years: list[int], table: str = "macro_indicators",
                      source: str | None = "wdi_2025", at_least: float | None = None, at_most: float | None = None) -> Result:
    """Mean of one indicator for country `a` over `a_years` divided by the mean for `b` over `b_years`
    (the same country twice compares periods). Verdict from `at_least` / `at_most` on that ratio."""
    t = load(table)
    col = "measure" if table == "military_expenditure" else "indicator"
    d = t[t[col] == indicator]
    if source and table != "military_expenditure":
        d = d[d.source == source]
    va = d[(d.country == a) & d.year.between(a_years[0], a_years[-1])].value
    vb = d[(d.country == b) & d.year.between(b_years[0], b_years[-1])].value
    if va.empty or vb.empty:
        raise WorkbookError(f"{table}: no {indicator} for {a} {a_years} or {b} {b_years}")
    r = float(va.mean() / vb.mean())
    verdict = None
    if at_least is not None:
        verdict = "supported" if r >= at_least else "contradicted"
    if at_most is not None:
        verdict = "supported" if r <= at_most else "contradicted"
    span = lambda ys: f"{ys[0]}" if ys[0] == ys[-1] else f"{ys[0]}–{ys[-1]}"
    return Result(r, f"{indicator}: {a} {span(a_years)} mean {va.mean():,.3g} vs {b} {span(b_years)} mean {vb.mean():,.3g}: "
                     f"ratio {r:.2f}" + (f" (supported if ≥ {at_least:g})" if at_least is not None else "")
                  + (f" (supported if ≤ {at_most:g})" if at_most is not None else ""), (table,), verdict=verdict)


@check_function()
def product_growth(start: int, end: int, exporter: str, importer: str, chapters: list[str], at_least: float = 1.0,
                   each: bool = False) -> Result:
    """Growth (end/start ratio) of one direction's BACI trade in some HS chapters, summed or (each=True)
    the weakest chapter; supported when the ratio reaches `at_least`."""
    p = load("trade_by_product")
    d = p[(p.exporter == exporter) & (p.importer == importer) & p.hs_chapter.isin([str(c).zfill(2) for c in chapters])]
    by = d.groupby(["year", "hs_chapter"]).value_usd.sum().unstack()
    if start not in by.index or end not in by.index:
        raise WorkbookError(f"BACI {exporter}->{importer} lacks {start} or {end}")
    ratios = by.loc[end] / by.loc[start]
    r = float(ratios.min()) if each else float(by.loc[end].sum() / by.loc[start].sum())
    parts = ", ".join(f"ch {c} ×{v:.2f}" for c, v in ratios.items())
    return Result(r, f"{exporter}→{importer} chapters {list(chapters)}: {by.loc[start].sum() / 1e9:.1f} bn in {start} → "
                     f"{by.loc[end].sum() / 1e9:.1f} bn in {end} ({parts}; BACI); supported if {'each' if each else 'the total'} "
                     f"grew ×{at_least:g} or more", ("trade_by_product",),
                  verdict="supported" if r >= at_least else "partly supported" if r >= 1 else "contradicted")


@check_function()
def arms_rank(start: int, end: int, supplier: str, recipient: str, source: str = "sipri_2026") -> Result:
    """Rank (1 = largest) of `recipient` among `supplier`'s arms recipients, TIV summed over the period."""
    from ..analysis.military import partner_ranking

    by = partner_ranking(load("arms_transfers"), supplier, start, end, source, side="supplier")
    if recipient not in by.index:
        raise WorkbookError(f"{recipient} received no arms from {supplier} in {start}-{end} ({source})")
    rank = int(list(by.index).index(recipient)) + 1
    top = ", ".join(f"{k} {v:,.0f}" for k, v in by.head(4).items())
    return Result(float(rank), f"{supplier}'s largest recipients {start}–{end} (TIV): {top} ({source})", ("arms_transfers",))


@check_function()
def arms_total(start: int, end: int, supplier: str, recipients: list[str], at_least: float = 0.0,
               source: str = "sipri_2026") -> Result:
    """Summed TIV from a supplier to a group of recipients; supported when above `at_least`."""
    from ..analysis.military import partner_ranking

    ranking = partner_ranking(load("arms_transfers"), supplier, start, end, source)
    by = ranking[ranking.index.isin(recipients)].sort_index()
    total = float(by.sum())
    return Result(total, f"{supplier} → {', '.join(recipients)}, {start}–{end}: {total:,.0f} million TIV "
                         f"({', '.join(f'{k} {v:,.0f}' for k, v in by.items()) or 'none'}; {source})",
                  ("arms_transfers",), verdict="supported" if total > at_least else "contradicted")


@check_function()
def arms_import_share(start: int, end: int, supplier: str, recipient: str, at_most: float, source: str = "sipri_2026") -> Result:
    """Share of the recipient's arms imports from the supplier (TIV, period sum); supported if at most `at_most`."""
    r = arms_share(start, end, supplier, recipient, of="recipient_imports", source=source)
    return Result(r.computed, r.detail + f"; supported if ≤ {at_most:.0%}", r.tables,
                  verdict="supported" if r.computed <= at_most else "contradicted", raw_ids=r.raw_ids)


@check_function()
def arms_window_change(recent_start: int, recent_end: int, base_start: int, base_end: int, supplier: str, recipient: str,
                       at_least: float = 1.0, source: str = "sipri_2026") -> Result:
    """'Arms deliveries rose': recent yearly average TIV over the base period's; supported if the ratio
    reaches `at_least` (the mirror of arms_trend, which tests a fall)."""
    r = arms_trend(recent_start, recent_end, base_start, base_end, supplier, recipient, source=source)
    return Result(r.computed, r.detail.split(" (ratio")[0] + f" (ratio {r.computed:.2f}; supported if ≥ {at_least:g})",
                  r.tables, verdict="supported" if r.computed >= at_least else "contradicted")


@check_function()
def energy_flow_change(origin: str, destination: str, commodity: str, start: int, end: int, source: str = "ei_2024",
                       at_least: float | None = None, at_most: float | None = None, versus: str | None = None) -> Result:
    """Ratio end/start of one inter-area flow (e.g. Russian pipeline gas to Europe). Supported if the ratio
    reaches `at_least` or stays under `at_most`; with `versus`, that destination's flow must also have fallen."""
    a = energy_flow(start, origin, destination, commodity, source).computed
    b = energy_flow(end, origin, destination, commodity, source).computed
    r = b / a
    ok = (at_least is None or r >= at_least) and (at_most is None or r <= at_most)
    detail = f"{origin}→{destination} {commodity}: {a:,.1f} in {start} → {b:,.1f} in {end} (×{r:.2f}, {source})"
    if versus:
        va = energy_flow(start, origin, versus, commodity, source).computed
        vb = energy_flow(end, origin, versus, commodity, source).computed
        ok = ok and vb < va
        detail += f"; {origin}→{versus}: {va:,.1f} → {vb:,.1f}"
    return Result(r, detail, ("energy_flows",), verdict="supported" if ok else "contradicted",
                  raw_ids={"energy_flows": {"ei_2024": ["ei_statistical_review_2024"], "bp_2021": ["bp_statistical_review_2021"]}.get(source, [])})


@check_function()
def destination_share_change(origin: str, commodity: str, destinations: list[str], start: int, end: int,
                             start_source: str = "bp_2021", end_source: str = "ei_2024") -> Result:
    """Share of some destinations in an origin's exports of a commodity (all rows of the inter-area
    matrix, countries and regions, which do not overlap), end against start (the two years may come
    from different Statistical Review vintages); supported if it rose."""
    from ..analysis.energy import export_share

    flows = load("energy_flows")
    a = export_share(flows, origin, commodity, destinations, start_source, start)
    b = export_share(flows, origin, commodity, destinations, end_source, end)
    return Result(b - a, f"{'+'.join(destinations)} in {origin}'s {commodity} exports {a:.0%} in {start} "
                         f"({start_source}) → {b:.0%} in {end} ({end_source})", ("energy_flows",),
                  verdict="supported" if b > a else "contradicted")


@check_function()
def crude_unit_value(year: int, origin: str = "RUS", at_least: float | None = None, bbl_per_t: float = 7.33) -> Result:
    """Average customs unit value of China's crude imports from `origin` in USD per barrel (value over
    tonnes, 7.33 bbl/t); with `at_least` supported when it reaches that price."""
    from ..analysis.energy import unit_value_per_barrel

    c = load("china_crude_imports_monthly")
    y = c[(c.month.dt.year == year) & (c.origin == origin)].dropna(subset=["quantity_t", "value_usd"])
    if y.empty:
        raise WorkbookError(f"no crude imports from {origin} in {year}")
    v = float(unit_value_per_barrel(y.value_usd.sum(), y.quantity_t.sum(), bbl_per_t))
    return Result(v, f"{year}: China's crude imports from {origin}, {y.value_usd.sum() / 1e9:,.1f} bn USD for "
                     f"{y.quantity_t.sum() / 1e6:,.1f} Mt: {v:,.1f} USD/bbl at {bbl_per_t} bbl/t (customs CIF value)",
                  ("china_crude_imports_monthly",),
                  verdict=None if at_least is None else ("supported" if v >= at_least else "contradicted"))


@check_function()
def net_energy_position(year: int, country: str, measure: str = "export_rank", source: str = "ei_2025",
                        at_least: float | None = None) -> Result:
    """Net exports of oil, gas and coal (production minus consumption, EJ) from the Energy Institute balance:
    the country's rank among net exporters (measure='export_rank') or its net imports as a share of its
    total energy supply (measure='import_share'; with `at_least` supported when the share reaches it).
    Ignores uranium, electricity trade and stock changes."""
    from ..analysis.energy import net_fossil_exports

    n = net_fossil_exports(load("energy_balance"), year, source)
    if country not in n.index:
        raise WorkbookError(f"no complete oil, gas and coal balance for {country} in {year}")
    if measure == "export_rank":
        ranked = n.net.sort_values(ascending=False)
        rank = int(list(ranked.index).index(country)) + 1
        top = ", ".join(f"{k} {v:.1f} EJ" for k, v in ranked.head(4).items())
        return Result(float(rank), f"{year} net fossil-fuel exports (EJ): {top}; {country} ranks {rank} ({source})", ("energy_balance",))
    share = float(-n.net[country] / n.tes[country])
    return Result(share, f"{year}: {country} net fossil-fuel imports {-n.net[country]:.1f} EJ = {share:.0%} of its "
                         f"total energy supply {n.tes[country]:.1f} EJ ({source})", ("energy_balance",),
                  verdict=None if at_least is None else ("supported" if share >= at_least else "contradicted"))


@check_function()
def finance_recipients(countries: list[str], min_usd: float, need: int, measure: str = "total_official_finance") -> Result:
    """How many of the listed countries received Chinese official finance above `min_usd` (AidData,
    2000–2021); supported if at least `need` did."""
    f = load("development_finance")
    d = f[(f.measure == measure) & f.country.isin(countries)].set_index("country").commitments_usd
    n = int((d > min_usd).sum())
    listed = ", ".join(f"{c} {d.get(c, 0) / 1e9:.2f} bn" for c in countries)
    return Result(float(n), f"Chinese official finance commitments 2000–2021: {listed}; {n} of {len(countries)} above "
                            f"{min_usd / 1e9:g} bn (supported if ≥ {need})", ("development_finance",),
                  verdict="supported" if n >= need else "contradicted")


@functools.lru_cache(maxsize=None)
def _reported(reporter: str) -> pd.Series:
    """Trade with China and Russia as `reporter` reports it (regional.partner_trade: national office
    first, WITS where it has none; never Russia's mirror), indexed by year, partner and flow."""
    from ..analysis.regional import partner_trade

    return partner_trade(load("regional_trade"), reporter).set_index(["year", "partner", "flow"]).value_usd


def _regional(year: int, reporter: str, partner: str, flow: str) -> float:
    v = _reported(reporter).get((year, partner, flow))
    if v is None:
        raise WorkbookError(f"no {flow} of {reporter} with {partner} in {year} in its own statistics")
    return float(v)


@check_function()
def regional_flow_change(start: int, end: int, reporters: list[str], legs: list[list[str]], need: int) -> Result:
    """Flows reported by each country's own statistics (legs = [partner, flow] pairs) at `end` against
    `start`; supported if every leg rose for at least `need` reporters."""
    rows, ok = [], 0
    for rep in reporters:
        rose = True
        for partner, flow in legs:
            a, b = _regional(start, rep, partner, flow), _regional(end, rep, partner, flow)
            rose &= b > a
            rows.append(f"{rep} {flow} {partner} {a / 1e9:.1f}→{b / 1e9:.1f} bn")
        ok += rose
    return Result(float(ok), f"{start}→{end}: " + "; ".join(rows) + f"; {ok} of {len(reporters)} reporters with every leg up "
                  f"(supported if ≥ {need})", ("regional_trade",), verdict="supported" if ok >= need else "contradicted")


@check_function()
def regional_share_shift(start: int, end: int, reporters: list[str], need: int) -> Result:
    """China's share of each reporter's trade with China and Russia combined (own statistics), end
    against start; supported if it rose for at least `need` reporters."""
    rows, ok = [], 0
    for rep in reporters:
        s = [_regional(y, rep, "CHN", "total") / (_regional(y, rep, "CHN", "total") + _regional(y, rep, "RUS", "total"))
             for y in (start, end)]
        ok += s[1] > s[0]
        rows.append(f"{rep} {s[0]:.0%}→{s[1]:.0%}")
    return Result(float(ok), f"China's share of trade with China+Russia, {start}→{end}: " + ", ".join(rows)
                  + f" (supported if it rose for ≥ {need})", ("regional_trade",), verdict="supported" if ok >= need else "contradicted")


@check_function()
def partner_share_below(country: str, partner: str, reference: str, flow: str, start: int, end: int, source: str = "fcs_russia") -> Result:
    """'Partner X has always been smaller than Y': years in which partner's share stays below reference's;
    value = the largest partner/reference ratio; supported if below in every year."""
    s = load("trade_partner_shares")
    d = s[(s.country == country) & (s.flow == flow) & (s.source == source) & s.year.between(start, end)]
    w = d.pivot_table(index="year", columns="partner", values="share")[[partner, reference]]
    ratio = w[partner] / w[reference]
    below = int((ratio < 1).sum())
    return Result(float(ratio.max()), f"{partner} vs {reference} in {country}'s {flow}, {start}–{end}: below in {below} of {len(w)} years; "
                  f"{partner}/{reference} at most {ratio.max():.2f} ({source})", ("trade_partner_shares",),
                  verdict="supported" if below == len(w) else "partly supported" if below >= len(w) / 2 else "contradicted")


@check_function()
def partners_value_change(country: str, partners: list[str], flow: str, start: int, end: int, source: str = "fcs_russia") -> Result:
    """Trade of a country with a group of partners (their shares times its total trade, atlas), end/start;
    supported if it did not fall."""
    s = load("trade_partner_shares")
    t = load("trade_totals")
    t = t[(t.country == country) & (t.source == "atlas")].set_index("year")
    vals = {}
    for y in (start, end):
        sh = s[(s.year == y) & (s.country == country) & (s.flow == flow) & (s.source == source) & s.partner.isin(partners)].share.sum()
        tot = t.exports_usd[y] + t.imports_usd[y] if flow == "total" else t[f"{flow}_usd"][y]
        vals[y] = float(sh * tot)
    r = vals[end] / vals[start]
    return Result(r, f"{country}'s {flow} with {', '.join(partners)}: {vals[start] / 1e9:.1f} bn in {start} → {vals[end] / 1e9:.1f} bn "
                     f"in {end} ({source} shares × atlas totals)", ("trade_partner_shares", "trade_totals"),
                  verdict="supported" if r >= 1 else "contradicted")


@check_function()
def gdp_group_share(year: int, base: list[str], added: list[str], source: str = "wdi", min_gain: float = 0.01) -> Result:
    """Share of world GDP (current USD) of a country group before and after adding members; value =
    the gain in share; supported if at least `min_gain`."""
    m = load("macro_indicators")
    d = m[(m.year == year) & (m.indicator == "gdp_current_usd") & (m.source == source)].set_index("country").value
    missing = [c for c in base + added + ["WLD"] if c not in d]
    if missing:
        raise WorkbookError(f"no GDP for {missing} in {year} ({source})")
    s0 = float(d[base].sum() / d["WLD"])
    s1 = float(d[base + added].sum() / d["WLD"])
    return Result(s1 - s0, f"{year}: {'+'.join(base)} {s0:.1%} of world GDP; with {'+'.join(added)} {s1:.1%} ({source})",
                  ("macro_indicators",), verdict="supported" if s1 - s0 >= min_gain else "contradicted")


@check_function()
def record_level(start: int, end: int, base_start: int, base_end: int, source: str = "fcs_russia") -> Result:
    """'Never seen before': the highest two-way trade of start–end against the highest of the base period
    (one source for both directions); value = the ratio. Supported above 1, partly from 0.95 (level with
    the old record), contradicted below."""
    df = load("trade_bilateral_annual")
    d = df[(df.source == source) & (((df.exporter == "RUS") & (df.importer == "CHN")) | ((df.exporter == "CHN") & (df.importer == "RUS")))]
    by = d.groupby("year").value_usd.sum()
    hi = by[(by.index >= start) & (by.index <= end)]
    lo = by[(by.index >= base_start) & (by.index <= base_end)]
    r = float(hi.max() / lo.max())
    return Result(r, f"two-way trade ({source}): peak {hi.max() / 1e9:.1f} bn ({hi.idxmax()}) in {start}–{end} vs "
                     f"{lo.max() / 1e9:.1f} bn ({lo.idxmax()}) in {base_start}–{base_end}", ("trade_bilateral_annual",),
                  verdict="supported" if r > 1 else "partly supported" if r >= 0.95 else "contradicted",
                  raw_ids={"trade_bilateral_annual": TRADE_RAW.get(source, [])})


@check_function()
def partner_rank_all(year: int, country: str, partner: str, flows: list[str], source: str = "imf_dots_russia") -> Result:
    """'X is Y's main partner in every listed flow': worst rank of the partner across flows; supported if 1."""
    ranks = {f: partner_rank(year, country, partner, f, source).computed for f in flows}
    worst = max(ranks.values())
    return Result(worst, f"{year} ({source}): rank of {partner} in {country}'s " + ", ".join(f"{f} {int(r)}" for f, r in ranks.items()),
                  ("trade_partner_shares",), verdict="supported" if worst == 1 else "contradicted")


@check_function()
def supplier_concentration(year: int, destination: str, commodities: list[str], at_most: float,
                           source: str = "bp_2021") -> Result:
    """Largest single origin's share of a destination's imports of some commodities (inter-area matrix,
    rows summed over commodities); 'a varied set of suppliers' is supported if it is at most `at_most`."""
    f = load("energy_flows")
    d = f[(f.year == year) & (f.destination == destination) & f.commodity.isin(commodities) & (f.source == source)
          & (f.origin != "WLD")]
    if d.empty:
        raise WorkbookError(f"no {commodities} imports of {destination} in {year} ({source})")
    by = d.groupby("origin").value.sum().sort_values(ascending=False)
    share = float(by.iloc[0] / by.sum())
    top = ", ".join(f"{k} {v / by.sum():.0%}" for k, v in by.head(4).items())
    return Result(share, f"{year} {destination} imports of {'+'.join(commodities)}: {top} ({source}); supported if the largest "
                         f"origin is ≤ {at_most:.0%}", ("energy_flows",), verdict="supported" if share <= at_most else "contradicted")


@check_function()
def origin_rank(year: int, destination: str, commodity: str, origin: str, source: str = "ei_2024") -> Result:
    """Rank (1 = largest) of one origin among the single-country origins of a destination's imports
    in the inter-area matrix (regional aggregates left out)."""
    f = load("energy_flows")
    d = f[(f.year == year) & (f.destination == destination) & (f.commodity == commodity) & (f.source == source)
          & ~f.origin.str.startswith("region:") & ~f.origin.isin(["WLD", "EUU"])]
    ranked = d.sort_values("value", ascending=False).reset_index(drop=True)
    if origin not in set(ranked.origin):
        raise WorkbookError(f"{origin} is not among {destination}'s {commodity} origins in {year} ({source})")
    rank = int(ranked.index[ranked.origin == origin][0]) + 1
    top = ", ".join(f"{o} {v:,.1f} {u}" for o, v, u in zip(ranked.origin.head(3), ranked.value.head(3), ranked.unit.head(3)))
    return Result(float(rank), f"{year} {destination} {commodity} imports: {top}; {origin} ranks {rank} ({source})", ("energy_flows",),
                  raw_ids={"energy_flows": {"ei_2024": ["ei_statistical_review_2024"], "bp_2021": ["bp_statistical_review_2021"]}.get(source, [])})
