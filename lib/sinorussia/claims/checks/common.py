"""What the check functions of every topic share: the cached table loader, graded verdicts, trade sources.

`load` caches each processed table once per process, because checking the whole register would
otherwise read the same tables dozens of times; a check function must not modify what it returns.
`_graded` turns a value and its threshold into a verdict (no partly band), and `_compound` grades
a claim of several stated parts. TRADE_RAW names the raw files behind each
trade source (so that a verdict cites only those), and `_flow` reads one direction of bilateral trade.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

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


def _verdict(ok: bool) -> str:
    """A single-number direction claim: supported or contradicted, never 'partly' (claims/rules.py)."""
    return "supported" if ok else "contradicted"


def _graded(value: float, supported_at: float, higher_is_support: bool = True) -> str:
    """Verdict from one threshold: at or beyond `supported_at` supported, else contradicted."""
    return _verdict(value >= supported_at if higher_is_support else value <= supported_at)


def _parts_verdict(parts: Sequence[bool]) -> str:
    """A compound claim from its stated parts: all hold supported, some 'partly supported', none contradicted."""
    return "supported" if all(parts) else "partly supported" if any(parts) else "contradicted"


def _compound(parts: dict[str, bool]) -> tuple[str, str]:
    """Verdict of a compound claim from its named parts (name → passed), and the words naming the parts that fail."""
    failed = [k for k, ok in parts.items() if not ok]
    return _parts_verdict(list(parts.values())), ("fails: " + "; ".join(failed)) if failed else "every part holds"


def _flow(year: int, exporter: str, importer: str, source: str | None = None) -> tuple[float, str]:
    """One direction's goods trade in one year (USD) and the source it came from (the headline by default)."""
    source = source or HEADLINE[(exporter, importer)]
    df = load("trade_bilateral_annual")
    sel = df[(df.year == year) & (df.exporter == exporter) & (df.importer == importer) & (df.source == source)]
    if sel.empty:
        raise WorkbookError(f"no {exporter}->{importer} trade for {year} from source {source}")
    return float(sel.value_usd.iloc[0]), source
