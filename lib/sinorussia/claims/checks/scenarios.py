"""Check functions for the scenarios claims: likelihood words read as probabilities, and forecasts resolved.

Most scenario claims are forecasts that the data cannot settle yet; what the data can test now is how
their likelihood words read (probability_word, against the ICD 203 bands and surveys of readers): a
check of language, whose outcome the engine reports as a wording outcome, never as a verdict on the
forecast. A few 2018 forecasts the data now resolve, and those get ordinary verdicts with a stated
threshold: asymmetry_trend (builds on the economics check trade_asymmetry), trade_growth_resolved
(on trade_growth) and leaders_in_office (the curated timeline).
"""

from __future__ import annotations

import pandas as pd

from ...analysis.scenarios import ICD203, survey_reading
from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from .common import load
from .context import _document_number
from .economics import trade_growth
from .shares import trade_asymmetry


@check_function()
def asymmetry_trend(
    start: int,
    end: int,
    at_least: float,
    source: str = "comtrade_china_processed/atlas",
    russia_source: str | None = None,
    china_source: str | None = None,
) -> Result:
    """'The asymmetry will grow': the asymmetry ratio (China's share of Russia's trade over Russia's
    share of China's) at `end` against `start`; supported if it grew by the factor `at_least`. Each side
    keeps one basis over the span (`russia_source`, `china_source`, else `source`)."""
    a0 = trade_asymmetry(start, source=source, russia_source=russia_source, china_source=china_source)
    a1 = trade_asymmetry(end, source=source, russia_source=russia_source, china_source=china_source)
    r0, r1 = a0.value, a1.value
    return Result(
        r1 / r0,
        f"asymmetry ratio {r0:.1f} in {start}, {r1:.1f} in {end} (×{r1 / r0:.2f}); {a1.detail}",
        ("trade_partner_shares",),
        verdict="supported" if r1 / r0 >= at_least else "contradicted",
        rule=f"supported if the asymmetry ratio {end} over {start} is at least ×{at_least:g}",
        basis=a1.basis,
    )


@check_function()
def trade_growth_resolved(start: int, end: int, at_least: float, source: str | None = None) -> Result:
    """A forecast of growing trade, resolved: two-way trade at `end` over `start` (the China-reported
    headline unless `source` names another); supported if the ratio is at least `at_least`."""
    r = trade_growth(start, end, source=source, measure="ratio")
    return Result(
        r.value,
        r.detail + f" (×{r.value:.2f})",
        r.tables,
        verdict="supported" if r.value >= at_least else "contradicted",
        rule=f"supported if two-way trade {end} over {start} is at least ×{at_least:g}",
        raw_ids=r.raw_ids,
    )


@check_function()
def leaders_in_office(leaders: list[str], document: str, written: str, min_years: float) -> Result:
    """'Both leaders will stay in power for a long time', resolved on the curated timeline: the latest
    event naming every leader (as participants of a summit, visit or parade) at least `min_years` after
    `written` (ISO date, the document's date). Rows citing the document itself are not used. Value =
    the years from writing to that event."""
    t = load("timeline_events")
    t = t[t.cites_document.isna() | (t.cites_document != _document_number(document))]
    t = t[t.category.isin(["summit", "multilateral", "military"])]
    both = t[t.event.apply(lambda e: all(name.lower() in e.lower() for name in leaders))]
    if both.empty:
        raise WorkbookError(f"timeline_events: no event names all of {leaders}")
    last = both.sort_values("date").iloc[-1]
    years = float((last.date - pd.Timestamp(written)).days / 365.25)
    return Result(
        years,
        f"latest event naming {' and '.join(leaders)}: {last.date:%Y-%m-%d} {last.event} ({last.source_title}); "
        f"{years:.1f} years after {written}",
        ("timeline_events",),
        verdict="supported" if years >= min_years else "contradicted",
        rule=f"supported if an event at least {min_years:g} years after {written} shows {' and '.join(leaders)} "
        "still acting as leaders",
        basis="curated timeline, independent sources only",
    )


@check_function()
def probability_word(word: str, icd: str, survey: str | None = None) -> Result:
    """A scenario claim's likelihood word read two ways: the ICD 203 band this workbook maps it to
    (`icd`) and the median reading of the surveyed phrase (`survey`, the document's own word when it
    was surveyed) in each survey of probability_words. Tests whether readers take the word to mean
    what the band says — not whether the forecast comes true: every survey median in the band reads
    as 'wording matches', some as 'wording mixed', none as 'wording at odds' (engine._WORDING)."""
    if icd not in ICD203:
        raise WorkbookError(f"{icd!r} is not an ICD 203 term: {sorted(ICD203)}")
    low, high = ICD203[icd]
    phrase = survey or word
    r = survey_reading(load("probability_words"), phrase)
    inside = r["median"].between(low, high)
    verdict = "supported" if inside.all() else "partly supported" if inside.any() else "contradicted"
    medians = ", ".join(f"{s} {m:.0%} (n={n})" for s, m, n in zip(r.survey, r["median"], r.n))
    stand_in = (
        "" if phrase.lower() == word.lower() else f" (the surveys did not ask about {word!r}: {phrase!r} stands in)"
    )
    return Result(
        float(r["median"].median()),
        f"'{word}' read as ICD 203 '{icd}' ({low:.0%}–{high:.0%}); survey medians for '{r.phrase.iloc[0]}': {medians}",
        ("probability_words",),
        verdict=verdict,
        rule=f"ICD 203 band '{icd}' {low:.0%}–{high:.0%}; survey median for '{r.phrase.iloc[0]}' {medians}"
        f"{stand_in}: matches if every survey median lies in the band",
    )
