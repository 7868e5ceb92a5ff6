"""Russia as reporter: the customs service (FCS) monthly partner file and annual totals file (Rosstat xlsx)."""

from __future__ import annotations

import re

import pandas as pd

from ....errors import RawFormatError
from ...countries import to_iso3
from ...sources import Sources
from .._headers import fcs_year_sheet
from ._common import _read_sheets, _require_cell, _usd

MONTHS_RU = {
    "январь": 1,
    "февраль": 2,
    "март": 3,
    "апрель": 4,
    "май": 5,
    "июнь": 6,
    "июль": 7,
    "август": 8,
    "сентябрь": 9,
    "октябрь": 10,
    "ноябрь": 11,
    "декабрь": 12,
}
# Latin letters that FCS tables put inside Russian words ('Китaй' has a Latin 'a')
_HOMOGLYPHS = str.maketrans("aeopcxyAEOPCXHKMTB", "аеорсхуАЕОРСХНКМТВ")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
FCS_EXTRA = {"чешская республика": "CZE"}


def _fold(text: str) -> str:
    """Replace Latin look-alike letters by Cyrillic ones in a Russian label; collapse whitespace."""
    s = " ".join(str(text).split())
    return s.translate(_HOMOGLYPHS) if _CYRILLIC.search(s) else s


def _read_fcs_monthly(src: Sources) -> pd.DataFrame:
    """Long frame: month, flow ('exports'/'imports' of Russia), partner (ISO3), value_usd."""
    did = "russia_fcs_monthly_partners"
    label = src.label(did)
    sheets = _read_sheets(src, did, ["Экспорт", "Импорт"])
    out = []
    for sheet, flow in (("Экспорт", "exports"), ("Импорт", "imports")):
        d = sheets[sheet]
        _require_cell(d, r"млн\s+долл", label=label, sheet=sheet, what="the unit 'млн долларов США' (million USD)")
        hi, _ = _require_cell(
            d, r"^Кит[аa]й$", label=label, sheet=sheet, what="the partner header row (China column)", rows=15
        )
        partners = {}
        for j in range(1, d.shape[1]):
            name = d.iat[hi, j]
            if isinstance(name, str) and name.strip():
                partners[j] = to_iso3(_fold(name), extra=FCS_EXTRA, source=f"{label} sheet '{sheet}'")
        if len(set(partners.values())) != len(partners):
            raise RawFormatError(
                f"Raw file {label}, sheet '{sheet}': two partner columns map to the same country: {partners}."
            )
        year = None
        for i in range(hi + 1, len(d)):
            lab = d.iat[i, 0]
            if pd.isna(lab):
                continue
            lab = str(lab).strip()
            if re.fullmatch(r"\d{4}(\.0)?", lab):
                year = int(float(lab))
                continue
            m = MONTHS_RU.get(lab.lower())
            if m is None or year is None:
                raise RawFormatError(
                    f"Raw file {label}, sheet '{sheet}': unexpected row label '{lab}' at row {i + 1} (want a year or a Russian month name)."
                )
            for j, iso in partners.items():
                v = d.iat[i, j]
                if isinstance(v, str):
                    if v.strip() in ("…", "...", ""):
                        continue  # gap: missing, not zero
                    raise RawFormatError(
                        f"Raw file {label}, sheet '{sheet}': non-numeric cell '{v}' at row {i + 1}, column {j + 1}."
                    )
                if pd.isna(v):
                    continue
                out.append((pd.Timestamp(year=year, month=m, day=1), flow, iso, float(v)))
    df = pd.DataFrame(out, columns=["month", "flow", "partner", "value_musd"])
    if df.duplicated(["month", "flow", "partner"]).any():
        raise RawFormatError(f"Raw file {label}: a month appears twice in a sheet.")
    df["month"] = df["month"].astype("datetime64[ns]")
    df["value_usd"] = _usd(df.pop("value_musd"), 1e6)
    return df


def _read_fcs_annual_totals(src: Sources) -> pd.DataFrame:
    """Russia's total exports and imports (FCS) per year from the one-sheet-per-year file 94itog.xlsx."""
    did = "russia_fcs_annual_partners"
    label = src.label(did)
    book = pd.ExcelFile(src.path(did))
    years = [s for s in book.sheet_names if re.fullmatch(r"\d{4}", s.strip())]
    if not years:
        raise RawFormatError(
            f"Raw file {label}: no sheet named by a year (found {book.sheet_names}). Update builder trade."
        )
    rows = []
    for s in years:
        d = pd.read_excel(book, sheet_name=s, header=None)
        lc, vc = fcs_year_sheet(d, int(s), where=f"{label} sheet '{s}'")
        labels = d[lc].map(lambda v: str(v).strip() if pd.notna(v) else "")
        vals = {}
        for key, ru in (("exports", "Экспорт"), ("imports", "Импорт")):
            hit = labels.index[labels == ru]
            if len(hit) != 1:
                raise RawFormatError(
                    f"Raw file {label}, sheet '{s}': expected one row '{ru}' in the label column, found {len(hit)}."
                )
            v = pd.to_numeric(d.iat[hit[0], vc], errors="coerce")
            if pd.isna(v):
                raise RawFormatError(
                    f"Raw file {label}, sheet '{s}': row '{ru}' has no numeric value under its year header."
                )
            vals[key] = float(v)
        rows.append((int(s), vals["exports"] * 1e6, vals["imports"] * 1e6))
    return pd.DataFrame(rows, columns=["year", "exports_usd", "imports_usd"])
