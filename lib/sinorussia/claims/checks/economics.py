"""Check functions for the economics claims: bilateral trade, partner shares and ranks, products, oil prices.

The trade figures come from the processed trade tables, by default China's reports of both directions
(analysis.trade.HEADLINE, as chapter 02 uses them). trade_growth also checks one scenarios claim, and
trade_asymmetry is the basis of the scenarios check asymmetry_trend.
"""

from __future__ import annotations

from ...analysis.trade import HEADLINE, oil_link
from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from .common import TRADE_RAW, _flow, _graded, load


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
) -> Result:
    """Growth of trade between two years: ratio (end/start), percent change, or absolute change in bn.
    With `at_least` the verdict is computed: supported when the growth measure reaches it."""
    a = bilateral_trade(start, exporter, importer, source, scale=1)
    b = bilateral_trade(end, exporter, importer, source, scale=1)
    value = {
        "ratio": b.value / a.value,
        "percent": (b.value / a.value - 1) * 100,
        "change_bn": (b.value - a.value) / 1e9,
    }[measure]
    verdict = None if at_least is None else ("supported" if value >= at_least else "contradicted")
    return Result(
        value,
        f"{a.detail}; {b.detail}" + (f"; supported if {measure} ≥ {at_least}" if at_least else ""),
        a.tables,
        verdict=verdict,
        raw_ids=a.raw_ids,
    )


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
def partner_share(
    year: int,
    country: str,
    partner: str,
    flow: str = "total",
    source: str = "comtrade_china_processed/atlas",
    scale: float = 1.0,
    at_most: float | None = None,
) -> Result:
    """A partner's share of a country's trade (0–1) from trade_partner_shares; with `at_most` the
    verdict is computed (supported when the share stays at or below it)."""
    s = load("trade_partner_shares")
    sel = s[
        (s.year == year) & (s.country == country) & (s.partner == partner) & (s.flow == flow) & (s.source == source)
    ]
    if sel.empty:
        avail = sorted(s[(s.country == country) & (s.partner == partner) & (s.flow == flow)].source.unique())
        raise WorkbookError(
            f"no {flow} share of {partner} in {country}'s trade for {year} from {source}; sources: {avail}"
        )
    v = float(sel.share.iloc[0])
    verdict = None if at_most is None else ("supported" if v <= at_most else "contradicted")
    return Result(
        v * scale,
        f"{partner} in {country}'s {flow}, {year}: {v:.1%} ({source})"
        + (f"; supported if ≤ {at_most:.0%}" if at_most is not None else ""),
        ("trade_partner_shares", "trade_totals"),
        verdict=verdict,
    )


@check_function()
def partner_rank(
    year: int, country: str, partner: str, flow: str = "exports", source: str = "imf_dots_russia"
) -> Result:
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
def product_share(
    year: int,
    exporter: str,
    importer: str,
    chapters: list[str] | None = None,
    sections: list[str] | None = None,
    at_least: float | None = None,
    compare_year: int | None = None,
) -> Result:
    """Share (0–1) of some HS chapters or sections in one direction's trade (BACI); with `at_least`
    the verdict is computed (supported when the share reaches it, and — with `compare_year` — has
    not fallen since that year)."""
    p = load("trade_by_product")

    def _share(y: int) -> float:
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
    return Result(
        share,
        detail
        + (f"; supported if ≥ {at_least:.0%}" if at_least else "")
        + (" and not lower than in the earlier year" if compare_year and at_least else ""),
        ("trade_by_product",),
        verdict=verdict,
    )


@check_function()
def oil_price_link(start: int = 2017, end: int = 2024, supported_at: float = 0.5, partly_at: float = 0.3) -> Result:
    """Qualitative: does Russia's monthly export value to China move with Brent? Correlation of
    month-on-month log changes (levels would correlate spuriously); thresholds are parameters."""
    # 3-month changes smooth customs' monthly timing noise (e.g. January-February reporting)
    link = oil_link(load("trade_bilateral_monthly"), load("commodity_prices"), start, end, periods=3)
    r, n = link["r_changes"], link["n"]
    verdict = _graded(r, supported_at, partly_at)
    return Result(
        r,
        f"correlation of 3-month log changes, Russia→China exports vs Brent, {start}–{end}: "
        f"r = {r:.2f} (n = {n}); supported if r ≥ {supported_at}, partly if ≥ {partly_at}",
        ("trade_bilateral_monthly", "commodity_prices"),
        verdict=verdict,
        raw_ids={"trade_bilateral_monthly": TRADE_RAW["comtrade_china"], "commodity_prices": ["eia_brent_monthly"]},
    )


@check_function()
def trade_plateau(last_year: int = 2024, max_growth: float = 0.05) -> Result:
    """Qualitative 'close to an upper limit': headline two-way trade grew by less than `max_growth`
    in the latest year (supported), or less than twice that (partly)."""
    a = bilateral_trade(last_year - 1, scale=1)
    b = bilateral_trade(last_year, scale=1)
    g = b.value / a.value - 1
    verdict = "supported" if g <= max_growth else "partly supported" if g <= 2 * max_growth else "contradicted"
    return Result(
        g,
        f"two-way trade {last_year - 1}→{last_year}: {g:+.1%} (supported if ≤ {max_growth:.0%})",
        a.tables,
        verdict=verdict,
        raw_ids=a.raw_ids,
    )


@check_function()
def trade_asymmetry(year: int, min_ratio: float = 5.0, source: str = "comtrade_china_processed/atlas") -> Result:
    """Qualitative 'Russia depends far more on China than China on Russia': the ratio of the two
    shares of total trade; supported when it reaches `min_ratio`."""
    a = partner_share(year, "RUS", "CHN", "total", source).value
    b = partner_share(year, "CHN", "RUS", "total", source).value
    r = a / b
    return Result(
        r,
        f"{year}: China is {a:.1%} of Russia's trade, Russia {b:.1%} of China's: ratio {r:.1f} "
        f"(supported if ≥ {min_ratio:g})",
        ("trade_partner_shares",),
        verdict=_graded(r, min_ratio, min_ratio / 2),
    )


@check_function()
def share_change(
    country: str,
    partner: str,
    flow: str,
    start: int,
    end: int,
    source: str = "comtrade_china_processed/atlas",
    start_source: str | None = None,
    min_change: float = 0.0,
) -> Result:
    """Change of a partner's share of a country's trade between two years (percentage points as a
    0–1 difference); supported when it rose by more than `min_change`."""
    a = partner_share(start, country, partner, flow, start_source or source).value
    b = partner_share(end, country, partner, flow, source).value
    return Result(
        b - a,
        f"{partner} in {country}'s {flow}: {a:.1%} in {start} ({start_source or source}) → {b:.1%} in {end} ({source})",
        ("trade_partner_shares",),
        verdict="supported" if b - a > min_change else "contradicted",
    )


@check_function()
def share_acceleration(
    first: int,
    mid: int,
    last: int,
    country: str = "RUS",
    partner: str = "CHN",
    flow: str = "total",
    early_source: str = "fcs_russia",
    late_source: str = "comtrade_china_processed/atlas",
) -> Result:
    """'Rose, then rose faster': average yearly change of a partner share over first→mid (early
    source) against mid→last (late source). Supported if both rose and the second faster; partly if both rose."""
    s0 = partner_share(first, country, partner, flow, early_source).value
    s1 = partner_share(mid, country, partner, flow, early_source).value
    s1b = partner_share(mid, country, partner, flow, late_source).value
    s2 = partner_share(last, country, partner, flow, late_source).value
    g1, g2 = (s1 - s0) / (mid - first), (s2 - s1b) / (last - mid)
    verdict = "supported" if 0 < g1 < g2 else "partly supported" if g1 > 0 and g2 > 0 else "contradicted"
    return Result(
        g2 - g1,
        f"{partner} in {country}'s {flow}: {s0:.1%}→{s1:.1%} ({first}–{mid}, {early_source}, "
        f"{g1 * 100:+.2f} pp/yr); "
        f"{s1b:.1%}→{s2:.1%} ({mid}–{last}, {late_source}, {g2 * 100:+.2f} pp/yr)",
        ("trade_partner_shares",),
        verdict=verdict,
    )


@check_function()
def record_level(start: int, end: int, base_start: int, base_end: int, source: str = "fcs_russia") -> Result:
    """'Never seen before': the highest two-way trade of start–end against the highest of the base period
    (one source for both directions); value = the ratio. Supported above 1, partly from 0.95 (level with
    the old record), contradicted below."""
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
        verdict="supported" if r > 1 else "partly supported" if r >= 0.95 else "contradicted",
        raw_ids={"trade_bilateral_annual": TRADE_RAW.get(source, [])},
    )


@check_function()
def partner_rank_all(
    year: int, country: str, partner: str, flows: list[str], source: str = "imf_dots_russia"
) -> Result:
    """'X is Y's main partner in every listed flow': worst rank of the partner across flows; supported if 1."""
    ranks = {f: partner_rank(year, country, partner, f, source).value for f in flows}
    worst = max(ranks.values())
    return Result(
        worst,
        f"{year} ({source}): rank of {partner} in {country}'s " + ", ".join(f"{f} {int(r)}" for f, r in ranks.items()),
        ("trade_partner_shares",),
        verdict="supported" if worst == 1 else "contradicted",
    )
