"""UN Security Council vetoes: the Dag Hammarskjoeld Library list to September 2022 and the later Middle East vetoes."""

from __future__ import annotations

import pandas as pd

from ....errors import RawFormatError
from ...registry import Column, Table, builder, register
from ...sources import Sources, read_csv
from ._common import _clean, _dates

UNSC_VETOES = register(
    Table(
        name="unsc_vetoes",
        title="UN Security Council vetoes, 1946 – Sep 2022 (complete) and the Gaza vetoes of Oct 2023 – Sep 2025",
        description=(
            "One row per vetoed proposal: date, draft symbol, subject and which permanent members vetoed it. "
            "Complete only to the 2022 list's last entry (8 July 2022)."
        ),
        columns=(
            Column("date", "date", "Date of the vote"),
            Column(
                "draft",
                "str",
                "Symbol of the vetoed draft (e.g. S/2011/612); for early vetoes the list gives the "
                "meeting record (S/PV.nn) instead",
            ),
            Column(
                "seq",
                "int",
                "1, 2, … for several vetoed proposals with the same date and symbol (early meetings "
                "where the list gives only the meeting record), in the list's order",
                min=1,
            ),
            Column("subject", "str", "Crisis or topic (the list's `crisis_topic`)"),
            Column("vetoed_by", "str", "ISO3 codes of the vetoing members, ';'-joined alphabetically (SUN = USSR)"),
            Column(
                "china", "bool", "The China seat vetoed (the list has no China veto before 1972, i.e. none by the ROC)"
            ),
            Column("france", "bool", "France vetoed"),
            Column("russia", "bool", "The Russian Federation vetoed (from 1992; USSR vetoes are in `ussr`)"),
            Column("ussr", "bool", "The Soviet Union vetoed (to 1991)"),
            Column("uk", "bool", "The United Kingdom vetoed"),
            Column("usa", "bool", "The United States vetoed"),
            Column("source", "str", "Source slug", allowed=("un_library_2022", "un_records_2023_2025")),
        ),
        key=("date", "draft", "seq"),
        sources=("unsc_vetoes_1946_2022", "unsc_vetoes_middle_east_2023_2025"),
        notes=(
            "un_library_2022: the Dag Hammarskjöld Library veto list as compiled by World Politics Datalab, 214 vetoed "
            "proposals from 16 Feb 1946 to 8 July 2022; a proposal vetoed by several members is one row.",
            "The vetoing members come from the list's member_veto1–3 columns. The list's own 0/1 columns (China, France, "
            "USSR, USA, UK, …) disagree with them in 26 rows (e.g. all zero for some USSR and US vetoes) and are not used.",
            "After 8 July 2022 only the Gaza/Middle East vetoes of 18 Oct 2023 – 18 Sep 2025 are covered "
            "(un_records_2023_2025, from UN meeting records, subject set to 'Israel-Palestine' as in the 2022 list). "
            "Other vetoes of that period are NOT covered — e.g. Russia's veto of 30 Sep 2022 on the annexation "
            "'referendums' in Ukraine, and Russia's 2024 vetoes on the DPRK sanctions panel of experts and on weapons in "
            "outer space: counts after mid-2022 are incomplete, and no veto is added by hand.",
            "`seq` is an addition to the brief's (date, draft) key: the list has 13 rows that share a date and a meeting "
            "record (e.g. three vetoes at S/PV.49 on 26 Jun 1946), so (date, draft) alone is not unique.",
            "`subject` keeps the list's spelling (e.g. 'Malasyia').",
        ),
    )
)


# ---------------------------------------------------------------------------------------------- vetoes

P5 = {"China": "CHN", "France": "FRA", "Russia": "RUS", "USSR": "SUN", "UK": "GBR", "USA": "USA"}
FLAGS = {"china": "CHN", "france": "FRA", "russia": "RUS", "ussr": "SUN", "uk": "GBR", "usa": "USA"}
VETO_COLS = ["member_veto1", "member_veto2", "member_veto3"]


def _veto_rows(date, draft, subject, codes, source) -> pd.DataFrame:
    out = pd.DataFrame(
        {"date": date, "draft": draft, "subject": subject, "vetoed_by": codes.map(lambda c: ";".join(sorted(c)))}
    )
    for flag, code in FLAGS.items():
        out[flag] = codes.map(lambda c, code=code: code in c).astype(bool)
    out["source"] = source
    return out


def _vetoes_2022(src: Sources) -> pd.DataFrame:
    dataset_id = "unsc_vetoes_1946_2022"
    label = src.label(dataset_id)
    v = read_csv(src, dataset_id, ["date", "draft", "crisis_topic", *VETO_COLS], dtype=str)
    names = v[VETO_COLS].apply(lambda r: {x.strip() for x in r.dropna() if x.strip()}, axis=1)
    unknown = sorted({n for ns in names for n in ns} - set(P5))
    if unknown or (names.map(len) == 0).any():
        raise RawFormatError(
            f"Raw file {label}: columns {VETO_COLS} hold unknown members {unknown} or a row with no "
            f"vetoing member; expected {sorted(P5)}."
        )
    codes = names.map(lambda ns: {P5[n] for n in ns})
    return _veto_rows(
        _dates(v["date"], "%m/%d/%Y", label, "date"),
        _clean(v["draft"]),
        _clean(v["crisis_topic"]),
        codes,
        "un_library_2022",
    )


def _vetoes_recent(src: Sources) -> pd.DataFrame:
    dataset_id = "unsc_vetoes_middle_east_2023_2025"
    label = src.label(dataset_id)
    r = read_csv(src, dataset_id, ["date", "draft", "vetoed_by"], dtype=str)
    r["vetoed_by"] = r["vetoed_by"].str.strip()
    unknown = sorted(set(r["vetoed_by"]) - set(P5.values()))
    if unknown:
        raise RawFormatError(
            f"Raw file {label}: column 'vetoed_by' holds {unknown}; expected ISO3 codes of the "
            f"permanent members {sorted(set(P5.values()) - {'SUN'})}."
        )
    g = r.groupby(["date", "draft"], sort=True)["vetoed_by"].apply(set).reset_index()
    return _veto_rows(
        _dates(g["date"], "%Y-%m-%d", label, "date"),
        _clean(g["draft"]),
        "Israel-Palestine",
        g["vetoed_by"],
        "un_records_2023_2025",
    )


@builder(reads=["unsc_vetoes_1946_2022", "unsc_vetoes_middle_east_2023_2025"], tables=[UNSC_VETOES])
def build_vetoes(src: Sources) -> dict[str, pd.DataFrame]:
    """The library's list to 2022 plus the recorded 2023–25 Gaza vetoes (checked for overlap)."""
    old, new = _vetoes_2022(src), _vetoes_recent(src)
    # a draft already in the complete list is not added twice; recent rows must postdate the list
    new = new[~new["draft"].isin(set(old["draft"]))]
    if len(new) and new["date"].min() <= old["date"].max():
        raise RawFormatError(
            f"Raw file {src.label('unsc_vetoes_middle_east_2023_2025')}: vetoes dated on or before "
            f"the 2022 list's last entry ({old['date'].max():%Y-%m-%d}) that the list lacks."
        )
    out = pd.concat([old, new], ignore_index=True)
    out.insert(2, "seq", out.groupby(["date", "draft"]).cumcount() + 1)
    return {"unsc_vetoes": out}
