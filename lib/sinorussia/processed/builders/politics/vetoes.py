"""UN Security Council vetoes: the Dag Hammarskjoeld Library list to September 2022, the later Middle East vetoes
from UN records, and the curated vetoes of Sep 2022 – Sep 2025 (each veto once; see the table's notes)."""

from __future__ import annotations

import pandas as pd

from ....errors import RawFormatError
from ...curated_events import load_curated_vetoes
from ...registry import Column, Table, builder, register
from ...sources import Sources, read_csv
from ._common import _clean, _dates

CURATED = "curated/unsc_vetoes_2022_2025.csv"
SOURCES = ("un_library_2022", "un_records_2023_2025", "curated_un_records")

UNSC_VETOES = register(
    Table(
        name="unsc_vetoes",
        title="UN Security Council vetoes, 1946 – Sep 2025: the UN library's list to Sep 2022, then UN records",
        description=(
            "One row per vetoed proposal: date, draft symbol, subject, whether it was a draft resolution or an "
            "amendment, and which permanent members vetoed it. Complete to the 2022 list's last entry (8 July "
            "2022); from then to 18 Sep 2025 every veto found in UN and news records (curated, each with its page)."
        ),
        columns=(
            Column("date", "date", "Date of the vote"),
            Column(
                "draft",
                "str",
                "Symbol of the vetoed draft (e.g. S/2011/612); for early vetoes the list gives the "
                "meeting record (S/PV.nn) instead. Empty where no source read shows the symbol (never guessed)",
                nullable=True,
            ),
            Column(
                "seq",
                "int",
                "1, 2, … for several vetoed proposals with the same date and symbol (or the same date and no "
                "symbol), in the sources' order",
                min=1,
            ),
            Column("subject", "str", "Crisis or topic (the list's `crisis_topic`; the curated table's `topic`)"),
            Column(
                "proposal",
                "str",
                "'draft resolution' or 'amendment' (after July 2022); empty for the 2022 list, which does not say",
                nullable=True,
                allowed=("draft resolution", "amendment"),
            ),
            Column("vetoed_by", "str", "ISO3 codes of the vetoing members, ';'-joined alphabetically (SUN = USSR)"),
            Column(
                "china", "bool", "The China seat vetoed (the list has no China veto before 1972, i.e. none by the ROC)"
            ),
            Column("france", "bool", "France vetoed"),
            Column("russia", "bool", "The Russian Federation vetoed (from 1992; USSR vetoes are in `ussr`)"),
            Column("ussr", "bool", "The Soviet Union vetoed (to 1991)"),
            Column("uk", "bool", "The United Kingdom vetoed"),
            Column("usa", "bool", "The United States vetoed"),
            Column(
                "china_vote",
                "str",
                "China's vote: 'veto' where it vetoed; 'yes' or 'abstain' as the curated page reports it; empty "
                "where not recorded (the other sources do not give it)",
                nullable=True,
                allowed=("veto", "yes", "abstain"),
            ),
            Column("source", "str", "Source slug", allowed=SOURCES),
            Column(
                "note",
                "str",
                "What the vetoed proposal was (curated rows) or the correction rule applied (see the notes)",
                nullable=True,
            ),
        ),
        key=("date", "draft", "seq"),
        sources=("unsc_vetoes_1946_2022", "unsc_vetoes_middle_east_2023_2025", CURATED),
        notes=(
            "un_library_2022: the Dag Hammarskjöld Library veto list as compiled by World Politics Datalab, 214 vetoed "
            "proposals from 16 Feb 1946 to 8 July 2022; a proposal vetoed by several members is one row.",
            "The vetoing members come from the list's member_veto1–3 columns. The list's own 0/1 columns (China, France, "
            "USSR, USA, UK, …) disagree with them in 26 rows (e.g. all zero for some USSR and US vetoes) and are not used.",
            "un_records_2023_2025: the Gaza/Middle East vetoes of 18 Oct 2023 – 18 Sep 2025 from UN meeting records "
            "(an excerpt of mohazed/GAI), subject set to 'Israel-Palestine' as in the 2022 list.",
            "curated_un_records: data/curated/unsc_vetoes_2022_2025.csv, every veto from 1 Sep 2022 to 31 Dec 2025 "
            "found in UN press releases and news pages (each row with its page; see its .md). It adds the vetoes the "
            "other two sources lack: Russia's of 30 Sep 2022 (Ukraine 'referendums'), 11 Jul 2023 (Syria cross-border "
            "aid), 30 Aug 2023 (Mali sanctions), 28 Mar 2024 (DPRK panel of experts), 24 Apr 2024 (weapons in outer "
            "space), 18 Nov 2024 (Sudan) and 24 Feb 2025 (two amendments to the US Ukraine draft). Draft symbols are "
            "empty where no page read shows them.",
            "Which source wins: a veto in several sources (same date and same vetoing members) is kept once. The 2022 "
            "list wins over the others, and the UN-records excerpt over the curated table (it carries the draft symbols "
            "of the meeting records); the curated duplicate is dropped. The build fails if the curated and the excerpt "
            "rows of one veto give different symbols. All 10 excerpt vetoes are also in the curated table.",
            "Correction rule (in the builder, the raw file is not edited): the excerpt lists S/2023/1029 as the draft "
            "the US vetoed on 22 Dec 2023. The US vetoed a Russian AMENDMENT to the UAE draft; the draft itself was then "
            "adopted as resolution 2720 (US and Russia abstaining). The row is kept as a veto of an amendment, with the "
            "symbol empty (no page read confirms the amendment's symbol).",
            "Amendments count as vetoes after July 2022 (three: 22 Dec 2023 and two on 24 Feb 2025), as the UN's own "
            "yearly counts do; whether the 2022 list includes vetoed amendments it does not say (`proposal` empty).",
            "`seq` is an addition to the brief's (date, draft) key: the list has 13 rows that share a date and a meeting "
            "record (e.g. three vetoes at S/PV.49 on 26 Jun 1946), and 24 Feb 2025 has two vetoes without a symbol.",
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
    out["proposal"] = None
    for flag, code in FLAGS.items():
        out[flag] = codes.map(lambda c, code=code: code in c).astype(bool)
    out["china_vote"] = out["china"].map({True: "veto", False: None})
    out["source"] = source
    out["note"] = None
    return out


# The excerpt's 22 Dec 2023 row names S/2023/1029 as the vetoed draft; the US vetoed a Russian amendment to the
# UAE draft, which was then adopted as resolution 2720. Applied by the builder, never by editing the raw file.
CORRECTIONS: tuple[dict[str, dict[str, str | None]], ...] = (
    {
        "match": {"date": "2023-12-22", "vetoed_by": "USA", "draft": "S/2023/1029"},
        "set": {
            "draft": None,
            "proposal": "amendment",
            "note": "Corrected in the builder: the excerpt names S/2023/1029 as the vetoed draft, but the US vetoed a "
            "Russian amendment to the UAE draft (restoring 'urgent suspension of hostilities'); the UAE draft was then "
            "adopted as resolution 2720 (13-0-2, US and Russia abstaining). The amendment's symbol is not confirmed by "
            "any page read, so it is left empty.",
        },
    },
)


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
    out = _veto_rows(
        _dates(g["date"], "%Y-%m-%d", label, "date"),
        _clean(g["draft"]),
        "Israel-Palestine",
        g["vetoed_by"],
        "un_records_2023_2025",
    )
    out["proposal"] = "draft resolution"
    return _correct(out, label)


def _correct(rows: pd.DataFrame, label: str) -> pd.DataFrame:
    """Apply CORRECTIONS; each rule must match exactly one row (a changed raw file is caught, not skipped)."""
    rows = rows.copy()
    for rule in CORRECTIONS:
        m = rule["match"]
        hit = (rows["date"] == pd.Timestamp(m["date"])) & (rows["vetoed_by"] == m["vetoed_by"])
        hit &= rows["draft"] == m["draft"]
        if hit.sum() != 1:
            raise RawFormatError(
                f"Raw file {label}: the correction rule for {m} matches {int(hit.sum())} rows, expected 1; "
                "check the rule against the file."
            )
        for column, value in rule["set"].items():
            rows.loc[hit, column] = value
    return rows


def _vetoes_curated(src: Sources) -> pd.DataFrame:
    c = load_curated_vetoes(src.path(CURATED))
    out = _veto_rows(c["date"], c["draft"].replace("", None), c["topic"], c["vetoed_by"].str.split(";").map(set), "")
    out["proposal"] = c["proposal"]
    out["china_vote"] = c["china_vote"].replace("unknown", None)
    out["source"] = "curated_un_records"
    out["note"] = c["subject"]
    return out


def _reconcile(kept: pd.DataFrame, curated: pd.DataFrame) -> pd.DataFrame:
    """The curated rows that are not already kept (same date and vetoing members); a duplicate with a
    different draft symbol fails the build."""
    key = ["date", "vetoed_by"]
    dup = curated.merge(kept[[*key, "draft"]], on=key, how="left", suffixes=("", "_kept"), indicator=True)
    both = dup[(dup["_merge"] == "both") & dup["draft"].notna()]
    clash = both[both["draft"] != both["draft_kept"]]
    if len(clash):
        raise RawFormatError(
            f"{CURATED}: vetoes {clash[key + ['draft', 'draft_kept']].values.tolist()} are also in the "
            "UN records with another draft symbol; check which is right."
        )
    return curated[(dup["_merge"] == "left_only").to_numpy()]


@builder(reads=["unsc_vetoes_1946_2022", "unsc_vetoes_middle_east_2023_2025", CURATED], tables=[UNSC_VETOES])
def build_vetoes(src: Sources) -> dict[str, pd.DataFrame]:
    """The library's list to 2022, the recorded 2023–25 Gaza vetoes (with one correction) and the curated
    vetoes of Sep 2022 – Sep 2025; each veto once (the list, then the UN records, then the curated table)."""
    old, new = _vetoes_2022(src), _vetoes_recent(src)
    # a draft already in the complete list is not added twice; recent rows must postdate the list
    new = new[~new["draft"].isin(set(old["draft"]))]
    curated = _vetoes_curated(src)
    for label, rows in (("unsc_vetoes_middle_east_2023_2025", new), (CURATED, curated)):
        if len(rows) and rows["date"].min() <= old["date"].max():
            raise RawFormatError(
                f"{src.label(label)}: vetoes dated on or before the 2022 list's last entry "
                f"({old['date'].max():%Y-%m-%d}) that the list lacks."
            )
    kept = pd.concat([old, new], ignore_index=True)
    out = pd.concat([kept, _reconcile(kept, curated)], ignore_index=True)
    out = out.sort_values("date", kind="stable").reset_index(drop=True)
    out.insert(2, "seq", out.groupby(["date", "draft"], dropna=False).cumcount() + 1)
    cols = [c.name for c in UNSC_VETOES.columns]
    return {"unsc_vetoes": out[cols]}
