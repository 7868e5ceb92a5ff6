"""Signposts: the workbook series each one watches (computed by the chapter function that shows it), the
direction and threshold that count as observed, and each signpost's status, with the date of its latest
value and a stale flag when that value is more than STALE_AFTER_YEARS older than the freshest signpost."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ...processed.load import load
from .. import context, energy, military, trade
from ..indicators import lasting_lead

# A signpost whose latest value is more than this many years older than the freshest signpost's is stale:
# it still counts in the updating, but the table, the chart and the prose say it describes an older world.
STALE_AFTER_YEARS = 2

# Each signpost: a workbook series, the direction that counts as "observed", and a threshold.
SIGNPOSTS = {
    "china_share_of_russia_trade": {
        "short": "China in\nRussia's trade",
        "label": "China's share of Russia's trade (over Russia's own customs total)",
        "basis": "Russia's own customs (FCS) total; own report to 2021, China-reported flow 2022-2023 (FCS totals end in 2023)",
        "unit": "share",
        "direction": "above",
        "threshold": 0.25,
        "chapter": "02",
    },
    "russia_share_of_china_crude": {
        "short": "Russia in China's\ncrude imports",
        "label": "Russia's share of China's crude imports (volume)",
        "basis": "China customs: imports from Russia over China's total crude imports (both China-reported)",
        "unit": "share",
        "direction": "above",
        "threshold": 0.15,
        "chapter": "03",
    },
    "arms_deliveries_low": {
        "short": "Arms RUS→CHN,\n5-yr mean, m TIV",
        "label": "Russian arms deliveries to China, 5-year mean (m TIV)",
        "unit": "TIV",
        "direction": "below",
        "threshold": 700.0,
        "chapter": "04",
    },
    "un_vote_agreement": {
        "short": "UN vote agreement\nRUS–CHN",
        "label": "UN General Assembly agreement, Russia–China",
        "unit": "share",
        "direction": "above",
        "threshold": 0.75,
        "chapter": "01",
    },
    "milex_ratio": {
        "short": "Military spending\nCHN ÷ RUS",
        "label": "China's military spending ÷ Russia's (constant USD)",
        "unit": "ratio",
        "direction": "above",
        "threshold": 3.0,
        "chapter": "04",
    },
}


def indicator_series(start: int = 2000) -> pd.DataFrame:
    """Year × signpost: the latest workbook series, each computed by the chapter function that shows it."""
    annual, totals, macro = load("trade_bilateral_annual"), load("trade_totals"), load("macro_indicators")
    # the declared basis of chapter 02's headline: Russia's own customs totals (trade.RUSSIA_BASES)
    dep = trade.dependence(annual, totals, macro, 2006, int(annual.year.max()), russia_bases=trade.RUSSIA_BASES)
    # China customs from Russia over China's total (both China-reported), complete years (chapter 03)
    crude_share = energy.customs_share(load("energy_flows"), "RUS").share
    arms = military.bilateral_tiv(load("arms_transfers"), "RUS", "CHN", "sipri_2026")
    arms5 = arms.rolling(5, min_periods=5).mean()
    agree = load("unga_agreement")
    pair = context.agreement_pairs(agree, [("CHN", "RUS")], int(agree.year.min()), int(agree.year.max()), min_votes=10)
    milex = military.spending_ratios(load("military_expenditure"), pairs=(("CHN", "RUS"),))["CHN/RUS"]
    out = pd.DataFrame(
        {
            "china_share_of_russia_trade": dep["share_ij"],
            "russia_share_of_china_crude": crude_share,
            "arms_deliveries_low": arms5,
            "un_vote_agreement": pair["CHN–RUS"],
            "milex_ratio": milex,
        }
    )
    out.index.name = "year"
    return out[out.index >= start]


def signpost_status(series: pd.DataFrame, signposts: Mapping[str, dict] = SIGNPOSTS) -> pd.DataFrame:
    """Per signpost: latest value and year, threshold, whether it is observed now, the first year from
    which it has stayed on the observed side (NaN if it is not observed in the latest year), and whether
    its latest value is stale (more than STALE_AFTER_YEARS older than the freshest signpost's)."""
    as_of = int(max(series[k].dropna().index.max() for k in signposts))
    rows = []
    for key, spec in signposts.items():
        s = series[key].dropna()
        line = pd.Series(spec["threshold"], index=s.index)
        hit = s > line if spec["direction"] == "above" else s < line
        # the first year from which the series has stayed on the observed side
        since = lasting_lead(s, line)["year"] if spec["direction"] == "above" else lasting_lead(line, s)["year"]
        rows.append(
            {
                "signpost": key,
                "label": spec["label"],
                "direction": spec["direction"],
                "threshold": spec["threshold"],
                "latest_year": int(s.index.max()),
                "latest": float(s.iloc[-1]),
                "observed": bool(hit.iloc[-1]),
                "since": since,
                "as_of": as_of,
                "stale": int(s.index.max()) < as_of - STALE_AFTER_YEARS,
            }
        )
    return pd.DataFrame(rows).set_index("signpost")
