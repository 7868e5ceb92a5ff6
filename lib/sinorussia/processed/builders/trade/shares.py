"""Partner shares (table trade_partner_shares) from the bilateral flows and totals the readers return."""

from __future__ import annotations

import pandas as pd

from .tables import _PAIR, ATLAS_TOTAL_PAIRS, BILATERAL_SOURCES


def _series(annual: pd.DataFrame, source: str, exporter: str, importer: str) -> pd.Series:
    s = annual[(annual["source"] == source) & (annual["exporter"] == exporter) & (annual["importer"] == importer)]
    return s.set_index("year")["value_usd"]


def _share_rows(num: pd.Series, den: pd.Series, country: str, partner: str, flow: str, source: str) -> pd.DataFrame:
    j = pd.concat({"num": num, "den": den}, axis=1, join="inner").dropna()
    j = j[j["den"] > 0]
    return pd.DataFrame(
        {
            "year": j.index.astype("int64"),
            "country": country,
            "partner": partner,
            "share": (j["num"] / j["den"]).round(8).to_numpy(),
            "flow": flow,
            "source": source,
        }
    )


def _atlas_shares(annual: pd.DataFrame, atlas: pd.DataFrame) -> list[pd.DataFrame]:
    tot = {c: atlas[atlas["country"] == c].set_index("year") for c in _PAIR}
    parts = []
    for s in BILATERAL_SOURCES:
        slug = f"{s}/atlas"
        for exp, imp in (("RUS", "CHN"), ("CHN", "RUS")):
            v = _series(annual, s, exp, imp)
            if v.empty:
                continue
            parts.append(_share_rows(v, tot[exp]["exports_usd"], exp, imp, "exports", slug))
            parts.append(_share_rows(v, tot[imp]["imports_usd"], imp, exp, "imports", slug))
    for slug, (s_rc, s_cr) in ATLAS_TOTAL_PAIRS.items():
        both = pd.concat(
            {"rc": _series(annual, s_rc, "RUS", "CHN"), "cr": _series(annual, s_cr, "CHN", "RUS")}, axis=1, join="inner"
        )
        trade = both["rc"] + both["cr"]
        for c, p in (("RUS", "CHN"), ("CHN", "RUS")):
            parts.append(_share_rows(trade, tot[c]["exports_usd"] + tot[c]["imports_usd"], c, p, "total", slug))
    return parts


def _partner_shares(
    exp: pd.DataFrame, imp: pd.DataFrame, exp_world: pd.Series, imp_world: pd.Series, source: str
) -> list[pd.DataFrame]:
    """Russia's shares by partner; exp/imp: year, partner, value_usd (countries only)."""
    parts = []
    e = exp.pivot(index="year", columns="partner", values="value_usd")
    i = imp.pivot(index="year", columns="partner", values="value_usd")
    for p in sorted(set(e.columns) | set(i.columns)):
        if p in e:
            parts.append(_share_rows(e[p], exp_world, "RUS", p, "exports", source))
        if p in i:
            parts.append(_share_rows(i[p], imp_world, "RUS", p, "imports", source))
        if p in e and p in i:
            parts.append(_share_rows(e[p] + i[p], exp_world + imp_world, "RUS", p, "total", source))
    return parts
