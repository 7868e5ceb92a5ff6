"""The builder `build_trade`: every trade reader's frames combined into the five tables of tables.py."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ....errors import RawFormatError
from ...curated import annual_figure, load_official_figures
from ...registry import builder
from ...sources import Sources
from ._common import _complete_years, _usd
from .baci_atlas import _read_atlas_totals, _read_baci
from .comtrade import _read_comtrade, _read_panel
from .hs import hs_section_of
from .imf_dots import _read_imf
from .russia_fcs import _read_fcs_annual_totals, _read_fcs_monthly
from .russia_fcs_groups import FCS_GROUP_FILES, _read_fcs_group_totals
from .shares import _pair_shares, _partner_shares
from .tables import (
    TRADE_BILATERAL_ANNUAL,
    TRADE_BILATERAL_MONTHLY,
    TRADE_BY_PRODUCT,
    TRADE_PARTNER_SHARES,
    TRADE_TOTALS,
    TRADE_TOTALS_YEAR_TO_DATE,
)

OFFICIAL = "curated/official_figures.csv"

TRADE_READS = [
    "comtrade_china_imports_from_russia",
    "panel_monthly_var",
    "russia_fcs_monthly_partners",
    "russia_fcs_annual_partners",
    "imf_dots_russia_exports_2023",
    "imf_dots_world_exports_2023",
    "baci_russia_china_hs6",
    "atlas_country_year_hs92",
    "atlas_location_country",
    "atlas_hs92_data_dictionary",
    *FCS_GROUP_FILES,
    OFFICIAL,
]


def _read_gacc_totals(src: Sources) -> pd.DataFrame:
    """China's total exports and imports as GACC announced them (curated, cited figures): year, exports_usd,
    imports_usd; only years with both."""
    figures = load_official_figures(src.path(OFFICIAL))
    both = pd.concat(
        {
            "exports_usd": annual_figure(figures, "cn_exports_world", "CHN", "WLD"),
            "imports_usd": annual_figure(figures, "cn_imports_world", "CHN", "WLD"),
        },
        axis=1,
        join="inner",
    )
    if both.empty:
        raise RawFormatError(f"{OFFICIAL}: no year with both cn_exports_world and cn_imports_world for CHN.")
    return both.rename_axis("year").reset_index()


@builder(
    reads=TRADE_READS,
    tables=[
        TRADE_BILATERAL_ANNUAL,
        TRADE_BILATERAL_MONTHLY,
        TRADE_BY_PRODUCT,
        TRADE_TOTALS,
        TRADE_TOTALS_YEAR_TO_DATE,
        TRADE_PARTNER_SHARES,
    ],
)
def build_trade(src: Sources) -> dict[str, pd.DataFrame]:
    """China–Russia bilateral trade (Comtrade, FCS, IMF DOTS, BACI), by HS chapter, totals and partner shares."""
    # ---- monthly ----
    comtrade = _read_comtrade(src)
    panel = _read_panel(src)
    fcs = _read_fcs_monthly(src)
    fcs_chn = fcs[fcs["partner"] == "CHN"]
    fcs_pair = pd.DataFrame(
        {
            "month": fcs_chn["month"],
            "exporter": np.where(fcs_chn["flow"] == "exports", "RUS", "CHN"),
            "importer": np.where(fcs_chn["flow"] == "exports", "CHN", "RUS"),
            "value_usd": fcs_chn["value_usd"],
            "source": "fcs_russia",
        }
    )
    monthly = pd.concat([comtrade, panel, fcs_pair], ignore_index=True)

    # ---- annual ----
    keys = ["exporter", "importer", "source"]
    annual_parts = [_complete_years(monthly, keys)]

    imf_exp = _read_imf(src, "imf_dots_russia_exports_2023", "Exports, FOB", "Russian Federation")
    imf_imp = _read_imf(src, "imf_dots_russia_exports_2023", "Imports, CIF", "Russian Federation")
    for frame, exporter, importer in ((imf_exp, "RUS", "CHN"), (imf_imp, "CHN", "RUS")):
        c = frame[frame["iso3"] == "CHN"]
        annual_parts.append(
            pd.DataFrame(
                {
                    "year": c["year"],
                    "exporter": exporter,
                    "importer": importer,
                    "value_usd": c["value_usd"],
                    "source": "imf_dots_russia",
                }
            )
        )

    baci = _read_baci(src)
    b_annual = baci.groupby(["year", "exporter", "importer"], as_index=False)["v_kusd"].sum()
    annual_parts.append(b_annual.assign(value_usd=_usd(b_annual["v_kusd"], 1e3), source="baci").drop(columns="v_kusd"))
    annual = pd.concat(annual_parts, ignore_index=True)[["year", "exporter", "importer", "value_usd", "source"]]
    annual["year"] = annual["year"].astype("int64")

    # ---- by product ----
    g = baci.groupby(["year", "exporter", "importer", "hs_chapter"], as_index=False).agg(
        v=("v_kusd", "sum"), q=("q_t", lambda s: s.sum(min_count=1))
    )
    by_product = pd.DataFrame(
        {
            "year": g["year"],
            "exporter": g["exporter"],
            "importer": g["importer"],
            "hs_section": g["hs_chapter"].map(hs_section_of),
            "hs_chapter": g["hs_chapter"],
            "value_usd": _usd(g["v"], 1e3),
            "quantity_t": g["q"].round(3),
            "source": "baci",
        }
    )

    # ---- totals ----
    atlas = _read_atlas_totals(src)
    fcs_tot = _read_fcs_annual_totals(src)
    groups = _read_fcs_group_totals(src)
    fcs_recent = groups[groups["through_month"] == 12].drop(columns=["through_month", "release"])
    overlap = sorted(set(fcs_recent["year"]) & set(fcs_tot["year"]))
    if overlap:
        raise RawFormatError(f"FCS annual totals for {overlap} come from both 94itog.xlsx and a country-group release.")
    year_to_date = (
        groups[groups["through_month"] < 12].drop(columns="release").assign(country="RUS", source="fcs_russia")
    )
    world_of = lambda f: f[f["name"] == "World"].set_index("year")["value_usd"]  # noqa: E731
    imf_rus = pd.concat({"exports_usd": world_of(imf_exp), "imports_usd": world_of(imf_imp)}, axis=1)
    w_exp = _read_imf(src, "imf_dots_world_exports_2023", "Exports, FOB", "World")
    w_imp = _read_imf(src, "imf_dots_world_exports_2023", "Imports, CIF", "World")
    mirror = pd.concat(
        {
            "exports_usd": w_imp[w_imp["iso3"] == "RUS"].set_index("year")["value_usd"],
            "imports_usd": w_exp[w_exp["iso3"] == "RUS"].set_index("year")["value_usd"],
        },
        axis=1,
    )
    if mirror.empty:
        raise RawFormatError(
            f"Raw file {src.label('imf_dots_world_exports_2023')}: no 'Russian Federation' partner row."
        )
    totals = pd.concat(
        [
            atlas,
            pd.concat([fcs_tot, fcs_recent], ignore_index=True).assign(country="RUS", source="fcs_russia"),
            _read_gacc_totals(src).assign(country="CHN", source="gacc_release"),
            imf_rus.rename_axis("year").reset_index().assign(country="RUS", source="imf_dots_russia"),
            mirror.rename_axis("year").reset_index().assign(country="RUS", source="imf_dots_world_mirror"),
        ],
        ignore_index=True,
    )[["year", "country", "exports_usd", "imports_usd", "source"]]
    totals["year"] = totals["year"].astype("int64")
    for c in ("exports_usd", "imports_usd"):
        totals[c] = totals[c].astype("float64").round(2)

    # ---- partner shares ----
    parts = _pair_shares(annual, totals)
    cty = lambda f: f.dropna(subset=["iso3"]).rename(columns={"iso3": "partner"})[["year", "partner", "value_usd"]]  # noqa: E731
    parts += _partner_shares(cty(imf_exp), cty(imf_imp), world_of(imf_exp), world_of(imf_imp), "imf_dots_russia")
    fcs_annual = _complete_years(fcs, ["flow", "partner"])
    ft = fcs_tot.set_index("year")
    parts += _partner_shares(
        fcs_annual[fcs_annual["flow"] == "exports"],
        fcs_annual[fcs_annual["flow"] == "imports"],
        ft["exports_usd"],
        ft["imports_usd"],
        "fcs_russia",
    )
    shares = pd.concat(parts, ignore_index=True)
    over = shares[shares["share"] > 1]
    if len(over):
        raise RawFormatError(
            f"Computed partner shares above 1 (numerator larger than the total): {over.head(5).to_dict('records')}."
        )

    return {
        "trade_bilateral_monthly": monthly,
        "trade_bilateral_annual": annual,
        "trade_by_product": by_product,
        "trade_totals": totals,
        "trade_totals_year_to_date": year_to_date,
        "trade_partner_shares": shares,
    }
