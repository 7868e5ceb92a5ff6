"""Energy Institute Statistical Review 2025, country panel -> table energy_balance (builder `balance`)."""

from __future__ import annotations

import pandas as pd

from ....errors import RawFormatError
from ...registry import Column, Table, builder, iso3, register
from ...sources import Sources, read_csv

EI_PANEL = "ei_statistical_review_2025_panel"

# EI panel column -> (unit, meaning). Units follow the column suffixes and EI's sheet headings:
# kbd = "Thousand barrels daily", mt = "Million tonnes", ej = "Exajoules", bcm = "Billion cubic metres".
INDICATORS = {
    "oilprod_kbd": (
        "kb/d",
        "oil production incl. crude, shale oil, oil sands, condensates and NGLs ('Oil Production - barrels')",
    ),
    "oilprod_crudecond_kbd": (
        "kb/d",
        "crude oil and condensate production, excluding NGLs ('Crude+cond production - barrels')",
    ),
    "oilprod_mt": ("Mt", "oil production in tonnes ('Oil Production - tonnes')"),
    "oilcons_kbd": (
        "kb/d",
        "oil consumption ('Oil Consumption - barrels'; excludes biofuels, which EI's 'liquids' consumption adds)",
    ),
    "oilcons_mt": ("Mt", "oil consumption in tonnes ('Oil Consumption - Tonnes')"),
    "gasprod_bcm": ("bcm", "natural gas production ('Gas Production - Bcm'; excludes flared and re-injected gas)"),
    "gascons_bcm": ("bcm", "natural gas consumption ('Gas Consumption - Bcm')"),
    "coalprod_mt": ("Mt", "coal production in tonnes ('Coal Production - mt'; commercial solid fuels)"),
    "coalprod_ej": ("EJ", "coal production in energy terms ('Coal Production - EJ')"),
    "coalcons_ej": ("EJ", "coal consumption in energy terms ('Coal Consumption - EJ')"),
    "tes_ej": (
        "EJ",
        "total energy supply ('Total Energy Supply (TES) - EJ'), the 2025 edition's headline primary-energy measure",
    ),
}

ENERGY_BALANCE = register(
    Table(
        name="energy_balance",
        title="Energy production, consumption and supply by country (EI Statistical Review 2025)",
        description=(
            "A focused set of eleven indicators from the Energy Institute's Statistical Review of World Energy "
            "2025 country panel (1965-2024), for every country the panel lists, the EU-27 (EUU), the USSR before "
            "1985 (SUN) and the world (WLD): oil, gas and coal production and consumption and total energy "
            "supply. Long format: one row per year, country and indicator."
        ),
        columns=(
            Column("year", "int", "Calendar year", min=1965, max=2100),
            iso3(
                "country",
                "ISO3 code as given in the panel's ISO3166_alpha3 column; EUU = EI 'Total EU' (EU-27), WLD = 'Total World', SUN = USSR",
            ),
            Column(
                "indicator",
                "str",
                "EI panel variable name; see the notes for each one's meaning",
                allowed=tuple(INDICATORS),
            ),
            Column("value", "float", "Value in `unit`", min=0),
            Column(
                "unit",
                "str",
                "kb/d = thousand barrels daily, Mt = million tonnes, bcm = billion cubic metres, EJ = exajoules",
                allowed=tuple(sorted({u for u, _ in INDICATORS.values()})),
            ),
            Column(
                "source",
                "str",
                "ei_2025 = EI Statistical Review of World Energy 2025 (panel format)",
                allowed=("ei_2025",),
            ),
        ),
        key=("year", "country", "indicator", "source"),
        sources=(EI_PANEL,),
        notes=(
            "Indicators: " + "; ".join(f"{k} [{u}] = {m}" for k, (u, m) in INDICATORS.items()) + ".",
            "The panel writes 0 both for a true zero and for 'no data' (e.g. Russia, Kazakhstan and the other "
            "former Soviet republics are 0 before 1985, when only the USSR total is given; gas production "
            "starts in 1970, coal production in 1981). Zeros are therefore dropped: a missing row means zero or not reported.",
            "Countries only, plus EUU (EI 'Total EU' = EU-27 incl. Malta, back-cast), WLD ('Total World') and SUN "
            "(USSR, 1965-1984). EI's residual groups ('Other Europe', 'Other CIS', ...), regional totals and "
            "'Rest of World' are left out, so the countries do not add up to WLD; use WLD for world shares.",
            "Import dependence is not given by EI; approximate it as 1 - production/consumption with "
            "oilprod_kbd vs oilcons_kbd (production includes NGLs, consumption excludes biofuels and "
            "includes refinery gains), gasprod_bcm vs gascons_bcm, or coalprod_ej vs coalcons_ej.",
            "tes_ej is EI's Total Energy Supply, which the 2025 edition reports instead of the older "
            "'primary energy consumption' (world 2024: 592 EJ); do not splice it with primary-energy figures "
            "from earlier editions.",
            "Values are as printed in the panel (full precision); Russia's oil production 2024 = 10,751.6 kb/d.",
        ),
    )
)


@builder(reads=[EI_PANEL], tables=[ENERGY_BALANCE])
def balance(src: Sources) -> dict[str, pd.DataFrame]:
    """EI Statistical Review 2025 panel -> energy_balance (long format, zeros dropped)."""
    panel = read_csv(src, EI_PANEL, required=["Year", "ISO3166_alpha3", *INDICATORS], encoding="utf-8-sig")
    codes = panel["ISO3166_alpha3"].astype("str").str.strip()
    codes = codes.where(codes != "T-EU", "EUU")
    keep = codes.str.fullmatch(r"[A-Z]{3}") & (codes != "ROW")  # 'ROW' is EI's 'Rest of World', not ISO
    panel = panel.assign(country=codes)[keep]
    long = panel.melt(
        id_vars=["Year", "country"], value_vars=list(INDICATORS), var_name="indicator", value_name="value"
    )
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    bad = long[long["value"].isna() | (long["value"] < 0)]
    if len(bad):
        raise RawFormatError(
            f"Raw file {src.label(EI_PANEL)}: non-numeric or negative values in {sorted(bad['indicator'].unique())} "
            f"(e.g. {bad.head(3).to_dict('records')}); builder {src.builder_name} expects numbers >= 0."
        )
    long = long[long["value"] != 0]
    out = pd.DataFrame(
        {
            "year": long["Year"].astype("int64"),
            "country": long["country"].astype("str"),
            "indicator": long["indicator"].astype("str"),
            "value": long["value"].astype("float64"),
            "unit": long["indicator"].map(lambda k: INDICATORS[k][0]).astype("str"),
            "source": "ei_2025",
        }
    )
    if out.duplicated(["year", "country", "indicator"]).any():
        dup = out[out.duplicated(["year", "country", "indicator"], keep=False)].head(4).to_dict("records")
        raise RawFormatError(f"Raw file {src.label(EI_PANEL)}: a country-year appears twice ({dup}).")
    return {"energy_balance": out}
