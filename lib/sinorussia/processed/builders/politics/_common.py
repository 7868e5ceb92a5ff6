"""Helpers the political readers share: clean text fields, parse dates with the file named in the error."""

from __future__ import annotations

import pandas as pd

from ....errors import RawFormatError


def _clean(s: pd.Series) -> pd.Series:
    return s.str.replace(r"\s+", " ", regex=True).str.strip()


def _dates(s: pd.Series, fmt: str, label: str, column: str) -> pd.Series:
    d = pd.to_datetime(s, format=fmt, errors="coerce")
    if d.isna().any():
        raise RawFormatError(
            f"Raw file {label}: column '{column}' has values {s[d.isna()].head(3).tolist()} that "
            f"are not dates in the format {fmt}."
        )
    return d
