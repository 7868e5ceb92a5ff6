"""Checks for parameters (a notebook's `parameters` cell, a sweep grid, the command line).

Each check returns the value when it is valid and otherwise raises a ParameterError whose one-line
message names the parameter, what is wrong and what to choose instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .errors import ParameterError


def check_years(
    start_year: int,
    end_year: int,
    *,
    earliest: int = 1700,
    latest: int = 2030,
    names: tuple[str, str] = ("start_year", "end_year"),
) -> tuple[int, int]:
    """Validate a notebook's year range parameters; a clear ParameterError names the fix.

    `names` are the parameters as the notebook calls them (e.g. ("long_run_start", "end_year")), so the
    message names the one the reader set, not a generic start_year."""
    start_name, end_name = names
    for name, v in ((start_name, start_year), (end_name, end_year)):
        if not isinstance(v, int) or isinstance(v, bool):
            raise ParameterError(f"parameter {name} must be a whole year such as 2010, not {v!r}")
        if not earliest <= v <= latest:
            raise ParameterError(
                f"parameter {name}={v} is outside the data ({earliest}–{latest}); choose a year in that range"
            )
    if end_year <= start_year:
        raise ParameterError(
            f"parameter {end_name}={end_year} must be after {start_name}={start_year}; "
            f"choose a later {end_name} or an earlier {start_name}"
        )
    return start_year, end_year


def check_choices(name: str, values: Any, allowed: Iterable[Any], *, what: str = "value") -> list:
    """Validate a list parameter against the allowed codes, e.g. partners against those in the data."""
    values = [values] if isinstance(values, str) else list(values)
    if not values:
        raise ParameterError(f"parameter {name} is empty; give at least one {what}")
    choices = sorted(set(allowed))
    bad = [v for v in values if v not in choices]
    if bad:
        raise ParameterError(f"parameter {name}: unknown {what}(s) {bad}; choose from {choices}")
    return values


def check_range(name: str, value: float, low: float, high: float, *, integer: bool = False, unit: str = "") -> float:
    """Validate a numeric parameter against a plausible range [low, high]; the message names the range."""
    kind = "a whole number" if integer else "a number"
    ok_type = isinstance(value, int) if integer else isinstance(value, (int, float))
    if not ok_type or isinstance(value, bool):
        raise ParameterError(f"parameter {name}={value!r} must be {kind} between {low:g} and {high:g}{unit}")
    if not low <= value <= high:
        raise ParameterError(
            f"parameter {name}={value!r} is outside the plausible range {low:g}–{high:g}{unit}; "
            f"choose a value in that range"
        )
    return value


def check_probability(name: str, value: float) -> float:
    """Validate a probability parameter (0–1)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
        raise ParameterError(f"parameter {name}={value!r} must be a probability between 0 and 1")
    return float(value)
