"""Chapter 06's model end to end for one set of inputs: signposts at the given thresholds, the posterior
path, the ACH table and the posterior-weighted fan. The control panel (notebook/controls.py) calls this on
every change; it only composes the functions the chapter calls, so there is one update, one ACH and one fan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ...errors import ParameterError
from .bayes import ach_inconsistency, ach_ratings, evidence_matrix, yearly_posterior
from .projections import fan, simulate_mixture
from .signposts import SIGNPOSTS, signpost_status

# the series the projections start from (chapter 06's fan chart)
PROJECTED = "china_share_of_russia_trade"


def with_thresholds(thresholds: Mapping[str, float] | None, signposts: Mapping[str, dict] = SIGNPOSTS) -> dict:
    """The signpost specifications with some thresholds replaced (unknown signposts are refused)."""
    thresholds = dict(thresholds or {})
    unknown = sorted(set(thresholds) - set(signposts))
    if unknown:
        raise ParameterError(f"thresholds: unknown signpost(s) {unknown}; choose from {sorted(signposts)}")
    return {k: dict(spec, threshold=float(thresholds.get(k, spec["threshold"]))) for k, spec in signposts.items()}


def update_years(series: pd.DataFrame) -> list[int]:
    """The years the chapter's posterior path covers: first year of the series to the last year with data."""
    return list(range(int(series.index.min()), int(series.dropna(how="all").index.max()) + 1))


def counted(status: pd.DataFrame, likelihood_ratios: Mapping[str, Sequence[float]], years: Iterable[int]) -> pd.Series:
    """Signpost -> whether yearly_posterior applies its ratios: observed, with ratios, and observed for good
    from a year inside the path (that is the year yearly_posterior applies it in)."""
    years = set(years)
    return pd.Series(
        {k: bool(r.observed and k in likelihood_ratios and r.since in years) for k, r in status.iterrows()},
        dtype=bool,
    )


@dataclass(frozen=True)
class ScenarioRun:
    """Everything the chapter shows from one set of inputs."""

    prior: pd.Series
    status: pd.DataFrame  # signpost_status at the thresholds used
    path: pd.DataFrame  # year × hypothesis (yearly_posterior)
    posterior: pd.Series  # the path's last row
    evidence: pd.DataFrame  # observed signposts × hypotheses (evidence_matrix)
    ach: pd.DataFrame  # ACH ratings of the evidence
    ach_scores: pd.Series  # inconsistency per hypothesis, least first
    fan: pd.DataFrame  # quantiles of the posterior-weighted projection
    start_year: int  # last year of history the projection starts from
    start_share: float

    @property
    def lead(self) -> str:
        return str(self.posterior.idxmax())


def run_scenarios(
    series: pd.DataFrame,
    prior: pd.Series,
    likelihood_ratios: Mapping[str, list],
    *,
    drifts: Mapping[str, float],
    share_sd: float,
    horizon: int,
    n_draws: int,
    seed: int,
    thresholds: Mapping[str, float] | None = None,
) -> ScenarioRun:
    """Chapter 06's chain for these inputs, the same calls in the same order as the chapter's cells."""
    status = signpost_status(series, with_thresholds(thresholds))
    path = yearly_posterior(prior, status, likelihood_ratios, update_years(series))
    posterior = path.iloc[-1]
    evidence = evidence_matrix(prior, status, likelihood_ratios)
    ach = ach_ratings(evidence)
    history = series[PROJECTED].dropna()
    start_year, start_share = int(history.index.max()), float(history.iloc[-1])
    if horizon <= start_year:
        raise ParameterError(f"horizon {horizon} must come after the last year of history, {start_year}")
    mixed, _ = simulate_mixture(start_share, drifts, posterior, share_sd, horizon - start_year, n_draws, seed)
    return ScenarioRun(
        prior=prior,
        status=status,
        path=path,
        posterior=posterior,
        evidence=evidence,
        ach=ach,
        ach_scores=ach_inconsistency(ach),
        fan=fan(mixed, start_year + 1),
        start_year=start_year,
        start_share=start_share,
    )
