"""Schema validation with messages that name the table, the column and the offending rows."""

from __future__ import annotations

import pandas as pd
import pandera.errors as pae

from ..errors import TableValidationError
from .registry import Table


def _lines(rows) -> list[int]:
    # +2: the CSV header is line 1 and rows are 0-based
    return [int(r) + 2 for r in rows[:8]]


def _describe_failures(exc: pae.SchemaErrors, table: Table, df: pd.DataFrame) -> tuple[str, str]:
    fc = exc.failure_cases
    lines, kinds = [], set()
    unique = fc[fc["check"].astype(str).str.contains("unique")]
    if len(unique):
        kinds.add("duplicate key")
        rows = sorted({int(i) for i in unique["index"].dropna()})
        keys = df.loc[[r for r in rows if r in df.index], list(table.key)].drop_duplicates()
        shown = [tuple(k) for k in keys.head(5).itertuples(index=False)]
        lines.append(f"  - key ({', '.join(table.key)}) is duplicated at CSV line(s) {_lines(rows)}: {shown}")
    rest = fc.drop(unique.index)
    for (column, check), group in rest.groupby(["column", "check"], dropna=False, sort=False):
        if str(check) == "column_in_dataframe":
            kinds.add("missing column")
            lines.append(f"  - column(s) {group['failure_case'].astype(str).tolist()} missing")
            continue
        if str(check) == "column_ordered" or "column_in_schema" in str(check):
            kinds.add("unexpected column")
            lines.append(
                f"  - unexpected or misplaced column(s) {group['failure_case'].astype(str).tolist()} "
                f"(the contract is {table.column_names})"
            )
            continue
        kinds.add("invalid values")
        rows = group["index"].dropna().tolist()
        where = f" at CSV line(s) {_lines(rows)}" if rows else ""
        values = group["failure_case"].astype(str).tolist()[:5]
        lines.append(f"  - column '{column}': {check}{where}; values {values}")
    return ", ".join(sorted(kinds)), "\n".join(lines)


def validate(df: pd.DataFrame, table: Table, origin: str = "") -> pd.DataFrame:
    try:
        return table.schema().validate(df, lazy=True)
    except pae.SchemaErrors as exc:
        summary, detail = _describe_failures(exc, table, df)
        raise TableValidationError(
            f"Table '{table.name}' ({origin or table.path}) breaks its schema ({summary}):\n{detail}\n"
            f"Fix: rebuild it with `make data` (python -m sinorussia build {table.name}); if you edited "
            f"{table.path.name} by hand, restore it from git."
        ) from None
