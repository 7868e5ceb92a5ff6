"""Macro, regional, development-finance and probability-word builders against the raw files."""

import pandas as pd
import pyreadr
import pytest

from sinorussia import load
from sinorussia.errors import RawFormatError
from sinorussia.processed import sources as sources_mod
from sinorussia.processed.build import build
from sinorussia.raw import raw_catalog


def _raw(id_):
    return raw_catalog()[id_].local_path


def test_wdi_gdp_matches_raw_and_drops_aggregates(raw_files):
    raw = pd.read_csv(_raw("wdi_gdp_current_usd"))
    want = raw[(raw["Country Code"] == "CHN") & (raw.Year == 2023)].Value.iloc[0]
    m = load("macro_indicators")
    got = m[
        (m.country == "CHN") & (m.year == 2023) & (m.indicator == "gdp_current_usd") & (m.source == "wdi")
    ].value.iloc[0]
    assert got == pytest.approx(want)
    assert "EUU" not in set(m[m.source == "wdi"].country) and "WLD" in set(m.country)
    pop = m[(m.country == "RUS") & (m.year == 2023) & (m.indicator == "population") & (m.source == "wdi")].value.iloc[0]
    assert 1.40e8 < pop < 1.48e8


def test_maddison_long_run(raw_files):
    m = load("macro_indicators")
    mad = m[(m.source == "maddison_2020") & (m.indicator == "gdp_ppp_2011_intl")]
    assert mad.year.min() <= 1820 and {"CHN", "RUS", "SUN"} <= set(mad.country)


def test_regional_trade_known_values(raw_files):
    r = load("regional_trade").set_index(["year", "reporter", "partner", "flow", "source"]).value_usd
    # the documented trap: Kyrgyzstan's own figure for imports from China in 2023 is about 5.35 bn
    assert r[(2023, "KGZ", "CHN", "imports", "kgz_stat")] == pytest.approx(5.353e9, rel=1e-3)
    uz = pd.read_csv(_raw("uzbekistan_stat_imports"), encoding="utf-8-sig")
    want = uz[uz.Klassifikator_en == "China"]["2023"].iloc[0] * 1e3
    assert r[(2023, "UZB", "CHN", "imports", "uzb_stat")] == pytest.approx(want)
    mn = pd.read_csv(_raw("mongolia_nso_exports_top"))
    want = mn[(mn.country == "China") & (mn.year == 2005)].exports_usd_mn.iloc[0] * 1e3  # thousand USD
    assert r[(2005, "MNG", "CHN", "exports", "mng_nso")] == pytest.approx(want)
    for rep, src in (("KAZ", "kaz_stat"), ("KGZ", "kgz_stat")):
        tot = r[(2021, rep, "WLD", "exports", src)]
        assert r[(2021, rep, "CHN", "exports", src)] < tot and r[(2021, rep, "RUS", "exports", src)] < tot


def test_regional_trade_wits_sources(raw_files):
    r = load("regional_trade").set_index(["year", "reporter", "partner", "flow", "source"]).value_usd
    # WITS summary for KGZ, row 'China / Trade (US$ Mil)-Top 5 Import Partner', column 2018: 1942.26 million USD;
    # Kyrgyzstan's own statistics give the same flow as 1,942,257.7 thousand USD (WITS takes the reporter's data)
    assert r[(2018, "KGZ", "CHN", "imports", "wits_top5")] == pytest.approx(1942.26e6)
    assert r[(2018, "KGZ", "CHN", "imports", "kgz_stat")] == pytest.approx(1942.26e6, rel=1e-5)
    # China was never among Kyrgyzstan's top-5 export markets in 2015-2019: no row, which is not a zero
    assert not any((y, "KGZ", "CHN", "exports", "wits_top5") in r.index for y in range(2015, 2020))
    # the reporter's total: 'Imports (in US$ Mil)' for KGZ 2019 = 4988.95
    assert r[(2019, "KGZ", "WLD", "imports", "wits_top5")] == pytest.approx(4988.95e6)
    # WITS Kazakhstan-China extract, 'Import Amt' 2020 = 6,346,496.28 thousand USD
    assert r[(2020, "KAZ", "CHN", "imports", "wits_kaz_china")] == pytest.approx(6346496.28e3)
    w = load("regional_trade")
    assert w[w.source == "wits_kaz_china"].partner.unique().tolist() == ["CHN"]
    assert w[w.source == "wits_top5"].year.min() == 1992 and w[w.source == "wits_top5"].year.max() == 2019


def test_development_finance_russia_largest(raw_files):
    d = load("development_finance")
    totals = d[d.period == "2000-2021"].sort_values("commitments_usd", ascending=False)
    assert totals.country.iloc[0] == "RUS"
    raw = next(iter(pyreadr.read_r(str(_raw("aiddata_gcdf_country_commitments"))).values()))
    assert totals.commitments_usd.iloc[0] == pytest.approx(
        raw[raw.iso3c == "RUS"].total_commitments_bn.iloc[0] * 1e9, rel=1e-9
    )


def test_probability_words(raw_files):
    w = load("probability_words")
    med = w.groupby(["survey", "phrase"]).probability.median()
    assert med[("mauboussin_2018", "almost certainly")] > 0.85
    assert med[("zonination_2015", "highly unlikely")] < 0.15
    assert w.groupby("survey").respondent.nunique()["zonination_2015"] == 46


def test_regional_drift_names_file(raw_files, tmp_path, monkeypatch):
    rf = raw_catalog()["uzbekistan_stat_exports"]
    bad = tmp_path / rf.filename
    bad.write_text(
        rf.local_path.read_text(encoding="utf-8-sig").replace("Klassifikator_en", "name_en"), encoding="utf-8"
    )
    real = sources_mod.raw_path
    monkeypatch.setattr(sources_mod, "raw_path", lambda i: bad if i == rf.id else real(i))
    with pytest.raises(RawFormatError, match="uzbekistan_stat_exports.*Klassifikator_en"):
        build(["regional_trade"], out_dir=tmp_path / "out")
