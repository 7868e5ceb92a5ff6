"""Indicators against hand-computed examples."""

import math

import pandas as pd
import pytest

from sinorussia.analysis import indicators as ind
from sinorussia.errors import WorkbookError


def test_share_and_dependence_by_hand():
    # Russia trades 240 with China out of 600 in total; China 240 out of 6000.
    assert ind.share_of_trade(240, 600) == pytest.approx(0.40)
    assert ind.share_of_trade(240, 6000) == pytest.approx(0.04)
    assert ind.trade_to_gdp(240, 2000) == pytest.approx(0.12)
    assert ind.asymmetry_ratio(0.40, 0.04) == pytest.approx(10.0)


def test_barbieri_salience_symmetry_interdependence_by_hand():
    # s_ij = 0.40, s_ji = 0.04: salience sqrt(0.016) = 0.126491; symmetry 1 - 0.36 = 0.64
    assert ind.salience(0.40, 0.04) == pytest.approx(math.sqrt(0.016))
    assert ind.symmetry(0.40, 0.04) == pytest.approx(0.64)
    assert ind.interdependence(0.40, 0.04) == pytest.approx(math.sqrt(0.016) * 0.64)
    # perfectly symmetric pair
    assert ind.symmetry(0.2, 0.2) == 1.0


def test_hhi_by_hand():
    assert ind.hhi([0.5, 0.3, 0.2]) == pytest.approx(0.25 + 0.09 + 0.04)
    assert ind.hhi([1.0]) == 1.0
    assert ind.hhi([25, 25, 25, 25], normalise=True) == pytest.approx(0.25)
    with pytest.raises(WorkbookError, match="sum to"):
        ind.hhi([0.8, 0.8])
    with pytest.raises(WorkbookError, match="non-negative"):
        ind.hhi([0.5, -0.1])


def test_trade_intensity_by_hand():
    # i sends 30 of its 100 exports to j; j takes 10 % of world imports -> TII = 0.3 / 0.1 = 3
    assert ind.trade_intensity(30, 100, 1_000, 10_000) == pytest.approx(3.0)


def test_pair_indicators_table():
    flows = pd.DataFrame(
        {
            "year": [2020, 2020, 2021, 2021],
            "exporter": ["RUS", "CHN", "RUS", "CHN"],
            "importer": ["CHN", "RUS", "CHN", "RUS"],
            "value_usd": [60.0, 50.0, 80.0, 70.0],
        }
    )
    totals = pd.DataFrame(
        {
            "year": [2020, 2020, 2021, 2021],
            "country": ["RUS", "CHN", "RUS", "CHN"],
            "exports_usd": [300.0, 2500.0, 400.0, 3300.0],
            "imports_usd": [250.0, 2000.0, 300.0, 2700.0],
        }
    )
    gdp = pd.DataFrame(
        {
            "year": [2020, 2020, 2021, 2021],
            "country": ["RUS", "CHN", "RUS", "CHN"],
            "value": [1500.0, 15000.0, 1800.0, 17000.0],
        }
    )
    out = ind.pair_indicators(flows, totals, gdp).set_index("year")
    assert out.loc[2020, "bilateral_usd"] == 110
    assert out.loc[2020, "share_ij"] == pytest.approx(110 / 550)
    assert out.loc[2021, "share_ji"] == pytest.approx(150 / 6000)
    assert out.loc[2021, "symmetry"] == pytest.approx(1 - abs(150 / 700 - 150 / 6000))
    assert out.loc[2021, "trade_to_gdp_i"] == pytest.approx(150 / 1800)
    with pytest.raises(WorkbookError, match="lack a direction"):
        ind.pair_indicators(flows[flows.exporter == "RUS"], totals)


def test_correlation_of_changes_uses_changes_not_levels():
    a = pd.Series([1, 2, 4, 8, 16], index=range(5), dtype=float)
    b = pd.Series([3, 6, 12, 24, 48], index=range(5), dtype=float)  # same growth -> constant log changes
    c = pd.Series([1, 2, 4, 16, 32], index=range(5), dtype=float)
    r, n = ind.correlation_of_changes(c, c * 3)
    assert n == 4 and r == pytest.approx(1.0)
    with pytest.raises(WorkbookError):
        ind.correlation_of_changes(a.iloc[:2], b.iloc[:2])
