"""Arms transfers (SIPRI, two vintages), military expenditure (SIPRI) and joint exercises (partial)."""
from __future__ import annotations

import csv
import io
import json

import pandas as pd

from ...errors import RawFormatError
from ..countries import to_iso3
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources, find_header_row, read_csv, require_columns

ARMS = register(Table(
    name="arms_transfers",
    title="Arms transfers in SIPRI trend-indicator values (TIV)",
    description=("Deliveries of major conventional arms per year from a supplier to a recipient, in millions of "
                 "TIV, from two SIPRI vintages. Recipient WLD = the supplier's total exports; supplier WLD = the "
                 "recipient's total imports."),
    columns=(
        Column("year", "int", "Delivery year", min=1950, max=2025),
        iso3("supplier", "Supplier (SUN = Soviet Union; WLD = all suppliers)"),
        iso3("recipient", "Recipient (WLD = all recipients)"),
        Column("tiv_musd", "float", "Volume of deliveries", unit="million TIV", min=0),
        Column("source", "str", "SIPRI vintage", allowed=("sipri_2022", "sipri_2026")),
    ),
    key=("year", "supplier", "recipient", "source"),
    sources=("sipri_tiv_exports_rus_2022", "sipri_tiv_exports_usr_2022", "sipri_tiv_exports_chi_2022",
             "sipri_tiv_exports_usa_2022", "sipri_tiv_exports_fra_2022", "sipri_trade_register_2026",
             "sipri_tiv_russia_china_2026"),
    notes=(
        "TIV measures the military capability transferred, not its price: compare volumes and shares, not dollars.",
        "sipri_2022 (generated 28 July 2022): exports of Russia, the USSR, China, the US and France by recipient, "
        "1950–2021, with SIPRI's Total row as recipient WLD.",
        "sipri_2026 (generated 12–13 Feb 2026): the trade register of all deliveries 1995–2024 summed by supplier, "
        "recipient and delivery year; WLD totals are sums over all recipients (or suppliers), including non-state "
        "actors and unknown parties.",
        "A SIPRI '0' means 0–0.5 million TIV and is kept as 0; an empty cell means no deliveries and has no row.",
        "Non-state actors, unknown parties and multinational organisations have no country row (they stay in totals). "
        "Former states keep historical codes: CSK Czechoslovakia, YUG Yugoslavia, DDR East Germany, YMD South Yemen, "
        "YAR North Yemen.",
        "SIPRI revises its history between vintages: compare sipri_2022 with sipri_2026 for the same years.",
    ),
))

MILEX = register(Table(
    name="military_expenditure",
    title="Military expenditure (SIPRI)",
    description="Military spending per country and year in current and constant (2023) USD, and as shares of GDP and of government spending.",
    columns=(
        Column("year", "int", "Year", min=1949, max=2025),
        iso3("country", "Country"),
        Column("measure", "str", "Measure", allowed=("current_usd", "constant_2023_usd", "share_of_gdp", "share_of_govt_spending")),
        Column("value", "float", "Value, in `unit`", min=0),
        Column("unit", "str", "USD or share 0–1", allowed=("USD", "share")),
        Column("source", "str", "Source slug", allowed=("sipri_milex_2025",)),
    ),
    key=("year", "country", "measure", "source"),
    sources=("sipri_milex_current_us", "sipri_milex_constant_2023_us", "sipri_milex_share_of_gdp",
             "sipri_milex_share_of_govt_spending"),
    notes=(
        "SIPRI publishes USD values in millions (converted to USD here) and shares in percent (converted to 0–1).",
        "SIPRI's figures for China and Russia are its own estimates, higher than the official budgets; missing or "
        "'not available' cells are left out.",
        "The USSR is not in this release; Russia starts in 1992 (with earlier estimates only where SIPRI gives them).",
    ),
))

EXERCISES = register(Table(
    name="joint_exercises",
    title="Joint military exercises involving Russia, 2009–2018 (PARTIAL, UNVERIFIED compilation)",
    description=("Exercises of Russia's armed forces with foreign partners as listed by an unknown compiler from "
                 "Russian defence ministry pages. Incomplete: use it to illustrate, never to count trends."),
    columns=(
        Column("year", "int", "Year of the exercise", min=2000, max=2025),
        Column("exercise", "str", "Exercise name as listed (mostly Russian)"),
        Column("partners", "str", "ISO3 codes of the partners other than Russia, ';'-joined"),
        Column("with_china", "bool", "China took part"),
        Column("location", "str", "Location, when the compilation gives it", nullable=True),
        Column("source", "str", "Source slug", allowed=("partial_compilation",)),
    ),
    key=("year", "exercise", "partners"),
    sources=("joint_exercises_russia",),
    notes=(
        "A partial, unverified compilation: it misses well-known exercises such as Vostok-2018, in which China took "
        "part. Counts from it are lower bounds at best.",
        "Rows with no name or year in the file (most of its rows) are dropped.",
    ),
))

SIPRI_NAMES = {
    "soviet union": "SUN", "korea south": "KOR", "south korea": "KOR", "korea north": "PRK", "north korea": "PRK",
    "viet nam": "VNM", "uae": "ARE", "bosnia-herzegovina": "BIH", "dr congo": "COD", "congo": "COG",
    "czechoslovakia": "CSK", "yugoslavia": "YUG", "east germany (gdr)": "DDR", "west germany (frg)": "DEU",
    "south yemen": "YMD", "north yemen": "YAR", "south vietnam": "VNM", "north vietnam": "VNM", "cape verde": "CPV",
    "macedonia": "MKD", "north macedonia": "MKD", "timor-leste": "TLS", "gambia": "GMB", "bahamas": "BHS",
    "brunei": "BRN", "laos": "LAO", "turkiye": "TUR", "eswatini": "SWZ", "swaziland": "SWZ", "micronesia": "FSM",
    "syria": "SYR", "libya": "LBY", "libya gnc": None, "libya hor": None, "palestine": "PSE", "taiwan": "TWN",
    "taiwan (roc)": "TWN", "china": "CHN", "russia": "RUS", "united states": "USA", "united kingdom": "GBR",
    "moldova": "MDA", "bolivia": "BOL", "venezuela": "VEN", "iran": "IRN", "tanzania": "TZA",
    "cote d'ivoire": "CIV", "côte d'ivoire": "CIV", "kosovo": "XKX", "zaire": "COD", "rhodesia": "ZWE",
    "northern cyprus": None, "biafra": None, "katanga": None, "somaliland": None, "western sahara": None,
}


def sipri_code(name: str, source: str) -> str | None:
    """ISO3 for a SIPRI party name; None for non-state actors, unknown parties and organisations."""
    n = " ".join(str(name).strip().lower().split())
    if not n or n.endswith("*") or "unknown" in n or "rebel" in n or "(" in n and n not in SIPRI_NAMES:
        return None
    if n in SIPRI_NAMES:
        return SIPRI_NAMES[n]
    return to_iso3(n, source=source, strict=False)


def _tiv_2022(src: Sources, dataset_id: str, supplier: str) -> pd.DataFrame:
    path = src.path(dataset_id)
    lines = open(path, encoding="utf-8-sig").read().splitlines()
    try:  # notes above the table; the year row has an empty first cell; notes follow the Total row
        header = next(i for i, l in enumerate(lines) if l.startswith(",1950,"))
        total = next(i for i, l in enumerate(lines) if l.startswith("Total,"))
    except StopIteration:
        raise RawFormatError(f"Raw file {src.label(dataset_id)}: no year header row (',1950,…') or 'Total' row; "
                             f"the SIPRI export layout changed") from None
    rows = list(csv.reader(lines[header:total + 1]))
    width = len(rows[0])
    # some names contain an unquoted comma (e.g. 'Bosnia, …'): re-join the extra leading field
    rows = [[f"{r[0]},{r[1]}".strip()] + r[2:] if len(r) == width + 1 else r for r in rows]
    bad = [r[0] for r in rows if len(r) != width]
    if bad:
        raise RawFormatError(f"Raw file {src.label(dataset_id)}: rows {bad[:3]} do not have {width} fields")
    df = pd.DataFrame(rows[1:], columns=rows[0]).replace("", None)
    df = df.rename(columns={df.columns[0]: "recipient_name"})
    require_columns(df, ["recipient_name", "1950", "2021"], source=src.label(dataset_id), builder=src.builder_name)
    df = df[df["recipient_name"].notna()]
    years = [c for c in df.columns if c.isdigit()]
    long = df.melt(id_vars="recipient_name", value_vars=years, var_name="year", value_name="tiv").dropna(subset=["tiv"])
    long["recipient"] = long["recipient_name"].map(lambda n: "WLD" if n.strip() == "Total" else sipri_code(n, dataset_id))
    long = long.dropna(subset=["recipient"])
    out = pd.DataFrame({"year": long["year"].astype(int), "supplier": supplier, "recipient": long["recipient"],
                        "tiv_musd": pd.to_numeric(long["tiv"]), "source": "sipri_2022"})
    # a former state mapped onto a successor (e.g. both Vietnams) is summed
    return out.groupby(["year", "supplier", "recipient", "source"], as_index=False)["tiv_musd"].sum()


def _register_2026(src: Sources) -> pd.DataFrame:
    path = src.path("sipri_trade_register_2026")
    lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    try:
        header = next(i for i, l in enumerate(lines) if l.startswith("SIPRI AT Database ID"))
    except StopIteration:
        raise RawFormatError(f"Raw file {src.label('sipri_trade_register_2026')}: no header row 'SIPRI AT Database ID'") from None
    df = pd.read_csv(io.StringIO("\n".join(l.rstrip(";") for l in lines[header:])))
    require_columns(df, ["Supplier", "Recipient", "Delivery year", "TIV delivery values"],
                    source=src.label("sipri_trade_register_2026"), builder=src.builder_name)
    df = df.dropna(subset=["Delivery year", "TIV delivery values"])
    df["year"] = df["Delivery year"].astype(int)
    df["supplier"] = df["Supplier"].map(lambda n: sipri_code(n, "trade_register.csv"))
    df["recipient"] = df["Recipient"].map(lambda n: sipri_code(n, "trade_register.csv"))
    tiv = "TIV delivery values"
    pairs = df.dropna(subset=["supplier", "recipient"]).groupby(["year", "supplier", "recipient"], as_index=False)[tiv].sum()
    exports = df.dropna(subset=["supplier"]).groupby(["year", "supplier"], as_index=False)[tiv].sum().assign(recipient="WLD")
    imports = df.dropna(subset=["recipient"]).groupby(["year", "recipient"], as_index=False)[tiv].sum().assign(supplier="WLD")
    world = df.groupby("year", as_index=False)[tiv].sum().assign(supplier="WLD", recipient="WLD")
    out = pd.concat([pairs, exports, imports, world], ignore_index=True).rename(columns={tiv: "tiv_musd"})
    out["tiv_musd"] = out["tiv_musd"].round(3)
    out["source"] = "sipri_2026"
    return out


@builder(reads=list(ARMS.sources), tables=[ARMS])
def build_arms(src: Sources) -> dict[str, pd.DataFrame]:
    """Both SIPRI vintages; the 2026 register is cross-checked against SIPRI's own 2026 Russia→China table."""
    parts = [_tiv_2022(src, f"sipri_tiv_exports_{code}_2022", iso) for code, iso in
             (("rus", "RUS"), ("usr", "SUN"), ("chi", "CHN"), ("usa", "USA"), ("fra", "FRA"))]
    reg = _register_2026(src)
    check = read_csv(src, "sipri_tiv_russia_china_2026", ["Recipient"], skiprows=find_header_row(
        src.path("sipri_tiv_russia_china_2026"), "Recipient"))
    row = check[check["Recipient"] == "China"].iloc[0]
    ours = reg[(reg.supplier == "RUS") & (reg.recipient == "CHN")].set_index("year")["tiv_musd"]
    for year in range(1995, 2025):
        theirs = pd.to_numeric(row.get(str(year)), errors="coerce")
        if pd.notna(theirs) and abs(ours.get(year, 0) - theirs) > 1.0:
            raise RawFormatError(f"SIPRI 2026 register sums to {ours.get(year, 0):.1f} TIV for Russia→China {year}, "
                                 f"but SIPRI's own table says {theirs}: the register's layout may have changed")
    return {"arms_transfers": pd.concat(parts + [reg], ignore_index=True)}


MILEX_FILES = {"sipri_milex_current_us": ("current_usd", "USD", 1e6), "sipri_milex_constant_2023_us": ("constant_2023_usd", "USD", 1e6),
               "sipri_milex_share_of_gdp": ("share_of_gdp", "share", 0.01), "sipri_milex_share_of_govt_spending": ("share_of_govt_spending", "share", 0.01)}


@builder(reads=list(MILEX_FILES), tables=[MILEX])
def build_milex(src: Sources) -> dict[str, pd.DataFrame]:
    """SIPRI JSON (one record per country, one key per year) to long format, USD and shares."""
    parts = []
    for dataset_id, (measure, unit, factor) in MILEX_FILES.items():
        records = json.loads(src.path(dataset_id).read_text(encoding="utf-8"))
        if not isinstance(records, list) or not records or "country" not in records[0]:
            raise RawFormatError(f"Raw file {src.label(dataset_id)}: expected a list of records with a 'country' field")
        df = pd.DataFrame(records)
        years = [c for c in df.columns if str(c).isdigit()]
        long = df.melt(id_vars="country", value_vars=years, var_name="year", value_name="v")
        long["v"] = pd.to_numeric(long["v"], errors="coerce")
        long = long.dropna(subset=["v"])
        long["code"] = long["country"].map(lambda n: sipri_code(n, dataset_id))
        long = long.dropna(subset=["code"])
        parts.append(pd.DataFrame({"year": long["year"].astype(int), "country": long["code"], "measure": measure,
                                   "value": (long["v"] * factor).round(6 if unit == "share" else 0), "unit": unit,
                                   "source": "sipri_milex_2025"}))
    out = pd.concat(parts, ignore_index=True)
    # a country listed twice (e.g. under an old and a new name) keeps its first record
    return {"military_expenditure": out.drop_duplicates(["year", "country", "measure", "source"])}


@builder(reads=["joint_exercises_russia"], tables=[EXERCISES])
def build_exercises(src: Sources) -> dict[str, pd.DataFrame]:
    """Named rows only; partner names to ISO3."""
    df = read_csv(src, "joint_exercises_russia", ["name", "yr", "part1"], dtype=str)
    df = df.dropna(subset=["name", "yr"])
    parts_cols = [c for c in df.columns if c.startswith("part")]
    codes = df[parts_cols].apply(lambda r: sorted({c for c in (sipri_code(x, "joint exercises") for x in r.dropna())
                                                  if c and c != "RUS"}), axis=1)
    out = pd.DataFrame({"year": pd.to_numeric(df["yr"], errors="coerce"), "exercise": df["name"].str.strip(),
                        "partners": codes.map(";".join), "with_china": codes.map(lambda c: "CHN" in c),
                        "location": None, "source": "partial_compilation"})
    out = out.dropna(subset=["year"])
    out["year"] = out["year"].astype(int)
    return {"joint_exercises": out.drop_duplicates(["year", "exercise", "partners"])}
