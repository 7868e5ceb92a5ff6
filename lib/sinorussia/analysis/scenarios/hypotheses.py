"""Notebook 06's parameters checked together (hypotheses, their words, the prior method, the likelihood
ratios per signpost), and the prior they give."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ...errors import ParameterError
from .bayes import validate_distribution
from .signposts import SIGNPOSTS
from .words import icd_band, words_to_prior


def check_hypotheses(
    hypotheses: Sequence[str],
    words: Sequence[str],
    prior_method: str,
    custom_prior: Sequence[float],
    likelihood_ratios: Mapping[str, list],
) -> None:
    """Validate notebook 06's parameters together; a ParameterError names the parameter and the fix."""
    if not hypotheses or len(set(hypotheses)) != len(hypotheses):
        raise ParameterError("parameter hypotheses must be a non-empty list of distinct names")
    if len(words) != len(hypotheses):
        raise ParameterError(
            f"parameter words has {len(words)} entries for {len(hypotheses)} hypotheses; "
            "give one probability word per hypothesis"
        )
    for w in words:
        try:
            icd_band(w)
        except ParameterError as exc:
            raise ParameterError(f"parameter words: {exc}") from None
    if prior_method not in ("icd_midpoint", "survey_median", "custom"):
        raise ParameterError(
            f"parameter prior_method={prior_method!r}; use 'icd_midpoint', 'survey_median' or 'custom'"
        )
    if prior_method == "custom":
        if len(custom_prior) != len(hypotheses):
            raise ParameterError(
                f"parameter custom_prior has {len(custom_prior)} values for {len(hypotheses)} hypotheses"
            )
        validate_distribution(dict(zip(hypotheses, custom_prior)), name="parameter custom_prior")
    for signpost, lrs in likelihood_ratios.items():
        if signpost not in SIGNPOSTS:
            raise ParameterError(
                f"parameter likelihood_ratios: unknown signpost {signpost!r}; choose from {sorted(SIGNPOSTS)}"
            )
        if len(lrs) != len(hypotheses):
            raise ParameterError(
                f"parameter likelihood_ratios[{signpost!r}] has {len(lrs)} values for "
                f"{len(hypotheses)} hypotheses; give one ratio per hypothesis, in their order"
            )
        bad = [x for x in lrs if not isinstance(x, (int, float)) or isinstance(x, bool) or x <= 0]
        if bad:
            raise ParameterError(
                f"parameter likelihood_ratios[{signpost!r}]: ratios must be positive numbers, found {bad}"
            )


def prior_from_parameters(
    hypotheses: Sequence[str],
    words: Sequence[str],
    prior_method: str,
    custom_prior: Sequence[float],
    survey: pd.DataFrame,
) -> pd.Series:
    """The prior the notebook uses: the words read through ICD 203 or the surveys, or a custom one."""
    if prior_method == "custom":
        return validate_distribution(dict(zip(hypotheses, custom_prior)), name="parameter custom_prior")
    return words_to_prior(dict(zip(hypotheses, words)), prior_method, survey)
