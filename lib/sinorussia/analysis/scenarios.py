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
from .indicators import lasting_lead

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
            vals = survey_values(survey, word)["probability"]
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


# ------------------------------------------------------------------ parameters of the scenario notebook

def check_hypotheses(hypotheses, words, prior_method: str, custom_prior, likelihood_ratios: Mapping[str, list]) -> None:
    """Validate notebook 06's parameters together; a ParameterError names the parameter and the fix."""
    if not hypotheses or len(set(hypotheses)) != len(hypotheses):
        raise ParameterError("parameter hypotheses must be a non-empty list of distinct names")
    if len(words) != len(hypotheses):
        raise ParameterError(f"parameter words has {len(words)} entries for {len(hypotheses)} hypotheses; "
                             "give one probability word per hypothesis")
    for w in words:
        try:
            icd_band(w)
        except ParameterError as exc:
            raise ParameterError(f"parameter words: {exc}") from None
    if prior_method not in ("icd_midpoint", "survey_median", "custom"):
        raise ParameterError(f"parameter prior_method={prior_method!r}; use 'icd_midpoint', 'survey_median' or 'custom'")
    if prior_method == "custom":
        if len(custom_prior) != len(hypotheses):
            raise ParameterError(f"parameter custom_prior has {len(custom_prior)} values for {len(hypotheses)} hypotheses")
        validate_distribution(dict(zip(hypotheses, custom_prior)), name="parameter custom_prior")
    for signpost, lrs in likelihood_ratios.items():
        if signpost not in SIGNPOSTS:
            raise ParameterError(f"parameter likelihood_ratios: unknown signpost {signpost!r}; choose from {sorted(SIGNPOSTS)}")
        if len(lrs) != len(hypotheses):
            raise ParameterError(f"parameter likelihood_ratios[{signpost!r}] has {len(lrs)} values for "
                                 f"{len(hypotheses)} hypotheses; give one ratio per hypothesis, in their order")
        bad = [x for x in lrs if not isinstance(x, (int, float)) or isinstance(x, bool) or x <= 0]
        if bad:
            raise ParameterError(f"parameter likelihood_ratios[{signpost!r}]: ratios must be positive numbers, found {bad}")


def prior_from_parameters(hypotheses, words, prior_method: str, custom_prior, survey: pd.DataFrame) -> pd.Series:
    """The prior the notebook uses: the words read through ICD 203 or the surveys, or a custom one."""
    if prior_method == "custom":
        return validate_distribution(dict(zip(hypotheses, custom_prior)), name="parameter custom_prior")
    return words_to_prior(dict(zip(hypotheses, words)), prior_method, survey)


def word_readings(words_table: pd.DataFrame, words) -> pd.DataFrame:
    """One row per document word: its ICD 203 band and midpoint, and the pooled survey quartiles."""
    rows = []
    for w in dict.fromkeys(words):
        lo, hi = icd_band(w)
        phrase = survey_phrase(w)
        vals = survey_values(words_table, w)["probability"]
        rows.append({"word": w, "icd_term": DOC_WORDS.get(w.strip().lower(), {}).get("icd", w), "icd_low": lo,
                     "icd_high": hi, "icd_mid": (lo + hi) / 2, "survey_phrase": phrase, "n": int(vals.size),
                     "survey_q25": vals.quantile(0.25), "survey_median": vals.median(),
                     "survey_q75": vals.quantile(0.75),
                     "share_inside_band": float(vals.between(lo, hi).mean()) if vals.size else float("nan")})
    return pd.DataFrame(rows).set_index("word")


# ------------------------------------------------------------------ signposts

# Each signpost: a workbook series, the direction that counts as "observed", and a threshold.
SIGNPOSTS = {
    "china_share_of_russia_trade": {"short": "China in\nRussia's trade", "label": "China's share of Russia's trade", "unit": "share",
                                    "direction": "above", "threshold": 0.25, "chapter": "02"},
    "russia_share_of_china_crude": {"short": "Russia in China's\ncrude imports", "label": "Russia's share of China's crude imports (volume)", "unit": "share",
                                    "direction": "above", "threshold": 0.15, "chapter": "03"},
    "arms_deliveries_low": {"short": "Arms RUS→CHN,\n5-yr mean, m TIV", "label": "Russian arms deliveries to China, 5-year mean (m TIV)", "unit": "TIV",
                            "direction": "below", "threshold": 700.0, "chapter": "04"},
    "un_vote_agreement": {"short": "UN vote agreement\nRUS–CHN", "label": "UN General Assembly agreement, Russia–China", "unit": "share",
                          "direction": "above", "threshold": 0.75, "chapter": "01"},
    "milex_ratio": {"short": "Military spending\nCHN ÷ RUS", "label": "China's military spending ÷ Russia's (constant USD)", "unit": "ratio",
                    "direction": "above", "threshold": 3.0, "chapter": "04"},
}


def indicator_series(start: int = 2000) -> pd.DataFrame:
    """Year × signpost: the latest workbook series, each computed by the chapter function that shows it."""
    from ..processed.load import load
    from . import context, energy, military, trade

    annual, totals, macro = load("trade_bilateral_annual"), load("trade_totals"), load("macro_indicators")
    dep = trade.dependence(annual, totals, macro, 2006, int(annual.year.max()))
    crude = load("china_crude_imports_monthly")
    crude_share = energy.supplier_shares(crude, ["RUS"], 1995, 2100)["RUS"]
    arms = military.bilateral_tiv(load("arms_transfers"), "RUS", "CHN", "sipri_2026")
    arms5 = arms.rolling(5, min_periods=5).mean()
    agree = load("unga_agreement")
    pair = context.agreement_pairs(agree, [("CHN", "RUS")], int(agree.year.min()), int(agree.year.max()), min_votes=10)
    milex = military.spending_ratios(load("military_expenditure"), pairs=(("CHN", "RUS"),))["CHN/RUS"]
    out = pd.DataFrame({
        "china_share_of_russia_trade": dep["share_ij"],
        "russia_share_of_china_crude": crude_share,
        "arms_deliveries_low": arms5,
        "un_vote_agreement": pair["CHN–RUS"],
        "milex_ratio": milex,
    })
    out.index.name = "year"
    return out[out.index >= start]


def signpost_status(series: pd.DataFrame, signposts: Mapping[str, dict] = SIGNPOSTS) -> pd.DataFrame:
    """Per signpost: latest value and year, threshold, whether it is observed now, and the first year
    from which it has stayed on the observed side (NaN if it is not observed in the latest year)."""
    rows = []
    for key, spec in signposts.items():
        s = series[key].dropna()
        line = pd.Series(spec["threshold"], index=s.index)
        hit = s > line if spec["direction"] == "above" else s < line
        # the first year from which the series has stayed on the observed side
        since = lasting_lead(s, line)["year"] if spec["direction"] == "above" else lasting_lead(line, s)["year"]
        rows.append({"signpost": key, "label": spec["label"], "direction": spec["direction"],
                     "threshold": spec["threshold"], "latest_year": int(s.index.max()), "latest": float(s.iloc[-1]),
                     "observed": bool(hit.iloc[-1]), "since": since})
    return pd.DataFrame(rows).set_index("signpost")


def yearly_posterior(prior: pd.Series, status: pd.DataFrame, likelihood_ratios: Mapping[str, list],
                     years) -> pd.DataFrame:
    """Year × hypothesis: the prior moved by each observed signpost's likelihood ratios in the year the
    signpost was first observed for good (`status.since`); unobserved signposts do not move it."""
    p = validate_distribution(prior)
    out = {}
    for y in years:
        for key, row in status.iterrows():
            if row.observed and row.since == y and key in likelihood_ratios:
                p = bayes_update(p, dict(zip(prior.index, likelihood_ratios[key])))
        out[y] = p
    return pd.DataFrame(out).T.rename_axis("year")


def evidence_matrix(prior: pd.Series, status: pd.DataFrame, likelihood_ratios: Mapping[str, list]) -> pd.DataFrame:
    """Observed signposts × hypotheses of likelihood ratios, in the order they were observed (for
    sequential_update and sensitivity)."""
    seen = status[status.observed & status.index.isin(list(likelihood_ratios))].sort_values("since", kind="mergesort")
    return pd.DataFrame([likelihood_ratios[k] for k in seen.index], index=seen.index, columns=prior.index, dtype=float)


# ------------------------------------------------------------------ projections and the forecast log

def simulate_mixture(start: float, drifts: Mapping[str, float], weights: Mapping[str, float], sd: float,
                     years: int, n_draws: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Share paths where each draw first picks a scenario with probability `weights`, then follows that
    scenario's logit drift. Returns (paths of shape (n_draws, years), scenario index of each draw)."""
    w = validate_distribution(weights, name="scenario weights")
    d = pd.Series(dict(drifts), dtype=float).reindex(w.index)
    if d.isna().any():
        raise ParameterError(f"a drift is missing for {list(d[d.isna()].index)}")
    if not 0 < start < 1:
        raise ParameterError(f"start share must lie strictly between 0 and 1, got {start}")
    rng = np.random.default_rng(seed)
    which = rng.choice(len(w), size=n_draws, p=w.values)
    steps = rng.normal(0.0, sd, size=(n_draws, years)) + d.values[which][:, None]
    z = np.log(start / (1 - start)) + np.cumsum(steps, axis=1)
    return 1 / (1 + np.exp(-z)), which


def probability_above(paths: np.ndarray, first_year: int, year: int, threshold: float) -> float:
    """Share of simulated paths above `threshold` in `year` (a forecast probability from the draws)."""
    col = year - first_year
    if not 0 <= col < paths.shape[1]:
        raise ParameterError(f"year {year} is outside the projection {first_year}–{first_year + paths.shape[1] - 1}")
    return float((paths[:, col] > threshold).mean())


def score_forecasts(log: pd.DataFrame) -> pd.DataFrame:
    """Brier and log scores for resolved rows of a forecast log (columns probability, outcome 0/1)."""
    done = log.dropna(subset=["outcome"]).copy()
    done["brier"] = [brier(p, int(o)) for p, o in zip(done.probability, done.outcome)]
    done["log_score"] = [log_score(p, int(o)) for p, o in zip(done.probability, done.outcome)]
    return done


def ach_ratings(lr_matrix: pd.DataFrame) -> pd.DataFrame:
    """ACH ratings read off the same judgements as the likelihood ratios, so the two views cannot drift
    apart: ratio ≥ 2 'CC', ≥ 1.2 'C', ≤ 0.5 'II', ≤ 0.8 'I', otherwise 'N' (does not discriminate)."""
    def rate(x: float) -> str:
        return "CC" if x >= 2 else "C" if x >= 1.2 else "II" if x <= 0.5 else "I" if x <= 0.8 else "N"
    return lr_matrix.apply(lambda col: col.map(rate))



def leave_one_out(prior: Mapping[str, float], evidence: pd.DataFrame) -> pd.DataFrame:
    """Final posterior with all evidence ('all signposts') and with each signpost left out in turn.

    Scaling one hypothesis's ratio changes the posterior the same way whichever signpost it sits on
    (the ratios multiply), so the informative question per signpost is: what if it were ignored?
    """
    rows = {"all signposts": sequential_update(prior, evidence).iloc[-1]}
    for label in evidence.index:
        rest = evidence.drop(index=label)
        rows[f"without {label}"] = sequential_update(prior, rest).iloc[-1] if len(rest) else validate_distribution(prior)
    return pd.DataFrame(rows).T
