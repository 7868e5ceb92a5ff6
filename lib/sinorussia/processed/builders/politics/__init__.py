"""Political alignment: UN Security Council vetoes, UN General Assembly vote agreement, the US State
Department's voting coincidence, and ideal points.

Tables
------
unsc_vetoes
    One row per veto and vetoing member (vetoes).
unga_agreement
    Yearly agreement between pairs of focus states in UNGA roll calls (unga).
unga_us_coincidence
    Each state's voting coincidence with the US, as the State Department counts it (coincidence).
unga_ideal_points
    Bailey-Strezhnev-Voeten ideal points, two vintages (ideal_points).

Helpers the readers share are in _common.
"""

from __future__ import annotations

from .coincidence import UNGA_US_COINCIDENCE, build_us_coincidence
from .ideal_points import UNGA_IDEAL_POINTS, build_ideal_points
from .unga import FOCUS, UNGA_AGREEMENT, build_agreement
from .vetoes import UNSC_VETOES, build_vetoes

__all__ = [
    "FOCUS",
    "UNGA_AGREEMENT",
    "UNGA_IDEAL_POINTS",
    "UNGA_US_COINCIDENCE",
    "UNSC_VETOES",
    "build_agreement",
    "build_ideal_points",
    "build_us_coincidence",
    "build_vetoes",
]
