"""Prices: commodity prices (US EIA spot prices, World Bank Pink Sheet) and exchange rates (FRED).

Tables
------
commodity_prices
    Oil, gas and coal prices in US dollars: EIA Brent (daily, monthly, annual) and WTI (monthly,
    annual); World Bank Pink Sheet Brent, Dubai, WTI, crude average, natural gas (US, Europe),
    Japan LNG and Australian and South African coal (monthly and annual).
exchange_rates
    National currency per US dollar: rouble (OECD via FRED, monthly), yuan (Federal Reserve via
    FRED, daily) and about twenty currencies' annual averages (Federal Reserve via FRED/datahub).
"""

from __future__ import annotations

import re

import openpyxl
import pandas as pd

from ...errors import RawFormatError
from ..registry import Column, Table, builder, register
from ..sources import Sources, read_csv

EIA_FILES = {  # raw id -> (series, frequency)
    "eia_brent_daily": ("brent", "daily"),
    "eia_brent_monthly": ("brent", "monthly"),
    "eia_brent_annual": ("brent", "annual"),
    "eia_wti_monthly": ("wti", "monthly"),
    "eia_wti_annual": ("wti", "annual"),
}
WB_MONTHLY = "wb_pink_sheet_monthly"
WB_ANNUAL = "wb_pink_sheet_annual"

# Pink Sheet series code (the row of codes above the data) -> (our series name, unit as the sheet writes it)
WB_SERIES = {
    "CRUDE_PETRO": ("crude_oil_average", "($/bbl)"),
    "CRUDE_BRENT": ("brent", "($/bbl)"),
    "CRUDE_DUBAI": ("dubai", "($/bbl)"),
    "CRUDE_WTI": ("wti", "($/bbl)"),
    "NGAS_US": ("natural_gas_us", "($/mmbtu)"),
    "NGAS_EUR": ("natural_gas_europe", "($/mmbtu)"),
    "NGAS_JP": ("lng_japan", "($/mmbtu)"),
    "COAL_AUS": ("coal_australia", "($/mt)"),
    "COAL_SAFRICA": ("coal_south_africa", "($/mt)"),
}
UNITS = {"($/bbl)": "USD/bbl", "($/mmbtu)": "USD/mmbtu", "($/mt)": "USD/t"}
SERIES = tuple(sorted({s for s, _ in WB_SERIES.values()} | {s for s, _ in EIA_FILES.values()}))

COMMODITY_PRICES = register(
    Table(
        name="commodity_prices",
        title="Oil, gas and coal prices (US EIA spot prices, World Bank Pink Sheet)",
        description=(
            "Nominal US-dollar prices of crude oil (Brent, WTI, Dubai, the World Bank's average), natural gas "
            "(Henry Hub, Europe, Japan LNG) and thermal coal (Newcastle, Richards Bay): US EIA spot prices "
            "(Brent daily from 1987, Brent and WTI monthly and annual) and the World Bank Pink Sheet (monthly "
            "and annual from 1960). Long format: one row per date, frequency, series and source."
        ),
        columns=(
            Column(
                "date",
                "date",
                "Daily: the trading day; monthly: the first day of the month; annual: 30 June of the year",
            ),
            Column(
                "frequency",
                "str",
                "daily, monthly or annual (period averages, except daily)",
                allowed=("daily", "monthly", "annual"),
            ),
            Column("series", "str", "Price series: " + ", ".join(SERIES), allowed=SERIES),
            Column("value", "float", "Price in `unit` (nominal US dollars)", min=0),
            Column(
                "unit",
                "str",
                "USD/bbl = per barrel, USD/mmbtu = per million British thermal units, USD/t = per metric tonne",
                allowed=tuple(sorted(UNITS.values())),
            ),
            Column(
                "source",
                "str",
                "eia = US Energy Information Administration (datahub copy); wb_pink_sheet = World Bank "
                "Commodity Price Data",
                allowed=("eia", "wb_pink_sheet"),
            ),
        ),
        key=("date", "frequency", "series", "source"),
        sources=(*EIA_FILES, WB_MONTHLY, WB_ANNUAL),
        notes=(
            "Dates: EIA monthly rows are dated the 15th in the raw files and are moved to the 1st of the month; "
            "EIA annual rows are dated 30 June in the raw files and kept so; Pink Sheet months ('1960M01') become "
            "the 1st of the month and Pink Sheet years become 30 June, matching EIA. Monthly and annual values are "
            "period averages.",
            "EIA and the World Bank both publish Brent and WTI; they are kept apart by `source` and differ slightly "
            "(different price assessments and averaging; Brent 2022: EIA 100.93, Pink Sheet 99.82 USD/bbl). "
            "Headline series: EIA for Brent and WTI (daily detail, "
            "longer monthly history to the latest month), the Pink Sheet for Dubai, gas and coal.",
            "Pink Sheet definitions change over time (sheet 'Description'): Dubai is Saudi Arabian Light before 1985, "
            "and before 1979 the Pink Sheet's brent, dubai and crude_oil_average are one and the same series, so "
            "use its brent as Brent only from 1979; "
            "natural_gas_europe is the TTF from April 2015 and earlier an import border price (excluding the UK "
            "2000-2010); coal_australia is Newcastle 6,000 kcal/kg (a futures price from February 2022); "
            "coal_south_africa is Richards Bay 6,000 kcal/kg NAR from 2015, earlier other grades; lng_japan is the "
            "Japanese import price c.i.f., the latest two months estimated; crude_oil_average is the equally "
            "weighted average of Brent, Dubai and WTI. The '…' cells of the Pink Sheet (no data) are left out.",
            "Vintages: EIA datahub copy to 2026-08 (annual to 2025); Pink Sheet monthly updated 2 Dec 2025 (to "
            "2025-11), annual updated 2 May 2025 (to 2024). Brent annual average 2022 (EIA) = 100.93 USD/bbl.",
        ),
    )
)

RUB = "fred_usd_rub_monthly"
CNY = "fred_usd_cny_daily"
ANNUAL = "fred_exchange_rates_annual"

# datahub annual.csv 'Country' -> ISO 4217 code. Venezuela is left out (see notes).
ANNUAL_CURRENCIES = {
    "Australia": "AUD",
    "Brazil": "BRL",
    "Canada": "CAD",
    "China": "CNY",
    "Denmark": "DKK",
    "Euro": "EUR",
    "Hong Kong": "HKD",
    "India": "INR",
    "Japan": "JPY",
    "Malaysia": "MYR",
    "Mexico": "MXN",
    "New Zealand": "NZD",
    "Norway": "NOK",
    "Singapore": "SGD",
    "South Africa": "ZAR",
    "South Korea": "KRW",
    "Sweden": "SEK",
    "Switzerland": "CHF",
    "Taiwan": "TWD",
    "Thailand": "THB",
}
ANNUAL_DROPPED = {"Venezuela"}

EXCHANGE_RATES = register(
    Table(
        name="exchange_rates",
        title="Exchange rates: national currency per US dollar (FRED)",
        description=(
            "Units of national currency per US dollar: the Russian rouble monthly from 1992 (OECD Main Economic "
            "Indicators via FRED, end of month), the Chinese yuan daily from 1990 (Federal Reserve H.10 via FRED, "
            "noon buying rates in New York), and annual averages for twenty currencies incl. CNY (Federal Reserve "
            "via FRED, datahub copy)."
        ),
        columns=(
            Column(
                "date",
                "date",
                "Daily: the day; monthly: the first day of the month (FRED convention); annual: 1 January of the year",
            ),
            Column("currency", "str", "ISO 4217 currency code", pattern=r"^[A-Z]{3}$"),
            Column("per_usd", "float", "Units of `currency` per US dollar", min=0),
            Column(
                "frequency",
                "str",
                "daily, monthly (end of month) or annual (average)",
                allowed=("daily", "monthly", "annual"),
            ),
            Column(
                "source",
                "str",
                "oecd_fred = OECD Main Economic Indicators via FRED (CCUSSP02RUM650N); fed_fred = "
                "Federal Reserve Board via FRED (DEXCHUS daily; annual averages via datahub.io)",
                allowed=("oecd_fred", "fed_fred"),
            ),
        ),
        key=("date", "currency", "frequency", "source"),
        sources=(RUB, CNY, ANNUAL),
        notes=(
            "RUB (CCUSSP02RUM650N, monthly, from 1992-06): spot rate at the end of the month, dated the first day of "
            "the month as FRED does. The whole series is in redenominated (post-1998) roubles: 0.100 in June 1992 = "
            "100 pre-1998 roubles, 5.960 in December 1997 = 5,960; there is no factor-1,000 jump at 1998. FRED has "
            "no value for eight months of 1994 (only March, June, September and December): those months are left out.",
            "CNY (DEXCHUS, daily): days without a rate (US holidays) are left out. The yuan was pegged at 8.28 per "
            "USD until July 2005; the 1994 unification of the official and swap rates shows as a jump from 5.8 to "
            "8.7. End of 2023 (29 Dec): 7.0999.",
            "Annual (datahub annual.csv): averages of daily rates, dated 1 January of the year as in the file, "
            "already quoted as currency per US dollar for every currency (also for the euro, 0.92 in 2023, and the "
            "Australian and New Zealand dollars, which FRED quotes as US dollars per unit) - no inversion was needed. "
            "Euro from 1999. Venezuela is left out: its series mixes the bolivar's successive redenominations "
            "(2008, 2018, 2021) without marking them (e.g. 4.39 million in 2018, 6.64 in 2022).",
        ),
    )
)


# ---- helpers --------------------------------------------------------------------------------


def _strict_dates(s: pd.Series, *, label: str, column: str) -> pd.Series:
    d = pd.to_datetime(s.astype("str").str.strip(), format="%Y-%m-%d", errors="coerce")
    if d.isna().any():
        raise RawFormatError(
            f"Raw file {label}: column '{column}' has values that are not YYYY-MM-DD dates "
            f"({s[d.isna()].head(3).tolist()}). The upstream format changed."
        )
    return d.astype("datetime64[ns]")


def _numbers(s: pd.Series, *, label: str, column: str) -> pd.Series:
    v = pd.to_numeric(s, errors="coerce")
    bad = v.isna() & s.notna() & (s.astype("str").str.strip() != "")
    if bad.any():
        raise RawFormatError(f"Raw file {label}: column '{column}' has non-numeric values {s[bad].head(3).tolist()}.")
    return v.astype("float64")


def _eia(src: Sources, dataset_id: str) -> pd.DataFrame:
    series, freq = EIA_FILES[dataset_id]
    df = read_csv(src, dataset_id, required=["Date", "Price"], dtype={"Date": "str"})
    label = src.label(dataset_id)
    date = _strict_dates(df["Date"], label=label, column="Date")
    value = _numbers(df["Price"], label=label, column="Price")
    if freq == "monthly":
        if (date.dt.day != 15).any():
            raise RawFormatError(
                f"Raw file {label}: monthly rows are expected on the 15th; found {date[date.dt.day != 15].head(3).tolist()}."
            )
        date = (date - pd.to_timedelta(date.dt.day - 1, unit="D")).astype("datetime64[ns]")
    elif freq == "annual" and ((date.dt.month != 6) | (date.dt.day != 30)).any():
        raise RawFormatError(f"Raw file {label}: annual rows are expected on 30 June; found other dates.")
    out = pd.DataFrame(
        {"date": date, "frequency": freq, "series": series, "value": value, "unit": "USD/bbl", "source": "eia"}
    )
    return out[out["value"].notna()]


def _pink_sheet(src: Sources, dataset_id: str, *, sheet: str, frequency: str) -> pd.DataFrame:
    label = src.label(dataset_id)
    wb = openpyxl.load_workbook(src.path(dataset_id), read_only=True, data_only=True)
    try:
        if sheet not in wb.sheetnames:
            raise RawFormatError(
                f"Raw file {label} has no sheet '{sheet}' (sheets: {', '.join(wb.sheetnames)}). "
                f"The layout changed: update builder {src.builder_name}."
            )
        rows = [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()
    code_row = next((i for i, r in enumerate(rows[:20]) if "CRUDE_BRENT" in r), None)
    if code_row is None or code_row < 1:
        raise RawFormatError(
            f"Raw file {label}, sheet '{sheet}': no row of series codes (with 'CRUDE_BRENT') in the first 20 rows."
        )
    codes = {c: j for j, c in enumerate(rows[code_row]) if isinstance(c, str)}
    missing = [c for c in WB_SERIES if c not in codes]
    if missing:
        raise RawFormatError(
            f"Raw file {label}, sheet '{sheet}' lacks series code(s) {missing} that builder "
            f"{src.builder_name} needs. The Pink Sheet layout changed."
        )
    for code, (_, unit) in WB_SERIES.items():
        found = rows[code_row - 1][codes[code]]
        if str(found).strip() != unit:
            raise RawFormatError(f"Raw file {label}, sheet '{sheet}': series {code} is in '{found}', not '{unit}'.")
    pattern = r"(\d{4})M(\d{2})" if frequency == "monthly" else r"(\d{4})"
    records = []
    for r in rows[code_row + 1 :]:
        if not r or r[0] is None:
            continue
        m = re.fullmatch(pattern, str(r[0]).strip())
        if not m:
            raise RawFormatError(
                f"Raw file {label}, sheet '{sheet}': first-column value {r[0]!r} is not a "
                f"{'month like 1960M01' if frequency == 'monthly' else 'year'}."
            )
        when = (
            pd.Timestamp(int(m.group(1)), int(m.group(2)), 1)
            if frequency == "monthly"
            else pd.Timestamp(int(m.group(1)), 6, 30)
        )
        for code, (series, unit) in WB_SERIES.items():
            cell = r[codes[code]] if codes[code] < len(r) else None
            if cell is None or (isinstance(cell, str) and cell.strip() in ("…", "...", "")):
                continue
            if isinstance(cell, str | bool):
                raise RawFormatError(f"Raw file {label}, sheet '{sheet}', {r[0]}, {code}: {cell!r} is not a number.")
            records.append(
                {
                    "date": when,
                    "frequency": frequency,
                    "series": series,
                    "value": float(cell),
                    "unit": UNITS[unit],
                    "source": "wb_pink_sheet",
                }
            )
    out = pd.DataFrame(records)
    out["date"] = out["date"].astype("datetime64[ns]")
    return out


@builder(reads=[*EIA_FILES, WB_MONTHLY, WB_ANNUAL], tables=[COMMODITY_PRICES])
def commodity(src: Sources) -> dict[str, pd.DataFrame]:
    """EIA Brent/WTI and World Bank Pink Sheet energy prices -> commodity_prices."""
    parts = [_eia(src, d) for d in EIA_FILES]
    parts.append(_pink_sheet(src, WB_MONTHLY, sheet="Monthly Prices", frequency="monthly"))
    parts.append(_pink_sheet(src, WB_ANNUAL, sheet="Annual Prices (Nominal)", frequency="annual"))
    out = pd.concat(parts, ignore_index=True)
    out = out.astype({"frequency": "str", "series": "str", "value": "float64", "unit": "str", "source": "str"})
    return {"commodity_prices": out}


@builder(reads=[RUB, CNY, ANNUAL], tables=[EXCHANGE_RATES])
def exchange(src: Sources) -> dict[str, pd.DataFrame]:
    """FRED rouble (monthly), yuan (daily) and annual averages -> exchange_rates (currency per USD)."""
    parts = []
    for dataset_id, column, currency, freq, source in (
        (RUB, "CCUSSP02RUM650N", "RUB", "monthly", "oecd_fred"),
        (CNY, "DEXCHUS", "CNY", "daily", "fed_fred"),
    ):
        df = read_csv(
            src, dataset_id, required=["observation_date", column], dtype={"observation_date": "str", column: "str"}
        )
        label = src.label(dataset_id)
        date = _strict_dates(df["observation_date"], label=label, column="observation_date")
        value = _numbers(df[column].str.strip().replace({".": None, "": None}), label=label, column=column)
        parts.append(
            pd.DataFrame({"date": date, "currency": currency, "per_usd": value, "frequency": freq, "source": source})
        )

    df = read_csv(src, ANNUAL, required=["Date", "Country", "Exchange rate"], dtype={"Date": "str", "Country": "str"})
    label = src.label(ANNUAL)
    unknown = sorted(set(df["Country"].str.strip()) - set(ANNUAL_CURRENCIES) - ANNUAL_DROPPED)
    if unknown:
        raise RawFormatError(
            f"Raw file {label}: unknown 'Country' value(s) {unknown}. Fix: map them to ISO 4217 "
            f"codes in ANNUAL_CURRENCIES (lib/sinorussia/processed/builders/prices.py)."
        )
    df = df[~df["Country"].str.strip().isin(ANNUAL_DROPPED)]
    parts.append(
        pd.DataFrame(
            {
                "date": _strict_dates(df["Date"], label=label, column="Date"),
                "currency": df["Country"].str.strip().map(ANNUAL_CURRENCIES),
                "per_usd": _numbers(df["Exchange rate"], label=label, column="Exchange rate"),
                "frequency": "annual",
                "source": "fed_fred",
            }
        )
    )
    out = pd.concat(parts, ignore_index=True)
    out = out[out["per_usd"].notna()]
    if (out["per_usd"] <= 0).any():
        raise RawFormatError(
            f"exchange rates must be positive; found {out[out['per_usd'] <= 0].head(3).to_dict('records')}."
        )
    out = out.astype({"currency": "str", "per_usd": "float64", "frequency": "str", "source": "str"})
    return {"exchange_rates": out}
