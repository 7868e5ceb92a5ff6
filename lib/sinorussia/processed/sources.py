"""What a builder may read, and the guarded readers that turn format drift into clear errors."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import RawFormatError, WorkbookError
from ..raw import raw_file, raw_path


class Sources:
    """Gives a builder the paths of the raw files it declared, and only those."""

    def __init__(self, builder_name: str, declared: Iterable[str]):
        self.builder_name = builder_name
        self.declared = tuple(declared)

    def path(self, dataset_id: str) -> Path:
        if dataset_id not in self.declared:
            raise WorkbookError(
                f"builder {self.builder_name} reads '{dataset_id}' but does not declare it in @builder(reads=...)"
            )
        if dataset_id.startswith("curated/"):
            p = paths.DATA_DIR / dataset_id
            if not p.exists():
                raise WorkbookError(f"curated file {p} is missing; it is part of the repository — restore it from git.")
            return p
        return raw_path(dataset_id)

    def label(self, dataset_id: str) -> str:
        """'<id> (<file name>)' for error messages."""
        if dataset_id.startswith("curated/"):
            return dataset_id
        return f"'{dataset_id}' ({raw_file(dataset_id).filename})"


def require_columns(df: pd.DataFrame, required: Iterable[str], *, source: str, builder: str) -> pd.DataFrame:
    """Fail with the file and the missing columns named when an upstream layout changed."""
    missing = [c for c in required if c not in df.columns]
    if missing:
        shown = ", ".join(map(str, list(df.columns)[:25]))
        raise RawFormatError(
            f"Raw file {source} lacks column(s) {missing} that builder {builder} needs "
            f"(found: {shown}{' …' if len(df.columns) > 25 else ''}). The upstream format changed: "
            f"check the catalog entry's commit, or update the builder to the new layout."
        )
    return df


def read_csv(src: Sources, dataset_id: str, required: Iterable[str], **kwargs) -> pd.DataFrame:
    """pandas.read_csv with a check that the expected columns are present."""
    path = src.path(dataset_id)
    try:
        df = pd.read_csv(path, **kwargs)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise RawFormatError(
            f"Raw file {src.label(dataset_id)} could not be parsed by builder {src.builder_name}: {exc}"
        ) from None
    return require_columns(df, required, source=src.label(dataset_id), builder=src.builder_name)


def find_header_row(path: Path, first_cell: str, *, encoding: str = "utf-8-sig", max_rows: int = 60) -> int:
    """Index of the first CSV row whose first cell is `first_cell` (files with notes above the header)."""
    with open(path, encoding=encoding, newline="") as fh:
        for i, row in enumerate(csv.reader(fh)):
            if row and row[0].strip() == first_cell:
                return i
            if i >= max_rows:
                break
    raise RawFormatError(
        f"Raw file {path.name}: no header row starting with '{first_cell}' in its first {max_rows} rows. "
        f"The upstream format changed: update the builder."
    )
