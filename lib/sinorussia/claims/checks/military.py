"""Check functions for the military claims: arms transfers (SIPRI), joint exercises, military goods trade.

The arms figures are SIPRI trend-indicator values (TIV) from two vintages of the arms-transfers
database; the period sums and rankings are the chapter's own (analysis.military). product_growth
checks growth of trade in some HS chapters, mostly the dual-use goods of the military claims (one
economics claim uses it too). Claims about deals signed are tested on the SIPRI register's order years
(arms_orders): arms_orders_rank, arms_orders_trend, order_year, first_buyer, arms_supplier_compare.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...analysis.military import bilateral_tiv, partner_ranking, period_shares
from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from .common import _compound, load

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
    max_ratio: float | None = None,
    source: str = "sipri_2026",
) -> Result:
    """Qualitative 'arms transfers are now low / declined sharply': the recent yearly average as a
    ratio of the base period's; supported when at most `max_ratio` (no partly band). Without a
    threshold only the ratio is computed (arms_window_change builds on it)."""
    pair = bilateral_tiv(load("arms_transfers"), supplier, recipient, source)  # covered years, 0 = no deliveries
    recent = pair[pair.index.to_series().between(recent_start, recent_end)].mean()
    base = pair[pair.index.to_series().between(base_start, base_end)].mean()
    if np.isnan(recent) or np.isnan(base):
        raise WorkbookError(
            f"{source} does not cover {supplier}→{recipient} in {base_start}-{base_end} or {recent_start}-{recent_end}"
        )
    r = float(recent / base)
    verdict = None if max_ratio is None else "supported" if r <= max_ratio else "contradicted"
    return Result(
        r,
        f"{supplier}→{recipient} average {recent:,.0f} TIV/yr in {recent_start}–{recent_end} vs "
        f"{base:,.0f} in {base_start}–{base_end} (ratio {r:.2f}; {source})",
        ("arms_transfers",),
        verdict=verdict,
        rule=None
        if max_ratio is None
        else f"supported if the {recent_start}–{recent_end} yearly average is at most {max_ratio:g} × "
        f"the {base_start}–{base_end} average",
        raw_ids={"arms_transfers": _SIPRI_RAW[source]},
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
        rule=f"supported if {expected} is the largest supplier of {recipient}, TIV summed {start}–{end}",
        raw_ids={"arms_transfers": _SIPRI_RAW[source]},
    )


@check_function()
def exercises_with_china(start: int, end: int, at_least: int) -> Result:
    """Joint exercises with China listed in the partial compilation (a lower bound): supported if at
    least `at_least`; fewer cannot contradict a claim (the list is incomplete), so it is not checkable."""
    e = load("joint_exercises")
    n = int(e[e.year.between(start, end) & e.with_china].shape[0])
    return Result(
        float(n),
        f"{n} exercises with China listed for {start}–{end} in a partial compilation (a lower bound)",
        ("joint_exercises",),
        verdict="supported" if n >= at_least else "not checkable",
        rule=f"supported if at least {at_least} exercises with China are listed for {start}–{end} "
        "(fewer leaves it open: the list is a lower bound)",
    )


@check_function()
def product_growth(
    start: int, end: int, exporter: str, importer: str, chapters: list[str], at_least: float, each: bool = False
) -> Result:
    """Growth (end/start ratio) of one direction's BACI trade in some HS chapters, summed or (each=True)
    the weakest chapter; supported when the ratio reaches `at_least` (a stated effect size; no partly
    band for growth below it)."""
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
        f"→ {by.loc[end].sum() / 1e9:.1f} bn in {end} ({parts}; BACI)",
        ("trade_by_product",),
        verdict="supported" if r >= at_least else "contradicted",
        rule=f"supported if {'each chapter' if each else 'the total of the chapters'} {end} over {start} "
        f"is at least ×{at_least:g}",
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
        float(rank),
        f"{supplier}'s largest recipients by deliveries {start}–{end} (TIV): {top} ({source})",
        ("arms_transfers",),
        raw_ids={"arms_transfers": _SIPRI_RAW[source]},
    )


@check_function()
def arms_import_share(
    start: int, end: int, supplier: str, recipient: str, at_most: float, source: str = "sipri_2026"
) -> Result:
    """Share of the recipient's arms imports from the supplier (TIV, period sum); supported if at most `at_most`."""
    r = arms_share(start, end, supplier, recipient, of="recipient_imports", source=source)
    return Result(
        r.value,
        r.detail,
        r.tables,
        verdict="supported" if r.value <= at_most else "contradicted",
        raw_ids=r.raw_ids,
        rule=f"supported if {supplier}'s share of {recipient}'s arms imports {start}–{end} is at most {at_most:.0%}",
    )


@check_function()
def arms_window_change(
    recent_start: int,
    recent_end: int,
    base_start: int,
    base_end: int,
    supplier: str,
    recipient: str,
    at_least: float,
    source: str = "sipri_2026",
) -> Result:
    """'Arms deliveries rose': recent yearly average TIV over the base period's; supported if the ratio
    reaches `at_least`, a stated effect size (the mirror of arms_trend, which tests a fall)."""
    r = arms_trend(recent_start, recent_end, base_start, base_end, supplier, recipient, source=source)
    return Result(
        r.value,
        r.detail,
        r.tables,
        verdict="supported" if r.value >= at_least else "contradicted",
        rule=f"supported if the {recent_start}–{recent_end} yearly average is at least ×{at_least:g} "
        f"the {base_start}–{base_end} average",
        raw_ids=r.raw_ids,
    )


# ----------------------------------------------------------------------------------- deals by order year
# arms_orders: the SIPRI register's deals with Russia or China on one side, with their order years. The
# register lists only deals with deliveries from 1995, so TIV by order year is the delivered part of a deal.

_ORDERS_RAW = {"arms_orders": ["sipri_trade_register_2026"]}


def _orders(supplier: str | None = None, recipient: str | None = None) -> pd.DataFrame:
    o = load("arms_orders")
    if supplier:
        o = o[o.supplier == supplier]
    if recipient:
        o = o[o.recipient == recipient]
    return o


@check_function()
def arms_orders_rank(start: int, end: int, supplier: str, recipient: str) -> Result:
    """Rank (1 = largest) of `recipient` among `supplier`'s customers by the deals they ordered in
    `start`–`end` (the TIV those deals delivered, in any year): for claims about deals signed."""
    o = _orders(supplier)
    by = o[o.order_year.between(start, end)].groupby("recipient").tiv_delivered.sum().sort_values(ascending=False)
    if recipient not in by.index:
        raise WorkbookError(f"{recipient} ordered no arms from {supplier} in {start}-{end} (arms_orders)")
    rank = int(list(by.index).index(recipient)) + 1
    top = ", ".join(f"{k} {v:,.0f}" for k, v in by.head(4).items())
    return Result(
        float(rank),
        f"{supplier}'s largest customers by deals ordered {start}–{end} (TIV delivered by those deals): {top}; "
        f"{recipient} {by[recipient] / by.sum():.0%} (SIPRI register: deals with deliveries only)",
        ("arms_orders",),
        raw_ids=_ORDERS_RAW,
        basis="order years of the SIPRI trade register",
    )


@check_function()
def arms_orders_trend(
    recent_start: int, recent_end: int, base_start: int, base_end: int, supplier: str, recipient: str, max_ratio: float
) -> Result:
    """'Deals dried up': the yearly average TIV of the deals ordered in the recent window over that of
    the base window; supported if at most `max_ratio`."""
    o = _orders(supplier, recipient).groupby("order_year").tiv_delivered.sum()
    recent = float(o[o.index.to_series().between(recent_start, recent_end)].sum() / (recent_end - recent_start + 1))
    base = float(o[o.index.to_series().between(base_start, base_end)].sum() / (base_end - base_start + 1))
    if base == 0:
        raise WorkbookError(f"no {supplier}→{recipient} orders in {base_start}-{base_end} (arms_orders)")
    r = recent / base
    return Result(
        r,
        f"{supplier}→{recipient} deals ordered: {recent:,.0f} TIV/yr in {recent_start}–{recent_end} vs {base:,.0f} "
        f"in {base_start}–{base_end} (ratio {r:.2f}; later orders by year: "
        + ", ".join(f"{y} {v:,.0f}" for y, v in o[o.index > recent_end].items())
        + ")",
        ("arms_orders",),
        verdict="supported" if r <= max_ratio else "contradicted",
        rule=f"supported if the yearly TIV of deals ordered {recent_start}–{recent_end} is at most {max_ratio:g} × "
        f"that of {base_start}–{base_end}",
        raw_ids=_ORDERS_RAW,
        basis="order years of the SIPRI trade register",
    )


def _first_orders(designation: str, supplier: str) -> pd.Series:
    o = _orders(supplier)
    o = o[o.designation.str.contains(designation, case=False, regex=False)]
    if o.empty:
        raise WorkbookError(f"no {supplier} deal for {designation!r} in arms_orders")
    return o.groupby("recipient").order_year.min().sort_values()


@check_function()
def order_year(designation: str, supplier: str, recipient: str) -> Result:
    """The year `recipient` first ordered `designation` from `supplier` (SIPRI order date)."""
    first = _first_orders(designation, supplier)
    if recipient not in first.index:
        raise WorkbookError(f"{recipient} ordered no {designation!r} from {supplier} (arms_orders)")
    return Result(
        float(first[recipient]),
        f"{designation} from {supplier}, first order year by buyer: " + ", ".join(f"{k} {v}" for k, v in first.items()),
        ("arms_orders",),
        raw_ids=_ORDERS_RAW,
        basis="order years of the SIPRI trade register",
    )


@check_function()
def first_buyer(designation: str, supplier: str, recipient: str, year: int) -> Result:
    """Compound 'X was the first foreign buyer of Y, in year Z': (1) no other buyer ordered earlier,
    (2) X's order year is Z. Value = X's order year."""
    r = order_year(designation, supplier, recipient)
    first = _first_orders(designation, supplier)
    earlier = first[(first < r.value) & (first.index != recipient)]
    verdict, parts = _compound({f"{recipient} first": earlier.empty, f"ordered in {year}": int(r.value) == year})
    return Result(
        r.value,
        r.detail + f"; {parts}",
        r.tables,
        verdict=verdict,
        rule=f"two parts: no buyer ordered {designation} before {recipient}, and {recipient}'s SIPRI order year is "
        f"{year}; one of two is partly supported",
        raw_ids=r.raw_ids,
        basis=r.basis,
    )


@check_function()
def arms_supplier_compare(
    start: int, end: int, recipient: str, supplier: str, others: list[str], min_ratio: float
) -> Result:
    """'Unlike the others, X sent little': each of `others` delivered (delivery years `start`–`end`)
    at least `min_ratio` times what `supplier` did. Value = the smallest other/supplier ratio."""
    o = _orders(recipient=recipient)
    by = o[o.delivery_year.between(start, end)].groupby("supplier").tiv_delivered.sum()
    x = float(by.get(supplier, 0.0))
    ratios = {s: float(by.get(s, 0.0)) / x if x else np.inf for s in others}
    worst = min(ratios.values())
    return Result(
        worst,
        f"deliveries to {recipient} {start}–{end} (TIV): {supplier} {x:,.1f}, "
        + ", ".join(f"{s} {by.get(s, 0.0):,.1f}" for s in others),
        ("arms_orders",),
        verdict="supported" if worst >= min_ratio else "contradicted",
        rule=f"supported if each of {', '.join(others)} delivered at least {min_ratio:g} × {supplier}'s TIV to "
        f"{recipient} in {start}–{end}",
        raw_ids=_ORDERS_RAW,
    )
