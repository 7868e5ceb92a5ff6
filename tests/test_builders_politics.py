"""Politics builders: unsc_vetoes, unga_agreement, unga_us_coincidence, unga_ideal_points.

Known values are recomputed here from the raw files by simpler means (csv module, a plain pandas merge)
and compared with the built tables; builds must be byte-identical; format drift must fail with the
file and the column named.
"""

from __future__ import annotations

import csv

import pandas as pd
import pyreadr
import pytest

from sinorussia import load, paths
from sinorussia.errors import RawFormatError
from sinorussia.processed import sources as sources_mod
from sinorussia.processed.build import build
from sinorussia.processed.builders.politics import vetoes as vmod
from sinorussia.processed.registry import TABLES
from sinorussia.raw import raw_path

TABLES_HERE = ["unsc_vetoes", "unga_agreement", "unga_us_coincidence", "unga_ideal_points"]
COLUMNS = {
    "unsc_vetoes": [
        "date",
        "draft",
        "seq",
        "subject",
        "proposal",
        "vetoed_by",
        "china",
        "france",
        "russia",
        "ussr",
        "uk",
        "usa",
        "china_vote",
        "source",
        "note",
    ],
    "unga_agreement": ["year", "country_a", "country_b", "agreement", "n_votes", "source"],
    "unga_us_coincidence": ["year", "country", "coincidence", "source"],
    "unga_ideal_points": ["year", "session", "country", "ideal_point", "source"],
}


@pytest.fixture(scope="module")
def vetoes(raw_files):
    return load("unsc_vetoes")


@pytest.fixture(scope="module")
def raw_vetoes(raw_files) -> list[dict]:
    with open(raw_path("unsc_vetoes_1946_2022"), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))  # csv handles the embedded newlines


@pytest.mark.parametrize("name", TABLES_HERE)
def test_committed_table_loads(raw_files, name):
    df = load(name)
    assert len(df) > 0 and df.columns.tolist() == COLUMNS[name]
    assert (paths.PROCESSED_DIR / f"{name}.csv").stat().st_size < 2_000_000


# ---------------------------------------------------------------------------------------------- vetoes


def _members(r: dict) -> set[str]:
    return {r[k].strip() for k in ("member_veto1", "member_veto2", "member_veto3") if r[k].strip()}


def test_vetoes_2022_list_is_complete(vetoes, raw_vetoes):
    old = vetoes[vetoes.source == "un_library_2022"]
    assert len(raw_vetoes) == 214 == len(old)
    joint = sum(1 for r in raw_vetoes if {"Russia", "China"} <= _members(r))
    assert joint == sum(int(r["russia_china"]) for r in raw_vetoes)  # the list's own flag agrees here
    assert int((old.china & old.russia).sum()) == joint
    ussr = sum(1 for r in raw_vetoes if "USSR" in _members(r))
    assert int(old.ussr.sum()) == ussr and not (old.ussr & old.russia).any()
    assert old.date.max() == pd.Timestamp("2022-07-08")


def test_known_joint_russia_china_veto(vetoes):
    syria = vetoes[(vetoes.date == "2011-10-04") & (vetoes.draft == "S/2011/612")]
    assert len(syria) == 1
    row = syria.iloc[0]
    assert row.china and row.russia and row.vetoed_by == "CHN;RUS" and row.subject == "Syria"
    assert not (row.usa or row.uk or row.france or row.ussr)


def test_vetoed_by_codes_are_sorted_and_match_flags(vetoes):
    codes = vetoes.vetoed_by.str.split(";")
    assert (codes.map(lambda c: c == sorted(c))).all()
    assert set(codes.explode()) <= {"CHN", "FRA", "GBR", "RUS", "SUN", "USA"}
    flags = {"china": "CHN", "france": "FRA", "russia": "RUS", "ussr": "SUN", "uk": "GBR", "usa": "USA"}
    for flag, code in flags.items():
        assert (vetoes[flag] == codes.map(lambda c, code=code: code in c)).all(), flag
    assert vetoes[vetoes.ussr].date.max() < pd.Timestamp("1992-01-01")
    assert vetoes[vetoes.russia].date.min() > pd.Timestamp("1992-01-01")


def _raw_recent() -> list[dict]:
    with open(raw_path("unsc_vetoes_middle_east_2023_2025"), encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _curated_rows() -> list[dict]:
    with open(paths.CURATED_DIR / "unsc_vetoes_2022_2025.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_recent_vetoes_postdate_the_list_and_each_veto_is_kept_once(vetoes, raw_files):
    listed = vetoes[vetoes.source == "un_library_2022"]
    new = vetoes[vetoes.source == "un_records_2023_2025"]
    cur = vetoes[vetoes.source == "curated_un_records"]
    raw = _raw_recent()
    assert len(new) == len({(r["date"], r["draft"]) for r in raw}) == 10
    assert min(new.date.min(), cur.date.min()) > listed.date.max()
    # dedupe by date + vetoing members: no veto twice across the sources
    later = vetoes[vetoes.source != "un_library_2022"]
    per_key = later.groupby(["date", "vetoed_by"]).size()
    assert per_key.max() == 2 and per_key.idxmax() == (pd.Timestamp("2025-02-24"), "RUS")  # two amendments
    assert (per_key.drop((pd.Timestamp("2025-02-24"), "RUS")) == 1).all()
    # the curated file has all 18; the 10 also in the UN-records excerpt are kept from the excerpt
    curated = _curated_rows()
    assert len(curated) == 18 and len(cur) == 18 - 10
    members: dict[str, set[str]] = {}
    for r in raw:
        members.setdefault(r["date"], set()).add(r["vetoed_by"])
    in_excerpt = {(d, ";".join(sorted(m))) for d, m in members.items()}
    assert len(in_excerpt) == 10 and in_excerpt <= {(r["date"], r["vetoed_by"]) for r in curated}
    assert len(vetoes) == 214 + 10 + 8


def test_russias_vetoes_after_september_2022_now_count(vetoes):
    ru = vetoes[vetoes.russia & ~vetoes.china & (vetoes.date > "2022-09-01")]
    assert ru.date.dt.strftime("%Y-%m-%d").tolist() == [
        "2022-09-30",
        "2023-07-11",
        "2023-08-30",
        "2024-03-28",
        "2024-04-24",
        "2024-11-18",
        "2025-02-24",
        "2025-02-24",
    ]
    assert (ru.source == "curated_un_records").all()
    ukraine = ru[ru.date == "2022-09-30"].iloc[0]
    assert ukraine.draft == "S/2022/720" and ukraine.subject == "Ukraine" and ukraine.china_vote == "abstain"
    assert ru[ru.date == "2024-11-18"].iloc[0].china_vote == "yes"  # Sudan: China voted for the draft
    assert ru[ru.date == "2025-02-24"].proposal.eq("amendment").all()
    assert ru[ru.date == "2025-02-24"].draft.isna().all() and ru[ru.date == "2025-02-24"].seq.tolist() == [1, 2]


def test_no_symbol_is_guessed(vetoes):
    cur = _curated_rows()
    with_symbol = {r["draft"] for r in cur if r["draft"]}
    assert with_symbol == {"S/2022/720", "S/2023/773", "S/2024/835"}  # the only ones an excerpt showed
    assert all(r["note"].startswith("Symbol left empty") for r in cur if not r["draft"])
    # the reviewer's unconfirmed guesses appear in no curated row's draft
    assert not {"S/2023/638", "S/2024/255", "S/2023/1035"} & set(vetoes.draft.dropna())


def test_correction_rule_for_the_22_december_2023_amendment(vetoes):
    row = vetoes[vetoes.date == "2023-12-22"]
    assert len(row) == 1
    r = row.iloc[0]
    assert r.source == "un_records_2023_2025" and r.vetoed_by == "USA" and r.proposal == "amendment"
    assert pd.isna(r.draft) and "2720" in r.note and "amendment" in r.note
    assert "S/2023/1029" not in set(vetoes.draft.dropna())
    # the raw excerpt itself is untouched: it still names the draft
    assert any(x["date"] == "2023-12-22" and x["draft"] == "S/2023/1029" for x in _raw_recent())
    notes = " ".join(TABLES["unsc_vetoes"].notes)
    assert "Correction rule" in notes and "Which source wins" in notes


def test_correction_rule_fails_when_it_no_longer_matches():
    rows = pd.DataFrame({"date": [pd.Timestamp("2023-12-22")], "vetoed_by": ["USA"], "draft": ["S/2023/9999"]})
    with pytest.raises(RawFormatError, match="correction rule"):
        vmod._correct(rows, "excerpt")


def test_curated_symbol_clash_with_the_excerpt_fails():
    key = {"date": [pd.Timestamp("2023-10-18")], "vetoed_by": ["USA"]}
    kept = pd.DataFrame({**key, "draft": ["S/2023/773"]})
    curated = pd.DataFrame({**key, "draft": ["S/2023/999"]})
    with pytest.raises(RawFormatError, match="another draft symbol"):
        vmod._reconcile(kept, curated)
    assert len(vmod._reconcile(kept, curated.assign(draft=[None]))) == 0  # same veto, no symbol: dropped


# ------------------------------------------------------------------------------------ UNGA agreement


@pytest.fixture(scope="module")
def agreement(raw_files):
    return load("unga_agreement").set_index(["year", "country_a", "country_b"])


def _raw_agreement(year: int, a: str, b: str) -> tuple[float, int]:
    """By country name with a plain merge (the builder works by ISO2 code and a pivot)."""
    votes = next(iter(pyreadr.read_r(str(raw_path("unvotes_votes"))).values()))
    calls = next(iter(pyreadr.read_r(str(raw_path("unvotes_roll_calls"))).values()))
    calls = calls[pd.to_datetime(calls["date"]).dt.year == year][["rcid"]]
    x = votes[votes.country == a][["rcid", "vote"]].merge(calls, on="rcid")
    y = votes[votes.country == b][["rcid", "vote"]].merge(calls, on="rcid")
    both = x.merge(y, on="rcid", suffixes=("_a", "_b"))
    same = (both.vote_a.astype(str) == both.vote_b.astype(str)).sum()
    return same / len(both), len(both)


def test_unga_agreement_2019_recomputed(agreement, raw_files):
    chn_rus, n1 = _raw_agreement(2019, "China", "Russia")
    rus_usa, n2 = _raw_agreement(2019, "Russia", "United States")
    assert agreement.loc[(2019, "CHN", "RUS"), "agreement"] == pytest.approx(chn_rus, abs=1e-6)
    assert agreement.loc[(2019, "CHN", "RUS"), "n_votes"] == n1 == 86
    assert agreement.loc[(2019, "RUS", "USA"), "agreement"] == pytest.approx(rus_usa, abs=1e-6)
    assert agreement.loc[(2019, "RUS", "USA"), "n_votes"] == n2
    # the brief expected RUS–CHN > 0.8: the data give 68/86 = 0.79, still high; RUS–USA is low
    assert 0.75 < chn_rus < 0.8 and rus_usa < 0.4


def test_unga_agreement_coverage(agreement):
    a = agreement.reset_index()
    assert (a.country_a < a.country_b).all()
    assert a.agreement.between(0, 1).all() and (a.n_votes > 0).all()
    assert a[(a.country_a == "CHN") | (a.country_b == "CHN")].year.min() == 1971  # PRC seated Oct 1971
    assert a[(a.country_a == "RUS") | (a.country_b == "RUS")].year.min() == 1946  # USSR as RUS
    assert a[(a.country_a == "DEU") | (a.country_b == "DEU")].year.min() == 1973  # West Germany joins
    assert a[a.country_b == "UZB"].year.min() >= 1992
    assert a.year.max() == 2021
    assert set(a[a.year <= 2019].source) == {"unvotes"} and set(a[a.year >= 2020].source) == {"un_digital_library"}


def _dl_agreement(year: int, a: str, b: str) -> tuple[float, int]:
    """From the Digital Library file with the csv module: identical Y/N/A votes over votes where both voted."""
    with open(raw_path(f"unga_votes_{year}"), encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r[""] != "Country" and r[""] != "A/RES/75/254A-C"]
    both = [(r[a], r[b]) for r in rows if r[a] in "YNA" and r[b] in "YNA" and r[a] and r[b]]
    return sum(x == y for x, y in both) / len(both), len(both)


def test_unga_agreement_2020_2021_recomputed(agreement, raw_files):
    for year, n in ((2020, 97), (2021, 86)):
        share, common = _dl_agreement(year, "CHINA", "RUSSIAN FEDERATION")
        assert agreement.loc[(year, "CHN", "RUS"), "agreement"] == pytest.approx(share, abs=1e-6)
        assert agreement.loc[(year, "CHN", "RUS"), "n_votes"] == common == n
    share, common = _dl_agreement(2021, "RUSSIAN FEDERATION", "UNITED STATES")
    assert agreement.loc[(2021, "RUS", "USA"), "agreement"] == pytest.approx(share, abs=1e-6)
    assert agreement.loc[(2020, "CHN", "RUS"), "agreement"] == pytest.approx(77 / 97, abs=1e-6)
    assert agreement.loc[(2021, "CHN", "RUS"), "agreement"] == pytest.approx(66 / 86, abs=1e-6)


def test_digital_library_matches_voeten_on_their_common_vote(raw_files):
    """The one 2020 roll call of the Voeten data (A/RES/74/267, 14 Jan 2020) has the same votes in the Digital
    Library file, absences (X) being absent from the Voeten data: the two sources count votes alike."""
    votes = next(iter(pyreadr.read_r(str(raw_path("unvotes_votes"))).values()))
    calls = next(iter(pyreadr.read_r(str(raw_path("unvotes_roll_calls"))).values()))
    rcid = calls.loc[calls.unres == "A/RES/74/267", "rcid"].item()
    voeten = votes[votes.rcid == rcid].vote.astype(str).value_counts().to_dict()
    with open(raw_path("unga_votes_2020"), encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r[""] == "A/RES/74/267")
    codes = pd.Series([v for k, v in row.items() if k]).value_counts().to_dict()
    assert (
        voeten == {"yes": codes["Y"], "no": codes["N"], "abstain": codes["A"]} == {"yes": 120, "no": 48, "abstain": 4}
    )


# ------------------------------------------------------------------------- US voting coincidence


def _coincidence_raw(year: int) -> dict[str, str]:
    with open(raw_path(f"us_state_un_coincidence_{year}"), encoding="utf-8-sig", newline="") as fh:
        return {r["COUNTRY"]: r["COINCIDENCE"] for r in csv.DictReader(fh)}


def test_us_coincidence_values(raw_files):
    c = load("unga_us_coincidence").set_index(["year", "country", "source"]).coincidence
    assert c[(2019, "RUS", "us_state_dept")] == float(_coincidence_raw(2019)["Russian Federation"]) == 0.27
    assert c[(2024, "CHN", "us_state_dept")] == float(_coincidence_raw(2024)["China"])
    assert c[(2013, "RUS", "us_state_dept_subset")] == float(_coincidence_raw(2013)["Russia"])
    assert c[(2018, "GRC", "us_state_dept")] == float(_coincidence_raw(2018)["Greece"])  # ISO typo 'GRO' in the file
    assert (2017, "STP", "us_state_dept_subset") not in c.index  # 'No Votes' is missing, not zero
    years = c.reset_index().groupby("source").year.agg(["min", "max"])
    assert years.loc["us_state_dept"].tolist() == [2018, 2024]
    assert years.loc["us_state_dept_subset"].tolist() == [2013, 2017]
    assert c.reset_index().groupby("year").size().min() >= 190


# ------------------------------------------------------------------------------------- ideal points


def test_ideal_points_both_releases(raw_files):
    i = load("unga_ideal_points").set_index(["year", "country", "source"])
    raw23 = pd.read_csv(raw_path("unga_ideal_points_2023"))
    usa77 = raw23[(raw23.iso3c == "USA") & (raw23.session == 77)].IdealPointAll.iloc[0]
    assert i.loc[(2022, "USA", "bsv_2023"), "ideal_point"] == pytest.approx(usa77, abs=1e-6)
    assert i.loc[(2022, "USA", "bsv_2023"), "session"] == 77
    raw25 = pd.read_stata(raw_path("unga_ideal_points_2025"))
    rus24 = raw25[(raw25.iso3c == "RUS") & (raw25.year == 2024)]
    assert rus24.idealpointall.isna().all()  # why bsv_2025 uses idealpointfp
    assert i.loc[(2024, "RUS", "bsv_2025"), "ideal_point"] == pytest.approx(float(rus24.idealpointfp.iloc[0]), abs=1e-6)
    ip = i.reset_index()
    assert ip[ip.source == "bsv_2025"].year.max() == 2024 and ip[ip.source == "bsv_2023"].year.max() == 2022
    # South Yemen (COW 680) is coded 'YAR' like North Yemen in both files: it becomes YMD
    assert ip[ip.country == "YMD"].year.between(1967, 1989).all()
    assert "YAR" not in set(ip.country)
    assert (ip[(ip.country == "CHN") & (ip.year == 2024)].ideal_point < 0).all()


# ------------------------------------------------------------------------------- upstream format drift


def _redirect(monkeypatch, dataset_id, new_path):
    real = sources_mod.raw_path
    monkeypatch.setattr(sources_mod, "raw_path", lambda did: new_path if did == dataset_id else real(did))


def test_drift_veto_column_renamed(raw_files, tmp_path, monkeypatch):
    src = raw_path("unsc_vetoes_1946_2022")
    bad = tmp_path / src.name
    pd.read_csv(src, dtype=str).rename(columns={"member_veto1": "veto_member_1"}).to_csv(bad, index=False)
    _redirect(monkeypatch, "unsc_vetoes_1946_2022", bad)
    with pytest.raises(RawFormatError) as err:
        build(["unsc_vetoes"], out_dir=tmp_path / "out")
    msg = str(err.value)
    assert "unsc_vetoes_1946_sept2022.csv" in msg and "member_veto1" in msg


def test_drift_coincidence_column_renamed(raw_files, tmp_path, monkeypatch):
    src = raw_path("us_state_un_coincidence_2019")
    bad = tmp_path / src.name
    bad.write_text(src.read_text(encoding="utf-8-sig").replace("COINCIDENCE", "COINCIDENCE_PCT", 1), encoding="utf-8")
    _redirect(monkeypatch, "us_state_un_coincidence_2019", bad)
    with pytest.raises(RawFormatError) as err:
        build(["unga_us_coincidence"], out_dir=tmp_path / "out")
    msg = str(err.value)
    assert "un-coincidence-2019.csv" in msg and "'COINCIDENCE'" in msg


def test_drift_ideal_point_column_renamed(raw_files, tmp_path, monkeypatch):
    src = raw_path("unga_ideal_points_2023")
    bad = tmp_path / src.name
    bad.write_text(src.read_text(encoding="utf-8").replace("IdealPointAll", "IdealPoint", 1), encoding="utf-8")
    _redirect(monkeypatch, "unga_ideal_points_2023", bad)
    with pytest.raises(RawFormatError) as err:
        build(["unga_ideal_points"], out_dir=tmp_path / "out")
    msg = str(err.value)
    assert "IdealpointestimatesAll_Jul2023.csv" in msg and "IdealPointAll" in msg


def test_drift_digital_library_country_renamed(raw_files, tmp_path, monkeypatch):
    src = raw_path("unga_votes_2021")
    bad = tmp_path / src.name
    bad.write_text(src.read_text(encoding="utf-8").replace("RUSSIAN FEDERATION", "RUSSIA", 1), encoding="utf-8")
    _redirect(monkeypatch, "unga_votes_2021", bad)
    with pytest.raises(RawFormatError) as err:
        build(["unga_agreement"], out_dir=tmp_path / "out")
    msg = str(err.value)
    assert "2021_RAW_COIN.csv" in msg and "RUSSIAN FEDERATION" in msg and "\n" not in msg


def test_drift_digital_library_vote_code(raw_files, tmp_path, monkeypatch):
    src = raw_path("unga_votes_2020")
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    df.loc[0, "CHINA"] = "Yes"
    bad = tmp_path / src.name
    df.to_csv(bad, index=False)
    _redirect(monkeypatch, "unga_votes_2020", bad)
    with pytest.raises(RawFormatError, match=r"2020_RAW_COIN.csv.*vote codes \['Yes'\]"):
        build(["unga_agreement"], out_dir=tmp_path / "out")
