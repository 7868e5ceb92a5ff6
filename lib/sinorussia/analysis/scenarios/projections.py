"""Monte Carlo projections and the forecast log: simulated paths of a level or a share (one scenario or a
mixture), fan-chart quantiles, forecast probabilities from the draws, and Brier and log scores.

Reference: Brier, G. W. (1950). Verification of forecasts expressed in terms of probability. Monthly
Weather Review 78(1): 1–3.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ...errors import ParameterError
from .bayes import validate_distribution


def simulate_paths(
    start: float, growth_mean: float, growth_sd: float, years: int, n_draws: int, seed: int
) -> np.ndarray:
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


def simulate_mixture(
    start: float,
    drifts: Mapping[str, float],
    weights: Mapping[str, float],
    sd: float,
    years: int,
    n_draws: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
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


def fan(paths: np.ndarray, first_year: int, quantiles: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.DataFrame:
    """Quantiles of simulated paths per year, for a fan chart."""
    q = np.quantile(paths, quantiles, axis=0)
    years = np.arange(first_year, first_year + paths.shape[1])
    return pd.DataFrame(q.T, index=pd.Index(years, name="year"), columns=[f"q{int(x * 100):02d}" for x in quantiles])


def brier(prob: float | Sequence[float], outcome: int) -> float:
    """Brier score. Binary: (p - o)^2 with o in {0, 1}. Multi-category: sum_k (p_k - o_k)^2,
    where `prob` is a sequence of probabilities and `outcome` the index of what happened."""
    if isinstance(prob, (int, float, np.number)):
        if outcome not in (0, 1):
            raise ParameterError("binary outcome must be 0 or 1")
        return float((prob - outcome) ** 2)
    p = np.asarray(prob, dtype=float)
    if abs(p.sum() - 1) > 1e-9:
        raise ParameterError("category probabilities must sum to 1")
    o = np.zeros_like(p)
    o[outcome] = 1
    return float(np.sum((p - o) ** 2))


def log_score(prob: float | Sequence[float], outcome: int) -> float:
    """Logarithmic score: the natural log of the probability given to what happened (0 is perfect,
    more negative is worse). Binary: outcome 1 scores ln p, outcome 0 scores ln(1 - p)."""
    if isinstance(prob, (int, float, np.number)):
        if outcome not in (0, 1):
            raise ParameterError("binary outcome must be 0 or 1")
        p = float(prob if outcome == 1 else 1 - prob)
    else:
        p = float(np.asarray(prob, dtype=float)[outcome])
    if p <= 0:
        return float("-inf")
    return float(np.log(p))


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
