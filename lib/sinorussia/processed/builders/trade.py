"""Trade family: China–Russia goods trade from both reporters, by product, and each side's totals.

Raw files (ids in data/catalog.yaml):

- comtrade_china_imports_from_russia — UN Comtrade, China as reporter: monthly imports from Russia.
- panel_monthly_var — the repository author's monthly panel; its China-exports-to-Russia column is the
  only series for that direction (its raw Comtrade file is not public here).
- russia_fcs_monthly_partners (96stran.xlsx) — Russia's customs (FCS) monthly exports/imports with
  29 main partners, 2006–2021, million USD.
- russia_fcs_annual_partners (94itog.xlsx) — FCS annual totals 1994–2021 (and CIS partners only).
- imf_dots_russia_exports_2023 / imf_dots_world_exports_2023 — IMF DOTS, Russia / World by partner.
- baci_russia_china_hs6 — CEPII BACI HS6 flows both ways 2017–2023 (v thousand USD, q tonnes).
- atlas_* — Harvard Growth Lab Atlas: every country's total exports/imports, HS92 product names.

Everything is read by two builders: `build_hs_chapters` (the HS chapter lookup) and `build_trade`
(every other table; the partner shares are computed from the frames it already holds).
"""
from __future__ import annotations

import re
import numpy as np
import pandas as pd
import pycountry

from ...errors import RawFormatError
from ..countries import AGGREGATES, to_iso3
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources, read_csv

# --------------------------------------------------------------------------------------------------
# HS nomenclature: the 21 sections and the chapters they hold (WCO Harmonized System; chapter 77 is
# reserved, chapters 98–99 are for national use and belong to no section).
# --------------------------------------------------------------------------------------------------
HS_SECTIONS: tuple[tuple[str, int, int, str], ...] = (
    ("I", 1, 5, "Live animals; animal products"),
    ("II", 6, 14, "Vegetable products"),
    ("III", 15, 15, "Animal or vegetable fats and oils"),
    ("IV", 16, 24, "Prepared foodstuffs; beverages; tobacco"),
    ("V", 25, 27, "Mineral products"),
    ("VI", 28, 38, "Chemical products"),
    ("VII", 39, 40, "Plastics and rubber"),
    ("VIII", 41, 43, "Hides, skins, leather and furskins"),
    ("IX", 44, 46, "Wood, cork and basketware"),
    ("X", 47, 49, "Pulp, paper and paperboard"),
    ("XI", 50, 63, "Textiles and textile articles"),
    ("XII", 64, 67, "Footwear, headgear, umbrellas"),
    ("XIII", 68, 70, "Stone, ceramic and glass articles"),
    ("XIV", 71, 71, "Pearls, precious stones and metals"),
    ("XV", 72, 83, "Base metals and articles thereof"),
    ("XVI", 84, 85, "Machinery and electrical equipment"),
    ("XVII", 86, 89, "Vehicles, aircraft and vessels"),
    ("XVIII", 90, 92, "Optical, medical and precision instruments; clocks; musical instruments"),
    ("XIX", 93, 93, "Arms and ammunition"),
    ("XX", 94, 96, "Miscellaneous manufactured articles"),
    ("XXI", 97, 97, "Works of art and antiques"),
)
SECTION_CODES = tuple(s[0] for s in HS_SECTIONS)
SECTION_NAMES = {s[0]: s[3] for s in HS_SECTIONS}
RESERVED_CHAPTERS = {77}


def hs_section_of(chapter: str) -> str:
    """Roman-numeral HS section of a 2-digit chapter ('27' -> 'V'); an unknown chapter raises."""
    n = int(chapter)
    if n not in RESERVED_CHAPTERS:
        for code, lo, hi, _ in HS_SECTIONS:
            if lo <= n <= hi:
                return code
    raise RawFormatError(f"HS chapter '{chapter}' belongs to no HS section (chapter 77 is reserved; 98-99 are national).")


# Obvious misspellings in the Atlas short chapter names, corrected for chart labels.
ATLAS_NAME_FIXES = {"Diary products": "Dairy products", "Manufactues of plaiting materials": "Manufactures of plaiting materials"}

# --------------------------------------------------------------------------------------------------
# Source slugs
# --------------------------------------------------------------------------------------------------
BILATERAL_SOURCES = ("baci", "comtrade_china", "comtrade_china_processed", "fcs_russia", "imf_dots_russia")
TOTALS_SOURCES = ("atlas", "fcs_russia", "imf_dots_russia", "imf_dots_world_mirror")
# share slugs computed against the Atlas totals; 'total' shares need both directions: (RUS->CHN source, CHN->RUS source)
ATLAS_TOTAL_PAIRS = {
    "baci/atlas": ("baci", "baci"),
    "comtrade_china_processed/atlas": ("comtrade_china", "comtrade_china_processed"),
    "fcs_russia/atlas": ("fcs_russia", "fcs_russia"),
    "imf_dots_russia/atlas": ("imf_dots_russia", "imf_dots_russia"),
}
SHARE_SOURCES = tuple(sorted({f"{s}/atlas" for s in BILATERAL_SOURCES} | {"fcs_russia", "imf_dots_russia"}))
FLOWS = ("exports", "imports", "total")

# --------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------
_PAIR = ("CHN", "RUS")

TRADE_BILATERAL_ANNUAL = register(Table(
    name="trade_bilateral_annual",
    title="China–Russia goods trade, annual, by reporter",
    description=(
        "Annual value of goods shipped from `exporter` to `importer` (China and Russia, both directions) "
        "as reported by each source: China's customs via UN Comtrade, Russia's customs service (FCS), "
        "IMF Direction of Trade Statistics (Russia as reporter) and CEPII BACI (reconciled mirror flows)."
    ),
    columns=(
        Column("year", "int", "Calendar year", min=1990, max=2030),
        iso3("exporter", "Exporting country (CHN or RUS)", allowed=_PAIR),
        iso3("importer", "Importing country (CHN or RUS)", allowed=_PAIR),
        Column("value_usd", "float", "Value of goods trade", unit="current US dollars", min=0),
        Column("source", "str", "Producer and reporter of the figure", allowed=BILATERAL_SOURCES),
    ),
    key=("year", "exporter", "importer", "source"),
    sources=("comtrade_china_imports_from_russia", "panel_monthly_var", "russia_fcs_monthly_partners",
             "imf_dots_russia_exports_2023", "baci_russia_china_hs6"),
    notes=(
        "Headline series: China-reported Comtrade (`comtrade_china` for Russia->China, i.e. China's imports; "
        "`comtrade_china_processed` for China->Russia) for 2017-2024, because Russia stopped publishing "
        "customs statistics in 2022; Russia's FCS (`fcs_russia`) gives the 2006-2016 history (and 2017-2021 "
        "for comparison); BACI (`baci`) reconciles the two reporters' mirror flows (2017-2023) and is the "
        "reference for product detail.",
        "`comtrade_china`: China-reported imports from Russia (CIF), the sum of the 12 monthly values of "
        "each year (2021-2024: 79.6 / 114.4 / 128.9 / 129.9 bn USD).",
        "`comtrade_china_processed`: China's exports to Russia (FOB) from the repository author's monthly "
        "panel (panel_monthly_var, CHN_exp_to_RUS_bn x 1e9, summed over 12 months). The raw Comtrade file "
        "for this direction is not public here; the panel's other column (China's imports from Russia) "
        "matches the raw Comtrade file exactly, which is the evidence that the panel is faithful.",
        "`fcs_russia`: Russia-reported exports to and imports from China (Russian customs, FCS via "
        "Rosstat, 96stran.xlsx, 'млн долларов США' -> x 1e6), summed to years only where all 12 months "
        "are given (every year 2006-2021 is complete for China).",
        "`imf_dots_russia`: IMF DOTS with Russia as reporter (rf_exports_2023.xlsx, US$ million): Russia's "
        "exports to China (FOB) 2011-2023 from the 'Exports, FOB' sheet and Russia's imports from China "
        "(CIF) 2011-2022 from the 'Imports, CIF' sheet. Russia stopped reporting in 2022, so the 2022-2023 "
        "values are IMF estimates, far below China's own figures.",
        "The IMF world file (tot_exports_2023.xlsx) has World as reporter: it gives no China->Russia flow, "
        "only world exports to / imports from Russia (Russia's trade by mirror); those are in trade_totals "
        "as `imf_dots_world_mirror`.",
        "`baci`: CEPII BACI HS92 (v in thousand USD -> x 1e3), summed over HS6 lines; BACI values are "
        "FOB, reconciled from both reporters.",
        "No `fcs_russia_annual` series: the FCS annual file 94itog.xlsx gives Russia's totals and CIS "
        "partners only, not China; Russia–China trade before 2006 is not in any raw file here.",
        "Values are rounded to the cent; the sources differ by CIF/FOB valuation, timing and partner "
        "attribution, so compare series within a source.",
    ),
))

TRADE_BILATERAL_MONTHLY = register(Table(
    name="trade_bilateral_monthly",
    title="China–Russia goods trade, monthly, by reporter",
    description="Monthly value of goods shipped from `exporter` to `importer` (China and Russia) as reported by China's customs (Comtrade) and Russia's customs (FCS).",
    columns=(
        Column("month", "date", "First day of the month"),
        iso3("exporter", "Exporting country (CHN or RUS)", allowed=_PAIR),
        iso3("importer", "Importing country (CHN or RUS)", allowed=_PAIR),
        Column("value_usd", "float", "Value of goods trade in the month", unit="current US dollars", min=0),
        Column("source", "str", "Producer and reporter", allowed=("comtrade_china", "comtrade_china_processed", "fcs_russia")),
    ),
    key=("month", "exporter", "importer", "source"),
    sources=("comtrade_china_imports_from_russia", "panel_monthly_var", "russia_fcs_monthly_partners"),
    notes=(
        "`comtrade_china` (Russia->China, China's imports CIF) 2017-01..2024-12 from UN Comtrade with China as reporter.",
        "`comtrade_china_processed` (China->Russia) 2017-01..2024-12 from the author-processed panel "
        "panel_monthly_var (bn USD x 1e9); its raw Comtrade file is not public here.",
        "`fcs_russia` (both directions) 2006-01..2021-12 from Russia's customs (96stran.xlsx, million USD x 1e6).",
    ),
))

TRADE_BY_PRODUCT = register(Table(
    name="trade_by_product",
    title="China–Russia goods trade by HS chapter (BACI)",
    description="CEPII BACI bilateral flows between China and Russia aggregated from HS6 (HS92) to HS chapters, both directions, 2017–2023.",
    columns=(
        Column("year", "int", "Calendar year", min=1990, max=2030),
        iso3("exporter", "Exporting country (CHN or RUS)", allowed=_PAIR),
        iso3("importer", "Importing country (CHN or RUS)", allowed=_PAIR),
        Column("hs_section", "str", "HS section as a Roman numeral I-XXI (names in table hs_chapters)", allowed=SECTION_CODES),
        Column("hs_chapter", "str", "HS chapter, 2 digits zero-padded ('01'..'97')", pattern=r"^\d{2}$"),
        Column("value_usd", "float", "Value of the chapter's trade", unit="current US dollars", min=0),
        Column("quantity_t", "float", "Quantity summed over the chapter's HS6 lines that report one", unit="tonnes", min=0, nullable=True),
        Column("source", "str", "Producer", allowed=("baci",)),
    ),
    key=("year", "exporter", "importer", "hs_chapter", "source"),
    sources=("baci_russia_china_hs6",),
    notes=(
        "BACI HS92 release 2025: v is in thousand USD (converted x 1e3), q in tonnes; i/j 156 = China, "
        "643 = Russia; the HS6 code k lost its leading zeros in the raw CSV and is zero-padded back to 6 "
        "digits before taking the chapter (first 2 digits).",
        "hs_section is the Roman numeral of the HS section (I-XXI) from the standard HS chapter->section "
        "correspondence written in the builder; join table hs_chapters for chapter and section names.",
        "quantity_t sums the HS6 lines that report a quantity; 449 of 43,494 HS6 lines have none (mostly "
        "electricity 271600, which has no weight, and a few machinery/precious-metal lines), so a "
        "chapter's tonnage may omit them. quantity_t is empty only when no line of the chapter has one.",
    ),
))

HS_CHAPTERS = register(Table(
    name="hs_chapters",
    title="HS chapters and sections (labels)",
    description="Lookup of the 96 HS chapters (01-97, chapter 77 reserved) with their section and short English names, for labelling charts of trade_by_product.",
    columns=(
        Column("hs_chapter", "str", "HS chapter, 2 digits zero-padded", pattern=r"^\d{2}$"),
        Column("hs_section", "str", "HS section, Roman numeral I-XXI", allowed=SECTION_CODES),
        Column("chapter_name", "str", "Short English chapter name (Atlas product_name_short)"),
        Column("section_name", "str", "Short English section name"),
    ),
    key=("hs_chapter",),
    sources=("atlas_product_hs92",),
    notes=(
        "chapter_name is the Atlas of Economic Complexity HS92 `product_name_short` of the level-2 "
        "(chapter) products; two misspellings are corrected ('Diary products' -> 'Dairy products', "
        "'Manufactues' -> 'Manufactures'). Atlas chapter '99' (Other) is left out: it is no HS section.",
        "hs_section and section_name follow the World Customs Organization's Harmonized System (21 "
        "sections); the section names are shortened by the builder.",
    ),
))

TRADE_TOTALS = register(Table(
    name="trade_totals",
    title="Total goods exports and imports by country",
    description=(
        "Each country's total goods exports and imports. `atlas` covers every country 1988-2024; Russia's "
        "own customs totals (`fcs_russia`), its IMF DOTS totals (`imf_dots_russia`) and the IMF mirror "
        "totals seen by its partners (`imf_dots_world_mirror`) are added for Russia only."
    ),
    columns=(
        Column("year", "int", "Calendar year", min=1980, max=2030),
        iso3("country", "Reporting country (ISO3, or a former ISO code for dissolved states)"),
        Column("exports_usd", "float", "Total goods exports", unit="current US dollars", min=0, nullable=True),
        Column("imports_usd", "float", "Total goods imports", unit="current US dollars", min=0, nullable=True),
        Column("source", "str", "Producer (and reporter)", allowed=TOTALS_SOURCES),
    ),
    key=("year", "country", "source"),
    sources=("atlas_country_year_hs92", "atlas_location_country", "atlas_hs92_data_dictionary",
             "russia_fcs_annual_partners", "imf_dots_russia_exports_2023", "imf_dots_world_exports_2023"),
    notes=(
        "For an all-country panel filter source == 'atlas' (one row per country-year; never empty).",
        "`atlas`: Growth Lab Atlas HS92 country-year file; export_value/import_value are current USD "
        "(data dictionary). The file has no 1993 and 1994. Codes not valid ISO 3166 are dropped: "
        "'ANS' (Undeclared countries, including a negative import value in 2020). Dissolved states keep "
        "their former ISO 3166-1 codes (ISO 3166-3): ANT, CSK, PCI, SCG, YMD, YUG.",
        "`fcs_russia`: Russia's customs totals ('Экспорт', 'Импорт', million USD x 1e6) from 94itog.xlsx, 1994-2021.",
        "`imf_dots_russia`: the 'World' row of IMF DOTS with Russia as reporter (US$ million x 1e6): "
        "exports 2011-2023, imports 2011-2022 (imports_usd is empty in 2023: the file has no 2023 imports). "
        "2022-2023 are IMF estimates: Russia stopped reporting.",
        "`imf_dots_world_mirror`: Russia's trade as reported by all its partners (IMF DOTS, World as "
        "reporter): exports_usd = world imports from Russia (CIF, 2011-2022; empty in 2023), imports_usd = "
        "world exports to Russia (FOB, 2011-2023).",
    ),
))

TRADE_PARTNER_SHARES = register(Table(
    name="trade_partner_shares",
    title="Partner shares of a country's exports, imports and total trade",
    description=(
        "share = trade of `country` with `partner` / `country`'s total trade, for flow exports, imports "
        "or total (exports + imports). Computed from trade_bilateral_annual and trade_totals and from "
        "the partner breakdowns of IMF DOTS and Russia's customs."
    ),
    columns=(
        Column("year", "int", "Calendar year", min=1990, max=2030),
        iso3("country", "Country whose trade is divided"),
        iso3("partner", "Partner country"),
        Column("share", "float", "Partner's share of the country's flow", unit="fraction 0-1", min=0, max=1),
        Column("flow", "str", "exports, imports, or total (exports + imports)", allowed=FLOWS),
        Column("source", "str", "'<numerator source>/<denominator source>', or one source for both", allowed=SHARE_SOURCES),
    ),
    key=("year", "country", "partner", "flow", "source"),
    sources=("comtrade_china_imports_from_russia", "panel_monthly_var", "russia_fcs_monthly_partners",
             "russia_fcs_annual_partners", "imf_dots_russia_exports_2023", "baci_russia_china_hs6",
             "atlas_country_year_hs92"),
    notes=(
        "'<s>/atlas' rows (China-Russia only): a bilateral flow of source <s> from trade_bilateral_annual "
        "divided by the Atlas total of the country (trade_totals, source 'atlas'): China's share of "
        "Russia's trade (country RUS, partner CHN) and Russia's share of China's (country CHN, partner RUS). "
        "Numerator and denominator come from different producers, so shares are indicative.",
        "`comtrade_china/atlas` uses only China's imports from Russia (raw Comtrade): flow exports for RUS "
        "and imports for CHN. `comtrade_china_processed/atlas` holds every share that uses the author-processed "
        "China->Russia series: flow imports for RUS, exports for CHN, and total (which adds the raw Comtrade "
        "Russia->China flow).",
        "`imf_dots_russia`: share of Russia's exports (2011-2023) / imports (2011-2022) / total (2011-2022) "
        "going to / coming from every partner country in the IMF DOTS file, divided by the file's 'World' "
        "row (both Russia-reported). Regional aggregates and 'Countries & Areas not specified' are not "
        "partners; unspecified exports were large in 2011 (86.6 bn of 503 bn USD), so 2011 shares understate.",
        "`fcs_russia`: Russia's trade with each of the 29 partners of the FCS monthly file (annual sums of "
        "complete years only: Kazakhstan 2010 lacks July-December and is left out) divided by Russia's "
        "FCS totals from 94itog.xlsx, 2006-2021 (both Russian customs). The two FCS files agree: the "
        "monthly file's annual sums for Belarus, Kazakhstan and Uzbekistan match the annual file's CIS rows. "
        "The 29 partners cover about 79-88% of Russia's trade, so the shares do not sum to 1.",
        "Shares are rounded to 8 decimals.",
        "2022-2023 IMF values for Russia are IMF estimates (Russia stopped reporting).",
    ),
))

# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------
MONTHS_RU = {"январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
             "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12}
# Latin letters that FCS tables put inside Russian words ('Китaй' has a Latin 'a')
_HOMOGLYPHS = str.maketrans("aeopcxyAEOPCXHKMTB", "аеорсхуАЕОРСХНКМТВ")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
FCS_EXTRA = {"чешская республика": "CZE"}

IMF_AGGREGATES = {
    "world", "advanced economies", "euro area", "european union", "emerging and developing economies",
    "emerging and developing asia", "emerging and developing europe", "middle east and central asia",
    "middle east", "sub-saharan africa", "western hemisphere", "africa", "africa not specified",
    "asia not specified", "europe not specified", "western hemisphere not specified",
    "middle east and central asia not specified", "countries & areas not specified",
    "other countries not included elsewhere", "special categories", "memorandum items", "belgium-luxembourg",
    "emerging market and developing economies by source of export earnings: fuel",
    "emerging market and developing economies by source of export earnings: nonfuel",
}
IMF_EXTRA = {
    "afghanistan, islamic rep. of": "AFG", "armenia, rep. of": "ARM", "aruba, kingdom of the netherlands": "ABW",
    "azerbaijan, rep. of": "AZE", "bahrain, kingdom of": "BHR", "belarus, rep. of": "BLR",
    "central african rep.": "CAF", "china, p.r.: hong kong": "HKG", "china, p.r.: macao": "MAC",
    "china, p.r.: mainland": "CHN", "comoros, union of the": "COM", "congo, dem. rep. of the": "COD",
    "congo, rep. of": "COG", "croatia, rep. of": "HRV", "czech rep.": "CZE", "dominican rep.": "DOM",
    "egypt, arab rep. of": "EGY", "equatorial guinea, rep. of": "GNQ", "eritrea, the state of": "ERI",
    "estonia, rep. of": "EST", "eswatini, kingdom of": "SWZ", "ethiopia, the federal dem. rep. of": "ETH",
    "fiji, rep. of": "FJI", "holy see": "VAT", "iran, islamic rep. of": "IRN", "kazakhstan, rep. of": "KAZ",
    "korea, dem. people's rep. of": "PRK", "korea, rep. of": "KOR", "kyrgyz rep.": "KGZ",
    "lao people's dem. rep.": "LAO", "lesotho, kingdom of": "LSO", "madagascar, rep. of": "MDG",
    "marshall islands, rep. of the": "MHL", "mauritania, islamic rep. of": "MRT", "moldova, rep. of": "MDA",
    "mozambique, rep. of": "MOZ", "nauru, rep. of": "NRU", "netherlands, the": "NLD",
    "north macedonia, republic of": "MKD", "palau, rep. of": "PLW", "poland, rep. of": "POL",
    "san marino, rep. of": "SMR", "serbia, rep. of": "SRB", "sint maarten, kingdom of the netherlands": "SXM",
    "slovak rep.": "SVK", "slovenia, rep. of": "SVN", "south sudan, rep. of": "SSD", "st. kitts and nevis": "KNA",
    "st. vincent and the grenadines": "VCT", "syrian arab rep.": "SYR", "são tomé and príncipe, dem. rep. of": "STP",
    "taiwan province of china": "TWN", "tajikistan, rep. of": "TJK", "tanzania, united rep. of": "TZA",
    "timor-leste, dem. rep. of": "TLS", "türkiye, rep of": "TUR", "uzbekistan, rep. of": "UZB",
    "venezuela, rep. bolivariana de": "VEN", "yemen, rep. of": "YEM", "russian federation": "RUS",
    # names only in the World file (former countries keep their former ISO codes)
    "kosovo, rep. of": "XKX", "curaçao, kingdom of the netherlands": "CUW", "netherlands antilles": "ANT",
    "yugoslavia": "YUG", "czechoslovakia": "CSK",
}


def _fold(text: str) -> str:
    """Replace Latin look-alike letters by Cyrillic ones in a Russian label; collapse whitespace."""
    s = " ".join(str(text).split())
    return s.translate(_HOMOGLYPHS) if _CYRILLIC.search(s) else s


def _usd(values: pd.Series, factor: float) -> pd.Series:
    """Convert thousands/millions/billions to US dollars, rounded to the cent (removes float noise)."""
    return (values.astype("float64") * factor).round(2)


def _read_sheets(src: Sources, dataset_id: str, sheets: list[str]) -> dict[str, pd.DataFrame]:
    path = src.path(dataset_id)
    try:
        book = pd.ExcelFile(path)
    except Exception as exc:  # noqa: BLE001 — any unreadable workbook is format drift
        raise RawFormatError(f"Raw file {src.label(dataset_id)} could not be opened as Excel by builder {src.builder_name}: {exc}") from None
    missing = [s for s in sheets if s not in book.sheet_names]
    if missing:
        raise RawFormatError(
            f"Raw file {src.label(dataset_id)} lacks sheet(s) {missing} that builder {src.builder_name} needs "
            f"(found: {book.sheet_names}). The upstream format changed: update the builder."
        )
    return {s: pd.read_excel(book, sheet_name=s, header=None) for s in sheets}


def _find_cell(df: pd.DataFrame, pattern: str, *, rows: int = 12) -> tuple[int, int] | None:
    rx = re.compile(pattern, re.IGNORECASE)
    for i in range(min(rows, len(df))):
        for j in range(df.shape[1]):
            v = df.iat[i, j]
            if isinstance(v, str) and rx.search(" ".join(v.split())):
                return i, j
    return None


def _require_cell(df: pd.DataFrame, pattern: str, *, label: str, sheet: str, what: str, rows: int = 12) -> tuple[int, int]:
    hit = _find_cell(df, pattern, rows=rows)
    if hit is None:
        raise RawFormatError(
            f"Raw file {label}, sheet '{sheet}': no cell matching {what} ('{pattern}') in its first {rows} rows. "
            f"The upstream format changed (units or layout): update builder trade."
        )
    return hit


def _complete_years(monthly: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Annual sums of monthly values, only for (keys, year) groups with all 12 months."""
    m = monthly.assign(year=monthly["month"].dt.year)
    g = m.groupby(keys + ["year"], sort=True)["value_usd"].agg(["sum", "count"]).reset_index()
    g = g[g["count"] == 12]
    return g.drop(columns="count").rename(columns={"sum": "value_usd"}).assign(value_usd=lambda d: d["value_usd"].round(2))


# --------------------------------------------------------------------------------------------------
# Readers (one per raw file)
# --------------------------------------------------------------------------------------------------
def _read_comtrade(src: Sources) -> pd.DataFrame:
    did = "comtrade_china_imports_from_russia"
    cols = ["freqCode", "refYear", "refMonth", "reporterCode", "flowCode", "partnerCode", "cmdCode", "primaryValue"]
    df = read_csv(src, did, required=cols, dtype={"cmdCode": str, "flowCode": str, "freqCode": str})
    bad = df[(df["reporterCode"] != 156) | (df["partnerCode"] != 643) | (df["flowCode"] != "M")
             | (df["freqCode"] != "M") | (df["cmdCode"] != "TOTAL")]
    if len(bad):
        raise RawFormatError(
            f"Raw file {src.label(did)}: expected only China (156) monthly total imports (M, TOTAL) from Russia (643); "
            f"found other rows, e.g. {bad[cols].head(3).to_dict('records')}. Update builder trade."
        )
    month = pd.to_datetime(dict(year=df["refYear"], month=df["refMonth"], day=1))
    if month.duplicated().any():
        raise RawFormatError(f"Raw file {src.label(did)}: several rows for month(s) {sorted(set(month[month.duplicated()].dt.strftime('%Y-%m')))}.")
    if df["primaryValue"].isna().any():
        raise RawFormatError(f"Raw file {src.label(did)}: column 'primaryValue' has empty cells.")
    return pd.DataFrame({"month": month.astype("datetime64[ns]"), "exporter": "RUS", "importer": "CHN",
                         "value_usd": _usd(df["primaryValue"], 1.0), "source": "comtrade_china"})


def _read_panel(src: Sources) -> pd.DataFrame:
    did = "panel_monthly_var"
    df = read_csv(src, did, required=["date", "CHN_exp_to_RUS_bn"])
    month = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
    if month.isna().any() or (month.dt.day != 1).any():
        raise RawFormatError(f"Raw file {src.label(did)}: column 'date' must hold first-of-month dates YYYY-MM-01.")
    val = pd.to_numeric(df["CHN_exp_to_RUS_bn"], errors="coerce")
    keep = val.notna()
    return pd.DataFrame({"month": month[keep].astype("datetime64[ns]"), "exporter": "CHN", "importer": "RUS",
                         "value_usd": _usd(val[keep], 1e9), "source": "comtrade_china_processed"})


def _read_fcs_monthly(src: Sources) -> pd.DataFrame:
    """Long frame: month, flow ('exports'/'imports' of Russia), partner (ISO3), value_usd."""
    did = "russia_fcs_monthly_partners"
    label = src.label(did)
    sheets = _read_sheets(src, did, ["Экспорт", "Импорт"])
    out = []
    for sheet, flow in (("Экспорт", "exports"), ("Импорт", "imports")):
        d = sheets[sheet]
        _require_cell(d, r"млн\s+долл", label=label, sheet=sheet, what="the unit 'млн долларов США' (million USD)")
        hi, _ = _require_cell(d, r"^Кит[аa]й$", label=label, sheet=sheet, what="the partner header row (China column)", rows=15)
        partners = {}
        for j in range(1, d.shape[1]):
            name = d.iat[hi, j]
            if isinstance(name, str) and name.strip():
                partners[j] = to_iso3(_fold(name), extra=FCS_EXTRA, source=f"{label} sheet '{sheet}'")
        if len(set(partners.values())) != len(partners):
            raise RawFormatError(f"Raw file {label}, sheet '{sheet}': two partner columns map to the same country: {partners}.")
        year = None
        for i in range(hi + 1, len(d)):
            lab = d.iat[i, 0]
            if pd.isna(lab):
                continue
            lab = str(lab).strip()
            if re.fullmatch(r"\d{4}(\.0)?", lab):
                year = int(float(lab))
                continue
            m = MONTHS_RU.get(lab.lower())
            if m is None or year is None:
                raise RawFormatError(f"Raw file {label}, sheet '{sheet}': unexpected row label '{lab}' at row {i + 1} (want a year or a Russian month name).")
            for j, iso in partners.items():
                v = d.iat[i, j]
                if isinstance(v, str):
                    if v.strip() in ("…", "...", ""):
                        continue  # gap: missing, not zero
                    raise RawFormatError(f"Raw file {label}, sheet '{sheet}': non-numeric cell '{v}' at row {i + 1}, column {j + 1}.")
                if pd.isna(v):
                    continue
                out.append((pd.Timestamp(year=year, month=m, day=1), flow, iso, float(v)))
    df = pd.DataFrame(out, columns=["month", "flow", "partner", "value_musd"])
    if df.duplicated(["month", "flow", "partner"]).any():
        raise RawFormatError(f"Raw file {label}: a month appears twice in a sheet.")
    df["month"] = df["month"].astype("datetime64[ns]")
    df["value_usd"] = _usd(df.pop("value_musd"), 1e6)
    return df


def _read_fcs_annual_totals(src: Sources) -> pd.DataFrame:
    """Russia's total exports and imports (FCS) per year from the one-sheet-per-year file 94itog.xlsx."""
    did = "russia_fcs_annual_partners"
    label = src.label(did)
    book = pd.ExcelFile(src.path(did))
    years = [s for s in book.sheet_names if re.fullmatch(r"\d{4}", s.strip())]
    if not years:
        raise RawFormatError(f"Raw file {label}: no sheet named by a year (found {book.sheet_names}). Update builder trade.")
    rows = []
    for s in years:
        d = pd.read_excel(book, sheet_name=s, header=None)
        _require_cell(d, r"млн\s+долл", label=label, sheet=s, what="the unit 'млн долларов США' (million USD)")
        labels = d[0].map(lambda v: str(v).strip() if pd.notna(v) else "")
        vals = {}
        for key, ru in (("exports", "Экспорт"), ("imports", "Импорт")):
            hit = labels.index[labels == ru]
            if len(hit) != 1:
                raise RawFormatError(f"Raw file {label}, sheet '{s}': expected one row '{ru}' in column A, found {len(hit)}.")
            v = pd.to_numeric(d.iat[hit[0], 1], errors="coerce")
            if pd.isna(v):
                raise RawFormatError(f"Raw file {label}, sheet '{s}': row '{ru}' has no numeric value in column B.")
            vals[key] = float(v)
        rows.append((int(s), vals["exports"] * 1e6, vals["imports"] * 1e6))
    return pd.DataFrame(rows, columns=["year", "exports_usd", "imports_usd"])


def _read_imf(src: Sources, did: str, sheet: str, reporter: str) -> pd.DataFrame:
    """Long frame from an IMF DOTS partner sheet: name, iso3 (None for aggregates), year, value_usd."""
    label = src.label(did)
    d = _read_sheets(src, did, [sheet])[sheet]
    _require_cell(d, r"^US Dollars, Millions$", label=label, sheet=sheet, what="the unit 'US Dollars, Millions'")
    _require_cell(d, rf"^{re.escape(reporter)}$", label=label, sheet=sheet, what=f"the reporter '{reporter}'")
    hdr = None
    for i in range(min(15, len(d))):
        cells = pd.to_numeric(d.iloc[i, 2:], errors="coerce")
        if cells.notna().sum() >= 5 and cells.dropna().between(1950, 2100).all():
            hdr = i
            break
    if hdr is None:
        raise RawFormatError(f"Raw file {label}, sheet '{sheet}': no header row of years (expected at row 7). Update builder trade.")
    years = {j: int(float(d.iat[hdr, j])) for j in range(2, d.shape[1]) if pd.notna(d.iat[hdr, j])}
    out = []
    for i in range(hdr + 1, len(d)):
        name = d.iat[i, 1]
        if not isinstance(name, str) or not name.strip():
            continue
        name = " ".join(name.split())
        if name.lower() == "memorandum items":
            break  # only regional aggregates below
        iso = None if name.lower() in IMF_AGGREGATES else to_iso3(name, extra=IMF_EXTRA, source=f"{label} sheet '{sheet}'")
        for j, y in years.items():
            v = pd.to_numeric(d.iat[i, j], errors="coerce")
            if pd.notna(v):
                out.append((name, iso, y, float(v)))
    df = pd.DataFrame(out, columns=["name", "iso3", "year", "value_musd"])
    # the sheets repeat one partner (Australia) above 'World' with identical values: drop exact repeats only
    df = df.drop_duplicates(["name", "year", "value_musd"]).reset_index(drop=True)
    world = df[df["name"] == "World"]
    if world.empty:
        raise RawFormatError(f"Raw file {label}, sheet '{sheet}': no 'World' row.")
    dup = df.dropna(subset=["iso3"]).duplicated(["iso3", "year"])
    if dup.any():
        raise RawFormatError(f"Raw file {label}, sheet '{sheet}': two rows map to the same country: {df.dropna(subset=['iso3'])[dup].head(3).to_dict('records')}.")
    df["value_usd"] = _usd(df.pop("value_musd"), 1e6)
    return df


def _read_baci(src: Sources) -> pd.DataFrame:
    did = "baci_russia_china_hs6"
    df = read_csv(src, did, required=["t", "i", "j", "k", "v", "q"], dtype={"k": str})
    codes = {156: "CHN", 643: "RUS"}
    bad = ~df["i"].isin(list(codes)) | ~df["j"].isin(list(codes)) | (df["i"] == df["j"])
    if bad.any():
        raise RawFormatError(f"Raw file {src.label(did)}: columns 'i'/'j' must be 156 (China) or 643 (Russia); found {df.loc[bad, ['i', 'j']].drop_duplicates().head(5).values.tolist()}.")
    k = df["k"].str.strip()
    badk = ~k.str.fullmatch(r"\d{4,6}")
    if badk.any():
        raise RawFormatError(f"Raw file {src.label(did)}: column 'k' must be an HS6 code (4-6 digits before zero-padding); found {k[badk].head(5).tolist()}.")
    if df["v"].isna().any() or (df["v"] < 0).any():
        raise RawFormatError(f"Raw file {src.label(did)}: column 'v' has empty or negative values.")
    hs6 = k.str.zfill(6)
    return pd.DataFrame({"year": df["t"].astype("int64"), "exporter": df["i"].map(codes), "importer": df["j"].map(codes),
                         "hs6": hs6, "hs_chapter": hs6.str[:2], "v_kusd": df["v"].astype("float64"), "q_t": df["q"].astype("float64")})


def _read_atlas_totals(src: Sources) -> pd.DataFrame:
    dic = read_csv(src, "atlas_hs92_data_dictionary", required=["column_name", "description"])
    for col in ("export_value", "import_value"):
        desc = dic.loc[dic["column_name"] == col, "description"]
        if desc.empty or "current usd" not in str(desc.iloc[0]).lower():
            raise RawFormatError(
                f"Raw file {src.label('atlas_hs92_data_dictionary')}: column '{col}' is no longer described as "
                f"'current USD' ({desc.tolist()}); check the units and update builder trade."
            )
    loc = read_csv(src, "atlas_location_country", required=["country_iso3_code", "country_name"], keep_default_na=False)
    df = read_csv(src, "atlas_country_year_hs92", required=["country_iso3_code", "year", "export_value", "import_value"],
                  keep_default_na=False, na_values=[""])
    unknown = sorted(set(df["country_iso3_code"]) - set(loc["country_iso3_code"]))
    if unknown:
        raise RawFormatError(f"Raw file {src.label('atlas_country_year_hs92')}: codes {unknown} are not in {src.label('atlas_location_country')}.")

    def valid(code: str) -> bool:
        return (pycountry.countries.get(alpha_3=code) is not None or code in AGGREGATES or code == "XKX"
                or pycountry.historic_countries.get(alpha_3=code) is not None)

    codes = df["country_iso3_code"].astype(str)
    keep = codes.map(valid)
    out = pd.DataFrame({"year": df["year"].astype("int64"), "country": codes,
                        "exports_usd": df["export_value"].astype("float64"), "imports_usd": df["import_value"].astype("float64"),
                        "source": "atlas"})[keep.to_numpy()]
    if out[["exports_usd", "imports_usd"]].isna().any().any():
        raise RawFormatError(f"Raw file {src.label('atlas_country_year_hs92')}: empty export_value/import_value cells.")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Shares
# --------------------------------------------------------------------------------------------------
def _series(annual: pd.DataFrame, source: str, exporter: str, importer: str) -> pd.Series:
    s = annual[(annual["source"] == source) & (annual["exporter"] == exporter) & (annual["importer"] == importer)]
    return s.set_index("year")["value_usd"]


def _share_rows(num: pd.Series, den: pd.Series, country: str, partner: str, flow: str, source: str) -> pd.DataFrame:
    j = pd.concat({"num": num, "den": den}, axis=1, join="inner").dropna()
    j = j[j["den"] > 0]
    return pd.DataFrame({"year": j.index.astype("int64"), "country": country, "partner": partner,
                         "share": (j["num"] / j["den"]).round(8).to_numpy(), "flow": flow, "source": source})


def _atlas_shares(annual: pd.DataFrame, atlas: pd.DataFrame) -> list[pd.DataFrame]:
    tot = {c: atlas[atlas["country"] == c].set_index("year") for c in _PAIR}
    parts = []
    for s in BILATERAL_SOURCES:
        slug = f"{s}/atlas"
        for exp, imp in (("RUS", "CHN"), ("CHN", "RUS")):
            v = _series(annual, s, exp, imp)
            if v.empty:
                continue
            parts.append(_share_rows(v, tot[exp]["exports_usd"], exp, imp, "exports", slug))
            parts.append(_share_rows(v, tot[imp]["imports_usd"], imp, exp, "imports", slug))
    for slug, (s_rc, s_cr) in ATLAS_TOTAL_PAIRS.items():
        both = pd.concat({"rc": _series(annual, s_rc, "RUS", "CHN"), "cr": _series(annual, s_cr, "CHN", "RUS")}, axis=1, join="inner")
        trade = both["rc"] + both["cr"]
        for c, p in (("RUS", "CHN"), ("CHN", "RUS")):
            parts.append(_share_rows(trade, tot[c]["exports_usd"] + tot[c]["imports_usd"], c, p, "total", slug))
    return parts


def _partner_shares(exp: pd.DataFrame, imp: pd.DataFrame, exp_world: pd.Series, imp_world: pd.Series, source: str) -> list[pd.DataFrame]:
    """Russia's shares by partner; exp/imp: year, partner, value_usd (countries only)."""
    parts = []
    e = exp.pivot(index="year", columns="partner", values="value_usd")
    i = imp.pivot(index="year", columns="partner", values="value_usd")
    for p in sorted(set(e.columns) | set(i.columns)):
        if p in e:
            parts.append(_share_rows(e[p], exp_world, "RUS", p, "exports", source))
        if p in i:
            parts.append(_share_rows(i[p], imp_world, "RUS", p, "imports", source))
        if p in e and p in i:
            parts.append(_share_rows(e[p] + i[p], exp_world + imp_world, "RUS", p, "total", source))
    return parts


# --------------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------------
@builder(reads=["atlas_product_hs92"], tables=[HS_CHAPTERS])
def build_hs_chapters(src: Sources) -> dict[str, pd.DataFrame]:
    """HS chapter labels from the Atlas HS92 product classification plus the HS section correspondence."""
    did = "atlas_product_hs92"
    p = read_csv(src, did, required=["product_hs92_code", "product_level", "product_name_short"],
                 dtype={"product_hs92_code": str, "product_level": str})
    ch = p[p["product_level"].str.strip() == "2"].copy()
    ch["hs_chapter"] = ch["product_hs92_code"].str.strip().str.zfill(2)
    if ch.empty or not ch["hs_chapter"].str.fullmatch(r"\d{2}").all():
        raise RawFormatError(f"Raw file {src.label(did)}: no 2-digit chapters at product_level 2. Update builder trade.")
    ch = ch[ch["hs_chapter"].astype(int) <= 97]
    expected = {f"{n:02d}" for n in range(1, 98)} - {f"{n:02d}" for n in RESERVED_CHAPTERS}
    missing = sorted(expected - set(ch["hs_chapter"]))
    if missing:
        raise RawFormatError(f"Raw file {src.label(did)}: HS chapters {missing} are missing at product_level 2.")
    names = ch["product_name_short"].str.strip().replace(ATLAS_NAME_FIXES)
    sec = ch["hs_chapter"].map(hs_section_of)
    return {"hs_chapters": pd.DataFrame({"hs_chapter": ch["hs_chapter"], "hs_section": sec, "chapter_name": names,
                                         "section_name": sec.map(SECTION_NAMES)}).reset_index(drop=True)}


TRADE_READS = ["comtrade_china_imports_from_russia", "panel_monthly_var", "russia_fcs_monthly_partners",
               "russia_fcs_annual_partners", "imf_dots_russia_exports_2023", "imf_dots_world_exports_2023",
               "baci_russia_china_hs6", "atlas_country_year_hs92", "atlas_location_country", "atlas_hs92_data_dictionary"]


@builder(reads=TRADE_READS, tables=[TRADE_BILATERAL_ANNUAL, TRADE_BILATERAL_MONTHLY, TRADE_BY_PRODUCT, TRADE_TOTALS, TRADE_PARTNER_SHARES])
def build_trade(src: Sources) -> dict[str, pd.DataFrame]:
    """China–Russia bilateral trade (Comtrade, FCS, IMF DOTS, BACI), by HS chapter, totals and partner shares."""
    # ---- monthly ----
    comtrade = _read_comtrade(src)
    panel = _read_panel(src)
    fcs = _read_fcs_monthly(src)
    fcs_chn = fcs[fcs["partner"] == "CHN"]
    fcs_pair = pd.DataFrame({
        "month": fcs_chn["month"],
        "exporter": np.where(fcs_chn["flow"] == "exports", "RUS", "CHN"),
        "importer": np.where(fcs_chn["flow"] == "exports", "CHN", "RUS"),
        "value_usd": fcs_chn["value_usd"], "source": "fcs_russia"})
    monthly = pd.concat([comtrade, panel, fcs_pair], ignore_index=True)

    # ---- annual ----
    keys = ["exporter", "importer", "source"]
    annual_parts = [_complete_years(monthly, keys)]

    imf_exp = _read_imf(src, "imf_dots_russia_exports_2023", "Exports, FOB", "Russian Federation")
    imf_imp = _read_imf(src, "imf_dots_russia_exports_2023", "Imports, CIF", "Russian Federation")
    for frame, exporter, importer in ((imf_exp, "RUS", "CHN"), (imf_imp, "CHN", "RUS")):
        c = frame[frame["iso3"] == "CHN"]
        annual_parts.append(pd.DataFrame({"year": c["year"], "exporter": exporter, "importer": importer,
                                          "value_usd": c["value_usd"], "source": "imf_dots_russia"}))

    baci = _read_baci(src)
    b_annual = baci.groupby(["year", "exporter", "importer"], as_index=False)["v_kusd"].sum()
    annual_parts.append(b_annual.assign(value_usd=_usd(b_annual["v_kusd"], 1e3), source="baci").drop(columns="v_kusd"))
    annual = pd.concat(annual_parts, ignore_index=True)[["year", "exporter", "importer", "value_usd", "source"]]
    annual["year"] = annual["year"].astype("int64")

    # ---- by product ----
    g = baci.groupby(["year", "exporter", "importer", "hs_chapter"], as_index=False).agg(
        v=("v_kusd", "sum"), q=("q_t", lambda s: s.sum(min_count=1)))
    by_product = pd.DataFrame({"year": g["year"], "exporter": g["exporter"], "importer": g["importer"],
                               "hs_section": g["hs_chapter"].map(hs_section_of), "hs_chapter": g["hs_chapter"],
                               "value_usd": _usd(g["v"], 1e3), "quantity_t": g["q"].round(3), "source": "baci"})

    # ---- totals ----
    atlas = _read_atlas_totals(src)
    fcs_tot = _read_fcs_annual_totals(src)
    world_of = lambda f: f[f["name"] == "World"].set_index("year")["value_usd"]  # noqa: E731
    imf_rus = pd.concat({"exports_usd": world_of(imf_exp), "imports_usd": world_of(imf_imp)}, axis=1)
    w_exp = _read_imf(src, "imf_dots_world_exports_2023", "Exports, FOB", "World")
    w_imp = _read_imf(src, "imf_dots_world_exports_2023", "Imports, CIF", "World")
    mirror = pd.concat({"exports_usd": w_imp[w_imp["iso3"] == "RUS"].set_index("year")["value_usd"],
                        "imports_usd": w_exp[w_exp["iso3"] == "RUS"].set_index("year")["value_usd"]}, axis=1)
    if mirror.empty:
        raise RawFormatError(f"Raw file {src.label('imf_dots_world_exports_2023')}: no 'Russian Federation' partner row.")
    totals = pd.concat([
        atlas,
        fcs_tot.assign(country="RUS", source="fcs_russia"),
        imf_rus.rename_axis("year").reset_index().assign(country="RUS", source="imf_dots_russia"),
        mirror.rename_axis("year").reset_index().assign(country="RUS", source="imf_dots_world_mirror"),
    ], ignore_index=True)[["year", "country", "exports_usd", "imports_usd", "source"]]
    totals["year"] = totals["year"].astype("int64")
    for c in ("exports_usd", "imports_usd"):
        totals[c] = totals[c].astype("float64").round(2)

    # ---- partner shares ----
    parts = _atlas_shares(annual, atlas)
    cty = lambda f: f.dropna(subset=["iso3"]).rename(columns={"iso3": "partner"})[["year", "partner", "value_usd"]]  # noqa: E731
    parts += _partner_shares(cty(imf_exp), cty(imf_imp), world_of(imf_exp), world_of(imf_imp), "imf_dots_russia")
    fcs_annual = _complete_years(fcs, ["flow", "partner"])
    ft = fcs_tot.set_index("year")
    parts += _partner_shares(fcs_annual[fcs_annual["flow"] == "exports"], fcs_annual[fcs_annual["flow"] == "imports"],
                             ft["exports_usd"], ft["imports_usd"], "fcs_russia")
    shares = pd.concat(parts, ignore_index=True)
    over = shares[shares["share"] > 1]
    if len(over):
        raise RawFormatError(f"Computed partner shares above 1 (numerator larger than the total): {over.head(5).to_dict('records')}.")

    return {
        "trade_bilateral_monthly": monthly,
        "trade_bilateral_annual": annual,
        "trade_by_product": by_product,
        "trade_totals": totals,
        "trade_partner_shares": shares,
    }
