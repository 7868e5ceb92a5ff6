"""The cited figures for chapters (analysis/cited.py) on the shipped official_figures table: real values."""

from __future__ import annotations

import pandas as pd
import pytest

from sinorussia import energy as en
from sinorussia import trade as tr
from sinorussia.errors import WorkbookError
from sinorussia.processed import load


@pytest.fixture(scope="module")
def official():
    return load("official_figures")


def test_table_holds_one_figure_per_group_with_status(official):
    assert set(official.status) == {"cited", "provisional"}
    assert not official.duplicated(["series", "country", "partner", "period", "dimension"]).any()
    # the rejected 6.48 tn never reaches the table
    assert official[(official.series == "cn_trade_world") & (official.calendar_year == 2025)].empty


def test_gacc_trade_2025_and_2026(official):
    g = tr.gacc_trade(official)
    assert g.loc["2025", "total"] == pytest.approx(228.105e9)
    assert g.loc["2025", "status_total"] == "cited" and g.loc["2025", "status_RUS→CHN"] == "provisional"
    assert bool(g.loc["2025", "parts_agree"])
    assert (
        g.loc["2026 Jan-Feb", "total"] == pytest.approx(39.044e9) and g.loc["2026 Jan-Feb", "status_total"] == "cited"
    )
    assert g.loc["2026 Jan-Apr", "status_total"] == "provisional"
    assert g.loc["2025", "total"] / g.loc["2024", "total"] - 1 == pytest.approx(-0.0682, abs=5e-4)


def test_russia_share_of_china_on_cited_figures(official):
    s = tr.gacc_share_of_china(official)
    assert s[2025] == pytest.approx(228.105 / 6350, rel=1e-6)  # 3.77 + 2.58 tn
    assert s[2024] == pytest.approx(244.81 / 6170, rel=1e-6)


def test_gazprom_deliveries_and_the_caps(official):
    pos = en.cited_annual(official, "pos_deliveries", "RUS", "CHN")
    assert pos.to_dict() == {2020: 4.1, 2021: 10.39, 2022: 15.4, 2023: 22.73, 2024: 31.12, 2025: 38.8}
    steps = en.price_cap_steps(official)
    cap = {
        j: en.cap_in_force(steps, j, pd.to_datetime(["2022-12-01", "2023-06-01", "2025-09-02", "2025-12-01"]))
        for j in ("EU", "UK", "US")
    }
    assert cap["EU"].isna().iloc[0] and cap["EU"].iloc[1] == 60 and cap["EU"].iloc[2] == 60
    assert cap["EU"].iloc[3] == pytest.approx(47.6) and cap["UK"].iloc[2] == pytest.approx(47.6)
    assert cap["US"].iloc[3] == 60  # the US kept the G7 cap
    with pytest.raises(WorkbookError, match="no figure of series"):
        en.cited_annual(official, "no_such_series", "RUS")


def test_period_end_reads_the_published_periods():
    from sinorussia.analysis.cited import period_end

    assert period_end("2025") == pd.Timestamp("2025-12-01")
    assert period_end("2026 Jan-Feb") == pd.Timestamp("2026-02-01")
    assert period_end("2025 Q1") == pd.Timestamp("2025-03-01") and period_end("2025 H1") == pd.Timestamp("2025-06-01")
    assert period_end("2025 Dec") == pd.Timestamp("2025-12-01") and pd.isna(period_end("from 2022-12-05"))
