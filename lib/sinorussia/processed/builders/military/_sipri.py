"""SIPRI country names and the readers both SIPRI families share (header rows, numbers, the 2022 exports)."""

from __future__ import annotations

import csv

import pandas as pd

from ....errors import RawFormatError
from ...countries import to_iso3
from ...sources import Sources, find_header_row, require_columns

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
            f"code in the same year; fix SIPRI_NAMES in builders/military/_sipri.py."
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
