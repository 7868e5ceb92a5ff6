"""What a notebook needs beyond data: the set-up call, source lines, and prose rendered from values."""
from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..processed.provenance import source_text  # noqa: F401  (re-exported for notebooks)
from . import style

SEED = 20240504  # one seed for anything random in a notebook that does not set its own


@dataclass(frozen=True)
class Setup:
    seed: int

    def rng(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)


def setup(seed: int = SEED) -> Setup:
    """The one set-up call at the top of each notebook: style, display options, seeded randomness."""
    style.apply_style()
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 140)
    pd.set_option("display.float_format", lambda v: f"{v:,.3f}")
    random.seed(seed)
    np.random.seed(seed)
    return Setup(seed=seed)


def say(text: str) -> None:
    """Show prose built from computed values (cells tagged remove-input hide the code in the report)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def usd(value: float, unit: str = "bn", digits: int = 1) -> str:
    div = {"tn": 1e12, "bn": 1e9, "m": 1e6}[unit]
    return f"{value / div:,.{digits}f} bn USD".replace(" bn", f" {unit}")


def pct(share: float, digits: int = 0) -> str:
    return f"{share * 100:.{digits}f} %"


def join_words(items) -> str:
    """'a', 'a and b', 'a, b and c' for prose."""
    items = [str(i) for i in items]
    return " and ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " and " + items[-1]


def check_years(start_year: int, end_year: int, *, earliest: int = 1700, latest: int = 2030) -> tuple[int, int]:
    """Validate a notebook's year range parameters; a clear ParameterError names the fix."""
    from ..errors import ParameterError

    for name, v in (("start_year", start_year), ("end_year", end_year)):
        if not isinstance(v, int) or isinstance(v, bool):
            raise ParameterError(f"parameter {name} must be a whole year such as 2010, not {v!r}")
        if not earliest <= v <= latest:
            raise ParameterError(f"parameter {name}={v} is outside the data ({earliest}–{latest})")
    if end_year <= start_year:
        raise ParameterError(f"parameter end_year={end_year} must be after start_year={start_year}")
    return start_year, end_year


def check_choices(name: str, values, allowed, *, what: str = "value") -> list:
    """Validate a list parameter against the allowed codes, e.g. partners against those in the data."""
    from ..errors import ParameterError

    values = [values] if isinstance(values, str) else list(values)
    if not values:
        raise ParameterError(f"parameter {name} is empty; give at least one {what}")
    allowed = sorted(set(allowed))
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ParameterError(f"parameter {name}: unknown {what}(s) {bad}; choose from {allowed}")
    return values


def check_range(name: str, value: float, low: float, high: float, *, integer: bool = False, unit: str = "") -> float:
    """Validate a numeric parameter against a plausible range [low, high]; the message names the range."""
    from ..errors import ParameterError

    kind = "a whole number" if integer else "a number"
    ok_type = isinstance(value, int) if integer else isinstance(value, (int, float))
    if not ok_type or isinstance(value, bool):
        raise ParameterError(f"parameter {name}={value!r} must be {kind} between {low:g} and {high:g}{unit}")
    if not low <= value <= high:
        raise ParameterError(f"parameter {name}={value!r} is outside the plausible range {low:g}–{high:g}{unit}; "
                             f"choose a value in that range")
    return value


def check_probability(name: str, value: float) -> float:
    """Validate a probability parameter (0–1)."""
    from ..errors import ParameterError

    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
        raise ParameterError(f"parameter {name}={value!r} must be a probability between 0 and 1")
    return float(value)
