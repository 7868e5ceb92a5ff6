"""Check functions for the economics claims: bilateral trade and its growth, records, the oil-price link.

The trade figures come from the processed trade tables, by default China's reports of both directions
(analysis.trade.HEADLINE, as chapter 02 uses them). Every direction check states its threshold in
Result.rule; 'partly supported' comes only from compound checks (two stated parts, one holding).
trade_growth also checks one scenarios claim. Partner shares, ranks and the asymmetry are in shares.py.
"""

from __future__ import annotations

import numpy as np

from ...analysis.cited import gacc_trade
from ...analysis.trade import HEADLINE, oil_link
from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from ..rules import RULES
from .common import TRADE_RAW, _flow, _parts_verdict, _verdict, load


@check_function()
def bilateral_trade(
    year: int, exporter: str | None = None, importer: str | None = None, source: str | None = None, scale: float = 1e9
) -> Result:
    """Goods trade in one year: one direction, or both (China-reported headline unless `source`)."""
    pairs = [(exporter, importer)] if exporter and importer else [("RUS", "CHN"), ("CHN", "RUS")]
    total, used = 0.0, []
    for e, i in pairs:
        v, s = _flow(year, e, i, source)
        total += v
        used.append(f"{e}→{i} {v / 1e9:,.1f} bn ({s})")
    raw = sorted({r for s in {source or HEADLINE[p] for p in pairs} for r in TRADE_RAW.get(s, [])})
    return Result(
        total / scale,
        f"{year}: " + " + ".join(used),
        ("trade_bilateral_annual",),
        raw_ids={"trade_bilateral_annual": raw},
    )


@check_function()
def trade_growth(
    start: int,
    end: int,
    exporter: str | None = None,
    importer: str | None = None,
    source: str | None = None,
    measure: str = "ratio",
    at_least: float | None = None,
    claimed_pct: float | None = None,
) -> Result:
    """Growth of trade between two years: ratio (end/start), percent change, or change in bn; supported when it
    reaches `at_least`. With `claimed_pct` (at_least then an end/start ratio) the claim is compound, 'it grew, by
    about this much', the size judged by the growth rule; partly if only the rise holds."""
    a = bilateral_trade(start, exporter, importer, source, scale=1)
    b = bilateral_trade(end, exporter, importer, source, scale=1)
    ratio = b.value / a.value
    value = {"ratio": ratio, "percent": (ratio - 1) * 100, "change_bn": (b.value - a.value) / 1e9}[measure]
    verdict, rule = None, None
    if claimed_pct is not None:
        if at_least is None:
            raise WorkbookError("trade_growth with claimed_pct needs at_least (the end/start ratio of 'grew')")
        margin = RULES["growth"].margin(claimed_pct, "percent")
        pct = (ratio - 1) * 100
        verdict = _parts_verdict([ratio >= at_least, abs(pct - claimed_pct) <= margin])
        rule = (
            f"compound: 'grew' if end/start ≥ {at_least:g}; 'by about {claimed_pct:g} %' if within ±{margin:.1f} pp "
            f"(growth rule); partly if only the rise holds"
        )
    elif at_least is not None:
        verdict, rule = _verdict(value >= at_least), f"supported if the {measure} is at least {at_least:g}"
    return Result(value, f"{a.detail}; {b.detail}", a.tables, verdict=verdict, raw_ids=a.raw_ids, rule=rule)


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
    return Result(
        diff,
        f"average month {start} {by_year[start] / 1e9:.2f} bn → {end} {by_year[end] / 1e9:.2f} bn ({source})",
        ("trade_bilateral_monthly",),
        raw_ids={"trade_bilateral_monthly": TRADE_RAW.get(source, [])},
    )


@check_function()
def oil_price_link(start: int, end: int, at_least: float, overlapping: bool = False) -> Result:
    """'Trade moves with the oil price': correlation of quarter-on-quarter log changes (calendar quarters, which
    do not overlap) of Russia's exports to China with Brent; `overlapping` takes every month's 3-month change
    (autocorrelated: n overstates the evidence). Levels would correlate spuriously. Supported if r ≥ at_least."""
    link = oil_link(load("trade_bilateral_monthly"), load("commodity_prices"), start, end, periods=3)
    if overlapping:
        ch, what = link["changes"], "overlapping 3-month log changes"
    else:
        q = link["data"].resample("QS").agg({"exports_usd": "sum", "brent": "mean"})
        ch, what = np.log(q).diff().dropna(), "quarter-on-quarter log changes"
    r, n = float(np.corrcoef(ch.exports_usd, ch.brent)[0, 1]), len(ch)
    return Result(
        r,
        f"correlation of {what}, Russia→China exports (China-reported) vs Brent, {start}–{end}: r = {r:.2f} (n = {n})",
        ("trade_bilateral_monthly", "commodity_prices"),
        verdict=_verdict(r >= at_least),
        raw_ids={"trade_bilateral_monthly": TRADE_RAW["comtrade_china"], "commodity_prices": ["eia_brent_monthly"]},
        rule=f"supported if r ≥ {at_least:g}",
    )


@check_function()
def trade_plateau(last_year: int, max_growth: float, cited: bool = False) -> Result:
    """Qualitative 'close to an upper limit': headline two-way trade changed by no more than ±`max_growth`
    in the latest year (a plateau, neither still rising nor collapsing). With `cited`, both years come from
    the GACC releases in official_figures (for years the files do not reach), never mixed with file data."""
    tables: tuple[str, ...]
    if cited:
        g_trade = gacc_trade(load("official_figures"))
        annual = g_trade[g_trade.year.notna()].set_index("year").total
        if last_year not in annual.index or last_year - 1 not in annual.index:
            raise WorkbookError(f"official_figures has no GACC total for {last_year - 1} and {last_year}")
        a_v, b_v, tables, raw = float(annual[last_year - 1]), float(annual[last_year]), ("official_figures",), None
        basis = "China customs (GACC) annual totals as released, cited figures"
    else:
        a, b = bilateral_trade(last_year - 1, scale=1), bilateral_trade(last_year, scale=1)
        a_v, b_v, tables, raw = a.value, b.value, a.tables, a.raw_ids
        basis = "China-reported (UN Comtrade), both directions"
    g = b_v / a_v - 1
    return Result(
        g,
        f"two-way trade {last_year - 1}→{last_year}: {a_v / 1e9:,.1f} → {b_v / 1e9:,.1f} bn USD, {g:+.1%}",
        tables,
        verdict=_verdict(abs(g) <= max_growth),
        raw_ids=raw,
        rule=f"supported if the latest year's change is within ±{max_growth:.0%}",
        basis=basis,
    )


@check_function()
def record_level(
    start: int, end: int, base_start: int, base_end: int, min_ratio: float, source: str = "fcs_russia"
) -> Result:
    """'Never seen before': the highest two-way trade of start–end against the highest of the base period
    (one source for both directions); value = the ratio, supported if it reaches `min_ratio`."""
    df = load("trade_bilateral_annual")
    d = df[
        (df.source == source)
        & (((df.exporter == "RUS") & (df.importer == "CHN")) | ((df.exporter == "CHN") & (df.importer == "RUS")))
    ]
    by = d.groupby("year").value_usd.sum()
    hi = by[(by.index >= start) & (by.index <= end)]
    lo = by[(by.index >= base_start) & (by.index <= base_end)]
    r = float(hi.max() / lo.max())
    return Result(
        r,
        f"two-way trade ({source}): peak {hi.max() / 1e9:.1f} bn ({hi.idxmax()}) in {start}–{end} vs "
        f"{lo.max() / 1e9:.1f} bn ({lo.idxmax()}) in {base_start}–{base_end}",
        ("trade_bilateral_annual",),
        verdict=_verdict(r >= min_ratio),
        raw_ids={"trade_bilateral_annual": TRADE_RAW.get(source, [])},
        rule=f"supported if the new peak is at least {min_ratio:g}× the old one",
    )


@check_function()
def growth_contribution(start: int, end: int, exporter: str, importer: str, at_least: float) -> Result:
    """'The rise came mainly from one direction': its share of the change in two-way trade; ≥ at_least."""
    one = trade_growth(start, end, exporter, importer, measure="change_bn").value
    both = trade_growth(start, end, measure="change_bn").value
    share = one / both
    return Result(
        share,
        f"{start}→{end}: {exporter}→{importer} {one:+.1f} bn of a two-way change of {both:+.1f} bn ({share:.0%})",
        ("trade_bilateral_annual",),
        verdict=_verdict(share >= at_least),
        rule=f"supported if {exporter}→{importer} accounts for at least {at_least:.0%} of the change",
    )


@check_function()
def indicator_period_change(
    indicator: str, country: str, years: list[int], base_years: list[int], at_least: float, source: str = "wdi_2025"
) -> Result:
    """A macro indicator's mean over `years` against its mean over `base_years`; supported if ≥ at_least."""
    m = load("macro_indicators")
    d = m[(m.indicator == indicator) & (m.country == country) & (m.source == source)].set_index("year").value
    now, base = (
        d[d.index.isin(range(years[0], years[-1] + 1))],
        d[d.index.isin(range(base_years[0], base_years[-1] + 1))],
    )
    if now.empty or base.empty:
        raise WorkbookError(f"macro_indicators: no {indicator} for {country} in {years} or {base_years} ({source})")
    r = float(now.mean() / base.mean())
    return Result(
        r,
        f"{indicator}, {country}: mean {now.mean():.2f} in {years[0]}–{years[-1]} vs {base.mean():.2f} in "
        f"{base_years[0]}–{base_years[-1]} ({source}): ratio {r:.2f}",
        ("macro_indicators",),
        verdict=_verdict(r >= at_least),
        rule=f"supported if the recent mean is at least {at_least:g}× the base mean",
    )
