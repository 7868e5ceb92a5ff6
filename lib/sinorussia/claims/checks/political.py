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
def agreement_gap(year: int, min_gap: float) -> Result:
    """Qualitative 'Russia and China are aligned against the US-led order': their UNGA agreement
    minus the higher of each one's agreement with the US; supported when at least `min_gap`."""
    ag = load("unga_agreement").set_index(["year", "country_a", "country_b"]).agreement
    rc, ru, cu = ag[(year, "CHN", "RUS")], ag[(year, "RUS", "USA")], ag[(year, "CHN", "USA")]
    gap = float(rc - max(ru, cu))
    return Result(
        gap,
        f"{year}: Russia–China {rc:.0%}, Russia–US {ru:.0%}, China–US {cu:.0%}",
        ("unga_agreement",),
        verdict=_graded(gap, min_gap),
        rule=f"supported if Russia–China agreement in {year} exceeds the higher of each one's agreement with the US "
        f"by at least {min_gap:.0%} (points of agreement)",
    )


@check_function()
def ideal_point_convergence(
    base: list[int], recent: list[int], min_change: float, noise: list[int], source: str = "bsv_2025"
) -> Result:
    """Qualitative 'political alignment has intensified' on a noisy index: the mean distance between
    Russia's and China's UNGA ideal points over the `recent` years against the mean over the `base`
    years (value = the change; negative = closer). Supported if the distance fell by at least
    `min_change` standard deviations of the yearly distances over the `noise` years."""
    ip = load("unga_ideal_points")
    d = ip[(ip.source == source) & ip.country.isin(["RUS", "CHN"])].pivot(
        index="year", columns="country", values="ideal_point"
    )
    gap = (d.RUS - d.CHN).abs().dropna()
    years = gap.index.to_series()

    def mean(span: list[int]) -> float:
        sel = gap[years.between(span[0], span[-1])]
        if len(sel) != span[-1] - span[0] + 1:
            raise WorkbookError(f"unga_ideal_points ({source}) lacks years of {span[0]}-{span[-1]}")
        return float(sel.mean())

    g0, g1 = mean(base), mean(recent)
    sd = float(gap[years.between(noise[0], noise[-1])].std())
    change = g1 - g0
    span = lambda s: f"{s[0]}" if s[0] == s[-1] else f"{s[0]}–{s[-1]}"  # noqa: E731
    return Result(
        change,
        f"mean ideal-point distance {g0:.3f} in {span(base)}, {g1:.3f} in {span(recent)} (change {change:+.3f}); "
        f"yearly distances {noise[0]}–{noise[-1]} vary with SD {sd:.3f} ({source})",
        ("unga_ideal_points",),
        verdict="supported" if change <= -min_change * sd else "contradicted",
        rule=f"supported if the mean distance fell by at least {min_change:g} SD of the {noise[0]}–{noise[-1]} "
        f"yearly distances ({min_change * sd:.3f})",
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
    last = u.date.max()
    verdict = None if at_least is None else ("supported" if n >= at_least else "contradicted")
    rule = None if at_least is None else f"supported if at least {at_least} such vetoes"
    return Result(
        float(n),
        f"{n} drafts vetoed by {' and '.join(members)}{' on ' + subject if subject else ''}, "
        f"{start} to {end} (the UN library's list to 8 Jul 2022, then UN records curated to {last:%b %Y})",
        ("unsc_vetoes",),
        verdict=verdict,
        rule=rule,
    )


@check_function()
def partner_share_below(
    country: str, partner: str, reference: str, flow: str, start: int, end: int, source: str = "fcs_russia"
) -> Result:
    """'Partner X has always been smaller than Y': years in which partner's share stays below reference's;
    value = the largest partner/reference ratio; supported if below in every year (no partly band:
    'always' fails on any year)."""
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
        verdict="supported" if below == len(w) else "contradicted",
        rule=f"supported if {partner}'s share of {country}'s {flow} is below {reference}'s in every year {start}–{end}",
    )


@check_function()
def partners_value_change(
    country: str,
    partners: list[str],
    flow: str,
    start: int,
    end: int,
    min_ratio: float,
    source: str = "fcs_russia",
    total_source: str = "fcs_russia",
) -> Result:
    """Trade of a country with a group of partners (their shares times its total trade), end/start;
    supported if the ratio is at least `min_ratio` ('kept trading': did not fall). Shares and totals
    come from the same reporter by default (Russia's customs)."""
    s = load("trade_partner_shares")
    t = load("trade_totals")
    t = t[(t.country == country) & (t.source == total_source)].set_index("year")
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
        f"{vals[end] / 1e9:.1f} bn in {end} ({source} shares × {total_source} totals)",
        ("trade_partner_shares", "trade_totals"),
        verdict="supported" if r >= min_ratio else "contradicted",
        rule=f"supported if the trade with {', '.join(partners)} in {end} is at least {min_ratio:g} × {start}'s",
        basis=f"{source} partner shares times {total_source} totals",
    )


@check_function()
def gdp_group_share(year: int, base: list[str], added: list[str], min_gain: float, source: str = "wdi") -> Result:
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
        rule=f"supported if the added members raise the group's share of world GDP {year} by at least "
        f"{min_gain * 100:g} percentage points",
    )
