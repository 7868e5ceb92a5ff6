"""Military analysis functions: hand-made examples and known values from the processed tables."""

import math

import pandas as pd
import pytest

from sinorussia import load
from sinorussia.analysis import military as mil
from sinorussia.errors import WorkbookError


def _arms():
    """A tiny SIPRI-like table (one vintage): the Soviet Union to 1991, Russia from 1992."""
    rows = [
        (1990, "SUN", "CHN", 10.0),
        (1990, "SUN", "WLD", 40.0),
        (1991, "SUN", "WLD", 60.0),  # no SUN→CHN row in 1991: no deliveries (0)
        (1992, "RUS", "CHN", 30.0),
        (1992, "RUS", "WLD", 50.0),
        (1993, "RUS", "IND", 50.0),
        (1993, "RUS", "WLD", 50.0),
        (1990, "WLD", "CHN", 20.0),
        (1991, "WLD", "CHN", 10.0),
        (1992, "WLD", "CHN", 40.0),  # no 1993 total
    ]
    df = pd.DataFrame(rows, columns=["year", "supplier", "recipient", "tiv_musd"])
    df["source"] = "sipri_2022"
    return df


def test_bilateral_counts_the_soviet_union_as_russia_and_fills_missing_years_with_zero():
    s = mil.bilateral_tiv(_arms(), "RUS", "CHN", "sipri_2022")
    # Russia's exports are covered 1990-1993 (SUN then RUS totals); 1991 and 1993 have no CHN row -> 0
    assert s.to_dict() == {1990: 10.0, 1991: 0.0, 1992: 30.0, 1993: 0.0}


def test_period_shares_by_hand():
    p = mil.period_shares(_arms(), "RUS", "CHN", period_years=2, start=1990, source="sipri_2022")
    assert list(p.index) == ["1990–1991", "1992–1993"]
    # 1990-91: Russia (SUN) sent China 10 of its 40 + 60 = 100 exported; China imported 20 + 10 = 30
    assert p.loc["1990–1991", "share_of_supplier_exports"] == pytest.approx(10 / 100)
    assert p.loc["1990–1991", "share_of_recipient_imports"] == pytest.approx(10 / 30)
    # 1992-93: 30 of 50 + 50 = 100 exported; China's imports known for 1992 only (40): 30 / 40
    assert p.loc["1992–1993", "share_of_supplier_exports"] == pytest.approx(30 / 100)
    assert p.loc["1992–1993", "share_of_recipient_imports"] == pytest.approx(30 / 40)
    assert p.loc["1992–1993", "years_imports"] == 1 and p.loc["1992–1993", "years_exports"] == 2
    # one four-year period: 40 of 200; imports 1990-92 only: 40 of 70
    q = mil.period_shares(_arms(), "RUS", "CHN", period_years=4, start=1990, source="sipri_2022")
    assert q.loc["1990–1993", "share_of_supplier_exports"] == pytest.approx(40 / 200)
    assert q.loc["1990–1993", "share_of_recipient_imports"] == pytest.approx(40 / 70)


def test_period_shares_rejects_bad_period_and_vintage():
    with pytest.raises(WorkbookError):
        mil.period_shares(_arms(), "RUS", "CHN", period_years=0)
    with pytest.raises(WorkbookError, match="vintage"):
        mil.bilateral_tiv(_arms(), "RUS", "CHN", "sipri_2030")


def test_period_shares_real_values():
    arms = load("arms_transfers")
    p = mil.period_shares(arms, "RUS", "CHN", 5, 1950, "sipri_2022")
    # 1950-54 Soviet deliveries to China 2572 + 2197 + 3430 + 3144 + 3500 = 14,843 of 30,606 TIV exported
    assert p.loc["1950–1954", "pair_tiv"] == pytest.approx(14843)
    assert p.loc["1950–1954", "share_of_supplier_exports"] == pytest.approx(14843 / 30606)
    assert p.loc["1975–1979", "pair_tiv"] == 0  # nothing delivered during the Sino-Soviet split
    assert math.isnan(p.loc["1995–1999", "share_of_recipient_imports"])  # sipri_2022 has no China import totals
    q = mil.period_shares(arms, "RUS", "CHN", 5, 1990, "sipri_2026")
    # 1995-99 (sipri_2026): 496.5 + 1239 + 733.75 + 153.25 + 1444.5 = 4,067 TIV to China
    assert q.loc["1995–1999", "pair_tiv"] == pytest.approx(4067.0)
    assert q.loc["1995–1999", "share_of_supplier_exports"] == pytest.approx(0.233, abs=0.001)
    assert q.loc["1995–1999", "share_of_recipient_imports"] == pytest.approx(0.776, abs=0.001)
    assert q.loc["1990–1994", "years_exports"] == 3  # the 2026 vintage starts in 1992


def test_2026_vintage_does_not_cover_other_flows_before_1995():
    arms = load("arms_transfers")
    assert mil.bilateral_tiv(arms, "RUS", "CHN", "sipri_2026").index.min() == 1992
    assert mil.bilateral_tiv(arms, "RUS", "IND", "sipri_2026").index.min() == 1995


def test_vintage_revisions_real_values():
    arms = load("arms_transfers")
    r = mil.vintage_revisions(arms, "RUS", "CHN").set_index("year")
    assert (r.index.min(), r.index.max()) == (1992, 2021)  # the vintages overlap 1992-2021
    # Russia->China 2021: 773 TIV in the 2022 vintage, 466.75 in the 2026 one
    assert r.loc[2021, "revision"] == pytest.approx(466.75 - 773)
    assert r.loc[1993, "revision"] == 0
    top = mil.largest_revisions(mil.vintage_revisions(arms), 5)
    assert (top.recipient != "WLD").all() and top.revision.abs().is_monotonic_decreasing


def test_spending_ratios_real_values():
    milex = load("military_expenditure")
    r = mil.spending_ratios(milex, start=2024, end=2024)
    # SIPRI 2025, constant 2023 USD: China 317.561 bn, Russia 150.534 bn in 2024
    assert r.loc[2024, "CHN/RUS"] == pytest.approx(317.561 / 150.534, rel=1e-3)
    assert r.loc[2024, "USA/CHN"] > 3  # the US still spends over three times China


def test_exercise_counts_real_values():
    c = mil.exercise_counts(load("joint_exercises"))
    # the compilation lists 99 exercises, 12 with China (data/CATALOG.md)
    assert c.total.sum() == 99 and c.with_china.sum() == 12
    assert list(c.index) == list(range(2009, 2019))


def test_partner_ranking_by_hand():
    # Russia's recipients 1990-1993, the Soviet rows counted as Russia's, the WLD totals left out
    r = mil.partner_ranking(_arms(), "RUS", 1990, 1993, "sipri_2022")
    assert r.to_dict() == {"IND": 50.0, "CHN": 40.0}
    # China's suppliers: SUN (10) and RUS (30) merge into one Russia of 40
    assert mil.partner_ranking(_arms(), "CHN", 1990, 1993, "sipri_2022", side="recipient").to_dict() == {"RUS": 40.0}
    assert mil.partner_ranking(_arms(), "CHN", 2000, 2001, "sipri_2022", side="recipient").empty
    with pytest.raises(WorkbookError, match="side must be"):
        mil.partner_ranking(_arms(), "RUS", 1990, 1993, "sipri_2022", side="buyer")


def test_partner_ranking_real_values():
    # SIPRI 2026: China was Russia's third-largest recipient in 2014-2017, after India and Algeria
    r = mil.partner_ranking(load("arms_transfers"), "RUS", 2014, 2017)
    assert list(r.index[:3]) == ["IND", "DZA", "CHN"]
    assert r["CHN"] == pytest.approx(3237.7, abs=0.1)


def test_top_partners_real_values():
    arms = load("arms_transfers")
    t = mil.top_partners(arms, "CHN", 2015, 2024)
    # Pakistan is China's largest customer: 8,263 of China's 17,247 million TIV of exports in 2015-2024 (SIPRI 2026)
    assert t.index[0] == "PAK" and t.tiv.iloc[0] == pytest.approx(8262.8, abs=0.1)
    assert t.share.iloc[0] == pytest.approx(8262.76 / mil.bilateral_tiv(arms, "CHN", "WLD", start=2015, end=2024).sum())
    assert t.share.iloc[0] == pytest.approx(0.479, abs=0.001)
    s = mil.top_partners(arms, "CHN", 2015, 2024, side="recipient")
    assert s.index[0] == "RUS"  # and Russia China's largest supplier


def test_share_panel_and_period_sums_by_hand():
    p = mil.share_panel(_arms(), "RUS", "CHN", 2, 1990, 1993, export_source="sipri_2022", import_source="sipri_2022")
    assert list(p.label) == ["1990–1991", "1992–1993"]
    # 1992-93: China's imports are known for 1992 only, so the period is flagged as partly covered
    assert list(p.partial) == [False, True]
    assert p.loc[1992, "share_of_recipient_imports"] == pytest.approx(30 / 40)
    s = mil.period_sums(mil.bilateral_tiv(_arms(), "RUS", "WLD", "sipri_2022"), 3, 1990)
    # 40 + 60 + 50 in 1990-92, then 50 alone in 1993 (a one-year period is labelled by its year)
    assert s.iloc[:, 0].to_dict() == {"1990–1992": 150.0, "1993": 50.0}
