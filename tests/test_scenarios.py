"""The scenarios module against hand-worked values."""
import math

import numpy as np
import pandas as pd
import pytest

from sinorussia.analysis import scenarios as sc
from sinorussia.errors import ParameterError


def test_icd_bands_and_document_words():
    assert sc.icd_band("likely") == (0.55, 0.80)
    assert sc.icd_band("High probability") == (0.55, 0.80)
    assert sc.icd_band("highly unlikely") == (0.05, 0.20)
    with pytest.raises(ParameterError, match="no ICD 203 band"):
        sc.icd_band("perhaps-ish")


def test_words_to_prior_by_icd_midpoint_normalises():
    prior = sc.words_to_prior({"A": "high probability", "B": "medium probability", "C": "low probability"})
    # midpoints 0.675, 0.5, 0.325 -> sum 1.5
    assert prior["A"] == pytest.approx(0.675 / 1.5)
    assert prior["C"] == pytest.approx(0.325 / 1.5)
    assert prior.sum() == pytest.approx(1.0)


def test_words_to_prior_by_survey_median():
    words = pd.DataFrame({"phrase": ["with high probability"] * 3 + ["with low probability"] * 3,
                          "respondent": [1, 2, 3, 1, 2, 3], "probability": [0.8, 0.9, 0.7, 0.1, 0.2, 0.3],
                          "survey": ["s"] * 6})
    prior = sc.words_to_prior({"A": "high probability", "B": "low probability"}, "survey_median", words)
    assert prior["A"] == pytest.approx(0.8 / 1.0) and prior["B"] == pytest.approx(0.2)
    reading = sc.survey_reading(words, "high probability")
    assert reading.loc[0, "median"] == pytest.approx(0.8) and reading.loc[0, "n"] == 3


def test_validation_rejects_bad_priors():
    with pytest.raises(ParameterError, match="between 0 and 1"):
        sc.validate_distribution({"A": 1.2, "B": -0.2})
    with pytest.raises(ParameterError, match="sum to 1"):
        sc.validate_distribution({"A": 0.5, "B": 0.6})


def test_bayes_update_by_hand():
    # prior 0.5/0.3/0.2; evidence twice as likely under A as under B or C
    post = sc.bayes_update({"A": 0.5, "B": 0.3, "C": 0.2}, {"A": 2, "B": 1, "C": 1})
    # unnormalised 1.0, 0.3, 0.2 -> /1.5
    assert post["A"] == pytest.approx(1.0 / 1.5)
    assert post["B"] == pytest.approx(0.2)
    assert post.sum() == pytest.approx(1.0)


def test_sequential_update_equals_product_of_ratios():
    ev = pd.DataFrame({"A": [2.0, 1.0], "B": [1.0, 3.0]}, index=["e1", "e2"])
    path = sc.sequential_update({"A": 0.5, "B": 0.5}, ev)
    assert list(path.index) == ["prior", "e1", "e2"]
    # final: A 0.5*2*1 = 1, B 0.5*1*3 = 1.5 -> A = 0.4
    assert path.loc["e2", "A"] == pytest.approx(0.4)


def test_sensitivity_finds_the_driving_assumption():
    ev = pd.DataFrame({"A": [10.0, 1.0], "B": [1.0, 1.1]}, index=["strong", "weak"])
    s = sc.sensitivity({"A": 0.5, "B": 0.5}, ev)
    assert set(s.columns) >= {"evidence", "hypothesis", "max_change"}
    assert s["max_change"].is_monotonic_decreasing


def test_ach_inconsistency_by_hand():
    m = pd.DataFrame({"H1": ["C", "I", "II"], "H2": ["C", "C", "N"], "H3": ["I", "I", "C"]},
                     index=["e1", "e2", "e3"])
    score = sc.ach_inconsistency(m)
    assert score.to_dict() == {"H2": 0.0, "H3": 2.0, "H1": 3.0}
    weighted = sc.ach_inconsistency(m, weights=pd.Series({"e3": 2.0}))
    assert weighted["H1"] == 5.0
    with pytest.raises(ParameterError):
        sc.ach_inconsistency(pd.DataFrame({"H1": ["maybe"]}))


def test_monte_carlo_shape_seeding_and_moments():
    a = sc.simulate_paths(100.0, 0.03, 0.1, years=10, n_draws=100_000, seed=7)
    b = sc.simulate_paths(100.0, 0.03, 0.1, years=10, n_draws=100_000, seed=7)
    assert a.shape == (100_000, 10)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, sc.simulate_paths(100.0, 0.03, 0.1, 10, 100_000, seed=8))
    # median of log level after 10 years = ln 100 + 10 * 0.03
    assert np.median(np.log(a[:, -1])) == pytest.approx(math.log(100) + 0.3, abs=0.005)
    f = sc.fan(a, 2026)
    assert list(f.columns) == ["q05", "q25", "q50", "q75", "q95"] and f.index[0] == 2026 and len(f) == 10


def test_share_paths_stay_inside_unit_interval():
    s = sc.simulate_share_paths(0.3, 0.05, 0.3, years=10, n_draws=10_000, seed=1)
    assert s.min() > 0 and s.max() < 1
    with pytest.raises(ParameterError):
        sc.simulate_share_paths(1.2, 0, 0.1, 5, 10, 1)


def test_brier_and_log_scores_worked_examples():
    assert sc.brier(0.8, 1) == pytest.approx(0.04)
    assert sc.brier(0.8, 0) == pytest.approx(0.64)
    # three categories, the first happened: (0.7-1)^2 + 0.2^2 + 0.1^2 = 0.14
    assert sc.brier([0.7, 0.2, 0.1], 0) == pytest.approx(0.14)
    assert sc.log_score(0.8, 1) == pytest.approx(math.log(0.8))
    assert sc.log_score(0.8, 0) == pytest.approx(math.log(0.2))
    assert sc.log_score([0.7, 0.2, 0.1], 2) == pytest.approx(math.log(0.1))
    assert sc.log_score(1.0, 0) == float("-inf")
    with pytest.raises(ParameterError):
        sc.brier(0.5, 2)
