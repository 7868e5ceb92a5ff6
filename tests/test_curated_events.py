"""Curated event tables: the Security Council vetoes of Sep 2022 – Sep 2025, the joint military activities of
2019–2025, and the 2024–2025 timeline rows. Every row has its source (title, URL) and a parsing date;
codes and kinds are valid; a bad row fails naming the file, the line and the field; the built tables
equal the files; the chapter functions give the real values."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from sinorussia import context as cx
from sinorussia import load, paths
from sinorussia import military as mil
from sinorussia.errors import WorkbookError
from sinorussia.processed.curated_events import (
    ACTIVITIES_FILE,
    VETOES_FILE,
    load_curated_vetoes,
    load_joint_activities,
)


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_bad(tmp_path: Path, path: Path, line: int, field: str, value: str) -> Path:
    rows = _rows(path)
    rows[line - 2][field] = value
    out = tmp_path / path.name
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return out


# ------------------------------------------------------------------------------------------- vetoes


def test_every_veto_row_has_date_source_and_valid_codes():
    rows = _rows(VETOES_FILE)
    assert len(rows) == 18
    for r in rows:
        assert pd.Timestamp(r["date"]).strftime("%Y-%m-%d") == r["date"]
        assert r["source_title"].strip() and r["source_url"].startswith(("http://", "https://"))
        assert set(r["vetoed_by"].split(";")) <= {"CHN", "FRA", "GBR", "RUS", "USA"}
        assert r["proposal"] in ("draft resolution", "amendment")
    v = load_curated_vetoes()
    assert v.date.min() == pd.Timestamp("2022-09-30") and v.date.max() == pd.Timestamp("2025-09-18")
    assert (v.proposal == "amendment").sum() == 3
    # China vetoed only twice in the window, both times with Russia, on US drafts about Gaza
    assert v[v.china_vote == "veto"].date.dt.strftime("%Y-%m-%d").tolist() == ["2023-10-25", "2024-03-22"]


@pytest.mark.parametrize(
    "line,field,value,message",
    [
        (3, "date", "2023-07-32", "line 3: field 'date'"),
        (2, "draft", "S/2022/72O", "line 2: field 'draft'"),
        (2, "draft", "", "line 2: no draft symbol"),
        (4, "vetoed_by", "RUS;CHN", "line 4: field 'vetoed_by'"),
        (6, "china_vote", "yes", "line 6: field 'china_vote'"),  # China vetoed that draft
        (5, "source_url", "tass.com/world/1", "line 5: field 'source_url'"),
        (5, "source_title", " ", "line 5: field 'source_title'"),
    ],
)
def test_bad_veto_rows_fail_naming_line_and_field(tmp_path, line, field, value, message):
    with pytest.raises(WorkbookError, match=message):
        load_curated_vetoes(_write_bad(tmp_path, VETOES_FILE, line, field, value))


def test_china_when_russia_vetoed_alone_after_the_list(raw_files):
    v = load("unsc_vetoes")
    votes = cx.china_when_russia_alone(v)
    # abstained on Ukraine (Sep 2022), Syria, Mali, DPRK and outer space; in favour on Sudan; the two
    # amendments of 24 Feb 2025 have no recorded Chinese vote
    assert votes.to_dict() == {"abstain": 5, "yes": 1, "unknown": 2}
    later = cx.vetoes_after_list(v)
    assert len(later) == 18 and later.date.is_monotonic_increasing
    per = cx.vetoes_by_period(v)
    assert per.loc["2020s", "russia"] == 16 and per.loc["2020s", "china"] == 5 and per.loc["2020s", "usa"] == 9
    assert len(cx.joint_vetoes(v)) == 16  # no joint veto among the added rows


# -------------------------------------------------------------------------------- joint activities


def test_every_activity_row_has_dates_at_their_precision_and_a_source():
    rows = _rows(ACTIVITIES_FILE)
    assert len(rows) == 35
    for r in rows:
        for f in ("start_date", "end_date"):
            assert r[f] == "" or len(r[f]) in (7, 10), (r["name"], f)
        assert r["kind"] in ("exercise", "air patrol", "naval patrol")
        assert r["source_title"].strip() and r["source_url"].startswith(("http://", "https://"))
    a = load_joint_activities()
    assert a.kind.value_counts().to_dict() == {"exercise": 18, "air patrol": 10, "naval patrol": 7}
    month = a[a.name == "Joint Sea-2024"].iloc[0]
    assert month.start == pd.Timestamp("2024-07-01") and month.start_precision == "month"
    assert month.end == pd.Timestamp("2024-07-17") and month.end_precision == "day"


@pytest.mark.parametrize(
    "line,field,value,message",
    [
        (2, "start_date", "29/04/2019", "line 2: field 'start_date'"),
        (2, "end_date", "2019-04-01", "line 2: field 'end_date'"),  # before the start
        (3, "kind", "bomber patrol", "line 3: field 'kind'"),
        (3, "format", "alliance", "line 3: field 'format'"),
        (4, "source_url", "", "line 4: field 'source_url'"),
    ],
)
def test_bad_activity_rows_fail_naming_line_and_field(tmp_path, line, field, value, message):
    with pytest.raises(WorkbookError, match=message):
        load_joint_activities(_write_bad(tmp_path, ACTIVITIES_FILE, line, field, value))


def test_joint_activities_table_equals_the_curated_file(raw_files):
    t = load("joint_activities")
    rows = _rows(ACTIVITIES_FILE)
    assert len(t) == len(rows) and set(t.name) == {r["name"] for r in rows}
    assert (t.source == "curated_2019_2025").all() and t.year.between(2019, 2025).all()
    # a distinct table: the 2009–2018 compilation is untouched and still ends in 2018
    assert load("joint_exercises").year.max() == 2018


def test_activity_counts_and_bomber_patrols_real_values(raw_files):
    a = load("joint_activities")
    c = mil.activity_counts(a)
    assert c.index.tolist() == list(range(2019, 2026))
    assert c.loc[2024].to_dict() == {"exercise": 4, "naval patrol": 2, "air patrol": 2, "total": 8}
    assert c.loc[2020].to_dict() == {"exercise": 1, "naval patrol": 0, "air patrol": 1, "total": 2}
    p = mil.air_patrols(a)
    assert p.number.tolist() == list(range(1, 11))
    assert p.start.iloc[0] == pd.Timestamp("2019-07-23") and p.start.iloc[-1] == pd.Timestamp("2025-12-09")
    assert "10th" in p.name.iloc[-1] and "Alaska" in p[p.number == 8].name.iloc[0]


# ---------------------------------------------------------------------------------------- timeline


def test_timeline_2024_2025_rows_are_sourced_independently_and_not_duplicated(raw_files):
    t = load("timeline_events")
    recent = t[t.date >= "2024-01-01"]
    dates = recent.date.dt.strftime("%Y-%m-%d").tolist()
    assert dates == ["2024-05-16", "2024-12-01", "2025-05-09", "2025-08-15", "2025-08-31", "2025-09-02", "2025-09-03"]
    assert recent.cites_document.isna().all() and recent.source_url.str.startswith("http").all()
    assert not t.duplicated(["date"]).any()
    assert recent[recent.event.str.contains("Power of Siberia")].category.eq("energy").all()
    # the claim checks find their events exactly once (CTX-22, CTX-23, CTX-30 and the leaders check)
    for text in ("summit in Alaska", "SCO summit in Tianjin", "80th anniversary"):
        assert t.event.str.contains(text, regex=False).sum() == 1, text
    both = t[t.category.isin(["summit", "multilateral", "military"]) & t.event.str.contains("Putin")]
    both = both[both.event.str.contains("Xi")]
    assert both.date.max() == pd.Timestamp("2025-09-03")


def test_curated_md_files_document_every_column():
    for csv_path, columns in (
        (VETOES_FILE, list(_rows(VETOES_FILE)[0])),
        (ACTIVITIES_FILE, list(_rows(ACTIVITIES_FILE)[0])),
    ):
        md = csv_path.with_suffix(".md").read_text(encoding="utf-8")
        assert all(f"`{c}`" in md for c in columns), csv_path.name
    assert (paths.CURATED_DIR / "unsc_vetoes_2022_2025.md").exists()
