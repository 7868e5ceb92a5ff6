"""Russia as reporter after 2021: the FCS 'exports and imports by country groups' releases (world and
continents, billion USD), each comparing one period of a year with the same period a year before."""

from __future__ import annotations

import re

import pandas as pd

from ....errors import RawFormatError
from ...sources import Sources
from ._common import _read_sheets, _require_cell
from .russia_fcs import MONTHS_RU, _fold

FCS_GROUP_FILES = (
    "russia_fcs_country_groups_2023",
    "russia_fcs_country_groups_2024_04",
    "russia_fcs_country_groups_2024_09",
)
# 'январь-декабрь 2022', 'Январь-апрель 2024': the months covered (always from January) and the year
_PERIOD = re.compile(r"^январь\s*-\s*(\w+)\s+(\d{4})$", re.IGNORECASE)


def _period(label: object, *, where: str) -> tuple[int, int]:
    m = _PERIOD.match(" ".join(str(label).split()))
    month = MONTHS_RU.get(m[1].lower()) if m else None
    if m is None or month is None:
        raise RawFormatError(
            f"{where}: period header {label!r} is not 'январь-<month> <year>'. The upstream format changed: "
            "update builder trade (russia_fcs_groups)."
        )
    return int(m[2]), month


def _read_one(src: Sources, did: str) -> pd.DataFrame:
    label = src.label(did)
    sheet = "1"
    d = _read_sheets(src, did, [sheet])[sheet]
    _require_cell(d, r"млрд\.?\s*долл", label=label, sheet=sheet, what="the unit 'млрд. долл. США' (billion USD)")
    hi, j_exp = _require_cell(d, r"^Экспорт$", label=label, sheet=sheet, what="the header 'Экспорт' (exports)")
    hi2, j_imp = _require_cell(d, r"^Импорт$", label=label, sheet=sheet, what="the header 'Импорт' (imports)")
    if hi2 != hi or j_imp <= j_exp:
        raise RawFormatError(f"Raw file {label}, sheet '{sheet}': 'Экспорт' and 'Импорт' are not one header row.")
    wi, _ = _require_cell(d, r"^Весь мир$", label=label, sheet=sheet, what="the world row 'Весь мир'", rows=15)
    rows = []
    for flow, j0, j1 in (("exports_usd", j_exp, j_imp), ("imports_usd", j_imp, d.shape[1])):
        for j in range(j0, j1):
            head = d.iat[hi + 1, j]
            if not isinstance(head, str) or "темп" in head.lower():
                continue  # growth columns: formulas, not levels
            year, month = _period(_fold(head), where=f"Raw file {label}, sheet '{sheet}', column {j + 1}")
            v = pd.to_numeric(d.iat[wi, j], errors="coerce")
            if pd.isna(v):
                raise RawFormatError(
                    f"Raw file {label}, sheet '{sheet}': row 'Весь мир', column {j + 1} ({head}) is not a number."
                )
            rows.append({"year": year, "through_month": month, "flow": flow, "value_usd": round(float(v) * 1e9, 2)})
    if len(rows) != 4:
        raise RawFormatError(
            f"Raw file {label}, sheet '{sheet}': expected two periods for exports and two for imports, found "
            f"{[(r['flow'], r['year'], r['through_month']) for r in rows]}."
        )
    return pd.DataFrame(rows).assign(release=did)


def _read_fcs_group_totals(src: Sources) -> pd.DataFrame:
    """Russia's world totals from every FCS country-group release: year, through_month (the period runs
    from January to that month), exports_usd, imports_usd, release (the catalog id)."""
    long = pd.concat([_read_one(src, did) for did in FCS_GROUP_FILES], ignore_index=True)
    wide = long.pivot_table(
        index=["year", "through_month", "release"], columns="flow", values="value_usd", aggfunc="first"
    ).reset_index()
    twice = wide[wide.duplicated(["year", "through_month"], keep=False)]
    if len(twice):
        raise RawFormatError(
            f"FCS country-group releases report the same period twice: {twice.to_dict('records')}; "
            "keep one release per period in builder trade (russia_fcs_groups)."
        )
    return wide[["year", "through_month", "exports_usd", "imports_usd", "release"]]
