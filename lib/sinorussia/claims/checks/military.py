"""Check functions for the military claims: arms transfers (SIPRI), joint exercises, military goods trade.

The arms figures are SIPRI trend-indicator values (TIV) from two vintages of the arms-transfers
database; the period sums and rankings are the chapter's own (analysis.military). product_growth
checks growth of trade in some HS chapters, mostly the dual-use goods of the military claims (one
economics claim uses it too).
"""

from __future__ import annotations

import numpy as np

from ...analysis.military import bilateral_tiv, partner_ranking, period_shares
from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from .common import load

# The raw files behind each SIPRI vintage of arms_transfers, so that a verdict cites only them.
_SIPRI_RAW = {
    "sipri_2026": ["sipri_trade_register_2026", "sipri_tiv_russia_china_2026"],
    "sipri_2022": ["sipri_tiv_exports_rus_2022", "sipri_tiv_exports_usr_2022"],
}


@check_function()
def arms_share(
    start: int,
    end: int,
    supplier: str = "RUS",
    recipient: str = "CHN",
    of: str = "supplier_exports",
    source: str = "sipri_2026",
) -> Result:
    """Share (0–1) of the supplier's arms exports going to the recipient (of='supplier_exports'),
    or of the recipient's imports coming from the supplier (of='recipient_imports'), summed over the period (TIV)."""
    if of not in ("supplier_exports", "recipient_imports"):
        raise WorkbookError(f"of must be 'supplier_exports' or 'recipient_imports', not {of!r}")
    # one period start–end of the chapter's computation: SUN counts as Russia, only covered years count
    p = period_shares(load("arms_transfers"), supplier, recipient, end - start + 1, start, source, end).iloc[0]
    share = float(p[f"share_of_{of}"])
    total = float(p[f"{'supplier_exports' if of == 'supplier_exports' else 'recipient_imports'}_tiv"])
    if np.isnan(share):
        raise WorkbookError(f"no arms totals for {supplier}/{recipient} {start}-{end} in {source}")
    pair = share * total
    return Result(
        share,
        f"{supplier}→{recipient} {pair:,.0f} of {total:,.0f} million TIV, {start}–{end} ({source})",
        ("arms_transfers",),
        raw_ids={"arms_transfers": _SIPRI_RAW[source]},
    )


@check_function()
def arms_trend(
    recent_start: int,
    recent_end: int,
    base_start: int,
    base_end: int,
    supplier: str = "RUS",
    recipient: str = "CHN",
    max_ratio: float = 0.5,
    source: str = "sipri_2026",
) -> Result:
    """Qualitative 'arms transfers are now low / declined sharply': the recent yearly average as a
    ratio of the base period's; supported when at most `max_ratio`."""
    pair = bilateral_tiv(load("arms_transfers"), supplier, recipient, source)  # covered years, 0 = no deliveries
    recent = pair[pair.index.to_series().between(recent_start, recent_end)].mean()
    base = pair[pair.index.to_series().between(base_start, base_end)].mean()
    if np.isnan(recent) or np.isnan(base):
        raise WorkbookError(
            f"{source} does not cover {supplier}→{recipient} in {base_start}-{base_end} or {recent_start}-{recent_end}"
        )
    r = float(recent / base)
    verdict = "supported" if r <= max_ratio else "partly supported" if r <= 2 * max_ratio else "contradicted"
    return Result(
        r,
        f"{supplier}→{recipient} average {recent:,.0f} TIV/yr in {recent_start}–{recent_end} vs "
        f"{base:,.0f} in {base_start}–{base_end} (ratio {r:.2f}; supported if ≤ {max_ratio})",
        ("arms_transfers",),
        verdict=verdict,
    )


@check_function()
def largest_supplier(start: int, end: int, recipient: str, expected: str, source: str = "sipri_2022") -> Result:
    """Qualitative 'X was Y's largest arms supplier' over a period (TIV summed); value = X's share of
    the suppliers the vintage lists (sipri_2022 has no recipient totals)."""
    by = partner_ranking(load("arms_transfers"), recipient, start, end, source, side="recipient")
    if by.empty:
        raise WorkbookError(f"no suppliers of {recipient} in {source} for {start}-{end}")
    share = float(by.get(expected, 0) / by.sum())
    return Result(
        share,
        f"{start}–{end}: largest supplier of {recipient} is {by.index[0]} ({by.iloc[0]:,.0f} TIV); "
        f"{expected} {share:.0%} of listed suppliers ({source})",
        ("arms_transfers",),
        verdict="supported" if by.index[0] == expected else "contradicted",
    )


@check_function()
def exercises_with_china(start: int, end: int, at_least: int = 1) -> Result:
    """Joint exercises with China listed in the partial compilation (a lower bound)."""
    e = load("joint_exercises")
    n = int(e[e.year.between(start, end) & e.with_china].shape[0])
    return Result(
        float(n),
        f"{n} exercises with China listed for {start}–{end} in a partial compilation (a lower bound)",
        ("joint_exercises",),
        verdict="supported" if n >= at_least else "not checkable",
    )


@check_function()
def product_growth(
    start: int, end: int, exporter: str, importer: str, chapters: list[str], at_least: float = 1.0, each: bool = False
) -> Result:
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
    return Result(
        r,
        f"{exporter}→{importer} chapters {list(chapters)}: {by.loc[start].sum() / 1e9:.1f} bn in {start} "
        f"→ {by.loc[end].sum() / 1e9:.1f} bn in {end} ({parts}; BACI); supported if "
        f"{'each' if each else 'the total'} grew ×{at_least:g} or more",
        ("trade_by_product",),
        verdict="supported" if r >= at_least else "partly supported" if r >= 1 else "contradicted",
    )


@check_function()
def arms_rank(start: int, end: int, supplier: str, recipient: str, source: str = "sipri_2026") -> Result:
    """Rank (1 = largest) of `recipient` among `supplier`'s arms recipients, TIV summed over the period."""
    by = partner_ranking(load("arms_transfers"), supplier, start, end, source, side="supplier")
    if recipient not in by.index:
        raise WorkbookError(f"{recipient} received no arms from {supplier} in {start}-{end} ({source})")
    rank = int(list(by.index).index(recipient)) + 1
    top = ", ".join(f"{k} {v:,.0f}" for k, v in by.head(4).items())
    return Result(
        float(rank), f"{supplier}'s largest recipients {start}–{end} (TIV): {top} ({source})", ("arms_transfers",)
    )


@check_function()
def arms_import_share(
    start: int, end: int, supplier: str, recipient: str, at_most: float, source: str = "sipri_2026"
) -> Result:
    """Share of the recipient's arms imports from the supplier (TIV, period sum); supported if at most `at_most`."""
    r = arms_share(start, end, supplier, recipient, of="recipient_imports", source=source)
    return Result(
        r.value,
        r.detail + f"; supported if ≤ {at_most:.0%}",
        r.tables,
        verdict="supported" if r.value <= at_most else "contradicted",
        raw_ids=r.raw_ids,
    )


@check_function()
def arms_window_change(
    recent_start: int,
    recent_end: int,
    base_start: int,
    base_end: int,
    supplier: str,
    recipient: str,
    at_least: float = 1.0,
    source: str = "sipri_2026",
) -> Result:
    """'Arms deliveries rose': recent yearly average TIV over the base period's; supported if the ratio
    reaches `at_least` (the mirror of arms_trend, which tests a fall)."""
    r = arms_trend(recent_start, recent_end, base_start, base_end, supplier, recipient, source=source)
    return Result(
        r.value,
        r.detail.split(" (ratio")[0] + f" (ratio {r.value:.2f}; supported if ≥ {at_least:g})",
        r.tables,
        verdict="supported" if r.value >= at_least else "contradicted",
    )
