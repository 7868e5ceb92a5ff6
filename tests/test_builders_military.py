"""Military builders: arms_transfers (SIPRI 2022 and 2026 vintages), military_expenditure, joint_exercises.

Known values are re-read here from the raw files with the csv and json modules (not the builder's code)
and compared with the built tables; builds must be byte-identical; format drift must fail with the
file and the column named.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import pytest

from sinorussia import load, paths
from sinorussia.errors import RawFormatError
from sinorussia.processed import sources as sources_mod
from sinorussia.processed.build import build
from sinorussia.processed.registry import TABLES
from sinorussia.raw import raw_file, raw_path

TABLES_HERE = ["arms_transfers", "military_expenditure", "joint_exercises", "joint_activities"]
COLUMNS = {
    "arms_transfers": ["year", "supplier", "recipient", "tiv_musd", "source"],
    "military_expenditure": ["year", "country", "measure", "value", "unit", "source"],
    "joint_exercises": ["year", "exercise", "partners", "with_china", "location", "source"],
    "joint_activities": [
        "start",
        "start_precision",
        "end",
        "end_precision",
        "year",
        "name",
        "kind",
        "format",
        "domain",
        "location",
        "source_title",
        "source_url",
        "note",
        "source",
    ],
}


@pytest.fixture(scope="module")
def arms(raw_files):
    return load("arms_transfers")


@pytest.fixture(scope="module")
def milex(raw_files):
    return load("military_expenditure")


def _tiv(df, year, supplier, recipient, source):
    sel = df[(df.year == year) & (df.supplier == supplier) & (df.recipient == recipient) & (df.source == source)]
    assert len(sel) <= 1
    return None if sel.empty else float(sel.tiv_musd.iloc[0])


def _rows(dataset_id: str, encoding="utf-8-sig") -> list[list[str]]:
    with open(raw_path(dataset_id), encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


def _register() -> list[dict]:
    """The trade register read line by line: notes, then ';'-terminated CSV lines."""
    with open(raw_path("sipri_trade_register_2026"), encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("SIPRI AT Database ID,"))
    return list(csv.DictReader(line.rstrip(";") for line in lines[start:]))


def _russia_china_table() -> dict[str, dict[int, float]]:
    rows = _rows("sipri_tiv_russia_china_2026")
    h = next(i for i, r in enumerate(rows) if r and r[0] == "Recipient")
    years = {j: int(c) for j, c in enumerate(rows[h]) if c.isdigit()}
    return {r[0]: {years[j]: float(r[j]) for j in years if r[j] != ""} for r in rows[h + 1 :] if r and r[0]}


# ------------------------------------------------------------------------------- contract and builds


@pytest.mark.parametrize("name", TABLES_HERE)
def test_committed_table_loads(raw_files, name):
    df = load(name)
    assert len(df) > 0 and df.columns.tolist() == COLUMNS[name]
    assert (paths.PROCESSED_DIR / f"{name}.csv").stat().st_size < 2_000_000


def test_notes_flag_the_traps():
    notes = " ".join(TABLES["arms_transfers"].notes)
    assert "0–0.5" in notes and "not a price" in notes and "1992–1994" in notes
    ex = TABLES["joint_exercises"]
    assert "PARTIAL" in ex.title and "UNVERIFIED" in ex.title and "Vostok-2018" in " ".join(ex.notes)
    act = TABLES["joint_activities"]
    assert "lower bound" in act.title and "never add the two into one series" in " ".join(act.notes)


# --------------------------------------------------------------------------------- SIPRI 2022 vintage


def test_sipri_2022_cells_equal_the_raw_file(arms, raw_files):
    rows = _rows("sipri_tiv_exports_rus_2022")
    h = next(i for i, r in enumerate(rows) if len(r) > 1 and r[0] == "" and r[1] == "1950")
    col = {int(c): j for j, c in enumerate(rows[h]) if c.isdigit()}
    china = next(r for r in rows if r and r[0] == "China")
    total = next(r for r in rows if r and r[0] == "Total")
    for year in (1992, 2000, 2005, 2021):
        assert _tiv(arms, year, "RUS", "CHN", "sipri_2022") == float(china[col[year]])
        assert _tiv(arms, year, "RUS", "WLD", "sipri_2022") == float(total[col[year]])
    assert _tiv(arms, 1992, "RUS", "WLD", "sipri_2022") == 2605  # SIPRI's Total row, July 2022
    # blank = no deliveries: no row; the Russian Federation file starts in 1992
    assert _tiv(arms, 1991, "RUS", "CHN", "sipri_2022") is None
    # Soviet deliveries to the PRC in the 1950s come from the USSR file
    usr = _rows("sipri_tiv_exports_usr_2022")
    usr_china = next(r for r in usr if r and r[0] == "China")
    assert _tiv(arms, 1955, "SUN", "CHN", "sipri_2022") == float(usr_china[col[1955]]) > 1000


def test_sipri_zero_is_kept_as_zero(arms, raw_files):
    rows = _rows("sipri_tiv_exports_rus_2022")
    h = next(i for i, r in enumerate(rows) if len(r) > 1 and r[0] == "" and r[1] == "1950")
    col = {j: int(c) for j, c in enumerate(rows[h]) if c.isdigit()}
    argentina = next(r for r in rows if r and r[0] == "Argentina")
    zero_years = [col[j] for j in col if argentina[j] == "0"]
    assert zero_years, "the raw file should have a '0' (0–0.5 TIV) cell for Argentina"
    for y in zero_years:
        assert _tiv(arms, y, "RUS", "ARG", "sipri_2022") == 0.0


def test_sipri_2022_country_rows_stay_within_the_total(arms):
    a = arms[arms.source == "sipri_2022"]
    countries = a[a.recipient != "WLD"].groupby(["supplier", "year"]).tiv_musd.agg(["sum", "size"])
    totals = a[a.recipient == "WLD"].set_index(["supplier", "year"]).tiv_musd
    joined = countries.join(totals, how="inner")
    # SIPRI rounds each cell to whole millions: country rows may exceed the total by rounding only
    assert (joined["sum"] <= joined["tiv_musd"] + 0.5 * joined["size"] + 0.5).all()
    assert set(a.supplier) == {"RUS", "SUN", "CHN", "USA", "FRA"}


def test_non_state_recipients_have_no_country_row(arms):
    assert arms.recipient.str.fullmatch(r"[A-Z]{3}").all()
    # USSR's 'Viet Nam' before unification is North Vietnam; the US's 'South Vietnam' is VNM
    assert _tiv(arms, 1965, "SUN", "VDR", "sipri_2022") is not None
    assert _tiv(arms, 1965, "USA", "VNM", "sipri_2022") is not None
    assert _tiv(arms, 1965, "SUN", "VNM", "sipri_2022") is None


# --------------------------------------------------------------------------------- SIPRI 2026 vintage


def test_sipri_2026_russia_china_2024_from_the_file(arms, raw_files):
    table = _russia_china_table()
    value_2024 = table["China"][2024]
    assert _tiv(arms, 2024, "RUS", "CHN", "sipri_2026") == pytest.approx(value_2024, abs=0.5)
    assert value_2024 == 30  # SIPRI, generated 13 Feb 2026


def test_register_sums_agree_with_sipri_russia_china_table(arms, raw_files):
    """Both are the Feb 2026 vintage: deal-level sums must equal SIPRI's rounded table within 0.5 TIV."""
    table = _russia_china_table()
    sums = defaultdict(float)
    for r in _register():
        if r["Supplier"] == "Russia":
            sums[(int(r["Delivery year"]), "WLD")] += float(r["TIV delivery values"])
            if r["Recipient"] == "China":
                sums[(int(r["Delivery year"]), "CHN")] += float(r["TIV delivery values"])
    for (year, rec), ours in sums.items():
        theirs = table["China" if rec == "CHN" else "Total exports from Russia"][year]
        assert abs(ours - theirs) <= 0.5 + 1e-9, (year, rec, ours, theirs)
        assert _tiv(arms, year, "RUS", rec, "sipri_2026") == pytest.approx(ours, abs=0.006)
    # 1992–1994 predate the register and come from SIPRI's table itself
    for year in (1992, 1993, 1994):
        assert _tiv(arms, year, "RUS", "CHN", "sipri_2026") == table["China"][year]
        assert _tiv(arms, year, "RUS", "WLD", "sipri_2026") == table["Total exports from Russia"][year]


def test_china_total_imports_and_russias_share(arms, raw_files):
    imports = defaultdict(float)
    for r in _register():
        if r["Recipient"] == "China":
            imports[int(r["Delivery year"])] += float(r["TIV delivery values"])
    for year in (2005, 2015, 2024):
        assert _tiv(arms, year, "WLD", "CHN", "sipri_2026") == pytest.approx(imports[year], abs=0.006)
    share_2005 = _tiv(arms, 2005, "RUS", "CHN", "sipri_2026") / _tiv(arms, 2005, "WLD", "CHN", "sipri_2026")
    assert share_2005 > 0.8  # Russia supplied most of China's major-arms imports in the 2000s
    a = arms[arms.source == "sipri_2026"]
    kept = a[(a.supplier != "WLD") & (a.recipient != "WLD")]
    assert ((kept.recipient == "CHN") | kept.supplier.isin(["RUS", "CHN"])).all()
    assert a.year.max() == 2024 and a[a.supplier == "CHN"].recipient.nunique() > 30


# ------------------------------------------------------------------------------ military expenditure


def _milex_raw(dataset_id):
    return {r["country"]: r for r in json.loads(raw_path(dataset_id).read_text(encoding="utf-8"))}


def test_milex_cells_and_units(milex, raw_files):
    m = milex.set_index(["year", "country", "measure"]).value
    cur = _milex_raw("sipri_milex_current_us")
    gdp = _milex_raw("sipri_milex_share_of_gdp")
    const = _milex_raw("sipri_milex_constant_2023_us")
    assert m[(2023, "USA", "current_usd")] == pytest.approx(cur["United States of America"]["2023"] * 1e6, rel=1e-12)
    assert m[(2024, "CHN", "current_usd")] == pytest.approx(cur["China"]["2024"] * 1e6, rel=1e-12)
    assert m[(2024, "RUS", "share_of_gdp")] == pytest.approx(gdp["Russia"]["2024"] / 100, abs=1e-12)
    assert m[(1990, "SUN", "constant_2023_usd")] == pytest.approx(const["USSR"]["1990"] * 1e6, rel=1e-12)
    # a null in the JSON is missing, not zero: no row
    assert cur["Russia"]["1992"] is None and (1992, "RUS", "current_usd") not in m.index
    assert set(milex.unit) == {"USD", "share"}
    shares = milex[milex.unit == "share"].set_index(["year", "country", "measure"]).value
    assert shares.max() == shares[(1991, "KWT", "share_of_gdp")] == pytest.approx(1.1735)  # Gulf War: > 100% of GDP
    assert shares.drop((1991, "KWT", "share_of_gdp")).max() < 1


def test_milex_keeps_every_country_for_ranks(milex, raw_files):
    cur = _milex_raw("sipri_milex_current_us")
    raw_2024 = sum(1 for r in cur.values() if r.get("2024") is not None)
    got = milex[(milex.year == 2024) & (milex.measure == "current_usd")]
    assert len(got) == raw_2024
    top = got.sort_values("value", ascending=False).country.head(3).tolist()
    assert top == ["USA", "CHN", "RUS"]


# ----------------------------------------------------------------------------------- joint exercises


def test_joint_exercises_counts_and_gap(raw_files):
    e = load("joint_exercises")
    with open(raw_path("joint_exercises_russia"), encoding="utf-8", newline="") as fh:
        raw = [r for r in csv.DictReader(fh) if r["name"].strip()]
    assert len(e) == len(raw) == 99
    raw_china = sum(1 for r in raw if any(v.strip() == "China" for k, v in r.items() if k.startswith("part") and v))
    assert int(e.with_china.sum()) == raw_china == 12
    assert not e.exercise.str.contains("Восток").any()  # the compilation's known gap: no Vostok-2018
    assert e.location.isna().all() and e.year.between(2009, 2018).all()
    assert (e.partners.str.split(";").map(lambda p: p == sorted(p) and "RUS" not in p)).all()
    joint_sea = e[(e.year == 2015) & e.exercise.str.startswith("Морское взаимодействие")]
    assert len(joint_sea) == 2 and (joint_sea.partners == "CHN").all()


# ------------------------------------------------------------------------------- upstream format drift


def _redirect(monkeypatch, dataset_id, new_path):
    real = sources_mod.raw_path
    monkeypatch.setattr(sources_mod, "raw_path", lambda did: new_path if did == dataset_id else real(did))


def test_drift_register_column_renamed(raw_files, tmp_path, monkeypatch):
    src = raw_path("sipri_trade_register_2026")
    bad = tmp_path / src.name
    bad.write_text(
        src.read_text(encoding="utf-8").replace(",TIV delivery values,", ",TIV values,", 1), encoding="utf-8"
    )
    _redirect(monkeypatch, "sipri_trade_register_2026", bad)
    with pytest.raises(RawFormatError) as err:
        build(["arms_transfers"], out_dir=tmp_path / "out")
    msg = str(err.value)
    assert "trade_register.csv" in msg and "TIV delivery values" in msg


def test_drift_register_disagrees_with_sipri_table(raw_files, tmp_path, monkeypatch):
    src = raw_path("sipri_trade_register_2026")
    lines = src.read_text(encoding="utf-8").split("\n")
    i = next(k for k, line in enumerate(lines) if ",Russia,China," in line and ",2024," in line)
    lines.insert(i, lines[i])  # a duplicated delivery line: Russia→China 2024 no longer matches SIPRI's table
    bad = tmp_path / src.name
    bad.write_text("\n".join(lines), encoding="utf-8")
    _redirect(monkeypatch, "sipri_trade_register_2026", bad)
    with pytest.raises(RawFormatError, match=r"RUS→CHN in 2024.*sipri_arms_transfers_1990_2024.csv"):
        build(["arms_transfers"], out_dir=tmp_path / "out")


def test_drift_milex_key_renamed(raw_files, tmp_path, monkeypatch):
    src = raw_path("sipri_milex_current_us")
    records = json.loads(src.read_text(encoding="utf-8"))
    bad = tmp_path / src.name
    bad.write_text(json.dumps([{("Country" if k == "country" else k): v for k, v in r.items()} for r in records]))
    _redirect(monkeypatch, "sipri_milex_current_us", bad)
    with pytest.raises(RawFormatError) as err:
        build(["military_expenditure"], out_dir=tmp_path / "out")
    msg = str(err.value)
    assert raw_file("sipri_milex_current_us").filename in msg and "'country'" in msg


def test_drift_tiv_2022_header_missing(raw_files, tmp_path, monkeypatch):
    src = raw_path("sipri_tiv_exports_chi_2022")
    bad = tmp_path / src.name
    bad.write_text(src.read_text(encoding="utf-8-sig").replace(",1950,1951,", ",Y1950,Y1951,", 1), encoding="utf-8")
    _redirect(monkeypatch, "sipri_tiv_exports_chi_2022", bad)
    with pytest.raises(RawFormatError, match=r"TIV-Export-CHI-1950-2021.csv.*1950"):
        build(["arms_transfers"], out_dir=tmp_path / "out")
