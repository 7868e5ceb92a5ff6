"""Energy builders: energy_balance, energy_flows, china_crude_imports_monthly.

Known values are re-read from the raw files with simpler code (csv, openpyxl) and compared with
the built tables; builds must be byte-identical; format drift must fail with the file named.
"""

from __future__ import annotations

import csv
import shutil

import openpyxl
import pandas as pd
import pytest

from sinorussia import load, paths
from sinorussia.analysis import energy as en
from sinorussia.errors import RawFormatError
from sinorussia.processed.build import build
from sinorussia.processed.builders import energy
from sinorussia.processed.builders.energy import china_customs
from sinorussia.processed.sources import Sources

TABLES = ["energy_balance", "energy_flows", "china_crude_imports_monthly"]


@pytest.fixture(scope="module")
def flows(raw_files):
    return load("energy_flows")


@pytest.fixture(scope="module")
def crude_monthly(raw_files):
    return load("china_crude_imports_monthly")


def _raw(dataset_id: str):
    from sinorussia.raw import raw_path

    return raw_path(dataset_id)


def _flow(df, year, origin, destination, commodity, unit, source) -> float:
    sel = df[
        (df.year == year)
        & (df.origin == origin)
        & (df.destination == destination)
        & (df.commodity == commodity)
        & (df.unit == unit)
        & (df.source == source)
    ]
    assert len(sel) == 1, (year, origin, destination, commodity, unit, source, len(sel))
    return float(sel["value"].iloc[0])


# ---- the contract ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
def test_committed_table_loads(raw_files, name):
    df = load(name)
    assert len(df) > 0
    assert (
        df.columns.tolist()
        == {
            "energy_balance": ["year", "country", "indicator", "value", "unit", "source"],
            "energy_flows": ["year", "origin", "destination", "commodity", "value", "unit", "source"],
            "china_crude_imports_monthly": ["month", "origin", "quantity_t", "value_usd", "source"],
        }[name]
    )


def test_tables_stay_small():
    for name in TABLES:
        assert (paths.PROCESSED_DIR / f"{name}.csv").stat().st_size < 2_000_000, name


# ---- energy_balance -------------------------------------------------------------------------


def _panel_cell(iso: str, year: int, column: str) -> float:
    with open(_raw(energy.EI_PANEL), encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["ISO3166_alpha3"] == iso and row["Year"] == str(year):
                return float(row[column])
    raise AssertionError((iso, year, column))


def test_balance_matches_raw_panel(raw_files):
    b = load("energy_balance").set_index(["year", "country", "indicator"])["value"]
    for iso, year, col in [
        ("RUS", 2024, "oilprod_kbd"),
        ("CHN", 2021, "oilcons_kbd"),
        ("WLD", 2024, "tes_ej"),
        ("KAZ", 2010, "gasprod_bcm"),
        ("MNG", 2023, "coalprod_mt"),
    ]:
        assert b[(year, iso, col)] == pytest.approx(_panel_cell(iso, year, col), rel=1e-12)
    # EI 'Total EU' becomes EUU
    assert b[(2024, "EUU", "oilcons_kbd")] == pytest.approx(_panel_cell("T-EU", 2024, "oilcons_kbd"))


def test_russia_oil_production_2024_is_about_10_75_mbd(raw_files):
    b = load("energy_balance")
    v = b[(b.year == 2024) & (b.country == "RUS") & (b.indicator == "oilprod_kbd")]["value"].item()
    assert 10_600 < v < 10_900  # thousand barrels daily; EI 2025 gives 10,751.6
    assert b[(b.year == 2024) & (b.country == "RUS")]["unit"].isin(["kb/d", "Mt", "bcm", "EJ"]).all()


def test_balance_zeros_dropped_and_aggregates(raw_files):
    b = load("energy_balance")
    assert (b["value"] > 0).all()
    # Russia is 0 ('not separately reported') before 1985 in the panel; the USSR carries those years
    assert b[(b.country == "RUS") & (b.year < 1985) & (b.indicator == "oilprod_kbd")].empty
    assert not b[(b.country == "SUN") & (b.year == 1984) & (b.indicator == "oilprod_kbd")].empty
    assert {"WLD", "EUU", "CHN", "USA", "KAZ", "TKM", "UZB", "MNG", "IND", "SAU", "JPN", "KOR"} <= set(b.country)
    assert not b.country.str.startswith(("O-", "T-")).any() and "ROW" not in set(b.country)


# ---- energy_flows: EI / bp matrices ---------------------------------------------------------


def _sheet(dataset_id: str, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(_raw(dataset_id), read_only=True, data_only=True)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def test_ei_2024_crude_matrix_cells(flows):
    rows = _sheet(energy.EI_2024, "Oil - Inter-area movements")
    header = rows[2]
    assert header[0] == "Crude (million tonnes)"
    ru = next(r for r in rows if r[0] == "Russian Federation")  # first block = crude
    for dest_label, iso in [("China", "CHN"), ("India", "IND")]:
        raw = ru[header.index(dest_label)]
        assert _flow(flows, 2023, "RUS", iso, "crude_oil", "Mt", "ei_2024") == pytest.approx(raw)
    assert _flow(flows, 2023, "RUS", "region:europe", "crude_oil", "Mt", "ei_2024") == pytest.approx(
        ru[header.index("Europe")]
    )
    # the cells of a row add up to the row's printed total
    total = ru[header.index("Total")]
    sel = flows[
        (flows.year == 2023) & (flows.origin == "RUS") & (flows.commodity == "crude_oil") & (flows.source == "ei_2024")
    ]
    assert sel["value"].sum() == pytest.approx(total, rel=1e-9)
    assert 100 < _flow(flows, 2023, "RUS", "CHN", "crude_oil", "Mt", "ei_2024") < 115


def test_gas_matrices_and_series(flows):
    rows = _sheet(energy.EI_2024, "Gas trade - pipeline")
    head = next(r for r in rows if r[0] == "To")
    china = next(r for r in rows if r[0] == "China")
    raw = china[head.index("Russian Federation")]
    assert _flow(flows, 2023, "RUS", "CHN", "pipeline_gas", "bcm", "ei_2024") == pytest.approx(raw)
    eu = next(r for r in rows if r[0] == "EU")
    assert _flow(flows, 2023, "RUS", "EUU", "pipeline_gas", "bcm", "ei_2024") == pytest.approx(
        eu[head.index("Russian Federation")]
    )
    # the regional subtotal rows ('Asia Pacific', 'Europe', ...) are not rows of their own
    assert not (
        (flows.source == "ei_2024") & (flows.commodity == "pipeline_gas") & (flows.destination == "region:asia_pacific")
    ).any()
    # EI's inter-regional series agrees with the 2023 matrix for Russia -> China
    assert _flow(flows, 2023, "RUS", "CHN", "pipeline_gas_interregional", "bcm", "ei_2024") == pytest.approx(raw)
    assert _flow(flows, 2018, "RUS", "CHN", "pipeline_gas_interregional", "bcm", "ei_2024") == 0
    # bp 2021 gives the same matrices for 2020
    bp = _sheet(energy.BP_2021, "Gas - Trade movts - pipeline")
    bhead = next(r for r in bp if r[0] == "To")
    bchina = next(r for r in bp if r[0] == "China")
    assert _flow(flows, 2020, "RUS", "CHN", "pipeline_gas", "bcm", "bp_2021") == pytest.approx(
        bchina[bhead.index("Russian Federation")]
    )
    lng = _sheet(energy.EI_2024, "Gas trade - LNG")
    lchina = next(r for r in lng if r[0] == "China")
    lhead = lng[3]
    assert lhead[7].strip() == "Federation"  # 'Russian ' / 'Federation' split over two header rows
    assert _flow(flows, 2023, "RUS", "CHN", "lng", "bcm", "ei_2024") == pytest.approx(lchina[7])


def test_coal_matrix_is_in_exajoules(flows):
    rows = _sheet(energy.EI_2024, "Coal trade movements 2023")
    head = rows[2]
    assert head[0] == "Exajoules"
    russia = next(r for r in rows if r[0] == "Russia")
    assert _flow(flows, 2023, "RUS", "CHN", "coal", "EJ", "ei_2024") == pytest.approx(russia[head.index("China")])


# ---- China customs --------------------------------------------------------------------------


def _customs_column(dataset_id: str, name: str) -> dict[str, float]:
    """month -> number for one column, read with the csv module (blank cells skipped)."""
    with open(_raw(dataset_id), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "Name")
    j = rows[head].index(name)
    out = {}
    for r in rows[head + 1 :]:
        if r and r[0][:4].isdigit() and len(r) > j and r[j].strip():
            out[r[0][:7]] = float(r[j].replace(",", ""))  # the 2025 file quotes '3,743,701.00 '
    return out


def test_russia_share_of_china_crude_2021(crude_monthly, flows):
    ru = _customs_column(energy.CUSTOMS_2025, "China: Volume of Imports: Crude Oil: Russian Federation")  # kg
    total = _customs_column(energy.CUSTOMS_2022, "Volume of Imports: Crude Oil")  # 10000 tons
    ru21 = sum(v for m, v in ru.items() if m.startswith("2021")) / 1000
    tot21 = sum(v for m, v in total.items() if m.startswith("2021")) * 10_000
    share_raw = ru21 / tot21
    m = crude_monthly[crude_monthly.month.dt.year == 2021]
    share_table = m[m.origin == "RUS"].quantity_t.sum() / m[m.origin == "WLD"].quantity_t.sum()
    assert share_table == pytest.approx(share_raw, rel=1e-9)
    assert 0.15 < share_table < 0.16
    # the annual row equals the sum of its months
    assert _flow(flows, 2021, "RUS", "CHN", "crude_oil", "t", "china_customs") == pytest.approx(
        m[m.origin == "RUS"].quantity_t.sum()
    )
    assert _flow(flows, 2021, "WLD", "CHN", "crude_oil", "t", "china_customs") == pytest.approx(tot21)
    assert _flow(flows, 2021, "RUS", "CHN", "crude_oil_value", "USD", "china_customs") == pytest.approx(
        m[m.origin == "RUS"].value_usd.sum()
    )


def test_monthly_cells_and_units(crude_monthly):
    c = crude_monthly.set_index(["month", "origin"])
    saudi = _customs_column(energy.CUSTOMS_2022, "Volume of Imports: Crude Oil: Saudi Arabia")
    assert c.loc[(pd.Timestamp("2022-11-01"), "SAU"), "quantity_t"] == pytest.approx(saudi["2022-11"] / 1000)
    usd10k = _customs_column(energy.CUSTOMS_2022, "Value of Imports: Crude Oil")
    assert c.loc[(pd.Timestamp("2022-11-01"), "WLD"), "value_usd"] == pytest.approx(usd10k["2022-11"] * 10_000)
    # Russia continues to 2024-12 from the 2025 file; the by-origin total stops in 2022-11, the YTD total goes on
    assert crude_monthly[crude_monthly.origin == "RUS"].month.max() == pd.Timestamp("2024-12-01")
    by_origin = crude_monthly[crude_monthly.source == "china_customs"]
    assert by_origin[by_origin.origin == "WLD"].month.max() == pd.Timestamp("2022-11-01")
    ytd = crude_monthly[crude_monthly.source == "china_customs_ytd"]
    assert set(ytd.origin) == {"WLD"} and ytd.month.min() == pd.Timestamp("2022-12-01")
    assert ytd.month.max() == pd.Timestamp("2024-12-01") and ytd.value_usd.isna().all()
    assert not crude_monthly.duplicated(["month", "origin"]).any()  # one row per month and origin
    assert (crude_monthly.month.dt.day == 1).all()


def test_newer_customs_vintage_wins(raw_files, flows, crude_monthly):
    new = _customs_column(energy.CUSTOMS_2025, "China: Volume of Imports: Crude Oil: Russian Federation")
    old = _customs_column(energy.CUSTOMS_2022, "Volume of Imports: Crude Oil: Russian Federation")
    new17 = sum(v for m, v in new.items() if m.startswith("2017")) / 1000
    old17 = sum(v for m, v in old.items() if m.startswith("2017")) / 1000
    assert abs(new17 - old17) > 100_000  # the two vintages disagree for 2017 ...
    assert _flow(flows, 2017, "RUS", "CHN", "crude_oil", "t", "china_customs") == pytest.approx(
        new17
    )  # ... the newer is kept
    jul = crude_monthly[(crude_monthly.origin == "RUS") & (crude_monthly.month == "2017-07-01")].quantity_t.item()
    assert jul == pytest.approx(new["2017-07"] / 1000)
    diffs = china_customs.vintage_differences(Sources("test", [energy.CUSTOMS_2022, energy.CUSTOMS_2023]))
    assert ((diffs.year == 2017) & (diffs.commodity == "crude_oil") & (diffs.unit == "t")).any()
    assert (diffs.rel_diff.abs() < 0.11).all()
    # complete years only: 2022 has 11 months in the older file (no WLD row), 12 for Russia in the newer one
    customs = flows[flows.source == "china_customs"]
    assert customs[(customs.year == 2022) & (customs.origin == "WLD") & (customs.commodity == "crude_oil")].empty
    assert _flow(flows, 2022, "RUS", "CHN", "crude_oil", "t", "china_customs") == pytest.approx(
        sum(v for m, v in new.items() if m.startswith("2022")) / 1000
    )


def test_power_of_siberia_in_customs(flows):
    raw = _customs_column(
        energy.CUSTOMS_2023, "Volume of Imports: Pipeline Carried Natural Gas (Gaseous State): Russian Federation"
    )  # kg
    t21 = sum(v for m, v in raw.items() if m.startswith("2021")) / 1000
    v = _flow(flows, 2021, "RUS", "CHN", "pipeline_gas", "t", "china_customs")
    assert v == pytest.approx(t21)
    assert 9.5 < v / 1e6 * 1.36 < 11  # about 10 bcm at EI's 1 Mt LNG = 1.36 bcm
    # volumes are suppressed from 2022 (the later file writes 0): no tonnage rows, values continue
    assert flows[(flows.year == 2022) & (flows.commodity == "pipeline_gas") & (flows.source == "china_customs")].empty
    assert _flow(flows, 2022, "RUS", "CHN", "pipeline_gas_value", "USD", "china_customs") > 3e9


def test_kpler_rows(flows):
    k = flows[flows.source == "kpler_crea"]
    assert set(k.unit) == {"undocumented"} and set(k.origin) == {"RUS"} and set(k.year) == {2021, 2022}
    assert _flow(flows, 2021, "RUS", "CHN", "crude_oil", "undocumented", "kpler_crea") == pytest.approx(39269.80575)
    assert "SGP" in set(k.destination)  # 'Singapore Republic'
    assert not k.destination.str.contains("region:").any()  # the 'Unknown' column is dropped


# ---- drift ----------------------------------------------------------------------------------


def _redirect(monkeypatch, dataset_id, new_path):
    original = Sources.path

    def fake(self, did):
        return new_path if did == dataset_id else original(self, did)

    monkeypatch.setattr(Sources, "path", fake)


def test_drift_panel_column_renamed(raw_files, tmp_path, monkeypatch):
    src = _raw(energy.EI_PANEL)
    text = src.read_text(encoding="utf-8-sig").replace("oilprod_kbd", "oil_production_kbd", 1)
    bad = tmp_path / src.name
    bad.write_text(text, encoding="utf-8")
    _redirect(monkeypatch, energy.EI_PANEL, bad)
    with pytest.raises(RawFormatError, match=r"ei_statistical_review_2025_panel.*oilprod_kbd"):
        build(["energy_balance"], out_dir=tmp_path / "out")


def test_drift_ei_sheet_missing(raw_files, tmp_path, monkeypatch):
    wb = openpyxl.Workbook()
    wb.active.title = "Contents"
    bad = tmp_path / "EI-Stats-Review-All-Data.xlsx"
    wb.save(bad)
    _redirect(monkeypatch, energy.EI_2024, bad)
    with pytest.raises(RawFormatError, match=r"ei_statistical_review_2024.*Oil - Inter-area movements"):
        build(["energy_flows"], out_dir=tmp_path / "out")


def test_drift_customs_metadata_row_renamed(raw_files, tmp_path, monkeypatch):
    src = _raw(energy.CUSTOMS_2023)
    bad = tmp_path / src.name
    shutil.copy(src, bad)
    bad.write_text(bad.read_text(encoding="utf-8-sig").replace("\nTime Period,", "\nPeriod,", 1), encoding="utf-8")
    _redirect(monkeypatch, energy.CUSTOMS_2023, bad)
    with pytest.raises(RawFormatError, match=r"china_customs_imports_russia_2023.*Time Period"):
        build(["energy_flows"], out_dir=tmp_path / "out")


# ---- the 2025 CREA files: Russia to 2024, China's total from the year-to-date series ----------


def _ytd_column(name: str) -> dict[str, float]:
    """month -> YTD value (10,000 t) of one fuel_supply column, with the csv module (zeros = not reported)."""
    with open(_raw(energy.FUEL_SUPPLY), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    j = rows[1].index(name)
    return {r[0]: float(r[j].replace(",", "")) for r in rows if r and r[0][:4].isdigit() and r[j].strip()}


def test_russia_share_of_china_crude_2023_2024(raw_files, flows, crude_monthly):
    ru = _customs_column(energy.CUSTOMS_2025, "China: Volume of Imports: Crude Oil: Russian Federation")  # kg
    ytd = _ytd_column("Quantity of Imports: Crude Oil: YTD")  # 10,000 t
    for year, ru_mt, total_mt, share in ((2023, 107.0, 563.99, 0.190), (2024, 108.5, 553.42, 0.196)):
        ru_t = sum(v for m, v in ru.items() if m.startswith(str(year))) / 1000
        total_t = ytd[f"{year}-12"] * 10_000
        assert _flow(flows, year, "RUS", "CHN", "crude_oil", "t", "china_customs") == pytest.approx(ru_t)
        assert _flow(flows, year, "WLD", "CHN", "crude_oil", "t", "china_customs_ytd") == pytest.approx(total_t)
        assert ru_t / 1e6 == pytest.approx(ru_mt, abs=0.05) and total_t / 1e6 == pytest.approx(total_mt, abs=0.005)
        assert ru_t / total_t == pytest.approx(share, abs=0.0005)
        # the months of the YTD total add up to the year-end value
        m = crude_monthly[crude_monthly.month.dt.year == year]
        assert m[m.origin == "WLD"].quantity_t.sum() == pytest.approx(total_t)
        assert len(m[m.origin == "WLD"]) == 12
    en_share = en.customs_share(flows)
    assert en_share.loc[2024, "share"] == pytest.approx(108.47 / 553.42, abs=0.0005)
    assert en_share.index.min() == 2000 and en_share.index.max() == 2024  # Russia's months are complete from 2000


def test_ytd_months_are_differences(raw_files, crude_monthly):
    ytd = _ytd_column("Quantity of Imports: Crude Oil: YTD")
    c = crude_monthly[(crude_monthly.origin == "WLD")].set_index("month").quantity_t
    assert c[pd.Timestamp("2024-01-01")] == pytest.approx(ytd["2024-01"] * 10_000)  # January: its own YTD
    assert c[pd.Timestamp("2024-07-01")] == pytest.approx((ytd["2024-07"] - ytd["2024-06"]) * 10_000)
    assert c[pd.Timestamp("2022-12-01")] == pytest.approx((ytd["2022-12"] - ytd["2022-11"]) * 10_000)
    assert ytd["2025-02"] > 0 and ytd.get("2025-01", 0) == 0  # Jan 2025 merged into Feb
    assert c.index.max() == pd.Timestamp("2024-12-01")  # so Jan-Feb 2025 is not a month of the table


def test_pipeline_gas_volume_suppressed_not_zero(raw_files, flows):
    raw = _customs_column(
        energy.CUSTOMS_2025,
        "China: Volume of Imports: Pipeline Carried Natural Gas (Gaseous State): Russian Federation",
    )
    assert all(v == 0 for m, v in raw.items() if m >= "2022-01")  # the file writes 0 ...
    pg = flows[(flows.source == "china_customs") & (flows.origin == "RUS") & (flows.commodity == "pipeline_gas")]
    assert pg.year.max() == 2021  # ... read as missing: no annual volume from 2022
    usd = _customs_column(
        energy.CUSTOMS_2025, "China: Value of Imports: Pipeline Carried Natural Gas (Gaseous State): Russian Federation"
    )
    usd24 = sum(v for m, v in usd.items() if m.startswith("2024"))
    assert _flow(flows, 2024, "RUS", "CHN", "pipeline_gas_value", "USD", "china_customs") == pytest.approx(usd24)
    assert 7.5e9 < usd24 < 8.5e9
    # LPG and coal to 2024; the second LNG series (tonnes) repeats the kg series and is not added twice
    assert _flow(flows, 2024, "RUS", "CHN", "lpg", "t", "china_customs") > 0
    lng = flows[
        (flows.year == 2024) & (flows.origin == "RUS") & (flows.commodity == "lng") & (flows.source == "china_customs")
    ]
    assert len(lng) == 1


def test_drift_ytd_header_renamed(raw_files, tmp_path, monkeypatch):
    src = _raw(energy.FUEL_SUPPLY)
    bad = tmp_path / src.name
    bad.write_text(
        src.read_text(encoding="utf-8-sig").replace(
            "Quantity of Imports: Crude Oil: YTD", "Imports: Crude Oil: YTD", 1
        ),
        encoding="utf-8",
    )
    _redirect(monkeypatch, energy.FUEL_SUPPLY, bad)
    with pytest.raises(RawFormatError, match=r"crea_china_fuel_supply.*'Quantity of Imports: Crude Oil: YTD'.*Fix:"):
        build(["energy_flows"], out_dir=tmp_path / "out")


def test_drift_ytd_unit_changed(raw_files, tmp_path, monkeypatch):
    src = _raw(energy.FUEL_SUPPLY)
    bad = tmp_path / src.name
    bad.write_text(
        src.read_text(encoding="utf-8-sig").replace("Unit,10000 tons,10000 tons,", "Unit,10000 tons,tons,", 1),
        encoding="utf-8",
    )
    _redirect(monkeypatch, energy.FUEL_SUPPLY, bad)
    with pytest.raises(RawFormatError, match=r"crea_china_fuel_supply.*unit 'tons', not '10000 tons'"):
        build(["energy_flows"], out_dir=tmp_path / "out")


def test_drift_crea_2025_unit_changed(raw_files, tmp_path, monkeypatch):
    src = _raw(energy.CUSTOMS_2025)
    bad = tmp_path / src.name
    bad.write_text(
        src.read_text(encoding="utf-8-sig").replace("Unit,ton,ton,ton,kg,", "Unit,ton,ton,ton,barrel,", 1),
        encoding="utf-8",
    )
    _redirect(monkeypatch, energy.CUSTOMS_2025, bad)
    with pytest.raises(RawFormatError, match=r"crea_china_fossil_imports_from_russia.*Crude Oil.*'barrel'"):
        build(["energy_flows"], out_dir=tmp_path / "out")


def test_drift_crea_2025_commodity_renamed(raw_files, tmp_path, monkeypatch):
    src = _raw(energy.CUSTOMS_2025)
    bad = tmp_path / src.name
    text = src.read_text(encoding="utf-8-sig").replace(
        "Volume of Imports: LPG: Russia", "Volume of Imports: Propane: Russia", 1
    )
    bad.write_text(text, encoding="utf-8")
    _redirect(monkeypatch, energy.CUSTOMS_2025, bad)
    with pytest.raises(
        RawFormatError, match=r"crea_china_fossil_imports_from_russia.*unknown commodity 'Propane'.*Fix:"
    ):
        build(["energy_flows"], out_dir=tmp_path / "out")
