"""Trade analysis functions: hand-made examples and known values from the processed data."""

import pandas as pd
import pytest

from sinorussia import load
from sinorussia.analysis import trade as tr


def _annual():
    return pd.DataFrame(
        {
            "year": [2016, 2016, 2017, 2017, 2017, 2017, 2017, 2017],
            "exporter": ["RUS", "CHN", "RUS", "CHN", "RUS", "CHN", "RUS", "CHN"],
            "importer": ["CHN", "RUS", "CHN", "RUS", "CHN", "RUS", "CHN", "RUS"],
            "value_usd": [28.0, 38.0, 41.0, 43.0, 39.0, 48.0, 40.0, 42.0],
            "source": [
                "fcs_russia",
                "fcs_russia",
                "comtrade_china",
                "comtrade_china_processed",
                "fcs_russia",
                "fcs_russia",
                "baci",
                "baci",
            ],
        }
    )


def test_headline_prefers_china_reported_then_russian_customs():
    h = tr.headline(_annual(), 2016, 2017)
    assert h.loc[2016, "total"] == 66 and h.loc[2016, "series"] == "Russia-reported"
    assert h.loc[2017, "RUS→CHN"] == 41 and h.loc[2017, "series"] == "China-reported"
    assert h.loc[2017, "balance_russia"] == -2


def test_mirror_gap_by_hand():
    g = tr.mirror_gap(_annual()).set_index("direction")
    # RUS->CHN 2017: China reports 41 imports, Russia 39 exports -> 41/39 - 1
    assert g.loc["RUS→CHN", "gap"] == pytest.approx(41 / 39 - 1)
    # CHN->RUS 2017: Russia reports 48 imports, China 43 exports
    assert g.loc["CHN→RUS", "gap"] == pytest.approx(48 / 43 - 1)


def test_composition_shares_sum_to_one():
    p = pd.DataFrame(
        {
            "year": [2020] * 3,
            "exporter": "RUS",
            "importer": "CHN",
            "hs_section": ["V", "V", "IX"],
            "hs_chapter": ["27", "26", "44"],
            "value_usd": [60.0, 10.0, 30.0],
            "quantity_t": None,
            "source": "baci",
        }
    )
    c = tr.composition(p, None, "RUS", "CHN")
    assert c.loc[2020, "V"] == pytest.approx(0.7) and c.loc[2020].sum() == pytest.approx(1.0)


def test_real_data_known_values():
    h = tr.headline(load("trade_bilateral_annual"), 2017, 2024)
    assert h.loc[2022, "total"] / 1e9 == pytest.approx(189.9, abs=0.1)
    assert h.loc[2024, "RUS→CHN"] / 1e9 == pytest.approx(129.9, abs=0.1)
    d = tr.dependence(load("trade_bilateral_annual"), load("trade_totals"), load("macro_indicators"), 2017, 2023)
    assert d.loc[2023, "share_ij"] > 0.3 and d.loc[2023, "share_ji"] < 0.06  # Russia depends far more on China
    link = tr.oil_link(load("trade_bilateral_monthly"), load("commodity_prices"), 2017, 2024)
    assert -1 <= link["r_changes"] <= 1 and link["n"] > 80


def test_intensity_matches_hand_formula():
    annual, totals = load("trade_bilateral_annual"), load("trade_totals")
    tii = tr.intensity(annual, totals, 2017, 2023)
    atlas = totals[(totals.source == "atlas") & (totals.year == 2021)].set_index("country")
    x = annual[(annual.year == 2021) & (annual.exporter == "RUS") & (annual.source == "comtrade_china")].value_usd.iloc[
        0
    ]
    want = (x / atlas.loc["RUS", "exports_usd"]) / (atlas.loc["CHN", "imports_usd"] / atlas.imports_usd.sum())
    assert tii.loc[2021, "RUS→CHN"] == pytest.approx(want)
    assert (tii > 1).all().all()  # neighbours trade more than their weight in world trade
