"""Price builders: commodity_prices and exchange_rates.

Known values are re-read from the raw files (csv, openpyxl) and compared with the built tables;
builds must be byte-identical; format drift must fail with the file and the column named.
"""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from sinorussia import load, paths
from sinorussia.errors import RawFormatError
from sinorussia.processed.build import build
from sinorussia.processed.builders import prices
from sinorussia.processed.sources import Sources

TABLES = ["commodity_prices", "exchange_rates"]


def _raw(dataset_id: str):
    from sinorussia.raw import raw_path

    return raw_path(dataset_id)


def _csv(dataset_id: str) -> list[dict]:
    with open(_raw(dataset_id), encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def cp(raw_files):
    return load("commodity_prices")


@pytest.fixture(scope="module")
def fx(raw_files):
    return load("exchange_rates")


def _price(df, date, frequency, series, source) -> float:
    sel = df[
        (df.date == pd.Timestamp(date)) & (df.frequency == frequency) & (df.series == series) & (df.source == source)
    ]
    assert len(sel) == 1, (date, frequency, series, source, len(sel))
    return float(sel["value"].iloc[0])


def _rate(df, date, currency, frequency) -> float:
    sel = df[(df.date == pd.Timestamp(date)) & (df.currency == currency) & (df.frequency == frequency)]
    assert len(sel) == 1, (date, currency, frequency, len(sel))
    return float(sel["per_usd"].iloc[0])


@pytest.mark.parametrize("name", TABLES)
def test_committed_table_loads(raw_files, name):
    df = load(name)
    assert len(df) > 0
    assert (
        df.columns.tolist()
        == {
            "commodity_prices": ["date", "frequency", "series", "value", "unit", "source"],
            "exchange_rates": ["date", "currency", "per_usd", "frequency", "source"],
        }[name]
    )
    assert (paths.PROCESSED_DIR / f"{name}.csv").stat().st_size < 2_000_000


# ---- commodity_prices -----------------------------------------------------------------------


def test_brent_2022_annual_average(cp):
    v = _price(cp, "2022-06-30", "annual", "brent", "eia")  # EIA dates annual rows 30 June
    assert 99 < v < 101
    daily = [float(r["Price"]) for r in _csv("eia_brent_daily") if r["Date"].startswith("2022")]
    assert v == pytest.approx(sum(daily) / len(daily), abs=0.01)  # the annual value is the mean of the days
    wb = _price(cp, "2022-06-30", "annual", "brent", "wb_pink_sheet")
    assert wb == pytest.approx(99.82, abs=0.01) and abs(wb - v) < 2  # two assessments of the same crude


def test_eia_monthly_moved_to_first_of_month(cp):
    raw = {r["Date"]: float(r["Price"]) for r in _csv("eia_wti_monthly")}
    assert _price(cp, "2022-03-01", "monthly", "wti", "eia") == raw["2022-03-15"]
    monthly = cp[cp.frequency.isin(["monthly"])]
    assert (monthly.date.dt.day == 1).all()
    daily = cp[(cp.frequency == "daily")]
    assert set(daily.series) == {"brent"} and len(daily) == len(_csv("eia_brent_daily"))


def test_pink_sheet_cells(cp):
    wb = openpyxl.load_workbook(_raw("wb_pink_sheet_monthly"), read_only=True, data_only=True)
    try:
        rows = [tuple(r) for r in wb["Monthly Prices"].iter_rows(values_only=True)]
    finally:
        wb.close()
    codes = next(r for r in rows if "CRUDE_BRENT" in r)
    units = rows[rows.index(codes) - 1]
    mar22 = next(r for r in rows if r[0] == "2022M03")
    for code, series in [
        ("CRUDE_DUBAI", "dubai"),
        ("NGAS_EUR", "natural_gas_europe"),
        ("COAL_AUS", "coal_australia"),
        ("NGAS_JP", "lng_japan"),
    ]:
        assert _price(cp, "2022-03-01", "monthly", series, "wb_pink_sheet") == pytest.approx(mar22[codes.index(code)])
    assert units[codes.index("COAL_AUS")] == "($/mt)"
    assert set(cp[cp.series == "coal_australia"].unit) == {"USD/t"}
    # '…' is missing, not zero: WTI starts in 1982 in the Pink Sheet
    jan60 = next(r for r in rows if r[0] == "1960M01")
    assert jan60[codes.index("CRUDE_WTI")] == "…"
    assert cp[(cp.source == "wb_pink_sheet") & (cp.series == "wti")].date.min() == pd.Timestamp("1982-01-01")
    # the annual sheet is the mean of the months
    months = cp[
        (cp.source == "wb_pink_sheet")
        & (cp.series == "brent")
        & (cp.frequency == "monthly")
        & (cp.date.dt.year == 2022)
    ]
    assert len(months) == 12
    assert _price(cp, "2022-06-30", "annual", "brent", "wb_pink_sheet") == pytest.approx(months.value.mean(), abs=0.01)


# ---- exchange_rates -------------------------------------------------------------------------


def test_cny_end_2023(fx):
    v = _rate(fx, "2023-12-29", "CNY", "daily")
    raw = {r["observation_date"]: r["DEXCHUS"] for r in _csv("fred_usd_cny_daily")}
    assert v == float(raw["2023-12-29"]) and 7.0 < v < 7.2
    blanks = sum(1 for x in raw.values() if not x.strip())
    assert len(fx[(fx.currency == "CNY") & (fx.frequency == "daily")]) == len(raw) - blanks
    # the annual average is close to the mean of the days
    days = [float(x) for d, x in raw.items() if d.startswith("2023") and x.strip()]
    assert _rate(fx, "2023-01-01", "CNY", "annual") == pytest.approx(sum(days) / len(days), abs=0.01)


def test_rub_is_in_redenominated_roubles(fx):
    rub = fx[fx.currency == "RUB"].sort_values("date").set_index("date")["per_usd"]
    assert rub[pd.Timestamp("1992-06-01")] == 0.1 and rub[pd.Timestamp("1997-12-01")] == 5.96
    assert (rub / rub.shift(1)).dropna().between(0.5, 3).all()  # no factor-1,000 jumps anywhere
    assert len(rub[rub.index.year == 1994]) == 4  # FRED gives only 4 months of 1994
    assert 85 < rub[pd.Timestamp("2023-11-01")] < 92
    assert set(fx[fx.currency == "RUB"].frequency) == {"monthly"}


def test_annual_currencies_quoted_per_usd(fx):
    annual = fx[fx.frequency == "annual"]
    assert _rate(fx, "2023-01-01", "EUR", "annual") == pytest.approx(0.9245)
    assert _rate(fx, "2023-01-01", "AUD", "annual") > 1  # AUD per USD, not USD per AUD
    assert _rate(fx, "2023-01-01", "JPY", "annual") > 100
    raw = [r for r in _csv("fred_exchange_rates_annual") if r["Country"] != "Venezuela"]
    assert len(annual) == len(raw)
    assert "VES" not in set(fx.currency) and "VEF" not in set(fx.currency)
    assert (fx.per_usd > 0).all()


# ---- drift ----------------------------------------------------------------------------------


def _redirect(monkeypatch, dataset_id, new_path):
    original = Sources.path

    def fake(self, did):
        return new_path if did == dataset_id else original(self, did)

    monkeypatch.setattr(Sources, "path", fake)


def test_drift_eia_price_column_renamed(raw_files, tmp_path, monkeypatch):
    bad = tmp_path / "brent-year.csv"
    bad.write_text(_raw("eia_brent_annual").read_text().replace("Date,Price", "Date,Value", 1))
    _redirect(monkeypatch, "eia_brent_annual", bad)
    with pytest.raises(RawFormatError, match=r"eia_brent_annual.*Price"):
        build(["commodity_prices"], out_dir=tmp_path / "out")


def test_drift_pink_sheet_code_missing(raw_files, tmp_path, monkeypatch):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Monthly Prices"
    ws.append(["World Bank Commodity Price Data (The Pink Sheet)"])
    ws.append([None, "Crude oil, Dubai"])
    ws.append([None, "($/bbl)"])
    ws.append([None, "CRUDE_DUBAI", "CRUDE_BRENT"])
    ws.append(["1960M01", 1.63, 1.63])
    bad = tmp_path / "CMO-Historical-Data-Monthly.xlsx"
    wb.save(bad)
    _redirect(monkeypatch, "wb_pink_sheet_monthly", bad)
    with pytest.raises(RawFormatError, match=r"wb_pink_sheet_monthly.*CRUDE_WTI"):
        build(["commodity_prices"], out_dir=tmp_path / "out")


def test_drift_unknown_currency(raw_files, tmp_path, monkeypatch):
    bad = tmp_path / "annual.csv"
    bad.write_text(_raw("fred_exchange_rates_annual").read_text() + "2025-01-01,Atlantis,1.5\n")
    _redirect(monkeypatch, "fred_exchange_rates_annual", bad)
    with pytest.raises(RawFormatError, match=r"fred_exchange_rates_annual.*Atlantis"):
        build(["exchange_rates"], out_dir=tmp_path / "out")
    assert "Atlantis" not in prices.ANNUAL_CURRENCIES
