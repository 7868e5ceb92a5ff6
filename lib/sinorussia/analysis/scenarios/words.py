"""Probability words -> numbers: the ICD 203 likelihood bands, how survey respondents read the source
documents' words, and a prior from one word per hypothesis.

Reference: Office of the Director of National Intelligence, Intelligence Community Directive 203,
Analytic Standards (2 January 2015), section D.6.e(2)(a): the seven likelihood terms and ranges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ...errors import ParameterError

# ICD 203 likelihood terms and their probability ranges.
ICD203 = {
    "almost no chance": (0.01, 0.05),
    "very unlikely": (0.05, 0.20),
    "unlikely": (0.20, 0.45),
    "roughly even chance": (0.45, 0.55),
    "likely": (0.55, 0.80),
    "very likely": (0.80, 0.95),
    "almost certain": (0.95, 0.99),
}

# How this workbook reads the source documents' words (an explicit, arguable choice):
# the nearest ICD 203 term, and the closest phrase that survey respondents were asked about.
DOC_WORDS = {
    "high probability": {"icd": "likely", "survey": "with high probability"},
    "medium probability": {"icd": "roughly even chance", "survey": "with moderate probability"},
    "low probability": {"icd": "unlikely", "survey": "with low probability"},
    "highly unlikely": {"icd": "very unlikely", "survey": "highly unlikely"},
    "most likely": {"icd": "likely", "survey": "likely"},
    "likely": {"icd": "likely", "survey": "likely"},
    "unlikely": {"icd": "unlikely", "survey": "unlikely"},
    "real possibility": {"icd": "roughly even chance", "survey": "real possibility"},
}


def icd_band(word: str) -> tuple[float, float]:
    """The ICD 203 range for a document's word (via DOC_WORDS) or an ICD term itself."""
    w = word.strip().lower()
    term = DOC_WORDS.get(w, {}).get("icd", w)
    if term not in ICD203:
        raise ParameterError(f"no ICD 203 band for {word!r}; known words: {sorted(set(DOC_WORDS) | set(ICD203))}")
    return ICD203[term]


def survey_phrase(word: str) -> str:
    """The phrase the surveys asked about for a document word (case and spaces as in DOC_WORDS)."""
    w = word.strip().lower()
    return DOC_WORDS.get(w, {}).get("survey", w)


def survey_values(words: pd.DataFrame, word: str) -> pd.DataFrame:
    """The survey rows (both surveys) for a document word; the tables write phrases with spaces or '_'."""
    phrase = survey_phrase(word)
    return words[words["phrase"].isin({phrase, phrase.replace(" ", "_")})]


def survey_reading(words: pd.DataFrame, word: str) -> pd.DataFrame:
    """How survey respondents read a document's word: n, quartiles and median per survey.

    `words` is the probability_words table (phrase, respondent, probability, survey).
    """
    phrase = survey_phrase(word)
    sub = survey_values(words, word)
    if sub.empty:
        raise ParameterError(f"no survey asked about {phrase!r} (for {word!r})")
    g = sub.groupby("survey")["probability"]
    out = pd.DataFrame(
        {"phrase": phrase, "n": g.size(), "q25": g.quantile(0.25), "median": g.median(), "q75": g.quantile(0.75)}
    )
    return out.reset_index()


def words_to_prior(
    words_by_hypothesis: Mapping[str, str], method: str = "icd_midpoint", survey: pd.DataFrame | None = None
) -> pd.Series:
    """Turn each hypothesis's probability word into a number, then normalise to a prior.

    method: 'icd_midpoint' (middle of the ICD 203 band) or 'survey_median' (median reading across
    respondents of both surveys, pooled). Normalising is needed because the documents' words are
    not a coherent distribution (e.g. 'high' + 'medium' + two 'low' sums above one).
    """
    raw = {}
    for h, word in words_by_hypothesis.items():
        if method == "icd_midpoint":
            lo, hi = icd_band(word)
            raw[h] = (lo + hi) / 2
        elif method == "survey_median":
            if survey is None:
                raise ParameterError("survey_median needs the probability_words table")
            vals = survey_values(survey, word)["probability"]
            if vals.empty:
                raise ParameterError(f"no survey reading for {word!r}")
            raw[h] = float(vals.median())
        else:
            raise ParameterError(f"unknown method {method!r}; use 'icd_midpoint' or 'survey_median'")
    s = pd.Series(raw, dtype=float)
    return s / s.sum()


def word_readings(words_table: pd.DataFrame, words: Iterable[str]) -> pd.DataFrame:
    """One row per document word: its ICD 203 band and midpoint, and the pooled survey quartiles."""
    rows = []
    for w in dict.fromkeys(words):
        lo, hi = icd_band(w)
        phrase = survey_phrase(w)
        vals = survey_values(words_table, w)["probability"]
        rows.append(
            {
                "word": w,
                "icd_term": DOC_WORDS.get(w.strip().lower(), {}).get("icd", w),
                "icd_low": lo,
                "icd_high": hi,
                "icd_mid": (lo + hi) / 2,
                "survey_phrase": phrase,
                "n": int(vals.size),
                "survey_q25": vals.quantile(0.25),
                "survey_median": vals.median(),
                "survey_q75": vals.quantile(0.75),
                "share_inside_band": float(vals.between(lo, hi).mean()) if vals.size else float("nan"),
            }
        )
    return pd.DataFrame(rows).set_index("word")
