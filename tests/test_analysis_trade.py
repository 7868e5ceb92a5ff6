"""Trade analysis functions: hand-made examples and known values from the processed data."""

import pandas as pd
import pytest

from sinorussia import load
from sinorussia.analysis import indicators as ind
from sinorussia.analysis import trade as tr
from sinorussia.errors import WorkbookError


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
    assert d.loc[2023, "asymmetry_ratio"] == pytest.approx(d.loc[2023, "share_ij"] / d.loc[2023, "share_ji"])
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
    assert (tii[["RUS→CHN", "CHN→RUS"]] > 1).all().all()  # neighbours trade more than their weight in world trade


# ---------------------------------------------------------------- reporting bases
def _tables():
    return load("trade_bilateral_annual"), load("trade_totals"), load("macro_indicators")


def test_china_share_of_russia_trade_2023_on_each_basis():
    annual, totals, _ = _tables()
    fcs = tr.share(annual, totals, "RUS", ("comtrade_china_processed", "fcs_russia"))
    atlas = tr.share(annual, totals, "RUS", ("comtrade_china_processed", "atlas"))
    assert fcs.loc[2023, "share"] == pytest.approx(240.1 / 710.1, abs=0.001)  # 33.8 %: over Russia's FCS total
    assert atlas.loc[2023, "share"] == pytest.approx(0.412, abs=0.001)  # 41.2 %: over the Atlas total
    assert fcs.loc[2023, "basis"] == "partner-reported flow over own total"
    assert atlas.loc[2023, "basis"] == "partner-reported flow over Atlas (mirror-estimated) total"
    assert fcs.index.max() == 2023  # Russia's own totals end in 2023


def test_russia_share_of_china_trade_2024_on_each_basis():
    annual, totals, _ = _tables()
    gacc = tr.share(annual, totals, "CHN", ("comtrade_china_processed", "gacc_release"))
    atlas = tr.share(annual, totals, "CHN", ("comtrade_china_processed", "atlas"))
    assert gacc.loc[2024, "share"] == pytest.approx(0.040, abs=0.0005)  # 245.2 bn / 6.17 tn (GACC)
    assert atlas.loc[2024, "share"] == pytest.approx(0.044, abs=0.0005)
    assert gacc.loc[2022, "share"] == pytest.approx(0.030, abs=0.0005)  # GACC: 'Russia is 3 % of China's trade'
    assert gacc.loc[2024, "basis"] == "own report"


def test_a_ratio_of_two_undeclared_bases_fails_loudly():
    annual, totals, _ = _tables()
    with pytest.raises(WorkbookError) as err:
        tr.share(annual, totals, "RUS", ("baci", "fcs_russia"))
    msg = str(err.value)
    assert "'baci'" in msg and "'fcs_russia'" in msg and "allow=[('baci', 'fcs_russia')]" in msg and "\n" not in msg
    with pytest.raises(WorkbookError, match="gacc_release"):
        tr.dependence(*_tables(), 2017, 2023, russia_bases=[("comtrade_china_processed", "gacc_release")])
    mixed = tr.share(annual, totals, "RUS", ("baci", "fcs_russia"), allow=[("baci", "fcs_russia")])
    assert mixed.basis.iloc[0].startswith("explicit mix")


def test_pair_indicators_refuse_mixed_sources():
    annual, totals, _ = _tables()
    flows = annual[annual.source.isin(["comtrade_china", "comtrade_china_processed"])]
    tot = totals[totals.country.isin(["RUS", "CHN"]) & totals.source.isin(["atlas", "fcs_russia"])]
    with pytest.raises(WorkbookError, match="mix sources"):
        ind.pair_indicators(flows, tot)


def test_dependence_names_the_basis_of_every_year_and_never_splices_silently():
    d = tr.dependence(*_tables(), 2006, 2024)
    assert d.loc[2021, "source_ij"] == "fcs_russia" and d.loc[2021, "basis_ij"] == "own report"
    assert d.loc[2022, "source_ij"] == "comtrade_china_processed/fcs_russia"
    assert d.loc[2023, "share_ij"] == pytest.approx(0.338, abs=0.001)
    assert pd.isna(d.loc[2024, "share_ij"]) and pd.isna(d.loc[2024, "asymmetry_ratio"])  # FCS totals end in 2023
    assert d.loc[2024, "share_ji"] == pytest.approx(0.0397, abs=0.0005) and tr.last_common_year(d) == 2023
    assert d.loc[2020, "source_ji"] == "comtrade_china_processed/atlas"  # GACC totals start in 2021
    assert d[["source_ij", "basis_ij"]].dropna().shape[0] == d.share_ij.notna().sum()


def test_share_range_flags_material_disagreement():
    annual, totals, _ = _tables()
    keep = ["fcs_russia", "comtrade_china_processed/fcs_russia", "comtrade_china_processed/atlas", "baci/atlas"]
    r = tr.share_range(annual, totals, "RUS", 2017, 2024, only=keep)
    assert list(r.columns[:4]) == keep
    assert r.loc[2023, "low"] == pytest.approx(0.338, abs=0.001) and r.loc[2023, "high"] == pytest.approx(
        0.412, abs=0.001
    )
    assert bool(r.loc[2023, "material"]) and not bool(r.loc[2017, "material"])
    assert r.loc[2024, "n_bases"] == 1 and pd.isna(r.loc[2024, "spread_pp"]) and not bool(r.loc[2024, "material"])
    assert r.loc[2023, "spread_pp"] == pytest.approx(r.loc[2023, "high"] - r.loc[2023, "low"])
    with pytest.raises(WorkbookError, match="not declared"):
        tr.share_range(annual, totals, "RUS", 2017, 2024, only=["baci/fcs_russia"])


def test_analysis_shares_equal_the_processed_table():
    annual, totals, _ = _tables()
    s = load("trade_partner_shares").set_index(["year", "country", "partner", "flow", "source"]).share
    for country, basis in (
        ("RUS", ("comtrade_china_processed", "fcs_russia")),
        ("CHN", ("comtrade_china_processed", "gacc_release")),
        ("RUS", ("fcs_russia", "fcs_russia")),
        ("RUS", ("baci", "atlas")),
    ):
        got = tr.share(annual, totals, country, basis)
        partner = "CHN" if country == "RUS" else "RUS"
        for year, row in got.iterrows():
            assert s[(year, country, partner, "total", row.source)] == pytest.approx(row.share, abs=1e-8)
