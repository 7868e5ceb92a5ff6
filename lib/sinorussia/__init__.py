"""sinorussia — the helper library of the Russia–China workbook.

The folders follow the pipeline:
    raw/        the catalog of public files and fetching them (data/raw/, git-ignored)
    processed/  builders that turn raw files into validated tables (data/processed/, committed)
    analysis/   indicators, claim checks and scenario models used by the notebooks
    report/     the visual identity, notebook set-up, and the papermill/nbconvert report pipeline

Notebooks need two names: `setup()` once at the top, and `load(name)` for any table.
"""
from .processed.load import load, table_names

__version__ = "0.1.0"
__all__ = ["load", "table_names", "setup", "__version__"]


def setup(*args, **kwargs):
    """The one set-up call at the top of each notebook (see sinorussia.report.notebook.setup)."""
    from .report.notebook import setup as _setup

    return _setup(*args, **kwargs)
