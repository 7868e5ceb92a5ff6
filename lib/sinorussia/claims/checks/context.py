"""Check functions for the context claims: ratios of GDP and military spending, and how they changed.

Used mostly by the context topic; indicator_compare also checks a few claims of other topics (one
each of economics, military and political), and lives here with its most frequent users.
"""

from __future__ import annotations

import numpy as np

from ...analysis.context import series
from ...analysis.military import spending_ratios
from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from .common import load


@check_function()
def spending_or_gdp_ratio(
    year: int,
    table: str = "macro_indicators",
    indicator: str = "gdp_current_usd",
    source: str = "wdi",
    a: str = "CHN",
    b: str = "RUS",
    at_least: float | None = None,
    at_most: float | None = None,
) -> Result:
    """Ratio a/b of GDP (macro_indicators) or military spending (military_expenditure, measure=indicator);
    optional thresholds compute the verdict for qualitative claims. The chapters' own selections do the
    work: military.spending_ratios and context.series."""
    t = load(table)
    try:
        if table == "military_expenditure":
            ratios = spending_ratios(t, pairs=((a, b),), measure=indicator, start=year, end=year)
            r = float(ratios[f"{a}/{b}"].loc[year])
        else:
            w = series(t, indicator, source, [a, b])
            r = float(w.loc[year, a] / w.loc[year, b])
    except KeyError:
        raise WorkbookError(f"{table}: no {indicator} for {a} and {b} in {year}") from None
    if np.isnan(r):
        raise WorkbookError(f"{table}: no {indicator} for {a} and {b} in {year}")
    verdict = None
    if at_least is not None:
        verdict = "supported" if r >= at_least else "contradicted"
    if at_most is not None:
        verdict = "supported" if r <= at_most else "partly supported" if r <= 2 * at_most else "contradicted"
    return Result(r, f"{a}/{b} {indicator} {year}: {r:.1f}", (table,), verdict=verdict)


@check_function()
def ratio_change(
    start: int,
    end: int,
    table: str = "macro_indicators",
    indicator: str = "gdp_current_usd",
    source: str = "wdi_2025",
    a: str = "CHN",
    b: str = "RUS",
    at_least: float | None = None,
) -> Result:
    """'The gap keeps widening': the a/b ratio at `end` against `start` (value = end ratio / start ratio);
    supported if the ratio grew and, with `at_least`, the end ratio reaches it."""
    r0 = spending_or_gdp_ratio(start, table, indicator, source, a, b).value
    r1 = spending_or_gdp_ratio(end, table, indicator, source, a, b).value
    ok = r1 > r0 and (at_least is None or r1 >= at_least)
    return Result(
        r1 / r0,
        f"{a}/{b} {indicator}: {r0:.1f} in {start}, {r1:.1f} in {end} ({source})"
        + (f"; supported if it grew and ≥ {at_least:g}" if at_least else "; supported if it grew"),
        (table,),
        verdict="supported" if ok else "contradicted",
    )


def _span(years: list[int]) -> str:
    """A period as text: '2021' for a single year, '2010–2014' for several."""
    return f"{years[0]}" if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


@check_function()
def indicator_compare(
    indicator: str,
    a: str,
    a_years: list[int],
    b: str,
    b_years: list[int],
    table: str = "macro_indicators",
    source: str | None = "wdi_2025",
    at_least: float | None = None,
    at_most: float | None = None,
) -> Result:
    """Mean of one indicator for country `a` over `a_years` divided by the mean for `b` over `b_years`
    (the same country twice compares periods). Verdict from `at_least` / `at_most` on that ratio."""
    t = load(table)
    col = "measure" if table == "military_expenditure" else "indicator"
    d = t[t[col] == indicator]
    if source and table != "military_expenditure":
        d = d[d.source == source]
    va = d[(d.country == a) & d.year.between(a_years[0], a_years[-1])].value
    vb = d[(d.country == b) & d.year.between(b_years[0], b_years[-1])].value
    if va.empty or vb.empty:
        raise WorkbookError(f"{table}: no {indicator} for {a} {a_years} or {b} {b_years}")
    r = float(va.mean() / vb.mean())
    verdict = None
    if at_least is not None:
        verdict = "supported" if r >= at_least else "contradicted"
    if at_most is not None:
        verdict = "supported" if r <= at_most else "contradicted"
    return Result(
        r,
        f"{indicator}: {a} {_span(a_years)} mean {va.mean():,.3g} vs {b} {_span(b_years)} mean "
        f"{vb.mean():,.3g}: ratio {r:.2f}"
        + (f" (supported if ≥ {at_least:g})" if at_least is not None else "")
        + (f" (supported if ≤ {at_most:g})" if at_most is not None else ""),
        (table,),
        verdict=verdict,
    )
