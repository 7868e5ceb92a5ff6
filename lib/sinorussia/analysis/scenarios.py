"""Scenarios as explicit probabilities: words -> numbers, Bayesian updating, competing hypotheses,
Monte Carlo projections and proper scoring. Used by notebook 06; every function is unit-tested.

References
- Office of the Director of National Intelligence, Intelligence Community Directive 203,
  Analytic Standards (2 January 2015), section D.6.e(2)(a): the seven likelihood terms and ranges.
- Heuer, R. J. (1999). Psychology of Intelligence Analysis, ch. 8: Analysis of Competing Hypotheses.
- Brier, G. W. (1950). Verification of forecasts expressed in terms of probability. Monthly
  Weather Review 78(1): 1–3.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..errors import ParameterError, WorkbookError

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


def survey_reading(words: pd.DataFrame, word: str) -> pd.DataFrame:
    """How survey respondents read a document's word: n, quartiles and median per survey.

    `words` is the probability_words table (phrase, respondent, probability, survey).
    """
    w = word.strip().lower()
    phrase = DOC_WORDS.get(w, {}).get("survey", w)
    keys = {phrase, phrase.replace(" ", "_")}
    sub = words[words["phrase"].isin(keys)]
    if sub.empty:
        raise ParameterError(f"no survey asked about {phrase!r} (for {word!r})")
    g = sub.groupby("survey")["probability"]
    out = pd.DataFrame({"phrase": phrase, "n": g.size(), "q25": g.quantile(0.25), "median": g.median(),
                        "q75": g.quantile(0.75)})
    return out.reset_index()


def validate_distribution(p: Mapping[str, float], name: str = "prior", tol: float = 1e-6) -> pd.Series:
    """A probability distribution over hypotheses: each in [0, 1], summing to 1, else ParameterError."""
    s = pd.Series(dict(p), dtype=float)
    if s.empty:
        raise ParameterError(f"{name} is empty")
    bad = s[(s < 0) | (s > 1) | s.isna()]
    if len(bad):
        raise ParameterError(f"{name}: probabilities must lie between 0 and 1; check {bad.to_dict()}")
    if abs(s.sum() - 1) > tol:
        raise ParameterError(f"{name}: probabilities must sum to 1, they sum to {s.sum():.4f}; rescale them")
    return s


def words_to_prior(words_by_hypothesis: Mapping[str, str], method: str = "icd_midpoint",
                   survey: pd.DataFrame | None = None) -> pd.Series:
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
            w = word.strip().lower()
            phrase = DOC_WORDS.get(w, {}).get("survey", w)
            vals = survey.loc[survey["phrase"].isin({phrase, phrase.replace(' ', '_')}), "probability"]
            if vals.empty:
                raise ParameterError(f"no survey reading for {word!r}")
            raw[h] = float(vals.median())
        else:
            raise ParameterError(f"unknown method {method!r}; use 'icd_midpoint' or 'survey_median'")
    s = pd.Series(raw, dtype=float)
    return s / s.sum()


def bayes_update(prior: Mapping[str, float], likelihood_ratios: Mapping[str, float]) -> pd.Series:
    """One step of Bayes' rule with relative likelihoods: posterior_h ∝ prior_h × L_h.

    `likelihood_ratios` gives, for each hypothesis, how likely the observed evidence is under it
    (any common scale: only ratios between hypotheses matter).
    """
    p = validate_distribution(prior)
    lr = pd.Series(dict(likelihood_ratios), dtype=float).reindex(p.index)
    if lr.isna().any():
        raise ParameterError(f"likelihood ratios missing for {list(lr[lr.isna()].index)}")
    if (lr < 0).any():
        raise ParameterError("likelihood ratios must be non-negative")
    post = p * lr
    if post.sum() == 0:
        raise ParameterError("the evidence has zero likelihood under every hypothesis")
    return post / post.sum()


def sequential_update(prior: Mapping[str, float], evidence: pd.DataFrame) -> pd.DataFrame:
    """Apply a sequence of observations (rows of `evidence`, columns = hypotheses) in order.

    Returns the prior and then the posterior after each row, one row per step, indexed by the
    evidence label (the first row is 'prior').
    """
    p = validate_distribution(prior)
    rows = [p.rename("prior")]
    for label, lrs in evidence.iterrows():
        p = bayes_update(p, lrs.to_dict())
        rows.append(p.rename(label))
    return pd.DataFrame(rows)


def sensitivity(prior: Mapping[str, float], evidence: pd.DataFrame, factor: float = 2.0) -> pd.DataFrame:
    """Which assumption drives the result: each likelihood ratio multiplied and divided by `factor`.

    Returns, for every (evidence, hypothesis) cell perturbed, the largest absolute change in any
    hypothesis's final posterior, sorted from most to least influential.
    """
    base = sequential_update(prior, evidence).iloc[-1]
    out = []
    for label in evidence.index:
        for h in evidence.columns:
            for f in (factor, 1 / factor):
                ev = evidence.copy()
                ev.loc[label, h] = ev.loc[label, h] * f
                post = sequential_update(prior, ev).iloc[-1]
                out.append({"evidence": label, "hypothesis": h, "multiplier": f,
                            "max_change": float((post - base).abs().max()),
                            "leader_after": post.idxmax()})
    return pd.DataFrame(out).sort_values("max_change", ascending=False, kind="mergesort").reset_index(drop=True)


ACH_SCORES = {"CC": 0, "C": 0, "N": 0, "NA": 0, "I": 1, "II": 2}


def ach_inconsistency(matrix: pd.DataFrame, weights: pd.Series | None = None) -> pd.Series:
    """Heuer's Analysis of Competing Hypotheses: weighted inconsistency score per hypothesis.

    `matrix`: evidence × hypotheses with ratings CC, C (consistent), N/NA (neutral), I, II
    (inconsistent, doubly). Heuer's rule: look for the hypothesis with the LEAST inconsistency,
    since consistent evidence rarely discriminates. Scores: I = 1, II = 2, times evidence weight.
    """
    unknown = set(np.unique(matrix.values)) - set(ACH_SCORES)
    if unknown:
        raise ParameterError(f"ACH ratings must be one of {list(ACH_SCORES)}; found {sorted(unknown)}")
    scores = matrix.replace(ACH_SCORES).astype(float)
    if weights is not None:
        scores = scores.mul(weights.reindex(matrix.index).fillna(1.0), axis=0)
    return scores.sum().sort_values(kind="mergesort").rename("inconsistency")


def simulate_paths(start: float, growth_mean: float, growth_sd: float, years: int, n_draws: int,
                   seed: int) -> np.ndarray:
    """Monte Carlo of an indicator: log growth each year ~ Normal(mean, sd), independent.

    Returns an array (n_draws, years) of levels for years 1..`years` after the start value.
    Fully vectorised; the same seed gives the same draws.
    """
    if years < 1 or n_draws < 1:
        raise ParameterError("years and n_draws must be at least 1")
    if growth_sd < 0:
        raise ParameterError("growth_sd must be non-negative")
    rng = np.random.default_rng(seed)
    shocks = rng.normal(growth_mean, growth_sd, size=(n_draws, years))
    return start * np.exp(np.cumsum(shocks, axis=1))


def simulate_share_paths(start: float, drift: float, sd: float, years: int, n_draws: int, seed: int) -> np.ndarray:
    """Monte Carlo of a share (0–1): a random walk on the logit scale, so paths stay inside (0, 1)."""
    if not 0 < start < 1:
        raise ParameterError(f"start share must lie strictly between 0 and 1, got {start}")
    rng = np.random.default_rng(seed)
    logit0 = np.log(start / (1 - start))
    steps = rng.normal(drift, sd, size=(n_draws, years))
    z = logit0 + np.cumsum(steps, axis=1)
    return 1 / (1 + np.exp(-z))


def fan(paths: np.ndarray, first_year: int, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.DataFrame:
    """Quantiles of simulated paths per year, for a fan chart."""
    q = np.quantile(paths, quantiles, axis=0)
    years = np.arange(first_year, first_year + paths.shape[1])
    return pd.DataFrame(q.T, index=pd.Index(years, name="year"), columns=[f"q{int(x * 100):02d}" for x in quantiles])


def brier(prob, outcome) -> float:
    """Brier score. Binary: (p - o)^2 with o in {0, 1}. Multi-category: sum_k (p_k - o_k)^2,
    where `prob` is a sequence of probabilities and `outcome` the index of what happened."""
    if np.isscalar(prob):
        if outcome not in (0, 1):
            raise ParameterError("binary outcome must be 0 or 1")
        return float((prob - outcome) ** 2)
    p = np.asarray(prob, dtype=float)
    if abs(p.sum() - 1) > 1e-9:
        raise ParameterError("category probabilities must sum to 1")
    o = np.zeros_like(p)
    o[outcome] = 1
    return float(np.sum((p - o) ** 2))


def log_score(prob, outcome) -> float:
    """Logarithmic score: the natural log of the probability given to what happened (0 is perfect,
    more negative is worse). Binary: outcome 1 scores ln p, outcome 0 scores ln(1 - p)."""
    if np.isscalar(prob):
        if outcome not in (0, 1):
            raise ParameterError("binary outcome must be 0 or 1")
        p = prob if outcome == 1 else 1 - prob
    else:
        p = np.asarray(prob, dtype=float)[outcome]
    if p <= 0:
        return float("-inf")
    return float(np.log(p))
