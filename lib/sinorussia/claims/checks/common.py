"""What the check functions of every topic share: the cached table loader, graded verdicts, trade sources.

`load` caches each processed table once per process, because checking the whole register would
otherwise read the same tables dozens of times; a check function must not modify what it returns.
`_graded` turns a value and its threshold into a verdict (no partly band), and `_compound` grades
a claim of several stated parts. TRADE_RAW names the raw files behind each
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


def _graded(value: float, supported_at: float, partly_at: float | None = None, higher_is_support: bool = True) -> str:
    """Verdict from one threshold: at or beyond `supported_at` supported, else contradicted.

    There is no 'partly' band around a single number (claims/rules.py): `partly_at` is accepted so that
    existing calls keep working, and ignored. A compound claim grades each part and combines them with
    `_compound`."""
    del partly_at  # kept for the call sites' signature; a single number has no partly band
    return "supported" if (value >= supported_at if higher_is_support else value <= supported_at) else "contradicted"


def _compound(parts: dict[str, bool]) -> tuple[str, str]:
    """Verdict of a compound claim from its stated parts (name → passed): all pass supported, none
    contradicted, some 'partly supported'; and the words naming the parts that fail."""
    failed = [k for k, ok in parts.items() if not ok]
    verdict = "contradicted" if len(failed) == len(parts) else "partly supported" if failed else "supported"
    return verdict, ("fails: " + "; ".join(failed)) if failed else "every part holds"


def _flow(year: int, exporter: str, importer: str, source: str | None = None) -> tuple[float, str]:
    """One direction's goods trade in one year (USD) and the source it came from (the headline by default)."""
    source = source or HEADLINE[(exporter, importer)]
    df = load("trade_bilateral_annual")
    sel = df[(df.year == year) & (df.exporter == exporter) & (df.importer == importer) & (df.source == source)]
    if sel.empty:
        raise WorkbookError(f"no {exporter}->{importer} trade for {year} from source {source}")
    return float(sel.value_usd.iloc[0]), source
