"""The execution cache: what a notebook's cache key hashes, and the records beside each executed notebook.

A notebook is executed again only when its cache key changes. The key hashes
  * its source (cell types, sources and tags; not outputs or metadata),
  * the parameters it is given (notebooks/parameters.yaml and `-p name=value`),
  * the library (lib/sinorussia/**/*.py and styles/, except report/: the machinery that runs the
    chapters from outside never runs inside a notebook),
  * the data it may read (data/processed/*.csv, data/curated/**, data/catalog.yaml, seeds/*.yaml),
  * the kernel name and the keys of the notebooks it depends on (`depends_on:` in parameters.yaml).

    build/executed/NN_slug.ipynb        the executed notebook
    build/executed/NN_slug.cache.json   its record: key, parameters and where they came from, timing
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .. import paths
from ..fsio import atomic_write_text
from .notebooks import NotebookInfo

# Bump when a change to the machinery alters what an executed notebook contains (invalidates every cache entry).
PIPELINE_VERSION = "1"


def hash_files(h: Any, files: list[Path], base: Path) -> None:
    """Feed each file's path (relative to `base`) and content hash into `h`, in a stable order; skip unreadable ones."""
    for f in sorted(files):
        try:
            data = f.read_bytes()
        except OSError:
            continue
        h.update(str(f.relative_to(base)).encode() + b"\0")
        h.update(hashlib.sha256(data).digest())


def library_files() -> list[Path]:
    """The library files a notebook may run: every module and style except report/, the machinery that runs
    the chapters from outside (editing it must not re-execute them; build's page key covers it instead)."""
    pkg = paths.PACKAGE_DIR
    files = [p for p in pkg.rglob("*.py") if (pkg / "report") not in p.parents]
    files += [p for p in (pkg / "styles").rglob("*") if p.is_file()]
    return [p for p in files if "__pycache__" not in p.parts]


def data_files() -> list[Path]:
    """The data a notebook may read: processed tables, curated files, seeds and the raw catalog."""
    files = list(paths.PROCESSED_DIR.glob("*.csv"))
    if paths.CURATED_DIR.is_dir():
        files += [p for p in paths.CURATED_DIR.rglob("*") if p.is_file()]
    files += list(paths.SEEDS_DIR.glob("*.yaml")) + list(paths.SEEDS_DIR.glob("*.yml"))
    if paths.RAW_CATALOG.is_file():
        files.append(paths.RAW_CATALOG)
    return files


def environment_hash() -> str:
    """The library code and the data a notebook may read."""
    h = hashlib.sha256(f"pipeline {PIPELINE_VERSION}\0".encode())
    hash_files(h, library_files() + data_files(), paths.ROOT)
    return h.hexdigest()


def cache_key(info: NotebookInfo, overrides: dict, env_hash: str, kernel: str, dep_keys: list[str]) -> str:
    """One notebook's key: its source, parameters, library + data, kernel and the keys it depends on."""
    blob = json.dumps(
        {"source": info.source_hash, "parameters": overrides, "env": env_hash, "kernel": kernel, "deps": dep_keys},
        sort_keys=True,
        default=repr,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def cache_record_path(build_dir: Path, name: str) -> Path:
    """build/executed/NN_slug.cache.json"""
    return Path(build_dir) / "executed" / f"{name}.cache.json"


def executed_path(build_dir: Path, name: str) -> Path:
    """build/executed/NN_slug.ipynb"""
    return Path(build_dir) / "executed" / f"{name}.ipynb"


def read_cache_record(build_dir: Path, name: str) -> dict | None:
    """The record of a notebook's last successful execution, None when there is none (or it is unreadable)."""
    try:
        return json.loads(cache_record_path(build_dir, name).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def write_cache_record(build_dir: Path, name: str, record: dict) -> None:
    """Written after the executed notebook is in place, so a record always describes a notebook that exists."""
    atomic_write_text(cache_record_path(build_dir, name), json.dumps(record, indent=1, default=repr))


def is_current(build_dir: Path, name: str, key: str) -> bool:
    """The executed notebook exists and was made from inputs with this key."""
    rec = read_cache_record(build_dir, name)
    return rec is not None and rec.get("key") == key and executed_path(build_dir, name).is_file()
