"""Military: arms transfers (SIPRI, two vintages), military expenditure (SIPRI), joint exercises and patrols.

Tables
------
arms_transfers
    SIPRI's 2022 exports-by-recipient files (1950-2021) and its 2026 trade register, one row per
    supplier, recipient, year and vintage (arms).
military_expenditure
    The SIPRI Military Expenditure Database 2025, one row per country, year and measure (spending).
joint_exercises
    A partial list of joint exercises involving Russia, 2009-2018 (exercises).
joint_activities
    Curated joint Russia-China exercises, air patrols and naval patrols, 2019-2025 (activities).

SIPRI's country spellings and the readers both SIPRI families share are in _sipri.
"""

from __future__ import annotations

from ._sipri import SIPRI_NAMES, sipri_code
from .activities import ACTIVITIES, build_activities
from .arms import ARMS, build_arms, read_register, read_russia_china_2026
from .exercises import EXERCISES, build_exercises
from .spending import MILEX, build_milex

__all__ = [
    "ACTIVITIES",
    "ARMS",
    "EXERCISES",
    "MILEX",
    "SIPRI_NAMES",
    "build_activities",
    "build_arms",
    "build_exercises",
    "build_milex",
    "read_register",
    "read_russia_china_2026",
    "sipri_code",
]
