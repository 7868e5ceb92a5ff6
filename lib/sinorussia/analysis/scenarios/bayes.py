"""Bayes' rule over competing hypotheses: distributions, updating by likelihood ratios (in sequence, with
its sensitivity and leave-one-out), Heuer's Analysis of Competing Hypotheses, and the posterior that
observed signposts move year by year.

Reference: Heuer, R. J. (1999). Psychology of Intelligence Analysis, ch. 8: Analysis of Competing Hypotheses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ...errors import ParameterError


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
                out.append(
                    {
                        "evidence": label,
                        "hypothesis": h,
                        "multiplier": f,
                        "max_change": float((post - base).abs().max()),
                        "leader_after": post.idxmax(),
                    }
                )
    return pd.DataFrame(out).sort_values("max_change", ascending=False, kind="mergesort").reset_index(drop=True)


def leave_one_out(prior: Mapping[str, float], evidence: pd.DataFrame) -> pd.DataFrame:
    """Final posterior with all evidence ('all signposts') and with each signpost left out in turn.

    Scaling one hypothesis's ratio changes the posterior the same way whichever signpost it sits on
    (the ratios multiply), so the informative question per signpost is: what if it were ignored?
    """
    rows = {"all signposts": sequential_update(prior, evidence).iloc[-1]}
    for label in evidence.index:
        rest = evidence.drop(index=label)
        rows[f"without {label}"] = (
            sequential_update(prior, rest).iloc[-1] if len(rest) else validate_distribution(prior)
        )
    return pd.DataFrame(rows).T


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


def ach_ratings(lr_matrix: pd.DataFrame) -> pd.DataFrame:
    """ACH ratings read off the same judgements as the likelihood ratios, so the two views cannot drift
    apart: ratio ≥ 2 'CC', ≥ 1.2 'C', ≤ 0.5 'II', ≤ 0.8 'I', otherwise 'N' (does not discriminate)."""

    def rate(x: float) -> str:
        return "CC" if x >= 2 else "C" if x >= 1.2 else "II" if x <= 0.5 else "I" if x <= 0.8 else "N"

    return lr_matrix.apply(lambda col: col.map(rate))


def yearly_posterior(
    prior: pd.Series, status: pd.DataFrame, likelihood_ratios: Mapping[str, list], years: Iterable[int]
) -> pd.DataFrame:
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


def likelihood_path(
    hypotheses: Iterable[str], status: pd.DataFrame, likelihood_ratios: Mapping[str, list], years: Iterable[int]
) -> pd.DataFrame:
    """Year × hypothesis: the product of the likelihood ratios of the signposts observed by that year (the
    same rule as `yearly_posterior`), so that posterior_h = prior_h × L_h / Σ_k prior_k × L_k for any prior.
    The interactive posterior chart of notebook 06 recomputes the posterior from these columns in the
    reader's browser when the prior sliders move."""
    names = list(hypotheses)
    lr = pd.Series(1.0, index=names)
    out = {}
    for y in years:
        for key, row in status.iterrows():
            if row.observed and row.since == y and key in likelihood_ratios:
                lr = lr * pd.Series(likelihood_ratios[key], index=names, dtype=float)
        out[y] = lr
    return pd.DataFrame(out).T.rename_axis("year")
