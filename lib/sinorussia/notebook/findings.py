"""A chapter's headline findings, handed to the report as data: what an edition records and compares.

A chapter calls `findings({...})` once, in its findings cell, with its headline numbers. Nothing shows in
JupyterLab or the report: the values travel inside the executed notebook as one output of a private MIME
type, so a cached chapter carries them too, and the report build reads them back (report/edition.py).

Each finding is `key: (value, label, unit)` with a stable key, a number, a human label naming the period
and the basis, and a unit ('share', 'ratio', 'USD bn', 'bcm', 'Mt', 'percent', 'count', 'year', ...).
A forecast is `key: forecast(question, probability, resolves, outcome=None)`: the outcome is 1 or 0 once
the data resolve it.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import ParameterError

FINDINGS_MIME = "application/vnd.sinorussia.findings+json"
UNITS = ("share", "ratio", "USD bn", "USD/bbl", "bcm", "Mt", "percent", "count", "year", "index", "probability")


def forecast(question: str, probability: float, resolves: str, outcome: int | None = None) -> dict[str, Any]:
    """A forecast as a finding: the question, its probability, when it resolves, and (later) its outcome."""
    if not 0 <= probability <= 1:
        raise ParameterError(f"forecast {question!r}: probability {probability} is not between 0 and 1")
    if outcome not in (None, 0, 1):
        raise ParameterError(f"forecast {question!r}: outcome must be 0, 1 or None, not {outcome!r}")
    return {
        "kind": "forecast",
        "question": question,
        "probability": float(probability),
        "resolves": resolves,
        "outcome": outcome,
    }


def _entry(key: str, item: Any) -> dict[str, Any]:
    if isinstance(item, dict) and item.get("kind") == "forecast":
        return item
    if not (isinstance(item, tuple) and len(item) == 3):
        raise ParameterError(f"finding {key!r}: give (value, label, unit) or forecast(...), not {item!r}")
    value, label, unit = item
    if unit not in UNITS:
        raise ParameterError(f"finding {key!r}: unit {unit!r} is not one of {UNITS}")
    v = float(value)
    if math.isnan(v):
        raise ParameterError(f"finding {key!r}: the value is NaN; leave the finding out or fix its data")
    return {"kind": "number", "value": v, "label": str(label), "unit": unit}


def findings(values: dict[str, Any]) -> None:
    """Hand the chapter's headline findings to the report (shown nowhere; see the module docstring)."""
    from IPython.display import display  # a notebook helper: IPython is there whenever a chapter runs

    payload = {str(k): _entry(str(k), v) for k, v in values.items()}
    display({FINDINGS_MIME: payload, "text/plain": ""}, raw=True)
