"""Kpler's Russian crude exports by destination, 2021-2022, as republished by CREA (rows of energy_flows)."""

from __future__ import annotations

import re

import pandas as pd

from ....errors import RawFormatError
from ...countries import to_iso3
from ...sources import Sources, read_csv
from ._common import COUNTRY_EXTRA

KPLER = "kpler_crude_russia_exports"


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
            out.append(
                {
                    "year": int(year),
                    "origin": "RUS",
                    "destination": to_iso3(col, extra=COUNTRY_EXTRA, source=src.label(KPLER)),
                    "commodity": "crude_oil",
                    "value": float(v),
                    "unit": "undocumented",
                    "source": "kpler_crea",
                }
            )
    return out
