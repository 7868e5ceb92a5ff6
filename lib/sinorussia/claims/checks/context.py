"""Check functions for the context claims: ratios of GDP and military spending, how they changed, and
dates read from the curated timeline (timeline_events), never from a row that cites the document
under test.

Used mostly by the context topic; indicator_compare also checks a few claims of other topics (one
each of economics, military and political), and lives here with its most frequent users.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import yaml

from ...analysis.context import series
from ...analysis.military import spending_ratios
from ...errors import WorkbookError
from ..model import SOURCES_FILE, Result
from ..registry import check_function
from .common import _compound, load


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
    symmetric: bool = False,
) -> Result:
    """Ratio a/b of GDP (macro_indicators) or military spending (military_expenditure, measure=indicator);
    optional thresholds compute the verdict for qualitative claims: supported if the ratio is at least
    `at_least`, or at most `at_most` (with `symmetric`, also at least 1/`at_most`: rough parity either
    way). The chapters' own selections do the work: military.spending_ratios and context.series."""
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
    verdict, rule = None, None
    if at_least is not None:
        verdict = "supported" if r >= at_least else "contradicted"
        rule = f"supported if {a}/{b} {indicator} in {year} is at least {at_least:g}"
    if at_most is not None:
        low = 1 / at_most if symmetric else -np.inf
        verdict = "supported" if low <= r <= at_most else "contradicted"
        rule = (
            f"supported if {a}/{b} {indicator} in {year} lies between {low:.2f} and {at_most:g}"
            if symmetric
            else f"supported if {a}/{b} {indicator} in {year} is at most {at_most:g}"
        )
    return Result(r, f"{a}/{b} {indicator} {year}: {r:.2f}", (table,), verdict=verdict, rule=rule)


@check_function()
def ratio_change(
    start: int,
    end: int,
    min_ratio: float,
    table: str = "macro_indicators",
    indicator: str = "gdp_current_usd",
    source: str = "wdi_2025",
    a: str = "CHN",
    b: str = "RUS",
    at_least: float | None = None,
) -> Result:
    """'The gap keeps widening': the a/b ratio at `end` against `start` (value = end ratio / start ratio);
    supported if it grew by the factor `min_ratio` (a stated effect size, never any growth) and, with
    `at_least`, the end ratio reaches it."""
    r0 = spending_or_gdp_ratio(start, table, indicator, source, a, b).value
    r1 = spending_or_gdp_ratio(end, table, indicator, source, a, b).value
    ok = r1 / r0 >= min_ratio and (at_least is None or r1 >= at_least)
    rule = f"supported if {a}/{b} {indicator} {end} over {start} is at least ×{min_ratio:g}"
    rule += f" and the {end} ratio at least {at_least:g}" if at_least is not None else ""
    return Result(
        r1 / r0,
        f"{a}/{b} {indicator}: {r0:.1f} in {start}, {r1:.1f} in {end} (×{r1 / r0:.2f}; {source})",
        (table,),
        verdict="supported" if ok else "contradicted",
        rule=rule,
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
    verdict, rule = None, None
    what = f"{indicator} mean {a} {_span(a_years)} over {b} {_span(b_years)}"
    if at_least is not None:
        verdict, rule = ("supported" if r >= at_least else "contradicted"), f"supported if {what} ≥ {at_least:g}"
    if at_most is not None:
        verdict, rule = ("supported" if r <= at_most else "contradicted"), f"supported if {what} ≤ {at_most:g}"
    return Result(
        r,
        f"{indicator}: {a} {_span(a_years)} mean {va.mean():,.3g} vs {b} {_span(b_years)} mean "
        f"{vb.mean():,.3g}: ratio {r:.2f}",
        (table,),
        verdict=verdict,
        rule=rule,
    )


@check_function()
def advance_and_standstill(
    indicator: str,
    a: str,
    b: str,
    years: list[int],
    at_least: float,
    at_most: float,
    table: str = "macro_indicators",
    source: str | None = "wdi_2025",
) -> Result:
    """A compound claim 'a advances while b stands still': a's mean of the indicator over `years` at
    least `at_least` (part 1) and b's at most `at_most` (part 2). Both hold: supported; one: partly
    supported, the rule naming the part that fails; neither: contradicted. Value = b's mean."""
    t = load(table)
    d = t[(t.indicator == indicator) & t.year.between(years[0], years[-1])]
    d = d[d.source == source] if source else d
    ma, mb = (float(d[d.country == c].value.mean()) for c in (a, b))
    if np.isnan(ma) or np.isnan(mb):
        raise WorkbookError(f"{table}: no {indicator} for {a} or {b} in {_span(years)}")
    verdict, parts = _compound(
        {f"{a} advances (mean ≥ {at_least:g})": ma >= at_least, f"{b} stands still (mean ≤ {at_most:g})": mb <= at_most}
    )
    return Result(
        mb,
        f"{indicator} {_span(years)} mean: {a} {ma:.2f}, {b} {mb:.2f} ({source}); {parts}",
        (table,),
        verdict=verdict,
        rule=f"two parts, each must hold: {a}'s mean {indicator} {_span(years)} ≥ {at_least:g} and "
        f"{b}'s ≤ {at_most:g}; one of two is partly supported",
    )


# ----------------------------------------------------------------------------------- the curated timeline


def _document_number(document: str) -> str:
    """The number of a source document in ../shared/seeds ('002' for saga2018), from seeds/sources.yaml."""
    docs = {d["id"]: str(d["file"])[:3] for d in yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))}
    if document not in docs:
        raise WorkbookError(f"{document!r} is not a document of seeds/sources.yaml: {sorted(docs)}")
    return docs[document]


def _event(contains: str, document: str) -> pd.Series:
    """The one timeline row whose event text contains `contains`; refused if that row's only source is
    the document under test (a claim cannot be checked against itself)."""
    t = load("timeline_events")
    rows = t[t.event.str.contains(contains, case=False, regex=False)]
    if len(rows) != 1:
        raise WorkbookError(f"timeline_events: {len(rows)} events contain {contains!r}; name exactly one")
    row = rows.iloc[0]
    if isinstance(row.cites_document, str) and row.cites_document == _document_number(document):
        raise WorkbookError(
            f"timeline_events: the event {row.event!r} cites {document} itself; it cannot check {document}'s claims"
        )
    return row


def _dated(row: pd.Series) -> str:
    """An event as the ledger shows it: its date at the precision its source gives, and the source."""
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[row.date_precision]
    return f"{row.date.strftime(fmt)} {row.event} ({row.source_title})"


@check_function()
def timeline_year(event: str, document: str) -> Result:
    """The year of one event of the curated timeline (value), for a claim that dates it."""
    row = _event(event, document)
    return Result(float(row.date.year), _dated(row), ("timeline_events",), basis="curated timeline, cited page")


@check_function()
def timeline_days(first: str, second: str, document: str) -> Result:
    """Days from one event of the curated timeline to another (both dated to the day)."""
    r1, r2 = _event(first, document), _event(second, document)
    if {r1.date_precision, r2.date_precision} != {"day"}:
        raise WorkbookError("timeline_events: a count of days needs both events dated to the day")
    days = int((r2.date - r1.date).days)
    return Result(float(days), f"{_dated(r1)} → {_dated(r2)}: {days} days", ("timeline_events",))


@check_function()
def war_year(start: str, written_after: str, document: str) -> Result:
    """Which year of a war it was (1 = the first twelve months) on the date of an event the document
    reports as past: the earliest date the text can have been finished."""
    r0, r1 = _event(start, document), _event(written_after, document)
    a, b = r0.date, r1.date
    n = b.year - a.year - int((b.month, b.day) < (a.month, a.day)) + 1  # whole years elapsed, plus one
    return Result(
        float(n),
        f"from {_dated(r0)} to {_dated(r1)}, which the document reports as past: year {n} of the war",
        ("timeline_events",),
    )


@check_function()
def timeline_events_found(events: list[str], document: str, period: list[str]) -> Result:
    """'These events took place in this period': every named event is in the curated timeline and dated
    within `period` (ISO dates, inclusive). Value = the number found in the period."""
    lo, hi = (pd.Timestamp(p) for p in period)
    rows = [_event(e, document) for e in events]
    inside = [bool(lo <= r.date <= hi) for r in rows]
    return Result(
        float(sum(inside)),
        "; ".join(_dated(r) for r in rows),
        ("timeline_events",),
        verdict="supported" if all(inside) else "contradicted",
        rule=f"supported if each of {len(events)} event(s) is in the timeline, dated {period[0]} to {period[1]}",
    )
