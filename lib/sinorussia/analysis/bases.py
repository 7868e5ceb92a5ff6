"""Shares on declared reporting bases: a ratio of a bilateral flow (one source) to a country's total
(one source) is built only for a pair declared in processed/builders/trade/bases.py, and the share on
every available basis shows how far the bases disagree.

A basis is (numerator source, denominator source): the numerator from trade_bilateral_annual (for a
two-way flow, the pair of sources in TWO_WAY, e.g. 'comtrade_china_processed' = China-reported both
ways), the denominator from trade_totals. An undeclared pair raises WorkbookError; pass
allow=[(numerator, denominator)] to combine it anyway, which labels it as an explicit mix.

Material disagreement: the bases of one year differ materially when the highest share exceeds the
lowest by more than 2 percentage points or by more than 10 % of the lowest (MATERIAL_PP, MATERIAL_REL).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from ..errors import WorkbookError
from ..processed.builders.trade.bases import SHARE_BASES, TWO_WAY, share_slug

PAIR = ("RUS", "CHN")
MATERIAL_PP = 0.02
MATERIAL_REL = 0.10
Basis = tuple[str, str]


def basis_label(country: str, numerator: str, denominator: str, *, allow: Iterable[Basis] = ()) -> str:
    """The declared label of a basis, or a WorkbookError naming both sources and how to ask for the mix."""
    key = (country, numerator, denominator)
    if key in SHARE_BASES:
        return SHARE_BASES[key]
    if (numerator, denominator) in set(allow):
        return f"explicit mix: {numerator} flow over {denominator} total"
    declared = sorted(share_slug(n, d) for c, n, d in SHARE_BASES if c == country)
    raise WorkbookError(
        f"{country}'s share: numerator source '{numerator}' over denominator source '{denominator}' is not a "
        f"declared basis (declared for {country}: {', '.join(declared)}); to combine them anyway pass "
        f"allow=[('{numerator}', '{denominator}')]."
    )


def _flow(annual: pd.DataFrame, source: str, exporter: str, importer: str) -> pd.Series:
    s = annual[(annual.source == source) & (annual.exporter == exporter) & (annual.importer == importer)]
    return s.set_index("year").value_usd.astype(float)


def numerator(annual: pd.DataFrame, country: str, source: str, flow: str = "total") -> pd.Series:
    """Year -> the bilateral flow of `country` with its partner from `source` (exports, imports or total)."""
    partner = PAIR[1] if country == PAIR[0] else PAIR[0]
    rc, cr = TWO_WAY.get(source, (source, source))
    by_dir = {("RUS", "CHN"): rc, ("CHN", "RUS"): cr}
    out_src, in_src = by_dir[(country, partner)], by_dir[(partner, country)]
    if flow == "exports":
        return _flow(annual, out_src, country, partner)
    if flow == "imports":
        return _flow(annual, in_src, partner, country)
    if flow != "total":
        raise WorkbookError(f"flow must be exports, imports or total, not {flow!r}")
    both = pd.concat([_flow(annual, out_src, country, partner), _flow(annual, in_src, partner, country)], axis=1)
    return both.dropna().sum(axis=1)


def denominator(totals: pd.DataFrame, country: str, source: str, flow: str = "total") -> pd.Series:
    """Year -> the country's total exports, imports or both from one trade_totals source."""
    t = totals[(totals.country == country) & (totals.source == source)].set_index("year")
    cols = {"exports": ["exports_usd"], "imports": ["imports_usd"], "total": ["exports_usd", "imports_usd"]}[flow]
    return t[cols].dropna().sum(axis=1)


def share(
    annual: pd.DataFrame,
    totals: pd.DataFrame,
    country: str,
    basis: Basis,
    *,
    flow: str = "total",
    allow: Iterable[Basis] = (),
) -> pd.DataFrame:
    """Year -> share of the partner in `country`'s flow on one basis (refused when undeclared): columns
    share, numerator_usd, denominator_usd, source (the trade_partner_shares slug) and basis (its label)."""
    num_src, den_src = basis
    label = basis_label(country, num_src, den_src, allow=allow)
    j = pd.concat(
        {
            "numerator_usd": numerator(annual, country, num_src, flow),
            "denominator_usd": denominator(totals, country, den_src, flow),
        },
        axis=1,
        join="inner",
    ).dropna()
    j = j[j.denominator_usd > 0]
    j.insert(0, "share", j.numerator_usd / j.denominator_usd)
    j.index = j.index.astype(int)
    j.index.name = "year"
    return j.assign(source=share_slug(num_src, den_src), basis=label)


def spliced_share(
    annual: pd.DataFrame, totals: pd.DataFrame, country: str, bases: Sequence[Basis], start: int, end: int
) -> pd.DataFrame:
    """Year -> share on the first basis of `bases` that has the year; every row names its basis, so a
    switch of basis is visible in columns source and basis (never a silent splice)."""
    if not bases:
        raise WorkbookError(f"no basis given for {country}'s share")
    parts = [share(annual, totals, country, b) for b in bases]
    rows = []
    for year in range(start, end + 1):
        hit = next((p.loc[year] for p in parts if year in p.index), None)
        if hit is not None:
            rows.append(hit.rename(year))
    if not rows:
        raise WorkbookError(f"no share of {country}'s trade between {start} and {end} on bases {list(bases)}")
    out = pd.DataFrame(rows)
    out.index.name = "year"
    return out


def share_range(
    annual: pd.DataFrame,
    totals: pd.DataFrame,
    country: str,
    start: int,
    end: int,
    *,
    flow: str = "total",
    only: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The share on every declared basis with data (one column per trade_partner_shares slug; `only`
    keeps the listed slugs, in that order), and per
    year low, high, n_bases, spread_pp (high − low, in share points), relative (high / low − 1), both
    empty with fewer than two bases, and material (spread above MATERIAL_PP or relative above MATERIAL_REL)."""
    if only is not None:
        unknown = [o for o in only if o not in labels(country)]
        if unknown:
            raise WorkbookError(
                f"share_range: {unknown} are not declared bases of {country}'s shares: {sorted(labels(country))}"
            )
    cols = {}
    for c, n, d in SHARE_BASES:
        if c != country or (only is not None and share_slug(n, d) not in only):
            continue
        s = share(annual, totals, country, (n, d), flow=flow).share
        s = s[(s.index >= start) & (s.index <= end)]
        if len(s):
            cols[share_slug(n, d)] = s
    if not cols:
        raise WorkbookError(f"no {flow} share of {country}'s trade on any basis between {start} and {end}")
    if only is not None:
        cols = {o: cols[o] for o in only if o in cols}
    wide = pd.DataFrame(cols).sort_index()
    wide.index.name = "year"
    values = wide.copy()
    wide["low"], wide["high"] = values.min(axis=1), values.max(axis=1)
    wide["n_bases"] = values.notna().sum(axis=1)
    several = wide["n_bases"] >= 2  # a spread needs two bases
    wide["spread_pp"] = (wide["high"] - wide["low"]).where(several)
    wide["relative"] = (wide["high"] / wide["low"] - 1).where(several)
    wide["material"] = (wide["spread_pp"] > MATERIAL_PP) | (wide["relative"] > MATERIAL_REL)
    return wide


def labels(country: str) -> dict[str, str]:
    """Slug -> basis label for the declared bases of one country's shares."""
    return {share_slug(n, d): lab for (c, n, d), lab in SHARE_BASES.items() if c == country}
