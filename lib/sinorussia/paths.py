"""Every path the workbook uses, resolved from this package's location (never the working directory)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parents[1]  # lib/sinorussia -> lib -> repository root

DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
CURATED_DIR = DATA_DIR / "curated"
RAW_CATALOG = DATA_DIR / "catalog.yaml"
TABLE_CATALOG_MD = DATA_DIR / "CATALOG.md"

NOTEBOOKS_DIR = ROOT / "notebooks"
SEEDS_DIR = ROOT / "seeds"
BUILD_DIR = ROOT / "build"
STYLE_FILE = PACKAGE_DIR / "styles" / "sinorussia.mplstyle"

# Environment variable naming a local folder laid out as <owner>/<repo>/<commit>/<path>.
MIRROR_ENV = "SINORUSSIA_MIRROR"
