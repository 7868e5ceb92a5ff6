"""Stage 2 — processed: the table contract.

Every processed table is declared once, here or in its builder module, as a `Table`: its columns
(type, unit, meaning, allowed range), its key, and the raw files it comes from. From that one
declaration come the pandera schema checked at build and load time, the CSV dtypes, and the
generated data/CATALOG.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .. import paths
from .sources import Sources

DTYPES = {"int": "int64", "float": "float64", "str": "str", "date": "datetime64[ns]", "bool": "bool"}
ISO3_PATTERN = r"^[A-Z]{3}$"


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # one of DTYPES
    description: str
    unit: str | None = None
    nullable: bool = False
    min: float | None = None
    max: float | None = None
    allowed: tuple | None = None
    pattern: str | None = None

    def __post_init__(self):
        if self.dtype not in DTYPES:
            raise ValueError(f"column {self.name}: dtype must be one of {list(DTYPES)}")

    def checks(self) -> list[pa.Check]:
        out = []
        if self.min is not None:
            out.append(pa.Check.ge(self.min, error=f"{self.name} must be >= {self.min}"))
        if self.max is not None:
            out.append(pa.Check.le(self.max, error=f"{self.name} must be <= {self.max}"))
        if self.allowed is not None:
            out.append(pa.Check.isin(list(self.allowed), error=f"{self.name} must be one of {list(self.allowed)}"))
        if self.pattern is not None:
            out.append(pa.Check.str_matches(self.pattern, error=f"{self.name} must match {self.pattern}"))
        return out


def iso3(name: str, description: str, **kw) -> Column:
    """A country column holding an ISO 3166-1 alpha-3 code (or an explicit aggregate such as WLD)."""
    return Column(name, "str", description, pattern=ISO3_PATTERN, **kw)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    sources: tuple[str, ...]  # raw catalog ids (or curated file names under data/curated/)
    notes: tuple[str, ...] = ()
    builder: str = ""  # filled in by @builder

    @property
    def path(self) -> Path:
        return paths.PROCESSED_DIR / f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def schema(self) -> pa.DataFrameSchema:
        return pa.DataFrameSchema(
            {
                c.name: pa.Column(DTYPES[c.dtype], checks=c.checks(), nullable=c.nullable, coerce=False)
                for c in self.columns
            },
            unique=list(self.key),
            strict=True,
            ordered=True,
            name=self.name,
        )

    def read_kwargs(self) -> dict:
        dtype = {c.name: DTYPES[c.dtype] for c in self.columns if c.dtype in ("int", "float", "str")}
        # nullable ints would not survive a plain int64 read; declare such columns float instead
        parse_dates = [c.name for c in self.columns if c.dtype == "date"]
        bools = {c.name for c in self.columns if c.dtype == "bool"}
        return {"dtype": dtype, "parse_dates": parse_dates, "bools": bools}


TABLES: dict[str, Table] = {}


def register(table: Table) -> Table:
    if table.name in TABLES:
        raise ValueError(f"table {table.name} is declared twice")
    unknown_key = [k for k in table.key if k not in table.column_names]
    if unknown_key:
        raise ValueError(f"table {table.name}: key columns {unknown_key} are not columns")
    TABLES[table.name] = table
    return table


# a builder reads the raw files its Sources allow and returns its tables by name
BuilderFunc = Callable[[Sources], dict[str, pd.DataFrame]]


@dataclass
class Builder:
    name: str  # '<family>.<function>', e.g. "trade.build_trade"
    func: BuilderFunc
    reads: tuple[str, ...]
    tables: tuple[str, ...]
    description: str = ""
    depends_on: tuple[str, ...] = field(default_factory=tuple)  # other tables it reads


BUILDERS: dict[str, Builder] = {}


def family(module: str) -> str:
    """The source family of a builder defined in `module`: its module under processed/builders/, or the
    subpackage that holds it ('sinorussia.processed.builders.trade.imf_dots' -> 'trade').

    A builder is named '<family>.<function>', so splitting a family into several modules keeps its builders'
    names, which data/CATALOG.md prints and `python -m sinorussia build <name>` accepts.
    """
    _, found, rest = module.partition(f"{__package__}.builders.")
    return rest.split(".", 1)[0] if found else module.rsplit(".", 1)[-1]


def builder(
    *, reads: list[str], tables: list[Table], depends_on: Sequence[str] = ()
) -> Callable[[BuilderFunc], BuilderFunc]:
    """Register a builder: a function that reads the declared raw files and returns tables by name."""

    def wrap(func: BuilderFunc) -> BuilderFunc:
        name = family(func.__module__) + "." + func.__name__
        for t in tables:
            object.__setattr__(t, "builder", name)
        BUILDERS[name] = Builder(
            name=name,
            func=func,
            reads=tuple(reads),
            tables=tuple(t.name for t in tables),
            description=(func.__doc__ or "").strip(),
            depends_on=tuple(depends_on),
        )
        return func

    return wrap
