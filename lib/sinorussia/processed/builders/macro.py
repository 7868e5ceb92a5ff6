"""Macro indicators: GDP, population and related series from the World Bank, Maddison and PWT."""

from __future__ import annotations

import pandas as pd

from ..countries import AGGREGATES, to_iso3
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources, read_csv

INDICATORS = {
    "gdp_current_usd": "USD",
    "population": "persons",
    "gdp_growth": "percent",
    "inflation_cpi": "percent",
    "exports_share_gdp": "percent of GDP",
    "imports_share_gdp": "percent of GDP",
    "fdi_net_inflows_usd": "USD",
    "exchange_rate_lcu_per_usd": "local currency per USD",
    "gdp_ppp_2011_intl": "int$ 2011",
    "gdp_per_capita_ppp_2011_intl": "int$ 2011",
    "gdp_per_capita_ppp_2021_intl": "int$ 2021",
    "gdp_ppp_pwt": "int$ 2021 (PWT, chained PPPs)",
}

# Long-run series (Maddison, PWT, OWID) are kept for the countries the workbook compares, to keep
# the committed table small; WDI GDP and population keep every country (for world shares and ranks).
FOCUS = (
    "RUS",
    "SUN",
    "CHN",
    "USA",
    "IND",
    "JPN",
    "DEU",
    "FRA",
    "GBR",
    "ITA",
    "KAZ",
    "KGZ",
    "UZB",
    "TJK",
    "TKM",
    "MNG",
    "UKR",
    "BLR",
    "KOR",
    "PRK",
    "IRN",
    "TUR",
    "BRA",
    "WLD",
)

MACRO = register(
    Table(
        name="macro_indicators",
        title="Macroeconomic indicators: GDP, population and more",
        description=(
            "Long table of country-year indicators. GDP in current USD and population for every country "
            "(World Bank WDI); growth, inflation, trade shares, FDI and exchange rates for Russia and China "
            "(WDI 2025 extract); long-run GDP and population (Maddison 2020); GDP per capita at PPP "
            "(World Bank via OWID) and real GDP at PPP (Penn World Table via OWID)."
        ),
        columns=(
            Column("year", "int", "Calendar year", min=1700, max=2030),
            iso3("country", "Country (WLD = world)"),
            Column("indicator", "str", "Indicator code", allowed=tuple(INDICATORS)),
            Column("value", "float", "Value, in `unit`"),
            Column("unit", "str", "Unit of `value`"),
            Column(
                "source", "str", "Source slug", allowed=("wdi", "wdi_2025", "maddison_2020", "wdi_owid", "pwt_owid")
            ),
        ),
        key=("year", "country", "indicator", "source"),
        sources=(
            "wdi_gdp_current_usd",
            "wdi_population",
            "wdi_russia_china",
            "maddison_2020",
            "wdi_gdp_per_capita_ppp_owid",
            "pwt_gdp_owid",
        ),
        notes=(
            "Several sources overlap (e.g. GDP in current USD from the datahub WDI copy, to 2023, and from the 2025 WDI "
            "extract for Russia and China, to 2024): they are kept side by side with their own `source`; WDI revises "
            "past values, so the two differ slightly.",
            "Regional and income aggregates of the WDI files are dropped; only ISO3 countries and WLD are kept.",
            "Maddison GDP is the file's GDP column (GDP per capita × population, 2011 int$); kept from 1700 on.",
            f"Maddison, PWT and OWID series are kept for the focus countries only: {', '.join(FOCUS)}.",
            "Percent indicators stay in percent (e.g. 5.4 = 5.4 %), as WDI publishes them.",
        ),
    )
)

WDI_RC = {
    "GDP_current_USD": "gdp_current_usd",
    "GDP_growth_annual_percent": "gdp_growth",
    "Inflation_consumer_prices_percent": "inflation_cpi",
    "Exports_percent_GDP": "exports_share_gdp",
    "Imports_percent_GDP": "imports_share_gdp",
    "FDI_net_inflows_USD": "fdi_net_inflows_usd",
    "Exchange_rate_LCU_per_USD": "exchange_rate_lcu_per_usd",
}


def _is_country(code: str) -> bool:
    """ISO3 countries (pycountry knows them) and WLD; drops WDI's regional and income groups."""
    import pycountry

    return code == "WLD" or code == "XKX" or pycountry.countries.get(alpha_3=code) is not None


def _frame(year, country, indicator, value, source) -> pd.DataFrame:
    df = pd.DataFrame({"year": year, "country": country, "indicator": indicator, "value": value})
    df = df.dropna(subset=["value"])
    df["unit"] = df["indicator"].map(INDICATORS)
    df["source"] = source
    df["year"] = df["year"].astype("int64")
    return df


def _wdi_long(src: Sources, dataset_id: str, indicator: str) -> pd.DataFrame:
    d = read_csv(src, dataset_id, ["Country Code", "Year", "Value"])
    d = d[d["Country Code"].map(_is_country)]
    return _frame(d["Year"], d["Country Code"], indicator, pd.to_numeric(d["Value"], errors="coerce"), "wdi")


@builder(
    reads=[
        "wdi_gdp_current_usd",
        "wdi_population",
        "wdi_russia_china",
        "maddison_2020",
        "wdi_gdp_per_capita_ppp_owid",
        "pwt_gdp_owid",
    ],
    tables=[MACRO],
)
def build_macro(src: Sources) -> dict[str, pd.DataFrame]:
    """Each source to the long layout; aggregates dropped; Maddison names mapped to ISO3."""
    parts = [_wdi_long(src, "wdi_gdp_current_usd", "gdp_current_usd"), _wdi_long(src, "wdi_population", "population")]

    rc = read_csv(src, "wdi_russia_china", ["country", "date", *WDI_RC])
    rc_codes = rc["country"].map(lambda n: to_iso3(n, source="worldbank_russia_china_raw.csv"))
    for col, ind in WDI_RC.items():
        parts.append(_frame(rc["date"], rc_codes, ind, pd.to_numeric(rc[col], errors="coerce"), "wdi_2025"))

    md = read_csv(src, "maddison_2020", ["Entity", "Year", "GDP per capita", "Population", "GDP"])
    md = md[md["Year"] >= 1700]
    extra = {"former ussr": "SUN", "czechoslovakia": "CSK", "former yugoslavia": "YUG"}
    codes = md["Entity"].map(lambda n: to_iso3(n, extra=extra, strict=False))
    md = md[codes.notna()].assign(code=codes[codes.notna()])
    md = md[md["code"].map(lambda c: _is_country(c) or c in AGGREGATES or c in ("CSK", "YUG"))]
    md = md[md["code"].isin(FOCUS)]
    parts += [
        _frame(md["Year"], md["code"], "gdp_ppp_2011_intl", md["GDP"], "maddison_2020"),
        _frame(md["Year"], md["code"], "gdp_per_capita_ppp_2011_intl", md["GDP per capita"], "maddison_2020"),
        _frame(md["Year"], md["code"], "population", md["Population"], "maddison_2020"),
    ]

    pc = read_csv(src, "wdi_gdp_per_capita_ppp_owid", ["Entity", "Code", "Year", "GDP per capita"])
    pc = pc[pc["Code"].fillna("").map(lambda c: c == "OWID_WRL" or _is_country(c) if c else False)]
    pc = pc.assign(Code=pc["Code"].replace({"OWID_WRL": "WLD"}))
    pc = pc[pc["Code"].isin(FOCUS)]
    parts.append(_frame(pc["Year"], pc["Code"], "gdp_per_capita_ppp_2021_intl", pc["GDP per capita"], "wdi_owid"))

    pw = read_csv(src, "pwt_gdp_owid", ["Entity", "Code", "Year", "GDP"])
    pw = pw[pw["Code"].isin(FOCUS)]
    parts.append(_frame(pw["Year"], pw["Code"], "gdp_ppp_pwt", pw["GDP"], "pwt_owid"))

    out = pd.concat(parts, ignore_index=True)
    return {"macro_indicators": out}
