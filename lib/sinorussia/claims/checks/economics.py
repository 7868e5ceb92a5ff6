"""Check functions for the economics claims: bilateral trade, partner shares and ranks, products, oil prices.

The trade figures come from the processed trade tables, by default China's reports of both directions
(analysis.trade.HEADLINE, as chapter 02 uses them). Every direction check states its threshold in
Result.rule; 'partly supported' comes only from compound checks (two stated parts, one holding).
trade_growth also checks one scenarios claim, and trade_asymmetry is the basis of asymmetry_trend.
"""

from __future__ import annotations

import numpy as np

from ...analysis.trade import HEADLINE, oil_link
from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from ..rules import RULES
from .common import TRADE_RAW, _flow, load

# Who reported the numerator and the denominator of each partner-share source (the ledger's basis column).
_BASIS = {
    "fcs_russia": "Russia's customs (FCS): partner flows over FCS totals, one reporter",
    "imf_dots_russia": "IMF DOTS with Russia as reporter (2022-2023 are IMF estimates for a non-reporting Russia)",
    "comtrade_china_processed/atlas": "China-reported flows over Harvard Atlas totals (mirror-built): mixed reporters",
    "comtrade_china/atlas": "China-reported imports (Comtrade) over Harvard Atlas totals (mirror-built): mixed reporters",
    "fcs_russia/atlas": "Russia's customs flows over Harvard Atlas totals: mixed reporters",
}


def basis(source: str) -> str:
    """The reporting basis of a partner-share source, in words (the slug itself for a source not listed)."""
    return _BASIS.get(source, source)


def _verdict(ok: bool) -> str:
    return "supported" if ok else "contradicted"  # a single-number direction claim has no 'partly'


def _compound(parts: list[bool]) -> str:
    """A compound claim: every stated part holds (supported), some (partly), none (contradicted)."""
    return "supported" if all(parts) else "partly supported" if any(parts) else "contradicted"


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
        verdict = _compound([ratio >= at_least, abs(pct - claimed_pct) <= margin])
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


def _share(year: int, country: str, partner: str, flow: str, source: str) -> float:
    s = load("trade_partner_shares")
    sel = s[
        (s.year == year) & (s.country == country) & (s.partner == partner) & (s.flow == flow) & (s.source == source)
    ]
    if sel.empty:
        avail = sorted(s[(s.country == country) & (s.partner == partner) & (s.flow == flow)].source.unique())
        raise WorkbookError(
            f"no {flow} share of {partner} in {country}'s trade for {year} from {source}; sources: {avail}"
        )
    return float(sel.share.iloc[0])


@check_function()
def partner_share(
    year: int,
    country: str,
    partner: str,
    flow: str = "total",
    source: str = "comtrade_china_processed/atlas",
    scale: float = 1.0,
    at_most: float | None = None,
    through: int | None = None,
) -> Result:
    """A partner's share of a country's trade (0–1); with `through` the window year..through is tested (value:
    its largest share); with `at_most` supported when the share stays at or below it in every year."""
    years = list(range(year, (through or year) + 1))
    shares = {y: _share(y, country, partner, flow, source) for y in years}
    v = max(shares.values())
    listed = ", ".join(f"{y} {s:.1%}" for y, s in shares.items())
    return Result(
        v * scale,
        f"{partner} in {country}'s {flow}: {listed} ({source})",
        ("trade_partner_shares", "trade_totals"),
        verdict=None if at_most is None else _verdict(v <= at_most),
        rule=None if at_most is None else f"supported if the share is at most {at_most:.0%} in every year tested",
        basis=basis(source),
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
    return Result(
        float(rank), f"{year} {flow}, top partners: {top} ({source})", ("trade_partner_shares",), basis=basis(source)
    )


@check_function()
def partner_share_rank(
    year: int, country: str, partner: str, flow: str, claimed_share: float, source: str = "fcs_russia"
) -> Result:
    """Compound 'the largest partner, with about X %': rank 1, and the share within the share rule; or partly."""
    rank = partner_rank(year, country, partner, flow, source)
    share = _share(year, country, partner, flow, source)
    margin = RULES["share"].margin(claimed_share, "share 0-1")
    parts = [rank.value == 1, abs(share - claimed_share) <= margin]
    return Result(
        share,
        f"{rank.detail}; {partner} rank {int(rank.value)}, share {share:.1%}",
        ("trade_partner_shares",),
        verdict=_compound(parts),
        rule=f"compound: rank 1, and the share within ±{margin:.1%} of {claimed_share:.0%} (share rule); "
        "partly if only one holds",
        basis=basis(source),
    )


@check_function()
def dominant_partner(
    rank_year: int,
    share_year: int,
    country: str,
    partner: str,
    flows: list[str],
    min_share: float,
    share_sources: dict[str, str],
    rank_source: str = "imf_dots_russia",
) -> Result:
    """Compound 'a dominant share of exports and imports': in each flow rank 1 (rank_source) and at least
    `min_share` (share_sources[flow]); partly if dominant in some flows. Value: the smallest share."""
    parts, rows, shares = [], [], []
    for f in flows:
        r = int(partner_rank(rank_year, country, partner, f, rank_source).value)
        s = _share(share_year, country, partner, f, share_sources[f])
        parts.append(r == 1 and s >= min_share)
        shares.append(s)
        rows.append(f"{f}: rank {r} in {rank_year} ({rank_source}), share {s:.1%} in {share_year}")
    return Result(
        min(shares),
        "; ".join(rows),
        ("trade_partner_shares",),
        verdict=_compound(parts),
        rule=f"compound over {', '.join(flows)}: dominant = first and at least {min_share:.0%} in each; "
        "partly if in some",
        basis=f"ranks: {basis(rank_source)}; shares: " + "; ".join(f"{f} {basis(share_sources[f])}" for f in flows),
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
def trade_plateau(last_year: int, max_growth: float) -> Result:
    """Qualitative 'close to an upper limit': headline two-way trade changed by no more than ±`max_growth`
    in the latest year (a plateau, neither still rising nor collapsing)."""
    a = bilateral_trade(last_year - 1, scale=1)
    b = bilateral_trade(last_year, scale=1)
    g = b.value / a.value - 1
    return Result(
        g,
        f"two-way trade {last_year - 1}→{last_year}: {g:+.1%}",
        a.tables,
        verdict=_verdict(abs(g) <= max_growth),
        raw_ids=a.raw_ids,
        rule=f"supported if the latest year's change is within ±{max_growth:.0%}",
    )


@check_function()
def trade_asymmetry(
    year: int, min_ratio: float | None = None, source: str = "comtrade_china_processed/atlas"
) -> Result:
    """'Russia depends far more on China than China on Russia': the ratio of the two shares; ≥ min_ratio."""
    a = _share(year, "RUS", "CHN", "total", source)
    b = _share(year, "CHN", "RUS", "total", source)
    r = a / b
    return Result(
        r,
        f"{year}: China is {a:.1%} of Russia's trade, Russia {b:.1%} of China's: ratio {r:.1f} ({source})",
        ("trade_partner_shares",),
        verdict=None if min_ratio is None else _verdict(r >= min_ratio),
        rule=None if min_ratio is None else f"supported if the ratio of the two shares is at least {min_ratio:g}",
        basis=basis(source),
    )


@check_function()
def share_change(
    country: str,
    partner: str,
    flow: str,
    start: int,
    end: int,
    min_change: float,
    source: str = "comtrade_china_processed/atlas",
    start_source: str | None = None,
) -> Result:
    """Change of a partner's share of a country's trade between two years (a 0–1 difference, shown in
    percentage points); supported when it rose by more than `min_change`."""
    a = _share(start, country, partner, flow, start_source or source)
    b = _share(end, country, partner, flow, source)
    return Result(
        b - a,
        f"{partner} in {country}'s {flow}: {a:.1%} in {start} ({start_source or source}) → {b:.1%} in {end} ({source})",
        ("trade_partner_shares",),
        verdict=_verdict(b - a > min_change),
        rule=f"supported if the share rose by more than {min_change * 100:g} percentage points",
        basis=basis(source) if not start_source else f"{basis(start_source)}, then {basis(source)}",
    )


@check_function()
def share_acceleration(
    first: int,
    mid: int,
    last: int,
    min_change: float,
    min_ratio: float,
    country: str = "RUS",
    partner: str = "CHN",
    flow: str = "total",
    early_source: str = "fcs_russia",
    late_source: str = "comtrade_china_processed/atlas",
) -> Result:
    """Compound 'rose, then faster': the share rose by more than `min_change` over first→mid (early source) and
    its yearly pace mid→last (late source) is ≥ `min_ratio` × the earlier; partly if only the rise holds."""
    s0, s1 = (_share(y, country, partner, flow, early_source) for y in (first, mid))
    s1b, s2 = (_share(y, country, partner, flow, late_source) for y in (mid, last))
    g1, g2 = (s1 - s0) / (mid - first), (s2 - s1b) / (last - mid)
    rose = s1 - s0 > min_change
    return Result(
        g2 - g1,
        f"{partner} in {country}'s {flow}: {s0:.1%}→{s1:.1%} ({first}–{mid}, {early_source}, "
        f"{g1 * 100:+.2f} pp/yr); {s1b:.1%}→{s2:.1%} ({mid}–{last}, {late_source}, {g2 * 100:+.2f} pp/yr)",
        ("trade_partner_shares",),
        verdict="contradicted" if not rose else _compound([rose, g1 > 0 and g2 >= min_ratio * g1]),
        rule=f"compound: rose by more than {min_change * 100:g} pp over {first}–{mid}, and the yearly pace after "
        f"{mid} at least {min_ratio:g}× the earlier one; partly if only the rise holds",
        basis=f"{basis(early_source)} to {mid}, then {basis(late_source)} (spliced)",
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
