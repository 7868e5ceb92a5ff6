"""Check functions for the scenarios claims: likelihood words read as probabilities, and trends projected.

Most scenario claims are forecasts; what the data can test now is how their likelihood words read
(probability_word, against the ICD 203 bands and surveys of readers) and, for a few, whether a trend
they project has begun (asymmetry_trend builds on the economics check trade_asymmetry).
"""

from __future__ import annotations

from ...analysis.scenarios import ICD203, survey_reading
from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from .common import load
from .economics import trade_asymmetry


@check_function()
def asymmetry_trend(start: int, end: int, source: str = "comtrade_china_processed/atlas") -> Result:
    """Qualitative 'the asymmetry will grow': the asymmetry ratio at `end` against `start`."""
    r0 = trade_asymmetry(start, source=source).value
    r1 = trade_asymmetry(end, source=source).value
    return Result(
        r1 / r0,
        f"asymmetry ratio {r0:.1f} in {start}, {r1:.1f} in {end}",
        ("trade_partner_shares",),
        verdict="supported" if r1 > r0 else "contradicted",
    )


@check_function()
def probability_word(word: str, icd: str, survey: str | None = None) -> Result:
    """A scenario claim's likelihood word read two ways: the ICD 203 band this workbook maps it to
    (`icd`) and the median reading of the nearest surveyed phrase (`survey`) in each survey of
    probability_words. Tests whether readers take the word to mean what the band says — not whether
    the forecast comes true. Supported if every survey's median lies in the band, partly if some do."""
    if icd not in ICD203:
        raise WorkbookError(f"{icd!r} is not an ICD 203 term: {sorted(ICD203)}")
    low, high = ICD203[icd]
    r = survey_reading(load("probability_words"), survey or word)
    inside = r["median"].between(low, high)
    verdict = "supported" if inside.all() else "partly supported" if inside.any() else "contradicted"
    medians = ", ".join(f"{s} {m:.0%} (n={n})" for s, m, n in zip(r.survey, r["median"], r.n))
    return Result(
        float(r["median"].median()),
        f"'{word}' read as ICD 203 '{icd}' ({low:.0%}–{high:.0%}); survey medians for '{r.phrase.iloc[0]}': {medians}",
        ("probability_words",),
        verdict=verdict,
    )
