"""Investment: FDI from China and from Russia in Central Asia (a secondary compilation of IMF figures), and
Chinese outward deals by country (the AEI / Heritage China Global Investment Tracker, to mid-2018)."""

from __future__ import annotations

import pandas as pd

from ...errors import RawFormatError
from ..countries import to_iso3
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources, read_csv, require_columns

FDI_RAW, DEALS_RAW = "central_asia_fdi_china_russia", "aei_china_global_investment_tracker"

FDI = register(
    Table(
        name="fdi_central_asia",
        title="FDI from China and from Russia in the five Central Asian states, 2009-2023 (secondary compilation)",
        description=(
            "Direct investment from China and from Russia in Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and "
            "Uzbekistan, by year, as a repository author compiled it from IMF direct-investment statistics."
        ),
        columns=(
            iso3("country", "Host country"),
            Column("year", "int", "Year", min=2009, max=2023),
            iso3("investor", "Investing country", allowed=("CHN", "RUS")),
            Column("value_usd", "float", "Direct investment", unit="USD"),
            Column("source", "str", "Source slug", allowed=("fdi_compilation",)),
        ),
        key=("country", "year", "investor", "source"),
        sources=(FDI_RAW,),
        notes=(
            "A secondary compilation: the compiler says the figures are the IMF's but not whether they are stocks "
            "(positions) or flows, nor which side reported them; the levels (Kazakhstan ~9.4 bn USD from China in "
            "2017) look like positions. Use for comparing the two investors within a country and year, not as "
            "official figures.",
            "Empty cells of the compilation have no row (not zero). The compilation's UN vote-alignment columns "
            "are left out.",
        ),
    )
)

DEALS = register(
    Table(
        name="china_investment_deals",
        title="Chinese outward investment and construction deals of 100 mn USD or more, 2005-mid 2018 (AEI tracker)",
        description=(
            "One row per deal of the China Global Investment Tracker (American Enterprise Institute and the "
            "Heritage Foundation) in the vintage to mid-2018: year, host country, Chinese entity, counterpart, "
            "sector and value."
        ),
        columns=(
            Column("deal", "int", "Row number of the deal in the tracker file (the key)", min=1),
            Column("year", "int", "Year of the deal", min=2005, max=2018),
            Column("month", "str", "Month of the deal (English name)"),
            iso3("country", "Host country"),
            Column("chinese_entity", "str", "Chinese investor or contractor"),
            Column("party", "str", "Counterpart or project named by the tracker (empty if none)", nullable=True),
            Column("sector", "str", "Tracker sector"),
            Column("subsector", "str", "Tracker subsector (empty if none)", nullable=True),
            Column("share", "float", "Share acquired, 0-1, where the tracker gives one", nullable=True, min=0, max=1),
            Column("value_usd", "float", "Value of the deal", unit="USD", min=0),
            Column("bri", "bool", "Marked by the tracker as a Belt and Road deal"),
            Column("source", "str", "Source slug", allowed=("aei_cgit_2018",)),
        ),
        key=("deal",),
        sources=(DEALS_RAW,),
        notes=(
            "The tracker lists deals of 100 mn USD or more (investment and construction contracts alike); smaller "
            "deals, undisclosed terms and later revisions are not in it. Its 'West Asia' region includes Russia.",
            "Country names are mapped to ISO3; the tracker's own region column is left out.",
        ),
    )
)

FDI_COLS = ["Country/Territory", "Yıl", "DYY_Çin", "DYY_Rusya"]
DEAL_COLS = ["Year", "Month", "Chinese Entity", "Quantity in Millions", "Share size", "Transaction Party"]
DEAL_COLS += ["Sector", "Subsector", "Country", "BRI"]
# The tracker's spellings that pycountry and countries.ALIASES do not know.
DEAL_NAMES = {"Britain": "GBR", "Bosnia": "BIH", "Sao Tome": "STP", "Trinidad-Tobago": "TTO"}


@builder(reads=[FDI_RAW, DEALS_RAW], tables=[FDI, DEALS])
def build_investment(src: Sources) -> dict[str, pd.DataFrame]:
    """Central Asia FDI by investor (long), and the tracker's deals with ISO3 hosts and values in USD."""
    raw = pd.read_excel(src.path(FDI_RAW))
    raw = require_columns(raw, FDI_COLS, source=src.label(FDI_RAW), builder=src.builder_name)
    fdi = raw.melt(id_vars=["Country/Territory", "Yıl"], value_vars=["DYY_Çin", "DYY_Rusya"], value_name="v")
    fdi = fdi.dropna(subset=["v"])
    fdi = pd.DataFrame(
        {
            "country": [to_iso3(str(n), source=src.label(FDI_RAW)) for n in fdi["Country/Territory"]],
            "year": fdi["Yıl"].astype(int),
            "investor": fdi["variable"].map({"DYY_Çin": "CHN", "DYY_Rusya": "RUS"}),
            "value_usd": (fdi["v"].astype(float) * 1e6).round(0),
            "source": "fdi_compilation",
        }
    ).sort_values(["country", "year", "investor"], ignore_index=True)

    d = read_csv(src, DEALS_RAW, DEAL_COLS, encoding="utf-8-sig")
    share = pd.to_numeric(d["Share size"], errors="coerce")
    if (share > 1).any():
        raise RawFormatError(f"Raw file {src.label(DEALS_RAW)}: a 'Share size' above 1")
    deals = pd.DataFrame(
        {
            "deal": range(1, len(d) + 1),
            "year": d["Year"].astype(int),
            "month": d["Month"].astype(str),
            "country": [to_iso3(str(n), extra=DEAL_NAMES, source=src.label(DEALS_RAW)) for n in d["Country"]],
            "chinese_entity": d["Chinese Entity"].astype(str).str.strip(),
            "party": d["Transaction Party"].astype("str").where(d["Transaction Party"].notna(), None),
            "sector": d["Sector"].astype(str).str.strip(),
            "subsector": d["Subsector"].astype("str").where(d["Subsector"].notna(), None),
            "share": share.astype(float),
            "value_usd": d["Quantity in Millions"].astype(float) * 1e6,
            "bri": d["BRI"].astype(int).astype(bool),
            "source": "aei_cgit_2018",
        }
    )
    return {"fdi_central_asia": fdi, "china_investment_deals": deals}
