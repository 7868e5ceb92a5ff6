"""Schema validation with messages that name the table, the column and the offending rows."""
from __future__ import annotations

import pandas as pd
import pandera.errors as pae

from ..errors import TableValidationError
from .registry import Table


def _describe_failures(exc: pae.SchemaErrors, table: Table) -> str:
    fc = exc.failure_cases
    lines = []
    for (column, check), group in fc.groupby(["column", "check"], dropna=False, sort=False):
        rows = [int(i) for i in group["index"].dropna().tolist()[:8]]
        # +2: the CSV header is line 1 and rows are 0-based
        where = f" at CSV line(s) {[r + 2 for r in rows]}" if rows else ""
        values = group["failure_case"].astype(str).tolist()[:5]
        col = column if isinstance(column, str) else table.name
        lines.append(f"  - column '{col}': {check}{where}; values {values}")
    return "\n".join(lines)


def validate(df: pd.DataFrame, table: Table, origin: str = "") -> pd.DataFrame:
    try:
        return table.schema().validate(df, lazy=True)
    except pae.SchemaErrors as exc:
        raise TableValidationError(
            f"Table '{table.name}' ({origin or table.path}) breaks its schema:\n{_describe_failures(exc, table)}\n"
            f"Fix: rebuild it with `make data` (python -m sinorussia build {table.name}); if you edited "
            f"{table.path.name} by hand, restore it from git."
        ) from None
