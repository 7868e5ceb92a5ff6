"""Trade family: China–Russia goods trade from both reporters, by product, and each side's totals.

Raw files (ids in data/catalog.yaml), and the module that reads each:

- comtrade_china_imports_from_russia — UN Comtrade, China as reporter: monthly imports from Russia (comtrade).
- panel_monthly_var — the repository author's monthly panel; its China-exports-to-Russia column is the
  only series for that direction (its raw Comtrade file is not public here) (comtrade).
- russia_fcs_monthly_partners (96stran.xlsx) — Russia's customs (FCS) monthly exports/imports with
  29 main partners, 2006–2021, million USD (russia_fcs).
- russia_fcs_annual_partners (94itog.xlsx) — FCS annual totals 1994–2021 (and CIS partners only) (russia_fcs).
- imf_dots_russia_exports_2023 / imf_dots_world_exports_2023 — IMF DOTS, Russia / World by partner (imf_dots).
- baci_russia_china_hs6 — CEPII BACI HS6 flows both ways 2017–2023 (v thousand USD, q tonnes) (baci_atlas).
- atlas_* — Harvard Growth Lab Atlas: every country's total exports/imports (baci_atlas), HS92 product names (hs).
- russia_fcs_country_groups_* — FCS releases by country group (world totals) after 2021: the Jan-Dec 2022
  and 2023 totals go to trade_totals, the Jan-Apr and Jan-Sep 2023/2024 ones to trade_totals_year_to_date
  (russia_fcs_groups).
- curated/official_figures.csv — China's total exports and imports as GACC announced them (assemble).

The reporting bases a share may combine are declared in bases (SHARE_BASES).

Everything is read by two builders: `build_hs_chapters` (the HS chapter lookup, in hs) and `build_trade`
(every other table, in assemble; the partner shares, computed in shares from the frames it already holds).
The tables `build_trade` returns are declared in tables; helpers the readers share are in _common.
"""

from __future__ import annotations

from .assemble import TRADE_READS, build_trade
from .hs import HS_CHAPTERS, HS_SECTIONS, SECTION_CODES, SECTION_NAMES, build_hs_chapters, hs_section_of
from .tables import (
    TRADE_BILATERAL_ANNUAL,
    TRADE_BILATERAL_MONTHLY,
    TRADE_BY_PRODUCT,
    TRADE_PARTNER_SHARES,
    TRADE_TOTALS,
    TRADE_TOTALS_YEAR_TO_DATE,
)

__all__ = [
    "HS_CHAPTERS",
    "HS_SECTIONS",
    "SECTION_CODES",
    "SECTION_NAMES",
    "TRADE_BILATERAL_ANNUAL",
    "TRADE_BILATERAL_MONTHLY",
    "TRADE_BY_PRODUCT",
    "TRADE_PARTNER_SHARES",
    "TRADE_READS",
    "TRADE_TOTALS",
    "TRADE_TOTALS_YEAR_TO_DATE",
    "build_hs_chapters",
    "build_trade",
    "hs_section_of",
]
