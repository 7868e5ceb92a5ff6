"""China's total crude-oil imports as year-to-date (YTD) cumulative values (NBS and China customs via WIND,
republished by CREA as fuel_supply.csv): year-end values for energy_flows, and the months of
china_crude_imports_monthly obtained by differencing consecutive YTD values."""

from __future__ import annotations

import csv
import re

import pandas as pd

from ....errors import RawFormatError
from ...sources import Sources

FUEL_SUPPLY = "crea_china_fuel_supply"  # CREA update of 2025-01-25 (crude imports updated 2025-03-07)

# The one series read, and the unit it must be in (WIND's '10000 tons' -> tonnes).
CRUDE_IMPORTS_YTD = "Quantity of Imports: Crude Oil: YTD"
CRUDE_IMPORTS_UNIT = "10000 tons"
TONNES_PER_UNIT = 10_000


def _ytd_crude(src: Sources) -> pd.DataFrame:
    """The YTD series of China's crude imports -> month ('YYYY-MM'), ytd_t (tonnes); months WIND writes as 0
    (not yet reported, e.g. January merged into February, or a series not yet updated) are left out."""
    path, label = src.path(FUEL_SUPPLY), src.label(FUEL_SUPPLY)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    head = next((i for i, r in enumerate(rows[:20]) if r and r[0].strip() == "Name"), None)
    if head is None:
        raise RawFormatError(f"Raw file {label}: no header row starting with 'Name'. The WIND layout changed.")
    header = [c.strip() for c in rows[head]]
    if CRUDE_IMPORTS_YTD not in header:
        raise RawFormatError(
            f"Raw file {label}: no column '{CRUDE_IMPORTS_YTD}' in the 'Name' row (found {header[1:6]} …). "
            f"Fix: update CRUDE_IMPORTS_YTD in builders/energy/china_ytd.py to the series' new name."
        )
    j = header.index(CRUDE_IMPORTS_YTD)
    meta = {r[0].strip(): r for r in rows[head + 1 : head + 10] if r}
    unit = meta["Unit"][j].strip() if "Unit" in meta and j < len(meta["Unit"]) else None
    if unit != CRUDE_IMPORTS_UNIT:
        raise RawFormatError(
            f"Raw file {label}: column '{CRUDE_IMPORTS_YTD}' has unit {unit!r}, not '{CRUDE_IMPORTS_UNIT}'. "
            f"Fix: convert the new unit in builders/energy/china_ytd.py (TONNES_PER_UNIT)."
        )
    out = []
    for r in rows[head + 1 :]:
        if not (r and re.fullmatch(r"\d{4}-\d{2}", r[0].strip())):
            continue
        cell = r[j].strip() if j < len(r) else ""
        try:
            v = float(cell.replace(",", "")) if cell else 0.0
        except ValueError:
            raise RawFormatError(
                f"Raw file {label}: column '{CRUDE_IMPORTS_YTD}', month {r[0].strip()}: {cell!r} is not a number."
            ) from None
        if v > 0:
            out.append((r[0].strip(), round(v * TONNES_PER_UNIT, 3)))
    if not out:
        raise RawFormatError(f"Raw file {label}: no monthly data rows (first column YYYY-MM). The layout changed.")
    return pd.DataFrame(out, columns=["month", "ytd_t"])


def ytd_annual(ytd: pd.DataFrame) -> pd.DataFrame:
    """year, value (tonnes): the December YTD value, i.e. only complete years."""
    dec = ytd[ytd["month"].str[5:] == "12"]
    return pd.DataFrame({"year": dec["month"].str[:4].astype("int64").values, "value": dec["ytd_t"].values})


def ytd_monthly(ytd: pd.DataFrame, label: str) -> pd.DataFrame:
    """month ('YYYY-MM'), value (tonnes): each month's YTD minus the previous month's of the same year (January:
    its YTD value). A month whose previous month is not reported is left out (January merged into February)."""
    by_month = dict(zip(ytd["month"], ytd["ytd_t"]))
    out = []
    for month, v in by_month.items():
        y, m = int(month[:4]), int(month[5:])
        if m == 1:
            out.append((month, v))
            continue
        prev = by_month.get(f"{y}-{m - 1:02d}")
        if prev is None:
            continue
        if v < prev:
            raise RawFormatError(
                f"Raw file {label}: '{CRUDE_IMPORTS_YTD}' falls from {prev / 1e4:,.1f} to {v / 1e4:,.1f} "
                f"(10,000 t) in {month}: not a year-to-date series."
            )
        out.append((month, round(v - prev, 3)))
    return pd.DataFrame(out, columns=["month", "value"])
