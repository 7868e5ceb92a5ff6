"""Spreadsheet readers find columns by header text: a copy of a real file with two columns swapped or an
extra column inserted is refused with one line (file, sheet, field, fix), never read into wrong values.

Each test reads a real raw file with pandas, changes one sheet, writes it as .xlsx into tmp_path and
points the builder at the copy (the real files are not touched).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from sinorussia.errors import RawFormatError
from sinorussia.processed import sources as sources_mod
from sinorussia.processed.builders import regional
from sinorussia.processed.builders.trade import russia_fcs
from sinorussia.processed.sources import Sources
from sinorussia.raw import raw_catalog

SRC = Sources("regional.build_regional", regional.REGIONAL.sources)


def _sheets(dataset_id: str) -> dict[str, pd.DataFrame]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # xlrd deprecation notice
        return pd.read_excel(raw_catalog()[dataset_id].local_path, sheet_name=None, header=None)


def _write(sheets: dict[str, pd.DataFrame], path: Path) -> Path:
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, df in sheets.items():
            df.to_excel(xl, sheet_name=name, header=False, index=False)
    return path


def _swap(df: pd.DataFrame, a: int, b: int) -> pd.DataFrame:
    cols = list(df.columns)
    cols[a], cols[b] = cols[b], cols[a]
    out = df[cols]
    out.columns = range(out.shape[1])
    return out


def _insert(df: pd.DataFrame, at: int, header_row: int, header: object) -> pd.DataFrame:
    """A copy of column `at` (or of the last column) inserted before it, its header cell set to `header`."""
    col = df[min(at, df.shape[1] - 1)].copy()
    col.iloc[header_row] = header
    out = pd.concat([df.iloc[:, :at], col.rename("new"), df.iloc[:, at:]], axis=1)
    out.columns = range(out.shape[1])
    return out


def _use(monkeypatch, dataset_id: str, path: Path) -> None:
    real = sources_mod.raw_path
    monkeypatch.setattr(sources_mod, "raw_path", lambda i: path if i == dataset_id else real(i))


def _one_line(exc: pytest.ExceptionInfo, *needles: str) -> None:
    msg = str(exc.value)
    assert "\n" not in msg
    for n in needles:
        assert n in msg, (n, msg)
    assert "Fix:" in msg


# --- Kazakhstan: one sheet per year, merged 'Экспорт' / 'Импорт' headers over 'Всего' + share columns


KAZ = "kazakhstan_stat_trade_2023"


def _kaz(rows: list[dict], year: int) -> dict[tuple[str, str], float]:
    return {(r["partner"], r["flow"]): r["value_usd"] for r in rows if r["year"] == year}


def test_kazakhstan_real_file_copy_reads_the_same(raw_files, tmp_path, monkeypatch):
    real = _kaz(regional._kazakhstan(SRC), 2023)
    _use(monkeypatch, KAZ, _write(_sheets(KAZ), tmp_path / "kaz.xlsx"))
    copy = _kaz(regional._kazakhstan(SRC), 2023)
    assert copy == real
    # Kazakhstan's 2023 exports to China and imports from Russia (thousand USD in the file), not swapped
    assert real[("CHN", "exports")] == pytest.approx(14_666_158_300.1)
    assert real[("RUS", "imports")] == pytest.approx(16_847_033_931.4)


def test_kazakhstan_swapped_flow_columns_refused(raw_files, tmp_path, monkeypatch):
    sheets = _sheets(KAZ)
    sheets["2023"] = _swap(sheets["2023"], 3, 5)  # 'Экспорт/всего' <-> 'Импорт/всего'
    _use(monkeypatch, KAZ, _write(sheets, tmp_path / "kaz.xlsx"))
    with pytest.raises(RawFormatError) as exc:
        regional._kazakhstan(SRC)
    _one_line(exc, KAZ, "sheet '2023'", "column headers", "Экспорт")


@pytest.mark.parametrize(("at", "header", "needle"), [(7, "Сальдо", "Сальдо"), (4, None, "column F")])
def test_kazakhstan_extra_column_refused_not_dropped(raw_files, tmp_path, monkeypatch, at, header, needle):
    # before: a sheet with an 8th column was skipped, so its year silently vanished from the table
    sheets = _sheets(KAZ)
    sheets["2023"] = _insert(sheets["2023"], at, 3, header)
    _use(monkeypatch, KAZ, _write(sheets, tmp_path / "kaz.xlsx"))
    with pytest.raises(RawFormatError) as exc:
        regional._kazakhstan(SRC)
    _one_line(exc, KAZ, "sheet '2023'", needle)


def test_kazakhstan_wrong_unit_refused(raw_files, tmp_path, monkeypatch):
    sheets = _sheets(KAZ)
    df = sheets["2023"]
    df.iat[2, 4] = "млн. долларов США"
    _use(monkeypatch, KAZ, _write(sheets, tmp_path / "kaz.xlsx"))
    with pytest.raises(RawFormatError) as exc:
        regional._kazakhstan(SRC)
    _one_line(exc, KAZ, "unit", "тыс. долларов сша")


# --- Kyrgyzstan: partners down, one column per year


KGZ = "kyrgyzstan_stat_exports_geographic"


def _kgz_year_col(df: pd.DataFrame, year: int) -> tuple[int, int]:
    for i in range(10):
        for j in range(df.shape[1]):
            if df.iat[i, j] == year:
                return i, j
    raise AssertionError(year)


def test_kyrgyzstan_real_file_copy_reads_the_same(raw_files, tmp_path, monkeypatch):
    real = regional._kyrgyzstan(SRC)
    _use(monkeypatch, KGZ, _write(_sheets(KGZ), tmp_path / "kgz.xlsx"))
    assert regional._kyrgyzstan(SRC) == real


def test_kyrgyzstan_swapped_year_columns_refused(raw_files, tmp_path, monkeypatch):
    sheets = _sheets(KGZ)
    df = sheets["Лист1"]
    _, a = _kgz_year_col(df, 2010)
    sheets["Лист1"] = _swap(df, a, a + 1)
    _use(monkeypatch, KGZ, _write(sheets, tmp_path / "kgz.xlsx"))
    with pytest.raises(RawFormatError) as exc:
        regional._kyrgyzstan(SRC)
    _one_line(exc, KGZ, "year headers", "2011")


@pytest.mark.parametrize("header", ["Примечание", 2015])
def test_kyrgyzstan_extra_column_refused(raw_files, tmp_path, monkeypatch, header):
    sheets = _sheets(KGZ)
    df = sheets["Лист1"]
    i, j = _kgz_year_col(df, 2016)
    sheets["Лист1"] = _insert(df, j, i, header)
    _use(monkeypatch, KGZ, _write(sheets, tmp_path / "kgz.xlsx"))
    with pytest.raises(RawFormatError) as exc:
        regional._kyrgyzstan(SRC)
    _one_line(exc, KGZ, "year headers")


# --- Russia's FCS annual file: one sheet per year, labels and one value column headed by the year


FCS = "russia_fcs_annual_partners"
TRADE_SRC = Sources("trade.build_trade", (FCS,))


def test_fcs_swapped_columns_read_by_header_not_position(raw_files, tmp_path, monkeypatch):
    real_cis, real_tot = regional._russia_cis(SRC), russia_fcs._read_fcs_annual_totals(TRADE_SRC)
    sheets = _sheets(FCS)
    sheets["2021"] = _swap(sheets["2021"], 0, 1)  # values left of the labels
    _use(monkeypatch, FCS, _write(sheets, tmp_path / "fcs.xlsx"))
    # the columns are found by their header and content, so the values stay where they belong
    assert regional._russia_cis(SRC) == real_cis
    pd.testing.assert_frame_equal(russia_fcs._read_fcs_annual_totals(TRADE_SRC), real_tot)
    assert real_tot.set_index("year").loc[2021, "exports_usd"] == 493_096e6


def test_fcs_extra_column_refused(raw_files, tmp_path, monkeypatch):
    sheets = _sheets(FCS)
    sheets["2021"] = _insert(sheets["2021"], 1, 3, 2020)  # a second value column, headed 2020
    _use(monkeypatch, FCS, _write(sheets, tmp_path / "fcs.xlsx"))
    for read in (lambda: regional._russia_cis(SRC), lambda: russia_fcs._read_fcs_annual_totals(TRADE_SRC)):
        with pytest.raises(RawFormatError) as exc:
            read()
        _one_line(exc, FCS, "sheet '2021'", "column B")


def test_fcs_wrong_unit_refused(raw_files, tmp_path, monkeypatch):
    sheets = _sheets(FCS)
    sheets["2021"].iat[2, 1] = "(млрд долларов США)"
    _use(monkeypatch, FCS, _write(sheets, tmp_path / "fcs.xlsx"))
    with pytest.raises(RawFormatError) as exc:
        regional._russia_cis(SRC)
    _one_line(exc, FCS, "unit", "млн долларов сша")


# --- Uzbekistan (CSV): years must run in order; a duplicated year column is refused, not ignored

UZB = "uzbekistan_stat_exports"


def _uzb_copy(tmp_path: Path, edit) -> Path:
    df = pd.read_csv(raw_catalog()[UZB].local_path, encoding="utf-8-sig", dtype=str)
    path = tmp_path / "uzb.csv"
    edit(df).to_csv(path, index=False)
    return path


def test_uzbekistan_swapped_years_refused(raw_files, tmp_path, monkeypatch):
    cols = lambda d: d.rename(columns={"2015": "2016", "2016": "2015"})  # noqa: E731
    _use(monkeypatch, UZB, _uzb_copy(tmp_path, cols))
    with pytest.raises(RawFormatError) as exc:
        regional._uzbekistan(SRC)
    _one_line(exc, UZB, "year headers", "2016")


def test_uzbekistan_duplicate_year_column_refused(raw_files, tmp_path, monkeypatch):
    def dup(d: pd.DataFrame) -> pd.DataFrame:
        d.insert(len(d.columns), "2023 ", d["2023"])
        return d

    _use(monkeypatch, UZB, _uzb_copy(tmp_path, dup))
    with pytest.raises(RawFormatError) as exc:
        regional._uzbekistan(SRC)
    _one_line(exc, UZB)


# --- Mongolia and Uzbekistan (CSV): thousand USD whatever the column says; values in million USD are refused

MNG = "mongolia_nso_exports_top"


def test_mongolia_values_in_million_usd_refused(raw_files, tmp_path, monkeypatch):
    df = pd.read_csv(raw_catalog()[MNG].local_path)
    df["exports_usd_mn"] = df["exports_usd_mn"] / 1000  # what a file that really held million USD would look like
    path = tmp_path / "mng.csv"
    df.to_csv(path, index=False)
    _use(monkeypatch, MNG, path)
    with pytest.raises(RawFormatError) as exc:
        regional._mongolia(SRC)
    _one_line(exc, MNG, "unit", "too small for thousand USD")


def test_uzbekistan_values_in_million_usd_refused(raw_files, tmp_path, monkeypatch):
    def rescale(d: pd.DataFrame) -> pd.DataFrame:
        years = [c for c in d.columns if c.isdigit()]
        d[years] = d[years].apply(pd.to_numeric, errors="coerce") / 1000
        return d

    _use(monkeypatch, UZB, _uzb_copy(tmp_path, rescale))
    with pytest.raises(RawFormatError) as exc:
        regional._uzbekistan(SRC)
    _one_line(exc, UZB, "unit")
