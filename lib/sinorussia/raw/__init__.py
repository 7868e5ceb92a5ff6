"""Stage 1 — raw: the catalog of public files and fetching them, checksummed, into data/raw/."""

from .catalog import RawFile, raw_catalog, raw_file
from .fetcher import fetch, fetch_all, raw_path

__all__ = ["RawFile", "raw_catalog", "raw_file", "fetch", "fetch_all", "raw_path"]
