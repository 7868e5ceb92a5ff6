"""Run the builders: raw files -> validated, deterministic CSV tables in data/processed/."""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import TableValidationError, WorkbookError
from .registry import BUILDERS, TABLES, Table
from .sources import Sources
from .validate import validate

log = logging.getLogger(__name__)


def canonical(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Column order from the contract, rows sorted by key: the same input gives the same bytes."""
    missing = [c for c in table.column_names if c not in df.columns]
    extra = [c for c in df.columns if c not in table.column_names]
    if missing or extra:
        raise TableValidationError(
            f"builder {table.builder} returned table '{table.name}' with missing columns {missing} "
            f"and unexpected columns {extra}; the contract is {table.column_names}."
        )
    df = df[table.column_names]
    return df.sort_values(list(table.key), kind="mergesort").reset_index(drop=True)


def write_table(df: pd.DataFrame, table: Table, out_dir: Path | None = None) -> Path:
    out_dir = Path(out_dir or paths.PROCESSED_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{table.name}.csv"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{table.name}.", suffix=".tmp")
    os.close(fd)
    try:
        df.to_csv(tmp, index=False, lineterminator="\n", date_format="%Y-%m-%d")
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; processed tables are ordinary repository files
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def builders_for(names: list[str] | None):
    if not names:
        return list(BUILDERS.values())
    unknown = [n for n in names if n not in TABLES and n not in BUILDERS]
    if unknown:
        raise WorkbookError(f"unknown table(s) or builder(s) {unknown}; tables: {', '.join(sorted(TABLES))}")
    wanted = {TABLES[n].builder if n in TABLES else n for n in names}
    return [b for b in BUILDERS.values() if b.name in wanted]


def build(names: list[str] | None = None, out_dir: Path | None = None) -> dict[str, Path]:
    """Build the named tables (or all), validate each against its schema, and write them."""
    from . import builders  # noqa: F401  (registers every builder module)

    written: dict[str, Path] = {}
    pending = builders_for(names)
    # builders that read other processed tables run after those tables' builders
    order = sorted(pending, key=lambda b: (len(b.depends_on) > 0, b.name))
    for b in order:
        tables = b.func(Sources(b.name, b.reads))
        if set(tables) != set(b.tables):
            raise TableValidationError(f"builder {b.name} declared tables {sorted(b.tables)} but returned {sorted(tables)}")
        for name, df in tables.items():
            table = TABLES[name]
            df = canonical(df, table)
            validate(df, table, origin=f"built by {b.name}")
            written[name] = write_table(df, table, out_dir)
            log.info("built %s (%d rows)", name, len(df))
    return written
