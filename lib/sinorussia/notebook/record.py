"""What a chapter hands back to a parameter sweep: its key results, written where the sweep asked."""

from __future__ import annotations

import json
from pathlib import Path

from ..fsio import atomic_write_text

RESULTS_PARAMETER = "results_path"  # the parameter through which a sweep says where to write


def record(results_path: str, values: dict) -> None:
    """Called by a notebook: write its key results as JSON where the sweep asked (no-op when empty)."""
    if not results_path:
        return
    atomic_write_text(Path(results_path), json.dumps(values, indent=1, sort_keys=True, default=float))
