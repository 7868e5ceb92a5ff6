"""The scenarios module against hand-worked values."""

import math

import numpy as np
import pandas as pd
import pytest

from sinorussia.analysis import scenarios as sc
from sinorussia.claims import backtest
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
    words = pd.DataFrame(
        {
            "phrase": ["with high probability"] * 3 + ["with low probability"] * 3,
            "respondent": [1, 2, 3, 1, 2, 3],
            "probability": [0.8, 0.9, 0.7, 0.1, 0.2, 0.3],
            "survey": ["s"] * 6,
        }
    )
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
    m = pd.DataFrame({"H1": ["C", "I", "II"], "H2": ["C", "C", "N"], "H3": ["I", "I", "C"]}, index=["e1", "e2", "e3"])
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


# ------------------------------------------------------------------ notebook 06's parameters, signposts, updating


HYP = ["transactional", "vassalisation", "alliance", "weakening", "realignment"]
WORDS = ["high probability", "medium probability", "low probability", "low probability", "unlikely"]
LRS = {"milex_ratio": [1.1, 1.5, 1.0, 1.0, 1.0]}


def test_check_hypotheses_names_the_parameter():
    sc.check_hypotheses(HYP, WORDS, "icd_midpoint", [0.2] * 5, LRS)  # the defaults pass
    cases = [
        (dict(words=WORDS[:4]), r"parameter words has 4 entries for 5"),
        (dict(words=WORDS[:4] + ["perhaps-ish"]), r"parameter words: no ICD 203 band for 'perhaps-ish'"),
        (dict(prior_method="guess"), r"parameter prior_method='guess'"),
        (
            dict(prior_method="custom", custom_prior=[0.5, 0.5, 0.5, 0.1, 0.1]),
            r"custom_prior: .*sum to 1, they sum to 1.7",
        ),
        (dict(prior_method="custom", custom_prior=[1.2, -0.2, 0, 0, 0]), r"custom_prior: .*between 0 and 1"),
        (dict(lrs={"milex_ratio": [1, 0, 1, 1, 1]}), r"likelihood_ratios\['milex_ratio'\]: ratios must be positive"),
        (dict(lrs={"tea_leaves": [1] * 5}), r"unknown signpost 'tea_leaves'"),
        (dict(lrs={"milex_ratio": [1, 1]}), r"has 2 values for 5 hypotheses"),
    ]
    for change, pattern in cases:
        args = dict(hypotheses=HYP, words=WORDS, prior_method="icd_midpoint", custom_prior=[0.2] * 5, lrs=LRS) | change
        with pytest.raises(ParameterError, match=pattern):
            sc.check_hypotheses(
                args["hypotheses"], args["words"], args["prior_method"], args["custom_prior"], args["lrs"]
            )


def test_word_readings_by_hand():
    words = pd.DataFrame(
        {
            "phrase": ["with high probability"] * 4,
            "respondent": [1, 2, 3, 4],
            "probability": [0.5, 0.7, 0.8, 0.9],
            "survey": ["s"] * 4,
        }
    )
    r = sc.word_readings(words, ["high probability"]).loc["high probability"]
    assert (r.icd_term, r.icd_low, r.icd_high) == ("likely", 0.55, 0.80)
    assert r.icd_mid == pytest.approx(0.675) and r.survey_median == pytest.approx(0.75)
    # inside [0.55, 0.80]: 0.7 and 0.8 -> half of the four readings
    assert r.share_inside_band == pytest.approx(0.5) and r.n == 4
    # an ICD term typed in capitals (not one of the documents' words) still finds its survey readings
    caps = pd.DataFrame(
        {
            "phrase": ["almost no chance"] * 3,
            "respondent": [1, 2, 3],
            "probability": [0.01, 0.02, 0.10],
            "survey": ["s"] * 3,
        }
    )
    r = sc.word_readings(caps, ["Almost No Chance"]).loc["Almost No Chance"]
    assert r.n == 3 and r.survey_median == pytest.approx(0.02) and r.share_inside_band == pytest.approx(2 / 3)
    assert sc.survey_reading(caps, "Almost No Chance")["median"].iloc[0] == pytest.approx(0.02)


def test_signpost_status_counts_only_a_lasting_crossing():
    series = pd.DataFrame(
        {"x": [0.1, 0.3, 0.1, 0.3, 0.4], "y": [5.0, 4.0, 3.0, 2.0, 6.0]},
        index=pd.Index([2018, 2019, 2020, 2021, 2022], name="year"),
    )
    specs = {
        "x": {"label": "x", "direction": "above", "threshold": 0.2},
        "y": {"label": "y", "direction": "below", "threshold": 3.5},
    }
    st = sc.signpost_status(series, specs)
    # x crossed in 2019, fell back in 2020, crossed again in 2021 and stayed: observed since 2021
    assert st.loc["x", "observed"] and st.loc["x", "since"] == 2021 and st.loc["x", "latest"] == 0.4
    # y was below 3.5 in 2020-21 but is 6.0 in 2022: not observed now
    assert not st.loc["y", "observed"] and pd.isna(st.loc["y", "since"])


def test_yearly_posterior_and_leave_one_out_by_hand():
    prior = pd.Series({"A": 0.5, "B": 0.5})
    status = pd.DataFrame({"observed": [True, True, False], "since": [2020, 2022, None]}, index=["e1", "e2", "e3"])
    lrs = {"e1": [2.0, 1.0], "e2": [1.0, 3.0], "e3": [9.0, 1.0]}
    path = sc.yearly_posterior(prior, status, lrs, [2019, 2020, 2021, 2022])
    assert path.loc[2019, "A"] == pytest.approx(0.5)
    assert path.loc[2020, "A"] == pytest.approx(2 / 3) and path.loc[2021, "A"] == pytest.approx(2 / 3)
    # 2022: A 0.5*2*1 = 1, B 0.5*1*3 = 1.5 -> A 0.4 (e3 is not observed, so its 9 never counts)
    assert path.loc[2022, "A"] == pytest.approx(0.4)
    ev = sc.evidence_matrix(prior, status, lrs)
    assert list(ev.index) == ["e1", "e2"]
    loo = sc.leave_one_out(prior, ev)
    assert loo.loc["all signposts", "A"] == pytest.approx(0.4)
    assert loo.loc["without e1", "A"] == pytest.approx(0.25)  # only e2: 0.5 vs 1.5
    assert loo.loc["without e2", "A"] == pytest.approx(2 / 3)  # only e1: 1.0 vs 0.5


def test_ach_ratings_thresholds():
    m = pd.DataFrame({"H": [2.5, 1.3, 1.0, 0.7, 0.4]}, index=list("abcde"))
    assert sc.ach_ratings(m).H.tolist() == ["CC", "C", "N", "I", "II"]


def test_mixture_picks_scenarios_by_weight_and_is_seeded():
    paths, which = sc.simulate_mixture(0.4, {"up": 0.1, "down": -0.1}, {"up": 0.75, "down": 0.25}, 0.05, 10, 100_000, 1)
    assert paths.shape == (100_000, 10) and which.shape == (100_000,)
    assert abs((which == 0).mean() - 0.75) < 0.01  # 75 % of draws follow "up"
    again, _ = sc.simulate_mixture(0.4, {"up": 0.1, "down": -0.1}, {"up": 0.75, "down": 0.25}, 0.05, 10, 100_000, 1)
    assert np.array_equal(paths, again)
    # with sd 0 every "up" path is exactly logit(0.4) + 0.1 t
    flat, w = sc.simulate_mixture(0.4, {"up": 0.1, "down": -0.1}, {"up": 1.0, "down": 0.0}, 0.0, 3, 5, 1)
    z = math.log(0.4 / 0.6) + 0.3
    assert flat[0, 2] == pytest.approx(1 / (1 + math.exp(-z))) and (w == 0).all()
    with pytest.raises(ParameterError, match="drift is missing"):
        sc.simulate_mixture(0.4, {"up": 0.1}, {"up": 0.5, "down": 0.5}, 0.1, 3, 5, 1)


def test_probability_above_and_forecast_scores_by_hand():
    paths = np.array([[0.1, 0.5], [0.2, 0.7], [0.3, 0.2], [0.4, 0.9]])
    assert sc.probability_above(paths, 2025, 2026, 0.45) == pytest.approx(0.75)
    with pytest.raises(ParameterError, match="outside the projection"):
        sc.probability_above(paths, 2025, 2030, 0.5)
    log = pd.DataFrame({"probability": [0.8, 0.3, 0.5], "outcome": [1, 1, None]})
    s = sc.score_forecasts(log)
    assert len(s) == 2  # the unresolved question is not scored
    assert s.brier.tolist() == pytest.approx([0.04, 0.49])
    assert s.log_score.tolist() == pytest.approx([math.log(0.8), math.log(0.3)])


def test_signposts_on_the_real_tables(raw_files):
    series = sc.indicator_series(start=2000)
    # China's share of Russia's trade over Russia's own FCS total (China-reported flow): 33.8 % in 2023
    # (notebook 02); FCS totals end in 2023, so the signpost does (45.3 % in 2024 was over the Atlas total)
    assert series.loc[2023, "china_share_of_russia_trade"] == pytest.approx(0.338, abs=0.001)
    assert series.china_share_of_russia_trade.dropna().index.max() == 2023
    # China customs: Russia supplied 15.5 % of China's crude imports by volume in 2021 (notebook 03)
    assert series.loc[2021, "russia_share_of_china_crude"] == pytest.approx(0.155, abs=0.001)
    # SIPRI milex 2025, constant 2023 USD: China spent 2.1 times what Russia did in 2024 (notebook 04)
    assert series.loc[2024, "milex_ratio"] == pytest.approx(2.11, abs=0.01)
    st = sc.signpost_status(series)
    assert st.loc["china_share_of_russia_trade", "since"] == 2023  # 33.8 % in 2023, after 22.4 % in 2022
    assert not st.loc["milex_ratio", "observed"]  # below 3 since Russia's war spending


def test_backtest_scores_the_resolved_2018_forecasts(raw_files):
    words = __import__("sinorussia").load("probability_words")
    bt = backtest(["SCN-07", "SCN-08"], words)
    assert set(bt.outcome) == {1}  # both 'likely' forecasts came true in the data
    icd = bt[bt.reading == "ICD 203 midpoint"]
    assert icd.brier.tolist() == pytest.approx([(1 - 0.675) ** 2] * 2)
