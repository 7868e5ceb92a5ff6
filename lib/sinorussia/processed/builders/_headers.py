"""Locate spreadsheet columns by their header text, never by position.

Statistics offices move, insert and swap columns between editions. A reader that takes 'column D'
then reads the wrong series without a word; these helpers find each column by its header (year,
flow, unit) and refuse a sheet whose headers are not the layout the builder was written for, with
one line naming the file, the sheet, the field and the fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

from ...errors import RawFormatError

_YEAR = re.compile(r"((?:19|20)\d{2})(?:\.0)?(?:\s*\d)?\*?")  # '2023', 2023.0, '2023 1' (footnote 1), '2023*'


def text(value: object) -> str:
    """A cell as one lower-case line ('' for empty, NaN or whitespace-only cells)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return " ".join(str(value).split()).lower()


def col_name(j: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA), for messages."""
    name = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        name = chr(65 + r) + name
    return name


def refuse(where: str, field: str, problem: str, fix: str | None = None) -> RawFormatError:
    """The one-line error for a sheet whose layout is not what the builder expects."""
    fix = fix or "the publisher changed the layout: check the file, then update the builder to the new headers"
    return RawFormatError(f"Raw file {where}: {field}: {problem}. Fix: {fix}.")


def year_of(value: object) -> int | None:
    """The year a header cell names, or None."""
    if isinstance(value, (int, float)) and not pd.isna(value) and float(value).is_integer():
        y = int(value)
        return y if 1900 <= y <= 2099 else None
    m = _YEAR.fullmatch(text(value))
    return int(m.group(1)) if m else None


def find_row(df: pd.DataFrame, test, *, where: str, field: str, rows: int = 15) -> int:
    """Index of the first of the top `rows` rows for which test(row) is true; refuse the sheet otherwise."""
    for i in range(min(rows, len(df))):
        if test(df.iloc[i]):
            return i
    raise refuse(where, field, f"no such header row in the first {rows} rows")


def require_unit(df: pd.DataFrame, unit: str, *, above: int, where: str) -> None:
    """Refuse a sheet that does not state `unit` (e.g. 'тыс. долларов сша') in a cell above row `above`."""
    cells = [text(v) for v in df.iloc[: above + 1].to_numpy().ravel()]
    if not any(unit in c for c in cells):
        found = [c for c in cells if "доллар" in c or "dollar" in c or "usd" in c]
        raise refuse(
            where,
            "unit",
            f"expected '{unit}' above the header, found {found or 'no unit'}",
            "the values would be read in the wrong unit: check the file's unit and update the builder's factor",
        )


def year_columns(header: pd.Series, *, where: str, start: int = 0) -> dict[int, int]:
    """{column: year} for the year headers of a row from column `start` on, checked to run 1, 2, 3 … in order.

    Swapped or duplicated year columns, and a year header that does not follow its neighbour, are
    refused: the reader would otherwise file one year's values under another.
    """
    cols = {j: y for j in range(start, len(header)) if (y := year_of(header.iloc[j])) is not None}
    if not cols:
        raise refuse(where, "year headers", "none found in the header row")
    js, ys = list(cols), list(cols.values())
    for (j0, y0), (j1, y1) in zip(zip(js, ys), zip(js[1:], ys[1:])):
        if j1 != j0 + 1 or y1 != y0 + 1:
            raise refuse(
                where,
                "year headers",
                f"column {col_name(j1)} is {y1} after {y0} in column {col_name(j0)} (expected {y0 + 1} "
                "in the next column: years swapped, duplicated or a column inserted)",
            )
    return cols


def refuse_other_columns(df: pd.DataFrame, used: Iterable[int], *, where: str, first_row: int = 0) -> None:
    """Refuse a sheet with a non-empty column the builder does not read: an inserted or moved column."""
    used = set(used)
    for j in range(df.shape[1]):
        if j in used:
            continue
        filled = [i for i in range(first_row, len(df)) if text(df.iat[i, j])]
        if filled:
            i = filled[0]
            raise refuse(
                where,
                f"column {col_name(j)}",
                f"unexpected non-empty column (first value {df.iat[i, j]!r} in row {i + 1}); "
                "the builder reads only the columns it finds by header",
            )


def header_blocks(top: pd.Series, expected: Sequence[str], *, where: str, start: int = 1) -> dict[str, int]:
    """{header: first column} for merged top headers that must read exactly `expected`, in that order."""
    found = [(j, text(top.iloc[j])) for j in range(start, len(top)) if text(top.iloc[j])]
    if [t for _, t in found] != [e.lower() for e in expected]:
        shown = [" ".join(str(top.iloc[j]).split()) for j, _ in found]
        raise refuse(where, "column headers", f"expected {list(expected)} in that order, found {shown}")
    return {e: j for e, (j, _) in zip(expected, found)}


def fcs_year_sheet(df: pd.DataFrame, year: int, *, where: str) -> tuple[int, int]:
    """(label column, value column) of one year's sheet of Russia's FCS annual file (94itog.xlsx).

    The value column is the one headed by the sheet's year, the label column the one holding the
    'Экспорт' and 'Импорт' rows; the unit must be million USD and no other column may hold data.
    """
    h = find_row(
        df, lambda r: any(year_of(v) == year for v in r), where=where, field=f"the year header {year}", rows=10
    )
    value = [j for j in range(df.shape[1]) if year_of(df.iat[h, j]) == year]
    labels = [j for j in range(df.shape[1]) if "экспорт" in {text(v) for v in df.iloc[h:, j]}]
    if len(value) != 1 or len(labels) != 1 or labels[0] == value[0]:
        raise refuse(
            where,
            "columns",
            f"expected one column headed {year} and one holding the 'Экспорт' row, found "
            f"{[col_name(j) for j in value]} and {[col_name(j) for j in labels]}",
        )
    require_unit(df, "млн долларов сша", above=h, where=where)
    refuse_other_columns(df, {labels[0], value[0]}, where=where)
    return labels[0], value[0]


def in_thousands(rows: list[dict], where: str, at_least: float = 1e5) -> None:
    """Refuse a file whose largest partner in some year is below `at_least` thousand USD (100 million USD):
    its values would be in million USD (a column renamed or rescaled upstream), read 1000 times too small."""
    top: dict[tuple[str, int], float] = {}
    for r in rows:
        if r["partner"] != "WLD":
            key = (r["flow"], r["year"])
            top[key] = max(top.get(key, 0.0), r["value_usd"] / 1e3)
    low = {k: v for k, v in top.items() if v < at_least}
    if low:
        (flow, year), v = min(low.items(), key=lambda kv: kv[1])
        raise refuse(
            where,
            "unit",
            f"the largest partner's {flow} in {year} is {v:,.1f}, too small for thousand USD (at least {at_least:,.0f})",
            "the publisher changed the unit (million USD?): check the file and update the builder's factor",
        )
