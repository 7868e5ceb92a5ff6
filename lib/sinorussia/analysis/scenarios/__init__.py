"""Scenarios as explicit probabilities: words -> numbers, Bayesian updating, competing hypotheses,
Monte Carlo projections and proper scoring. Used by notebook 06; every function is unit-tested.

The package re-exports every name, so chapters keep writing `from sinorussia import scenarios as sc` and
`sc.<name>`. Its modules:

- words: probability words -> numbers (ICD 203 bands, survey readings, words_to_prior).
- bayes: distributions, Bayes' rule, sequential updating and its sensitivity, Analysis of Competing
  Hypotheses, and the posterior moved by observed signposts.
- projections: Monte Carlo paths and fans, forecast probabilities, Brier and log scores.
- signposts: the workbook series each signpost watches and whether it is observed.
- hypotheses: notebook 06's parameters (hypotheses, words, prior, likelihood ratios) checked together,
  and the prior they give.
- model: the chapter's chain for one set of inputs (signposts at given thresholds, posterior path, ACH,
  posterior-weighted fan), as the control panel recomputes it.
- grid: the same update over a grid of priors × ratio weights × thresholds, vectorised.

References
- Office of the Director of National Intelligence, Intelligence Community Directive 203,
  Analytic Standards (2 January 2015), section D.6.e(2)(a): the seven likelihood terms and ranges.
- Heuer, R. J. (1999). Psychology of Intelligence Analysis, ch. 8: Analysis of Competing Hypotheses.
- Brier, G. W. (1950). Verification of forecasts expressed in terms of probability. Monthly
  Weather Review 78(1): 1–3.
"""

from __future__ import annotations

from .bayes import (
    ACH_SCORES,
    ach_inconsistency,
    ach_ratings,
    bayes_update,
    evidence_matrix,
    leave_one_out,
    likelihood_path,
    sensitivity,
    sequential_update,
    validate_distribution,
    yearly_posterior,
)
from .grid import ScenarioGrid, axis_label, axis_value, sweep_grid
from .hypotheses import check_hypotheses, prior_from_parameters
from .model import ScenarioRun, counted, run_scenarios, update_years, with_thresholds
from .projections import (
    brier,
    fan,
    log_score,
    probability_above,
    score_forecasts,
    simulate_mixture,
    simulate_paths,
    simulate_share_paths,
)
from .signposts import SIGNPOSTS, STALE_AFTER_YEARS, indicator_series, signpost_status
from .words import (
    DOC_WORDS,
    ICD203,
    icd_band,
    survey_phrase,
    survey_reading,
    survey_values,
    word_readings,
    words_to_prior,
)

__all__ = [
    "ACH_SCORES",
    "DOC_WORDS",
    "ICD203",
    "SIGNPOSTS",
    "STALE_AFTER_YEARS",
    "ScenarioGrid",
    "ScenarioRun",
    "ach_inconsistency",
    "ach_ratings",
    "axis_label",
    "axis_value",
    "bayes_update",
    "brier",
    "check_hypotheses",
    "counted",
    "evidence_matrix",
    "fan",
    "icd_band",
    "indicator_series",
    "leave_one_out",
    "log_score",
    "prior_from_parameters",
    "probability_above",
    "run_scenarios",
    "score_forecasts",
    "sensitivity",
    "sequential_update",
    "signpost_status",
    "simulate_mixture",
    "simulate_paths",
    "simulate_share_paths",
    "survey_phrase",
    "survey_reading",
    "survey_values",
    "sweep_grid",
    "update_years",
    "validate_distribution",
    "with_thresholds",
    "word_readings",
    "words_to_prior",
    "likelihood_path",
    "yearly_posterior",
]
