"""What the check functions of every topic share: the cached table loader, graded verdicts, trade sources.

`load` caches each processed table once per process, because checking the whole register would
otherwise read the same tables dozens of times; a check function must not modify what it returns.
`_graded` turns a value and two thresholds into a verdict. TRADE_RAW names the raw files behind each
trade source (so that a verdict cites only those), and `_flow` reads one direction of bilateral trade.
"""

from __future__ import annotations

import functools

import pandas as pd

from ...analysis.trade import HEADLINE  # China-reported headline per direction, as chapter 02 uses it
from ...errors import WorkbookError
from ...processed.load import load as _load

TRADE_RAW = {
    "comtrade_china": ["comtrade_china_imports_from_russia"],
    "comtrade_china_processed": ["panel_monthly_var"],
    "fcs_russia": ["russia_fcs_monthly_partners"],
    "baci": ["baci_russia_china_hs6"],
    "imf_dots_russia": ["imf_dots_russia_exports_2023"],
}


@functools.cache
def load(name: str) -> pd.DataFrame:
    """A processed table, read once per process and shared by every check function (do not modify it)."""
    return _load(name)


def _graded(value: float, supported_at: float, partly_at: float, higher_is_support: bool = True) -> str:
    """Verdict from thresholds: beyond `supported_at` supported, beyond `partly_at` partly, else contradicted."""
    v = value if higher_is_support else -value
    s, p = (supported_at, partly_at) if higher_is_support else (-supported_at, -partly_at)
    if v >= s:
        return "supported"
    if v >= p:
        return "partly supported"
    return "contradicted"


def _flow(year: int, exporter: str, importer: str, source: str | None = None) -> tuple[float, str]:
    """One direction's goods trade in one year (USD) and the source it came from (the headline by default)."""
    source = source or HEADLINE[(exporter, importer)]
    df = load("trade_bilateral_annual")
    sel = df[(df.year == year) & (df.exporter == exporter) & (df.importer == importer) & (df.source == source)]
    if sel.empty:
        raise WorkbookError(f"no {exporter}->{importer} trade for {year} from source {source}")
    return float(sel.value_usd.iloc[0]), source
