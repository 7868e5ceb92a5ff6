"""Politics and military builders against the raw files, read independently here."""
import csv
import io
import json
import shutil

import pandas as pd
import pytest

from sinorussia import load
from sinorussia.errors import RawFormatError
from sinorussia.processed import sources as sources_mod
from sinorussia.processed.build import build
from sinorussia.raw import raw_catalog


def test_vetoes_match_the_library_list(raw_files):
    raw = list(csv.DictReader(open(raw_catalog()["unsc_vetoes_1946_2022"].local_path, encoding="utf-8")))
    v = load("unsc_vetoes")
    old = v[v.source == "un_library_2022"]
    assert len(raw) == 214 == len(old)
    joint_raw = sum(1 for r in raw if "Russia" in (r["member_veto1"], r["member_veto2"], r["member_veto3"])
                    and "China" in (r["member_veto1"], r["member_veto2"], r["member_veto3"]))
    assert int((old.china & old.russia).sum()) == joint_raw
    syria = v[(v.date == "2011-10-04")]
    assert len(syria) == 1 and bool(syria.china.iloc[0]) and bool(syria.russia.iloc[0])
    assert set(v.vetoed_by.str.split(";").explode()) <= {"CHN", "FRA", "RUS", "SUN", "GBR", "USA"}
    assert v[v.source == "un_records_2023_2025"].date.min() > old.date.max()


def test_unga_agreement_values(raw_files):
    a = load("unga_agreement").set_index(["year", "country_a", "country_b"])
    assert a.loc[(2019, "CHN", "RUS"), "agreement"] > 0.75
    assert a.loc[(2019, "RUS", "USA"), "agreement"] < 0.35
    assert (a.n_votes > 0).all()
    # China's seat was the ROC's until October 1971: no CHN pairs before 1971
    assert a.reset_index().query("country_a == 'CHN' or country_b == 'CHN'").year.min() == 1971


def test_ideal_points_vintages(raw_files):
    i = load("unga_ideal_points")
    raw = pd.read_csv(raw_catalog()["unga_ideal_points_2023"].local_path)
    usa77 = raw[(raw.iso3c == "USA") & (raw.session == 77)].IdealPointAll.iloc[0]
    got = i[(i.country == "USA") & (i.year == 2022) & (i.source == "bsv_2023")].ideal_point.iloc[0]
    assert got == pytest.approx(usa77, abs=1e-6)
    assert i[i.source == "bsv_2025"].year.max() == 2024


def test_arms_2026_register_equals_sipri_summary_table(raw_files):
    path = raw_catalog()["sipri_tiv_russia_china_2026"].local_path
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(k for k, l in enumerate(lines) if l.startswith("Recipient,"))
    summary = pd.read_csv(io.StringIO("\n".join(lines[start:start + 3])))
    china = summary[summary.Recipient == "China"].iloc[0]
    a = load("arms_transfers")
    ours = a[(a.source == "sipri_2026") & (a.supplier == "RUS") & (a.recipient == "CHN")].set_index("year").tiv_musd
    for year in (2000, 2005, 2019, 2024):
        assert ours[year] == pytest.approx(float(china[str(year)]), abs=1.0)


def test_arms_2022_vintage_keeps_sipri_totals(raw_files):
    a = load("arms_transfers")
    sun = a[(a.source == "sipri_2022") & (a.supplier == "SUN") & (a.recipient == "CHN")].set_index("year").tiv_musd
    assert sun[1955] > 1000  # the 1950s Soviet transfers to the PRC
    total = a[(a.source == "sipri_2022") & (a.supplier == "RUS") & (a.recipient == "WLD")].set_index("year").tiv_musd
    assert total[1992] == pytest.approx(2605)  # SIPRI's Total row, July 2022 vintage


def test_military_expenditure_units(raw_files):
    m = load("military_expenditure").set_index(["year", "country", "measure"]).value
    records = json.loads(raw_catalog()["sipri_milex_current_us"].local_path.read_text())
    usa = next(r for r in records if r["country"] == "United States of America" or r["country"] == "USA")
    assert m[(2023, "USA", "current_usd")] == pytest.approx(usa["2023"] * 1e6, rel=1e-9)
    assert 0.01 < m[(2024, "RUS", "share_of_gdp")] < 0.2  # a share, not percent


def test_joint_exercises_are_flagged_partial(raw_files):
    e = load("joint_exercises")
    assert len(e) == 99 and int(e.with_china.sum()) == 12
    assert not e.exercise.str.contains("Восток-2018").any()  # the compilation's known gap


def test_trade_register_drift_names_file(raw_files, tmp_path, monkeypatch):
    rf = raw_catalog()["sipri_trade_register_2026"]
    bad = tmp_path / rf.filename
    bad.write_text(rf.local_path.read_text(encoding="utf-8").replace("SIPRI AT Database ID", "Deal ID"), encoding="utf-8")
    real = sources_mod.raw_path
    monkeypatch.setattr(sources_mod, "raw_path", lambda i: bad if i == rf.id else real(i))
    with pytest.raises(RawFormatError, match="sipri_trade_register_2026.*SIPRI AT Database ID"):
        build(["arms_transfers"], out_dir=tmp_path / "out")


def test_vetoes_drift_names_column(raw_files, tmp_path, monkeypatch):
    rf = raw_catalog()["unsc_vetoes_1946_2022"]
    df = pd.read_csv(rf.local_path).rename(columns={"member_veto1": "veto_member_1"})
    bad = tmp_path / rf.filename
    df.to_csv(bad, index=False)
    real = sources_mod.raw_path
    monkeypatch.setattr(sources_mod, "raw_path", lambda i: bad if i == rf.id else real(i))
    with pytest.raises(RawFormatError, match="unsc_vetoes_1946_2022.*member_veto1"):
        build(["unsc_vetoes"], out_dir=tmp_path / "out")
