"""Check functions for partner shares: a partner's share of a country's trade, ranks, dominance, the
asymmetry of the two shares, and their change over time.

Every share comes from trade_partner_shares, whose `source` slug names a declared reporting basis (who
reported the numerator, who the denominator: processed/builders/trade/bases.py); each result states that
basis in words. trade_asymmetry is the basis of the scenarios check asymmetry_trend.
"""

from __future__ import annotations

from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from ..rules import RULES
from .common import _parts_verdict, _verdict, load

# Who reported the numerator and the denominator of each partner-share source (the ledger's basis column).
_BASIS = {
    "fcs_russia": "Russia's customs (FCS): partner flows over FCS totals, one reporter",
    "imf_dots_russia": "IMF DOTS with Russia as reporter (2022-2023 are IMF estimates for a non-reporting Russia)",
    "comtrade_china_processed/atlas": "China-reported flows over Harvard Atlas totals (mirror-built): mixed reporters",
    "comtrade_china/atlas": "China-reported imports (Comtrade) over Harvard Atlas totals (mirror-built): mixed reporters",
    "fcs_russia/atlas": "Russia's customs flows over Harvard Atlas totals: mixed reporters",
}


def basis(source: str, country: str | None = None) -> str:
    """The reporting basis of a partner-share source, in words: with `country`, as trade_partner_shares
    records it (who reported the numerator and the denominator); else the summary above."""
    if country is not None:
        s = load("trade_partner_shares")
        row = s[(s.source == source) & (s.country == country)].head(1)
        if len(row):
            r = row.iloc[0]
            return (
                f"{r.numerator_reporter} flows ({r.numerator_source}) over {r.denominator_reporter} totals "
                f"({r.denominator_source}): {r.basis}"
            )
    return _BASIS.get(source, source)


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
        basis=basis(source, country),
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
        verdict=_parts_verdict(parts),
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
        verdict=_parts_verdict(parts),
        rule=f"compound over {', '.join(flows)}: dominant = first and at least {min_share:.0%} in each; "
        "partly if in some",
        basis=f"ranks: {basis(rank_source)}; shares: " + "; ".join(f"{f} {basis(share_sources[f])}" for f in flows),
    )


@check_function()
def trade_asymmetry(
    year: int,
    min_ratio: float | None = None,
    source: str = "comtrade_china_processed/atlas",
    russia_source: str | None = None,
    china_source: str | None = None,
) -> Result:
    """'Russia depends far more on China than China on Russia': the ratio of the two shares; ≥ min_ratio.
    Each side's share may have its own basis (`russia_source`, `china_source`: e.g. each country's own
    customs total as denominator); `source` serves both sides otherwise."""
    rs, cs = russia_source or source, china_source or source
    a = _share(year, "RUS", "CHN", "total", rs)
    b = _share(year, "CHN", "RUS", "total", cs)
    r = a / b
    return Result(
        r,
        f"{year}: China is {a:.1%} of Russia's trade ({rs}), Russia {b:.1%} of China's ({cs}): ratio {r:.1f}",
        ("trade_partner_shares",),
        verdict=None if min_ratio is None else _verdict(r >= min_ratio),
        rule=None if min_ratio is None else f"supported if the ratio of the two shares is at least {min_ratio:g}",
        basis=f"Russia's side: {basis(rs, 'RUS')}; China's side: {basis(cs, 'CHN')}",
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
        basis=basis(source, country)
        if not start_source or start_source == source
        else f"{basis(start_source, country)}, then {basis(source, country)}",
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
        verdict="contradicted" if not rose else _parts_verdict([rose, g1 > 0 and g2 >= min_ratio * g1]),
        rule=f"compound: rose by more than {min_change * 100:g} pp over {first}–{mid}, and the yearly pace after "
        f"{mid} at least {min_ratio:g}× the earlier one; partly if only the rise holds",
        basis=f"{basis(early_source, country)} to {mid}, then {basis(late_source, country)} (spliced)",
    )
