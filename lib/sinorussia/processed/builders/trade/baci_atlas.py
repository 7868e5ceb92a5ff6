"""CEPII BACI HS6 flows between China and Russia, and the Growth Lab Atlas totals of every country."""

from __future__ import annotations

import pandas as pd
import pycountry

from ....errors import RawFormatError
from ...countries import AGGREGATES
from ...sources import Sources, read_csv


def _read_baci(src: Sources) -> pd.DataFrame:
    did = "baci_russia_china_hs6"
    df = read_csv(src, did, required=["t", "i", "j", "k", "v", "q"], dtype={"k": str})
    codes = {156: "CHN", 643: "RUS"}
    bad = ~df["i"].isin(list(codes)) | ~df["j"].isin(list(codes)) | (df["i"] == df["j"])
    if bad.any():
        raise RawFormatError(
            f"Raw file {src.label(did)}: columns 'i'/'j' must be 156 (China) or 643 (Russia); found {df.loc[bad, ['i', 'j']].drop_duplicates().head(5).values.tolist()}."
        )
    k = df["k"].str.strip()
    badk = ~k.str.fullmatch(r"\d{4,6}")
    if badk.any():
        raise RawFormatError(
            f"Raw file {src.label(did)}: column 'k' must be an HS6 code (4-6 digits before zero-padding); found {k[badk].head(5).tolist()}."
        )
    if df["v"].isna().any() or (df["v"] < 0).any():
        raise RawFormatError(f"Raw file {src.label(did)}: column 'v' has empty or negative values.")
    hs6 = k.str.zfill(6)
    return pd.DataFrame(
        {
            "year": df["t"].astype("int64"),
            "exporter": df["i"].map(codes),
            "importer": df["j"].map(codes),
            "hs6": hs6,
            "hs_chapter": hs6.str[:2],
            "v_kusd": df["v"].astype("float64"),
            "q_t": df["q"].astype("float64"),
        }
    )


def _read_atlas_totals(src: Sources) -> pd.DataFrame:
    dic = read_csv(src, "atlas_hs92_data_dictionary", required=["column_name", "description"])
    for col in ("export_value", "import_value"):
        desc = dic.loc[dic["column_name"] == col, "description"]
        if desc.empty or "current usd" not in str(desc.iloc[0]).lower():
            raise RawFormatError(
                f"Raw file {src.label('atlas_hs92_data_dictionary')}: column '{col}' is no longer described as "
                f"'current USD' ({desc.tolist()}); check the units and update builder trade."
            )
    loc = read_csv(src, "atlas_location_country", required=["country_iso3_code", "country_name"], keep_default_na=False)
    df = read_csv(
        src,
        "atlas_country_year_hs92",
        required=["country_iso3_code", "year", "export_value", "import_value"],
        keep_default_na=False,
        na_values=[""],
    )
    unknown = sorted(set(df["country_iso3_code"]) - set(loc["country_iso3_code"]))
    if unknown:
        raise RawFormatError(
            f"Raw file {src.label('atlas_country_year_hs92')}: codes {unknown} are not in {src.label('atlas_location_country')}."
        )

    def valid(code: str) -> bool:
        return (
            pycountry.countries.get(alpha_3=code) is not None
            or code in AGGREGATES
            or code == "XKX"
            or pycountry.historic_countries.get(alpha_3=code) is not None
        )

    codes = df["country_iso3_code"].astype(str)
    keep = codes.map(valid)
    out = pd.DataFrame(
        {
            "year": df["year"].astype("int64"),
            "country": codes,
            "exports_usd": df["export_value"].astype("float64"),
            "imports_usd": df["import_value"].astype("float64"),
            "source": "atlas",
        }
    )[keep.to_numpy()]
    if out[["exports_usd", "imports_usd"]].isna().any().any():
        raise RawFormatError(f"Raw file {src.label('atlas_country_year_hs92')}: empty export_value/import_value cells.")
    return out.reset_index(drop=True)
