"""sinorussia — the helper library of the Russia–China workbook.

The package is built in floors; a module imports only from the floors below it, and
`tests/test_layering.py` fails on any upward import or import cycle:

    0 base        errors, paths, fsio (atomic writes), parameters (parameter checks)
    1 raw/        the catalog of public files and fetching them into data/raw/ (git-ignored)
    2 processed/  builders that turn raw files into validated tables (data/processed/, committed)
    3 analysis/   pure functions on tables, one module per subject (trade, energy, military, ...)
    4 claims/     the claim register, check functions, verdicts and the ledger
    5 notebook/   what a chapter calls: set-up, style, prose, claims display, sweep results
    6 report/     what runs chapters from outside: plan, cache, execute, assemble, publish, pdf,
                  seminar copies, sweeps, benchmark, command line

This module is the chapters' public surface: `import sinorussia as sr`, then `sr.setup()`,
`sr.load(name)`, the helpers of notebook/, and the subject modules (`from sinorussia import trade`).
Names are imported on first use, so the command line starts fast.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

# tqdm (imported by a dependency) warns in kernels without ipywidgets; the workbook shows no progress bars
warnings.filterwarnings("ignore", message="IProgress not found")

__version__ = "0.1.0"

# Subject modules a chapter may import: `from sinorussia import trade as tr`.
SUBJECTS = {
    "context": "analysis.context",
    "trade": "analysis.trade",
    "energy": "analysis.energy",
    "military": "analysis.military",
    "regional": "analysis.regional",
    "scenarios": "analysis.scenarios",
    "indicators": "analysis.indicators",
    "claims": "claims",
    "charts": "notebook.interactive",  # the interactive key charts (Altair): `from sinorussia import charts as ia`
}
# Helper names: everything notebook/ exports (a static list, so that a lookup never imports it by
# accident; tests/test_layering.py checks it against notebook.__all__), and two errors.
HELPERS = (
    "ACTOR_COLOURS",
    "ACTOR_NAMES",
    "CATEGORY_COLOURS",
    "RESULTS_PARAMETER",
    "SEED",
    "ClaimsSummary",
    "ClaimsTable",
    "KEY_RULE",
    "ScenarioPanel",
    "Setup",
    "backtest",
    "check_choices",
    "check_probability",
    "check_range",
    "check_years",
    "claims_summary",
    "claims_table",
    "colour",
    "colours_for",
    "current_to",
    "direct_labels",
    "either",
    "figure_title",
    "finding_title",
    "findings",
    "forecast",
    "human_label",
    "join_names",
    "join_words",
    "legend_outside",
    "load",
    "log_axis",
    "name",
    "open_questions",
    "number",
    "pct",
    "percent_axis",
    "period_text",
    "plural",
    "record",
    "rose_or_fell",
    "say",
    "scenario_panel",
    "setup",
    "show",
    "show_claims",
    "signed",
    "signed_pct",
    "source_line",
    "source_text",
    "table",
    "table_names",
    "usd",
    "year_axis",
)
ERRORS = ("ParameterError", "WorkbookError")
__all__ = [*SUBJECTS, *HELPERS, *ERRORS, "__version__"]


def __getattr__(name: str) -> Any:
    if name in SUBJECTS:
        value = importlib.import_module(f".{SUBJECTS[name]}", __name__)
    elif name in ERRORS:
        value = getattr(importlib.import_module(".errors", __name__), name)
    elif name in HELPERS:
        value = getattr(importlib.import_module(".notebook", __name__), name)
    else:
        raise AttributeError(f"module 'sinorussia' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
