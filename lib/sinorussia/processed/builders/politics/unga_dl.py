"""UN General Assembly recorded votes of 2020 and 2021 from the UN Digital Library voting records (scraped by
J. Witwicki): one row per recorded vote, one column per member state in UN spelling, Y/N/A/X.

Read into the same long form as the Voeten roll calls (rcid, country, vote, year), with X (absent) left out, so
that unga.py computes agreement for these years with the same definition."""

from __future__ import annotations

import re

import pandas as pd

from ....errors import RawFormatError
from ...sources import Sources, read_csv

DL_FILES = {2020: "unga_votes_2020", 2021: "unga_votes_2021"}  # the 2022 file is a fragment: not read (catalog)
# UN spelling of the focus states (the column names of the files)
UN_NAMES = {
    "RUS": "RUSSIAN FEDERATION",
    "CHN": "CHINA",
    "USA": "UNITED STATES",
    "GBR": "UNITED KINGDOM",
    "FRA": "FRANCE",
    "DEU": "GERMANY",
    "IND": "INDIA",
    "BLR": "BELARUS",
    "IRN": "IRAN (ISLAMIC REPUBLIC OF)",
    "MNG": "MONGOLIA",
    "KAZ": "KAZAKHSTAN",
    "KGZ": "KYRGYZSTAN",
    "TJK": "TAJIKISTAN",
    "TKM": "TURKMENISTAN",
    "UZB": "UZBEKISTAN",
}
DL_VOTES = {"Y": "yes", "N": "no", "A": "abstain", "X": None}  # X = absent: not a vote, as in the Voeten data
SYMBOL = re.compile(r"^A/RES/\d+/\d+")


def dl_votes(src: Sources, year: int) -> pd.DataFrame:
    """One year's file -> rcid ('<symbol>'), country (ISO3, focus states), vote (yes/no/abstain), year.

    The first (unnamed) column holds the resolution symbol; a trailing row 'Country' without votes is dropped.
    A combined record 'A/RES/n/mA-C' whose parts [A], [B], [C] are also listed is the same votes listed twice
    and is dropped (2020: A/RES/75/254A-C)."""
    dataset_id = DL_FILES[year]
    label = src.label(dataset_id)
    df = read_csv(src, dataset_id, list(UN_NAMES.values()), dtype=str, keep_default_na=False)
    first = df.columns[0]
    if not first.startswith("Unnamed"):
        raise RawFormatError(
            f"Raw file {label}: the first column should be the unnamed column of resolution symbols, not '{first}'."
        )
    df = df.rename(columns={first: "symbol"})
    df["symbol"] = df["symbol"].str.strip()
    df = df[df["symbol"] != "Country"]
    bad_symbol = df.loc[~df["symbol"].str.match(SYMBOL), "symbol"].tolist()
    if bad_symbol:
        raise RawFormatError(f"Raw file {label}: rows {bad_symbol[:3]} are not resolution symbols 'A/RES/<n>/<m>'.")
    combined = df["symbol"].str.fullmatch(r"(A/RES/\d+/\d+)A-C")
    parts = set(df["symbol"])
    repeated = [s for s, c in zip(df["symbol"], combined) if c and all(f"{s[:-3]}[{p}]" in parts for p in "ABC")]
    df = df[~df["symbol"].isin(repeated)]
    if df["symbol"].duplicated().any():
        raise RawFormatError(f"Raw file {label}: symbol(s) {df.loc[df.symbol.duplicated(), 'symbol'].tolist()} repeat.")
    long = df.melt(id_vars="symbol", value_vars=list(UN_NAMES.values()), var_name="name", value_name="code")
    long["code"] = long["code"].str.strip()
    bad = sorted(set(long["code"]) - set(DL_VOTES))
    if bad:
        raise RawFormatError(f"Raw file {label}: vote codes {bad}; expected {sorted(DL_VOTES)} (X = absent).")
    iso = {v: k for k, v in UN_NAMES.items()}
    out = pd.DataFrame(
        {"rcid": long["symbol"], "country": long["name"].map(iso), "vote": long["code"].map(DL_VOTES), "year": year}
    )
    return out.dropna(subset=["vote"]).reset_index(drop=True)
