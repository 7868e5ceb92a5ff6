"""Check functions for the political claims: UN votes and vetoes, group weights, partners compared.

UNGA agreement and ideal points, the Security Council's vetoes, the BRICS' share of world GDP, and
the trade comparisons the political documents make (one partner against another, the trade with a
group of partners over time).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from .common import _graded, load


@check_function()
def agreement_gap(year: int, min_gap: float = 0.3) -> Result:
    """Qualitative 'Russia and China are aligned against the US-led order': their UNGA agreement
    minus the higher of each one's agreement with the US; supported when at least `min_gap`."""
    ag = load("unga_agreement").set_index(["year", "country_a", "country_b"]).agreement
    rc, ru, cu = ag[(year, "CHN", "RUS")], ag[(year, "RUS", "USA")], ag[(year, "CHN", "USA")]
    gap = float(rc - max(ru, cu))
    return Result(
        gap,
        f"{year}: Russia–China {rc:.0%}, Russia–US {ru:.0%}, China–US {cu:.0%}",
        ("unga_agreement",),
        verdict=_graded(gap, min_gap, min_gap / 2),
    )


@check_function()
def ideal_point_convergence(start: int, end: int, source: str = "bsv_2025") -> Result:
    """Qualitative 'political alignment has intensified': the distance between Russia's and China's
    UNGA ideal points at `end` versus `start` (smaller = closer)."""
    ip = load("unga_ideal_points")
    d = ip[(ip.source == source) & ip.country.isin(["RUS", "CHN"])].pivot(
        index="year", columns="country", values="ideal_point"
    )
    gap = (d.RUS - d.CHN).abs()
    g0, g1 = float(gap[start]), float(gap[end])
    return Result(
        g1 - g0,
        f"ideal-point distance {g0:.2f} in {start}, {g1:.2f} in {end} ({source})",
        ("unga_ideal_points",),
        verdict="supported" if g1 < g0 else "contradicted",
    )


@check_function()
def veto_count(
    start: str,
    end: str,
    members: Sequence[str] = ("china", "russia"),
    ussr_counts_as_russia: bool = True,
    subject: str | None = None,
    at_least: int | None = None,
) -> Result:
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
    return Result(
        float(n),
        f"{n} drafts vetoed by {' and '.join(members)}{' on ' + subject if subject else ''}, "
        f"{start} to {end} (UN list complete to 8 Jul 2022; later only the Gaza vetoes)",
        ("unsc_vetoes",),
        verdict=verdict,
    )


@check_function()
def partner_share_below(
    country: str, partner: str, reference: str, flow: str, start: int, end: int, source: str = "fcs_russia"
) -> Result:
    """'Partner X has always been smaller than Y': years in which partner's share stays below reference's;
    value = the largest partner/reference ratio; supported if below in every year."""
    s = load("trade_partner_shares")
    d = s[(s.country == country) & (s.flow == flow) & (s.source == source) & s.year.between(start, end)]
    w = d.pivot_table(index="year", columns="partner", values="share")[[partner, reference]]
    ratio = w[partner] / w[reference]
    below = int((ratio < 1).sum())
    return Result(
        float(ratio.max()),
        f"{partner} vs {reference} in {country}'s {flow}, {start}–{end}: below in "
        f"{below} of {len(w)} years; "
        f"{partner}/{reference} at most {ratio.max():.2f} ({source})",
        ("trade_partner_shares",),
        verdict="supported" if below == len(w) else "partly supported" if below >= len(w) / 2 else "contradicted",
    )


@check_function()
def partners_value_change(
    country: str, partners: list[str], flow: str, start: int, end: int, source: str = "fcs_russia"
) -> Result:
    """Trade of a country with a group of partners (their shares times its total trade, atlas), end/start;
    supported if it did not fall."""
    s = load("trade_partner_shares")
    t = load("trade_totals")
    t = t[(t.country == country) & (t.source == "atlas")].set_index("year")
    vals = {}
    for y in (start, end):
        sh = s[
            (s.year == y) & (s.country == country) & (s.flow == flow) & (s.source == source) & s.partner.isin(partners)
        ].share.sum()
        tot = t.exports_usd[y] + t.imports_usd[y] if flow == "total" else t[f"{flow}_usd"][y]
        vals[y] = float(sh * tot)
    r = vals[end] / vals[start]
    return Result(
        r,
        f"{country}'s {flow} with {', '.join(partners)}: {vals[start] / 1e9:.1f} bn in {start} → "
        f"{vals[end] / 1e9:.1f} bn in {end} ({source} shares × atlas totals)",
        ("trade_partner_shares", "trade_totals"),
        verdict="supported" if r >= 1 else "contradicted",
    )


@check_function()
def gdp_group_share(
    year: int, base: list[str], added: list[str], source: str = "wdi", min_gain: float = 0.01
) -> Result:
    """Share of world GDP (current USD) of a country group before and after adding members; value =
    the gain in share; supported if at least `min_gain`."""
    m = load("macro_indicators")
    d = m[(m.year == year) & (m.indicator == "gdp_current_usd") & (m.source == source)].set_index("country").value
    missing = [c for c in base + added + ["WLD"] if c not in d]
    if missing:
        raise WorkbookError(f"no GDP for {missing} in {year} ({source})")
    s0 = float(d[base].sum() / d["WLD"])
    s1 = float(d[base + added].sum() / d["WLD"])
    return Result(
        s1 - s0,
        f"{year}: {'+'.join(base)} {s0:.1%} of world GDP; with {'+'.join(added)} {s1:.1%} ({source})",
        ("macro_indicators",),
        verdict="supported" if s1 - s0 >= min_gain else "contradicted",
    )
