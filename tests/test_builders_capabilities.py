"""material_capabilities (Correlates of War NMC v6.0): values re-read with the csv module, missing codes, drift."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from sinorussia import load
from sinorussia.errors import RawFormatError
from sinorussia.processed import sources as sources_mod
from sinorussia.processed.build import build
from sinorussia.raw import raw_path


def _raw_rows() -> dict[tuple[str, int], dict[str, str]]:
    with open(raw_path("cow_nmc_v6"), encoding="utf-8", newline="") as fh:
        return {(r["stateabb"], int(r["year"])): r for r in csv.DictReader(fh) if r["ccode"] in ("2", "365", "710")}


def test_cinc_and_components_match_raw(raw_files):
    m = load("material_capabilities").set_index(["year", "country"])
    raw = _raw_rows()
    assert len(m) == len(raw) == 201 + 201 + 157  # US and Russia from 1816, China from 1860
    for (abb, year), r in raw.items():
        row = m.loc[(year, abb)]
        assert row.cinc == pytest.approx(float(r["cinc"]))
        for c in ("milex", "milper", "irst", "pec", "tpop", "upop"):
            assert (pd.isna(row[c]) and r[c] == "-9") or row[c] == pytest.approx(float(r[c]))
    # 2016: China 0.231, Russia 0.036, the US 0.133; China ahead of Russia/the USSR from 1991
    assert m.loc[(2016, "CHN"), "cinc"] / m.loc[(2016, "RUS"), "cinc"] == pytest.approx(6.32, abs=0.01)
    w = m.cinc.unstack()
    assert w[w.RUS > w.CHN].index.max() == 1990
    assert m.loc[(2016, "CHN"), "milex"] == 145_039_000  # thousand current USD: 145 bn USD


def test_missing_is_minus_nine_not_zero(raw_files):
    m = load("material_capabilities")
    assert m[m.country == "CHN"].milex.isna().sum() == 49
    assert (m.drop(columns=["year", "country"]).fillna(0) >= 0).all().all()


def test_drift_cinc_column_renamed(raw_files, tmp_path, monkeypatch):
    src = raw_path("cow_nmc_v6")
    bad = tmp_path / src.name
    bad.write_text(src.read_text(encoding="utf-8").replace(",cinc,", ",CINC,", 1), encoding="utf-8")
    real = sources_mod.raw_path
    monkeypatch.setattr(sources_mod, "raw_path", lambda did: bad if did == "cow_nmc_v6" else real(did))
    with pytest.raises(RawFormatError) as err:
        build(["material_capabilities"], out_dir=tmp_path / "out")
    msg = str(err.value)
    assert "NMC-60-abridged.csv" in msg and "'cinc'" in msg and "\n" not in msg
