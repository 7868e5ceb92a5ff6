"""Context functions: the curated timeline's validation, ratios and veto tables."""

import pandas as pd
import pytest

from sinorussia import load
from sinorussia.analysis import context as cx
from sinorussia.errors import WorkbookError


def test_timeline_is_valid_and_sourced():
    t = cx.load_timeline()
    assert len(t) >= 20 and t.date.is_monotonic_increasing
    assert t.loc[0, "event"].startswith("Qing China and Muscovy") and t.loc[0, "date"] == pd.Timestamp("1689-08-27")
    assert t.source_url.str.len().gt(0).all()


def test_timeline_errors_name_row_and_field(tmp_path):
    bad = tmp_path / "t.csv"
    t = pd.read_csv(cx.TIMELINE, dtype=str)
    t.loc[2, "category"] = "party"
    t.to_csv(bad, index=False)
    with pytest.raises(WorkbookError, match=r"t.csv, row 4: field 'category'"):
        cx.load_timeline(bad)


def test_ratio_uses_ussr_then_russia():
    wide = pd.DataFrame(
        {"CHN": [2.0, 6.0, 9.0], "SUN": [4.0, None, None], "RUS": [None, 2.0, 3.0]}, index=[1980, 2000, 2010]
    )
    r = cx.china_russia_ratio(wide, russia=("RUS", "SUN"))
    assert r.to_dict() == {1980: 0.5, 2000: 3.0, 2010: 3.0}


def test_vetoes_and_agreement_from_data():
    v = load("unsc_vetoes")
    per = cx.vetoes_by_period(v)
    assert per.loc["1940s", "ussr"] > 30 and per["russia"].sum() == int(v.russia.sum())
    joint = cx.joint_vetoes(v)
    assert (
        joint.date.min().year == 2007
        and (joint.vetoed_by.str.contains("CHN") & joint.vetoed_by.str.contains("RUS")).all()
    )
    ag = cx.agreement_pairs(load("unga_agreement"), [("CHN", "RUS")], 2000, 2021, min_votes=20)
    # 2020-21 from the UN Digital Library (97 and 86 common votes), the same definition as the Voeten years
    assert ag.index.max() == 2021 and ag["CHN–RUS"].min() > 0.5
    assert ag.loc[2021, "CHN–RUS"] == pytest.approx(66 / 86)
    few = cx.agreement_pairs(load("unga_agreement"), [("CHN", "RUS")], 2000, 2021, min_votes=90)
    assert 2021 not in few.index and 2020 in few.index  # min_votes drops years with fewer common votes
