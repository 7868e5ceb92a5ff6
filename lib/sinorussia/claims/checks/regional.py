"""Check functions for the regional claims: Central Asia and the neighbours between China and Russia.

Trade as each country's own statistics report it (analysis.regional.partner_trade: the national
office first, WITS where it has none, never Russia's mirror), Chinese official finance (AidData),
and China's arms deliveries to the region.
"""

from __future__ import annotations

import functools

import pandas as pd

from ...analysis.military import partner_ranking
from ...analysis.regional import NATIONAL_SOURCE, partner_trade
from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from .common import _verdict, load


@check_function()
def regional_lead(
    year: int, reporters: list[str], share_needed: float, min_lead: float, flow: str = "total", own_only: bool = False
) -> Result:
    """Qualitative 'China's footprint overshadows Russia's in Central Asia': the share of the given
    reporters whose own statistics show trade with China at least `min_lead` times that with Russia
    (partner-reported figures differ by about 10 %, so a smaller margin is no lead); supported if that
    share exceeds `share_needed`. One value per reporter,
    partner and flow (the national office first, WITS where it has none: `regional.partner_trade`, so
    overlapping sources are never added up); own_only uses the national offices alone."""
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
    ratio = w.CHN / w.RUS
    lead = known & (ratio >= min_lead)
    share = float(lead.mean())
    detail = "; ".join(
        f"{k}: CHN {v.CHN / 1e9:.1f} bn vs RUS {v.RUS / 1e9:.1f} bn (×{v.CHN / v.RUS:.2f})"
        for k, v in w[known].iterrows()
    )
    sums = w[known][["CHN", "RUS"]].sum()
    detail += f"; together CHN {sums.CHN / 1e9:.1f} bn vs RUS {sums.RUS / 1e9:.1f} bn"
    if (~known).any():
        detail += f"; no {'national ' if own_only else ''}figures for both partners: {', '.join(w.index[~known])}"
    return Result(
        share,
        f"{year} {flow} as reported by each country — {detail}",
        ("regional_trade",),
        verdict=_verdict(share > share_needed),
        rule=f"supported if China leads (trade with China ≥ {min_lead:g}× trade with Russia) in more than "
        f"{share_needed:.0%} of the {len(reporters)} reporters",
        basis="each country's own statistics (national office first, WITS where it has none): partner-reported, "
        "far below China's own figures",
    )


@check_function()
def arms_total(
    start: int, end: int, supplier: str, recipients: list[str], at_least: float, source: str = "sipri_2026"
) -> Result:
    """Summed TIV from a supplier to a group of recipients; supported when it reaches `at_least`."""
    ranking = partner_ranking(load("arms_transfers"), supplier, start, end, source)
    by = ranking[ranking.index.isin(recipients)].sort_index()
    total = float(by.sum())
    return Result(
        total,
        f"{supplier} → {', '.join(recipients)}, {start}–{end}: {total:,.0f} million TIV "
        f"({', '.join(f'{k} {v:,.0f}' for k, v in by.items()) or 'none'}; {source})",
        ("arms_transfers",),
        verdict=_verdict(total >= at_least),
        rule=f"supported if the deliveries total at least {at_least:g} million TIV",
    )


@check_function()
def finance_recipients(
    countries: list[str], min_usd: float, need: int, measure: str = "total_official_finance"
) -> Result:
    """How many of the listed countries received Chinese official finance above `min_usd` (AidData,
    2000–2021); supported if at least `need` did."""
    f = load("development_finance")
    d = f[(f.measure == measure) & f.country.isin(countries)].set_index("country").commitments_usd
    n = int((d > min_usd).sum())
    listed = ", ".join(f"{c} {d.get(c, 0) / 1e9:.2f} bn" for c in countries)
    return Result(
        float(n),
        f"Chinese official finance commitments 2000–2021: {listed}; {n} of {len(countries)} above {min_usd / 1e9:g} bn",
        ("development_finance",),
        verdict=_verdict(n >= need),
        rule=f"supported if at least {need} of the {len(countries)} received more than {min_usd / 1e9:g} bn USD",
        basis="AidData GCDF 3.0: Chinese official finance commitments (not private investment)",
    )


@functools.cache
def _reported(reporter: str) -> pd.Series:
    """Trade with China and Russia as `reporter` reports it (regional.partner_trade: national office
    first, WITS where it has none; never Russia's mirror), indexed by year, partner and flow."""
    return partner_trade(load("regional_trade"), reporter).set_index(["year", "partner", "flow"]).value_usd


def _regional(year: int, reporter: str, partner: str, flow: str) -> float:
    """One flow of `reporter` with `partner` in one year, from its own statistics (an error if they lack it)."""
    v = _reported(reporter).get((year, partner, flow))
    if v is None:
        raise WorkbookError(f"no {flow} of {reporter} with {partner} in {year} in its own statistics")
    return float(v)


@check_function()
def regional_flow_change(
    start: int, end: int, reporters: list[str], legs: list[list[str]], need: int, min_ratio: float
) -> Result:
    """Flows reported by each country's own statistics (legs = [partner, flow] pairs) at `end` against
    `start`; supported if every leg grew to at least `min_ratio` times its start for at least `need` reporters."""
    rows, ok = [], 0
    for rep in reporters:
        rose = True
        for partner, flow in legs:
            a, b = _regional(start, rep, partner, flow), _regional(end, rep, partner, flow)
            rose &= b >= min_ratio * a
            rows.append(f"{rep} {flow} {partner} {a / 1e9:.1f}→{b / 1e9:.1f} bn (×{b / a:.2f})")
        ok += rose
    return Result(
        float(ok),
        f"{start}→{end}: " + "; ".join(rows) + f"; {ok} of {len(reporters)} reporters with every leg up",
        ("regional_trade",),
        verdict=_verdict(ok >= need),
        rule=f"supported if every leg grew ×{min_ratio:g} or more for at least {need} of {len(reporters)} reporters",
    )


@check_function()
def regional_share_shift(start: int, end: int, reporters: list[str], need: int, min_change: float) -> Result:
    """China's share of each reporter's trade with China and Russia combined (own statistics), end
    against start; supported if it rose by more than `min_change` for at least `need` reporters."""
    rows, ok = [], 0
    for rep in reporters:
        s = [
            _regional(y, rep, "CHN", "total") / (_regional(y, rep, "CHN", "total") + _regional(y, rep, "RUS", "total"))
            for y in (start, end)
        ]
        ok += s[1] - s[0] > min_change
        rows.append(f"{rep} {s[0]:.0%}→{s[1]:.0%}")
    return Result(
        float(ok),
        f"China's share of trade with China+Russia, {start}→{end}: "
        + ", ".join(rows)
        + f"; rose by more than {min_change * 100:g} pp for {ok}",
        ("regional_trade",),
        verdict=_verdict(ok >= need),
        rule=f"supported if China's share rose by more than {min_change * 100:g} percentage points for at least "
        f"{need} of {len(reporters)} reporters",
    )


@check_function()
def fdi_overtaking(start: int, end: int, countries: list[str], min_lead: float) -> Result:
    """Compound 'China overtook Russia in investment': FDI from China against FDI from Russia, summed over the
    countries with both values in both years (fdi_central_asia, a secondary compilation). Part 1: China
    leads at `end` (ratio ≥ min_lead); part 2: it did not lead at `start`. Partly if only part 1 holds."""
    f = load("fdi_central_asia").pivot_table(index=["country", "year"], columns="investor", values="value_usd")
    both = [c for c in countries if all((c, y) in f.index and f.loc[(c, y)].notna().all() for y in (start, end))]
    if not both:
        raise WorkbookError(f"fdi_central_asia: no country of {countries} has both investors in {start} and {end}")
    r0, r1 = (f.loc[[(c, y) for c in both]].sum() for y in (start, end))
    ratio0, ratio1 = r0.CHN / r0.RUS, r1.CHN / r1.RUS
    parts = [ratio1 >= min_lead, ratio0 < min_lead]
    verdict = "contradicted" if not parts[0] else "supported" if parts[1] else "partly supported"
    out = sorted(set(countries) - set(both))
    return Result(
        float(ratio1),
        f"{', '.join(both)}"
        + (f" (left out, lacking a value: {', '.join(out)})" if out else "")
        + f": China {r0.CHN / 1e9:.2f} vs Russia {r0.RUS / 1e9:.2f} bn in {start} (×{ratio0:.2f}); "
        f"{r1.CHN / 1e9:.2f} vs {r1.RUS / 1e9:.2f} bn in {end} (×{ratio1:.2f})",
        ("fdi_central_asia",),
        verdict=verdict,
        rule=f"compound: China's FDI at least {min_lead:g}× Russia's in {end}, and not so in {start} (the "
        "overtaking); partly if China leads but already led at the start",
        basis="a repository author's compilation of IMF direct-investment figures (secondary; stocks or flows "
        "not documented)",
    )


@check_function()
def deals_with(country: str, parties: list[str], parts: dict[str, list[str]], start: int, end: int) -> Result:
    """Compound 'joint projects of several kinds': Chinese deals (AEI tracker, 100 mn USD or more) in `country`
    whose counterpart is one of `parties`, in each part's sectors; supported if every part has a deal,
    partly if some do. Value: the number of deals found."""
    d = load("china_investment_deals")
    d = d[(d.country == country) & d.year.between(start, end) & d.party.isin(parties)]
    found = {p: d[d.sector.isin(sectors)] for p, sectors in parts.items()}
    listed = "; ".join(
        f"{p}: "
        + (
            ", ".join(f"{r.chinese_entity}–{r.party} {r.year} ({r.value_usd / 1e9:.2f} bn)" for r in g.itertuples())
            or "none"
        )
        for p, g in found.items()
    )
    ok = [not g.empty for g in found.values()]
    return Result(
        float(sum(len(g) for g in found.values())),
        f"deals in {country} {start}–{end} with {', '.join(parties)} — {listed}",
        ("china_investment_deals",),
        verdict="supported" if all(ok) else "partly supported" if any(ok) else "contradicted",
        rule=f"compound over {', '.join(parts)}: at least one tracker deal in each; partly if in some",
        basis="AEI / Heritage China Global Investment Tracker (deals of 100 mn USD or more, to mid-2018); "
        "counterparts chosen by the register, not flagged as Arctic by the tracker",
    )
