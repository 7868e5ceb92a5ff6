"""The one loading call: `load("trade_bilateral_annual")` -> a validated DataFrame with proper dtypes."""

from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd

from ..errors import TableValidationError, UnknownTableError
from . import builders  # noqa: F401  (registers every table)
from .registry import TABLES, Table
from .validate import validate


def table_names() -> list[str]:
    """The names of every processed table, sorted."""
    return sorted(TABLES)


def table_spec(name: str) -> Table:
    """The declaration of table `name`; an unknown name raises UnknownTableError with the closest names."""
    if name not in TABLES:
        close = difflib.get_close_matches(name, TABLES, n=3)
        hint = f" Did you mean {close}?" if close else ""
        raise UnknownTableError(
            f"No processed table named '{name}'.{hint} Available tables: {', '.join(sorted(TABLES))}"
        )
    return TABLES[name]


def _bad_rows(mask: pd.Series) -> list[int]:
    return [int(i) + 2 for i in mask[mask].index[:8]]  # CSV line numbers (header is line 1)


def _convert(raw: pd.DataFrame, table: Table, path: Path) -> pd.DataFrame:
    out = pd.DataFrame(index=raw.index)
    for col in raw.columns:
        spec = next((c for c in table.columns if c.name == col), None)
        s = raw[col]
        if spec is None:
            out[col] = s  # the schema reports unexpected columns
            continue
        empty = s.isna()
        if spec.dtype in ("int", "float"):
            num = pd.to_numeric(s, errors="coerce")
            bad = num.isna() & ~empty
            if bad.any():
                raise TableValidationError(
                    f"Table '{table.name}' ({path.name}): column '{col}' must be numeric; "
                    f"non-numeric values {s[bad].head(5).tolist()} at CSV line(s) {_bad_rows(bad)}. "
                    f"Fix: rebuild with `make data` or restore the file from git."
                )
            if spec.dtype == "int":
                if empty.any() or (num.dropna() % 1 != 0).any():
                    badi = empty | (num.fillna(0) % 1 != 0)
                    raise TableValidationError(
                        f"Table '{table.name}' ({path.name}): column '{col}' must hold whole numbers with no "
                        f"gaps; problem at CSV line(s) {_bad_rows(badi)}. Fix: rebuild with `make data`."
                    )
                num = num.astype("int64")
            else:
                num = num.astype("float64")
            out[col] = num
        elif spec.dtype == "date":
            dt = pd.to_datetime(s, errors="coerce", format="%Y-%m-%d")
            bad = dt.isna() & ~empty
            if bad.any():
                raise TableValidationError(
                    f"Table '{table.name}' ({path.name}): column '{col}' must be dates YYYY-MM-DD; "
                    f"bad values {s[bad].head(5).tolist()} at CSV line(s) {_bad_rows(bad)}."
                )
            out[col] = dt.astype("datetime64[ns]")
        elif spec.dtype == "bool":
            mapped = s.map({"True": True, "False": False, "true": True, "false": False})
            bad = mapped.isna()
            if bad.any():
                raise TableValidationError(
                    f"Table '{table.name}' ({path.name}): column '{col}' must be True/False; "
                    f"bad values at CSV line(s) {_bad_rows(bad)}."
                )
            out[col] = mapped.astype(bool)
        else:
            out[col] = s.astype("str").where(~empty, None) if empty.any() else s.astype("str")
    return out


def read_processed(path: Path, table: Table) -> pd.DataFrame:
    if not path.exists():
        raise TableValidationError(
            f"Table '{table.name}' has no file at {path}. Fix: run `make data` (builds data/processed/)."
        )
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    return validate(_convert(raw, table, path), table, origin=str(path.name))


def load(name: str, *, path: Path | None = None) -> pd.DataFrame:
    """Load a processed table by name, typed and validated against its schema."""
    table = table_spec(name)
    return read_processed(Path(path) if path else table.path, table)
