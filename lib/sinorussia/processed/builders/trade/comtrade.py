"""China as reporter: UN Comtrade imports from Russia, and the author's panel for China's exports to Russia."""

from __future__ import annotations

import pandas as pd

from ....errors import RawFormatError
from ...sources import Sources, read_csv
from ._common import _usd


def _read_comtrade(src: Sources) -> pd.DataFrame:
    did = "comtrade_china_imports_from_russia"
    cols = ["freqCode", "refYear", "refMonth", "reporterCode", "flowCode", "partnerCode", "cmdCode", "primaryValue"]
    df = read_csv(src, did, required=cols, dtype={"cmdCode": str, "flowCode": str, "freqCode": str})
    bad = df[
        (df["reporterCode"] != 156)
        | (df["partnerCode"] != 643)
        | (df["flowCode"] != "M")
        | (df["freqCode"] != "M")
        | (df["cmdCode"] != "TOTAL")
    ]
    if len(bad):
        raise RawFormatError(
            f"Raw file {src.label(did)}: expected only China (156) monthly total imports (M, TOTAL) from Russia (643); "
            f"found other rows, e.g. {bad[cols].head(3).to_dict('records')}. Update builder trade."
        )
    month = pd.to_datetime(dict(year=df["refYear"], month=df["refMonth"], day=1))
    if month.duplicated().any():
        raise RawFormatError(
            f"Raw file {src.label(did)}: several rows for month(s) {sorted(set(month[month.duplicated()].dt.strftime('%Y-%m')))}."
        )
    if df["primaryValue"].isna().any():
        raise RawFormatError(f"Raw file {src.label(did)}: column 'primaryValue' has empty cells.")
    return pd.DataFrame(
        {
            "month": month.astype("datetime64[ns]"),
            "exporter": "RUS",
            "importer": "CHN",
            "value_usd": _usd(df["primaryValue"], 1.0),
            "source": "comtrade_china",
        }
    )


def _read_panel(src: Sources) -> pd.DataFrame:
    did = "panel_monthly_var"
    df = read_csv(src, did, required=["date", "CHN_exp_to_RUS_bn"])
    month = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
    if month.isna().any() or (month.dt.day != 1).any():
        raise RawFormatError(f"Raw file {src.label(did)}: column 'date' must hold first-of-month dates YYYY-MM-01.")
    val = pd.to_numeric(df["CHN_exp_to_RUS_bn"], errors="coerce")
    keep = val.notna()
    return pd.DataFrame(
        {
            "month": month[keep].astype("datetime64[ns]"),
            "exporter": "CHN",
            "importer": "RUS",
            "value_usd": _usd(val[keep], 1e9),
            "source": "comtrade_china_processed",
        }
    )
