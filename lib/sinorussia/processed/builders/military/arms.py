"""Arms transfers: SIPRI's 2022 exports-by-recipient files and its 2026 trade register, in one table."""

from __future__ import annotations

import io

import pandas as pd

from ....errors import RawFormatError
from ...registry import Column, Table, builder, iso3, register
from ...sources import Sources, read_csv, require_columns
from ._sipri import TIV_2022, _header_row, _number, _tiv_2022, sipri_code

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
