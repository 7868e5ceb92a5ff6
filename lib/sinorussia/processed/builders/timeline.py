"""The curated timeline as a processed table, so that the claim register can check dates against it.

Reads data/curated/timeline_events.csv (written by hand, each row with the page that confirmed its
date) and marks the rows whose source is one of the workbook's own source documents: such a row
cannot check a claim of that document.
"""

from __future__ import annotations

import re

import pandas as pd

from ...errors import RawFormatError
from ..registry import Column, Table, builder, register
from ..sources import Sources, read_csv

CURATED = "curated/timeline_events.csv"
CATEGORIES = ("treaty", "summit", "conflict", "economic", "energy", "military", "multilateral", "sanctions")

TIMELINE = register(
    Table(
        name="timeline_events",
        title="Key events of Russian (Soviet) – Chinese relations, 1689–2025 (curated timeline)",
        description=(
            "One row per event of the curated timeline data/curated/timeline_events.csv: its date, how precisely "
            "the cited page dates it, the event in our words, and the page that confirmed it. `cites_document` "
            "names the source document (by its number in ../shared/seeds) when the row's only source is that "
            "document, so that a claim of that document is never checked against it."
        ),
        columns=(
            Column("date", "date", "Date of the event (first day of the month or year for coarser precisions)"),
            Column("date_precision", "str", "How exactly the cited page dates it", allowed=("day", "month", "year")),
            Column("event", "str", "What happened, one sentence in our words"),
            Column("category", "str", "Kind of event", allowed=CATEGORIES),
            Column("source_title", "str", "The page that confirmed the date"),
            Column("source_url", "str", "Its address"),
            Column(
                "cites_document",
                "str",
                "Number of the workbook's source document the row cites (e.g. '002'); empty if independent",
                nullable=True,
            ),
        ),
        key=("date", "event"),
        sources=(CURATED,),
        notes=(
            "Rows with `cites_document` (the 1996 partnership and the 2014 annexation cite document 002) are "
            "circular for that document's claims; the register leaves such claims not checkable.",
            "A date with precision 'year' or 'month' is the first day of that year or month: compare it only at that "
            "precision.",
        ),
    )
)

_DOC = re.compile(r"^Source document (\d{3})\b")


@builder(reads=[CURATED], tables=[TIMELINE])
def build_timeline(src: Sources) -> dict[str, pd.DataFrame]:
    """The curated events, validated, with the source document a row cites (if any)."""
    cols = ["date", "date_precision", "event", "category", "source_title", "source_url"]
    df = read_csv(src, CURATED, cols, dtype=str, keep_default_na=False)
    date = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
    bad = date.isna() | ~df["date_precision"].isin(["day", "month", "year"]) | ~df["category"].isin(CATEGORIES)
    bad |= (df[["event", "source_title", "source_url"]].apply(lambda c: c.str.strip()) == "").any(axis=1)
    if bad.any():
        raise RawFormatError(
            f"{CURATED}: rows {[i + 2 for i in df.index[bad]]} have a bad date, precision or category, "
            "or an empty event or source"
        )
    doc = df["source_title"].str.extract(_DOC, expand=False)
    out = pd.DataFrame(
        {
            "date": date,
            "date_precision": df["date_precision"],
            "event": df["event"].str.strip(),
            "category": df["category"],
            "source_title": df["source_title"].str.strip(),
            "source_url": df["source_url"].str.strip(),
            "cites_document": doc.astype("str").where(doc.notna(), None),
        }
    )
    return {"timeline_events": out.sort_values("date").reset_index(drop=True)}
