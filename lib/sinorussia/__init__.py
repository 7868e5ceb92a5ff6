"""sinorussia — the helper library of the Russia–China workbook.

The folders follow the pipeline:
    raw/        the catalog of public files and fetching them (data/raw/, git-ignored)
    processed/  builders that turn raw files into validated tables (data/processed/, committed)
    analysis/   indicators, claim checks and scenario models used by the notebooks
    report/     the visual identity, notebook set-up, and the papermill/nbconvert report pipeline

Notebooks need `setup()` once at the top and `load(name)` for any table; the other names below
are helpers for charts, prose and parameter checks.
"""
from __future__ import annotations

import importlib
import warnings

# tqdm (imported by a dependency) warns in kernels without ipywidgets; the workbook shows no progress bars
warnings.filterwarnings("ignore", message="IProgress not found")

__version__ = "0.1.0"

# name -> module that defines it; imported on first use, so the command line starts fast
_EXPORTS = {
    "load": "processed.load", "table_names": "processed.load", "source_text": "processed.provenance",
    "setup": "report.notebook", "say": "report.notebook", "usd": "report.notebook", "pct": "report.notebook",
    "check_years": "report.notebook", "check_choices": "report.notebook", "check_probability": "report.notebook",
    "check_range": "report.notebook", "join_words": "report.notebook", "figure_title": "report.style",
    "colour": "report.style", "finding_title": "report.style", "source_line": "report.style",
    "ACTOR_NAMES": "report.style", "year_axis": "report.style", "percent_axis": "report.style",
    "CATEGORY_COLOURS": "report.style", "colours_for": "report.style", "name": "report.style", "ParameterError": "errors", "WorkbookError": "errors",
}
__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sinorussia' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
