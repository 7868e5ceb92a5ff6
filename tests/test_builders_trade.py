"""Trade family: tables rebuild identically, load, and agree with the raw files re-read by simpler means."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict

import openpyxl
import pandas as pd
import pytest

from sinorussia import load, paths
from sinorussia.errors import RawFormatError
from sinorussia.processed import sources as sources_mod
from sinorussia.processed.build import build
from sinorussia.raw import raw_path

TABLES = [
    "trade_bilateral_annual",
    "trade_bilateral_monthly",
    "trade_by_product",
    "hs_chapters",
    "trade_totals",
    "trade_totals_year_to_date",
    "trade_partner_shares",
]
BUILDERS = ["trade.build_trade", "trade.build_hs_chapters"]
BN = 1e9


@pytest.fixture(scope="module")
def t(raw_files):
    return {name: load(name) for name in TABLES}


def _annual(t, source, exporter, importer):
    a = t["trade_bilateral_annual"]
    s = a[(a.source == source) & (a.exporter == exporter) & (a.importer == importer)]
    return s.set_index("year")["value_usd"]


# ---------------------------------------------------------------- determinism and loading
@pytest.mark.parametrize("name", TABLES)
def test_committed_tables_load(name):
    df = load(name)
    assert len(df) > 0
    assert (paths.PROCESSED_DIR / f"{name}.csv").stat().st_size < 2_000_000


# ---------------------------------------------------------------- Comtrade (China as reporter)
def test_comtrade_trap_values_and_raw_month_sums(t, raw_files):
    got = _annual(t, "comtrade_china", "RUS", "CHN") / BN
    for year, bn in {2021: 79.6, 2022: 114.4, 2023: 128.9, 2024: 129.9}.items():
        assert got[year] == pytest.approx(bn, abs=0.05), year
    sums, months = defaultdict(float), defaultdict(int)
    with open(raw_path("comtrade_china_imports_from_russia"), newline="") as fh:
        for row in csv.DictReader(fh):
            sums[int(row["refYear"])] += float(row["primaryValue"])
            months[int(row["refYear"])] += 1
    assert set(months.values()) == {12}
    for year, total in sums.items():
        assert got[year] * BN == pytest.approx(total, abs=1.0)


def test_panel_china_import_column_matches_comtrade(raw_files):
    panel = pd.read_csv(raw_path("panel_monthly_var"))
    ct = pd.read_csv(raw_path("comtrade_china_imports_from_russia"))
    ct["date"] = ct["refYear"].astype(str) + "-" + ct["refMonth"].astype(str).str.zfill(2) + "-01"
    m = panel.merge(ct[["date", "primaryValue"]], on="date", how="inner")
    assert len(m) == len(panel) == len(ct) == 96
    assert ((m["RUS_exp_to_CHN_bn"] * BN - m["primaryValue"]).abs() < 1.0).all()


def test_processed_china_exports_are_the_panel_column(t, raw_files):
    panel = pd.read_csv(raw_path("panel_monthly_var"))
    mo = t["trade_bilateral_monthly"]
    s = mo[mo.source == "comtrade_china_processed"].set_index("month")["value_usd"]
    assert s[pd.Timestamp("2017-01-01")] == pytest.approx(3.335331793 * BN, abs=1)
    assert s.sum() == pytest.approx(panel["CHN_exp_to_RUS_bn"].sum() * BN, rel=1e-12)


def test_annual_is_the_sum_of_twelve_months(t):
    mo = t["trade_bilateral_monthly"].assign(year=lambda d: d.month.dt.year)
    g = mo.groupby(["year", "exporter", "importer", "source"])["value_usd"].agg(["sum", "count"])
    a = t["trade_bilateral_annual"].set_index(["year", "exporter", "importer", "source"])["value_usd"]
    full = g[g["count"] == 12]
    assert len(full) == 8 + 8 + 16 * 2
    for key, row in full.iterrows():
        assert a[key] == pytest.approx(row["sum"], abs=0.05), key


# ---------------------------------------------------------------- Russia's customs (FCS)
def _fcs_cell(sheet, year, month_name, partner="Китaй"):
    wb = openpyxl.load_workbook(raw_path("russia_fcs_monthly_partners"), read_only=True, data_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    header = next(r for r in rows if partner in r)  # 'Китaй' has a Latin 'a'
    col = header.index(partner)
    labels = [str(r[0]).strip() if r[0] is not None else "" for r in rows]
    start = labels.index(str(year))
    i = labels.index(month_name, start)
    return rows[i][col]


def test_fcs_monthly_cells_match_the_workbook(t, raw_files):
    mo = t["trade_bilateral_monthly"]
    f = mo[mo.source == "fcs_russia"].set_index(["month", "exporter"])["value_usd"]
    assert f[(pd.Timestamp("2006-01-01"), "RUS")] == pytest.approx(_fcs_cell("Экспорт", 2006, "январь") * 1e6, abs=0.01)
    assert f[(pd.Timestamp("2021-12-01"), "RUS")] == pytest.approx(
        _fcs_cell("Экспорт", 2021, "декабрь") * 1e6, abs=0.01
    )
    assert f[(pd.Timestamp("2021-12-01"), "CHN")] == pytest.approx(_fcs_cell("Импорт", 2021, "декабрь") * 1e6, abs=0.01)
    assert _fcs_cell("Экспорт", 2006, "январь") == pytest.approx(1197.01099)


def test_fcs_china_2021_total_is_about_140_bn(t):
    total = (_annual(t, "fcs_russia", "RUS", "CHN")[2021] + _annual(t, "fcs_russia", "CHN", "RUS")[2021]) / BN
    assert 135 < total < 150  # 68.9 exports + 72.7 imports = 141.6 bn
    assert _annual(t, "fcs_russia", "RUS", "CHN").index.tolist() == list(range(2006, 2022))


def test_fcs_gap_is_missing_not_zero(t):
    s = t["trade_partner_shares"]
    kaz = s[(s.source == "fcs_russia") & (s.partner == "KAZ")]
    assert 2010 not in set(kaz.year)  # July-December 2010 are '…' in the workbook
    assert {2009, 2011} <= set(kaz.year)


def test_fcs_monthly_file_agrees_with_annual_file(raw_files):
    """The monthly partner file's 2021 sums equal the annual file's CIS rows (two FCS files, same data)."""
    wb = openpyxl.load_workbook(raw_path("russia_fcs_annual_partners"), read_only=True, data_only=True)
    rows = list(wb["2021"].iter_rows(values_only=True))
    labels = [str(r[0]).strip() if r[0] is not None else "" for r in rows]
    exp_block = labels.index("Экспорт")
    blr_annual = rows[labels.index("Беларусь", exp_block)][1]
    assert labels.index("Беларусь", exp_block) < labels.index("Импорт")
    months = [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ]
    blr_monthly = sum(_fcs_cell("Экспорт", 2021, m, partner="Беларусь") for m in months)
    assert blr_monthly == pytest.approx(blr_annual, rel=1e-3)
    assert rows[labels.index("Экспорт")][1] == 493096


# ---------------------------------------------------------------- IMF DOTS
def test_imf_russia_china_cells(t, raw_files):
    d = pd.read_excel(raw_path("imf_dots_russia_exports_2023"), sheet_name="Exports, FOB", header=6)
    row = d[d.iloc[:, 1] == "China, P.R.: Mainland"].iloc[0]
    ex = _annual(t, "imf_dots_russia", "RUS", "CHN")
    assert ex[2021] == pytest.approx(float(row[2021 if 2021 in row.index else "2021"]) * 1e6, abs=0.01)
    assert ex[2021] / BN == pytest.approx(68.42, abs=0.01)
    assert ex.index.min() == 2011 and ex.index.max() == 2023
    im = _annual(t, "imf_dots_russia", "CHN", "RUS")
    assert im.index.max() == 2022 and im[2021] / BN == pytest.approx(72.69, abs=0.01)


# ---------------------------------------------------------------- BACI and products
def test_baci_thousand_usd_and_chapters(t, raw_files):
    raw = pd.read_csv(raw_path("baci_russia_china_hs6"))
    v = raw[(raw.t == 2021) & (raw.i == 643) & (raw.j == 156)]["v"].sum() * 1e3
    got = _annual(t, "baci", "RUS", "CHN")[2021]
    assert got == pytest.approx(v, abs=1.0)
    assert 70 < got / BN < 80
    p = t["trade_by_product"]
    by = p.groupby(["year", "exporter", "importer"])["value_usd"].sum()
    a = t["trade_bilateral_annual"]
    for r in a[a.source == "baci"].itertuples():
        assert by[(r.year, r.exporter, r.importer)] == pytest.approx(r.value_usd, abs=1.0)
    # leading zeros restored: live animals chapter 01 from raw k=10620 etc.
    live = raw[(raw.k < 20000) & (raw.t == 2017) & (raw.i == 156)]["v"].sum() * 1e3
    row = p[(p.year == 2017) & (p.exporter == "CHN") & (p.hs_chapter == "01")].iloc[0]
    assert row.value_usd == pytest.approx(live, abs=0.01) and row.hs_section == "I"
    fuel = p[(p.year == 2022) & (p.exporter == "RUS") & (p.hs_chapter == "27")].iloc[0]
    assert fuel.hs_section == "V" and fuel.value_usd > 0.6 * _annual(t, "baci", "RUS", "CHN")[2022]


def test_hs_chapters_lookup(t):
    h = t["hs_chapters"].set_index("hs_chapter")
    assert len(h) == 96 and "77" not in h.index and "99" not in h.index
    assert h.loc["27", "hs_section"] == "V" and h.loc["27", "section_name"] == "Mineral products"
    assert h.loc["04", "chapter_name"] == "Dairy products"
    assert h.loc["84", "hs_section"] == "XVI" and h.loc["97", "hs_section"] == "XXI"
    p = t["trade_by_product"]
    assert (p["hs_section"] == p["hs_chapter"].map(h["hs_section"])).all()


# ---------------------------------------------------------------- totals and shares
def test_totals(t):
    tt = t["trade_totals"].set_index(["year", "country", "source"])
    assert tt.loc[(2021, "RUS", "atlas"), "exports_usd"] == 476873350608
    assert tt.loc[(2021, "RUS", "fcs_russia"), "exports_usd"] == 493096e6
    assert tt.loc[(2021, "RUS", "fcs_russia"), "imports_usd"] == 293531e6
    assert pd.isna(tt.loc[(2023, "RUS", "imf_dots_russia"), "imports_usd"])
    atlas = t["trade_totals"].query("source == 'atlas'")
    assert "ANS" not in set(atlas.country) and atlas[["exports_usd", "imports_usd"]].notna().all().all()
    assert (atlas.year.min(), atlas.year.max()) == (1988, 2024)


def test_shares(t):
    s = t["trade_partner_shares"].set_index(["year", "country", "partner", "flow", "source"])["share"]
    tt = t["trade_totals"].set_index(["year", "country", "source"])
    ct = _annual(t, "comtrade_china", "RUS", "CHN")
    assert s[(2022, "RUS", "CHN", "exports", "comtrade_china/atlas")] == pytest.approx(
        ct[2022] / tt.loc[(2022, "RUS", "atlas"), "exports_usd"], abs=1e-8
    )
    assert s[(2022, "CHN", "RUS", "imports", "comtrade_china/atlas")] == pytest.approx(
        ct[2022] / tt.loc[(2022, "CHN", "atlas"), "imports_usd"], abs=1e-8
    )
    fcs = _annual(t, "fcs_russia", "RUS", "CHN")[2021]
    assert s[(2021, "RUS", "CHN", "exports", "fcs_russia")] == pytest.approx(fcs / 493096e6, abs=1e-8)
    sh = t["trade_partner_shares"]
    assert sh["share"].between(0, 1).all()
    sums = sh[sh.source.isin(["imf_dots_russia", "fcs_russia"])].groupby(["source", "flow", "year"])["share"].sum()
    assert (sums <= 1.0 + 1e-9).all()


# ---------------------------------------------------------------- Russia's own totals after 2021 (FCS releases)
def _groups_cell(dataset_id, row_label, col):
    wb = openpyxl.load_workbook(raw_path(dataset_id), read_only=True, data_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    return next(r for r in rows if r[0] == row_label)[col]


def test_fcs_country_group_totals_2022_2023(t, raw_files):
    tt = t["trade_totals"].set_index(["year", "country", "source"])
    for year, exp, imp in ((2022, 592.5, 255.3), (2023, 425.1, 285.1)):
        assert tt.loc[(year, "RUS", "fcs_russia"), "exports_usd"] / BN == pytest.approx(exp, abs=0.05), year
        assert tt.loc[(year, "RUS", "fcs_russia"), "imports_usd"] / BN == pytest.approx(imp, abs=0.05), year
    assert tt.loc[(2023, "RUS", "fcs_russia"), "exports_usd"] == pytest.approx(
        _groups_cell("russia_fcs_country_groups_2023", "Весь мир", 2) * BN, abs=1
    )
    total_2023 = tt.loc[(2023, "RUS", "fcs_russia"), ["exports_usd", "imports_usd"]].sum() / BN
    assert total_2023 == pytest.approx(710.1, abs=0.1)  # FCS: 2023 turnover 710.1 bn
    fcs = t["trade_totals"].query("source == 'fcs_russia' and country == 'RUS'")
    assert fcs.year.max() == 2023 and 2024 not in set(fcs.year)  # Jan-Sep 2024 is not an annual total


def test_partial_years_are_only_in_the_year_to_date_table(t, raw_files):
    ytd = t["trade_totals_year_to_date"].set_index(["year", "through_month"])
    assert sorted(ytd.index) == [(2023, 4), (2023, 9), (2024, 4), (2024, 9)]
    assert ytd.loc[(2024, 9), "exports_usd"] == pytest.approx(
        _groups_cell("russia_fcs_country_groups_2024_09", "Весь мир", 2) * BN, abs=1
    )
    assert ytd.loc[(2024, 9), "exports_usd"] / BN == pytest.approx(318.17, abs=0.01)
    assert (ytd.index.get_level_values("through_month") < 12).all()


def test_gacc_totals_come_from_the_curated_figures(t):
    g = t["trade_totals"].query("source == 'gacc_release'").set_index("year")
    assert set(g.index) >= {2021, 2022, 2023, 2024} and set(g.country) == {"CHN"}
    assert g.loc[2023, "exports_usd"] == 3.38e12 and g.loc[2023, "imports_usd"] == 2.56e12
    atlas = t["trade_totals"].query("source == 'atlas' and country == 'CHN'").set_index("year")
    assert atlas.loc[2024, "imports_usd"] / g.loc[2024, "imports_usd"] - 1 == pytest.approx(-0.196, abs=0.01)


def test_every_share_names_its_basis(t):
    s = t["trade_partner_shares"]
    assert (
        s[["numerator_source", "numerator_reporter", "denominator_source", "denominator_reporter", "basis"]]
        .ne("")
        .all()
        .all()
    )
    one = s.set_index(["year", "country", "partner", "flow", "source"])
    r = one.loc[(2023, "RUS", "CHN", "total", "comtrade_china_processed/fcs_russia")]
    assert r.basis == "partner-reported flow over own total" and r.denominator_reporter == "Russia customs"
    assert r.numerator_source == "comtrade_china+comtrade_china_processed" and r.share == pytest.approx(0.338, abs=5e-4)
    assert one.loc[(2021, "RUS", "CHN", "total", "fcs_russia"), "basis"] == "own report"
    assert one.loc[(2024, "CHN", "RUS", "total", "comtrade_china_processed/gacc_release"), "basis"] == "own report"
    assert one.loc[(2023, "RUS", "CHN", "total", "baci/atlas"), "basis"] == "reconciled (BACI) over Atlas"
    for slug in (
        "comtrade_china_processed/atlas",
        "fcs_russia/atlas",
        "baci/atlas",
        "fcs_russia",
        "imf_dots_russia",
        "imf_dots_russia/atlas",
        "comtrade_china/atlas",
        "comtrade_china_processed/fcs_russia",
        "comtrade_china_processed/gacc_release",
    ):
        assert slug in set(s.source), slug


# ---------------------------------------------------------------- upstream format drift
def _redirect(monkeypatch, dataset_id, new_path):
    def fake(did):
        return new_path if did == dataset_id else raw_path(did)

    monkeypatch.setattr(sources_mod, "raw_path", fake)


def test_drift_baci_column_renamed(raw_files, tmp_path, monkeypatch):
    src = raw_path("baci_russia_china_hs6")
    bad = tmp_path / src.name
    text = src.read_text()
    bad.write_text(text.replace("t,i,j,k,v,q", "t,i,j,k,value,q", 1))
    _redirect(monkeypatch, "baci_russia_china_hs6", bad)
    with pytest.raises(RawFormatError) as err:
        build(["trade_by_product"], out_dir=tmp_path / "out")
    msg = str(err.value)
    assert "baci_russia_china_processed_2017_2023.csv" in msg and "'v'" in msg


def test_drift_fcs_sheet_renamed(raw_files, tmp_path, monkeypatch):
    src = raw_path("russia_fcs_monthly_partners")
    bad = tmp_path / src.name
    shutil.copy(src, bad)
    wb = openpyxl.load_workbook(bad)
    wb["Экспорт"].title = "Export"
    wb.save(bad)
    _redirect(monkeypatch, "russia_fcs_monthly_partners", bad)
    with pytest.raises(RawFormatError) as err:
        build(["trade_bilateral_monthly"], out_dir=tmp_path / "out")
    msg = str(err.value)
    assert "96stran.xlsx" in msg and "Экспорт" in msg


def test_drift_imf_unit_changed(raw_files, tmp_path, monkeypatch):
    src = raw_path("imf_dots_russia_exports_2023")
    bad = tmp_path / src.name
    shutil.copy(src, bad)
    wb = openpyxl.load_workbook(bad)
    ws = wb["Exports, FOB"]
    for row in ws.iter_rows(max_row=10):
        for c in row:
            if c.value == "US Dollars, Millions":
                c.value = "US Dollars, Billions"
    wb.save(bad)
    _redirect(monkeypatch, "imf_dots_russia_exports_2023", bad)
    with pytest.raises(RawFormatError) as err:
        build(["trade_bilateral_annual"], out_dir=tmp_path / "out")
    msg = str(err.value)
    assert "rf_exports_2023.xlsx" in msg and "US Dollars, Millions" in msg


def _groups_copy(tmp_path, monkeypatch, dataset_id, edit):
    src = raw_path(dataset_id)
    bad = tmp_path / src.name
    shutil.copy(src, bad)
    wb = openpyxl.load_workbook(bad)
    edit(wb.worksheets[0])
    wb.save(bad)
    _redirect(monkeypatch, dataset_id, bad)
    return src.name


def _cell_with(ws, text):
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda ws: setattr(_cell_with(ws, "Весь мир"), "value", "Мир"), "Весь мир"),
        (lambda ws: setattr(_cell_with(ws, "Экспорт"), "value", "Вывоз"), "Экспорт"),
        (lambda ws: setattr(_cell_with(ws, "январь-декабрь 2023"), "value", "2023 год"), "period header"),
    ],
)
def test_drift_fcs_country_groups_header(raw_files, tmp_path, monkeypatch, edit, field):
    name = _groups_copy(tmp_path, monkeypatch, "russia_fcs_country_groups_2023", edit)
    with pytest.raises(RawFormatError) as err:
        build(["trade_totals"], out_dir=tmp_path / "out")
    msg = str(err.value)
    assert name in msg and field in msg and "\n" not in msg


def test_drift_fcs_country_groups_sheet_renamed(raw_files, tmp_path, monkeypatch):
    name = _groups_copy(
        tmp_path, monkeypatch, "russia_fcs_country_groups_2024_09", lambda ws: setattr(ws, "title", "Лист1")
    )
    with pytest.raises(RawFormatError) as err:
        build(["trade_totals_year_to_date"], out_dir=tmp_path / "out")
    assert name in str(err.value) and "'1'" in str(err.value)
