"""Helpers the trade readers share: unit conversion, guarded Excel reading, complete-year sums."""

from __future__ import annotations

import re

import pandas as pd

from ....errors import RawFormatError
from ...sources import Sources


def _usd(values: pd.Series, factor: float) -> pd.Series:
    """Convert thousands/millions/billions to US dollars, rounded to the cent (removes float noise)."""
    return (values.astype("float64") * factor).round(2)


def _read_sheets(src: Sources, dataset_id: str, sheets: list[str]) -> dict[str, pd.DataFrame]:
    path = src.path(dataset_id)
    try:
        book = pd.ExcelFile(path)
    except Exception as exc:
        raise RawFormatError(
            f"Raw file {src.label(dataset_id)} could not be opened as Excel by builder {src.builder_name}: {exc}"
        ) from None
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


def _require_cell(
    df: pd.DataFrame, pattern: str, *, label: str, sheet: str, what: str, rows: int = 12
) -> tuple[int, int]:
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
    return (
        g.drop(columns="count").rename(columns={"sum": "value_usd"}).assign(value_usd=lambda d: d["value_usd"].round(2))
    )
