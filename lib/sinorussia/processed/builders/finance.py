"""Chinese development finance (AidData GCDF 3.0): commitments by recipient and by year."""

from __future__ import annotations

import pandas as pd
import pyreadr

from ...errors import RawFormatError
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources, require_columns

DEVELOPMENT_FINANCE = register(
    Table(
        name="development_finance",
        title="Chinese official development finance commitments (AidData GCDF 3.0)",
        description=(
            "Commitments of Chinese official-sector finance: per recipient country in total over 2000–2021, "
            "and per year for all recipients together (country WLD), by flow class."
        ),
        columns=(
            iso3("country", "Recipient country (WLD = all recipients)"),
            Column("period", "str", "'2000-2021' for country totals, or the commitment year"),
            Column("commitments_usd", "float", "Commitments", unit="USD (constant 2021)", min=0),
            Column(
                "measure",
                "str",
                "What is counted",
                allowed=("total_official_finance", "oda_like", "oof_like", "vague_official_finance"),
            ),
            Column("source", "str", "Source slug", allowed=("aiddata_gcdf_3",)),
        ),
        key=("country", "period", "measure", "source"),
        sources=("aiddata_gcdf_country_commitments", "aiddata_gcdf_yearly_flows"),
        notes=(
            "Country totals are the aiddataviz package's aggregation of GCDF 3.0 (all flow classes, 2000–2021, constant "
            "2021 USD); the file also gives GDP and population, which notebooks can use for per-head figures but which "
            "are not repeated here.",
            "Yearly flows cover all recipients together, split into ODA-like, OOF-like and vague official finance.",
        ),
    )
)
COUNTRY_COLS = ["country_name", "iso3c", "total_commitments_bn"]
FLOW_COLS = ["commitment_year", "flow_class", "commitments_bn"]
FLOW_CLASS = {"ODA-like": "oda_like", "OOF-like": "oof_like", "Vague (Official Finance)": "vague_official_finance"}


def _read_rda(src: Sources, dataset_id: str, required: list[str]) -> pd.DataFrame:
    frames = pyreadr.read_r(str(src.path(dataset_id)))
    if len(frames) != 1:
        raise RawFormatError(f"Raw file {src.label(dataset_id)} should hold one data frame, found {list(frames)}")
    df = next(iter(frames.values()))
    return require_columns(df, required, source=src.label(dataset_id), builder=src.builder_name)


@builder(reads=["aiddata_gcdf_country_commitments", "aiddata_gcdf_yearly_flows"], tables=[DEVELOPMENT_FINANCE])
def build_finance(src: Sources) -> dict[str, pd.DataFrame]:
    """Country totals and yearly flows, bn to USD."""
    c = _read_rda(src, "aiddata_gcdf_country_commitments", COUNTRY_COLS)
    countries = pd.DataFrame(
        {
            "country": c["iso3c"].astype(str),
            "period": "2000-2021",
            "commitments_usd": c["total_commitments_bn"].astype(float) * 1e9,
            "measure": "total_official_finance",
            "source": "aiddata_gcdf_3",
        }
    )
    y = _read_rda(src, "aiddata_gcdf_yearly_flows", FLOW_COLS)
    unknown = set(y["flow_class"]) - set(FLOW_CLASS)
    if unknown:
        raise RawFormatError(f"Raw file {src.label('aiddata_gcdf_yearly_flows')}: unknown flow_class {sorted(unknown)}")
    yearly = pd.DataFrame(
        {
            "country": "WLD",
            "period": y["commitment_year"].astype(int).astype(str),
            "commitments_usd": y["commitments_bn"].astype(float) * 1e9,
            "measure": y["flow_class"].map(FLOW_CLASS),
            "source": "aiddata_gcdf_3",
        }
    )
    out = pd.concat([countries, yearly], ignore_index=True)
    out["commitments_usd"] = out["commitments_usd"].round(0)
    return {"development_finance": out}
