"""EI Statistical Review 2024 and bp Statistical Review 2021: inter-area trade matrices of crude oil, oil
products, pipeline gas, LNG and coal, and EI's inter-regional pipeline-gas series (rows of energy_flows)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import openpyxl

from ....errors import RawFormatError
from ...countries import to_iso3
from ...sources import Sources
from ._common import COUNTRY_EXTRA, _close

# a sheet as openpyxl reads it: one tuple of cell values per row
Rows = list[tuple]

EI_2024 = "ei_statistical_review_2024"
BP_2021 = "bp_statistical_review_2021"

# Areas of the EI/bp trade tables that are not single countries -> slugs.
REGIONS = {
    "s. & cent. america": "region:south_central_america",
    "other s. & cent. america": "region:other_south_central_america",
    "other s&c america": "region:other_south_central_america",
    "other americas": "region:other_americas",
    "other north america": "region:other_north_america",
    "europe": "region:europe",
    "other europe": "region:other_europe",
    "rest of europe": "region:rest_of_europe",
    "other eu": "region:other_eu",
    "cis": "region:cis",
    "other cis": "region:other_cis",
    "middle east": "region:middle_east",
    "other middle east": "region:other_middle_east",
    "other middle east & africa": "region:other_middle_east_africa",
    "africa": "region:africa",
    "north africa": "region:north_africa",
    "west africa": "region:west_africa",
    "east & s. africa": "region:east_southern_africa",
    "other africa": "region:other_africa",
    "australasia": "region:australasia",
    "other asia pacific": "region:other_asia_pacific",
    "other asia": "region:other_asia",
    "oecd asia": "region:oecd_asia",
    "rest of world": "region:rest_of_world",
}
# Rows of the gas matrices that are subtotals of the rows above them (checked, then skipped).
GAS_SUBTOTALS = {
    "north america",
    "s. & cent. america",
    "europe",
    "cis",
    "middle east",
    "africa",
    "asia pacific",
    "middle east & africa",
}
MISSING_TOKENS = {"", "-", "n/a", "na", "†", "^"}


def _norm_label(text: object) -> str:
    s = str(text).replace("\u00a0", " ").strip().rstrip("*").strip()
    s = re.sub(r"^of which:\s*", "", s)
    return " ".join(s.split())


def _area(label: object, *, where: str) -> str:
    """A trade-table row/column label -> ISO3 or 'region:<slug>' (unknown labels raise)."""
    name = _norm_label(label)
    slug = REGIONS.get(name.lower())
    if slug:
        return slug
    code = to_iso3(name, extra=COUNTRY_EXTRA, strict=False)
    if code is None:
        raise RawFormatError(
            f"{where}: unknown area '{name}'. Fix: add it to REGIONS (an area) in "
            f"lib/sinorussia/processed/builders/energy/trade_matrices.py or to COUNTRY_EXTRA (a country) in "
            f"lib/sinorussia/processed/builders/energy/_common.py."
        )
    return code


def _number(cell: object, *, where: str) -> float | None:
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise RawFormatError(f"{where}: unexpected value {cell!r}")
    if isinstance(cell, (int, float)):
        return None if math.isnan(cell) else float(cell)
    text = str(cell).strip()
    if text.lower() in MISSING_TOKENS:
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise RawFormatError(f"{where}: cell {cell!r} is not a number.") from None


def _sheet_rows(wb: openpyxl.Workbook, src: Sources, dataset_id: str, names: tuple[str, ...]) -> tuple[str, Rows]:
    wanted = {n.strip().lower() for n in names}
    for sheet in wb.sheetnames:
        if sheet.strip().lower() in wanted:
            return sheet, [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    raise RawFormatError(
        f"Raw file {src.label(dataset_id)} has no sheet named {' or '.join(repr(n) for n in names)} "
        f"(sheets: {', '.join(wb.sheetnames)}). The upstream layout changed: update the sheet names in "
        f"builder {src.builder_name}."
    )


def _first(rows: Rows, predicate: Callable[[str], bool], *, start: int = 0, where: str, what: str) -> int:
    for i in range(start, len(rows)):
        cell = rows[i][0] if rows[i] else None
        if cell is not None and predicate(_norm_label(cell).lower()):
            return i
    raise RawFormatError(f"{where}: no row {what} in column A. The sheet layout changed: update the builder.")


def _check_year(rows: Rows, year: int, *, where: str) -> None:
    title = str(rows[0][0] if rows and rows[0] else "")
    found = re.findall(r"(?:19|20)\d{2}", title)
    if str(year) not in found:
        raise RawFormatError(f"{where}: title {title!r} does not name the year {year} the builder expects.")


def _header(rows: Rows, i: int, *, join_above: bool, where: str) -> list[tuple[int, str]]:
    """(column index, label) of a matrix header row, up to its 'Total' column (excluded)."""
    cols: list[tuple[int, str]] = []
    for j in range(1, len(rows[i])):
        cell = rows[i][j]
        if cell is None:
            continue
        label = str(cell)
        if (
            join_above
            and i > 0
            and j < len(rows[i - 1])
            and isinstance(rows[i - 1][j], str)
            and rows[i - 1][j].strip() not in ("From", "To", "")
        ):
            label = rows[i - 1][j] + " " + label
        label = _norm_label(label)
        if label.lower().startswith("total"):
            return cols + [(j, "TOTAL")]
        cols.append((j, label))
    raise RawFormatError(f"{where}: the header row has no 'Total' column. The sheet layout changed.")


def _matrix_block(
    rows: Rows,
    first: int,
    cols: list[tuple[int, str]],
    *,
    rows_are: str,
    subtotals: set[str],
    where: str,
    year: int,
    commodity: str,
    unit: str,
    source: str,
) -> list[dict]:
    """Cells of one matrix from row `first` to its 'Total ...' row; totals and subtotals checked then skipped."""
    out: list[dict] = []
    pending: list[dict] = []
    if not any(lab == "TOTAL" for _, lab in cols):  # the layout check the totals rely on
        raise RawFormatError(f"{where}: the matrix has no TOTAL column; the layout changed")
    i = first
    while True:
        if i >= len(rows):
            raise RawFormatError(f"{where}: the matrix starting at row {first + 1} has no 'Total' row.")
        row = rows[i]
        label = row[0] if row else None
        if label is None or _norm_label(label).lower() in ("from", "to"):
            i += 1
            continue
        name = _norm_label(label)
        if name.lower().startswith("total"):
            break
        vals = {lab: _number(row[j] if j < len(row) else None, where=f"{where}, row '{name}'") for j, lab in cols}
        cells = {lab: v for lab, v in vals.items() if lab != "TOTAL" and v is not None}
        if vals["TOTAL"] is not None and not _close(sum(cells.values()), vals["TOTAL"]):
            raise RawFormatError(
                f"{where}: row '{name}' does not add up to its Total column "
                f"({sum(cells.values())} vs {vals['TOTAL']}). The layout changed."
            )
        if name.lower() in subtotals:
            for lab in cells:
                s = sum(p[lab] for p in pending if lab in p)
                if not _close(s, cells[lab]):
                    raise RawFormatError(
                        f"{where}: subtotal row '{name}' is not the sum of the rows above it "
                        f"in column '{lab}' ({s} vs {cells[lab]}). The layout changed."
                    )
            pending = []
        else:
            pending.append(cells)
            here = _area(name, where=where)
            for lab, v in cells.items():
                there = _area(lab, where=where)
                origin, dest = (here, there) if rows_are == "origin" else (there, here)
                if origin == dest and v == 0:
                    continue  # the empty diagonal: intra-area trade is excluded from the matrices
                out.append(
                    {
                        "year": year,
                        "origin": origin,
                        "destination": dest,
                        "commodity": commodity,
                        "value": v,
                        "unit": unit,
                        "source": source,
                    }
                )
        i += 1
    return out


def _trade_matrices(
    src: Sources, dataset_id: str, *, year: int, source: str, sheets: dict[str, tuple[str, ...]]
) -> list[dict]:
    wb = openpyxl.load_workbook(src.path(dataset_id), read_only=True, data_only=True)
    try:
        out = []
        # oil: two blocks (crude, products) sharing the header row; rows = origin ("From")
        sheet, rows = _sheet_rows(wb, src, dataset_id, sheets["oil"])
        where = f"Raw file {src.label(dataset_id)}, sheet '{sheet}'"
        _check_year(rows, year, where=where)
        h = _first(rows, lambda s: s.startswith("crude (million tonnes)"), where=where, what="'Crude (million tonnes)'")
        cols = _header(rows, h, join_above=False, where=where)
        out += _matrix_block(
            rows,
            h + 1,
            cols,
            rows_are="origin",
            subtotals=set(),
            where=where + " (crude)",
            year=year,
            commodity="crude_oil",
            unit="Mt",
            source=source,
        )
        p = _first(
            rows,
            lambda s: s.startswith("product (million tonnes)"),
            start=h + 1,
            where=where,
            what="'Product (million tonnes)'",
        )
        out += _matrix_block(
            rows,
            p + 1,
            cols,
            rows_are="origin",
            subtotals=set(),
            where=where + " (products)",
            year=year,
            commodity="oil_products",
            unit="Mt",
            source=source,
        )
        # gas: rows = importer ("To"), columns = exporter ("From"), regional subtotal rows
        for key, commodity in (("pipeline", "pipeline_gas"), ("lng", "lng")):
            sheet, rows = _sheet_rows(wb, src, dataset_id, sheets[key])
            where = f"Raw file {src.label(dataset_id)}, sheet '{sheet}'"
            _check_year(rows, year, where=where)
            _first(rows, lambda s: s == "billion cubic metres", where=where, what="'Billion cubic metres' (the unit)")
            h = _first(rows, lambda s: s == "to", where=where, what="'To' (the header)")
            cols = _header(rows, h, join_above=True, where=where)
            out += _matrix_block(
                rows,
                h + 1,
                cols,
                rows_are="destination",
                subtotals=GAS_SUBTOTALS,
                where=where,
                year=year,
                commodity=commodity,
                unit="bcm",
                source=source,
            )
        # coal: rows = origin, in exajoules
        sheet, rows = _sheet_rows(wb, src, dataset_id, sheets["coal"])
        where = f"Raw file {src.label(dataset_id)}, sheet '{sheet}'"
        _check_year(rows, year, where=where)
        h = _first(rows, lambda s: s == "exajoules", where=where, what="'Exajoules' (unit and header)")
        cols = _header(rows, h, join_above=False, where=where)
        out += _matrix_block(
            rows,
            h + 1,
            cols,
            rows_are="origin",
            subtotals=set(),
            where=where,
            year=year,
            commodity="coal",
            unit="EJ",
            source=source,
        )
        if "gas_series" in sheets:
            out += _gas_series(wb, src, dataset_id, sheets["gas_series"], source=source)
        return out
    finally:
        wb.close()


def _gas_series(
    wb: openpyxl.Workbook, src: Sources, dataset_id: str, names: tuple[str, ...], *, source: str
) -> list[dict]:
    """The 'of which' partner lines of EI's inter-regional gas trade sheet -> pipeline_gas_interregional."""
    sheet, rows = _sheet_rows(wb, src, dataset_id, names)
    where = f"Raw file {src.label(dataset_id)}, sheet '{sheet}'"
    h = _first(rows, lambda s: s == "billion cubic metres", where=where, what="'Billion cubic metres' (header)")
    years: list[tuple[int, int]] = []
    for j in range(1, len(rows[h])):
        cell = rows[h][j]
        if (
            isinstance(cell, (int, float))
            and float(cell).is_integer()
            and 1990 <= cell <= 2100
            and (not years or int(cell) == years[-1][1] + 1)
        ):
            years.append((j, int(cell)))
        elif years:
            break
    if len(years) < 10:
        raise RawFormatError(f"{where}: the header row has no run of years. The layout changed.")
    found: dict[tuple, float] = {}
    block = flow = None
    in_list = False
    for i in range(h + 1, len(rows)):
        row = rows[i]
        raw = row[0] if row else None
        if raw is None:
            continue
        text = str(raw)
        label = _norm_label(text).lower()
        values = [row[j] if j < len(row) else None for j, _ in years]
        if all(v is None for v in values):
            if label == "world":
                break
            block, flow, in_list = _area(text, where=where), None, False
            continue
        if label.startswith(("pipeline imports", "pipeline exports")):
            flow, in_list = ("imports" if "imports" in label else "exports"), False
            continue
        if "of which" in text.lower():
            in_list = True
        elif not (in_list and text.startswith(" ")):
            in_list = False
            continue
        if block is None or flow is None:
            raise RawFormatError(
                f"{where}: partner line '{text.strip()}' outside a pipeline block. The layout changed."
            )
        partner = _area(text, where=where)
        origin, dest = (partner, block) if flow == "imports" else (block, partner)
        for (_, yr), cell in zip(years, values):
            v = _number(cell, where=f"{where}, row '{text.strip()}'")
            if v is None:
                continue
            k = (yr, origin, dest)
            if k in found and not _close(found[k], v):
                raise RawFormatError(f"{where}: {origin}->{dest} {yr} is {found[k]} on one side and {v} on the other.")
            found[k] = v
    return [
        {
            "year": yr,
            "origin": o,
            "destination": d,
            "commodity": "pipeline_gas_interregional",
            "value": v,
            "unit": "bcm",
            "source": source,
        }
        for (yr, o, d), v in found.items()
    ]


EI_2024_SHEETS: dict[str, tuple[str, ...]] = {
    "oil": ("Oil - Inter-area movements",),
    "pipeline": ("Gas trade - pipeline",),
    "lng": ("Gas trade - LNG",),
    "coal": ("Coal trade movements 2023",),
    "gas_series": ("Gas - Trade movements",),
}
BP_2021_SHEETS: dict[str, tuple[str, ...]] = {
    "oil": ("Oil - Inter-area movements",),
    "pipeline": ("Gas - Trade movts - pipeline",),
    "lng": ("Gas - Trade movts LNG",),
    "coal": ("Coal - Inter area movts",),
}
