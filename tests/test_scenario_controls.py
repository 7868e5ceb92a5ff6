"""The vectorised sweep, the chapter's chain for one set of inputs, and the 06 control panel, driven headlessly.

Every expected value is computed with the functions the chapter's cells call (yearly_posterior, signpost_status,
ach_ratings, simulate_mixture, fan), so a divergence between the panel or the sweep and the chapter fails here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sinorussia.analysis import scenarios as sc
from sinorussia.errors import ParameterError
from sinorussia.processed.load import load

HYPOTHESES = ["transactional", "vassalisation", "alliance", "weakening", "realignment"]
WORDS = ["high probability", "medium probability", "low probability", "low probability", "unlikely"]
RATIOS = {
    "china_share_of_russia_trade": [1.5, 2.0, 1.3, 0.5, 0.4],
    "russia_share_of_china_crude": [1.3, 1.8, 1.3, 0.7, 0.6],
    "arms_deliveries_low": [1.2, 1.3, 0.5, 1.2, 1.0],
    "un_vote_agreement": [1.2, 1.3, 1.8, 0.8, 0.6],
    "milex_ratio": [1.1, 1.5, 1.0, 1.0, 1.0],
}
FIXED = {"drifts": dict(zip(HYPOTHESES, [0.04, 0.12, 0.08, -0.10, -0.15])), "share_sd": 0.12, "horizon": 2035}


@pytest.fixture(scope="module")
def series():
    return sc.indicator_series(start=2000)


@pytest.fixture(scope="module")
def survey():
    return load("probability_words")


def _prior(method="icd_midpoint", survey=None):
    return sc.words_to_prior(dict(zip(HYPOTHESES, WORDS)), method, survey)


def _final(series, prior, ratios, thresholds=None):
    """The chapter's posterior: yearly_posterior over signpost_status at these thresholds, last row."""
    status = sc.signpost_status(series, sc.with_thresholds(thresholds))
    return sc.yearly_posterior(prior, status, ratios, sc.update_years(series)).iloc[-1]


# --- the vectorised sweep --------------------------------------------------------------------------------


def test_sweep_points_equal_the_chapters_update(series, survey):
    priors = {"icd": _prior(), "survey": _prior("survey_median", survey), "flat": pd.Series(0.2, index=HYPOTHESES)}
    weights = {"china_share_of_russia_trade": [0.0, 1.0, 2.0], "milex_ratio": [1.0, 3.0]}
    thresholds = {"un_vote_agreement": [0.6, 0.75, 0.9], "milex_ratio": [2.0, 3.0]}
    grid = sc.sweep_grid(series, priors, RATIOS, HYPOTHESES, weights=weights, thresholds=thresholds)
    table = grid.table()
    assert grid.size == len(table) == 3 * 3 * 2 * 3 * 2
    assert list(table.columns[:5]) == [
        "prior",
        "weight.china_share_of_russia_trade",
        "weight.milex_ratio",
        "threshold.un_vote_agreement",
        "threshold.milex_ratio",
    ]
    rng = np.random.default_rng(0)
    for i in rng.choice(len(table), size=12, replace=False):
        row = table.iloc[i]
        # a weight w is the ratios raised to the power w
        ratios = {k: [x ** row.get(f"weight.{k}", 1.0) for x in v] for k, v in RATIOS.items()}
        expect = _final(
            series,
            priors[row.prior],
            ratios,
            {"un_vote_agreement": row["threshold.un_vote_agreement"], "milex_ratio": row["threshold.milex_ratio"]},
        )
        got = row[[f"posterior.{h}" for h in HYPOTHESES]].astype(float).values
        np.testing.assert_allclose(got, expect[HYPOTHESES].values, rtol=1e-9, atol=1e-12)
        assert row.lead == expect.idxmax()


def test_sweep_summaries_read_the_grid(series):
    priors = {"icd": _prior()}
    grid = sc.sweep_grid(series, priors, RATIOS, HYPOTHESES, weights={"china_share_of_russia_trade": [0.0, 1.0]})
    table = grid.table()
    lead = _final(series, priors["icd"], RATIOS).idxmax()
    assert grid.lead_share(lead) == pytest.approx((table.lead == lead).mean())
    assert grid.leaders().sum() == pytest.approx(1.0)
    infl = grid.influence(lead)
    post = table.set_index("weight.china_share_of_russia_trade")[f"posterior.{lead}"]
    assert infl.loc["weight.china_share_of_russia_trade", "swing"] == pytest.approx(abs(post.loc[1.0] - post.loc[0.0]))
    assert infl.loc["prior", "swing"] == 0.0  # one prior: moving it moves nothing


def test_sweep_refuses_bad_axes(series):
    with pytest.raises(ParameterError, match="unknown signpost"):
        sc.sweep_grid(series, {"icd": _prior()}, RATIOS, HYPOTHESES, weights={"gdp": [1.0]})
    with pytest.raises(ParameterError, match="no values for"):
        sc.sweep_grid(series, {"icd": _prior()}, RATIOS, HYPOTHESES, thresholds={"milex_ratio": []})
    with pytest.raises(ParameterError, match="must sum to 1"):
        sc.sweep_grid(series, {"bad": pd.Series(0.5, index=HYPOTHESES)}, RATIOS, HYPOTHESES)


# --- the control panel -------------------------------------------------------------------------------------


@pytest.fixture()
def panel(series, survey):
    from sinorussia.notebook.controls import scenario_panel

    return scenario_panel(
        series,
        survey,
        hypotheses=HYPOTHESES,
        words=WORDS,
        prior_method="icd_midpoint",
        custom_prior=[0.40, 0.25, 0.10, 0.15, 0.10],
        likelihood_ratios=RATIOS,
        share_drifts=list(FIXED["drifts"].values()),
        share_sd=FIXED["share_sd"],
        horizon=FIXED["horizon"],
        n_draws=2000,
        seed=7,
    )


def _expected_fan(series, posterior):
    history = series["china_share_of_russia_trade"].dropna()
    start = int(history.index.max())
    mixed, _ = sc.simulate_mixture(float(history.iloc[-1]), FIXED["drifts"], posterior, 0.12, 2035 - start, 2000, 7)
    return sc.fan(mixed, start + 1)


def test_panel_starts_from_the_chapters_results(panel, series):
    expect = _final(series, _prior(), RATIOS)
    pd.testing.assert_series_equal(panel.run.posterior, expect)
    pd.testing.assert_frame_equal(panel.run.fan, _expected_fan(series, expect))
    assert panel.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"“{expect.idxmax()}” leads with {expect.max():.0%}" in panel.tables.value


def test_changing_a_ratio_a_threshold_and_the_prior_updates_every_output(panel, series, survey):
    before_png, before_fan = panel.chart.value, panel.run.fan
    # milex_ratio is not observed at its threshold of 3.0 (the latest ratio is about 2.1): lower it to 2.0
    panel.threshold["milex_ratio"].value = 2.0
    panel.lr["milex_ratio"]["alliance"].value = 4.0
    ratios = {k: list(v) for k, v in RATIOS.items()}
    ratios["milex_ratio"][2] = 4.0
    status = sc.signpost_status(series, sc.with_thresholds({"milex_ratio": 2.0}))
    assert bool(status.loc["milex_ratio", "observed"]) and panel.run.status.loc["milex_ratio", "threshold"] == 2.0
    expect = _final(series, _prior(), ratios, {"milex_ratio": 2.0})
    pd.testing.assert_series_equal(panel.run.posterior, expect)
    pd.testing.assert_frame_equal(
        panel.run.path, sc.yearly_posterior(_prior(), status, ratios, sc.update_years(series))
    )
    evidence = sc.evidence_matrix(_prior(), status, ratios)
    pd.testing.assert_frame_equal(panel.run.ach, sc.ach_ratings(evidence))
    pd.testing.assert_series_equal(panel.run.ach_scores, sc.ach_inconsistency(sc.ach_ratings(evidence)))
    assert "milex_ratio" in panel.run.ach.index and panel.run.ach.loc["milex_ratio", "alliance"] == "CC"
    pd.testing.assert_frame_equal(panel.run.fan, _expected_fan(series, expect))
    assert not panel.run.fan.equals(before_fan) and panel.chart.value != before_png

    panel.prior_method.value = "survey_median"
    expect = _final(series, _prior("survey_median", survey), ratios, {"milex_ratio": 2.0})
    pd.testing.assert_series_equal(panel.run.posterior, expect)

    panel.prior_method.value = "custom"
    for h, x in zip(HYPOTHESES, [2, 1, 1, 0, 0]):  # slider weights, rescaled to sum to one
        panel.prior[h].value = x / 2
    custom = pd.Series([0.5, 0.25, 0.25, 0.0, 0.0], index=HYPOTHESES)
    pd.testing.assert_series_equal(panel.run.prior, custom, check_names=False)
    expect = _final(series, custom, ratios, {"milex_ratio": 2.0})
    pd.testing.assert_series_equal(panel.run.posterior, expect)


def test_an_impossible_input_shows_a_message_and_keeps_the_last_outputs(panel):
    panel.prior_method.value = "custom"
    last = panel.run
    for slider in panel.prior.values():
        slider.value = 0.0
    assert panel.run is not None and "Not updated" in panel.message.value and "custom_prior" in panel.message.value
    assert panel.run.posterior.sum() == pytest.approx(1.0)
    assert last is not None


def test_grid_axes_read_in_words():
    assert sc.axis_label("prior") == "Prior (reading of the words)"
    assert sc.axis_label("weight.milex_ratio") == "Weight of China's military spending ÷ Russia's (constant USD)"
    assert sc.axis_label("threshold.un_vote_agreement") == "Threshold of UN General Assembly agreement, Russia–China"
    assert [sc.axis_value("weight.milex_ratio", x) for x in (0.5, 1.0, 2.0, 0.25)] == ["½", "1", "2", "0.25"]
    assert sc.axis_value("threshold.un_vote_agreement", 0.6) == "60%"
    assert sc.axis_value("threshold.arms_deliveries_low", 840.0) == "840"
    assert sc.axis_value("threshold.milex_ratio", 3.6) == "3.6"
