"""Helpers the energy readers share: country spellings and a tolerant equality of printed numbers."""

from __future__ import annotations

# Country spellings of the EI/bp, China customs and Kpler files that countries.py does not know.
COUNTRY_EXTRA = {
    "trinidad & tobago": "TTO",
    "columbia": "COL",
    "zaire": "COD",
    "lao": "LAO",
    "singapore republic": "SGP",
}


def _close(a: float, b: float) -> bool:
    """Equal up to a relative 1e-6: a printed total and the sum of its printed cells, or two file vintages."""
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
