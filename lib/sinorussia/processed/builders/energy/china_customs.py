"""China customs imports by origin (WIND exports republished by CREA, three commits): monthly series, their
complete-year sums for energy_flows, and the crude-oil months of china_crude_imports_monthly."""

from __future__ import annotations

import csv
import re

import pandas as pd

from ....errors import RawFormatError
from ...countries import to_iso3
from ...sources import Sources
from ._common import COUNTRY_EXTRA, _close

CUSTOMS_2022 = "china_customs_crude_imports_by_origin"  # CREA commit of Dec 2022: all origins, to 2022-11
CUSTOMS_2023 = "china_customs_imports_russia_2023"  # CREA commit of Mar 2023: Russia only, to 2023-02
CUSTOMS_2025 = "crea_china_fossil_imports_from_russia"  # CREA update of 2025-01-25: Russia only, to 2024-12

# China customs series name -> commodity slug (volume rows use it, value rows add '_value').
CUSTOMS_COMMODITIES = {
    "crude oil": "crude_oil",
    "liquified natural gas (lng)": "lng",
    "liquified natural gas(271111)": "lng",
    "pipeline carried natural gas (gaseous state)": "pipeline_gas",
    "natural gas in gaseous state": "pipeline_gas",
    "natural gas(271121)": "pipeline_gas",
    "coal": "coal",
    "lignite": "lignite",
    "coal and lignite": "coal_and_lignite",
    "lpg": "lpg",
}
# sub-types of 'coal' (see notes), and the 2025 file's second LNG volume series (HS 27111100, in tonnes rounded to
# 0.01 t: the kg series 'Liquified Natural Gas (LNG)' / 1000, so it would only repeat it)
CUSTOMS_SKIPPED = {"steam coal", "coking coal", "anthracite coal", "liquified natural gas(27111100)"}
# unit as WIND writes it -> (our unit, multiply by, divide by)
CUSTOMS_UNITS = {
    "kg": ("t", 1, 1000),
    "ton": ("t", 1, 1),
    "10000 tons": ("t", 10_000, 1),
    "usd": ("USD", 1, 1),
    "usd 10 th": ("USD", 10_000, 1),
}
DECIMALS = {"t": 3, "USD": 2}  # annual sums are rounded to the precision of the monthly inputs (1 kg, 1 cent)
VINTAGE = {CUSTOMS_2022: 1, CUSTOMS_2023: 2, CUSTOMS_2025: 3}  # the later CREA commit wins where several give a value
# The 2025 file has no 'Time Period' row: a series' period is read from its numbers (see _outer_zeros_dropped).
PERIOD_ROW = {CUSTOMS_2022: True, CUSTOMS_2023: True, CUSTOMS_2025: False}


def _outer_zeros_dropped(values: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A series without a stated period (the 2025 file): WIND writes 0 before a series starts and after it stops
    (pipeline-gas volume from 2022-01, when customs suppressed it), so zeros before the first and after the last
    non-zero month are missing, not zero; zeros between them are kept (a month with nothing shipped)."""
    nonzero = [i for i, (_, v) in enumerate(values) if v != 0]
    return values[nonzero[0] : nonzero[-1] + 1] if nonzero else []


def _customs_series(src: Sources, dataset_id: str) -> pd.DataFrame:
    """A WIND export -> long monthly records: month, commodity, origin, measure, value (t or USD)."""
    path = src.path(dataset_id)
    label = src.label(dataset_id)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    head = next((i for i, r in enumerate(rows[:20]) if r and r[0].strip() == "Name"), None)
    if head is None:
        raise RawFormatError(f"Raw file {label}: no header row starting with 'Name'. The WIND layout changed.")
    meta = {r[0].strip(): r for r in rows[head + 1 : head + 12] if r}
    has_period = PERIOD_ROW[dataset_id]
    for needed in ("Unit", "ID", "Time Period") if has_period else ("Unit", "ID", "Update"):
        if needed not in meta:
            raise RawFormatError(
                f"Raw file {label}: the metadata row '{needed}' under the header is missing "
                f"(found {list(meta)}). The WIND layout changed."
            )
    header = rows[head]
    data = [r for r in rows[head + 1 :] if r and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", r[0].strip())]
    if not data:
        raise RawFormatError(f"Raw file {label}: no monthly data rows (first column YYYY-MM). The layout changed.")
    records: list[dict] = []
    seen: dict[tuple, tuple[str, list, str]] = {}
    for j in range(1, len(header)):
        name = header[j].strip()
        if not name:
            continue
        m = re.fullmatch(r"(?:China: )?(Volume|Value) of Imports: ([^:]+?)(?:: (.+))?", name)
        if not m:
            raise RawFormatError(
                f"Raw file {label}: column '{name}' is not a 'Volume/Value of Imports: <commodity>[: <origin>]' series."
            )
        measure, commodity_label, origin_label = m.group(1), m.group(2).strip().lower(), m.group(3)
        if commodity_label in CUSTOMS_SKIPPED:
            continue
        if commodity_label not in CUSTOMS_COMMODITIES:
            raise RawFormatError(
                f"Raw file {label}: column '{name}': unknown commodity '{m.group(2)}'. "
                f"Fix: add it to CUSTOMS_COMMODITIES (or CUSTOMS_SKIPPED) in builders/energy/china_customs.py."
            )
        unit_text = meta["Unit"][j].strip().lower()
        if unit_text not in CUSTOMS_UNITS:
            raise RawFormatError(
                f"Raw file {label}: column '{name}' has unit '{meta['Unit'][j]}', not one of {list(CUSTOMS_UNITS)}."
            )
        unit, mul, div = CUSTOMS_UNITS[unit_text]
        if (measure == "Volume") != (unit == "t"):
            raise RawFormatError(
                f"Raw file {label}: column '{name}' is a {measure.lower()} series in '{meta['Unit'][j]}'."
            )
        first, last = "0000-00", "9999-99"
        if has_period:
            period = re.fullmatch(r"(\d{4}-\d{2}):(\d{4}-\d{2})", meta["Time Period"][j].strip())
            if not period:
                raise RawFormatError(
                    f"Raw file {label}: column '{name}' has time period '{meta['Time Period'][j]}', not 'YYYY-MM:YYYY-MM'."
                )
            first, last = period.group(1), period.group(2)
        origin = "WLD" if origin_label is None else to_iso3(origin_label, extra=COUNTRY_EXTRA, source=label)
        commodity = CUSTOMS_COMMODITIES[commodity_label]
        series_id = meta["ID"][j].strip()
        values = []
        for r in data:
            month = r[0].strip()[:7]
            cell = r[j].strip() if j < len(r) else ""
            if not cell or not (first <= month <= last):
                continue  # blank, or outside the series' stated period (the 2023 file writes 0 there)
            try:
                v = float(cell.replace(",", ""))
            except ValueError:
                raise RawFormatError(
                    f"Raw file {label}: column '{name}', month {month}: {cell!r} is not a number."
                ) from None
            values.append((month, v * mul / div))
        if not has_period:
            values = _outer_zeros_dropped(values)
        key = (commodity, origin, unit)
        if key in seen:
            if seen[key][0] == series_id and seen[key][1] == values:
                continue  # the 2022 file repeats a few columns verbatim
            raise RawFormatError(
                f"Raw file {label}: two different series for {key} (columns '{seen[key][2]}' and '{name}')."
            )
        seen[key] = (series_id, values, name)
        records += [
            {"month": mo, "commodity": commodity, "origin": origin, "unit": unit, "value": v} for mo, v in values
        ]
    out = pd.DataFrame(records, columns=["month", "commodity", "origin", "unit", "value"])
    if out.duplicated(["month", "commodity", "origin", "unit"]).any():
        raise RawFormatError(f"Raw file {label}: a month appears twice.")
    out["vintage"] = VINTAGE[dataset_id]
    return out


def _annual_complete(monthly: pd.DataFrame) -> pd.DataFrame:
    """Annual sums of the series-years with all 12 months reported."""
    m = monthly.assign(year=monthly["month"].str[:4].astype("int64"))
    g = m.groupby(["year", "commodity", "origin", "unit", "vintage"], sort=True)["value"]
    agg = g.agg(["sum", "size"]).reset_index()
    agg = agg[agg["size"] == 12].drop(columns="size").rename(columns={"sum": "value"})
    agg["value"] = [round(v, DECIMALS[u]) for v, u in zip(agg["value"], agg["unit"])]
    return agg


def _newest(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return df.sort_values([*key, "vintage"], kind="mergesort").drop_duplicates(key, keep="last").drop(columns="vintage")


def vintage_differences(src: Sources, old: str = CUSTOMS_2022, new: str = CUSTOMS_2023) -> pd.DataFrame:
    """Annual sums where two CREA commits disagree (for the notes and the tests): value_old, value_new, rel_diff."""
    a = _annual_complete(_customs_series(src, old))
    b = _annual_complete(_customs_series(src, new))
    m = a.merge(b, on=["year", "commodity", "origin", "unit"], suffixes=("_old", "_new"))
    m["rel_diff"] = (m["value_new"] - m["value_old"]) / m["value_old"].where(m["value_old"] != 0)
    same = [_close(a_, b_) for a_, b_ in zip(m["value_old"], m["value_new"])]
    return m[[not s for s in same]].drop(columns=["vintage_old", "vintage_new"]).reset_index(drop=True)
