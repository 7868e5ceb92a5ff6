"""Military expenditure: the SIPRI Military Expenditure Database, one JSON file per measure."""

from __future__ import annotations

import json

import pandas as pd

from ....errors import RawFormatError
from ...registry import Column, Table, builder, iso3, register
from ...sources import Sources, require_columns
from ._sipri import _number, sipri_code

MILEX = register(
    Table(
        name="military_expenditure",
        title="Military expenditure (SIPRI Military Expenditure Database 2025)",
        description=(
            "Military spending per country and year in current and constant (2023) US dollars, and as "
            "shares of GDP and of general government spending. All countries in the database (for ranks)."
        ),
        columns=(
            Column("year", "int", "Calendar year", min=1949, max=2024),
            iso3("country", "Country (SUN Soviet Union, CSK, DDR, YUG for former states; EUU European Union)"),
            Column(
                "measure",
                "str",
                "Measure",
                allowed=("current_usd", "constant_2023_usd", "share_of_gdp", "share_of_govt_spending"),
            ),
            Column("value", "float", "Value, in `unit`", min=0),
            Column("unit", "str", "USD (whole dollars) or share (0–1)", allowed=("USD", "share")),
            Column("source", "str", "Source slug", allowed=("sipri_milex_2025",)),
        ),
        key=("year", "country", "measure", "source"),
        sources=(
            "sipri_milex_current_us",
            "sipri_milex_constant_2023_us",
            "sipri_milex_share_of_gdp",
            "sipri_milex_share_of_govt_spending",
        ),
        notes=(
            "SIPRI publishes US dollar values in millions (converted to US dollars here) and shares in percent "
            "(converted to 0–1 shares here). A share can exceed 1: Kuwait's 1991 spending (Gulf War) is 1.17 of GDP.",
            "The JSON copy of the database carries no '...' (not available) or 'xxx' (country did not exist) markers: "
            "both are null in it, and every null is left out (no row), never written as 0.",
            "SIPRI's figures for China and Russia are SIPRI estimates, well above the official defence budgets. Russia's "
            "series starts in 1992 (constant USD, share of GDP) or 1993 (current USD); the Soviet Union (SUN) has "
            "current-USD values only for 1987–1990 and constant-USD values for 1988–1990.",
            "The European Union (EUU) has values from 2022 only; they are not the sum of its member states, which have "
            "their own rows.",
            "North Yemen ('Yemen, North', 1988–1989 only) is coded YEM like unified Yemen; the years do not overlap.",
        ),
    )
)


# ------------------------------------------------------------------------------ military expenditure

MILEX_FILES = {
    "sipri_milex_current_us": ("current_usd", "USD", 1e6),
    "sipri_milex_constant_2023_us": ("constant_2023_usd", "USD", 1e6),
    "sipri_milex_share_of_gdp": ("share_of_gdp", "share", 0.01),
    "sipri_milex_share_of_govt_spending": ("share_of_govt_spending", "share", 0.01),
}
MILEX_MISSING = {"...", "xxx", ". .", ""}


def _milex(src: Sources, dataset_id: str, measure: str, unit: str, factor: float) -> pd.DataFrame:
    label = src.label(dataset_id)
    try:
        records = json.loads(src.path(dataset_id).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RawFormatError(f"Raw file {label} is not valid JSON: {exc}") from None
    if not isinstance(records, list) or not records or not all(isinstance(r, dict) for r in records):
        raise RawFormatError(f"Raw file {label}: expected a JSON list of records (one per country).")
    df = require_columns(pd.DataFrame(records), ["country", "2000", "2024"], source=label, builder=src.builder_name)
    years = [c for c in df.columns if str(c).isdigit()]
    long = df.melt(id_vars="country", value_vars=years, var_name="year", value_name="v")
    long["v"] = long["v"].map(lambda x: None if isinstance(x, str) and x.strip() in MILEX_MISSING else x)
    long = long.dropna(subset=["v"])
    long["v"] = _number(long["v"].astype(object), label, "values")
    long["year"] = long["year"].astype(int)
    long["code"] = long["country"].map(lambda n: sipri_code(n, label))
    long = long.dropna(subset=["code"])
    clash = long[long.duplicated(["year", "code"], keep=False)]
    if len(clash):
        raise RawFormatError(
            f"Raw file {label}: countries {sorted(set(clash.country))} map to the same code in "
            f"the same year; fix SIPRI_NAMES in builders/military/_sipri.py."
        )
    value = long["v"].astype(float) * factor
    return pd.DataFrame(
        {
            "year": long["year"],
            "country": long["code"],
            "measure": measure,
            "value": value.round(0 if unit == "USD" else 8),
            "unit": unit,
            "source": "sipri_milex_2025",
        }
    )


@builder(reads=list(MILEX_FILES), tables=[MILEX])
def build_milex(src: Sources) -> dict[str, pd.DataFrame]:
    """SIPRI JSON (one record per country, one key per year) to long format, in USD and 0–1 shares."""
    parts = [_milex(src, dataset_id, *spec) for dataset_id, spec in MILEX_FILES.items()]
    return {"military_expenditure": pd.concat(parts, ignore_index=True)}
