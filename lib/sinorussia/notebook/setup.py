"""The one set-up call at the top of every chapter: the visual identity, display options, seeded randomness."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import style

SEED = 20240504  # one seed for anything random in a notebook that does not set its own


@dataclass(frozen=True)
class Setup:
    seed: int

    def rng(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)


def setup(seed: int = SEED) -> Setup:
    """Apply the workbook's style and display options and seed every random generator."""
    style.apply_style()
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 140)
    pd.set_option("display.float_format", lambda v: f"{v:,.3f}")
    random.seed(seed)
    np.random.seed(seed)
    return Setup(seed=seed)
