"""Curated event tables: Security Council vetoes after the library's list (Sep 2022 – Sep 2025) and the
joint military activities of 2019–2025 (exercises, air and naval patrols), each row with the page that
confirmed it. Both document themselves in data/curated/<name>.md.

The readers validate every row and fail naming the file, its CSV line and the field: a date that does
not parse at the precision written, an unknown code or kind, an empty source title or a URL that is not a
web address. A veto row without a draft symbol must say so at the start of its note (a symbol is never guessed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import WorkbookError

VETOES_FILE = paths.CURATED_DIR / "unsc_vetoes_2022_2025.csv"
VETO_COLUMNS = [
    "date",
    "draft",
    "proposal",
    "topic",
    "subject",
    "vetoed_by",
    "china_vote",
    "source_title",
    "source_url",
    "note",
]
PROPOSALS = ("draft resolution", "amendment")
CHINA_VOTES = ("veto", "yes", "abstain", "unknown")
P5_CODES = ("CHN", "FRA", "GBR", "RUS", "USA")
_SYMBOL = re.compile(r"^S/\d{4}/\d+$")
NO_SYMBOL = "Symbol left empty"  # how the note of a row without a draft symbol begins

ACTIVITIES_FILE = paths.CURATED_DIR / "joint_activities_2019_2025.csv"
ACTIVITY_COLUMNS = [
    "start_date",
    "end_date",
    "name",
    "kind",
    "format",
    "domain",
    "location",
    "source_title",
    "source_url",
    "note",
]
KINDS = ("exercise", "air patrol", "naval patrol")
FORMATS = ("bilateral", "with Iran", "Russian exercise, PLA taking part")
DOMAINS = ("air", "sea", "land", "combined")
PRECISION = {"day": "%Y-%m-%d", "month": "%Y-%m"}


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    if not Path(path).exists():
        raise WorkbookError(f"curated file {path} is missing; it is part of the repository: restore it from git.")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(df.columns) != columns:
        raise WorkbookError(f"{Path(path).name}: columns are {list(df.columns)}; expected {columns}")
    return df.apply(lambda c: c.str.strip())


def _where(path: Path, i) -> str:
    return f"{Path(path).name}, line {int(i) + 2}"


def _source(path: Path, i, r: pd.Series) -> None:
    if not r["source_title"]:
        raise WorkbookError(
            f"{_where(path, i)}: field 'source_title' is empty; every row needs the page that confirms it"
        )
    if not r["source_url"].startswith(("http://", "https://")):
        raise WorkbookError(f"{_where(path, i)}: field 'source_url' = {r['source_url']!r} is not a web address")


def date_with_precision(text: str) -> tuple[pd.Timestamp, str] | None:
    """'2024-07-17' -> (Timestamp, 'day'); '2024-07' -> (1 Jul 2024, 'month'); anything else -> None."""
    for precision, fmt in PRECISION.items():
        d = pd.to_datetime(text, format=fmt, errors="coerce")
        if pd.notna(d):
            return pd.Timestamp(d), precision
    return None


def load_curated_vetoes(path: Path = VETOES_FILE) -> pd.DataFrame:
    """The curated vetoes, validated, with `date` parsed (a vetoed proposal per row; several vetoing
    members are one row, `vetoed_by` ';'-joined alphabetically)."""
    df = _read(path, VETO_COLUMNS)
    for i, r in df.iterrows():
        where = _where(path, i)
        if pd.isna(pd.to_datetime(r["date"], format="%Y-%m-%d", errors="coerce")):
            raise WorkbookError(f"{where}: field 'date' = {r['date']!r} is not a date YYYY-MM-DD")
        if r["draft"] and not _SYMBOL.match(r["draft"]):
            raise WorkbookError(f"{where}: field 'draft' = {r['draft']!r} is not a UN symbol like S/2022/720")
        if not r["draft"] and not r["note"].startswith(NO_SYMBOL):
            raise WorkbookError(
                f"{where}: no draft symbol: the note must start {NO_SYMBOL!r} and say what was tried (never guess one)"
            )
        if r["proposal"] not in PROPOSALS:
            raise WorkbookError(f"{where}: field 'proposal' = {r['proposal']!r}; use one of {PROPOSALS}")
        codes = r["vetoed_by"].split(";")
        if codes != sorted(set(codes)) or not set(codes) <= set(P5_CODES):
            raise WorkbookError(
                f"{where}: field 'vetoed_by' = {r['vetoed_by']!r}; ISO3 codes of {P5_CODES}, ';'-joined alphabetically"
            )
        if r["china_vote"] not in CHINA_VOTES or ((r["china_vote"] == "veto") != ("CHN" in codes)):
            raise WorkbookError(
                f"{where}: field 'china_vote' = {r['china_vote']!r}; one of {CHINA_VOTES}, 'veto' exactly when CHN vetoed"
            )
        if not r["topic"] or not r["subject"]:
            raise WorkbookError(f"{where}: fields 'topic' and 'subject' must not be empty")
        _source(path, i, r)
    return df.assign(date=pd.to_datetime(df["date"], format="%Y-%m-%d"))


def load_joint_activities(path: Path = ACTIVITIES_FILE) -> pd.DataFrame:
    """The curated joint activities, validated. Adds `start` and `end` (Timestamps, the first day of the
    month for a month-only date; `end` NaT when the source gives none), `start_precision` and
    `end_precision` ('day' or 'month'), and `year` (of the start)."""
    df = _read(path, ACTIVITY_COLUMNS)
    starts, ends = [], []
    for i, r in df.iterrows():
        where = _where(path, i)
        start = date_with_precision(r["start_date"])
        if start is None:
            raise WorkbookError(f"{where}: field 'start_date' = {r['start_date']!r}; write YYYY-MM-DD or YYYY-MM")
        end = date_with_precision(r["end_date"]) if r["end_date"] else (pd.NaT, None)
        # a month-only end is compared at its last day: '2024-09' may end an activity that began on 10 Sep 2024
        last = None if end is None else (end[0] + pd.offsets.MonthEnd(0) if end[1] == "month" else end[0])
        if end is None or (pd.notna(last) and last < start[0]):
            raise WorkbookError(
                f"{where}: field 'end_date' = {r['end_date']!r}; YYYY-MM-DD or YYYY-MM, not before the start"
            )
        for field, allowed in (("kind", KINDS), ("format", FORMATS), ("domain", DOMAINS)):
            if r[field] not in allowed:
                raise WorkbookError(f"{where}: field '{field}' = {r[field]!r}; use one of {allowed}")
        if not r["name"]:
            raise WorkbookError(f"{where}: field 'name' is empty")
        _source(path, i, r)
        starts.append(start)
        ends.append(end)
    return df.assign(
        start=pd.to_datetime([s[0] for s in starts]),
        start_precision=[s[1] for s in starts],
        end=pd.to_datetime([e[0] for e in ends]),
        end_precision=[e[1] for e in ends],
        year=[s[0].year for s in starts],
    )
