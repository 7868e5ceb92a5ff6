"""Run the builders: raw files -> validated, deterministic CSV tables in data/processed/."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import TableValidationError, WorkbookError
from ..fsio import atomic_path
from ..raw import raw_path
from . import builders  # noqa: F401  (registers every builder module)
from .registry import BUILDERS, TABLES, Builder, Table
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
    """Write one table as <out_dir>/<name>.csv (default data/processed/): a reader sees the old file or the new one."""
    target = Path(out_dir or paths.PROCESSED_DIR) / f"{table.name}.csv"
    # atomic_path makes the directory, gives the file mode 0644 (processed tables are ordinary repository
    # files) and removes its temporary file if writing fails
    with atomic_path(target) as tmp:
        df.to_csv(tmp, index=False, lineterminator="\n", date_format="%Y-%m-%d")
    return target


def builders_for(names: list[str] | None) -> list[Builder]:
    """The builders that make the named tables or are named themselves; all of them when `names` is empty."""
    if not names:
        return list(BUILDERS.values())
    unknown = [n for n in names if n not in TABLES and n not in BUILDERS]
    if unknown:
        raise WorkbookError(f"unknown table(s) or builder(s) {unknown}; tables: {', '.join(sorted(TABLES))}")
    wanted = {TABLES[n].builder if n in TABLES else n for n in names}
    return [b for b in BUILDERS.values() if b.name in wanted]


def build(names: list[str] | None = None, out_dir: Path | None = None) -> dict[str, Path]:
    """Build the named tables (or all), validate each against its schema, and write them."""
    written: dict[str, Path] = {}
    pending = builders_for(names)
    # builders that read other processed tables run after those tables' builders
    order = sorted(pending, key=lambda b: (len(b.depends_on) > 0, b.name))
    # every raw file these builders read is checked against the catalog's sha256 before any table is
    # written, so a tampered or half-copied file stops the build with nothing changed (each file is
    # hashed once per process; builders reading it later get the cached result)
    for dataset_id in sorted({d for b in order for d in b.reads if not d.startswith("curated/")}):
        raw_path(dataset_id)
    for b in order:
        tables = b.func(Sources(b.name, b.reads))
        if set(tables) != set(b.tables):
            raise TableValidationError(
                f"builder {b.name} declared tables {sorted(b.tables)} but returned {sorted(tables)}"
            )
        for name, df in tables.items():
            table = TABLES[name]
            df = canonical(df, table)
            validate(df, table, origin=f"built by {b.name}")
            written[name] = write_table(df, table, out_dir)
            log.info("built %s (%d rows)", name, len(df))
    return written
