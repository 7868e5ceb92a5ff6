"""Partner shares (table trade_partner_shares) from the bilateral flows and totals the readers return.

Every share is built on a basis declared in bases.SHARE_BASES and carries its numerator's and
denominator's source and reporter and the basis label."""

from __future__ import annotations

import pandas as pd

from ....errors import RawFormatError
from .bases import FLOW_REPORTER, SHARE_BASES, TOTAL_REPORTER, TWO_WAY, share_slug
from .tables import _PAIR


def _series(annual: pd.DataFrame, source: str, exporter: str, importer: str) -> pd.Series:
    s = annual[(annual["source"] == source) & (annual["exporter"] == exporter) & (annual["importer"] == importer)]
    return s.set_index("year")["value_usd"]


def _basis(country: str, numerator: str, denominator: str, numerator_source: str) -> dict[str, str]:
    key = (country, numerator, denominator)
    if key not in SHARE_BASES:
        raise RawFormatError(
            f"trade_partner_shares: no declared basis for {country}'s share with numerator '{numerator}' and "
            f"denominator '{denominator}'; declare it in processed/builders/trade/bases.py (SHARE_BASES) first."
        )
    return {
        "source": share_slug(numerator, denominator),
        "numerator_source": numerator_source,
        "numerator_reporter": FLOW_REPORTER[numerator],
        "denominator_source": denominator,
        "denominator_reporter": TOTAL_REPORTER[denominator],
        "basis": SHARE_BASES[key],
    }


def _share_rows(num: pd.Series, den: pd.Series, country: str, partner: str, flow: str, basis: dict) -> pd.DataFrame:
    j = pd.concat({"num": num, "den": den}, axis=1, join="inner").dropna()
    j = j[j["den"] > 0]
    return pd.DataFrame(
        {
            "year": j.index.astype("int64"),
            "country": country,
            "partner": partner,
            "share": (j["num"] / j["den"]).round(8).to_numpy(),
            "flow": flow,
            **basis,
        }
    )


def _pair_shares(annual: pd.DataFrame, totals: pd.DataFrame) -> list[pd.DataFrame]:
    """China's share of Russia's trade and Russia's of China's on every declared basis whose numerator
    and denominator come from different sources (the one-source bases are built by _partner_shares)."""
    parts = []
    for (c, num, den), _label in SHARE_BASES.items():
        if num == den:
            continue
        p = next(x for x in _PAIR if x != c)
        tot = totals[(totals["country"] == c) & (totals["source"] == den)].set_index("year")
        if tot.empty:
            raise RawFormatError(f"trade_totals has no rows for {c} from '{den}', which the shares need.")
        out_flow, in_flow = _series(annual, num, c, p), _series(annual, num, p, c)
        if not out_flow.empty:
            parts.append(_share_rows(out_flow, tot["exports_usd"], c, p, "exports", _basis(c, num, den, num)))
        if not in_flow.empty:
            parts.append(_share_rows(in_flow, tot["imports_usd"], c, p, "imports", _basis(c, num, den, num)))
        if num in TWO_WAY:
            s_rc, s_cr = TWO_WAY[num]
            both = pd.concat(
                {"rc": _series(annual, s_rc, "RUS", "CHN"), "cr": _series(annual, s_cr, "CHN", "RUS")},
                axis=1,
                join="inner",
            )
            named = s_rc if s_rc == s_cr else f"{s_rc}+{s_cr}"
            trade = both["rc"] + both["cr"]
            den_total = tot["exports_usd"] + tot["imports_usd"]
            parts.append(_share_rows(trade, den_total, c, p, "total", _basis(c, num, den, named)))
    return parts


def _partner_shares(
    exp: pd.DataFrame, imp: pd.DataFrame, exp_world: pd.Series, imp_world: pd.Series, source: str
) -> list[pd.DataFrame]:
    """Russia's shares by partner, own report; exp/imp: year, partner, value_usd (countries only)."""
    basis = _basis("RUS", source, source, source)
    parts = []
    e = exp.pivot(index="year", columns="partner", values="value_usd")
    i = imp.pivot(index="year", columns="partner", values="value_usd")
    for p in sorted(set(e.columns) | set(i.columns)):
        if p in e:
            parts.append(_share_rows(e[p], exp_world, "RUS", p, "exports", basis))
        if p in i:
            parts.append(_share_rows(i[p], imp_world, "RUS", p, "imports", basis))
        if p in e and p in i:
            parts.append(_share_rows(e[p] + i[p], exp_world + imp_world, "RUS", p, "total", basis))
    return parts
