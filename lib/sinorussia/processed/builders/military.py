"""Arms transfers (SIPRI, two vintages), military expenditure (SIPRI) and joint exercises (partial list)."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from ...errors import RawFormatError
from ..countries import to_iso3
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources, find_header_row, read_csv, require_columns

# ---------------------------------------------------------------------------------------------- tables

ARMS = register(
    Table(
        name="arms_transfers",
        title="Transfers of major conventional arms, SIPRI trend-indicator values (two SIPRI vintages)",
        description=(
            "Deliveries of major conventional arms per delivery year from a supplier to a recipient, in millions of "
            "SIPRI trend-indicator values (TIV). Recipient WLD = the supplier's exports to all recipients; supplier "
            "WLD = the recipient's imports from all suppliers (sipri_2026 only). Two SIPRI vintages, one `source` "
            "each: never mix them in one series."
        ),
        columns=(
            Column("year", "int", "Delivery year", min=1950, max=2025),
            iso3("supplier", "Supplier (SUN = Soviet Union; WLD = all suppliers, sipri_2026 only)"),
            iso3("recipient", "Recipient (WLD = all recipients, including non-state and unknown ones)"),
            Column("tiv_musd", "float", "Volume of deliveries", unit="million TIV (not US dollars)", min=0),
            Column("source", "str", "SIPRI vintage", allowed=("sipri_2022", "sipri_2026")),
        ),
        key=("year", "supplier", "recipient", "source"),
        sources=(
            "sipri_tiv_exports_rus_2022",
            "sipri_tiv_exports_usr_2022",
            "sipri_tiv_exports_chi_2022",
            "sipri_tiv_exports_usa_2022",
            "sipri_tiv_exports_fra_2022",
            "sipri_trade_register_2026",
            "sipri_tiv_russia_china_2026",
        ),
        notes=(
            "TIV measures the military capability transferred, not a price: compare volumes and shares, never dollars "
            "(the column name keeps the contract's 'musd' but the unit is million TIV).",
            "sipri_2022 (SIPRI, generated 28 July 2022): exports of Russia (RUS, from 1992), the Soviet Union (SUN, to "
            "1991), China, the United States and France to every recipient, 1950–2021. Recipient WLD is SIPRI's own "
            "'Total' row, which also counts the non-state, unknown and multinational recipients that have no country row "
            "here; country rows therefore need not add up to WLD (and SIPRI rounds each cell).",
            "sipri_2026 (SIPRI trade register generated 12 Feb 2026, one row per deal and delivery year, summed here by "
            "delivery year, supplier and recipient): every supplier's deliveries to China (CHN), Russia's and China's "
            "deliveries to every recipient, each supplier's total exports (recipient WLD), each recipient's total imports "
            "(supplier WLD) and the world total (WLD→WLD), 1995–2024 (the register has no 2025 deliveries). Totals are "
            "sums over all rows, including non-state and unknown parties. Other supplier→recipient pairs are left out "
            "to keep the table small: shares of Russia or China in any recipient's imports can be computed from what is "
            "kept.",
            "sipri_2026 RUS→CHN and RUS→WLD for 1992–1994 come from SIPRI's Russia–China table generated 13 Feb 2026 "
            "(the register starts in 1995). The builder checks that the register sums for RUS→CHN and RUS→WLD, "
            "1995–2024, equal that table within its rounding (≤0.5 TIV); they do.",
            "A SIPRI '0' means deliveries of 0–0.5 million TIV and is kept as 0; an empty cell means no deliveries "
            "identified and has no row (not a zero row).",
            "Non-state actors (names ending in '*'), organisations ('**', e.g. NATO, UN, African Union, EU), unknown "
            "parties and breakaway or rival authorities (Biafra, Katanga, Libya GNC, Northern Cyprus) have no country "
            "row; they stay in the WLD totals.",
            "Historical states keep historical codes: SUN Soviet Union, CSK Czechoslovakia, DDR East Germany, YUG "
            "Yugoslavia, YMD South Yemen; North Yemen is YEM (its ISO code); SIPRI's 'Viet Nam' before 1976 is North "
            "Vietnam (ISO 3166-3 VDR) and SIPRI's 'South Vietnam' is VNM (its ISO code until unification). "
            "'Western Sahara' is ESH; 'Kosovo' is XKX.",
            "SIPRI revises its history between releases: the two vintages differ for the same years; compare within "
            "one source.",
        ),
    )
)

MILEX = register(
    Table(
        name="military_expenditure",
        title="Military expenditure (SIPRI Military Expenditure Database 2025)",
        description=(
            "Military spending per country and year in current and constant (2023) US dollars, and as "
            "shares of GDP and of general government spending. All countries in the database (for ranks)."
        ),
        columns=(
            Column("year", "int", "Calendar year", min=1949, max=2024),
            iso3("country", "Country (SUN Soviet Union, CSK, DDR, YUG for former states; EUU European Union)"),
            Column(
                "measure",
                "str",
                "Measure",
                allowed=("current_usd", "constant_2023_usd", "share_of_gdp", "share_of_govt_spending"),
            ),
            Column("value", "float", "Value, in `unit`", min=0),
            Column("unit", "str", "USD (whole dollars) or share (0–1)", allowed=("USD", "share")),
            Column("source", "str", "Source slug", allowed=("sipri_milex_2025",)),
        ),
        key=("year", "country", "measure", "source"),
        sources=(
            "sipri_milex_current_us",
            "sipri_milex_constant_2023_us",
            "sipri_milex_share_of_gdp",
            "sipri_milex_share_of_govt_spending",
        ),
        notes=(
            "SIPRI publishes US dollar values in millions (converted to US dollars here) and shares in percent "
            "(converted to 0–1 shares here). A share can exceed 1: Kuwait's 1991 spending (Gulf War) is 1.17 of GDP.",
            "The JSON copy of the database carries no '...' (not available) or 'xxx' (country did not exist) markers: "
            "both are null in it, and every null is left out (no row), never written as 0.",
            "SIPRI's figures for China and Russia are SIPRI estimates, well above the official defence budgets. Russia's "
            "series starts in 1992 (constant USD, share of GDP) or 1993 (current USD); the Soviet Union (SUN) has "
            "current-USD values only for 1987–1990 and constant-USD values for 1988–1990.",
            "The European Union (EUU) has values from 2022 only; they are not the sum of its member states, which have "
            "their own rows.",
            "North Yemen ('Yemen, North', 1988–1989 only) is coded YEM like unified Yemen; the years do not overlap.",
        ),
    )
)

EXERCISES = register(
    Table(
        name="joint_exercises",
        title="Joint military exercises involving Russia, 2009–2018 — PARTIAL, UNVERIFIED compilation",
        description=(
            "Exercises of Russia's armed forces with foreign partners, as listed by an unknown compiler from "
            "Russian Ministry of Defence web pages. PARTIAL and UNVERIFIED: use it to illustrate; a count "
            "from it is only a lower bound, and its year-to-year pattern is not a trend."
        ),
        columns=(
            Column("year", "int", "Year of the exercise", min=2009, max=2018),
            Column("exercise", "str", "Exercise name as listed (Russian; the compilation gives no English names)"),
            Column("partners", "str", "ISO3 codes of the participants other than Russia, ';'-joined alphabetically"),
            Column("with_china", "bool", "China is among the listed participants"),
            Column("location", "str", "Location (the compilation gives none: always empty)", nullable=True),
            Column("source", "str", "Source slug", allowed=("partial_compilation",)),
        ),
        key=("year", "exercise", "partners"),
        sources=("joint_exercises_russia",),
        notes=(
            "PARTIAL, UNVERIFIED compilation (99 exercises, 12 of them with China): it misses well-known exercises, "
            "e.g. Vostok-2018, in which China took part. Any count from it is a lower bound at best.",
            "Names are kept exactly as listed, in Russian, typos included (e.g. 'Морское взаимодействе-2014'); some "
            "English equivalents: Мирная миссия = Peace Mission (SCO), Морское взаимодействие = Joint Sea, Индра = "
            "Indra, Запад = Zapad, Центр = Tsentr. Joint Sea 2015 is listed twice, spelled differently (its two "
            "phases).",
            "The compilation gives no location: the column is empty. It gives only a year, no dates.",
            "Partners are as listed: for 'Болд Монарх-2011' the compiler notes that all NATO members are listed, "
            "including some that did not take part. The file's many empty rows are skipped.",
        ),
    )
)

# ----------------------------------------------------------------------------------- SIPRI country names

# SIPRI (and SIPRI milex) spellings that the shared country table does not know, lower-case.
SIPRI_NAMES = {
    "soviet union": "SUN",
    "ussr": "SUN",
    "korea south": "KOR",
    "korea north": "PRK",
    "viet nam": "VNM",
    "south vietnam": "VNM",
    "north yemen": "YEM",
    "yemen arab republic": "YEM",
    "yemen, north": "YEM",
    "south yemen": "YMD",
    "czechoslovakia": "CSK",
    "east germany (gdr)": "DDR",
    "german democratic republic": "DDR",
    "west germany (frg)": "DEU",
    "yugoslavia": "YUG",
    "western sahara": "ESH",
    "saint vincent": "VCT",
    "micronesia": "FSM",
    "timor leste": "TLS",
    "congo, dr": "COD",
    "congo, republic": "COG",
    "eswatini": "SWZ",
    "cabo verde": "CPV",
    "kosovo": "XKX",
    "european union": "EUU",
}
# Parties without an asterisk that are not states (secessionist or rival authorities).
SIPRI_NON_STATE = {"biafra", "katanga", "libya gnc", "northern cyprus"}


def sipri_code(name: str, source: str, year: int | None = None) -> str | None:
    """ISO3 for a SIPRI party name; None for non-state actors, organisations and unknown parties.

    Unknown country names raise (RawFormatError), so a new spelling is never silently dropped."""
    n = " ".join(str(name).strip().lower().split())
    if not n or n.endswith("*") or n.startswith("unknown") or n in SIPRI_NON_STATE:
        return None
    if n == "viet nam" and year is not None and year < 1976:
        return "VDR"  # North Vietnam before unification (ISO 3166-3)
    return to_iso3(n, extra=SIPRI_NAMES, source=source)


def _header_row(src: Sources, dataset_id: str, first_cell: str, encoding: str = "utf-8-sig") -> int:
    """find_header_row, with the catalog id and the file named in the error."""
    try:
        return find_header_row(src.path(dataset_id), first_cell, encoding=encoding)
    except RawFormatError:
        raise RawFormatError(
            f"Raw file {src.label(dataset_id)}: no header row starting with '{first_cell}' in its "
            f"first 60 rows; the SIPRI layout changed: update builder {src.builder_name}."
        ) from None


def _number(values: pd.Series, label: str, what: str) -> pd.Series:
    num = pd.to_numeric(values, errors="coerce")
    bad = num.isna() & values.notna()
    if bad.any():
        raise RawFormatError(
            f"Raw file {label}: non-numeric {what} {values[bad].head(5).tolist()}; "
            f"the SIPRI layout changed: update the builder."
        )
    return num


# ----------------------------------------------------------------------------------- SIPRI 2022 vintage

TIV_2022 = {
    "sipri_tiv_exports_rus_2022": "RUS",
    "sipri_tiv_exports_usr_2022": "SUN",
    "sipri_tiv_exports_chi_2022": "CHN",
    "sipri_tiv_exports_usa_2022": "USA",
    "sipri_tiv_exports_fra_2022": "FRA",
}


def _tiv_2022(src: Sources, dataset_id: str, supplier: str) -> pd.DataFrame:
    """SIPRI 'TIV of arms exports from X, 1950-2021': notes, a year row with an empty first cell, one row per
    recipient, a blank row and a 'Total' row; a last 'Total' column sums the years (not used)."""
    label = src.label(dataset_id)
    with open(src.path(dataset_id), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = next(
        (i for i, r in enumerate(rows[:60]) if len(r) > 1 and r[0].strip() == "" and r[1].strip() == "1950"), None
    )
    if header is None:
        raise RawFormatError(
            f"Raw file {label}: no header row of years (',1950,1951,…') in its first 60 rows; "
            f"the SIPRI export layout changed: update the builder."
        )
    cols = [c.strip() for c in rows[header]]
    cols[0] = "recipient_name"
    width = len(cols)
    body = []
    for r in rows[header + 1 :]:
        if len(r) > width and any(c.strip() for c in r[width:]):
            raise RawFormatError(
                f"Raw file {label}: row {r[0]!r} has {len(r)} fields, the header {width}; "
                f"a name may contain an unquoted comma."
            )
        body.append((r + [""] * width)[:width])
    df = pd.DataFrame(body, columns=cols)
    require_columns(df, ["1950", "2021"], source=label, builder=src.builder_name)
    df["recipient_name"] = df["recipient_name"].str.strip()
    if not (df["recipient_name"] == "Total").any():
        raise RawFormatError(f"Raw file {label}: no 'Total' row (the supplier's exports to all recipients).")
    df = df[df["recipient_name"] != ""]
    years = [c for c in df.columns if c.isdigit()]
    long = df.melt(id_vars="recipient_name", value_vars=years, var_name="year", value_name="tiv")
    long["tiv"] = long["tiv"].str.strip().replace("", None)
    long = long.dropna(subset=["tiv"])  # blank = no deliveries: no row
    long["tiv"] = _number(long["tiv"], label, "TIV values")
    long["year"] = long["year"].astype(int)
    long["recipient"] = [
        "WLD" if n == "Total" else sipri_code(n, label, y) for n, y in zip(long["recipient_name"], long["year"])
    ]
    long = long.dropna(subset=["recipient"])
    clash = long[long.duplicated(["year", "recipient"], keep=False)]
    if len(clash):
        raise RawFormatError(
            f"Raw file {label}: SIPRI names {sorted(set(clash.recipient_name))} map to the same "
            f"code in the same year; fix SIPRI_NAMES in builders/military.py."
        )
    return pd.DataFrame(
        {
            "year": long["year"],
            "supplier": supplier,
            "recipient": long["recipient"],
            "tiv_musd": long["tiv"].astype(float),
            "source": "sipri_2022",
        }
    )


# ----------------------------------------------------------------------------------- SIPRI 2026 vintage

REGISTER_COLUMNS = ["Supplier", "Recipient", "Delivery year", "TIV delivery values"]


def read_register(src: Sources) -> pd.DataFrame:
    """The SIPRI trade register: notes, then a CSV whose every line ends with ';'."""
    dataset_id = "sipri_trade_register_2026"
    path, label = src.path(dataset_id), src.label(dataset_id)
    header = _header_row(src, dataset_id, "SIPRI AT Database ID", encoding="utf-8")
    with open(path, encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()[header:]
    text = "\n".join(line[:-1] if line.endswith(";") else line for line in lines)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str)
    except pd.errors.ParserError as exc:
        raise RawFormatError(f"Raw file {label} could not be parsed by builder {src.builder_name}: {exc}") from None
    require_columns(df, REGISTER_COLUMNS, source=label, builder=src.builder_name)
    df["year"] = _number(df["Delivery year"], label, "'Delivery year' values")
    df["tiv"] = _number(df["TIV delivery values"], label, "'TIV delivery values'")
    if df["year"].isna().any() or df["tiv"].isna().any():
        raise RawFormatError(f"Raw file {label}: rows without 'Delivery year' or 'TIV delivery values'.")
    df["year"] = df["year"].astype(int)
    df["supplier"] = df["Supplier"].map(lambda n: sipri_code(n, label))
    df["recipient"] = df["Recipient"].map(lambda n: sipri_code(n, label))
    return df


def read_russia_china_2026(src: Sources) -> pd.DataFrame:
    """SIPRI's own 2026 table: rows 'China' and 'Total exports from Russia', columns 1990…2024 (+ totals)."""
    dataset_id = "sipri_tiv_russia_china_2026"
    label = src.label(dataset_id)
    t = read_csv(
        src, dataset_id, ["Recipient", "1992", "2024"], skiprows=_header_row(src, dataset_id, "Recipient"), dtype=str
    )
    t["Recipient"] = t["Recipient"].str.strip()
    want = {"China": "CHN", "Total exports from Russia": "WLD"}
    missing = [w for w in want if w not in set(t["Recipient"])]
    if missing:
        raise RawFormatError(f"Raw file {label}: no row(s) {missing} in column 'Recipient'.")
    years = [c for c in t.columns if c.isdigit()]
    long = t[t["Recipient"].isin(want)].melt(id_vars="Recipient", value_vars=years, var_name="year", value_name="tiv")
    long = long.dropna(subset=["tiv"])
    return pd.DataFrame(
        {
            "year": long["year"].astype(int),
            "supplier": "RUS",
            "recipient": long["Recipient"].map(want),
            "tiv_musd": _number(long["tiv"], label, "TIV values"),
        }
    )


def _register_2026(src: Sources) -> pd.DataFrame:
    reg = read_register(src)
    key = ["year", "supplier", "recipient"]
    pairs = reg.dropna(subset=["supplier", "recipient"]).groupby(key, as_index=False)["tiv"].sum()
    pairs = pairs[(pairs.recipient == "CHN") | pairs.supplier.isin(["RUS", "CHN"])]
    exports = (
        reg.dropna(subset=["supplier"])
        .groupby(["year", "supplier"], as_index=False)["tiv"]
        .sum()
        .assign(recipient="WLD")
    )
    imports = (
        reg.dropna(subset=["recipient"])
        .groupby(["year", "recipient"], as_index=False)["tiv"]
        .sum()
        .assign(supplier="WLD")
    )
    world = reg.groupby("year", as_index=False)["tiv"].sum().assign(supplier="WLD", recipient="WLD")
    out = pd.concat([pairs, exports, imports, world], ignore_index=True).rename(columns={"tiv": "tiv_musd"})
    out["tiv_musd"] = out["tiv_musd"].round(2)  # register values carry two decimals; remove float noise

    # cross-check with SIPRI's own Russia→China table of the same vintage, and take 1992–1994 from it
    table = read_russia_china_2026(src)
    label = src.label("sipri_trade_register_2026")
    for _, row in table[table.year >= 1995].iterrows():
        ours = out[(out.year == row.year) & (out.supplier == "RUS") & (out.recipient == row.recipient)].tiv_musd.sum()
        if abs(ours - row.tiv_musd) > 0.5 + 1e-9:
            raise RawFormatError(
                f"Raw file {label}: deliveries RUS→{row.recipient} in {row.year} sum to {ours:.2f} TIV but SIPRI's "
                f"table {src.label('sipri_tiv_russia_china_2026')} gives {row.tiv_musd:g}: the register changed."
            )
    early = table[table.year < reg.year.min()]
    out = pd.concat([out, early], ignore_index=True)
    out["source"] = "sipri_2026"
    return out


@builder(reads=list(ARMS.sources), tables=[ARMS])
def build_arms(src: Sources) -> dict[str, pd.DataFrame]:
    """Both SIPRI vintages; the 2026 register is cross-checked against SIPRI's own 2026 Russia→China table."""
    parts = [_tiv_2022(src, dataset_id, supplier) for dataset_id, supplier in TIV_2022.items()]
    parts.append(_register_2026(src))
    return {"arms_transfers": pd.concat(parts, ignore_index=True)}


# ------------------------------------------------------------------------------ military expenditure

MILEX_FILES = {
    "sipri_milex_current_us": ("current_usd", "USD", 1e6),
    "sipri_milex_constant_2023_us": ("constant_2023_usd", "USD", 1e6),
    "sipri_milex_share_of_gdp": ("share_of_gdp", "share", 0.01),
    "sipri_milex_share_of_govt_spending": ("share_of_govt_spending", "share", 0.01),
}
MILEX_MISSING = {"...", "xxx", ". .", ""}


def _milex(src: Sources, dataset_id: str, measure: str, unit: str, factor: float) -> pd.DataFrame:
    label = src.label(dataset_id)
    try:
        records = json.loads(src.path(dataset_id).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RawFormatError(f"Raw file {label} is not valid JSON: {exc}") from None
    if not isinstance(records, list) or not records or not all(isinstance(r, dict) for r in records):
        raise RawFormatError(f"Raw file {label}: expected a JSON list of records (one per country).")
    df = require_columns(pd.DataFrame(records), ["country", "2000", "2024"], source=label, builder=src.builder_name)
    years = [c for c in df.columns if str(c).isdigit()]
    long = df.melt(id_vars="country", value_vars=years, var_name="year", value_name="v")
    long["v"] = long["v"].map(lambda x: None if isinstance(x, str) and x.strip() in MILEX_MISSING else x)
    long = long.dropna(subset=["v"])
    long["v"] = _number(long["v"].astype(object), label, "values")
    long["year"] = long["year"].astype(int)
    long["code"] = long["country"].map(lambda n: sipri_code(n, label))
    long = long.dropna(subset=["code"])
    clash = long[long.duplicated(["year", "code"], keep=False)]
    if len(clash):
        raise RawFormatError(
            f"Raw file {label}: countries {sorted(set(clash.country))} map to the same code in "
            f"the same year; fix SIPRI_NAMES in builders/military.py."
        )
    value = long["v"].astype(float) * factor
    return pd.DataFrame(
        {
            "year": long["year"],
            "country": long["code"],
            "measure": measure,
            "value": value.round(0 if unit == "USD" else 8),
            "unit": unit,
            "source": "sipri_milex_2025",
        }
    )


@builder(reads=list(MILEX_FILES), tables=[MILEX])
def build_milex(src: Sources) -> dict[str, pd.DataFrame]:
    """SIPRI JSON (one record per country, one key per year) to long format, in USD and 0–1 shares."""
    parts = [_milex(src, dataset_id, *spec) for dataset_id, spec in MILEX_FILES.items()]
    return {"military_expenditure": pd.concat(parts, ignore_index=True)}


# ----------------------------------------------------------------------------------- joint exercises

EXERCISE_NAMES = {"united states of america": "USA"}


@builder(reads=["joint_exercises_russia"], tables=[EXERCISES])
def build_exercises(src: Sources) -> dict[str, pd.DataFrame]:
    """Listed exercises (rows with a name and a year); partner names to ISO3."""
    dataset_id = "joint_exercises_russia"
    label = src.label(dataset_id)
    df = read_csv(src, dataset_id, ["name", "yr", "part1"], dtype=str)
    df = df.dropna(how="all")
    half = df["name"].isna() != df["yr"].isna()
    if half.any():
        raise RawFormatError(
            f"Raw file {label}: rows {df.index[half].tolist()[:5]} have a 'name' without a 'yr' or the reverse."
        )
    df = df.dropna(subset=["name", "yr"])
    part_cols = [c for c in df.columns if c.startswith("part") and c[4:].isdigit()]
    codes = df[part_cols].apply(
        lambda r: sorted({to_iso3(x, extra=EXERCISE_NAMES, source=label) for x in r.dropna() if x.strip()} - {"RUS"}),
        axis=1,
    )
    year = pd.to_numeric(df["yr"], errors="coerce")
    if year.isna().any():
        raise RawFormatError(f"Raw file {label}: non-numeric 'yr' values {df['yr'][year.isna()].tolist()[:5]}.")
    out = pd.DataFrame(
        {
            "year": year.astype(int),
            "exercise": df["name"].str.strip(),
            "partners": codes.map(";".join),
            "with_china": codes.map(lambda c: "CHN" in c).astype(bool),
            "location": pd.Series([None] * len(df), index=df.index, dtype="str"),
            "source": "partial_compilation",
        }
    )
    return {"joint_exercises": out}
