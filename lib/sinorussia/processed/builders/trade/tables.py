"""The five tables `build_trade` returns: their columns, keys, raw files and notes, and the source slugs."""

from __future__ import annotations

from ...registry import Column, Table, iso3, register
from .bases import BASIS_LABELS, SHARE_SLUGS
from .hs import SECTION_CODES

# --------------------------------------------------------------------------------------------------
# Source slugs
# --------------------------------------------------------------------------------------------------
BILATERAL_SOURCES = ("baci", "comtrade_china", "comtrade_china_processed", "fcs_russia", "imf_dots_russia")
TOTALS_SOURCES = ("atlas", "fcs_russia", "gacc_release", "imf_dots_russia", "imf_dots_world_mirror")
# the share slugs and their reporting bases are declared in bases.py
FLOWS = ("exports", "imports", "total")

# --------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------
_PAIR = ("CHN", "RUS")

TRADE_BILATERAL_ANNUAL = register(
    Table(
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
        sources=(
            "comtrade_china_imports_from_russia",
            "panel_monthly_var",
            "russia_fcs_monthly_partners",
            "imf_dots_russia_exports_2023",
            "baci_russia_china_hs6",
        ),
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
    )
)

TRADE_BILATERAL_MONTHLY = register(
    Table(
        name="trade_bilateral_monthly",
        title="China–Russia goods trade, monthly, by reporter",
        description="Monthly value of goods shipped from `exporter` to `importer` (China and Russia) as reported by China's customs (Comtrade) and Russia's customs (FCS).",
        columns=(
            Column("month", "date", "First day of the month"),
            iso3("exporter", "Exporting country (CHN or RUS)", allowed=_PAIR),
            iso3("importer", "Importing country (CHN or RUS)", allowed=_PAIR),
            Column("value_usd", "float", "Value of goods trade in the month", unit="current US dollars", min=0),
            Column(
                "source",
                "str",
                "Producer and reporter",
                allowed=("comtrade_china", "comtrade_china_processed", "fcs_russia"),
            ),
        ),
        key=("month", "exporter", "importer", "source"),
        sources=("comtrade_china_imports_from_russia", "panel_monthly_var", "russia_fcs_monthly_partners"),
        notes=(
            "`comtrade_china` (Russia->China, China's imports CIF) 2017-01..2024-12 from UN Comtrade with China as reporter.",
            "`comtrade_china_processed` (China->Russia) 2017-01..2024-12 from the author-processed panel "
            "panel_monthly_var (bn USD x 1e9); its raw Comtrade file is not public here.",
            "`fcs_russia` (both directions) 2006-01..2021-12 from Russia's customs (96stran.xlsx, million USD x 1e6).",
        ),
    )
)

TRADE_BY_PRODUCT = register(
    Table(
        name="trade_by_product",
        title="China–Russia goods trade by HS chapter (BACI)",
        description="CEPII BACI bilateral flows between China and Russia aggregated from HS6 (HS92) to HS chapters, both directions, 2017–2023.",
        columns=(
            Column("year", "int", "Calendar year", min=1990, max=2030),
            iso3("exporter", "Exporting country (CHN or RUS)", allowed=_PAIR),
            iso3("importer", "Importing country (CHN or RUS)", allowed=_PAIR),
            Column(
                "hs_section",
                "str",
                "HS section as a Roman numeral I-XXI (names in table hs_chapters)",
                allowed=SECTION_CODES,
            ),
            Column("hs_chapter", "str", "HS chapter, 2 digits zero-padded ('01'..'97')", pattern=r"^\d{2}$"),
            Column("value_usd", "float", "Value of the chapter's trade", unit="current US dollars", min=0),
            Column(
                "quantity_t",
                "float",
                "Quantity summed over the chapter's HS6 lines that report one",
                unit="tonnes",
                min=0,
                nullable=True,
            ),
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
    )
)

TRADE_TOTALS = register(
    Table(
        name="trade_totals",
        title="Total goods exports and imports by country",
        description=(
            "Each country's total goods exports and imports for calendar years. `atlas` covers every country "
            "1988-2024; Russia's own customs totals (`fcs_russia`, 1994-2023), its IMF DOTS totals "
            "(`imf_dots_russia`) and the IMF mirror totals seen by its partners (`imf_dots_world_mirror`) are "
            "added for Russia, and China's own customs totals as published (`gacc_release`) for China."
        ),
        columns=(
            Column("year", "int", "Calendar year", min=1980, max=2030),
            iso3("country", "Reporting country (ISO3, or a former ISO code for dissolved states)"),
            Column("exports_usd", "float", "Total goods exports", unit="current US dollars", min=0, nullable=True),
            Column("imports_usd", "float", "Total goods imports", unit="current US dollars", min=0, nullable=True),
            Column("source", "str", "Producer (and reporter)", allowed=TOTALS_SOURCES),
        ),
        key=("year", "country", "source"),
        sources=(
            "atlas_country_year_hs92",
            "atlas_location_country",
            "atlas_hs92_data_dictionary",
            "russia_fcs_annual_partners",
            "russia_fcs_country_groups_2023",
            "imf_dots_russia_exports_2023",
            "imf_dots_world_exports_2023",
            "curated/official_figures.csv",
        ),
        notes=(
            "For an all-country panel filter source == 'atlas' (one row per country-year; never empty).",
            "`atlas`: Growth Lab Atlas HS92 country-year file; export_value/import_value are current USD "
            "(data dictionary). The file has no 1993 and 1994. Codes not valid ISO 3166 are dropped: "
            "'ANS' (Undeclared countries, including a negative import value in 2020). Dissolved states keep "
            "their former ISO 3166-1 codes (ISO 3166-3): ANT, CSK, PCI, SCG, YMD, YUG.",
            "`fcs_russia`: Russia's customs totals ('Экспорт', 'Импорт', million USD x 1e6) from 94itog.xlsx, "
            "1994-2021, and the 'Весь мир' row of the FCS release by country groups for January-December "
            "2022 and 2023 (страны122023.xlsx, 'млрд. долл. США' x 1e9): 2022 592.5 / 255.3 bn, 2023 425.1 / "
            "285.1 bn (exports / imports). The FCS releases for January-April and January-September 2024 "
            "are partial years and are not here: they are in trade_totals_year_to_date.",
            "`gacc_release`: China's total goods exports and imports in US dollars as China's customs (GACC) "
            "announced them, 2021-2025, from the curated, cited table data/curated/official_figures.csv "
            "(series cn_exports_world, cn_imports_world; the preferred figure where relays differ, see "
            "data/curated/official_figures.md). Published to 0.01 tn (2022 imports to 0.1 tn), so shares "
            "over them carry about ±0.2 % (±2 %) relative rounding. Earlier years: no cited figure, no row. "
            "The Atlas totals for China are lower, its imports by some 19-20 % (2023-2024).",
            "`imf_dots_russia`: the 'World' row of IMF DOTS with Russia as reporter (US$ million x 1e6): "
            "exports 2011-2023, imports 2011-2022 (imports_usd is empty in 2023: the file has no 2023 imports). "
            "2022-2023 are IMF estimates: Russia stopped reporting.",
            "`imf_dots_world_mirror`: Russia's trade as reported by all its partners (IMF DOTS, World as "
            "reporter): exports_usd = world imports from Russia (CIF, 2011-2022; empty in 2023), imports_usd = "
            "world exports to Russia (FOB, 2011-2023).",
        ),
    )
)

TRADE_TOTALS_YEAR_TO_DATE = register(
    Table(
        name="trade_totals_year_to_date",
        title="Total goods exports and imports for part of a year (January to a month)",
        description=(
            "A country's total goods exports and imports from January to `through_month` of `year`, as "
            "released during the year. Never a calendar-year total: annual totals are in trade_totals."
        ),
        columns=(
            Column("year", "int", "Calendar year", min=1990, max=2030),
            Column("through_month", "int", "Last month of the period, which starts in January", min=1, max=11),
            iso3("country", "Reporting country"),
            Column("exports_usd", "float", "Goods exports in the period", unit="current US dollars", min=0),
            Column("imports_usd", "float", "Goods imports in the period", unit="current US dollars", min=0),
            Column("source", "str", "Producer (and reporter)", allowed=("fcs_russia",)),
        ),
        key=("year", "through_month", "country", "source"),
        sources=("russia_fcs_country_groups_2024_04", "russia_fcs_country_groups_2024_09"),
        notes=(
            "`fcs_russia`: the 'Весь мир' row of Russia's customs (FCS) releases by country groups "
            "(billion USD x 1e9): January-April 2023 and 2024 (страны042024.xlsx), January-September 2023 "
            "and 2024 (страны092024.xlsx). Seasonal: a part-year total is not a fraction of the year's.",
        ),
    )
)

TRADE_PARTNER_SHARES = register(
    Table(
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
            Column(
                "source",
                "str",
                "'<numerator source>/<denominator source>', or one source for both",
                allowed=SHARE_SLUGS,
            ),
            Column("numerator_source", "str", "Source(s) of the bilateral flow ('a+b': one per direction)"),
            Column("numerator_reporter", "str", "Who reported the bilateral flow"),
            Column("denominator_source", "str", "Source of the country's total"),
            Column("denominator_reporter", "str", "Who reported the country's total"),
            Column("basis", "str", "Reporting basis of the share (declared in bases.py)", allowed=BASIS_LABELS),
        ),
        key=("year", "country", "partner", "flow", "source"),
        sources=(
            "comtrade_china_imports_from_russia",
            "panel_monthly_var",
            "russia_fcs_monthly_partners",
            "russia_fcs_annual_partners",
            "imf_dots_russia_exports_2023",
            "baci_russia_china_hs6",
            "atlas_country_year_hs92",
            "russia_fcs_country_groups_2023",
            "curated/official_figures.csv",
        ),
        notes=(
            "Reporting basis. Every share names the source and reporter of its numerator and denominator and "
            "a `basis`: 'own report' (both from the country's own customs: `fcs_russia`, and "
            "`comtrade_china*/gacc_release` for China); 'partner-reported flow over own total' (China-reported "
            "flow over Russia's FCS total: `comtrade_china*/fcs_russia`); 'partner-reported' or 'own-reported "
            "flow over Atlas total' (`<s>/atlas`; for Russia the Atlas totals are partner-mirror estimates, "
            "18-24 % below its customs totals in 2022-2023); 'reconciled (BACI) over Atlas' (`baci/atlas`); "
            "'own report via IMF DOTS' (`imf_dots_russia`). Only the pairs declared in bases.py are built; "
            "compare shares across bases with sinorussia.trade.share_range.",
            "`comtrade_china/fcs_russia` and `comtrade_china_processed/fcs_russia` (country RUS, partner CHN; "
            "2017-2023): China-reported trade divided by Russia's own FCS totals (94itog.xlsx to 2021, the FCS "
            "country-group release for 2022-2023). 2022-2023 are the only years after 2021 with Russia's own "
            "denominator; 2017-2021 are for comparison with the own-report `fcs_russia` rows. FCS totals end "
            "in 2023, so these rows do.",
            "`comtrade_china/gacc_release` and `comtrade_china_processed/gacc_release` (country CHN, partner "
            "RUS; 2021-2024): China-reported trade with Russia divided by China's totals as GACC announced "
            "them (trade_totals source `gacc_release`).",
            "'<s>/atlas' rows (China-Russia only): a bilateral flow of source <s> from trade_bilateral_annual "
            "divided by the Atlas total of the country (trade_totals, source 'atlas'): China's share of "
            "Russia's trade (country RUS, partner CHN) and Russia's share of China's (country CHN, partner RUS). "
            "Numerator and denominator come from different producers, so shares are indicative.",
            "`comtrade_china/<d>` uses only China's imports from Russia (raw Comtrade): flow exports for RUS "
            "and imports for CHN. `comtrade_china_processed/<d>` holds every share that uses the author-processed "
            "China->Russia series: flow imports for RUS, exports for CHN, and total (which adds the raw Comtrade "
            "Russia->China flow; numerator_source 'comtrade_china+comtrade_china_processed').",
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
    )
)
