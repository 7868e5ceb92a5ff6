"""Energy: balances, trade flows and China's imports by origin.

Tables
------
energy_balance
    Energy Institute (EI) Statistical Review 2025 country panel: a focused set of production,
    consumption and supply indicators for every country, the EU and the world, 1965-2024.
energy_flows
    Origin -> destination energy trade, annual: the EI 2024 and bp 2021 inter-area trade matrices
    (2023 and 2020), EI's inter-regional pipeline-gas series 2000-2023, China's customs imports by
    origin (annual sums of complete years) and Kpler's Russian crude exports by destination (via CREA).
china_crude_imports_monthly
    China's monthly crude-oil imports by origin (China customs via WIND, republished by CREA).
"""
from __future__ import annotations

import csv
import math
import re

import openpyxl
import pandas as pd

from ...errors import RawFormatError
from ..countries import to_iso3
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources, read_csv

EI_PANEL = "ei_statistical_review_2025_panel"
EI_2024 = "ei_statistical_review_2024"
BP_2021 = "bp_statistical_review_2021"
CUSTOMS_2022 = "china_customs_crude_imports_by_origin"  # CREA commit of Dec 2022: all origins, to 2022-11
CUSTOMS_2023 = "china_customs_imports_russia_2023"  # CREA commit of Mar 2023: Russia only, to 2023-02
KPLER = "kpler_crude_russia_exports"

AREA_PATTERN = r"^([A-Z]{3}|region:[a-z_]+)$"

# --------------------------------------------------------------------------------------------
# energy_balance
# --------------------------------------------------------------------------------------------

# EI panel column -> (unit, meaning). Units follow the column suffixes and EI's sheet headings:
# kbd = "Thousand barrels daily", mt = "Million tonnes", ej = "Exajoules", bcm = "Billion cubic metres".
INDICATORS = {
    "oilprod_kbd": ("kb/d", "oil production incl. crude, shale oil, oil sands, condensates and NGLs ('Oil Production - barrels')"),
    "oilprod_crudecond_kbd": ("kb/d", "crude oil and condensate production, excluding NGLs ('Crude+cond production - barrels')"),
    "oilprod_mt": ("Mt", "oil production in tonnes ('Oil Production - tonnes')"),
    "oilcons_kbd": ("kb/d", "oil consumption ('Oil Consumption - barrels'; excludes biofuels, which EI's 'liquids' consumption adds)"),
    "oilcons_mt": ("Mt", "oil consumption in tonnes ('Oil Consumption - Tonnes')"),
    "gasprod_bcm": ("bcm", "natural gas production ('Gas Production - Bcm'; excludes flared and re-injected gas)"),
    "gascons_bcm": ("bcm", "natural gas consumption ('Gas Consumption - Bcm')"),
    "coalprod_mt": ("Mt", "coal production in tonnes ('Coal Production - mt'; commercial solid fuels)"),
    "coalprod_ej": ("EJ", "coal production in energy terms ('Coal Production - EJ')"),
    "coalcons_ej": ("EJ", "coal consumption in energy terms ('Coal Consumption - EJ')"),
    "tes_ej": ("EJ", "total energy supply ('Total Energy Supply (TES) - EJ'), the 2025 edition's headline primary-energy measure"),
}

ENERGY_BALANCE = register(Table(
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
        iso3("country", "ISO3 code as given in the panel's ISO3166_alpha3 column; EUU = EI 'Total EU' (EU-27), WLD = 'Total World', SUN = USSR"),
        Column("indicator", "str", "EI panel variable name; see the notes for each one's meaning", allowed=tuple(INDICATORS)),
        Column("value", "float", "Value in `unit`", min=0),
        Column("unit", "str", "kb/d = thousand barrels daily, Mt = million tonnes, bcm = billion cubic metres, EJ = exajoules",
               allowed=tuple(sorted({u for u, _ in INDICATORS.values()}))),
        Column("source", "str", "ei_2025 = EI Statistical Review of World Energy 2025 (panel format)", allowed=("ei_2025",)),
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
))


@builder(reads=[EI_PANEL], tables=[ENERGY_BALANCE])
def balance(src: Sources) -> dict[str, pd.DataFrame]:
    """EI Statistical Review 2025 panel -> energy_balance (long format, zeros dropped)."""
    panel = read_csv(src, EI_PANEL, required=["Year", "ISO3166_alpha3", *INDICATORS], encoding="utf-8-sig")
    codes = panel["ISO3166_alpha3"].astype("str").str.strip()
    codes = codes.where(codes != "T-EU", "EUU")
    keep = codes.str.fullmatch(r"[A-Z]{3}") & (codes != "ROW")  # 'ROW' is EI's 'Rest of World', not ISO
    panel = panel.assign(country=codes)[keep]
    long = panel.melt(id_vars=["Year", "country"], value_vars=list(INDICATORS), var_name="indicator", value_name="value")
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    bad = long[long["value"].isna() | (long["value"] < 0)]
    if len(bad):
        raise RawFormatError(
            f"Raw file {src.label(EI_PANEL)}: non-numeric or negative values in {sorted(bad['indicator'].unique())} "
            f"(e.g. {bad.head(3).to_dict('records')}); builder {src.builder_name} expects numbers >= 0."
        )
    long = long[long["value"] != 0]
    out = pd.DataFrame({
        "year": long["Year"].astype("int64"),
        "country": long["country"].astype("str"),
        "indicator": long["indicator"].astype("str"),
        "value": long["value"].astype("float64"),
        "unit": long["indicator"].map(lambda k: INDICATORS[k][0]).astype("str"),
        "source": "ei_2025",
    })
    if out.duplicated(["year", "country", "indicator"]).any():
        dup = out[out.duplicated(["year", "country", "indicator"], keep=False)].head(4).to_dict("records")
        raise RawFormatError(f"Raw file {src.label(EI_PANEL)}: a country-year appears twice ({dup}).")
    return {"energy_balance": out}


# --------------------------------------------------------------------------------------------
# energy_flows and china_crude_imports_monthly
# --------------------------------------------------------------------------------------------

# Areas of the EI/bp trade tables that are not single countries -> slugs.
REGIONS = {
    "s. & cent. america": "region:south_central_america",
    "other s. & cent. america": "region:other_south_central_america",
    "other s&c america": "region:other_south_central_america",
    "other americas": "region:other_americas",
    "other north america": "region:other_north_america",
    "europe": "region:europe",
    "other europe": "region:other_europe",
    "rest of europe": "region:rest_of_europe",
    "other eu": "region:other_eu",
    "cis": "region:cis",
    "other cis": "region:other_cis",
    "middle east": "region:middle_east",
    "other middle east": "region:other_middle_east",
    "other middle east & africa": "region:other_middle_east_africa",
    "africa": "region:africa",
    "north africa": "region:north_africa",
    "west africa": "region:west_africa",
    "east & s. africa": "region:east_southern_africa",
    "other africa": "region:other_africa",
    "australasia": "region:australasia",
    "other asia pacific": "region:other_asia_pacific",
    "other asia": "region:other_asia",
    "oecd asia": "region:oecd_asia",
    "rest of world": "region:rest_of_world",
}
# Country spellings of the EI/bp, China customs and Kpler files that countries.py does not know.
COUNTRY_EXTRA = {
    "trinidad & tobago": "TTO", "columbia": "COL", "zaire": "COD", "lao": "LAO", "singapore republic": "SGP",
}
# Rows of the gas matrices that are subtotals of the rows above them (checked, then skipped).
GAS_SUBTOTALS = {"north america", "s. & cent. america", "europe", "cis", "middle east", "africa",
                 "asia pacific", "middle east & africa"}
MISSING_TOKENS = {"", "-", "n/a", "na", "†", "^"}

# China customs series name -> commodity slug (volume rows use it, value rows add '_value').
CUSTOMS_COMMODITIES = {
    "crude oil": "crude_oil",
    "liquified natural gas (lng)": "lng",
    "liquified natural gas(271111)": "lng",
    "pipeline carried natural gas (gaseous state)": "pipeline_gas",
    "natural gas in gaseous state": "pipeline_gas",
    "natural gas(271121)": "pipeline_gas",
    "coal": "coal",
    "lignite": "lignite",
    "coal and lignite": "coal_and_lignite",
}
CUSTOMS_SKIPPED = {"steam coal", "coking coal", "anthracite coal"}  # sub-types of 'coal'; see notes
# unit as WIND writes it -> (our unit, multiply by, divide by)
CUSTOMS_UNITS = {"kg": ("t", 1, 1000), "ton": ("t", 1, 1), "10000 tons": ("t", 10_000, 1),
                 "usd": ("USD", 1, 1), "usd 10 th": ("USD", 10_000, 1)}
DECIMALS = {"t": 3, "USD": 2}  # annual sums are rounded to the precision of the monthly inputs (1 kg, 1 cent)
VINTAGE = {CUSTOMS_2022: 1, CUSTOMS_2023: 2}  # the later CREA commit wins where both give a value

MATRIX_COMMODITIES = ("crude_oil", "oil_products", "pipeline_gas", "lng", "coal")
CUSTOMS_FLOW_COMMODITIES = ("crude_oil", "lng", "pipeline_gas", "coal", "lignite", "coal_and_lignite")
COMMODITIES = tuple(sorted(
    set(MATRIX_COMMODITIES) | {"pipeline_gas_interregional"} | set(CUSTOMS_FLOW_COMMODITIES)
    | {f"{c}_value" for c in CUSTOMS_FLOW_COMMODITIES}
))

ENERGY_FLOWS = register(Table(
    name="energy_flows",
    title="Energy trade flows, origin to destination (EI/bp trade matrices, China customs, Kpler)",
    description=(
        "Annual energy trade from an origin to a destination. Four sources, told apart by `source`: the "
        "inter-area trade matrices of the EI Statistical Review 2024 (year 2023) and the bp Statistical "
        "Review 2021 (year 2020) for crude oil, oil products, pipeline gas, LNG and coal, plus EI 2024's "
        "inter-regional pipeline-gas series 2000-2023; China's customs imports by origin (annual sums of "
        "complete years, tonnes and US dollars); and Kpler's Russian crude exports by destination (via CREA)."
    ),
    columns=(
        Column("year", "int", "Calendar year", min=1990, max=2100),
        Column("origin", "str", "Exporting country (ISO3) or EI/bp area slug 'region:<name>'; WLD = all origins (China customs totals)",
               pattern=AREA_PATTERN),
        Column("destination", "str", "Importing country (ISO3, EUU = EU) or EI/bp area slug 'region:<name>'", pattern=AREA_PATTERN),
        Column("commodity", "str", "crude_oil, oil_products, pipeline_gas, lng, coal, lignite, coal_and_lignite, "
               "pipeline_gas_interregional; '<commodity>_value' = customs value of that commodity in USD", allowed=COMMODITIES),
        Column("value", "float", "Quantity in `unit`", min=0),
        Column("unit", "str", "Mt = million tonnes, bcm = billion cubic metres, EJ = exajoules, t = tonnes, USD = US dollars, "
               "undocumented = Kpler file without units", allowed=("Mt", "bcm", "EJ", "t", "USD", "undocumented")),
        Column("source", "str", "ei_2024, bp_2021, china_customs (China customs via WIND/CREA), kpler_crea",
               allowed=("ei_2024", "bp_2021", "china_customs", "kpler_crea")),
    ),
    key=("year", "origin", "destination", "commodity", "unit", "source"),
    sources=(EI_2024, BP_2021, CUSTOMS_2022, CUSTOMS_2023, KPLER),
    notes=(
        "Do not sum across sources or commodities: the sources overlap (EI vs China customs for Russia->China) "
        "and pipeline_gas (the matrix) overlaps pipeline_gas_interregional (the series).",
        "EI/bp matrices (ei_2024: year 2023; bp_2021: year 2020): every origin x destination cell as given, "
        "including explicit zeros (= no movement recorded; cells EI prints as '†' are small positive numbers "
        "in the file and are kept). Units as the sheets give them: crude_oil and oil_products in Mt (crude "
        "includes condensates; no biofuels; bunkers not counted as exports), pipeline_gas and lng in bcm "
        "(standard cubic metres, GCV 40 MJ/m3; LNG exports include re-exports), coal in EJ (commercial solid "
        "fuels). Row and column totals, and the regional subtotal rows of the gas matrices, are left out "
        "(each was checked against the cells it sums). Oil and coal are inter-area movements: trade inside an "
        "area (e.g. within Europe) is excluded, so the zero origin = destination cells are dropped.",
        "Area names: countries as ISO3 (EI 'EU' = EUU); areas as slugs, e.g. region:europe, region:other_cis, "
        "region:other_asia_pacific, region:south_central_america, region:east_southern_africa. An area's "
        "membership is EI's for that table and edition: 'Europe' of the oil matrix is not the 'Europe' of the "
        "gas series, and bp 2021 lists more European importers of pipeline gas than EI 2024.",
        "pipeline_gas_interregional (ei_2024, 2000-2023, bcm): the 'of which' partner lines of EI's "
        "'Gas - Trade movements' sheet (inter-regional pipeline trade; intra-regional trade excluded), "
        "e.g. RUS -> CHN 3.9 bcm in 2020, 21.3 bcm in 2023. Export-side and import-side lines of the same "
        "pair were checked to agree and are kept once. EI's oil trade time series (imports and exports by "
        "region, no partner) does not fit origin -> destination and is not included.",
        "china_customs: China's imports (destination CHN) by origin, from two CREA commits of a WIND export of "
        "China customs data: the 2022 file (all origins, 1993-01..2022-11) and the 2023 file (Russia only, "
        "to 2023-02). Annual sums only for years with all 12 months reported; WIND leaves a month blank when "
        "customs reports nothing, so sporadic suppliers (and 1995-1999) have fewer annual rows. Volumes "
        "converted to tonnes (kg/1000; '10000 tons' x 10^4), values to USD ('USD 10 th' x 10^4). origin WLD = "
        "China's total imports of that commodity (coal_and_lignite only as a total).",
        "china_customs units and caveats: pipeline-gas and LNG volumes are in tonnes, as customs gives them, not "
        "bcm: Russia -> China pipeline gas 2021 = 7.54 Mt, about 10.2 bcm at EI's approximate factor "
        "(1 Mt LNG = 1.36 bcm, sheet 'Approximate conversion factors'), whereas EI's own inter-regional series "
        "gives 7.58 bcm for 2021 (3.88 in 2020, 14.67 in 2022, 21.29 in 2023). Pipeline-gas volumes by origin "
        "stop after 2021-12 (suppressed from 2022; the 2023 file "
        "writes 0 for those months, read as missing), values continue. Nov 2020 Russian pipeline gas is blank "
        "in the 2022 file and 0 in the 2023 file while Dec 2020 is about three normal months (reported "
        "together): 2020 therefore comes from the 2023 file. Iran's series ends 2022-06 and Venezuela's "
        "2019-09 in the customs data. Steam-, coking- and anthracite-coal sub-series are not included (use coal).",
        "Where both CREA commits give the same series and year the 2023 commit (later WIND vintage) is kept. "
        "They differ (customs revisions) for Russian crude 2017-2019: volumes by up to 0.3 % (2017: 59.70 Mt in "
        "the 2022 file, 59.54 Mt in the 2023 file), values by up to 0.7 %; Russian coal 2019: volume -0.25 %, "
        "value +10 % (2.31 -> 2.54 bn USD); Russian LNG 2019: -1.2 %; China's total LNG import value 2020-2021 "
        "and pipeline-gas import value 2021 by under 1 % (the 2023 file uses other WIND series for these "
        "totals). All other overlapping series-years agree.",
        "kpler_crea: Russian crude exports by destination, 2021 and 2022, from CREA's fossil shipment tracker "
        "assets. The file states no unit (unit = 'undocumented'); the magnitudes fit thousand tonnes "
        "(India 2021: 4,526, i.e. about 90 kb/d; China 2021: 39,270, about half of the 79.6 Mt that China's "
        "customs record from Russia by sea and pipeline together) but this is not confirmed. Its 'Unknown' destination column is dropped; zeros kept.",
    ),
))

CHINA_CRUDE_MONTHLY = register(Table(
    name="china_crude_imports_monthly",
    title="China's monthly crude-oil imports by origin (China customs)",
    description=(
        "China's crude-oil imports per month by country of origin, in tonnes and US dollars, from China "
        "customs data exported from WIND and republished by CREA: all reported origins 1995-01..2022-11 "
        "(China's total, WLD, from 1993-01), and Russia to 2023-02 from the later CREA file."
    ),
    columns=(
        Column("month", "date", "First day of the month the imports were recorded in"),
        iso3("origin", "Country of origin (ISO3); WLD = China's total crude imports"),
        Column("quantity_t", "float", "Quantity in tonnes (customs kg / 1000; total: '10000 tons' x 10^4)", unit="t", nullable=True, min=0),
        Column("value_usd", "float", "Customs value in US dollars (total: 'USD 10 th' x 10^4)", unit="USD", nullable=True, min=0),
        Column("source", "str", "china_customs = General Administration of Customs of China via WIND, republished by CREA",
               allowed=("china_customs",)),
    ),
    key=("month", "origin", "source"),
    sources=(CUSTOMS_2022, CUSTOMS_2023),
    notes=(
        "A month is missing when WIND leaves it blank (many months before 2004, and months in which an origin "
        "shipped nothing, so a missing row may mean zero). Many origin series stop in 2021-12 (e.g. USA, "
        "Norway, Malaysia, UK) or earlier (Venezuela 2019-09, Iran 2022-06) although the WLD total continues: "
        "origins do not add up to WLD, least of all in 2022.",
        "Russia: the later CREA file (2023 vintage) replaces the earlier one where both have a month; the "
        "two differ by up to 1.4 % in some months of 2017-2022 (largest: 2017-11, 70 kt less in the later file). "
        "WLD comes from the earlier file only, so Russia's share mixes two vintages (negligible).",
        "Russia's share of China's crude imports (volume) 2021 = 15.5 % (79.6 of 513.2 Mt).",
    ),
))


# ---- helpers --------------------------------------------------------------------------------

def _norm_label(text) -> str:
    s = str(text).replace("\u00a0", " ").strip().rstrip("*").strip()
    s = re.sub(r"^of which:\s*", "", s)
    return " ".join(s.split())


def _area(label, *, where: str) -> str:
    """A trade-table row/column label -> ISO3 or 'region:<slug>' (unknown labels raise)."""
    name = _norm_label(label)
    slug = REGIONS.get(name.lower())
    if slug:
        return slug
    code = to_iso3(name, extra=COUNTRY_EXTRA, strict=False)
    if code is None:
        raise RawFormatError(
            f"{where}: unknown area '{name}'. Fix: add it to REGIONS (an area) or COUNTRY_EXTRA (a country) "
            f"in lib/sinorussia/processed/builders/energy.py."
        )
    return code


def _number(cell, *, where: str) -> float | None:
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise RawFormatError(f"{where}: unexpected value {cell!r}")
    if isinstance(cell, (int, float)):
        return None if math.isnan(cell) else float(cell)
    text = str(cell).strip()
    if text.lower() in MISSING_TOKENS:
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise RawFormatError(f"{where}: cell {cell!r} is not a number.") from None


def _sheet_rows(wb, src: Sources, dataset_id: str, names: tuple[str, ...]) -> tuple[str, list[tuple]]:
    wanted = {n.strip().lower() for n in names}
    for sheet in wb.sheetnames:
        if sheet.strip().lower() in wanted:
            return sheet, [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    raise RawFormatError(
        f"Raw file {src.label(dataset_id)} has no sheet named {' or '.join(repr(n) for n in names)} "
        f"(sheets: {', '.join(wb.sheetnames)}). The upstream layout changed: update the sheet names in "
        f"builder {src.builder_name}."
    )


def _first(rows, predicate, *, start: int = 0, where: str, what: str) -> int:
    for i in range(start, len(rows)):
        cell = rows[i][0] if rows[i] else None
        if cell is not None and predicate(_norm_label(cell).lower()):
            return i
    raise RawFormatError(f"{where}: no row {what} in column A. The sheet layout changed: update the builder.")


def _check_year(rows, year: int, *, where: str) -> None:
    title = str(rows[0][0] if rows and rows[0] else "")
    found = re.findall(r"(?:19|20)\d{2}", title)
    if str(year) not in found:
        raise RawFormatError(f"{where}: title {title!r} does not name the year {year} the builder expects.")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _header(rows, i: int, *, join_above: bool, where: str) -> list[tuple[int, str]]:
    """(column index, label) of a matrix header row, up to its 'Total' column (excluded)."""
    cols = []
    for j in range(1, len(rows[i])):
        cell = rows[i][j]
        if cell is None:
            continue
        label = str(cell)
        if join_above and i > 0 and j < len(rows[i - 1]) and isinstance(rows[i - 1][j], str) \
                and rows[i - 1][j].strip() not in ("From", "To", ""):
            label = rows[i - 1][j] + " " + label
        label = _norm_label(label)
        if label.lower().startswith("total"):
            return cols + [(j, "TOTAL")]
        cols.append((j, label))
    raise RawFormatError(f"{where}: the header row has no 'Total' column. The sheet layout changed.")


def _matrix_block(rows, first: int, cols, *, rows_are: str, subtotals: set, where: str,
                  year: int, commodity: str, unit: str, source: str) -> list[dict]:
    """Cells of one matrix from row `first` to its 'Total ...' row; totals and subtotals checked then skipped."""
    out, pending = [], []
    total_j = next(j for j, lab in cols if lab == "TOTAL")
    i = first
    while True:
        if i >= len(rows):
            raise RawFormatError(f"{where}: the matrix starting at row {first + 1} has no 'Total' row.")
        row = rows[i]
        label = row[0] if row else None
        if label is None or _norm_label(label).lower() in ("from", "to"):
            i += 1
            continue
        name = _norm_label(label)
        if name.lower().startswith("total"):
            break
        vals = {lab: _number(row[j] if j < len(row) else None, where=f"{where}, row '{name}'") for j, lab in cols}
        cells = {lab: v for lab, v in vals.items() if lab != "TOTAL" and v is not None}
        if vals["TOTAL"] is not None and not _close(sum(cells.values()), vals["TOTAL"]):
            raise RawFormatError(f"{where}: row '{name}' does not add up to its Total column "
                                 f"({sum(cells.values())} vs {vals['TOTAL']}). The layout changed.")
        if name.lower() in subtotals:
            for lab in cells:
                s = sum(p[lab] for p in pending if lab in p)
                if not _close(s, cells[lab]):
                    raise RawFormatError(f"{where}: subtotal row '{name}' is not the sum of the rows above it "
                                         f"in column '{lab}' ({s} vs {cells[lab]}). The layout changed.")
            pending = []
        else:
            pending.append(cells)
            here = _area(name, where=where)
            for lab, v in cells.items():
                there = _area(lab, where=where)
                origin, dest = (here, there) if rows_are == "origin" else (there, here)
                if origin == dest and v == 0:
                    continue  # the empty diagonal: intra-area trade is excluded from the matrices
                out.append({"year": year, "origin": origin, "destination": dest, "commodity": commodity,
                            "value": v, "unit": unit, "source": source})
        i += 1
    return out


def _trade_matrices(src: Sources, dataset_id: str, *, year: int, source: str, sheets: dict) -> list[dict]:
    wb = openpyxl.load_workbook(src.path(dataset_id), read_only=True, data_only=True)
    try:
        out = []
        # oil: two blocks (crude, products) sharing the header row; rows = origin ("From")
        sheet, rows = _sheet_rows(wb, src, dataset_id, sheets["oil"])
        where = f"Raw file {src.label(dataset_id)}, sheet '{sheet}'"
        _check_year(rows, year, where=where)
        h = _first(rows, lambda s: s.startswith("crude (million tonnes)"), where=where, what="'Crude (million tonnes)'")
        cols = _header(rows, h, join_above=False, where=where)
        out += _matrix_block(rows, h + 1, cols, rows_are="origin", subtotals=set(), where=where + " (crude)",
                             year=year, commodity="crude_oil", unit="Mt", source=source)
        p = _first(rows, lambda s: s.startswith("product (million tonnes)"), start=h + 1, where=where,
                   what="'Product (million tonnes)'")
        out += _matrix_block(rows, p + 1, cols, rows_are="origin", subtotals=set(), where=where + " (products)",
                             year=year, commodity="oil_products", unit="Mt", source=source)
        # gas: rows = importer ("To"), columns = exporter ("From"), regional subtotal rows
        for key, commodity in (("pipeline", "pipeline_gas"), ("lng", "lng")):
            sheet, rows = _sheet_rows(wb, src, dataset_id, sheets[key])
            where = f"Raw file {src.label(dataset_id)}, sheet '{sheet}'"
            _check_year(rows, year, where=where)
            _first(rows, lambda s: s == "billion cubic metres", where=where, what="'Billion cubic metres' (the unit)")
            h = _first(rows, lambda s: s == "to", where=where, what="'To' (the header)")
            cols = _header(rows, h, join_above=True, where=where)
            out += _matrix_block(rows, h + 1, cols, rows_are="destination", subtotals=GAS_SUBTOTALS, where=where,
                                 year=year, commodity=commodity, unit="bcm", source=source)
        # coal: rows = origin, in exajoules
        sheet, rows = _sheet_rows(wb, src, dataset_id, sheets["coal"])
        where = f"Raw file {src.label(dataset_id)}, sheet '{sheet}'"
        _check_year(rows, year, where=where)
        h = _first(rows, lambda s: s == "exajoules", where=where, what="'Exajoules' (unit and header)")
        cols = _header(rows, h, join_above=False, where=where)
        out += _matrix_block(rows, h + 1, cols, rows_are="origin", subtotals=set(), where=where,
                             year=year, commodity="coal", unit="EJ", source=source)
        if "gas_series" in sheets:
            out += _gas_series(wb, src, dataset_id, sheets["gas_series"], source=source)
        return out
    finally:
        wb.close()


def _gas_series(wb, src: Sources, dataset_id: str, names, *, source: str) -> list[dict]:
    """The 'of which' partner lines of EI's inter-regional gas trade sheet -> pipeline_gas_interregional."""
    sheet, rows = _sheet_rows(wb, src, dataset_id, names)
    where = f"Raw file {src.label(dataset_id)}, sheet '{sheet}'"
    h = _first(rows, lambda s: s == "billion cubic metres", where=where, what="'Billion cubic metres' (header)")
    years = []
    for j in range(1, len(rows[h])):
        cell = rows[h][j]
        if isinstance(cell, (int, float)) and float(cell).is_integer() and 1990 <= cell <= 2100 \
                and (not years or int(cell) == years[-1][1] + 1):
            years.append((j, int(cell)))
        elif years:
            break
    if len(years) < 10:
        raise RawFormatError(f"{where}: the header row has no run of years. The layout changed.")
    found: dict[tuple, float] = {}
    block = flow = None
    in_list = False
    for i in range(h + 1, len(rows)):
        row = rows[i]
        raw = row[0] if row else None
        if raw is None:
            continue
        text = str(raw)
        label = _norm_label(text).lower()
        values = [row[j] if j < len(row) else None for j, _ in years]
        if all(v is None for v in values):
            if label == "world":
                break
            block, flow, in_list = _area(text, where=where), None, False
            continue
        if label.startswith(("pipeline imports", "pipeline exports")):
            flow, in_list = ("imports" if "imports" in label else "exports"), False
            continue
        if "of which" in text.lower():
            in_list = True
        elif not (in_list and text.startswith(" ")):
            in_list = False
            continue
        if block is None or flow is None:
            raise RawFormatError(f"{where}: partner line '{text.strip()}' outside a pipeline block. The layout changed.")
        partner = _area(text, where=where)
        origin, dest = (partner, block) if flow == "imports" else (block, partner)
        for (j, yr), cell in zip(years, values):
            v = _number(cell, where=f"{where}, row '{text.strip()}'")
            if v is None:
                continue
            k = (yr, origin, dest)
            if k in found and not _close(found[k], v):
                raise RawFormatError(f"{where}: {origin}->{dest} {yr} is {found[k]} on one side and {v} on the other.")
            found[k] = v
    return [{"year": yr, "origin": o, "destination": d, "commodity": "pipeline_gas_interregional", "value": v,
             "unit": "bcm", "source": source} for (yr, o, d), v in found.items()]


def _customs_series(src: Sources, dataset_id: str) -> pd.DataFrame:
    """A WIND export -> long monthly records: month, commodity, origin, measure, value (t or USD)."""
    path = src.path(dataset_id)
    label = src.label(dataset_id)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    head = next((i for i, r in enumerate(rows[:20]) if r and r[0].strip() == "Name"), None)
    if head is None:
        raise RawFormatError(f"Raw file {label}: no header row starting with 'Name'. The WIND layout changed.")
    meta = {r[0].strip(): r for r in rows[head + 1: head + 12] if r}
    for needed in ("Unit", "ID", "Time Period"):
        if needed not in meta:
            raise RawFormatError(f"Raw file {label}: the metadata row '{needed}' under the header is missing "
                                 f"(found {list(meta)}). The WIND layout changed.")
    header = rows[head]
    data = [r for r in rows[head + 1:] if r and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", r[0].strip())]
    if not data:
        raise RawFormatError(f"Raw file {label}: no monthly data rows (first column YYYY-MM). The layout changed.")
    records, seen = [], {}
    for j in range(1, len(header)):
        name = header[j].strip()
        if not name:
            continue
        m = re.fullmatch(r"(?:China: )?(Volume|Value) of Imports: ([^:]+?)(?:: (.+))?", name)
        if not m:
            raise RawFormatError(f"Raw file {label}: column '{name}' is not a 'Volume/Value of Imports: <commodity>[: <origin>]' series.")
        measure, commodity_label, origin_label = m.group(1), m.group(2).strip().lower(), m.group(3)
        if commodity_label in CUSTOMS_SKIPPED:
            continue
        if commodity_label not in CUSTOMS_COMMODITIES:
            raise RawFormatError(f"Raw file {label}: column '{name}': unknown commodity '{m.group(2)}'. "
                                 f"Fix: add it to CUSTOMS_COMMODITIES (or CUSTOMS_SKIPPED) in builders/energy.py.")
        unit_text = meta["Unit"][j].strip().lower()
        if unit_text not in CUSTOMS_UNITS:
            raise RawFormatError(f"Raw file {label}: column '{name}' has unit '{meta['Unit'][j]}', not one of {list(CUSTOMS_UNITS)}.")
        unit, mul, div = CUSTOMS_UNITS[unit_text]
        if (measure == "Volume") != (unit == "t"):
            raise RawFormatError(f"Raw file {label}: column '{name}' is a {measure.lower()} series in '{meta['Unit'][j]}'.")
        period = re.fullmatch(r"(\d{4}-\d{2}):(\d{4}-\d{2})", meta["Time Period"][j].strip())
        if not period:
            raise RawFormatError(f"Raw file {label}: column '{name}' has time period '{meta['Time Period'][j]}', not 'YYYY-MM:YYYY-MM'.")
        origin = "WLD" if origin_label is None else to_iso3(origin_label, extra=COUNTRY_EXTRA, source=label)
        commodity = CUSTOMS_COMMODITIES[commodity_label]
        series_id = meta["ID"][j].strip()
        values = []
        for r in data:
            month = r[0].strip()[:7]
            cell = r[j].strip() if j < len(r) else ""
            if not cell or not (period.group(1) <= month <= period.group(2)):
                continue  # blank, or outside the series' stated period (the 2023 file writes 0 there)
            try:
                v = float(cell.replace(",", ""))
            except ValueError:
                raise RawFormatError(f"Raw file {label}: column '{name}', month {month}: {cell!r} is not a number.") from None
            values.append((month, v * mul / div))
        key = (commodity, origin, unit)
        if key in seen:
            if seen[key][0] == series_id and seen[key][1] == values:
                continue  # the 2022 file repeats a few columns verbatim
            raise RawFormatError(f"Raw file {label}: two different series for {key} (columns '{seen[key][2]}' and '{name}').")
        seen[key] = (series_id, values, name)
        records += [{"month": mo, "commodity": commodity, "origin": origin, "unit": unit, "value": v} for mo, v in values]
    out = pd.DataFrame(records, columns=["month", "commodity", "origin", "unit", "value"])
    if out.duplicated(["month", "commodity", "origin", "unit"]).any():
        raise RawFormatError(f"Raw file {label}: a month appears twice.")
    out["vintage"] = VINTAGE[dataset_id]
    return out


def _annual_complete(monthly: pd.DataFrame) -> pd.DataFrame:
    """Annual sums of the series-years with all 12 months reported."""
    m = monthly.assign(year=monthly["month"].str[:4].astype("int64"))
    g = m.groupby(["year", "commodity", "origin", "unit", "vintage"], sort=True)["value"]
    agg = g.agg(["sum", "size"]).reset_index()
    agg = agg[agg["size"] == 12].drop(columns="size").rename(columns={"sum": "value"})
    agg["value"] = [round(v, DECIMALS[u]) for v, u in zip(agg["value"], agg["unit"])]
    return agg


def _newest(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return df.sort_values([*key, "vintage"], kind="mergesort").drop_duplicates(key, keep="last").drop(columns="vintage")


def _kpler(src: Sources) -> list[dict]:
    df = read_csv(src, KPLER, required=["date", "China"], encoding="utf-8-sig", dtype={"date": "str"})
    out = []
    for _, row in df.iterrows():
        year = str(row["date"]).strip()
        if not re.fullmatch(r"\d{4}", year):
            raise RawFormatError(f"Raw file {src.label(KPLER)}: date '{year}' is not a year.")
        for col in df.columns[1:]:
            if col.strip().lower() == "unknown":
                continue
            v = row[col]
            if pd.isna(v):
                continue
            out.append({"year": int(year), "origin": "RUS",
                        "destination": to_iso3(col, extra=COUNTRY_EXTRA, source=src.label(KPLER)),
                        "commodity": "crude_oil", "value": float(v), "unit": "undocumented", "source": "kpler_crea"})
    return out


EI_2024_SHEETS = {
    "oil": ("Oil - Inter-area movements",),
    "pipeline": ("Gas trade - pipeline",),
    "lng": ("Gas trade - LNG",),
    "coal": ("Coal trade movements 2023",),
    "gas_series": ("Gas - Trade movements",),
}
BP_2021_SHEETS = {
    "oil": ("Oil - Inter-area movements",),
    "pipeline": ("Gas - Trade movts - pipeline",),
    "lng": ("Gas - Trade movts LNG",),
    "coal": ("Coal - Inter area movts",),
}


@builder(reads=[EI_2024, BP_2021, CUSTOMS_2022, CUSTOMS_2023, KPLER], tables=[ENERGY_FLOWS, CHINA_CRUDE_MONTHLY])
def flows(src: Sources) -> dict[str, pd.DataFrame]:
    """EI/bp trade matrices, China customs imports by origin and Kpler -> energy_flows (+ China's monthly crude)."""
    rows = _trade_matrices(src, EI_2024, year=2023, source="ei_2024", sheets=EI_2024_SHEETS)
    rows += _trade_matrices(src, BP_2021, year=2020, source="bp_2021", sheets=BP_2021_SHEETS)
    rows += _kpler(src)
    other = pd.DataFrame(rows)

    monthly = pd.concat([_customs_series(src, CUSTOMS_2022), _customs_series(src, CUSTOMS_2023)], ignore_index=True)
    annual = _newest(_annual_complete(monthly), ["year", "commodity", "origin", "unit"])
    annual["commodity"] = annual["commodity"].where(annual["unit"] == "t", annual["commodity"] + "_value")
    customs = annual.assign(destination="CHN", source="china_customs")[
        ["year", "origin", "destination", "commodity", "value", "unit", "source"]]

    flows_df = pd.concat([other, customs], ignore_index=True)
    flows_df = flows_df.astype({"year": "int64", "origin": "str", "destination": "str", "commodity": "str",
                                "value": "float64", "unit": "str", "source": "str"})

    crude = _newest(monthly[monthly["commodity"] == "crude_oil"], ["month", "origin", "unit"])
    wide = crude.pivot(index=["month", "origin"], columns="unit", values="value").reset_index()
    for col in ("t", "USD"):
        if col not in wide.columns:
            wide[col] = float("nan")
    monthly_df = pd.DataFrame({
        "month": pd.to_datetime(wide["month"] + "-01", format="%Y-%m-%d").astype("datetime64[ns]"),
        "origin": wide["origin"].astype("str"),
        "quantity_t": wide["t"].astype("float64"),
        "value_usd": wide["USD"].astype("float64"),
        "source": "china_customs",
    })
    monthly_df = monthly_df[monthly_df["quantity_t"].notna() | monthly_df["value_usd"].notna()]
    return {"energy_flows": flows_df, "china_crude_imports_monthly": monthly_df}


def vintage_differences(src: Sources) -> pd.DataFrame:
    """Annual sums where the two CREA commits disagree (for the notes and the tests)."""
    a = _annual_complete(_customs_series(src, CUSTOMS_2022))
    b = _annual_complete(_customs_series(src, CUSTOMS_2023))
    m = a.merge(b, on=["year", "commodity", "origin", "unit"], suffixes=("_2022", "_2023"))
    m["rel_diff"] = (m["value_2023"] - m["value_2022"]) / m["value_2022"].where(m["value_2022"] != 0)
    same = [_close(a_, b_) for a_, b_ in zip(m["value_2022"], m["value_2023"])]
    return m[[not s for s in same]].drop(columns=["vintage_2022", "vintage_2023"]).reset_index(drop=True)
