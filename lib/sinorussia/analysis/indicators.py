"""Asymmetry and dependence indicators, each implemented once and used by every notebook.

Notation for a pair of countries i, j in one year:
    T_ij  bilateral trade (exports + imports) between i and j
    T_i   i's total trade with the world
    Y_i   i's GDP
Formulas (written out again in notebook 02):
    share_of_trade(i, j)  s_ij = T_ij / T_i                       i's dependence on j
    trade_to_gdp(i, j)    d_ij = T_ij / Y_i
    salience(i, j)        S = sqrt(s_ij * s_ji)                   Barbieri (1996)
    symmetry(i, j)        Q = 1 - |s_ij - s_ji|                    Barbieri (1996)
    interdependence       I = S * Q
    hhi(shares)           H = sum_k s_k^2 over partners k (1/n ... 1)
    trade_intensity       TII_ij = (x_ij / X_i) / (M_j / M_w)    exports i->j relative to j's weight in world imports
    asymmetry_ratio       s_ij / s_ji                            how many times more i depends on j than j on i
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import WorkbookError


def _arr(x):
    return np.asarray(x, dtype=float)


def share_of_trade(bilateral, total):
    """s_ij = T_ij / T_i. Works on scalars, arrays and aligned Series."""
    total = _arr(total) if not isinstance(total, pd.Series) else total
    if np.any(np.asarray(total) <= 0):
        raise WorkbookError("share_of_trade: total trade must be positive")
    return bilateral / total


def trade_to_gdp(bilateral, gdp):
    """d_ij = T_ij / Y_i."""
    return bilateral / gdp


def salience(share_ij, share_ji):
    """Barbieri's salience: the geometric mean of the two dependences, sqrt(s_ij * s_ji)."""
    return (
        np.sqrt(_arr(share_ij) * _arr(share_ji))
        if not isinstance(share_ij, pd.Series)
        else np.sqrt(share_ij * share_ji)
    )


def symmetry(share_ij, share_ji):
    """Barbieri's symmetry: 1 - |s_ij - s_ji| (1 = perfectly symmetric)."""
    return 1 - abs(share_ij - share_ji)


def interdependence(share_ij, share_ji):
    """Barbieri's interdependence: salience x symmetry."""
    return salience(share_ij, share_ji) * symmetry(share_ij, share_ji)


def asymmetry_ratio(share_ij, share_ji):
    """How many times more i depends on j than j on i (s_ij / s_ji)."""
    return share_ij / share_ji


def hhi(shares: Iterable[float], *, normalise: bool = False) -> float:
    """Hirschman–Herfindahl index of concentration: sum of squared shares (shares of one total).

    With normalise=True shares are first rescaled to sum to 1 (for a partial partner list).
    """
    s = _arr(list(shares))
    if s.size == 0:
        raise WorkbookError("hhi: no shares given")
    if np.any(s < 0):
        raise WorkbookError("hhi: shares must be non-negative")
    if normalise:
        s = s / s.sum()
    elif s.sum() > 1 + 1e-9:
        raise WorkbookError(f"hhi: shares sum to {s.sum():.3f} > 1; pass normalise=True for raw values")
    return float(np.sum(s**2))


def trade_intensity(x_ij, exports_i, imports_j, world_imports):
    """TII_ij = (x_ij / X_i) / (M_j / M_w): > 1 means i sends j more than j's weight in world trade."""
    return (x_ij / exports_i) / (imports_j / world_imports)


def pair_indicators(
    flows: pd.DataFrame, totals: pd.DataFrame, gdp: pd.DataFrame | None = None, i: str = "RUS", j: str = "CHN"
) -> pd.DataFrame:
    """Year-by-year dependence indicators for the pair (i, j).

    flows:  year, exporter, importer, value_usd   (one source: both directions)
    totals: year, country, exports_usd, imports_usd
    gdp:    year, country, value (current USD), optional
    Returns one row per year with s_ij, s_ji, salience, symmetry, interdependence, asymmetry ratio,
    and trade/GDP for both sides when gdp is given. Years missing either direction are dropped.
    """
    need = {"year", "exporter", "importer", "value_usd"}
    if not need <= set(flows.columns):
        raise WorkbookError(f"pair_indicators: flows need columns {sorted(need)}")
    for what, frame in (("flows", flows), ("totals", totals)):
        if "source" in frame.columns and frame["source"].nunique() > 1:
            raise WorkbookError(
                f"pair_indicators: {what} mix sources {sorted(frame['source'].unique())}; pass one source each "
                "(or build each share on a declared basis with sinorussia.analysis.bases.share)"
            )
    wide = flows.pivot_table(index="year", columns=["exporter", "importer"], values="value_usd", aggfunc="sum")
    try:
        x_ij, x_ji = wide[(i, j)], wide[(j, i)]
    except KeyError:
        raise WorkbookError(f"pair_indicators: flows lack a direction between {i} and {j}") from None
    bilateral = (x_ij + x_ji).dropna()
    tot = totals.assign(trade=totals["exports_usd"] + totals["imports_usd"]).pivot_table(
        index="year", columns="country", values="trade"
    )
    out = pd.DataFrame({"bilateral_usd": bilateral})
    out["total_trade_i"] = tot[i].reindex(out.index)
    out["total_trade_j"] = tot[j].reindex(out.index)
    out = out.dropna()
    out["share_ij"] = out["bilateral_usd"] / out["total_trade_i"]
    out["share_ji"] = out["bilateral_usd"] / out["total_trade_j"]
    out["salience"] = salience(out["share_ij"], out["share_ji"])
    out["symmetry"] = symmetry(out["share_ij"], out["share_ji"])
    out["interdependence"] = out["salience"] * out["symmetry"]
    out["asymmetry_ratio"] = asymmetry_ratio(out["share_ij"], out["share_ji"])
    if gdp is not None:
        g = gdp.pivot_table(index="year", columns="country", values="value")
        out["trade_to_gdp_i"] = out["bilateral_usd"] / g[i].reindex(out.index)
        out["trade_to_gdp_j"] = out["bilateral_usd"] / g[j].reindex(out.index)
    out.index.name = "year"
    return out.reset_index()


def partner_hhi(shares: pd.DataFrame, *, by: str = "year") -> pd.Series:
    """HHI per year from a long table of partner shares (columns: year, partner, share).

    Shares are renormalised to the listed partners, so a file that lists only the main partners
    gives the concentration among those (an upper bound on the true HHI's share structure).
    """
    return shares.groupby(by)["share"].apply(lambda s: hhi(s, normalise=True))


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """Aligned ratio of two series (e.g. China/Russia GDP), NaN where either is missing."""
    a, b = numerator.align(denominator, join="inner")
    return a / b


def correlation_of_changes(a: pd.Series, b: pd.Series, periods: int = 1, log: bool = True) -> tuple[float, int]:
    """Pearson correlation of period-on-period (log) changes of two aligned series; returns (r, n).

    Changes rather than levels, because two trending series correlate in levels whatever links them.
    """
    x, y = a.align(b, join="inner")
    if log:
        x, y = np.log(x), np.log(y)
    dx, dy = x.diff(periods), y.diff(periods)
    both = pd.concat([dx, dy], axis=1).dropna()
    if len(both) < 3:
        raise WorkbookError("correlation_of_changes: fewer than 3 overlapping periods")
    return float(both.iloc[:, 0].corr(both.iloc[:, 1])), int(len(both))


def lasting_lead(a: pd.Series, b: pd.Series) -> dict:
    """When `a` went ahead of `b` for good: the first year from which a > b in every later year with data.

    Returns {'year': that year or None (a is not ahead in the last year), 'since_start': True if a leads in
    every year with data (no overtaking is observed), 'last': the last year compared, 'n': years compared}.
    Years where either value is missing are skipped, so a gap can hide a reversal.
    """
    both = pd.concat([a.rename("a"), b.rename("b")], axis=1).dropna().sort_index()
    if both.empty:
        return {"year": None, "since_start": False, "last": None, "n": 0}
    ahead = both.a > both.b
    last = int(both.index[-1])
    if not ahead.iloc[-1]:
        return {"year": None, "since_start": False, "last": last, "n": len(both)}
    behind = ahead[~ahead]
    if behind.empty:
        return {"year": int(both.index[0]), "since_start": True, "last": last, "n": len(both)}
    year = int(ahead[ahead.index > behind.index[-1]].index[0])
    return {"year": year, "since_start": False, "last": last, "n": len(both)}
