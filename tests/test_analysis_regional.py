"""Regional analysis functions: hand-made examples and known values from the processed tables."""

import pandas as pd
import pytest

from sinorussia import load
from sinorussia.analysis import regional as rg
from sinorussia.errors import ParameterError


def test_lasting_lead_by_hand():
    years = [2001, 2002, 2003, 2004, 2005]
    a = pd.Series([1, 3, 2, 4, 5], index=years)
    b = pd.Series([2, 2, 3, 3, 3], index=years)
    # a leads in 2002, falls behind in 2003, leads from 2004 to the end -> 2004
    assert rg.lasting_lead(a, b) == {"year": 2004, "since_start": False, "last": 2005, "n": 5}
    # always ahead: the lead is as old as the data, no overtaking observed
    assert rg.lasting_lead(b + 10, b)["since_start"] is True
    # behind in the last year: no lasting lead
    assert rg.lasting_lead(b, a)["year"] is None
    # a missing year is skipped (2003 unknown): the lead then starts in 2002
    assert rg.lasting_lead(a.drop(2003), b)["year"] == 2002


def test_partner_trade_prefers_national_office_and_needs_both_flows():
    d = pd.DataFrame(
        {
            "year": [2010, 2010, 2010, 2011, 2011, 2011],
            "reporter": "KGZ",
            "partner": ["CHN", "CHN", "CHN", "CHN", "RUS", "RUS"],
            "flow": ["imports", "imports", "exports", "imports", "imports", "exports"],
            "value_usd": [100.0, 90.0, 5.0, 120.0, 80.0, 20.0],
            "source": ["kgz_stat", "wits_top5", "kgz_stat", "wits_top5", "wits_top5", "wits_top5"],
        }
    )
    p = rg.partner_trade(d, "KGZ").set_index(["year", "partner", "flow"])
    assert p.loc[(2010, "CHN", "imports"), "value_usd"] == 100  # national figure, not WITS's 90
    assert p.loc[(2010, "CHN", "total"), "value_usd"] == 105
    # 2011 China: only imports (exports not in the top five) -> no total, which would understate
    assert (2011, "CHN", "total") not in p.index
    assert p.loc[(2011, "RUS", "total"), "value_usd"] == 100


def test_partner_trade_real_values():
    r = load("regional_trade")
    kgz = rg.partner_trade(r, "KGZ").set_index(["year", "partner", "flow"])
    # Kyrgyz statistics: imports from China 2023 about 5.353 bn USD (the documented trap value)
    assert kgz.loc[(2023, "CHN", "imports"), "value_usd"] == pytest.approx(5.353e9, rel=1e-3)
    # before Kazakhstan's own tables (2018) the WITS Kazakhstan-China extract fills in: 2010 imports 3,964,519.58 k USD
    kaz = rg.partner_trade(r, "KAZ").set_index(["year", "partner", "flow"])
    assert kaz.loc[(2010, "CHN", "imports"), "source"] == "wits_kaz_china"
    assert kaz.loc[(2010, "CHN", "imports"), "value_usd"] == pytest.approx(3964519.58e3)
    assert kaz.loc[(2020, "CHN", "imports"), "source"] == "kaz_stat"


def test_overtaking_real_data():
    r = load("regional_trade")
    countries = ["KAZ", "KGZ", "UZB", "MNG", "TJK"]
    o = rg.overtaking(rg.china_vs_russia(r, countries, "total"), countries)
    # Kyrgyzstan's own figures: 2021 China 1.53 bn < Russia 2.30 bn; 2022 4.13 > 3.48 and 2023 5.43 > 3.01
    assert o.loc["KGZ", "overtook"] == 2022
    # Mongolia (WITS top five, then the NSO): Russia ahead in 1996, China ahead in every later year with data
    assert o.loc["MNG", "overtook"] == 1997
    # Kazakhstan: Russia ahead in 2022 (26.97 vs 24.20 bn), China ahead in 2023 (30.06 vs 27.05 bn)
    assert o.loc["KAZ", "overtook"] == 2023
    assert pd.isna(o.loc["TJK", "overtook"])  # no data at all


def test_with_data_and_coverage():
    r = load("regional_trade")
    have, missing = rg.with_data(r, ["KAZ", "TJK", "TKM"])
    assert have == ["KAZ", "TKM"] and missing == ["TJK"]  # TKM: WITS lists Russia among its top five in 1997-2000
    cov = rg.coverage(r, ["TJK", "TKM"])
    assert cov[cov.country == "TJK"].years.iloc[0] == "no partner data"
    assert cov[(cov.country == "TKM") & (cov.partner == "CHN")].years.iloc[0] == "none"


def test_reported_gap_kyrgyzstan():
    g = rg.reported_gap(load("regional_trade"))
    # Kyrgyz statistics: 5.43 bn two-way trade with China in 2023; China's customs: 19.8 bn -> about 3.6 times
    assert g.loc["KGZ", "partner_reported_bn"] == pytest.approx(5.434, abs=0.01)
    assert g.loc["KGZ", "ratio"] == pytest.approx(19.8 / 5.434, rel=0.01)
    assert pd.isna(g.loc["TJK", "partner_reported_bn"])


def test_finance_per_head():
    f = rg.finance_per_head(load("development_finance"), load("macro_indicators"), ["KAZ", "MNG"])
    assert f.loc["RUS", "rank"] == 1  # Russia is the largest recipient of GCDF 3.0 commitments
    # Mongolia: 22.04 bn over an average 2000-2021 population of 2.816 million (WDI) = 7,826 USD per head
    assert f.loc["MNG", "commitments_usd"] == pytest.approx(22.04e9, rel=1e-3)
    assert f.loc["MNG", "population"] == pytest.approx(2.816e6, rel=1e-3)
    assert f.loc["MNG", "per_head_usd"] == pytest.approx(22.04e9 / 2.816e6, rel=2e-3)
    assert f.loc["MNG", "per_head_usd"] > f.loc["KAZ", "per_head_usd"] > f.loc["RUS", "per_head_usd"]


def test_ideal_point_distances_by_hand():
    ip = pd.DataFrame(
        {
            "year": [2020] * 4,
            "session": 75,
            "country": ["KAZ", "RUS", "CHN", "USA"],
            "ideal_point": [-0.5, -0.6, -1.0, 2.5],
            "source": "x",
        }
    )
    d = rg.ideal_point_distances(ip, ["KAZ"], "x", 2020, 2020).set_index("ref").distance
    assert d["RUS"] == pytest.approx(0.1) and d["CHN"] == pytest.approx(0.5) and d["USA"] == pytest.approx(3.0)
    assert rg.nearest_power(rg.ideal_point_distances(ip, ["KAZ"], "x", 2020, 2020), 2020)["KAZ"] == "RUS"


def test_agreement_with_unordered_pairs():
    a = load("unga_agreement")
    ag = rg.agreement_with(a, ["KAZ"]).set_index(["year", "ref"]).agreement
    # the table stores the pair as (CHN, KAZ) and (KAZ, RUS): 2019 0.818 with China, 0.674 with Russia
    assert ag[(2019, "CHN")] == pytest.approx(0.818, abs=0.001)
    assert ag[(2019, "RUS")] == pytest.approx(0.674, abs=0.001)
    assert ag.index.get_level_values(0).max() == 2021  # UN Digital Library years (2020-21)
    few = rg.agreement_with(a, ["KAZ"], min_votes=200)
    assert few.empty  # no year has 200 common roll calls: min_votes drops them all


def test_russia_lng_groups():
    lng = rg.russia_lng(load("energy_flows"))
    # bp 2021 matrix: Russia -> China 6.92 bcm in 2020; EI 2024: 11.02 bcm in 2023
    assert lng.loc["China", 2020] == pytest.approx(6.92, abs=0.01)
    assert lng.loc["China", 2023] == pytest.approx(11.02, abs=0.01)
    assert lng[2020].sum() == pytest.approx(40.41, abs=0.01)  # all of Russia's LNG exports in the matrix
    assert rg.destination_group("region:other_eu") == "Europe" and rg.destination_group("EGY") == "Other"


def test_check_countries():
    assert rg.check_countries(["KAZ", "TJK"]) == ["KAZ", "TJK"]
    with pytest.raises(ParameterError, match="countries.*ZZZ"):
        rg.check_countries(["KAZ", "ZZZ"])
